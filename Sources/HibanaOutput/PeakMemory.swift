#if canImport(Glibc)
import Glibc
#endif

/// The process's peak resident memory.
enum PeakMemory {
    /// VmHWM from /proc/self/status, in bytes; nil where there is no procfs (macOS).
    static func residentBytes() -> Int? {
        #if canImport(Glibc)
        guard let file = fopen("/proc/self/status", "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if let kilobytes = parse(statusLine: text) { return kilobytes * 1024 }
        }
        #endif
        return nil
    }

    /// The kB figure of a line "VmHWM:\t   12345 kB".
    static func parse(statusLine: String) -> Int? {
        guard statusLine.hasPrefix("VmHWM:") else { return nil }
        let digits = statusLine.dropFirst(6).drop { !$0.isASCII || !$0.isNumber }.prefix { $0.isASCII && $0.isNumber }
        return Int(digits)
    }
}
