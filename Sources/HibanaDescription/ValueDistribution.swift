/// A value that is constant or drawn per neuron / per connection, with NEST's names
/// (`nest.random.normal`, `lognormal`, `uniform`, and `nest.math.redraw` for the clipped normal).
public enum ValueDistribution: Equatable, Sendable {
    case constant(Double)
    /// Normal with mean and standard deviation.
    case normal(mean: Double, std: Double)
    /// exp(N(mu, sigma)): `mean` and `std` are those of the underlying normal, as in NEST.
    case lognormal(mean: Double, std: Double)
    /// Uniform on [min, max).
    case uniform(min: Double, max: Double)
    /// Normal redrawn until it falls in [min, max] (NEST's `redraw`; the microcircuit's weights and delays).
    case normalClipped(mean: Double, std: Double, min: Double, max: Double)

    /// The smallest value the distribution can produce (used for minimum-delay bounds).
    public var lowerBound: Double {
        switch self {
        case let .constant(v): return v
        case .normal: return -.infinity
        case .lognormal: return 0
        case let .uniform(lo, _): return lo
        case let .normalClipped(_, _, lo, _): return lo
        }
    }

    /// The largest value the distribution can produce (used for weight-sign checks).
    public var upperBound: Double {
        switch self {
        case let .constant(v): return v
        case .normal, .lognormal: return .infinity
        case let .uniform(_, hi): return hi
        case let .normalClipped(_, _, _, hi): return hi
        }
    }

    /// Checks the distribution's own arguments; `what` names the value in the message.
    public func validate(_ what: String, owner: String) throws {
        func bad(_ reason: String) -> HibanaError {
            .invalidProjection(projection: owner, reason: "\(what): \(reason)")
        }
        switch self {
        case let .constant(v):
            if !v.isFinite { throw bad("value must be finite (got \(v))") }
        case let .normal(mean, std), let .lognormal(mean, std):
            if !mean.isFinite || !(std >= 0) || !std.isFinite {
                throw bad("needs a finite mean and std ≥ 0 (got mean \(mean), std \(std))")
            }
        case let .uniform(lo, hi):
            if !(lo < hi) || !lo.isFinite || !hi.isFinite { throw bad("uniform needs min < max (got \(lo), \(hi))") }
        case let .normalClipped(mean, std, lo, hi):
            if !mean.isFinite || !(std >= 0) || !(lo < hi) {
                throw bad("clipped normal needs std ≥ 0 and min < max (got mean \(mean), std \(std), min \(lo), max \(hi))")
            }
        }
    }
}
