import HibanaCUDA

/// Opens the GPU backend: the driver first (so that a machine without a GPU gets "CUDA
/// unavailable: libcuda.so.1 not found …"), then a device, then NVRTC and the kernel cache.
public struct CUDABackend: @unchecked Sendable {
    // Holds thread-safe handles only.
    public let context: CUDAContext
    public let compiler: KernelCompiler

    public static func open(environment: [String: String] = ProcessEnvironment.current) throws -> CUDABackend {
        let driver = try CUDADriver(environment: environment)
        let context = try CUDAContext(driver: driver)
        let nvrtc = try NVRTC(environment: environment)
        return CUDABackend(context: context, compiler: KernelCompiler(nvrtc: nvrtc))
    }
}
