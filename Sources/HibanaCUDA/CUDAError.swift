/// Errors of the CUDA layer. Every case names what failed so that a user (or the next engineer
/// on a GPU machine) can act on it without a debugger.
public enum CUDAError: Error, Equatable, CustomStringConvertible {
    /// A library the backend needs could not be loaded (no driver, no NVRTC, missing symbol).
    case unavailable(library: String, reason: String)
    /// The driver loaded but there is no usable device.
    case noDevice(reason: String)
    /// A driver or NVRTC call returned an error code.
    case call(function: String, code: Int32, message: String)
    /// NVRTC rejected a generated kernel: the model and kernel it belongs to, NVRTC's log and the
    /// source with line numbers, so the offending line can be read in the message itself.
    case compile(models: [String], kernel: String, log: String, numberedSource: String)

    public var description: String {
        switch self {
        case let .unavailable(library, reason):
            return "CUDA unavailable: \(library) \(reason); --backend cuda needs an NVIDIA GPU with its driver "
                + "(and NVRTC, e.g. pip install nvidia-cuda-nvrtc-cu12, or set HIBANA_NVRTC to libnvrtc.so.12 or .13)"
        case let .noDevice(reason):
            return "CUDA unavailable: \(reason)"
        case let .call(function, code, message):
            return "CUDA error in \(function): \(message) (code \(code))"
        case let .compile(models, kernel, log, numberedSource):
            return "GPU kernel '\(kernel)' (models: \(models.joined(separator: ", "))) does not compile:\n"
                + log.trimmingTrailingNewlines() + "\n--- source ---\n" + numberedSource
        }
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var s = Substring(self)
        while s.last == "\n" || s.last == "\r" || s.last == "\0" { s = s.dropLast() }
        return String(s)
    }

    /// The text with each line prefixed by its 1-based number, as compilers report them.
    public func numberedLines() -> String {
        let lines = split(separator: "\n", omittingEmptySubsequences: false)
        let width = String(lines.count).count
        return lines.enumerated().map { i, line in
            let n = String(i + 1)
            return String(repeating: " ", count: width - n.count) + n + "  " + line
        }.joined(separator: "\n")
    }
}
