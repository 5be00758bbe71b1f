import Foundation
import XCTest
@testable import HibanaRandom

/// Poisson and binomial variates: exact moments (5 standard errors, see `assertMoments`) for
/// ordinary, boundary and degenerate parameters, and χ² goodness of fit on both sides of each
/// sampler's switch between inversion and transformed rejection.
final class RandomVariateTests: XCTestCase {
    let samples = 200_000

    func poissons(_ mean: Double, id: UInt64 = 1) -> [Int] {
        var s = RandomStream(seed: 42, purpose: .poissonInput, family: 7, id: id)
        let sampler = PoissonSampler(mean: mean)
        return (0..<samples).map { _ in sampler.sample(&s) }
    }

    func binomials(_ n: Int, _ p: Double) -> [Int] {
        var s = RandomStream(seed: 42, purpose: .totalNumber, family: 3, id: UInt64(n))
        return (0..<samples).map { _ in s.binomial(n: n, p: p) }
    }

    func testPoissonMoments() {
        // Below, at and above the inversion limit (10), down to the 0.01 of a 100 Hz input at 0.1 ms.
        for mean in [0, 0.01, 0.5, 3, 9.99, 10, 25.5, 1000, 1e6] {
            // Poisson: σ² = μ, μ₄ = μ(1 + 3μ).
            assertMoments(poissons(mean), mean: mean, variance: mean, fourthMoment: mean * (1 + 3 * mean), "Poisson(\(mean))")
        }
    }

    func testBinomialMoments() {
        let cases: [(Int, Double)] = [
            (0, 0.3), (10, 0), (10, 1), (1, 0.5), (20, 0.1), (5, 0.97), (1000, 0.005), (1_000_000_000, 1e-9),
            (50, 0.2), (100, 0.5), (1000, 0.9), (1_000_000, 0.3),
        ]
        for (n, p) in cases {
            let (nd, q) = (Double(n), 1 - p)
            // Binomial: σ² = npq, μ₄ = npq(1 + 3(n − 2)pq).
            assertMoments(
                binomials(n, p), mean: nd * p, variance: nd * p * q, fourthMoment: nd * p * q * (1 + 3 * (nd - 2) * p * q),
                "B(\(n), \(p))")
        }
    }

    func testBinomialEdgesConsumeNothing() {
        var s = RandomStream(seed: 1, purpose: .totalNumber, id: 0)
        let before = s
        XCTAssertEqual(s.binomial(n: 0, p: 0.4), 0)
        XCTAssertEqual(s.binomial(n: 17, p: 0), 0)
        XCTAssertEqual(s.binomial(n: 17, p: 1), 17)
        var a = s
        var b = before
        XCTAssertEqual(a.next64(), b.next64())
    }

    func testPoissonGoodnessOfFit() {
        func pmf(_ mu: Double) -> (Int) -> Double { { k in exp(Double(k) * log(mu) - mu - lgamma(Double(k) + 1)) } }
        assertChiSquareFit(poissons(2.5), pmf: pmf(2.5), upTo: 20, "Poisson(2.5), inversion")
        assertChiSquareFit(poissons(40), pmf: pmf(40), upTo: 90, "Poisson(40), PTRS")
    }

    func testBinomialGoodnessOfFit() {
        func pmf(_ n: Int, _ p: Double) -> (Int) -> Double {
            { k in
                guard k <= n else { return 0 }
                let logChoose = lgamma(Double(n) + 1) - lgamma(Double(k) + 1) - lgamma(Double(n - k) + 1)
                return exp(logChoose + Double(k) * log(p) + Double(n - k) * log1p(-p))
            }
        }
        assertChiSquareFit(binomials(20, 0.2), pmf: pmf(20, 0.2), upTo: 20, "B(20, 0.2), inversion")
        assertChiSquareFit(binomials(200, 0.3), pmf: pmf(200, 0.3), upTo: 200, "B(200, 0.3), BTRS")
        assertChiSquareFit(binomials(200, 0.7), pmf: pmf(200, 0.7), upTo: 200, "B(200, 0.7), BTRS by symmetry")
    }

    func testSamplerMatchesStreamFunction() {
        for mean in [0, 0.05, 4.0, 9.99, 30.0] {
            var a = RandomStream(seed: 9, purpose: .poissonInput, id: 3)
            var b = a
            let sampler = PoissonSampler(mean: mean)
            for _ in 0..<100_000 where sampler.sample(&a) != b.poisson(mean: mean) { return XCTFail("mean \(mean)") }
        }
    }

    func testIndexIsUniform() {
        var s = RandomStream(seed: 5, purpose: .connections, id: 1)
        // 7 does not divide 2³², so a biased reduction would show; uniform pmf 1/7 over 0..<7.
        assertChiSquareFit((0..<samples).map { _ in s.index(below: 7) }, pmf: { $0 < 7 ? 1.0 / 7 : 0 }, upTo: 6, "index(below: 7)")
        XCTAssertEqual(s.index(below: 1), 0)
        for bound in [1 << 32, 1 << 32 + 1, 1 << 40] {
            XCTAssertTrue((0..<1000).allSatisfy { _ in (0..<bound).contains(s.index(below: bound)) })
        }
        // A bound above 2³¹: about half the results are ≥ 2³⁰ (binomial(1000, ½), 5 standard errors).
        let high = (0..<1000).filter { _ in s.index(below: 1 << 31 + 1) >= 1 << 30 }.count
        XCTAssertEqual(Double(high), 500, accuracy: 5 * 250.0.squareRoot())
    }

    func testNormalMomentsAndShape() {
        var s = RandomStream(seed: 11, purpose: .weights, id: 4)
        let n = 2_000_000
        let x = (0..<n).map { _ in s.normal() }
        // N(0, 1): σ² = 1, μ₄ = 3.
        assertMoments(x, mean: 0, variance: 1, fourthMoment: 3, "normal()")
        // Goodness of fit on 40 bins of equal width over [−4, 4] plus the two tails: every layer
        // of the ziggurat, its wedges and the tail beyond r = 3.654 carry mass here.
        func cdf(_ v: Double) -> Double { 0.5 * erfc(-v / 2.0.squareRoot()) }
        let edges = (0...40).map { -4 + 0.2 * Double($0) }
        var observed = [Int](repeating: 0, count: 42)
        for v in x {
            let bin = v < -4 ? 0 : v >= 4 ? 41 : 1 + Swift.min(39, Int((v + 4) / 0.2))
            observed[bin] += 1
        }
        var expected = [cdf(-4)] + (0..<40).map { cdf(edges[$0 + 1]) - cdf(edges[$0]) } + [cdf(-4)]
        expected = expected.map { $0 * Double(n) }
        let chi2 = zip(observed, expected).reduce(0.0) { $0 + pow(Double($1.0) - $1.1, 2) / $1.1 }
        // 41 degrees of freedom: the 0.999 quantile is 74.7.
        XCTAssertLessThan(chi2, 74.7, "χ² of the normal's histogram")
        // The tail beyond r alone: P(|x| > 3.654) = 2.58e-4, 5 standard errors.
        let tail = Double(x.filter { abs($0) > 3.6541528853610088 }.count)
        let p = 2 * cdf(-3.6541528853610088)
        XCTAssertEqual(tail, p * Double(n), accuracy: 5 * (p * Double(n)).squareRoot())
        XCTAssertEqual(Double(x.filter { $0 < 0 }.count), Double(n) / 2, accuracy: 5 * (Double(n) / 4).squareRoot())
    }

    func testLogFactorial() {
        // Table below 32, Stirling above: both against lgamma, across the switch.
        for k in 0..<300 {
            let expected: Double = lgamma(Double(k) + 1)
            XCTAssertEqual(logFactorial(k), expected, accuracy: 4e-15 * max(1, expected), "ln(\(k)!)")
        }
    }
}
