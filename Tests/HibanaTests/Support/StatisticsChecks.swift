import Foundation
import XCTest

/// Sample moments of variates.
struct SampleMoments {
    var count = 0
    var mean = 0.0
    var variance = 0.0

    init(_ values: [Double]) {
        count = values.count
        let n = Double(count)
        mean = values.reduce(0.0, +) / n
        variance = values.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
    }
}

/// Checks the sample mean and variance of `values` against a distribution's mean μ, variance σ²
/// and fourth central moment μ₄. Bounds: 5 standard errors, SE(mean) = √(σ²/n) and
/// SE(s²) = √((μ₄ − σ⁴·(n − 3)/(n − 1))/n) (the exact variance of the sample variance). By the
/// central limit theorem a correct sampler exceeds 5 SE with probability ≈ 6e-7 per check; the
/// seeds are fixed, so a pass is reproducible and a fail points at a real bias.
func assertMoments(
    _ values: [Int], mean mu: Double, variance sigma2: Double, fourthMoment mu4: Double, _ label: String,
    file: StaticString = #filePath, line: UInt = #line
) {
    assertMoments(values.map(Double.init), mean: mu, variance: sigma2, fourthMoment: mu4, label, file: file, line: line)
}

func assertMoments(
    _ values: [Double], mean mu: Double, variance sigma2: Double, fourthMoment mu4: Double, _ label: String,
    file: StaticString = #filePath, line: UInt = #line
) {
    let m = SampleMoments(values)
    let n = Double(m.count)
    if sigma2 == 0 {
        XCTAssertTrue(values.allSatisfy { $0 == mu }, "\(label): a degenerate distribution gave other values", file: file, line: line)
        return
    }
    let seMean = (sigma2 / n).squareRoot()
    XCTAssertLessThanOrEqual(
        abs(m.mean - mu), 5 * seMean, "\(label): mean \(m.mean), expected \(mu) ± 5·\(seMean)", file: file, line: line)
    let seVar = ((mu4 - sigma2 * sigma2 * (n - 3) / (n - 1)) / n).squareRoot()
    XCTAssertLessThanOrEqual(
        abs(m.variance - sigma2), 5 * seVar, "\(label): variance \(m.variance), expected \(sigma2) ± 5·\(seVar)",
        file: file, line: line)
}

/// Upper quantile of the χ² distribution with `df` degrees of freedom at upper-tail probability
/// Φ(−z), by the Wilson–Hilferty cube-root normal approximation (within a few per cent of the
/// exact quantile for df ≥ 3, even this far in the tail: small next to the margin z = 5 leaves).
func chiSquareCritical(df: Int, z: Double = 5) -> Double {
    let d = Double(df)
    let c = 2 / (9 * d)
    return d * pow(1 - c + z * c.squareRoot(), 3)
}

/// Pearson's χ² statistic of integer counts against one common expected count.
func pearsonChiSquare(_ counts: [Int], expected e: Double) -> Double {
    counts.reduce(0.0) { $0 + (Double($1) - e) * (Double($1) - e) / e }
}

/// Pearson's χ² goodness of fit of integer `values` to the pmf `pmf(k)`, k ≥ 0. Bins are 0, 1, …
/// while their expected count is ≥ 20; the tails on either side are pooled so every bin expects
/// at least 20 (the χ² approximation wants ≥ 5). Fails when χ² exceeds the quantile at z = 5
/// (upper-tail probability 3e-7 for a correct sampler).
func assertChiSquareFit(
    _ values: [Int], pmf: (Int) -> Double, upTo maxK: Int, _ label: String,
    file: StaticString = #filePath, line: UInt = #line
) {
    let n = Double(values.count)
    var observed = [Double](repeating: 0, count: maxK + 2)  // last bin: k > maxK
    for v in values { observed[min(v, maxK + 1)] += 1 }
    var expected = (0...maxK).map { n * pmf($0) }
    expected.append(max(0, n - expected.reduce(0, +)))
    // Pool into bins of expected count ≥ 20, scanning from the left; a small remainder joins the last bin.
    var bins: [(o: Double, e: Double)] = []
    var o = 0.0
    var e = 0.0
    for k in 0..<expected.count {
        o += observed[k]
        e += expected[k]
        if e >= 20 {
            bins.append((o, e))
            o = 0
            e = 0
        }
    }
    if e > 0 || o > 0 {
        if bins.isEmpty { bins.append((o, e)) } else { bins[bins.count - 1].o += o; bins[bins.count - 1].e += e }
    }
    let chi2 = bins.reduce(0.0) { $0 + ($1.o - $1.e) * ($1.o - $1.e) / $1.e }
    let df = bins.count - 1
    XCTAssertGreaterThanOrEqual(df, 3, "\(label): too few bins for a χ² test", file: file, line: line)
    let critical = chiSquareCritical(df: df)
    XCTAssertLessThanOrEqual(chi2, critical, "\(label): χ² = \(chi2) with \(df) degrees of freedom", file: file, line: line)
}
