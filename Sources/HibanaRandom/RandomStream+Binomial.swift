#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension RandomStream {
    /// An exact binomial variate: the number of successes in `n` trials of probability `p`.
    ///
    /// With r = min(p, 1 − p) (the draw for r > ½ is n minus a draw for 1 − p): inversion by
    /// sequential search from 0 when n·r < 10 (one uniform), otherwise Hörmann's BTRS transformed
    /// rejection (W. Hörmann 1993, "The generation of binomial random variates", J. Statist.
    /// Comput. Simul. 46:101–110), about 1.15 tries of two uniforms each. n = 0, p = 0 and p = 1
    /// return at once and consume no random numbers.
    ///
    /// - Precondition: n ≥ 0 and 0 ≤ p ≤ 1.
    public mutating func binomial(n: Int, p: Double) -> Int {
        precondition(n >= 0, "binomial: n must be ≥ 0 (got \(n))")
        precondition(p >= 0 && p <= 1, "binomial: p must be in [0, 1] (got \(p))")
        if n == 0 || p == 0 { return 0 }
        if p == 1 { return n }
        if p > 0.5 { return n - binomial(n: n, p: 1 - p) }
        return Double(n) * p < 10 ? binomialInversion(n: n, p: p) : binomialBTRS(n: n, p: p)
    }

    /// Inversion for p ≤ ½ and n·p < 10: P(X = 0) = (1 − p)ⁿ ≥ e^(−14) never underflows, and the
    /// pmf follows p(k+1) = p(k)·(n − k)/(k + 1)·p/(1 − p). As for the Poisson inversion, once the
    /// pmf no longer changes F in double precision the remaining tail goes to the last k.
    mutating func binomialInversion(n: Int, p: Double) -> Int {
        let odds = p / (1 - p)
        let u = uniform()
        var pk = exp(Double(n) * log1p(-p))
        var f = pk
        var k = 0
        while u >= f && k < n {
            pk *= Double(n - k) / Double(k + 1) * odds
            k += 1
            let next = f + pk
            if next == f { break }
            f = next
        }
        return k
    }

    /// Hörmann's BTRS for p ≤ ½ and n·p ≥ 10 (the constants of the paper's algorithm, step 0).
    mutating func binomialBTRS(n: Int, p: Double) -> Int {
        let nd = Double(n)
        let q = 1 - p
        let spq = (nd * p * q).squareRoot()
        let b = 1.15 + 2.53 * spq
        let a = -0.0873 + 0.0248 * b + 0.01 * p
        let c = nd * p + 0.5
        let vr = 0.92 - 4.2 / b
        let alpha = (2.83 + 5.1 / b) * spq
        let lpq = log(p / q)
        let m = ((nd + 1) * p).rounded(.down)
        let h = logFactorial(Int(m)) + logFactorial(n - Int(m))
        while true {
            let u = uniform() - 0.5
            let v = uniform()
            let us = 0.5 - abs(u)
            let kd = ((2 * a / us + b) * u + c).rounded(.down)
            // Also rejects us = 0, where kd = ±∞.
            guard kd >= 0, kd <= nd else { continue }
            let k = Int(kd)
            if us >= 0.07 && v <= vr { return k }
            let lhs = log(v * alpha / (a / (us * us) + b))
            if lhs <= h - logFactorial(k) - logFactorial(n - k) + (kd - m) * lpq { return k }
        }
    }
}
