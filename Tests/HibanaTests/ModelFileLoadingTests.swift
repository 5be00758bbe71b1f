import XCTest
import Hibana

/// A model file loads into the `NetworkSpec` the Swift API would build, values in NEST's units,
/// with run settings, `parameters` and `--set` overrides.
final class ModelFileLoadingTests: XCTestCase {
    func testBrunelFileIsTheSwiftExample() throws {
        let model = try ModelFile.load(path: ModelFileFixtures.example("brunel2000"))
        assertSameNetwork(model.spec, try Brunel2000().network.spec)
        XCTAssertEqual(model.run, RunSettings(duration: 1000, threads: nil, output: "out/brunel2000"))
        XCTAssertEqual(model.parameters.first { $0.name == "nu_thr" }?.value, 10, "θ / (J CE τ) = 20 / (0.1 · 1000 · 20) kHz")
    }

    func testOverridesSetTheExampleKnobsAndAnyValue() throws {
        let model = try ModelFile.load(
            path: ModelFileFixtures.example("brunel2000"),
            overrides: ["g=4.5", "eta = 0.9", "run.duration=200ms", "run.seed=12", "NE=800", "NI=200"])
        var swift = Brunel2000()
        swift.g = 4.5
        swift.eta = 0.9
        swift.seed = 12
        swift.excitatory = 800
        swift.inhibitory = 200
        assertSameNetwork(model.spec, try swift.network.spec)
        XCTAssertEqual(model.run.duration, 200)

        let tuned = try ModelFile.load(
            path: ModelFileFixtures.example("brunel2000"),
            overrides: [
                "E.V_th=18", "I.V_m={distribution: normal_clipped, mean: 10 mV, std: 2 mV, min: 0 mV, max: 19 mV}",
                "external.rate=15 kHz", "projections[1].delay=2 ms", "E.size=100", "populations.I.size=$NI / 10",
            ])
        XCTAssertEqual(tuned.spec.populations[0].parameters["V_th"], .value(18))
        XCTAssertEqual(tuned.spec.populations[1].parameters["V_th"], .value(20), "the anchor is copied: I keeps its V_th")
        XCTAssertEqual(
            tuned.spec.populations[1].parameters["V_m"], .distribution(.normalClipped(mean: 10, std: 2, min: 0, max: 19)))
        XCTAssertEqual(tuned.spec.devices[0].parameters["rate"], .value(15000))
        XCTAssertEqual(tuned.spec.projections[1].delay, .constant(2))
        XCTAssertEqual(tuned.spec.populations.map(\.count), [100, 250])
    }

    func testBadOverridesAreReportedAtTheOverride() {
        let problems = ModelFile.problems(
            path: ModelFileFixtures.example("brunel2000"),
            overrides: ["gg=3", "Q.V_th=1", "E.tau_m=10 mV", "E.V_th", "projections[9].delay=1", "E.size=[1"])
        let text = problems.map(\.description)
        XCTAssertEqual(problems.count, 6, text.joined(separator: "\n"))
        XCTAssert(text.contains("--set gg=3: gg: 'gg' is not in the model's 'parameters' block; did you mean 'g'?"), "\(text)")
        XCTAssert(text.contains { $0.hasPrefix("--set Q.V_th=1: Q.V_th: 'Q' is not a population, device, parameter") }, "\(text)")
        XCTAssert(
            text.contains("--set E.tau_m=10 mV: populations.E.params.tau_m: tau_m is a time in ms; got '10 mV', which is a voltage in mV"),
            "\(text)")
        XCTAssert(text.contains { $0.hasPrefix("--set E.V_th: E.V_th: an override is written PATH=VALUE") }, "\(text)")
        XCTAssert(text.contains { $0.hasPrefix("--set projections[9].delay=1: projections[9].delay: the list has 6 items") }, "\(text)")
        XCTAssert(text.contains { $0.hasPrefix("--set E.size=[1: E.size: the value is not valid YAML") }, "\(text)")
    }

    /// Every kind of value: each rule and its argument, each distribution, lists, flags, a spike
    /// generator's times in seconds, a multimeter with neuron indices.
    func testEveryKindOfValue() throws {
        let text = """
            run: {resolution: 0.05 ms, duration: 0.5 s, seed: 18446744073709551615, threads: 3, output: results}
            parameters: {N: 40, w: 2}
            populations:
              A: {model: iaf_psc_alpha, size: $N, params: {V_th: [-55 mV, -54 mV, -53 mV, -52 mV, -51 mV, -50 mV, -49 mV, -48 mV, -47 mV, -46 mV, -45 mV, -44 mV, -43 mV, -42 mV, -41 mV, -40 mV, -55 mV, -54 mV, -53 mV, -52 mV, -51 mV, -50 mV, -49 mV, -48 mV, -47 mV, -46 mV, -45 mV, -44 mV, -43 mV, -42 mV, -41 mV, -40 mV, -55 mV, -54 mV, -53 mV, -52 mV, -51 mV, -50 mV, -49 mV, -48 mV]}}
              B:
                model: iaf_psc_exp
                size: 10
                params:
                  I_e: 0.3 nA
                  C_m: 0.25 nF
                  tau_syn_ex: 500 us
                  V_m: {distribution: normal, mean: -65 mV, std: 2 mV}
                  t_ref: 2
              C: {model: iaf_psc_delta, size: 10, params: {refractory_input: true}}
            devices:
              times: {model: spike_generator, params: {spike_times: [1 ms, 0.002 s, 3.5], spike_weights: [1, 2, 0.5]}}
              dc: {model: dc_generator, params: {amplitude: 0.1 nA, start: 0.1 s}}
            projections:
              - {source: A, target: A, rule: all_to_all, allow_autapses: false, weight: {distribution: uniform, min: 1 pA, max: 2 pA}}
              - {source: C, target: B, rule: one_to_one, weight: $w * 10 pA, delay: {distribution: normal_clipped, mean: 1.5 ms, std: 0.1 ms, min: 0.1 ms, max: 3 ms}}
              - {source: B, target: A, rule: fixed_indegree, indegree: 5, allow_multapses: False}
              - {source: B, target: C, rule: fixed_outdegree, outdegree: 3, weight: 0.5 mV}
              - {source: C, target: A, rule: fixed_total_number, N: 100, weight: {distribution: lognormal, mean: 1, std: 0.5}}
              - {source: A, target: C, rule: pairwise_bernoulli, p: 0.1, synapse: static_synapse, delay: 2}
              - {source: times, target: C, weight: 1 mV}
              - {source: dc, target: B, weight: 2}
            recorders:
              spikes: {model: spike_recorder, populations: [A, B]}
              vm: {model: multimeter, population: B, neurons: [0, 3], record_from: [V_m, I_syn_ex], interval: 0.1 ms}
              default_interval: {model: multimeter, population: C, neurons: '2:5', record_from: V_m}
            """
        let checked = ModelFile.check(text: text, file: "all.yaml", memoryLimit: nil)
        XCTAssertEqual(checked.problems, [])
        let model = checked.model
        XCTAssertEqual(model.run, RunSettings(duration: 500, threads: 3, output: "results"))
        var expected = NetworkSpec(resolution: 0.05, seed: .max)
        let thresholds = (0..<40).map { Double(-55 + $0 % 16) }
        expected.populations = [
            PopulationSpec(name: "A", model: "iaf_psc_alpha", count: 40, parameters: ["V_th": .list(thresholds)]),
            PopulationSpec(
                name: "B", model: "iaf_psc_exp", count: 10,
                parameters: [
                    "I_e": .value(300), "C_m": .value(250), "tau_syn_ex": .value(0.5),
                    "V_m": .distribution(.normal(mean: -65, std: 2)), "t_ref": .value(2),
                ]),
            PopulationSpec(name: "C", model: "iaf_psc_delta", count: 10, parameters: ["refractory_input": .value(1)]),
        ]
        expected.devices = [
            DeviceSpec(name: "times", model: "spike_generator", parameters: ["spike_times": .list([1, 2, 3.5]), "spike_weights": .list([1, 2, 0.5])]),
            DeviceSpec(name: "dc", model: "dc_generator", parameters: ["amplitude": .value(100), "start": .value(100)]),
        ]
        expected.projections = [
            ProjectionSpec(source: .population(0), target: 0, rule: .allToAll, weight: .uniform(min: 1, max: 2), delay: .constant(1), allowAutapses: false),
            ProjectionSpec(
                source: .population(2), target: 1, rule: .oneToOne, weight: .constant(20),
                delay: .normalClipped(mean: 1.5, std: 0.1, min: 0.1, max: 3)),
            ProjectionSpec(source: .population(1), target: 0, rule: .fixedIndegree(5), weight: .constant(1), delay: .constant(1), allowMultapses: false),
            ProjectionSpec(source: .population(1), target: 2, rule: .fixedOutdegree(3), weight: .constant(0.5), delay: .constant(1)),
            ProjectionSpec(source: .population(2), target: 0, rule: .fixedTotalNumber(100), weight: .lognormal(mean: 1, std: 0.5), delay: .constant(1)),
            ProjectionSpec(source: .population(0), target: 2, rule: .pairwiseBernoulli(p: 0.1), weight: .constant(1), delay: .constant(2)),
            ProjectionSpec(source: .device(0), target: 2, rule: .allToAll, weight: .constant(1), delay: .constant(1)),
            ProjectionSpec(source: .device(1), target: 1, rule: .allToAll, weight: .constant(2), delay: .constant(1)),
        ]
        expected.recorders = [
            RecorderSpec(name: "spikes", kind: .spikes, targets: [NeuronSelection(population: 0), NeuronSelection(population: 1)]),
            RecorderSpec(
                name: "vm", kind: .multimeter(recordFrom: ["V_m", "I_syn_ex"], interval: 0.1),
                targets: [NeuronSelection(population: 1, indices: [0, 3])]),
            RecorderSpec(
                name: "default_interval", kind: .multimeter(recordFrom: ["V_m"], interval: 1),
                targets: [NeuronSelection(population: 2, indices: [2, 3, 4])]),
        ]
        assertSameNetwork(model.spec, expected)
    }

    func testSourceMapLocatesKeysAndFallsBackToParents() {
        let text = """
            populations:
              E:
                model: iaf_psc_exp
                size: 10
                params: {tau_m: 10 ms}
            """
        let reading = ModelFile.read(text: text, file: "m.yaml", units: .catalog)
        let map = reading.model.sourceMap
        XCTAssertEqual(map.location(of: "populations.E"), .file(line: 2, column: 3))
        XCTAssertEqual(map.location(of: "populations.E.size"), .file(line: 4, column: 11))
        XCTAssertEqual(map.location(of: "populations.E.params"), .file(line: 5, column: 5))
        XCTAssertEqual(map.location(of: "populations.E.params.tau_m"), .file(line: 5, column: 21))
        XCTAssertEqual(map.location(of: "populations.E.params.V_reset"), .file(line: 5, column: 5), "not written: its parent")
        XCTAssertEqual(map.location(of: "run.resolution"), .file(line: 1, column: 1), "nothing written: the file's start")
    }

    /// A population whose size cannot be read is built with a placeholder; the validator's
    /// complaints about the placeholder (here: neuron 5 of a 1-neuron population, three V_m for
    /// one neuron) are not shown. Nor are relations between
    /// parameters of a block with an unreadable value (V_reset ≥ the default V_th here): the
    /// relation may involve the value that was dropped. Fixing the file shows them next time.
    func testPlaceholdersDoNotCauseFollowUpProblems() {
        let text = """
            populations:
              E: {model: iaf_psc_exp, size: ten, params: {V_m: [1, 2, 3]}}
              I: {model: iaf_psc_exp, size: 10, params: {tau_m: 5 mV, V_reset: -50}}
            projections:
              - {source: E, target: I, rule: fixed_indegree, indegree: 5}
              - {source: X, target: I, delay: 0.01}
            recorders:
              vm: {model: multimeter, population: E, neurons: [0, 5], record_from: [V_m]}
            """
        let problems = ModelFile.check(text: text, file: "m.yaml", memoryLimit: nil).problems.map(\.description)
        XCTAssertEqual(problems, [
            "m.yaml:2:33: populations.E.size: expected a number; got 'ten'",
            "m.yaml:3:53: populations.I.params.tau_m: tau_m is a time in ms; got '5 mV', which is a voltage in mV",
            "m.yaml:6:14: projections[1].source: no population or device named 'X'; did you mean 'E'?",
        ])
    }

    func testEmptyAndNonMappingFiles() {
        for (text, reason) in [
            ("", "a model file is a mapping with the keys run, parameters, populations, devices, projections, recorders"),
            ("- 1\n- 2\n", "a model file is a mapping with the keys run, parameters, populations, devices, projections, recorders; got a list"),
            ("run: {duration: 10 ms}\n", "missing key 'populations'"),
        ] {
            let problems = ModelFile.check(text: text, file: "m.yaml", memoryLimit: nil).problems
            XCTAssertEqual(problems.count, 1, text)
            XCTAssert(problems.first?.reason.hasPrefix(reason) == true, "\(problems)")
        }
        XCTAssertEqual(
            ModelFile.problems(path: "/nonexistent/model.yaml").map(\.description), ["/nonexistent/model.yaml:1:1: model: no such file"])
    }

    func testMemoryRefusalBeforeValidation() {
        let checked = ModelFile.check(
            path: ModelFileFixtures.example("brunel2000"), overrides: ["NE=2000000000"], memoryLimit: 1024 * 1024 * 1024)
        XCTAssertEqual(checked.problems, [])
        XCTAssertFalse(checked.fitsInMemory)
        XCTAssertFalse(checked.isValid)
        let refusal = checked.memoryRefusal ?? ""
        XCTAssert(refusal.hasPrefix("the network would need about "), refusal)
        XCTAssert(refusal.hasSuffix("more than this machine's 1.00 GiB of memory; refused before building"), refusal)
        XCTAssertThrowsError(try checked.throwIfInvalid())
    }
}
