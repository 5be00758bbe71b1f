/// A CUDA graph of kernel launches, each after the one before, instantiated once and then
/// launched as a whole: one driver call instead of one per kernel, and shorter gaps between the
/// kernels on the GPU. The arguments are copied when a launch is added.
public final class CUDAGraph {
    // Driven from one thread.
    let context: CUDAContext
    let calls: CUDADriver.GraphCalls
    var graph: OpaquePointer?
    var exec: OpaquePointer?
    var last: OpaquePointer?
    public private(set) var launchCount = 0

    /// An empty graph; throws `CUDAError.call` when the driver has no graphs.
    public init(context: CUDAContext) throws {
        self.context = context
        guard let calls = context.driver.graphs else {
            throw CUDAError.call(function: "cuGraphCreate", code: 500, message: "the driver has no CUDA graphs")
        }
        self.calls = calls
        try context.driver.check(calls.create(&graph, 0), "cuGraphCreate")
    }

    deinit {
        if let exec { _ = calls.destroyExec(exec) }
        if let graph { _ = calls.destroy(graph) }
    }

    /// Appends a launch of `kernel` over `threads` threads, after every launch added before.
    public func add(_ kernel: CUDAKernel, threads: Int, blockSize: Int = 256, _ arguments: KernelArguments) throws {
        precondition(exec == nil, "a graph is complete once instantiated")
        guard threads > 0 else { return }
        // CUDA_KERNEL_NODE_PARAMS (v1): function; grid x, y, z; block x, y, z; shared bytes; params; extra.
        var record = [UInt8](repeating: 0, count: 56)
        let blocks = UInt32((threads + blockSize - 1) / blockSize)
        try arguments.withPointers { params in
            try record.withUnsafeMutableBytes { r in
                r.storeBytes(of: UInt(bitPattern: kernel.handle.map { Int(bitPattern: $0) } ?? 0), toByteOffset: 0, as: UInt.self)
                for (i, v) in [blocks, 1, 1, UInt32(blockSize), 1, 1, 0].enumerated() {
                    r.storeBytes(of: v, toByteOffset: 8 + 4 * i, as: UInt32.self)
                }
                r.storeBytes(of: UInt(bitPattern: params), toByteOffset: 40, as: UInt.self)
                var node: OpaquePointer?
                let status = withUnsafePointer(to: last) { previous in
                    calls.addKernelNode(&node, graph, last == nil ? nil : previous, last == nil ? 0 : 1, r.baseAddress!)
                }
                try context.driver.check(status, "cuGraphAddKernelNode(\(kernel.name))")
                last = node
            }
        }
        launchCount += 1
    }

    /// Runs the whole graph (instantiated on first use) on the default stream.
    public func launch() throws {
        if exec == nil { try context.driver.check(calls.instantiate(&exec, graph, 0), "cuGraphInstantiateWithFlags") }
        try context.driver.check(calls.launch(exec, nil), "cuGraphLaunch")
    }
}
