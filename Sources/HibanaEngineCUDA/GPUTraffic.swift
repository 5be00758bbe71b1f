import HibanaCUDA

/// The memory a simulation step moves on the GPU, counted from the network's layout and its
/// recorded activity: the numerator of the floor, bytes per step / bandwidth, that a step
/// cannot beat whatever its launches cost. Counted as the kernels touch memory, each byte once
/// (caches ignored):
/// - update, per neuron: every state array read and written, the ring slots read and cleared
///   (4 reals: 32 bytes in double, 16 in float; 6 with current devices); per device link its
///   record (16) and random stream (48); per spike its log entry (8).
/// - delivery, per spike: its log entry and its source's two offsets (24); per static synapse
///   its word and weight (`SynapsePacking.bytesPerSynapse`) and the atomic addition's read and
///   write of the target's ring entry (2 reals); per plastic synapse its update's bytes
///   (`GPUPlasticImage.Projection.bytesPerUpdate`: 36–72).
public struct GPUTraffic: Sendable, Equatable {
    public var update: Double
    public var delivery: Double
    public var total: Double { update + delivery }
}

extension CUDASimulation {
    /// Bytes per step, averaged over the steps run so far (nil before the first).
    public var traffic: GPUTraffic? {
        guard stepIndex > 0 else { return nil }
        let steps = Double(stepIndex)
        let stateBytes = buffers.state.joined().reduce(0) { $0 + $1.bytes }
        let real = precision == .float ? 4 : 8
        let links = image.linkDevice.count
        let spikes = Double(spikeCount) / steps
        let update = Double(2 * stateBytes + (image.hasCurrents ? 6 : 4) * real * image.neuronCount + 64 * links) + 8 * spikes
        let ringAdds = Double(image.packing.bytesPerSynapse + 2 * real) * Double(deliveredSynapses)
        let delivery = 24 * spikes + (ringAdds + Double(plasticBytes)) / steps
        return GPUTraffic(update: update, delivery: delivery)
    }
}

/// The GPU's memory bandwidth as a copy kernel sees it: bytes read and written per second over
/// arrays far larger than its caches.
public enum GPUBandwidth {
    public static let source: KernelSource = {
        var source = KernelSource(name: "hibana_bandwidth")
        source.append(owner: "bandwidth", kernel: "hibana_copy", """
            extern "C" __global__ void hibana_copy(const double* __restrict__ from, double* __restrict__ to, unsigned long long n) {
                size_t stride = (size_t)gridDim.x * blockDim.x;
                for (size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) to[i] = from[i];
            }
            """)
        return source
    }()

    /// Copies `bytes` (two arrays of that size) `repeats` times after one untimed copy; bytes
    /// read and written per second.
    public static func measure(_ backend: CUDABackend, bytes: Int = 1 << 29, repeats: Int = 5) throws -> Double {
        let ctx = backend.context
        let kernel = try ctx.loadModule(ptx: try backend.compiler.ptx(source, architecture: backend.architecture).ptx).kernel("hibana_copy")
        let n = bytes / 8
        let from = try DeviceBuffer<Double>(context: ctx, count: n), to = try DeviceBuffer<Double>(context: ctx, count: n)
        try from.zero()
        // A few waves of 256-thread blocks, each thread striding through the arrays.
        let arguments = KernelArguments().add(from.address).add(to.address).add(UInt64(n))
        let threads = Swift.min(n, 1 << 20)
        try kernel.launch(threads: threads, arguments)
        try ctx.synchronize()
        let clock = ContinuousClock()
        let started = clock.now
        for _ in 0..<repeats { try kernel.launch(threads: threads, arguments) }
        try ctx.synchronize()
        return Double(2 * bytes * repeats) / ((clock.now - started) / .seconds(1))
    }
}
