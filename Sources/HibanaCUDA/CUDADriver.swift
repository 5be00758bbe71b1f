/// The CUDA driver API, loaded from libcuda.so.1 at run time. Only the calls the GPU backend
/// makes are declared; versioned symbols (`_v2`) are asked for by name, as the CUDA headers'
/// macros would.
public final class CUDADriver: @unchecked Sendable {
    // Immutable after init; the driver itself is thread-safe for these calls.
    public typealias DevicePointer = UInt64
    typealias Result = Int32
    typealias Handle = OpaquePointer?

    let library: DynamicLibrary
    let cuInit: @convention(c) (UInt32) -> Result
    let cuGetErrorString: @convention(c) (Result, UnsafeMutablePointer<UnsafePointer<CChar>?>) -> Result
    let cuDeviceGetCount: @convention(c) (UnsafeMutablePointer<Int32>) -> Result
    let cuDeviceGet: @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Result
    let cuDeviceGetName: @convention(c) (UnsafeMutablePointer<CChar>, Int32, Int32) -> Result
    let cuDeviceGetAttribute: @convention(c) (UnsafeMutablePointer<Int32>, Int32, Int32) -> Result
    let cuDeviceTotalMem: @convention(c) (UnsafeMutablePointer<Int>, Int32) -> Result
    let cuDriverGetVersion: @convention(c) (UnsafeMutablePointer<Int32>) -> Result
    let cuDevicePrimaryCtxRetain: @convention(c) (UnsafeMutablePointer<Handle>, Int32) -> Result
    let cuCtxSetCurrent: @convention(c) (Handle) -> Result
    let cuCtxSynchronize: @convention(c) () -> Result
    let cuMemAlloc: @convention(c) (UnsafeMutablePointer<DevicePointer>, Int) -> Result
    let cuMemFree: @convention(c) (DevicePointer) -> Result
    let cuMemcpyHtoD: @convention(c) (DevicePointer, UnsafeRawPointer?, Int) -> Result
    let cuMemcpyDtoH: @convention(c) (UnsafeMutableRawPointer?, DevicePointer, Int) -> Result
    let cuMemsetD8: @convention(c) (DevicePointer, UInt8, Int) -> Result
    let cuMemGetInfo: @convention(c) (UnsafeMutablePointer<Int>, UnsafeMutablePointer<Int>) -> Result
    let cuModuleLoadData: @convention(c) (UnsafeMutablePointer<Handle>, UnsafeRawPointer) -> Result
    let cuModuleGetFunction: @convention(c) (UnsafeMutablePointer<Handle>, Handle, UnsafePointer<CChar>) -> Result
    let cuLaunchKernel: @convention(c) (
        Handle, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, Handle,
        UnsafeMutablePointer<UnsafeMutableRawPointer?>?, UnsafeMutablePointer<UnsafeMutableRawPointer?>?
    ) -> Result
    /// CUDA graphs (driver 11.4 and later); nil when the driver lacks them.
    let graphs: GraphCalls?

    struct GraphCalls {
        let create: @convention(c) (UnsafeMutablePointer<Handle>, UInt32) -> Result
        /// cuGraphAddKernelNode with CUDA_KERNEL_NODE_PARAMS v1 (`KernelNodeParameters`).
        let addKernelNode: @convention(c) (
            UnsafeMutablePointer<Handle>, Handle, UnsafePointer<Handle>?, Int, UnsafeRawPointer
        ) -> Result
        let instantiate: @convention(c) (UnsafeMutablePointer<Handle>, Handle, UInt64) -> Result
        let launch: @convention(c) (Handle, Handle) -> Result
        let destroyExec: @convention(c) (Handle) -> Result
        let destroy: @convention(c) (Handle) -> Result
    }

    /// Where libcuda is looked for: the soname the driver package installs, then `HIBANA_LIBCUDA`.
    static func candidates(environment: [String: String]) -> [String] {
        (environment["HIBANA_LIBCUDA"].map { [$0] } ?? []) + ["libcuda.so.1", "libcuda.so"]
    }

    /// Loads the driver and initialises it; throws `CUDAError.unavailable` without one.
    public init(environment: [String: String] = ProcessEnvironment.current) throws {
        library = try DynamicLibrary(firstOf: Self.candidates(environment: environment), name: "libcuda.so.1")
        cuInit = try library.function("cuInit")
        cuGetErrorString = try library.function("cuGetErrorString")
        cuDeviceGetCount = try library.function("cuDeviceGetCount")
        cuDeviceGet = try library.function("cuDeviceGet")
        cuDeviceGetName = try library.function("cuDeviceGetName")
        cuDeviceGetAttribute = try library.function("cuDeviceGetAttribute")
        cuDeviceTotalMem = try library.function("cuDeviceTotalMem_v2")
        cuDriverGetVersion = try library.function("cuDriverGetVersion")
        cuDevicePrimaryCtxRetain = try library.function("cuDevicePrimaryCtxRetain")
        cuCtxSetCurrent = try library.function("cuCtxSetCurrent")
        cuCtxSynchronize = try library.function("cuCtxSynchronize")
        cuMemAlloc = try library.function("cuMemAlloc_v2")
        cuMemFree = try library.function("cuMemFree_v2")
        cuMemcpyHtoD = try library.function("cuMemcpyHtoD_v2")
        cuMemcpyDtoH = try library.function("cuMemcpyDtoH_v2")
        cuMemsetD8 = try library.function("cuMemsetD8_v2")
        cuMemGetInfo = try library.function("cuMemGetInfo_v2")
        cuModuleLoadData = try library.function("cuModuleLoadData")
        cuModuleGetFunction = try library.function("cuModuleGetFunction")
        cuLaunchKernel = try library.function("cuLaunchKernel")
        graphs = try? GraphCalls(
            create: library.function("cuGraphCreate"), addKernelNode: library.function("cuGraphAddKernelNode"),
            instantiate: library.function("cuGraphInstantiateWithFlags"), launch: library.function("cuGraphLaunch"),
            destroyExec: library.function("cuGraphExecDestroy"), destroy: library.function("cuGraphDestroy"))
        let status = cuInit(0)
        if status != 0 { throw CUDAError.noDevice(reason: "cuInit failed: \(message(status)) (code \(status))") }
    }

    /// The library loaded.
    public var path: String { library.path }

    /// The CUDA version the driver supports, e.g. "12.8".
    public func version() throws -> String {
        var v: Int32 = 0
        try check(cuDriverGetVersion(&v), "cuDriverGetVersion")
        return "\(v / 1000).\(v % 1000 / 10)"
    }

    func message(_ code: Result) -> String {
        var text: UnsafePointer<CChar>?
        _ = cuGetErrorString(code, &text)
        return text.map { String(cString: $0) } ?? "unknown error"
    }

    /// Throws `CUDAError.call` naming `function` when `code` is not CUDA_SUCCESS.
    func check(_ code: Result, _ function: String) throws {
        if code != 0 { throw CUDAError.call(function: function, code: code, message: message(code)) }
    }
}
