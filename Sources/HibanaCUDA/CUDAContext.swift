/// One GPU with its primary context made current: memory, modules and launches go through here.
public final class CUDAContext: @unchecked Sendable {
    // Used from one thread (the simulation's); the driver serialises on the context.
    public let driver: CUDADriver
    public let device: Int32
    /// The GPU: its ordinal among the devices the driver lists, name, capability and memory.
    public let info: CUDADevice
    public var name: String { info.name }
    /// Compute capability, e.g. (9, 0) for an H100/H200.
    public var capability: (major: Int, minor: Int) { info.capability }
    public var ordinal: Int { info.ordinal }

    /// GPU `ordinal` (the first by default), or `CUDAError.noDevice` naming the devices there are.
    public init(driver: CUDADriver, ordinal: Int = 0) throws {
        self.driver = driver
        let devices = try CUDADevice.all(driver: driver)
        guard devices.indices.contains(ordinal) else {
            guard !devices.isEmpty else { throw CUDADevice.noneListed }
            throw CUDAError.noDevice(reason: "there is no GPU \(ordinal) (--gpu); the driver lists \(devices.count): "
                + devices.map(\.description).joined(separator: "; ") + " (CUDA_VISIBLE_DEVICES applies)")
        }
        info = devices[ordinal]
        device = info.handle
        var ctx: OpaquePointer?
        try driver.check(driver.cuDevicePrimaryCtxRetain(&ctx, device), "cuDevicePrimaryCtxRetain")
        try driver.check(driver.cuCtxSetCurrent(ctx), "cuCtxSetCurrent")
    }

    /// Free and total device memory in bytes.
    public func memoryInfo() throws -> (free: Int, total: Int) {
        var free = 0, total = 0
        try driver.check(driver.cuMemGetInfo(&free, &total), "cuMemGetInfo")
        return (free, total)
    }

    public func synchronize() throws { try driver.check(driver.cuCtxSynchronize(), "cuCtxSynchronize") }

    /// Loads PTX (JIT-compiled by the driver for this GPU) and looks up its kernels.
    public func loadModule(ptx: [UInt8]) throws -> CUDAModule {
        var module: OpaquePointer?
        var text = ptx
        if text.last != 0 { text.append(0) }
        try text.withUnsafeBytes { try driver.check(driver.cuModuleLoadData(&module, $0.baseAddress!), "cuModuleLoadData") }
        return CUDAModule(context: self, handle: module)
    }
}

/// A loaded module: kernels by name.
public struct CUDAModule: @unchecked Sendable {
    // The handle lives as long as the context.
    let context: CUDAContext
    let handle: OpaquePointer?

    public func kernel(_ name: String) throws -> CUDAKernel {
        var f: OpaquePointer?
        try context.driver.check(context.driver.cuModuleGetFunction(&f, handle, name), "cuModuleGetFunction(\(name))")
        return CUDAKernel(context: context, name: name, handle: f)
    }
}

/// A kernel ready to launch.
public struct CUDAKernel: @unchecked Sendable {
    // The function handle lives as long as its module.
    let context: CUDAContext
    public let name: String
    let handle: OpaquePointer?

    /// Launches over `threads` threads in blocks of `blockSize` (no-op for 0 threads).
    public func launch(threads: Int, blockSize: Int = 256, _ arguments: KernelArguments) throws {
        guard threads > 0 else { return }
        let blocks = UInt32((threads + blockSize - 1) / blockSize)
        let driver = context.driver
        try arguments.withPointers { params in
            try driver.check(
                driver.cuLaunchKernel(handle, blocks, 1, 1, UInt32(blockSize), 1, 1, 0, nil, params, nil),
                "cuLaunchKernel(\(name))")
        }
    }
}
