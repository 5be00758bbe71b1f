#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RealModule

/// C's pow, as NEST's std::pow: pow(0, 0) = 1, where swift-numerics' `Double.pow` gives NaN
/// (an additive rule, mu = 0, at the weight bound needs 1).
/// The exponents 0 and 1 of additive and multiplicative rules skip the call: same result, 20 ns less.
@inlinable public func libmPow(_ x: Double, _ y: Double) -> Double { y == 1 ? x : y == 0 ? 1 : pow(x, y) }

/// A pair-based rule: its only state per source is the presynaptic trace K⁺ (the `Kplus`
/// parameter), which each spike carries at the previous spike and which decays by `plusDecay`.
public protocol PairBasedRule: SynapseRule where Spike == PairBasedSpike {
    /// K⁺'s decay per whole step.
    var plusDecay: DecayTable { get }
}

extension PairBasedRule {
    public static var sourceState: [String] { ["Kplus"] }

    @inlinable public func begin(_ source: UnsafeMutablePointer<Double>, last: Int, stamp: Int) -> PairBasedSpike {
        PairBasedSpike(last: last, stamp: stamp, kPlus: source[0])
    }

    @inlinable public func end(_ source: UnsafeMutablePointer<Double>, _ spike: PairBasedSpike) {
        source[0] = spike.nextKPlus(plusDecay)
    }
}

/// A presynaptic spike as pair-based STDP rules see it: its stamp, the previous one (0 before
/// the first, NEST's t_lastspike) and the presynaptic trace K⁺ at that previous spike.
public struct PairBasedSpike {
    public let last: Int
    public let stamp: Int
    public let kPlus: Double

    @inlinable init(last: Int, stamp: Int, kPlus: Double) {
        self.last = Swift.max(0, last)
        self.stamp = stamp
        self.kPlus = kPlus
    }

    /// Applies `facilitate(w, K⁺ at the postsynaptic spike's arrival)` for every postsynaptic
    /// spike that reaches the synapse between the previous and this presynaptic spike; `plusDecay`
    /// is K⁺'s decay per step. NEST counts the whole delay as dendritic: a postsynaptic spike at t
    /// reaches the synapse at t + d.
    @inlinable func facilitations(
        _ w: inout Double, target: Int, delay d: Int, plusDecay: DecayTable, history: PostSpikeHistory,
        _ facilitate: (Double, Double) -> Double
    ) {
        let last = last, kPlus = kPlus
        guard stamp - last < DecayTable.size else {
            for post in history.spikes(neuron: target, after: last - d, upTo: stamp - d) {
                w = facilitate(w, kPlus * plusDecay[Int(post) + d - last])
            }
            return
        }
        // Every spike in the window is within the table (its decay is over at most stamp − last
        // steps), so `fold` may try stamps outside it.
        w = history.fold(neuron: target, after: last - d, upTo: stamp - d, w) { w, post in
            facilitate(w, kPlus * plusDecay.tabulated(Int(post) + d - last))
        }
    }

    /// The postsynaptic trace K⁻ at this spike's arrival from the postsynaptic side (t − d).
    @inlinable func postTrace(target: Int, delay d: Int, history: PostSpikeHistory) -> Double {
        history.trace(neuron: target, before: stamp - d)
    }

    /// K⁺ after this spike (all-to-all pairing): decayed from the previous spike, plus one.
    @inlinable func nextKPlus(_ plusDecay: DecayTable) -> Double {
        kPlus * plusDecay[stamp - last] + 1
    }
}
