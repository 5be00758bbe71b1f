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
    /// Plastic synapses, one store per plastic projection, in projection order.
    public let plastic: [PlasticStore]
    /// The postsynaptic spikes plastic synapses still need (empty for neurons without plastic inputs).
    public let postHistory: PostSpikeHistory
    public var devices: [DeviceLinks]

    init(
        thread: Int, blocks: [any NeuronModel], blockRanges: [Range<Int>], synapses: SynapseStore,
        plastic: [PlasticStore], postHistory: PostSpikeHistory, devices: [DeviceLinks]
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
        self.plastic = plastic
        self.postHistory = postHistory
        self.devices = devices
    }

    /// Static and plastic synapses onto this shard's neurons, and their bytes.
    public var synapseCount: Int { synapses.count + plastic.reduce(0) { $0 + $1.count } }
    public var synapseBytes: Int { synapses.bytes + plastic.reduce(0) { $0 + $1.bytes } }

    /// The global id of thread-local neuron `local`.
    public func gid(ofLocal local: Int, layout: NetworkLayout) -> Int {
        for b in blocks.indices where local >= blockOffsets[b] && local < blockOffsets[b] + blocks[b].count {
            return layout.populationOffsets[b] + blockRanges[b].lowerBound + local - blockOffsets[b]
        }
        preconditionFailure("thread-local neuron \(local) out of range")
    }
}
