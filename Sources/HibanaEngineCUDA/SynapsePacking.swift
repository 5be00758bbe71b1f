import HibanaBuild
import HibanaDescription
import HibanaModels

/// A static synapse's target and delay in one word of 24 or 32 bits: the target's global id in
/// the low `targetBits` (as few as the network's neurons need), the delay in steps above it. The
/// word is stored as two arrays, its low 16 bits and its high 8 (or, when the network needs more
/// than 24 bits, 16), so with its Float weight a synapse is 7 (or 8) bytes, and a spike's
/// synapses are one contiguous scan with no per-delay runs. The full microcircuit (77,169
/// neurons: 17 bits; delays up to 75 steps: 7 bits) fits 24 bits.
struct SynapsePacking: Equatable {
    let targetBits: Int
    /// Whether the word's high part takes 16 bits (8 otherwise).
    let wide: Bool

    /// The packing for `neuronCount` neurons and delays of at most `longestDelay` steps; nil when
    /// they need more than 32 bits.
    init?(neuronCount: Int, longestDelay: Int) {
        targetBits = Swift.max(1, Self.bits(neuronCount - 1))
        let bits = targetBits + Self.bits(longestDelay)
        guard bits <= 32 else { return nil }
        wide = bits > 24
    }

    /// The packing of `spec`'s static synapses, from the delay distributions' upper bounds
    /// (finite: `NetworkValidator` caps them), so the GPU can build them in this format.
    init?(_ spec: NetworkSpec) {
        var longest = 1
        for p in spec.projections {
            guard case .population = p.source, (try? NetworkBuilder.fillsStaticStore(p)) == true else { continue }
            longest = Swift.max(longest, delaySteps(p.delay.upperBound, spec.resolution))
        }
        self.init(neuronCount: spec.populations.reduce(0) { $0 + $1.count }, longestDelay: longest)
    }

    private static func bits(_ x: Int) -> Int { Int.bitWidth - Swift.max(0, x).leadingZeroBitCount }

    var targetMask: UInt32 { UInt32(truncatingIfNeeded: (1 << targetBits) - 1) }
    /// The longest delay a word holds, in steps.
    var maxDelay: Int { (1 << ((wide ? 32 : 24) - targetBits)) - 1 }
    var bytesPerSynapse: Int { wide ? 8 : 7 }

    func word(target: UInt32, delay: Int) -> UInt32 { target | UInt32(delay) << UInt32(targetBits) }
    func target(_ word: UInt32) -> Int { Int(word & targetMask) }
    func delay(_ word: UInt32) -> Int { Int(word >> UInt32(targetBits)) }

    /// Why `spec` cannot run on the GPU, if its synapses do not fit a word.
    static func problem(_ spec: NetworkSpec) -> String? {
        guard SynapsePacking(spec) == nil else { return nil }
        return "the cuda backend packs a synapse's target and delay into 32 bits, and this network's "
            + "\(spec.populations.reduce(0) { $0 + $1.count }) neurons and delays need more; use --backend cpu or shorter delays"
    }
}
