import Foundation
import XCTest
import Hibana

/// The CUDA emulator of `Tests/cuda-emulator` (a host build of the driver API and NVRTC that
/// runs generated kernels on the CPU), built once per test process with the host's C++ compiler.
/// It lets the GPU backend's host code and kernels run where there is no GPU, CI included.
enum CUDAEmulator {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("cuda-emulator")

    /// The compiler: `CXX`, else the first C++ compiler found.
    static var compiler: String? {
        if let cxx = ProcessInfo.processInfo.environment["CXX"], !cxx.isEmpty { return cxx }
        return ["/usr/bin/c++", "/usr/bin/g++", "/usr/bin/clang++"].first(where: FileManager.default.isExecutableFile)
    }

    /// The library, or why it could not be built.
    static let library: Result<String, Error> = Result {
        guard let cxx = compiler else { throw EmulatorError.build("no C++ compiler (set CXX)") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hibana-cuda-emulator-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let output = dir.appendingPathComponent("libcuda_emulator.so").path
        let shim = sources.appendingPathComponent("kernel_shim.h").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: cxx)
        process.arguments = ["-std=c++17", "-O1", "-shared", "-fPIC", "-DHB_SHIM=\"\\\"\(shim)\\\"\"", "-DHB_CXX=\"\(cxx)\"",
                             "-o", output, sources.appendingPathComponent("cuda_emulator.cpp").path, "-ldl"]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw EmulatorError.build("\(cxx) failed on cuda_emulator.cpp") }
        return output
    }

    enum EmulatorError: Error, CustomStringConvertible {
        case build(String)
        var description: String {
            switch self { case let .build(reason): return "the CUDA emulator could not be built: \(reason)" }
        }
    }

    /// The environment that makes `CUDABackend.open` load the emulator.
    static func environment() throws -> [String: String] {
        let path: String
        do { path = try library.get() } catch {
            // CI sets HIBANA_REQUIRE_EMULATOR: there a missing compiler fails instead of skipping.
            if ProcessInfo.processInfo.environment["HIBANA_REQUIRE_EMULATOR"] != nil { throw error }
            throw XCTSkip("\(error)")
        }
        var environment = ProcessInfo.processInfo.environment
        environment["HIBANA_LIBCUDA"] = path
        environment["HIBANA_NVRTC"] = path
        return environment
    }

    static func backend() throws -> CUDABackend { try CUDABackend.open(environment: try environment()) }
}
