import Foundation
import XCTest
import Hibana

/// Examples/microcircuit against the published model's numbers (../shared/reference/microcircuit/
/// params.json): sizes, synapse counts, weights, background and the DC compensation of a scaled
/// model; a small scale builds with exactly those counts; full scale fits in memory.
final class MicrocircuitExampleTests: XCTestCase {
    struct Derived: Decodable {
        let num_neurons: [Int]
        let num_synapses: [[Int]]
        let poisson_rate_per_population_hz: [Double]
        let weight_matrix_mean_pA: [[Double]]
        let DC_amp_pA: [Double]
    }

    func derived(_ scale: String) throws -> Derived {
        let url = sharedDirectory.appendingPathComponent("reference/microcircuit/params.json")
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        let d = (root["derived"] as! [String: Any])["scale_\(scale)"]!
        return try JSONDecoder().decode(Derived.self, from: JSONSerialization.data(withJSONObject: d))
    }

    func testScaledModelIsThePublishedOne() throws {
        let ref = try derived("0.1")
        let spec = try ModelFile.load(path: ModelFileFixtures.example("microcircuit"), overrides: ["scale=0.1"]).spec
        XCTAssertEqual(spec.populations.map(\.count), ref.num_neurons)
        for (i, population) in spec.populations.enumerated() {
            guard case let .value(dc)? = population.parameters["I_e"] else { return XCTFail("I_e of \(population.name)") }
            // Same formula, evaluated in another order: equal to about 1e-12 relative.
            XCTAssertEqual(dc, ref.DC_amp_pA[i], accuracy: 1e-9 * ref.DC_amp_pA[i], population.name)
            guard case let .value(rate)? = spec.devices[i].parameters["rate"] else { return XCTFail("rate \(i)") }
            XCTAssertEqual(rate, ref.poisson_rate_per_population_hz[i], accuracy: 1e-9)
        }
        var total = 0
        for projection in spec.projections {
            guard case let .population(source) = projection.source else { continue }
            guard case let .fixedTotalNumber(n) = projection.rule,
                  case let .normalClipped(mean, std, _, _) = projection.weight else { return XCTFail("rule or weight") }
            XCTAssertEqual(n, ref.num_synapses[projection.target][source])
            XCTAssertEqual(mean, ref.weight_matrix_mean_pA[projection.target][source], accuracy: 1e-9)
            XCTAssertEqual(std, abs(mean) * 0.1, accuracy: 1e-9)
            total += n
        }
        XCTAssertEqual(total, 2_988_807)
    }

    func testSmallScaleBuildsWithThePublishedCounts() throws {
        let spec = try ModelFile.load(path: ModelFileFixtures.example("microcircuit"), overrides: ["scale=0.02"]).spec
        let network = try NetworkBuilder.build(spec, threads: 2)
        XCTAssertEqual(spec.populations.map(\.count), [414, 117, 438, 110, 97, 21, 288, 59], "round(N × 0.02), halves to even")
        XCTAssertEqual(network.synapseCount, spec.projections.reduce(0) { sum, p in
            if case let .fixedTotalNumber(n) = p.rule { return sum + n } else { return sum }
        })
        XCTAssertGreaterThan(network.synapseCount, 110_000)
    }

    func testSqrtAndRoundInValues() throws {
        let text = """
            parameters: {scale: 0.25, n: round(2.5), m: round(3.5), k: round(-2.7)}
            populations:
              A: {model: iaf_psc_exp, size: round(106.5 * $scale * 4), params: {I_e: 10 / sqrt($scale) pA}}
              B: {model: iaf_psc_exp, size: $n + $m + $k}
            """
        let checked = ModelFile.check(text: text, file: "functions.yaml", memoryLimit: nil)
        XCTAssertEqual(checked.problems.map(\.description), [])
        let spec = checked.reading.model.spec
        XCTAssertEqual(spec.populations.map(\.count), [106, 3], "halves to even, as NumPy: 2, 4, -3")
        XCTAssertEqual(spec.populations[0].parameters["I_e"], .value(20))
        let wrong = ModelFile.check(text: text.replacingOccurrences(of: "sqrt(", with: "sqr("), file: "f.yaml", memoryLimit: nil)
        XCTAssertFalse(wrong.problems.isEmpty, "an unknown function is a problem")
    }

    func testFullScaleFitsWithRoomToSpare() throws {
        let spec = try ModelFile.load(path: ModelFileFixtures.example("microcircuit")).spec
        let estimate = MemoryEstimate(spec, threads: 2)
        XCTAssertEqual(estimate.synapses, 298_880_968)
        XCTAssertLessThan(estimate.peakBytes, 4 * 1024 * 1024 * 1024, "under 4 GiB of a 24 GiB machine")
    }
}
