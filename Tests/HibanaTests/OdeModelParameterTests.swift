import HibanaDescription
import XCTest
@testable import HibanaModels

/// Parameters of the numerically integrated models: NEST's defaults, and bad values refused with
/// an error that names the model, the key and the value.
final class OdeModelParameterTests: XCTestCase {
    static var models: [any NeuronModel.Type] {
        [IafCondExp.self, IafCondAlpha.self, AeifCondExp.self, HhPscAlpha.self, Izhikevich.self]
    }

    func resolve(_ model: any NeuronModel.Type, _ given: [String: ParameterValue]) throws -> ParameterTable {
        let table = try ParameterResolution.resolve(
            model: model.name, specs: model.parameters, given: given, total: 1, first: 0, count: 1, gid0: 0, seed: 1,
            family: 0)
        try model.check(table)
        return table
    }

    func assertRefused(
        _ model: any NeuronModel.Type, _ given: [String: ParameterValue], key: String, value: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try resolve(model, given), file: file, line: line) { error in
            guard case let HibanaError.invalidParameter(m, k, v, allowed) = error else {
                return XCTFail("\(model.name): expected invalidParameter, got \(error)", file: file, line: line)
            }
            XCTAssertEqual(m, model.name, file: file, line: line)
            XCTAssertEqual(k, key, file: file, line: line)
            XCTAssertEqual(v, value, file: file, line: line)
            XCTAssertFalse(allowed.isEmpty, file: file, line: line)
        }
    }

    func testCatalogued() throws {
        for model in Self.models {
            XCTAssertTrue(try ModelCatalog.neuron(named: model.name) == model, model.name)
        }
    }

    /// The defaults are NEST's: the spikes scenario of each reference case reads back NEST's
    /// defaults (I_e = 0 there), state variables included.
    func testDefaultsAreNEST() throws {
        for model in Self.models {
            let nest = try ReferenceCase(model.name, "spikes").parameters
            XCTAssertNoThrow(try resolve(model, [:]), model.name)
            for spec in model.parameters {
                let expected = try XCTUnwrap(nest[spec.key], "\(model.name): NEST has no \(spec.key)")
                XCTAssertEqual(spec.defaultValue, expected, accuracy: 1e-15 * max(1, abs(expected)), "\(model.name).\(spec.key)")
            }
        }
    }

    func testIafCondExpRefusesBadInput() {
        assertRefused(IafCondExp.self, ["C_m": 0], key: "C_m", value: "0 pF")
        assertRefused(IafCondExp.self, ["V_reset": -50], key: "V_reset", value: "-50 mV")
        assertRefused(IafCondExp.self, ["tau_syn_ex": -1], key: "tau_syn_ex", value: "-1 ms")
        assertRefused(IafCondExp.self, ["t_ref": -2], key: "t_ref", value: "-2 ms")
    }

    func testIafCondAlphaRefusesBadInput() {
        assertRefused(IafCondAlpha.self, ["C_m": -250], key: "C_m", value: "-250 pF")
        assertRefused(IafCondAlpha.self, ["V_reset": -55], key: "V_reset", value: "-55 mV")
        assertRefused(IafCondAlpha.self, ["tau_syn_in": 0], key: "tau_syn_in", value: "0 ms")
    }

    func testAeifCondExpRefusesBadInput() {
        assertRefused(AeifCondExp.self, ["C_m": 0], key: "C_m", value: "0 pF")
        assertRefused(AeifCondExp.self, ["V_peak": -60], key: "V_peak", value: "-60 mV")
        assertRefused(AeifCondExp.self, ["V_reset": 0], key: "V_reset", value: "0 mV")
        assertRefused(AeifCondExp.self, ["gsl_error_tol": 0], key: "gsl_error_tol", value: "0")
        assertRefused(AeifCondExp.self, ["tau_w": 0], key: "tau_w", value: "0 ms")
        assertRefused(AeifCondExp.self, ["Delta_T": -1], key: "Delta_T", value: "-1 mV")
        // exp((V_peak - V_th) / Delta_T) = exp(5040) overflows.
        assertRefused(AeifCondExp.self, ["Delta_T": 0.01], key: "Delta_T", value: "0.01 mV")
        // V_peak = V_th is allowed, and Delta_T = 0 (integrate-and-fire with V_th as threshold).
        XCTAssertNoThrow(try resolve(AeifCondExp.self, ["V_peak": -50.4]))
        XCTAssertNoThrow(try resolve(AeifCondExp.self, ["Delta_T": 0]))
    }

    func testHhPscAlphaRefusesBadInput() {
        assertRefused(HhPscAlpha.self, ["C_m": 0], key: "C_m", value: "0 pF")
        assertRefused(HhPscAlpha.self, ["g_Na": -1], key: "g_Na", value: "-1 nS")
        assertRefused(HhPscAlpha.self, ["tau_syn_ex": 0], key: "tau_syn_ex", value: "0 ms")
        assertRefused(HhPscAlpha.self, ["Act_m": -0.1], key: "Act_m", value: "-0.1")
    }

    func testIzhikevichRefusesBadInput() {
        assertRefused(Izhikevich.self, ["consistent_integration": 0.5], key: "consistent_integration", value: "0.5")
        assertRefused(Izhikevich.self, ["c": 30], key: "c", value: "30 mV")
    }

    /// Izhikevich's published numerics (consistent_integration = false), first step from NEST's
    /// initial state with I_e = 10, worked by hand: two half steps of V_m, then U_m from the new V_m.
    func testIzhikevichPublishedNumerics() throws {
        let table = try resolve(Izhikevich.self, ["consistent_integration": false, "I_e": 10])
        let block = Izhikevich(parameters: table, resolution: 0.1)
        var zero = 0.0
        var out = SpikeOutput()
        withUnsafePointer(to: &zero) { z in
            block.update(input: StepInput(excitatory: z, inhibitory: z, current: z), spikes: &out)
        }
        // -65 + 0.35 = -64.65; + 0.05 (0.04 · 64.65² − 5 · 64.65 + 163) = -64.303255
        XCTAssertEqual(block.recordable(0, neuron: 0), -64.303255, accuracy: 1e-12)
        // -13 + 0.1 · 0.02 (0.2 · (-64.303255) + 13)
        XCTAssertEqual(block.recordable(1, neuron: 0), -12.999721302, accuracy: 1e-12)
    }

    /// aeif_cond_exp reports the runaway values NEST stops on, not only NaN and infinities.
    func testAeifReportsRunaway() throws {
        let block = AeifCondExp(parameters: try resolve(AeifCondExp.self, ["w": 2e6]), resolution: 0.1)
        let bad = try XCTUnwrap(block.firstNonFinite())
        XCTAssertEqual(bad.neuron, 0)
        XCTAssertEqual(bad.variable, "w")
        XCTAssertEqual(bad.value, 2e6)
        XCTAssertNil(AeifCondExp(parameters: try resolve(AeifCondExp.self, [:]), resolution: 0.1).firstNonFinite())
    }

    /// aeif_cond_exp with a refractory period: V_m is held at V_reset for t_ref after each spike,
    /// and every spike adds b to w.
    func testAeifRefractoryClamp() throws {
        let table = try resolve(AeifCondExp.self, ["I_e": 800, "t_ref": 2])
        let block = AeifCondExp(parameters: table, resolution: 0.1)
        var zero = 0.0
        var out = SpikeOutput()
        var spikeSteps: [Int] = []
        var trace: [(v: Double, w: Double)] = []
        for k in 0..<2000 {
            withUnsafePointer(to: &zero) { z in
                block.update(input: StepInput(excitatory: z, inhibitory: z, current: z), spikes: &out)
            }
            if !out.indices.isEmpty { spikeSteps.append(k) }
            out.indices.removeAll()
            trace.append((block.recordable(0, neuron: 0), block.recordable(3, neuron: 0)))
        }
        XCTAssertGreaterThan(spikeSteps.count, 2)
        for s in spikeSteps {
            XCTAssertGreaterThan(trace[s].w - trace[s - 1].w, 80.5 - 1, "w jumps by b at the spike")
            for k in s..<min(s + 20, trace.count) {
                XCTAssertEqual(trace[k].v, -60, "V_m clamped at V_reset \(k - s) steps after the spike")
            }
            if s + 21 < trace.count { XCTAssertNotEqual(trace[s + 21].v, -60, "free again after t_ref") }
        }
    }
}

/// Device current (`input.current`) arriving in a step acts from the next step on, as in NEST.
final class OdeModelDeviceCurrentTests: XCTestCase {
    func testCurrentActsFromTheNextStep() throws {
        for model in OdeModelParameterTests.models {
            let table = try ParameterResolution.resolve(
                model: model.name, specs: model.parameters, given: [:], total: 1, first: 0, count: 1, gid0: 0,
                seed: 1, family: 0)
            let quiet = model.init(parameters: table, resolution: 0.1)
            let driven = model.init(parameters: table, resolution: 0.1)
            let zero = UnsafeMutablePointer<Double>.allocate(capacity: 1)
            let current = UnsafeMutablePointer<Double>.allocate(capacity: 1)
            defer { zero.deallocate(); current.deallocate() }
            zero.pointee = 0
            current.pointee = 100
            var out = SpikeOutput()
            func step(_ block: any NeuronModel, _ c: UnsafeMutablePointer<Double>) {
                block.update(input: StepInput(excitatory: zero, inhibitory: zero, current: c), spikes: &out)
            }
            step(quiet, zero)
            step(driven, current)
            XCTAssertEqual(driven.recordable(0, neuron: 0), quiet.recordable(0, neuron: 0), "\(model.name): step 0")
            step(quiet, zero)
            step(driven, zero)
            XCTAssertGreaterThan(
                driven.recordable(0, neuron: 0), quiet.recordable(0, neuron: 0), "\(model.name): step 1 depolarised")
        }
    }
}
