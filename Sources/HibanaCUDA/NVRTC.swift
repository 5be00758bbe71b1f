#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// NVRTC, CUDA's run-time compiler, loaded at run time. It needs no GPU: CI compiles every
/// generated kernel to PTX with the library from the `nvidia-cuda-nvrtc-cu12` wheel.
public final class NVRTC: @unchecked Sendable {
    // Immutable after init; NVRTC programs are created and destroyed per call.
    typealias Result = Int32
    typealias Program = OpaquePointer?

    let library: DynamicLibrary
    let nvrtcVersion: @convention(c) (UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>) -> Result
    let nvrtcGetErrorString: @convention(c) (Result) -> UnsafePointer<CChar>?
    let nvrtcCreateProgram: @convention(c) (
        UnsafeMutablePointer<Program>, UnsafePointer<CChar>, UnsafePointer<CChar>, Int32,
        UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<UnsafePointer<CChar>?>?
    ) -> Result
    let nvrtcCompileProgram: @convention(c) (Program, Int32, UnsafePointer<UnsafePointer<CChar>?>?) -> Result
    let nvrtcGetProgramLogSize: @convention(c) (Program, UnsafeMutablePointer<Int>) -> Result
    let nvrtcGetProgramLog: @convention(c) (Program, UnsafeMutablePointer<CChar>) -> Result
    let nvrtcGetPTXSize: @convention(c) (Program, UnsafeMutablePointer<Int>) -> Result
    let nvrtcGetPTX: @convention(c) (Program, UnsafeMutablePointer<CChar>) -> Result
    let nvrtcDestroyProgram: @convention(c) (UnsafeMutablePointer<Program>) -> Result

    /// `major.minor` of the loaded NVRTC, part of the kernel cache key.
    public let version: String
    /// The compute capabilities it compiles for, as 75 for compute_75, increasing (CUDA 13
    /// dropped everything below 75); empty when the library cannot say (before CUDA 11.2).
    public let supportedArchitectures: [Int]

    /// Where NVRTC is looked for: `HIBANA_NVRTC` (a file), the toolkits' sonames (CUDA 12 and 13),
    /// then the `nvidia-cuda-nvrtc-cu12` and CUDA 13 `nvidia-cuda-nvrtc` wheels in the usual
    /// Python package folders, virtual environments under /opt included.
    static func candidates(environment: [String: String]) -> [String] {
        var paths = environment["HIBANA_NVRTC"].map { [$0] } ?? []
        paths += ["libnvrtc.so.12", "libnvrtc.so.13", "libnvrtc.so"]
        paths += ["libnvrtc.so.12", "libnvrtc.so.13", "libnvrtc.so"].map { "/usr/local/cuda/lib64/" + $0 }
        let home = environment["HOME"] ?? "/root"
        for wheel in ["nvidia/cuda_nvrtc/lib/libnvrtc.so.12", "nvidia/cu13/lib/libnvrtc.so.13"] {
            for pattern in [
                "/usr/local/lib/python3*/*-packages/\(wheel)", "/usr/lib/python3*/*-packages/\(wheel)",
                "/usr/lib/python3/dist-packages/\(wheel)", "\(home)/.local/lib/python3*/site-packages/\(wheel)",
                "\(home)/.pyenv/versions/*/lib/python3*/site-packages/\(wheel)", "/opt/*/.venv/lib/python3*/site-packages/\(wheel)",
            ] {
                paths += globPaths(pattern)
            }
        }
        return paths
    }

    public init(environment: [String: String] = ProcessEnvironment.current) throws {
        library = try DynamicLibrary(firstOf: Self.candidates(environment: environment), name: "libnvrtc (CUDA 12 or 13)")
        nvrtcVersion = try library.function("nvrtcVersion")
        nvrtcGetErrorString = try library.function("nvrtcGetErrorString")
        nvrtcCreateProgram = try library.function("nvrtcCreateProgram")
        nvrtcCompileProgram = try library.function("nvrtcCompileProgram")
        nvrtcGetProgramLogSize = try library.function("nvrtcGetProgramLogSize")
        nvrtcGetProgramLog = try library.function("nvrtcGetProgramLog")
        nvrtcGetPTXSize = try library.function("nvrtcGetPTXSize")
        nvrtcGetPTX = try library.function("nvrtcGetPTX")
        nvrtcDestroyProgram = try library.function("nvrtcDestroyProgram")
        var major: Int32 = 0, minor: Int32 = 0
        _ = nvrtcVersion(&major, &minor)
        version = "\(major).\(minor)"
        typealias ArchCount = @convention(c) (UnsafeMutablePointer<Int32>) -> Result
        typealias Archs = @convention(c) (UnsafeMutablePointer<Int32>) -> Result
        var count: Int32 = 0
        if let getCount: ArchCount = try? library.function("nvrtcGetNumSupportedArchs"),
           let getArchs: Archs = try? library.function("nvrtcGetSupportedArchs"), getCount(&count) == 0, count > 0 {
            var archs = [Int32](repeating: 0, count: Int(count))
            supportedArchitectures = getArchs(&archs) == 0 ? archs.map(Int.init).sorted() : []
        } else {
            supportedArchitectures = []
        }
    }

    /// The architecture to compile for on a GPU of capability `capability` (90 for 9.0): its own
    /// if NVRTC knows it, else the newest NVRTC knows below it (the driver compiles that PTX for
    /// the newer GPU); nil when NVRTC compiles for nothing this old.
    public func architecture(for capability: Int) -> String? {
        guard !supportedArchitectures.isEmpty else { return "compute_\(capability)" }
        return supportedArchitectures.last { $0 <= capability }.map { "compute_\($0)" }
    }

    public var path: String { library.path }

    /// The outcome of one compilation: PTX on success, NVRTC's log either way.
    public struct Output {
        public let ptx: [UInt8]?
        public let log: String
    }

    /// Compiles `source` (named `name` in NVRTC's messages) with `options`.
    public func compile(_ source: String, name: String, options: [String]) throws -> Output {
        var program: Program = nil
        try check(nvrtcCreateProgram(&program, source, name, 0, nil, nil), "nvrtcCreateProgram")
        defer { _ = nvrtcDestroyProgram(&program) }
        let cOptions = options.map { strdup($0) }
        defer { cOptions.forEach { free($0) } }
        let status = cOptions.map { UnsafePointer($0) }.withUnsafeBufferPointer {
            nvrtcCompileProgram(program, Int32(options.count), $0.baseAddress)
        }
        var logSize = 0
        try check(nvrtcGetProgramLogSize(program, &logSize), "nvrtcGetProgramLogSize")
        var logBytes = [CChar](repeating: 0, count: Swift.max(1, logSize))
        try check(nvrtcGetProgramLog(program, &logBytes), "nvrtcGetProgramLog")
        let log = string(fromC: logBytes)
        // NVRTC_ERROR_COMPILATION = 6: the source is wrong, not the call.
        if status == 6 { return Output(ptx: nil, log: log) }
        try check(status, "nvrtcCompileProgram")
        var size = 0
        try check(nvrtcGetPTXSize(program, &size), "nvrtcGetPTXSize")
        var ptx = [CChar](repeating: 0, count: size)
        try check(nvrtcGetPTX(program, &ptx), "nvrtcGetPTX")
        return Output(ptx: ptx.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, log: log)
    }

    func check(_ code: Result, _ function: String) throws {
        guard code != 0 else { return }
        let text = nvrtcGetErrorString(code).map { String(cString: $0) } ?? "unknown error"
        throw CUDAError.call(function: function, code: code, message: text)
    }
}

/// Paths matching a shell pattern, sorted (newest Python last is good enough: any one works).
func globPaths(_ pattern: String) -> [String] {
    var g = glob_t()
    defer { globfree(&g) }
    guard glob(pattern, 0, nil, &g) == 0 else { return [] }
    return (0..<Int(g.gl_pathc)).compactMap { g.gl_pathv[$0].map { String(cString: $0) } }
}
