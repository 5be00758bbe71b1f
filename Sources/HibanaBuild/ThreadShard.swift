import HibanaModels

/// Everything one thread owns: a block of every population, the synapses onto those neurons,
/// and the device connections to them. Neurons are numbered thread-locally block after block.
public final class ThreadShard: @unchecked Sendable {
    // Each shard is built, updated and read by one thread at a time; the engine's cycle barrier orders the accesses.
    public let thread: Int
    public let blocks: [any NeuronModel]
    /// Thread-local index of each block's first neuron.
    public let blockOffsets: [Int]
    /// Population index range of each block (indices within the population).
    public let blockRanges: [Range<Int>]
    public let neuronCount: Int
    public let synapses: SynapseStore
    public var devices: [DeviceLinks]

    init(
        thread: Int, blocks: [any NeuronModel], blockRanges: [Range<Int>], synapses: SynapseStore,
        devices: [DeviceLinks]
    ) {
        self.thread = thread
        self.blocks = blocks
        self.blockRanges = blockRanges
        var offsets: [Int] = []
        var next = 0
        for b in blocks {
            offsets.append(next)
            next += b.count
        }
        blockOffsets = offsets
        neuronCount = next
        self.synapses = synapses
        self.devices = devices
    }
}
