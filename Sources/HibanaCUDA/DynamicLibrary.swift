#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A NUL-terminated C buffer as text.
func string(fromC bytes: [CChar]) -> String {
    String(decoding: bytes.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// A shared library opened with dlopen: CUDA is reached at run time only, so the package builds
/// and runs its CPU tests on machines with no CUDA at all.
final class DynamicLibrary: @unchecked Sendable {
    // The handle is never closed: function pointers taken from it live as long as the process.
    let path: String
    private let handle: UnsafeMutableRawPointer

    /// Opens the first of `candidates` that loads; the error lists what was tried.
    init(firstOf candidates: [String], name: String) throws {
        var tried: [String] = []
        for path in candidates {
            if let h = dlopen(path, RTLD_NOW | RTLD_LOCAL) {
                self.path = path
                handle = h
                return
            }
            tried.append(path)
        }
        let reason = dlerror().map { String(cString: $0) } ?? "not found"
        throw CUDAError.unavailable(library: name, reason: "not found (tried \(tried.joined(separator: ", ")); last error: \(reason))")
    }

    /// The symbol as a C function of type `T`.
    func function<T>(_ symbol: String, as type: T.Type = T.self) throws -> T {
        guard let p = dlsym(handle, symbol) else {
            throw CUDAError.unavailable(library: path, reason: "lacks the symbol \(symbol) (driver or NVRTC too old?)")
        }
        return unsafeBitCast(p, to: T.self)
    }
}
