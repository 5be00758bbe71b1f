import XCTest
import Hibana

/// Bad input is refused before anything is built, with a typed error naming model, key, value
/// and the allowed range; a numerical blow-up stops the run and keeps what was recorded.
final class ValidationTests: XCTestCase {
    func expect(_ expected: HibanaError, _ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            XCTAssertEqual(error as? HibanaError, expected, file: file, line: line)
        }
    }

    func testNonPositiveTimeConstantsAndCapacitance() {
        var net = Network()
        expect(.invalidParameter(model: "iaf_psc_exp", key: "tau_m", value: "0 ms", allowed: "> 0 ms")) {
            try net.population("iaf_psc_exp", count: 1, ["tau_m": 0])
        }
        expect(.invalidParameter(model: "iaf_psc_alpha", key: "C_m", value: "-250 pF", allowed: "> 0 pF")) {
            try net.population("iaf_psc_alpha", count: 1, ["C_m": -250])
        }
        expect(.invalidParameter(model: "iaf_psc_exp", key: "tau_syn_in", value: "-1 ms", allowed: "> 0 ms")) {
            try net.population("iaf_psc_exp", count: 1, ["tau_syn_in": -1])
        }
        expect(.invalidParameter(model: "iaf_psc_delta", key: "t_ref", value: "-2 ms", allowed: "≥ 0 ms")) {
            try net.population("iaf_psc_delta", count: 1, ["t_ref": -2])
        }
    }

    func testResetMustLieBelowThreshold() throws {
        var net = Network()
        // Checked when the network is built (the relation may involve per-neuron values); nothing is built.
        try net.population("iaf_psc_exp", count: 3, ["V_reset": -50, "V_th": -55])
        expect(.invalidParameter(model: "iaf_psc_exp", key: "V_reset", value: "-50 mV", allowed: "< V_th (-55 mV)")) {
            _ = try NetworkBuilder.build(net.spec, threads: 1)
        }
        var perNeuron = Network()
        try perNeuron.population("iaf_psc_delta", count: 3, ["V_th": .list([-50, -55, -60]), "V_reset": -58])
        expect(.invalidParameter(model: "iaf_psc_delta", key: "V_reset", value: "-58 mV", allowed: "< V_th (-60 mV)")) {
            _ = try NetworkBuilder.build(perNeuron.spec, threads: 2)
        }
    }

    func testUnknownParameterSuggestsTheClosestKey() {
        var net = Network()
        expect(.unknownParameter(model: "iaf_psc_exp", key: "tau_syn_exc", suggestion: "tau_syn_ex")) {
            try net.population("iaf_psc_exp", count: 1, ["tau_syn_exc": 2])
        }
        expect(.unknownParameter(model: "iaf_psc_delta", key: "Vth", suggestion: "V_th")) {
            try net.population("iaf_psc_delta", count: 1, ["Vth": 2])
        }
        expect(.unknownModel(name: "iaf_psc_exp2", suggestion: "iaf_psc_exp")) {
            try net.population("iaf_psc_exp2", count: 1)
        }
        XCTAssertEqual(
            HibanaError.unknownParameter(model: "iaf_psc_exp", key: "tau_syn_exc", suggestion: "tau_syn_ex").description,
            "iaf_psc_exp: unknown parameter 'tau_syn_exc'; did you mean 'tau_syn_ex'?")
    }

    func testPerPopulationParametersCannotVaryPerNeuron() {
        var net = Network()
        XCTAssertThrowsError(try net.population("iaf_psc_exp", count: 2, ["tau_m": .list([10, 20])])) { error in
            XCTAssertTrue("\(error)".contains("cannot vary tau_m per neuron"), "\(error)")
        }
    }

    func testDelayBelowResolution() throws {
        var net = Network(resolution: 0.1)
        let a = try net.population("iaf_psc_exp", count: 2)
        XCTAssertThrowsError(try net.connect(a, a, weight: .constant(1), delay: .constant(0.05))) { error in
            XCTAssertTrue("\(error)".contains("delay must be ≥ the resolution (0.1 ms); got 0.05 ms"), "\(error)")
        }
        XCTAssertThrowsError(try net.connect(a, a, weight: .constant(1), delay: .normal(mean: 1, std: 0.2))) { error in
            XCTAssertTrue("\(error)".contains("unbounded below"), "\(error)")
        }
        XCTAssertEqual(net.spec.projections.count, 0, "refused projections are not added")
    }

    func testBadDeviceParameters() {
        var net = Network()
        expect(.invalidParameter(model: "poisson_generator", key: "rate", value: "-5 Hz", allowed: "≥ 0 Hz")) {
            try net.device("poisson_generator", ["rate": -5])
        }
        expect(.unknownParameter(model: "dc_generator", key: "amplitdue", suggestion: "amplitude")) {
            try net.device("dc_generator", ["amplitdue": 5])
        }
    }

    func testOffGridSpikeTimesAreRefused() throws {
        var net = Network(resolution: 0.1)
        let a = try net.population("iaf_psc_exp", count: 1)
        let g = try net.device("spike_generator", ["spike_times": .list([1.0, 2.05])])
        try net.connect(g, a, weight: .constant(1), delay: .constant(1))
        expect(.invalidParameter(model: "spike_generator", key: "spike_times", value: "2.05 ms", allowed: "times ≥ 0.1 ms on the 0.1 ms grid")) {
            _ = try NetworkBuilder.build(net.spec, threads: 1)
        }
    }

    func testMultimeterRefusesUnknownRecordable() throws {
        var net = Network()
        let a = try net.population("iaf_psc_delta", count: 1)
        net.record(["I_syn_ex"], from: a)
        XCTAssertThrowsError(try NetworkBuilder.build(net.spec, threads: 1)) { error in
            XCTAssertTrue("\(error)".contains("iaf_psc_delta has no recordable 'I_syn_ex'"), "\(error)")
        }
    }

    func testNumericalBlowUpStopsTheRunAndKeepsRecordings() throws {
        var net = Network()
        let cells = try net.population("iaf_psc_exp", count: 3, ["I_e": 1000], name: "cortex")
        // At 20 ms every neuron receives a weight of 1e310 pA: infinite in double precision.
        let kick = try net.device("spike_generator", ["spike_times": .list([20]), "spike_weights": .list([1e10])])
        try net.connect(kick, cells, rule: .allToAll, weight: .constant(1e300), delay: .constant(1))
        let recorder = net.recordSpikes(cells)
        let meter = net.record(["V_m"], from: cells, interval: 1)
        let simulation = try Simulation(NetworkBuilder.build(net.spec, threads: 2))
        XCTAssertThrowsError(try simulation.run(100)) { error in
            guard case let .numericalInstability(population, neuron, variable, value, time)? = error as? HibanaError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(population, "cortex")
            XCTAssertEqual(neuron, 0)
            XCTAssertEqual(variable, "I_syn_ex")
            XCTAssertTrue(value.isInfinite)
            XCTAssertLessThanOrEqual(time, 22)
        }
        XCTAssertGreaterThan(try simulation.spikes(recorder).count, 3, "spikes before the blow-up are kept")
        XCTAssertGreaterThanOrEqual(try simulation.multimeter(meter).times.count, 20, "samples before the blow-up are kept")
        XCTAssertThrowsError(try simulation.run(10), "a failed simulation does not continue")
    }

    func testProblemsListsEveryIssueWithItsKeyPath() {
        var spec = NetworkSpec(resolution: 0.1)
        spec.populations = [
            PopulationSpec(name: "E", model: "iaf_psc_exp", count: 10, parameters: ["tau_m": -1, "C_mm": 250]),
            PopulationSpec(name: "I", model: "iaf_psc_xyz", count: 5),
            PopulationSpec(name: "X", model: "iaf_psc_delta", count: 2, parameters: ["V_reset": 0, "V_th": -10]),
        ]
        spec.projections = [
            ProjectionSpec(source: .population(0), target: 2, rule: .allToAll, weight: .constant(1), delay: .constant(0.01))
        ]
        spec.recorders = [RecorderSpec(name: "vm", kind: .multimeter(recordFrom: ["V"], interval: 1), targets: [NeuronSelection(population: 0)])]
        let problems = NetworkValidator.problems(spec)
        XCTAssertEqual(problems.map(\.path), [
            "populations.E.params.C_mm", "populations.E.params.tau_m", "populations.I.model",
            "populations.X.params.V_reset", "projections[0].delay", "recorders.vm",
        ])
    }
}
