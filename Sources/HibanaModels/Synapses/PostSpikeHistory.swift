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
    // Owned by one thread: updated in its neuron phase, read in its delivery phase. Raw storage
    // (one growable buffer per neuron) keeps exclusivity and uniqueness checks out of the
    // per-synapse reads.
    public struct Entry: Sendable {
        public var stamp: Int32
        public var access: UInt32
        public var kMinus: Double

        public init(stamp: Int32, access: UInt32, kMinus: Double) {
            self.stamp = stamp
            self.access = access
            self.kMinus = kMinus
        }
    }

    /// One neuron's entries: live ones are `base[head ..< end]`.
    @usableFromInline struct List {
        @usableFromInline var base: UnsafeMutablePointer<Entry>?
        @usableFromInline var head: Int32 = 0
        @usableFromInline var end: Int32 = 0
        @usableFromInline var capacity: Int32 = 0
        /// The latest spike and K⁻ just after it, beside the bounds so that the common queries
        /// (no new spike since the last presynaptic one, or only the latest) read one cache line.
        @usableFromInline var lastStamp: Int32 = 0
        @usableFromInline var kMinus: Double = 0
        /// The live entry before the latest (Int32.min without one).
        @usableFromInline var previousStamp: Int32 = .min
        /// Reads of the latest entry not yet added to its `access` (added when the next spike comes).
        @usableFromInline var lastAccess: UInt32 = 0
    }

    @usableFromInline let lists: UnsafeMutablePointer<List>
    @usableFromInline let tauMinusInverse: UnsafeMutablePointer<Double>
    @usableFromInline let h: Double
    let count: Int
    /// Plastic synapses reading each neuron's history (NEST's n_incoming).
    let incoming: [UInt32]
    let keepSteps: Int

    public init(tauMinus: [Double], incoming: [UInt32], resolution h: Double, keepSteps: Int) {
        precondition(tauMinus.count == incoming.count)
        count = incoming.count
        lists = .allocate(capacity: Swift.max(1, count))
        lists.initialize(repeating: List(), count: count)
        tauMinusInverse = .allocate(capacity: Swift.max(1, count))
        tauMinusInverse.initialize(from: tauMinus.map { 1 / $0 }, count: count)
        self.incoming = incoming
        self.h = h
        self.keepSteps = keepSteps
    }

    deinit {
        for n in 0..<count { lists[n].base?.deallocate() }
        lists.deallocate()
        tauMinusInverse.deallocate()
    }

    public func hasInputs(_ neuron: Int) -> Bool { incoming[neuron] > 0 }

    /// Appends a spike of `neuron` (called for neurons with plastic inputs only, in time order).
    public func record(neuron n: Int, stamp: Int) {
        var l = lists[n]
        if l.end > l.head {
            l.base![Int(l.end) - 1].access += l.lastAccess
            l.previousStamp = l.lastStamp
        }
        l.lastAccess = 0
        while l.end - l.head > 1, l.base![Int(l.head)].access >= incoming[n],
            stamp - Int(l.base![Int(l.head) + 1].stamp) > keepSteps
        {
            l.head += 1
        }
        if l.end == l.capacity {
            let live = Int(l.end - l.head)
            if live * 2 <= Int(l.capacity) && l.capacity > 0 {
                // Half or more is dropped: move the live entries down instead of growing.
                l.base!.update(from: l.base! + Int(l.head), count: live)
            } else {
                let capacity = Swift.max(4, Int(l.capacity) * 2)
                let grown = UnsafeMutablePointer<Entry>.allocate(capacity: capacity)
                if let old = l.base {
                    grown.initialize(from: old + Int(l.head), count: live)
                    old.deallocate()
                }
                l.base = grown
                l.capacity = Int32(capacity)
            }
            l.head = 0
            l.end = Int32(live)
        }
        l.kMinus = l.kMinus * Self.decay(Double(Int(l.lastStamp) - stamp) * h * tauMinusInverse[n]) + 1
        l.lastStamp = Int32(stamp)
        (l.base! + Int(l.end)).initialize(to: Entry(stamp: Int32(stamp), access: 0, kMinus: l.kMinus))
        l.end += 1
        lists[n] = l
    }

    /// Calls `body` with each spike stamp s of `neuron` in (after, upTo], oldest first, and marks
    /// those entries read once (NEST's `get_history`).
    @inlinable public func forEachSpike(neuron n: Int, after lo: Int, upTo hi: Int, _ body: (Int) -> Void) {
        let l = lists[n]
        guard let e = l.base, l.end > l.head, Int(l.lastStamp) > lo else { return }
        // Only the latest spike in the window (the common case): no entry is touched.
        if Int(l.lastStamp) <= hi && Int(l.previousStamp) <= lo {
            lists[n].lastAccess += 1
            body(Int(l.lastStamp))
            return
        }
        let first = Int(l.head)
        var i = Int(l.end)
        while i > first && Int(e[i - 1].stamp) > hi { i -= 1 }
        let end = i
        while i > first && Int(e[i - 1].stamp) > lo { i -= 1 }
        for j in i..<end {
            e[j].access += 1
            body(Int(e[j].stamp))
        }
    }

    /// K⁻ at stamp t from the spikes strictly before t (NEST's `get_K_value`); 0 without any.
    @inlinable public func trace(neuron n: Int, before t: Int) -> Double {
        let l = lists[n]
        guard let e = l.base, l.end > l.head else { return 0 }
        if Int(l.lastStamp) < t { return l.kMinus * Self.decay(Double(Int(l.lastStamp) - t) * h * tauMinusInverse[n]) }
        var i = Int(l.end)
        while i > Int(l.head) {
            if Int(e[i - 1].stamp) < t {
                return e[i - 1].kMinus * Self.decay(Double(Int(e[i - 1].stamp) - t) * h * tauMinusInverse[n])
            }
            i -= 1
        }
        return 0
    }

    /// exp(x), kept in one place so every trace decays with the same function.
    @inlinable static func decay(_ x: Double) -> Double { .exp(x) }

    /// Spikes held now, over all neurons.
    public var entryCount: Int { (0..<count).reduce(0) { $0 + Int(lists[$1].end - lists[$1].head) } }

    /// Bytes held now: entry buffers (allocated) plus the per-neuron bookkeeping.
    public var bytes: Int {
        (0..<count).reduce(0) { $0 + Int(lists[$1].capacity) * MemoryLayout<Entry>.stride }
            + count * (MemoryLayout<List>.stride + 8 + 4)
    }
}
