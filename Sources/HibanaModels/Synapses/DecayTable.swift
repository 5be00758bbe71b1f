import RealModule

/// exp(−k h / τ) for a whole number of steps k ≥ 0: the factor by which a trace decays over k
/// steps. Spike times are whole steps, so STDP's traces only ever decay by these factors; the
/// first `size` are tabulated (a lookup instead of an `exp` per synapse update) and the rest
/// computed. Each value is the same bits as the expression it replaces: `divides` picks
/// exp((−k·h)/τ) (the synapse rules' form) or exp((−k·h)·(1/τ)) (the spike history's).
public final class DecayTable: @unchecked Sendable {
    // Immutable after init.
    /// 2048 steps, 205 ms at h = 0.1 ms: beyond ten time constants of every common trace.
    public static let size = 2048

    @usableFromInline let values: UnsafeMutablePointer<Double>
    @usableFromInline let h: Double
    @usableFromInline let tau: Double
    @usableFromInline let divides: Bool

    /// exp((−k·h)/τ).
    public convenience init(tau: Double, resolution h: Double) { self.init(h: h, tau: tau, divides: true) }

    /// exp((−k·h)·τ⁻¹), with the inverse given.
    public convenience init(tauInverse: Double, resolution h: Double) { self.init(h: h, tau: tauInverse, divides: false) }

    private init(h: Double, tau: Double, divides: Bool) {
        self.h = h
        self.tau = tau
        self.divides = divides
        values = .allocate(capacity: Self.size)
        for k in 0..<Self.size { values[k] = Self.compute(k, h: h, tau: tau, divides: divides) }
    }

    deinit { values.deallocate() }

    @inlinable static func compute(_ k: Int, h: Double, tau: Double, divides: Bool) -> Double {
        divides ? .exp(Double(-k) * h / tau) : .exp(Double(-k) * h * tau)
    }

    /// τ of exp((−k·h)/τ), for the GPU's decays past the table (the synapse rules' form only).
    public var timeConstant: Double {
        precondition(divides, "a table built from τ⁻¹")
        return tau
    }

    /// The tabulated values, k = 0 ..< size (for a copy on the GPU).
    public var tabulatedValues: [Double] { Array(UnsafeBufferPointer(start: values, count: Self.size)) }

    /// The decay over `k` steps for 0 ≤ k < size; any other k gives a table value without a
    /// branch (for results that are computed and then discarded).
    @inlinable public func tabulated(_ k: Int) -> Double {
        values[Int(Swift.min(UInt(bitPattern: k), UInt(Self.size - 1)))]
    }

    /// The decay over `k` steps (k ≥ 0).
    @inlinable public subscript(k: Int) -> Double {
        UInt(bitPattern: k) < UInt(Self.size) ? values[k] : Self.compute(k, h: h, tau: tau, divides: divides)
    }
}
