#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Exact Poisson variates for one fixed mean, with the per-mean constants computed once: the
/// form a device uses that draws from the same mean for every target in every step
/// (`poisson_generator`, mean = rate · h, typically 0.01–10).
///
/// - Means below `inversionLimit`: inversion by sequential search from 0 (one uniform; for the
///   small means of Poisson input the search almost always stops at 0 or 1). The sampler keeps
///   the cumulative probabilities in a table, so a draw costs one uniform and about μ + 1
///   comparisons.
/// - Larger means: Hörmann's PTRS transformed rejection (W. Hörmann 1993, "The transformed
///   rejection method for generating Poisson random variables", Insurance: Mathematics and
///   Economics 12:39–45), two uniforms per try and about 1.1 tries per variate, whatever the mean.
///
/// `stream.poisson(mean: m)` and `PoissonSampler(mean: m).sample(&stream)` give the same values.
public struct PoissonSampler: Sendable, Equatable {
    /// Below this mean, inversion; at and above it, PTRS (whose constants Hörmann fitted for μ ≥ 10).
    public static let inversionLimit = 10.0

    public let mean: Double
    // Inversion: F(0), F(1), …, as `poissonInversion` accumulates them, up to the k at which the
    // pmf no longer changes F; a uniform above all of them maps to `cdf.count`.
    @usableFromInline let cdf: [Double]
    // Guide table (Chen & Asau 1974): guide[i] = how many entries of `cdf` are ≤ i / guideSize,
    // where the search for a uniform in [i / guideSize, (i + 1) / guideSize) can start — almost
    // always its end, so the search does not stop at a random place (a misprediction per draw).
    @usableFromInline let guide: [UInt8]
    // PTRS constants (Hörmann 1993, algorithm PTRS, step 0); unused below the inversion limit.
    @usableFromInline let a: Double
    @usableFromInline let b: Double
    @usableFromInline let logInvAlpha: Double
    @usableFromInline let vr: Double
    @usableFromInline let logMean: Double

    /// - Precondition: `mean` is finite and ≥ 0 (a library bug otherwise: user rates are
    ///   validated where they are read).
    public init(mean: Double) {
        precondition(mean >= 0 && mean.isFinite, "Poisson mean must be finite and ≥ 0 (got \(mean))")
        self.mean = mean
        if mean < Self.inversionLimit {
            var cdf: [Double] = []
            _ = poissonInversion(mean: mean, u: 1) { cdf.append($0) }
            self.cdf = cdf
            guide = (0..<Self.guideSize).map { i in UInt8(cdf.prefix { $0 <= Double(i) / Double(Self.guideSize) }.count) }
            (a, b, logInvAlpha, vr, logMean) = (0, 0, 0, 0, 0)
        } else {
            cdf = []
            guide = []
            let b = 0.931 + 2.53 * mean.squareRoot()
            self.b = b
            a = -0.059 + 0.024_83 * b
            logInvAlpha = log(1.1239 + 1.1328 / (b - 3.4))
            vr = 0.9277 - 3.6224 / (b - 2)
            logMean = log(mean)
        }
    }

    /// One variate from `s`.
    @inlinable
    public func sample(_ s: inout RandomStream) -> Int {
        guard mean < Self.inversionLimit else { return samplePTRS(&s) }
        return inversion(s.uniform())
    }

    /// Entries of the guide table; a power of two, so u · guideSize is exact.
    public static let guideSize = 128

    /// F(0), F(1), … of `inversion` and its guide table, for callers that draw many variates in
    /// one loop (`inversion(_:cdf:guide:)` on the borrowed buffers).
    public var inversionTable: [Double] { cdf }
    public var inversionGuide: [UInt8] { guide }

    /// The variate that inversion maps the uniform `u` in [0, 1) to: one uniform per variate, so
    /// many streams can be drawn in lockstep. Only for means below `inversionLimit`.
    @inlinable
    public func inversion(_ u: Double) -> Int {
        precondition(mean < Self.inversionLimit, "inversion is for means below \(Self.inversionLimit)")
        return cdf.withUnsafeBufferPointer { cdf in
            guide.withUnsafeBufferPointer { guide in Self.inversion(u, cdf: cdf, guide: guide) }
        }
    }

    /// `inversion(u)` on a sampler's `inversionTable` and `inversionGuide`.
    @inlinable @inline(__always)
    public static func inversion(_ u: Double, cdf: UnsafeBufferPointer<Double>, guide: UnsafeBufferPointer<UInt8>) -> Int {
        var k = Int(guide[Int(u * Double(guideSize))])
        while k < cdf.count && u >= cdf[k] { k += 1 }
        return k
    }

    /// PTRS's constants for a kernel that draws the same variates (`samplePTRS`, written in CUDA
    /// C): μ, a, b, ln(1/α), v_r, ln μ, then ln(k!) for k below 32 (`logFactorial`'s table).
    /// Only for means at or above `inversionLimit`.
    public var ptrsConstants: [Double] {
        precondition(mean >= Self.inversionLimit, "PTRS is for means of \(Self.inversionLimit) and more")
        return [mean, a, b, logInvAlpha, vr, logMean] + logFactorialTable
    }

    /// Hörmann's PTRS: a transformed-rejection proposal k = ⌊(2a/uₛ + b)·U + μ + 0.43⌋, accepted at
    /// once inside the squeeze (uₛ ≥ 0.07, V ≤ v_r), otherwise by comparing with the exact pmf.
    @usableFromInline
    func samplePTRS(_ s: inout RandomStream) -> Int {
        while true {
            let u = s.uniform() - 0.5
            let v = s.uniform()
            let us = 0.5 - abs(u)
            let kd = ((2 * a / us + b) * u + mean + 0.43).rounded(.down)
            if us >= 0.07 && v <= vr { return Int(kd) }
            // kd < 0 also catches us = 0 (kd = −∞); the upper cut keeps Int(kd) representable and
            // rejects nothing that could be accepted (the pmf there is 0 in double precision).
            guard kd >= 0, kd < 0x1p62, !(us < 0.013 && v > us) else { continue }
            let k = Int(kd)
            let lhs = log(v) + logInvAlpha - log(a / (us * us) + b)
            if lhs <= -mean + kd * logMean - logFactorial(k) { return k }
        }
    }
}

/// Inversion by sequential search: the smallest k with u < F(k), calling `visit` with each F(k)
/// passed. The pmf follows p(k) = p(k−1)·μ/k; past the mode, once p(k) no longer changes F in
/// double precision, the rest of the tail (mass below 2⁻⁵³) goes to that last k. The sampler's
/// table and `RandomStream.poisson(mean:)` both come from here, so they agree bit for bit.
@inlinable
func poissonInversion(mean: Double, u: Double, _ visit: (Double) -> Void = { _ in }) -> Int {
    var p = exp(-mean)
    var f = p
    var k = 0
    while u >= f {
        visit(f)
        k += 1
        p *= mean / Double(k)
        let next = f + p
        if next == f { break }
        f = next
    }
    return k
}

extension RandomStream {
    /// An exact Poisson variate with the given mean (finite, ≥ 0): the algorithms of
    /// `PoissonSampler`, which keeps the per-mean constants when one mean is drawn from many times.
    @inlinable
    public mutating func poisson(mean: Double) -> Int {
        precondition(mean >= 0 && mean.isFinite, "Poisson mean must be finite and ≥ 0 (got \(mean))")
        if mean < PoissonSampler.inversionLimit { return poissonInversion(mean: mean, u: uniform()) }
        return PoissonSampler(mean: mean).samplePTRS(&self)
    }
}
