import RealModule

extension ParameterSpec {
    /// NEST's `tau_minus`, a parameter of every neuron (its archiving node): the time constant of
    /// the postsynaptic trace that pair-based STDP synapses read.
    public static let tauMinus = ParameterSpec(
        "tau_minus", 20, "ms", "Time constant of the postsynaptic trace read by STDP synapses", .positive)
}

/// The postsynaptic spikes of one thread's neurons that plastic synapses still need, with the
/// trace K⁻ just after each (NEST's `ArchivingNode`). Times are stamps: a spike in step k has
/// stamp k + 1, time (k + 1) h.
///
/// Only neurons with plastic inputs keep a history. An entry is dropped once every plastic
/// input has read it (an access counter, as in NEST) and a later spike is older than
/// `keepSteps` (max delay + min delay), which `trace(before:)` may still need: memory stays
/// bounded by the rate times the longest presynaptic interval, not by the run length.
public final class PostSpikeHistory: @unchecked Sendable {
    // Owned by one thread: updated in its neuron phase, read in its delivery phase.
    public struct Entry: Sendable {
        public var stamp: Int32
        public var access: UInt32
        public var kMinus: Double
    }

    @usableFromInline var entries: [[Entry]]
    /// Index of each neuron's first live entry (entries before it are dropped lazily).
    @usableFromInline var head: [Int]
    @usableFromInline let tauMinusInverse: [Double]
    @usableFromInline let h: Double
    var kMinus: [Double]
    var lastStamp: [Int]
    /// Plastic synapses reading each neuron's history (NEST's n_incoming).
    let incoming: [UInt32]
    let keepSteps: Int

    public init(tauMinus: [Double], incoming: [UInt32], resolution h: Double, keepSteps: Int) {
        precondition(tauMinus.count == incoming.count)
        entries = Array(repeating: [], count: incoming.count)
        head = Array(repeating: 0, count: incoming.count)
        tauMinusInverse = tauMinus.map { 1 / $0 }
        kMinus = Array(repeating: 0, count: incoming.count)
        lastStamp = Array(repeating: 0, count: incoming.count)
        self.incoming = incoming
        self.h = h
        self.keepSteps = keepSteps
    }

    public func hasInputs(_ neuron: Int) -> Bool { incoming[neuron] > 0 }

    /// Appends a spike of `neuron` (called for neurons with plastic inputs only, in time order).
    public func record(neuron n: Int, stamp: Int) {
        var first = head[n]
        let list = entries[n]
        while list.count - first > 1, list[first].access >= incoming[n], stamp - Int(list[first + 1].stamp) > keepSteps {
            first += 1
        }
        if first > 32 && 2 * first > list.count {
            entries[n].removeFirst(first)
            first = 0
        }
        head[n] = first
        kMinus[n] = kMinus[n] * Self.decay(Double(lastStamp[n] - stamp) * h * tauMinusInverse[n]) + 1
        lastStamp[n] = stamp
        entries[n].append(Entry(stamp: Int32(stamp), access: 0, kMinus: kMinus[n]))
    }

    /// Calls `body` with each spike stamp s of `neuron` in (after, upTo], oldest first, and marks
    /// those entries read once (NEST's `get_history`).
    @inlinable public func forEachSpike(neuron n: Int, after lo: Int, upTo hi: Int, _ body: (Int) -> Void) {
        let first = head[n]
        var i = entries[n].count
        while i > first && Int(entries[n][i - 1].stamp) > hi { i -= 1 }
        let end = i
        while i > first && Int(entries[n][i - 1].stamp) > lo { i -= 1 }
        for j in i..<end {
            entries[n][j].access += 1
            body(Int(entries[n][j].stamp))
        }
    }

    /// K⁻ at stamp t from the spikes strictly before t (NEST's `get_K_value`); 0 without any.
    @inlinable public func trace(neuron n: Int, before t: Int) -> Double {
        var i = entries[n].count
        let first = head[n]
        while i > first {
            let e = entries[n][i - 1]
            if Int(e.stamp) < t { return e.kMinus * Self.decay(Double(Int(e.stamp) - t) * h * tauMinusInverse[n]) }
            i -= 1
        }
        return 0
    }

    /// exp(x), kept in one place so every trace decays with the same function.
    @inlinable static func decay(_ x: Double) -> Double { .exp(x) }

    /// Spikes held now, over all neurons.
    public var entryCount: Int { zip(entries, head).reduce(0) { $0 + $1.0.count - $1.1 } }

    /// Bytes held now: entries (allocated) plus the per-neuron bookkeeping.
    public var bytes: Int {
        entries.reduce(0) { $0 + $1.capacity * MemoryLayout<Entry>.stride } + incoming.count * (8 * 5 + 4)
    }
}
