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
        XCTAssertEqual(spec.populations.prefix(8).map(\.count), ref.num_neurons)
        XCTAssertEqual(spec.populations.last?.name, "TH", "the thalamic relay, after the cortical populations")
        for (i, population) in spec.populations.prefix(8).enumerated() {
            guard case let .value(dc)? = population.parameters["I_e"] else { return XCTFail("I_e of \(population.name)") }
            // Same formula, evaluated in another order: equal to about 1e-12 relative.
            XCTAssertEqual(dc, ref.DC_amp_pA[i], accuracy: 1e-9 * ref.DC_amp_pA[i], population.name)
            guard case let .value(rate)? = spec.devices[i].parameters["rate"] else { return XCTFail("rate \(i)") }
            XCTAssertEqual(rate, ref.poisson_rate_per_population_hz[i], accuracy: 1e-9)
        }
        var total = 0
        for projection in spec.projections {
            guard case let .population(source) = projection.source, source < 8 else { continue }
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
        XCTAssertEqual(spec.populations.map(\.count), [414, 117, 438, 110, 97, 21, 288, 59, 902], "round(N × 0.02), halves to even")
        XCTAssertEqual(network.synapseCount, spec.projections.reduce(0) { sum, p in
            if case let .fixedTotalNumber(n) = p.rule { return sum + n } else { return sum }
        })
        XCTAssertGreaterThan(network.synapseCount, 110_000)
    }

    /// The example's thalamic input (stimulus_params): off by default — no synapses, no rate —
    /// and when on, N_th = round(K ln(1 − p) / ln(1 − 1/(902 N_i))) synapses per target population,
    /// the background's PSC, a 120 Hz pulse from 700 to 710 ms.
    func testThalamicInputIsThePublishedOne() throws {
        let url = sharedDirectory.appendingPathComponent("reference/microcircuit/params.json")
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        let stimulus = root["stimulus_params_example_defaults_all_off"] as! [String: Any]
        let p = stimulus["conn_probs_th"] as! [Double]
        let full = root["full_num_neurons"] as! [Int]
        let off = try ModelFile.load(path: ModelFileFixtures.example("microcircuit"), overrides: ["scale=0.1"]).spec
        let on = try ModelFile.load(
            path: ModelFileFixtures.example("microcircuit"), overrides: ["scale=0.1", "thalamic_input=1"]).spec
        let th = try XCTUnwrap(on.populations.firstIndex { $0.name == "TH" })
        XCTAssertEqual(on.populations[th].count, stimulus["num_th_neurons"] as? Int, "not scaled")
        let pulse = try XCTUnwrap(on.devices.first { $0.name == "th_poisson" })
        XCTAssertEqual(pulse.parameters["rate"], .value(stimulus["th_rate"] as! Double))
        XCTAssertEqual(pulse.parameters["start"], .value(stimulus["th_start"] as! Double))
        XCTAssertEqual(pulse.parameters["stop"], .value(700 + (stimulus["th_duration"] as! Double)))
        XCTAssertEqual(off.devices.first { $0.name == "th_poisson" }?.parameters["rate"], .value(0))
        var targets = 0
        for (projectionOn, projectionOff) in zip(on.projections, off.projections) {
            guard case .population(th) = projectionOn.source else { continue }
            guard case let .fixedTotalNumber(n) = projectionOn.rule, case let .fixedTotalNumber(zero) = projectionOff.rule,
                  case let .normalClipped(mean, std, lo, _) = projectionOn.weight else { return XCTFail("rule or weight") }
            let i = projectionOn.target
            let pairs = Double(902 * full[i])
            XCTAssertEqual(n, Int((0.1 * log(1 - p[i]) / log((pairs - 1) / pairs)).rounded()), on.populations[i].name)
            XCTAssertEqual(zero, 0, "no thalamic synapses while the input is off")
            XCTAssertEqual(mean, 0.15 * 585.3899568613896 / 0.1.squareRoot(), accuracy: 1e-9)
            XCTAssertEqual(std, 0.1 * mean, accuracy: 1e-9)
            XCTAssertEqual(lo, 0)
            targets += 1
        }
        XCTAssertEqual(targets, p.filter { $0 > 0 }.count, "L4E, L4I, L6E, L6I")
    }

    /// The pulse itself: the thalamic neurons relay ~120 Hz for 10 ms, and L4E answers within a
    /// few milliseconds with far more spikes than in the 10 ms before.
    func testThalamicPulseDrivesLayer4() throws {
        var spec = try ModelFile.load(
            path: ModelFileFixtures.example("microcircuit"), overrides: ["scale=0.05", "thalamic_input=1"]).spec
        let th = try XCTUnwrap(spec.populations.firstIndex { $0.name == "TH" })
        let l4e = try XCTUnwrap(spec.populations.firstIndex { $0.name == "L4E" })
        spec.recorders = [
            RecorderSpec(name: "th", kind: .spikes, targets: [NeuronSelection(population: th)]),
            RecorderSpec(name: "l4e", kind: .spikes, targets: [NeuronSelection(population: l4e)]),
        ]
        let run = try Network(spec).simulate(715, threads: 2)
        let relay = try run.spikes("th").times
        // 902 × 120 Hz × 10 ms = 1082 expected, Poisson: 5 standard deviations.
        XCTAssertEqual(Double(relay.count), 1082.4, accuracy: 5 * 1082.4.squareRoot())
        XCTAssertTrue(relay.allSatisfy { $0 > 700 && $0 <= 710.1 }, "only during the pulse")
        let cortex = try run.spikes("l4e").times
        let before = cortex.filter { $0 > 690 && $0 <= 700 }.count
        let during = cortex.filter { $0 > 702 && $0 <= 712 }.count
        XCTAssertGreaterThan(during, 3 * max(before, 5), "L4E: \(before) spikes before the pulse, \(during) during it")
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
