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

    init(slots: Int, neurons: Int) {
        self.slots = slots
        self.neurons = neurons
        let n = Swift.max(1, slots * neurons)
        excitatory = .allocate(capacity: n)
        inhibitory = .allocate(capacity: n)
        current = .allocate(capacity: n)
        for p in [excitatory, inhibitory, current] { p.initialize(repeating: 0, count: n) }
    }

    deinit { for p in [excitatory, inhibitory, current] { p.deallocate() } }

    @inline(__always) func slot(_ step: Int) -> Int { (step % slots) * neurons }

    /// Adds a spike's weight to the receptor its sign selects.
    @inline(__always) func addSpike(step: Int, neuron: Int, weight: Double) {
        let i = slot(step) + neuron
        if weight >= 0 { excitatory[i] += weight } else { inhibitory[i] += weight }
    }

    @inline(__always) func addCurrent(step: Int, neuron: Int, value: Double) {
        current[slot(step) + neuron] += value
    }

    func clear(step: Int) {
        let base = slot(step)
        for p in [excitatory, inhibitory, current] { (p + base).update(repeating: 0, count: neurons) }
    }
}
