import HibanaDescription
import HibanaModels

/// A static synapse's target and delay in one 32-bit word: the target's global id in the low
/// `targetBits` bits (as few as the network's neurons need), the delay in steps above it. With
/// its Float weight a synapse is 8 bytes, and a spike's synapses are one contiguous scan with no
/// per-delay runs. The full microcircuit (77,169 neurons) leaves 15 bits: delays up to 3.2 s at 0.1 ms.
struct SynapsePacking: Equatable {
    let targetBits: Int

    init(neuronCount: Int) {
        targetBits = Swift.max(1, Int.bitWidth - Swift.max(0, neuronCount - 1).leadingZeroBitCount)
    }

    var targetMask: UInt32 { UInt32(truncatingIfNeeded: (1 << targetBits) - 1) }
    /// The longest delay a word holds, in steps.
    var maxDelay: Int { (1 << (32 - targetBits)) - 1 }

    func word(target: UInt32, delay: Int) -> UInt32 { target | UInt32(delay) << UInt32(targetBits) }
    func target(_ word: UInt32) -> Int { Int(word & targetMask) }
    func delay(_ word: UInt32) -> Int { Int(word >> UInt32(targetBits)) }

    /// The refusal of a delay the word cannot hold.
    func tooLong(_ steps: Int, resolution: Double) -> HibanaError {
        .invalidNetwork(reason: "a synaptic delay of \(steps) steps (\(formatNumber(Double(steps) * resolution)) ms) does not fit "
            + "the cuda backend's synapse word, which holds \(maxDelay) steps next to \(targetBits)-bit neuron ids; "
            + "run this network with --backend cpu")
    }
}
