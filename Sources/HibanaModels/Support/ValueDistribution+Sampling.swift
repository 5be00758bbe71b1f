import HibanaDescription
import HibanaRandom
import RealModule

extension ValueDistribution {
    /// One draw. The clipped normal redraws until the value falls in [min, max] (NEST's `redraw`);
    /// `validate` has refused ranges with too little probability mass for that to terminate quickly.
    @inlinable
    public func sample(_ s: inout RandomStream) -> Double {
        switch self {
        case let .constant(v): return v
        case let .normal(mean, std): return mean + std * s.normal()
        case let .lognormal(mean, std): return Double.exp(mean + std * s.normal())
        case let .uniform(lo, hi): return lo + (hi - lo) * s.uniform()
        case let .normalClipped(mean, std, lo, hi):
            if std == 0 { return Swift.min(Swift.max(mean, lo), hi) }
            while true {
                let v = mean + std * s.normal()
                if v >= lo && v <= hi { return v }
            }
        }
    }

    /// Probability mass of [min, max] under the clipped normal (1 for other distributions).
    public var acceptedMass: Double {
        guard case let .normalClipped(mean, std, lo, hi) = self, std > 0 else { return 1 }
        func cdf(_ x: Double) -> Double { 0.5 * Double.erfc(-(x - mean) / (std * 2.0.squareRoot())) }
        return cdf(hi) - cdf(lo)
    }
}
