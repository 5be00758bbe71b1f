import CPrefetch
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
/// Only neurons with plastic inputs keep a history. A synapse reads the spikes that reach it
/// between two presynaptic spikes, so once every plastic input of a neuron has spiked past an
/// entry, and a later spike is older than `keepSteps` (max delay + min delay, which
/// `trace(before:)` may still need), the entry can go: `trim` drops those (the engine computes
/// what every input has passed). Memory stays bounded by the rate times the longest presynaptic
/// interval, not by the run length. Reads change nothing, so delivery only reads the history.
public final class PostSpikeHistory: @unchecked Sendable {
    // Owned by one thread: updated in its neuron phase, read in its delivery phase and trimmed
    // between. Raw storage keeps exclusivity and uniqueness checks out of the per-synapse reads.
    public struct Entry: Sendable, Equatable {
        public var stamp: Int32
        public var kMinus: Double

        public init(stamp: Int32, kMinus: Double) {
            self.stamp = stamp
            self.kMinus = kMinus
        }
    }

    /// A neuron's four latest spike stamps, oldest first (Int32.min where there is none), and K⁻
    /// after the two latest: what nearly every query needs, in half a cache line.
    public struct Recent: Sendable, Equatable {
        public var stamps: (Int32, Int32, Int32, Int32) = (.min, .min, .min, .min)
        public var kMinus: Double = 0
        public var previousKMinus: Double = 0

        public init() {}

        public var last: Int32 { stamps.3 }
        public var previous: Int32 { stamps.2 }
        public var fourth: Int32 { stamps.0 }

        public static func == (a: Recent, b: Recent) -> Bool {
            a.stamps == b.stamps && a.kMinus == b.kMinus && a.previousKMinus == b.previousKMinus
        }
    }

    /// One neuron's entries: live ones are `[head, end)` of `stamps` and `kMinus`.
    struct Buffer {
        var stamps: UnsafeMutablePointer<Int32>?
        var kMinus: UnsafeMutablePointer<Double>?
        var head: Int32 = 0
        var end: Int32 = 0
        var capacity: Int32 = 0
    }

    @usableFromInline let recent: UnsafeMutablePointer<Recent>
    @usableFromInline let stampsOffset = MemoryLayout<Recent>.offset(of: \.stamps)!
    let buffers: UnsafeMutablePointer<Buffer>
    @usableFromInline let tauMinusInverse: UnsafeMutablePointer<Double>
    /// K⁻'s decay when every neuron with inputs has the same tau_minus.
    @usableFromInline let minusDecay: DecayTable?
    @usableFromInline let h: Double
    let count: Int
    /// Plastic synapses reading each neuron's history (NEST's n_incoming).
    let incoming: [UInt32]
    public let keepSteps: Int
    let neuronsWithInputs: Int
    /// Entries held now, and just after the last trim.
    public internal(set) var entryCount = 0
    var keptAtTrim = 0

    public init(tauMinus: [Double], incoming: [UInt32], resolution h: Double, keepSteps: Int) {
        precondition(tauMinus.count == incoming.count)
        count = incoming.count
        recent = .allocate(capacity: Swift.max(1, count))
        recent.initialize(repeating: Recent(), count: count)
        buffers = .allocate(capacity: Swift.max(1, count))
        buffers.initialize(repeating: Buffer(), count: count)
        tauMinusInverse = .allocate(capacity: Swift.max(1, count))
        tauMinusInverse.initialize(from: tauMinus.map { 1 / $0 }, count: count)
        let taus = Set(zip(tauMinus, incoming).filter { $0.1 > 0 }.map { $0.0 })
        minusDecay = taus.count == 1 ? DecayTable(tauInverse: 1 / taus.first!, resolution: h) : nil
        self.incoming = incoming
        neuronsWithInputs = incoming.count { $0 > 0 }
        self.h = h
        self.keepSteps = keepSteps
    }

    deinit {
        for n in 0..<count {
            buffers[n].stamps?.deallocate()
            buffers[n].kMinus?.deallocate()
        }
        recent.deallocate()
        buffers.deallocate()
        tauMinusInverse.deallocate()
    }

    public func hasInputs(_ neuron: Int) -> Bool { incoming[neuron] > 0 }

    /// Appends a spike of `neuron` (called for neurons with plastic inputs only, in time order).
    public func record(neuron n: Int, stamp: Int) {
        var r = recent[n]
        r.stamps = (r.stamps.1, r.stamps.2, r.stamps.3, Int32(stamp))
        r.previousKMinus = r.kMinus
        r.kMinus = r.kMinus * Self.decay(Double(Int(r.stamps.2) - stamp) * h * tauMinusInverse[n]) + 1
        recent[n] = r
        var b = buffers[n]
        if b.end == b.capacity { b = Self.makeRoom(b) }
        b.stamps![Int(b.end)] = Int32(stamp)
        b.kMinus![Int(b.end)] = r.kMinus
        b.end += 1
        buffers[n] = b
        entryCount += 1
    }

    /// A full buffer with room for one more: its live entries moved down if half or more was
    /// trimmed, else into one twice the size.
    static func makeRoom(_ b: Buffer) -> Buffer {
        var b = b
        let live = Int(b.end - b.head)
        if live * 2 <= Int(b.capacity) && b.capacity > 0 {
            b.stamps!.update(from: b.stamps! + Int(b.head), count: live)
            b.kMinus!.update(from: b.kMinus! + Int(b.head), count: live)
        } else {
            let capacity = Swift.max(4, Int(b.capacity) * 2)
            let stamps = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
            let kMinus = UnsafeMutablePointer<Double>.allocate(capacity: capacity)
            if let old = b.stamps, let oldK = b.kMinus {
                stamps.initialize(from: old + Int(b.head), count: live)
                kMinus.initialize(from: oldK + Int(b.head), count: live)
                old.deallocate()
                oldK.deallocate()
            }
            b.stamps = stamps
            b.kMinus = kMinus
            b.capacity = Int32(capacity)
        }
        b.head = 0
        b.end = Int32(live)
        return b
    }

    /// Whether entries doubled since the last trim (and there are more than a few per neuron):
    /// trimming costs a pass over the synapses, so it is done about as often as that doubling.
    public var trimDue: Bool { entryCount > Swift.max(2 * keptAtTrim, 4 * neuronsWithInputs) }

    /// Drops every entry of neuron n with stamp ≤ `passed[n]` (every input has read it) whose
    /// successor is at or before `before` (no `trace(before:)` query can need it); the latest is
    /// always kept.
    public func trim(passed: UnsafePointer<Int32>, before: Int) {
        for n in 0..<count where buffers[n].end - buffers[n].head > 1 {
            var b = buffers[n]
            let s = b.stamps!
            let start = b.head
            while b.end - b.head > 1, s[Int(b.head)] <= passed[n], Int(s[Int(b.head) + 1]) <= before { b.head += 1 }
            entryCount -= Int(b.head - start)
            buffers[n] = b
        }
        keptAtTrim = entryCount
    }

    /// The spike stamps of `neuron` in (after, upTo], oldest first (NEST's `get_history`). Valid
    /// until the neuron's next spike or the next trim.
    @inlinable public func spikes(neuron n: Int, after lo: Int, upTo hi: Int) -> UnsafeBufferPointer<Int32> {
        let r = recent + n
        guard Int(r.pointee.last) > lo else { return UnsafeBufferPointer(start: nil, count: 0) }
        // Usually the window holds only some of the four latest spikes: the entries are not touched.
        let (base, count) =
            Int(r.pointee.fourth) <= lo
            ? ((UnsafeRawPointer(r) + stampsOffset).assumingMemoryBound(to: Int32.self), 4) : entries(of: n)
        var end = count
        while end > 0 && Int(base[end - 1]) > hi { end -= 1 }
        var start = end
        while start > 0 && Int(base[start - 1]) > lo { start -= 1 }
        return UnsafeBufferPointer(start: base + start, count: end - start)
    }

    /// `step` applied to `initial` for each spike stamp of `neuron` in (after, upTo], oldest
    /// first, as `spikes` gives them. When at most the three latest spikes can be in the window
    /// (nearly always), `step` is applied to all three and the results outside the window are
    /// discarded: no branch depends on how many spikes fall in the window, which is random from
    /// one synapse to the next. So `step` must accept any stamp of the neuron (or Int32.min).
    @inlinable public func fold(
        neuron n: Int, after lo: Int, upTo hi: Int, _ initial: Double, _ step: (Double, Int32) -> Double
    ) -> Double {
        let r = recent[n]
        var x = initial
        guard Int(r.fourth) <= lo else {
            for post in spikes(neuron: n, after: lo, upTo: hi) { x = step(x, post) }
            return x
        }
        let (_, third, previous, last) = r.stamps
        let a = step(x, third)
        x = Int(third) > lo && Int(third) <= hi ? a : x
        let b = step(x, previous)
        x = Int(previous) > lo && Int(previous) <= hi ? b : x
        let c = step(x, last)
        return Int(last) > lo && Int(last) <= hi ? c : x
    }

    /// Neuron n's live entry stamps.
    @usableFromInline func entries(of n: Int) -> (UnsafePointer<Int32>, Int) {
        let b = buffers[n]
        return (UnsafePointer(b.stamps! + Int(b.head)), Int(b.end - b.head))
    }

    /// K⁻'s decay table, when every neuron with inputs has the same tau_minus.
    @inlinable public var minusDecayTable: DecayTable? { minusDecay }

    /// Neuron n's four latest spikes and K⁻ after the two latest.
    @inlinable public func latest(_ n: Int) -> Recent { recent[n] }

    /// Asks for neuron n's latest spikes to be brought into cache (ahead of `spikes` and `trace`).
    @inlinable public func prefetch(neuron n: Int) { hb_prefetch(recent + n) }

    /// K⁻ at stamp t from the spikes strictly before t (NEST's `get_K_value`); 0 without any.
    @inlinable public func trace(neuron n: Int, before t: Int) -> Double {
        let r = recent[n]
        // The latest spike before t is nearly always the last or the one before: chosen by
        // selects, not branches. K⁻ is 0 before a neuron's first spike (any decay gives 0 then).
        let useLast = Int(r.last) < t
        guard useLast || Int(r.previous) < t else { return olderTrace(neuron: n, before: t) }
        let stamp = useLast ? r.last : r.previous
        let k = useLast ? r.kMinus : r.previousKMinus
        let steps = t - Int(stamp)
        if let table = minusDecay, steps < DecayTable.size { return k * table.tabulated(steps) }
        return k == 0 ? 0 : k * decay(neuron: n, steps: steps)
    }

    @usableFromInline func olderTrace(neuron n: Int, before t: Int) -> Double {
        let b = buffers[n]
        guard let s = b.stamps else { return 0 }
        var i = Int(b.end)
        while i > Int(b.head) {
            if Int(s[i - 1]) < t { return b.kMinus![i - 1] * decay(neuron: n, steps: t - Int(s[i - 1])) }
            i -= 1
        }
        return 0
    }

    /// K⁻'s decay over `k` steps: exp((−k·h)·τ⁻¹), the same bits from the table or computed.
    @inlinable func decay(neuron n: Int, steps k: Int) -> Double {
        if let table = minusDecay { return table[k] }
        return Self.decay(Double(-k) * h * tauMinusInverse[n])
    }

    /// exp(x), kept in one place so every trace decays with the same function.
    @inlinable static func decay(_ x: Double) -> Double { .exp(x) }

    /// Bytes held now: entry buffers (allocated) plus the per-neuron bookkeeping.
    public var bytes: Int {
        (0..<count).reduce(0) { $0 + Int(buffers[$1].capacity) * 12 }
            + count * (MemoryLayout<Recent>.stride + MemoryLayout<Buffer>.stride + 8 + 4)
            + (minusDecay == nil ? 0 : DecayTable.size * 8)
    }
}
