import HibanaCUDA

/// Opens the GPU backend: the driver first (so that a machine without a GPU gets "CUDA
/// unavailable: libcuda.so.1 not found …"), then a device, then NVRTC and the kernel cache.
public struct CUDABackend: @unchecked Sendable {
    // Holds thread-safe handles only.
    public let context: CUDAContext
    public let compiler: KernelCompiler
    /// What kernels are compiled for: the GPU's own architecture, or the newest NVRTC knows below it.
    public let architecture: String

    /// `gpu`: the device's ordinal (`hibana gpus` lists them).
    public static func open(gpu: Int = 0, environment: [String: String] = ProcessEnvironment.current) throws -> CUDABackend {
        let driver = try CUDADriver(environment: environment)
        let context = try CUDAContext(driver: driver, ordinal: gpu)
        let nvrtc = try NVRTC(environment: environment)
        let capability = context.capability.major * 10 + context.capability.minor
        guard let architecture = nvrtc.architecture(for: capability) else {
            throw CUDAError.noDevice(reason:
                "NVRTC \(nvrtc.version) (\(nvrtc.path)) compiles for compute_\(nvrtc.supportedArchitectures.first ?? 0) and newer; "
                    + "\(context.name) is compute_\(capability); use an NVRTC of an older CUDA (HIBANA_NVRTC)")
        }
        return CUDABackend(context: context, compiler: KernelCompiler(nvrtc: nvrtc), architecture: architecture)
    }
}
