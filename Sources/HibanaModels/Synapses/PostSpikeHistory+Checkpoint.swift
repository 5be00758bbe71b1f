/// A neuron's history as values, for checkpoints: saved and restored, the history answers every
/// later query as the one it was read from.
extension PostSpikeHistory {
    public struct NeuronHistory: Sendable {
        public var entries: [Entry]
        public var lastStamp: Int32
        public var kMinus: Double

        public init(entries: [Entry], lastStamp: Int32, kMinus: Double) {
            self.entries = entries
            self.lastStamp = lastStamp
            self.kMinus = kMinus
        }
    }

    public var neuronCount: Int { count }

    public func history(of n: Int) -> NeuronHistory {
        let l = lists[n]
        var live = l.base.map { Array(UnsafeBufferPointer(start: $0 + Int(l.head), count: Int(l.end - l.head))) } ?? []
        if !live.isEmpty { live[live.count - 1].access += l.lastAccess }
        return NeuronHistory(entries: live, lastStamp: l.lastStamp, kMinus: l.kMinus)
    }

    public func restore(_ saved: NeuronHistory, of n: Int) {
        lists[n].base?.deallocate()
        var l = List()
        if !saved.entries.isEmpty {
            let capacity = Swift.max(4, saved.entries.count)
            l.base = .allocate(capacity: capacity)
            l.base!.initialize(from: saved.entries, count: saved.entries.count)
            l.capacity = Int32(capacity)
            l.end = Int32(saved.entries.count)
        }
        l.lastStamp = saved.lastStamp
        l.kMinus = saved.kMinus
        l.previousStamp = saved.entries.count >= 2 ? saved.entries[saved.entries.count - 2].stamp : .min
        lists[n] = l
    }
}
