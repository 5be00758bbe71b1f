import Foundation
import XCTest
import HibanaDescription
import HibanaModels
import HibanaRandom
@testable import HibanaBuild

/// NEST's connection rules: exact counts, no autapses or multapses when they are excluded,
/// statistics, refusal of impossible arguments, and the promise the build rests on — each target
/// receives the same connections, weights and delays however the targets are split between
/// threads and ranks.
final class ConnectionRuleTests: XCTestCase {
    struct Connection: Equatable, CustomStringConvertible {
        let source: Int
        let weight: Double
        let delay: Double
        var description: String { "(\(source), \(weight), \(delay))" }
    }

    static let weight = ValueDistribution.normal(mean: 1, std: 0.5)
    static let delay = ValueDistribution.uniform(min: 1, max: 3)

    func generator(
        _ rule: ConnectionRule, sources: Int, targets: Int, same: Bool = false, autapses: Bool = true,
        multapses: Bool = true, seed: UInt64 = 12345, label: String = "E→I"
    ) -> ConnectionGenerator {
        let spec = ProjectionSpec(
            source: .population(0), target: same ? 0 : 1, rule: rule, weight: Self.weight, delay: Self.delay,
            allowAutapses: autapses, allowMultapses: multapses)
        return ConnectionGenerator(
            spec: spec, label: label, projectionIndex: 3, seed: seed, sourceCount: sources, targetCount: targets,
            sourceGid0: 100, targetGid0: same ? 100 : 100 + sources, samePopulation: same)
    }

    /// Per target, the connections it receives, generated in `pieces` consecutive (uneven) pieces
    /// of the target range, visited last piece first (the order of callers must not matter either).
    func connections(_ g: ConnectionGenerator, pieces: Int = 1) -> [[Connection]] {
        var result = [[Connection]](repeating: [], count: g.targetCount)
        let m = g.targetCount
        // Cut points i·M/pieces shifted by one on odd cuts, so the pieces differ in size.
        var cuts = [0] + (1..<pieces).map { min(m, max(0, $0 * m / pieces + ($0 % 2))) } + [m]
        cuts.sort()
        for i in (0..<pieces).reversed() {
            let owned = cuts[i]..<cuts[i + 1]
            g.generate(ownedTargets: owned) { source, target, stream in
                XCTAssertTrue(owned.contains(target), "target \(target) outside owned \(owned)")
                let w = Self.weight.sample(&stream)
                let d = Self.delay.sample(&stream)
                result[target].append(Connection(source: source, weight: w, delay: d))
            }
        }
        return result
    }

    func sources(_ g: ConnectionGenerator) -> [[Int]] { connections(g).map { $0.map(\.source) } }

    // MARK: Split invariance

    func testEveryRuleIsIndependentOfTheTargetSplit() throws {
        let cases: [(String, ConnectionGenerator)] = [
            ("all_to_all", generator(.allToAll, sources: 23, targets: 37)),
            ("all_to_all no autapses", generator(.allToAll, sources: 30, targets: 30, same: true, autapses: false)),
            ("one_to_one", generator(.oneToOne, sources: 31, targets: 31)),
            ("fixed_indegree", generator(.fixedIndegree(12), sources: 40, targets: 53)),
            ("fixed_indegree no autapses/multapses",
             generator(.fixedIndegree(12), sources: 45, targets: 45, same: true, autapses: false, multapses: false)),
            ("fixed_outdegree", generator(.fixedOutdegree(9), sources: 41, targets: 50)),
            ("fixed_outdegree no autapses/multapses",
             generator(.fixedOutdegree(9), sources: 47, targets: 47, same: true, autapses: false, multapses: false)),
            ("fixed_total_number", generator(.fixedTotalNumber(700), sources: 35, targets: 49)),
            ("fixed_total_number no autapses",
             generator(.fixedTotalNumber(700), sources: 44, targets: 44, same: true, autapses: false)),
            ("pairwise_bernoulli", generator(.pairwiseBernoulli(p: 0.2), sources: 60, targets: 43)),
            ("pairwise_bernoulli no autapses",
             generator(.pairwiseBernoulli(p: 0.3), sources: 40, targets: 40, same: true, autapses: false)),
        ]
        for (name, g) in cases {
            try g.validate()
            let whole = connections(g)
            XCTAssertGreaterThan(whole.joined().count, 0, name)
            for pieces in 2...4 {
                let split = connections(g, pieces: pieces)
                for t in 0..<g.targetCount where split[t] != whole[t] {
                    XCTFail("\(name), \(pieces) pieces, target \(t): \(split[t]) instead of \(whole[t])")
                }
            }
        }
    }

    func testDifferentSeedsAndProjectionsGiveDifferentNetworks() {
        let a = sources(generator(.fixedIndegree(10), sources: 100, targets: 20))
        let b = sources(generator(.fixedIndegree(10), sources: 100, targets: 20, seed: 54321))
        XCTAssertNotEqual(a, b)
    }

    // MARK: Deterministic rules

    func testAllToAll() {
        let s = sources(generator(.allToAll, sources: 7, targets: 5))
        XCTAssertEqual(s, Array(repeating: Array(0..<7), count: 5))
        let noAutapses = sources(generator(.allToAll, sources: 6, targets: 6, same: true, autapses: false))
        for (t, list) in noAutapses.enumerated() { XCTAssertEqual(list, (0..<6).filter { $0 != t }) }
        // On two populations, i → i is no autapse.
        XCTAssertEqual(sources(generator(.allToAll, sources: 4, targets: 4, autapses: false)).joined().count, 16)
        XCTAssertEqual(generator(.allToAll, sources: 6, targets: 6, same: true, autapses: false).expectedCount, 30)
    }

    func testOneToOne() {
        XCTAssertEqual(sources(generator(.oneToOne, sources: 9, targets: 9)), (0..<9).map { [$0] })
        XCTAssertEqual(sources(generator(.oneToOne, sources: 9, targets: 9, same: true, autapses: false)).joined().count, 0)
        XCTAssertEqual(generator(.oneToOne, sources: 9, targets: 9, same: true, autapses: false).expectedCount, 0)
    }

    // MARK: fixed_indegree

    func testFixedIndegreeCountsAndExclusions() {
        for (same, autapses, multapses) in [(false, true, true), (true, false, true), (true, true, false), (true, false, false)] {
            let g = generator(.fixedIndegree(20), sources: 60, targets: 60, same: same, autapses: autapses, multapses: multapses)
            let s = sources(g)
            XCTAssertEqual(Double(s.joined().count), g.expectedCount)
            for (t, list) in s.enumerated() {
                XCTAssertEqual(list.count, 20, "in-degree of target \(t)")
                XCTAssertTrue(list.allSatisfy { (0..<60).contains($0) })
                if !autapses { XCTAssertFalse(list.contains(t), "autapse at \(t)") }
                if !multapses { XCTAssertEqual(Set(list).count, list.count, "multapse at \(t)") }
            }
        }
        // Every possible source, once: K = S − 1 without autapses and multapses.
        let full = sources(generator(.fixedIndegree(29), sources: 30, targets: 30, same: true, autapses: false, multapses: false))
        for (t, list) in full.enumerated() { XCTAssertEqual(list.sorted(), (0..<30).filter { $0 != t }) }
    }

    func testFixedIndegreeSourcesAreUniform() {
        // Each of the K·M draws is uniform over S sources, so the counts per source are multinomial
        // with equal probabilities and Pearson's statistic is χ² with S − 1 degrees of freedom
        // (without multapses the counts are less spread, so the same bound holds).
        for multapses in [true, false] {
            let (s, m, k) = (100, 2000, 50)
            var counts = [Int](repeating: 0, count: s)
            generator(.fixedIndegree(k), sources: s, targets: m, multapses: multapses)
                .generate(ownedTargets: 0..<m) { source, _, _ in counts[source] += 1 }
            let chi2 = pearsonChiSquare(counts, expected: Double(k * m) / Double(s))
            XCTAssertLessThanOrEqual(chi2, chiSquareCritical(df: s - 1), "multapses \(multapses): χ² \(chi2)")
        }
    }

    // MARK: fixed_outdegree

    func testFixedOutdegreeCountsAndExclusions() {
        for (same, autapses, multapses) in [(false, true, true), (true, false, true), (true, true, false), (true, false, false)] {
            let g = generator(.fixedOutdegree(15), sources: 50, targets: 50, same: same, autapses: autapses, multapses: multapses)
            let s = sources(g)
            var outDegree = [Int](repeating: 0, count: 50)
            var pairs = Set<Int>()
            for (t, list) in s.enumerated() {
                XCTAssertEqual(list, list.sorted(), "target \(t) receives its sources in increasing order")
                for source in list {
                    outDegree[source] += 1
                    if !autapses { XCTAssertNotEqual(source, t, "autapse") }
                    if !multapses { XCTAssertTrue(pairs.insert(source * 50 + t).inserted, "multapse \(source) → \(t)") }
                }
            }
            XCTAssertEqual(outDegree, Array(repeating: 15, count: 50))
            XCTAssertEqual(Double(s.joined().count), g.expectedCount)
        }
        // Different sizes: targets drawn from 0..<targetCount.
        let wide = sources(generator(.fixedOutdegree(4), sources: 10, targets: 300))
        XCTAssertEqual(wide.joined().count, 40)
    }

    // MARK: fixed_total_number

    func testFixedTotalNumber() {
        for (same, autapses) in [(false, true), (true, false)] {
            let (s, m, n) = (80, 400, 20_000)
            let g = generator(.fixedTotalNumber(n), sources: s, targets: m, same: false, autapses: autapses)
            let g2 = same ? generator(.fixedTotalNumber(n), sources: m, targets: m, same: true, autapses: autapses) : g
            let lists = sources(g2)
            XCTAssertEqual(lists.joined().count, n)
            XCTAssertEqual(g2.expectedCount, Double(n))
            if !autapses { for (t, list) in lists.enumerated() { XCTAssertFalse(list.contains(t)) } }
            // Counts per target: multinomial with equal probabilities, Pearson's statistic χ²(M − 1).
            let perTarget = lists.map(\.count)
            let chi2 = pearsonChiSquare(perTarget, expected: Double(n) / Double(m))
            XCTAssertLessThanOrEqual(chi2, chiSquareCritical(df: m - 1), "per-target counts, χ² \(chi2)")
            _ = g
        }
        // All on one target, and none.
        XCTAssertEqual(sources(generator(.fixedTotalNumber(50), sources: 5, targets: 1)).map(\.count), [50])
        XCTAssertEqual(sources(generator(.fixedTotalNumber(0), sources: 5, targets: 8)).joined().count, 0)
    }

    // MARK: pairwise_bernoulli

    func testPairwiseBernoulli() {
        for (p, same, autapses) in [(0.1, false, true), (0.02, true, false), (0.7, true, false)] {
            let (s, m) = (400, 400)
            let g = generator(.pairwiseBernoulli(p: p), sources: s, targets: m, same: same, autapses: autapses)
            let lists = sources(g)
            let pairs = Double(s * m - (autapses ? 0 : m))
            // The total is binomial(pairs, p): 5 standard errors √(pairs·p·(1 − p)).
            let total = Double(lists.joined().count)
            XCTAssertEqual(total, p * pairs, accuracy: 5 * (pairs * p * (1 - p)).squareRoot(), "p = \(p)")
            XCTAssertEqual(g.expectedCount, p * pairs, accuracy: 1e-9)
            for (t, list) in lists.enumerated() {
                XCTAssertTrue(zip(list, list.dropFirst()).allSatisfy { $0 < $1 }, "increasing, no multapses")
                if !autapses { XCTAssertFalse(list.contains(t)) }
            }
        }
        XCTAssertEqual(sources(generator(.pairwiseBernoulli(p: 0), sources: 50, targets: 50)).joined().count, 0)
        XCTAssertEqual(
            sources(generator(.pairwiseBernoulli(p: 1), sources: 50, targets: 50, same: true, autapses: false)).joined().count,
            50 * 49)
    }

    func testPairwiseBernoulliSourcesAreUniform() {
        // Each source is chosen by a target with probability p, independently: counts per source
        // are binomial(M, p), and Pearson's statistic against M·p is close to χ²(S) with each term
        // scaled by (1 − p); bounding it by the χ²(S − 1) quantile at z = 5 is therefore conservative
        // up to the small difference of one degree of freedom.
        let (s, m, p) = (200, 3000, 0.05)
        var counts = [Int](repeating: 0, count: s)
        generator(.pairwiseBernoulli(p: p), sources: s, targets: m).generate(ownedTargets: 0..<m) { source, _, _ in
            counts[source] += 1
        }
        let chi2 = pearsonChiSquare(counts, expected: Double(m) * p)
        XCTAssertLessThanOrEqual(chi2, chiSquareCritical(df: s), "χ² \(chi2)")
    }

    // MARK: Refused input

    func testImpossibleArgumentsAreRefusedWithTheArgumentAndValue() {
        struct Case {
            let g: ConnectionGenerator
            let words: [String]
        }
        let clipped = ValueDistribution.normalClipped(mean: 0, std: 1, min: 50, max: 60)
        func with(_ g: ConnectionGenerator, weight: ValueDistribution? = nil, delay: ValueDistribution? = nil) -> ConnectionGenerator {
            var spec = g.spec
            if let weight { spec.weight = weight }
            if let delay { spec.delay = delay }
            return ConnectionGenerator(
                spec: spec, label: g.label, projectionIndex: 0, seed: 1, sourceCount: g.sourceCount,
                targetCount: g.targetCount, sourceGid0: 0, targetGid0: 0, samePopulation: g.samePopulation)
        }
        let cases = [
            Case(g: generator(.fixedIndegree(-1), sources: 10, targets: 10), words: ["fixed_indegree", "indegree", "-1", "≥ 0"]),
            Case(g: generator(.fixedIndegree(11), sources: 10, targets: 10, multapses: false),
                 words: ["indegree", "11", "0...10", "allow_multapses"]),
            Case(g: generator(.fixedIndegree(10), sources: 10, targets: 10, same: true, autapses: false, multapses: false),
                 words: ["indegree", "10", "0...9", "allow_autapses"]),
            Case(g: generator(.fixedIndegree(3), sources: 0, targets: 10), words: ["indegree", "3", "no sources"]),
            Case(g: generator(.fixedIndegree(1), sources: 1, targets: 1, same: true, autapses: false),
                 words: ["indegree", "1", "no sources"]),
            Case(g: generator(.fixedOutdegree(-2), sources: 10, targets: 12), words: ["fixed_outdegree", "outdegree", "-2"]),
            Case(g: generator(.fixedOutdegree(13), sources: 10, targets: 12, multapses: false),
                 words: ["outdegree", "13", "0...12"]),
            Case(g: generator(.fixedOutdegree(12), sources: 12, targets: 12, same: true, autapses: false, multapses: false),
                 words: ["outdegree", "12", "0...11"]),
            Case(g: generator(.pairwiseBernoulli(p: 1.5), sources: 10, targets: 10), words: ["pairwise_bernoulli", "p", "1.5", "[0, 1]"]),
            Case(g: generator(.pairwiseBernoulli(p: -0.1), sources: 10, targets: 10), words: ["p", "-0.1", "[0, 1]"]),
            Case(g: generator(.pairwiseBernoulli(p: .nan), sources: 10, targets: 10), words: ["p", "nan", "[0, 1]"]),
            Case(g: generator(.fixedTotalNumber(-5), sources: 10, targets: 10), words: ["fixed_total_number", "N", "-5", "≥ 0"]),
            Case(g: generator(.fixedTotalNumber(10), sources: 10, targets: 10, multapses: false),
                 words: ["fixed_total_number", "allow_multapses", "NEST", "10"]),
            Case(g: generator(.fixedTotalNumber(4), sources: 10, targets: 0), words: ["N", "4", "0 targets"]),
            Case(g: generator(.oneToOne, sources: 10, targets: 12), words: ["one_to_one", "10 sources", "12 targets"]),
            Case(g: with(generator(.allToAll, sources: 3, targets: 3), weight: .normal(mean: 1, std: -1)), words: ["weight", "-1"]),
            Case(g: with(generator(.allToAll, sources: 3, targets: 3), delay: .uniform(min: 2, max: 1)), words: ["delay", "2", "1"]),
            Case(g: with(generator(.allToAll, sources: 3, targets: 3), delay: clipped), words: ["delay", "mass"]),
        ]
        for c in cases {
            XCTAssertThrowsError(try c.g.validate(), "\(c.g.spec.rule.name) should be refused") { error in
                guard case let HibanaError.invalidProjection(projection, reason) = error else {
                    return XCTFail("wrong error \(error)")
                }
                XCTAssertEqual(projection, "E→I")
                for word in c.words { XCTAssertTrue(reason.contains(word), "'\(reason)' should name '\(word)'") }
            }
        }
        // The limits themselves are allowed.
        XCTAssertNoThrow(try generator(.fixedIndegree(10), sources: 10, targets: 10, multapses: false).validate())
        XCTAssertNoThrow(try generator(.fixedIndegree(9), sources: 10, targets: 10, same: true, autapses: false, multapses: false).validate())
        XCTAssertNoThrow(try generator(.fixedIndegree(50), sources: 10, targets: 10).validate())
        XCTAssertNoThrow(try generator(.pairwiseBernoulli(p: 1), sources: 10, targets: 10).validate())
        XCTAssertNoThrow(try generator(.fixedTotalNumber(0), sources: 0, targets: 0).validate())
    }

    // MARK: Speed (printed, not asserted)

    /// fixed_indegree, K = 1000, on one thread: 10 000 targets in release builds (10⁷ connections),
    /// 1000 in debug builds. Prints connections per second with and without the weight and delay
    /// draws (normal weight, uniform delay) that the build does for every connection.
    func testFixedIndegreeGenerationRate() {
        #if DEBUG
            let targets = 1000
        #else
            let targets = 10_000
        #endif
        let k = 1000
        for multapses in [true, false] {
            let g = generator(.fixedIndegree(k), sources: 10_000, targets: targets, multapses: multapses)
            var checksum = 0
            var start = Date()
            g.generate(ownedTargets: 0..<targets) { source, _, _ in checksum &+= source }
            let bare = Double(k * targets) / Date().timeIntervalSince(start)
            var sum = 0.0
            start = Date()
            g.generate(ownedTargets: 0..<targets) { source, _, stream in
                sum += Self.weight.sample(&stream) + Self.delay.sample(&stream)
                checksum &+= source
            }
            let drawn = Double(k * targets) / Date().timeIntervalSince(start)
            XCTAssertGreaterThan(sum, 0)
            print(String(
                format: "fixed_indegree K=%d, %d targets, multapses %@: %.1f M connections/s (sources only), "
                    + "%.1f M/s (with weight and delay draws)", k, targets, multapses ? "on" : "off", bare / 1e6, drawn / 1e6))
        }
    }

    /// Every rule, about 5·10⁶ connections each in release builds (a tenth in debug builds), sources
    /// only: connections per second on one thread, printed.
    func testGenerationRatesOfEveryRule() {
        #if DEBUG
            let scale = 10
        #else
            let scale = 1
        #endif
        let n = 5000 / scale
        let rules: [(String, ConnectionGenerator)] = [
            ("all_to_all", generator(.allToAll, sources: 1000, targets: n)),
            ("one_to_one", generator(.oneToOne, sources: 1000 * n, targets: 1000 * n)),
            ("fixed_indegree K=1000", generator(.fixedIndegree(1000), sources: 10_000, targets: n)),
            ("fixed_indegree K=1000, no multapses", generator(.fixedIndegree(1000), sources: 10_000, targets: n, multapses: false)),
            ("fixed_outdegree K=1000", generator(.fixedOutdegree(1000), sources: n, targets: 10_000)),
            ("fixed_outdegree K=1000, no multapses", generator(.fixedOutdegree(1000), sources: n, targets: 10_000, multapses: false)),
            ("fixed_total_number N = 1000 per target", generator(.fixedTotalNumber(1000 * n), sources: 10_000, targets: n)),
            ("pairwise_bernoulli p=0.1", generator(.pairwiseBernoulli(p: 0.1), sources: 10_000, targets: n)),
            ("pairwise_bernoulli p=0.5", generator(.pairwiseBernoulli(p: 0.5), sources: 2000, targets: n)),
        ]
        for (name, g) in rules {
            var count = 0
            let start = Date()
            g.generate(ownedTargets: 0..<g.targetCount) { source, _, _ in count &+= 1 &+ (source & 0) }
            let seconds = Date().timeIntervalSince(start)
            print(String(format: "%@: %d connections, %.1f M connections/s", name, count, Double(count) / seconds / 1e6))
        }
    }
}
