/// Static-synapse events waiting for their arrival step: (target << 32 | Float32 weight bits),
/// appended by delivery in delivery order and added to the ring when the step comes.
///
/// Why: at 10^5 neurons and delays of up to 75 steps, the ring (slots × neurons × 16 bytes) is
/// tens of megabytes per thread, and writing each event into it at delivery is one cache miss
/// per event. Queued, delivery writes sequentially, and the events of a step meet one ring slot
/// that the step's neuron update is about to read anyway (a few hundred kilobytes, in cache).
/// The sums keep their bits: each slot's events are added in the order they were delivered.
struct SpikeEventQueue {
    private(set) var events: UnsafeMutablePointer<UInt64>
    private(set) var count = 0
    private var capacity: Int

    init() {
        capacity = 64
        events = .allocate(capacity: capacity)
    }

    /// Space for `n` more events, returned as the place to write them; `commit(n)` then counts them.
    @inline(__always)
    mutating func reserve(_ n: Int) -> UnsafeMutablePointer<UInt64> {
        if count + n > capacity { grow(to: count + n) }
        return events + count
    }

    @inline(__always)
    mutating func commit(_ n: Int) { count += n }

    private mutating func grow(to needed: Int) {
        let bigger = Swift.max(needed, 2 * capacity)
        let moved = UnsafeMutablePointer<UInt64>.allocate(capacity: bigger)
        moved.moveInitialize(from: events, count: count)
        events.deallocate()
        events = moved
        capacity = bigger
    }

    /// Adds every event to the slot's excitatory (weight ≥ 0) or inhibitory sums, then empties.
    mutating func drain(excitatory ex: UnsafeMutablePointer<Double>, inhibitory inh: UnsafeMutablePointer<Double>) {
        for i in 0..<count {
            let e = events[i]
            let w = Double(Float(bitPattern: UInt32(truncatingIfNeeded: e)))
            let n = Int(e >> 32)
            if w >= 0 { ex[n] += w } else { inh[n] += w }
        }
        count = 0
    }

    /// The queue holding exactly `saved` (a checkpoint's).
    mutating func replace(with saved: [UInt64]) {
        count = 0
        reserve(saved.count).update(from: saved, count: saved.count)
        commit(saved.count)
    }

    func deallocate() { events.deallocate() }

    @inline(__always)
    static func event(target: UInt32, weight: Float) -> UInt64 { UInt64(target) << 32 | UInt64(weight.bitPattern) }
}
