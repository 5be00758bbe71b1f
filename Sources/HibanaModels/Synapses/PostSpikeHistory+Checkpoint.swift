/// A neuron's history as values, for checkpoints: saved and restored, the history answers every
/// later query as the one it was read from.
extension PostSpikeHistory {
    public struct NeuronHistory: Sendable {
        public var entries: [Entry]
        public var recent: Recent

        public init(entries: [Entry], recent: Recent) {
            self.entries = entries
            self.recent = recent
        }
    }

    public var neuronCount: Int { count }

    public func history(of n: Int) -> NeuronHistory {
        let b = buffers[n]
        let live = (Int(b.head)..<Int(b.end)).map { Entry(stamp: b.stamps![$0], kMinus: b.kMinus![$0]) }
        return NeuronHistory(entries: live, recent: recent[n])
    }

    /// Sets neuron n's history.
    public func restore(_ saved: NeuronHistory, of n: Int) {
        entryCount += saved.entries.count - Int(buffers[n].end - buffers[n].head)
        buffers[n].stamps?.deallocate()
        buffers[n].kMinus?.deallocate()
        var b = Buffer()
        if !saved.entries.isEmpty {
            let capacity = Swift.max(4, saved.entries.count)
            b.stamps = .allocate(capacity: capacity)
            b.kMinus = .allocate(capacity: capacity)
            for (i, e) in saved.entries.enumerated() {
                b.stamps![i] = e.stamp
                b.kMinus![i] = e.kMinus
            }
            b.capacity = Int32(capacity)
            b.end = Int32(saved.entries.count)
        }
        buffers[n] = b
        recent[n] = saved.recent
    }
}
