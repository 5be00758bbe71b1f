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
    /// spike that reaches the synapse between the previous and this presynaptic spike. NEST counts
    /// the whole delay as dendritic: a postsynaptic spike at t reaches the synapse at t + d.
    @inlinable func facilitations(
        _ w: inout Double, target: Int, delay d: Int, tauPlus: Double, history: PostSpikeHistory,
        _ facilitate: (Double, Double) -> Double
    ) {
        let h = history.h
        let last = last, kPlus = kPlus
        history.forEachSpike(neuron: target, after: last - d, upTo: stamp - d) { post in
            let minusDt = Double(last - (post + d)) * h
            w = facilitate(w, kPlus * .exp(minusDt / tauPlus))
        }
    }

    /// The postsynaptic trace K⁻ at this spike's arrival from the postsynaptic side (t − d).
    @inlinable func postTrace(target: Int, delay d: Int, history: PostSpikeHistory) -> Double {
        history.trace(neuron: target, before: stamp - d)
    }

    /// K⁺ after this spike (all-to-all pairing): decayed from the previous spike, plus one.
    @inlinable func nextKPlus(tauPlus: Double, resolution h: Double) -> Double {
        kPlus * .exp(Double(last - stamp) * h / tauPlus) + 1
    }
}
