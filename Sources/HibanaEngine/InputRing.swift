/// The delayed input of one thread's neurons: for each future step (modulo `slots`), the summed
/// excitatory weights, inhibitory weights and device currents per thread-local neuron.
/// Slot-major, so one step's input for a block is three contiguous runs.
final class InputRing: @unchecked Sendable {
    // Owned and touched by one thread only.
    let slots: Int
    let neurons: Int
    let excitatory: UnsafeMutablePointer<Double>
    let inhibitory: UnsafeMutablePointer<Double>
    let current: UnsafeMutablePointer<Double>

    /// Whether device currents arrive here; without them, `current` is one row of zeros that
    /// every step reads and none clears (a third less ring traffic per step).
    let hasCurrents: Bool

    /// Static-synapse events per slot, added to the slot when its step begins (`drainQueued`).
    let queued: UnsafeMutablePointer<SpikeEventQueue>

    init(slots: Int, neurons: Int, currents: Bool = true) {
        self.slots = slots
        self.neurons = neurons
        hasCurrents = currents
        let n = Swift.max(1, slots * neurons)
        let c = currents ? n : Swift.max(1, neurons)
        excitatory = .allocate(capacity: n)
        inhibitory = .allocate(capacity: n)
        current = .allocate(capacity: c)
        for p in [excitatory, inhibitory] { p.initialize(repeating: 0, count: n) }
        current.initialize(repeating: 0, count: c)
        queued = .allocate(capacity: slots)
        for s in 0..<slots { (queued + s).initialize(to: SpikeEventQueue()) }
    }

    /// Values held per receptor buffer, and in the current buffer.
    var receptorValues: Int { Swift.max(1, slots * neurons) }
    var currentValues: Int { hasCurrents ? receptorValues : Swift.max(1, neurons) }

    deinit {
        for p in [excitatory, inhibitory, current] { p.deallocate() }
        for s in 0..<slots { queued[s].deallocate() }
        queued.deallocate()
    }

    /// The queue of the events that arrive at `step`.
    @inline(__always) func queue(_ step: Int) -> UnsafeMutablePointer<SpikeEventQueue> { queued + step % slots }

    /// Adds the queued events of `step` to its slot: before the step's neuron update reads it.
    func drainQueued(step: Int) {
        let base = slot(step)
        queue(step).pointee.drain(excitatory: excitatory + base, inhibitory: inhibitory + base)
    }

    /// The device currents of step k's slot.
    @inline(__always) func currents(_ step: Int) -> UnsafeMutablePointer<Double> {
        hasCurrents ? current + slot(step) : current
    }

    @inline(__always) func slot(_ step: Int) -> Int { (step % slots) * neurons }

    /// Adds a spike's weight to the receptor its sign selects.
    @inline(__always) func addSpike(step: Int, neuron: Int, weight: Double) {
        let i = slot(step) + neuron
        if weight >= 0 { excitatory[i] += weight } else { inhibitory[i] += weight }
    }

    @inline(__always) func addCurrent(step: Int, neuron: Int, value: Double) {
        precondition(hasCurrents, "a current into a ring made without currents")
        current[slot(step) + neuron] += value
    }

    func clear(step: Int) {
        let base = slot(step)
        for p in hasCurrents ? [excitatory, inhibitory, current] : [excitatory, inhibitory] {
            (p + base).update(repeating: 0, count: neurons)
        }
    }
}
