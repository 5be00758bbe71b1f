import XCTest
import Hibana

/// Values with units are converted to NEST's unit of their key, exactly where the conversion is a
/// power of ten; a unit of the wrong dimension is an error naming the key, the unit given and the
/// unit expected.
final class ModelFileUnitTests: XCTestCase {
    /// A model with one key in each of NEST's units, so every dimension can be tried.
    static let units = ModelUnits(
        parameter: { model, key in
            guard model == "test_model" else { return nil }
            return ["t": "ms", "v": "mV", "i": "pA", "g": "nS", "c": "pF", "f": "Hz", "n": ""][key]
        },
        weight: { _, _ in "pA" })

    /// The value of `key` written as `value`, in the key's unit, or the problem's reason.
    func convert(_ key: String, _ value: String) -> Result<Double, ModelFileProblem> {
        let text = "populations:\n  P: {model: test_model, size: 1, params: {\(key): \(value)}}\n"
        let reading = ModelFile.read(text: text, file: "u.yaml", units: Self.units)
        if let problem = reading.problems.first { return .failure(problem) }
        guard case let .value(v)? = reading.model.spec.populations.first?.parameters[key] else {
            XCTFail("no value for \(key)")
            return .success(.nan)
        }
        return .success(v)
    }

    func testConversionsToNESTUnits() throws {
        let cases: [(key: String, written: String, expected: Double)] = [
            ("t", "10 ms", 10), ("t", "10ms", 10), ("t", "0.1 ms", 0.1), ("t", "1 s", 1000), ("t", "1500 us", 1.5),
            ("t", "1500 µs", 1.5), ("t", "2.5", 2.5), ("t", "1e3 ns", 0.001),
            ("v", "-70 mV", -70), ("v", "-0.07 V", -70), ("v", "500 uV", 0.5), ("v", "-70", -70),
            ("i", "0.5 nA", 500), ("i", "376 pA", 376), ("i", "1 uA", 1_000_000), ("i", "3 fA", 0.003),
            ("g", "5 nS", 5), ("g", "1 uS", 1000), ("g", "1 μS", 1000), ("g", "250 pS", 0.25), ("g", "0.001 mS", 1000),
            ("c", "250 pF", 250), ("c", "0.25 nF", 250), ("c", "1 uF", 1_000_000),
            ("f", "8 Hz", 8), ("f", "20 kHz", 20000), ("f", "0.001 MHz", 1000),
            ("n", "3", 3), ("n", "true", 1), ("n", "false", 0), ("n", "2 * (3 + 4)", 14), ("n", "-2 * -3", 6),
            ("t", ".inf", .infinity),
        ]
        for c in cases {
            switch convert(c.key, c.written) {
            case let .success(v):
                // Exact: a power-of-ten conversion is one correctly rounded multiplication or division.
                XCTAssertEqual(v, c.expected, "\(c.key): \(c.written)")
            case let .failure(problem): XCTFail("\(c.written): \(problem)")
            }
        }
    }

    func testWrongDimensionNamesKeyAndBothUnits() {
        let cases: [(key: String, written: String, reason: String)] = [
            ("t", "10 mV", "t is a time in ms; got '10 mV', which is a voltage in mV"),
            ("v", "5 nS", "v is a voltage in mV; got '5 nS', which is a conductance in nS"),
            ("i", "250 pF", "i is a current in pA; got '250 pF', which is a capacitance in pF"),
            ("g", "1 uA", "g is a conductance in nS; got '1 uA', which is a current in uA"),
            ("c", "10 ms", "c is a capacitance in pF; got '10 ms', which is a time in ms"),
            ("f", "1 s", "f is a frequency in Hz; got '1 s', which is a time in s"),
            ("n", "3 ms", "n is a plain number without a unit; got '3 ms', a time"),
            ("t", "10 mv", "unknown unit 'mv'; did you mean 'mV'?"),
            ("t", "10 sec", "unknown unit 'sec'"),
            ("t", "10 ms ms", "expected a number followed by one unit; got '10 ms ms'"),
            ("t", "ms", "expected a number; got 'ms'"),
            ("t", "1.2.3", "expected a number; got '1.2.3'"),
            ("t", "(1 + 2", "a ')' is missing"),
            ("t", ".nan", "not a number"),
            ("t", "0/0", "the value is not a number"),
            ("t", "$tau", "'$tau' is not defined: the file has no 'parameters' block"),
            ("v", "true", "expected a number; got 'true'"),
            ("n", String(repeating: "1 + ", count: 300) + "1", "the expression is too long"),
            ("n", String(repeating: "(", count: 70) + "1" + String(repeating: ")", count: 70), "nested too deeply"),
        ]
        for c in cases {
            switch convert(c.key, c.written) {
            case let .success(v): XCTFail("\(c.written) was accepted as \(v)")
            case let .failure(problem):
                XCTAssertEqual(problem.path, "populations.P.params.\(c.key)")
                XCTAssertEqual(problem.location, .file(line: 2, column: 46 + c.key.count), c.written)
                XCTAssert(problem.reason.contains(c.reason), "\(c.written): \(problem.reason)")
            }
        }
    }

    func testUnitsOfRunSettingsWeightsAndDistributions() {
        let text = """
            run: {resolution: 100 us, duration: 2 s}
            populations: {P: {model: test_model, size: 2, params: {t: {distribution: uniform, min: 1 ms, max: 0.002 s}}}}
            projections:
              - {source: P, target: P, weight: 0.1 nA, delay: {distribution: normal_clipped, mean: 1.5 ms, std: 100 us, min: 0.1 ms, max: 3 ms}}
              - {source: P, target: P, weight: 1 mV}
              - {source: P, target: P, delay: 2 mV}
            recorders: {vm: {model: multimeter, population: P, record_from: [t], interval: 0.5 ms}}
            """
        let reading = ModelFile.read(text: text, file: "u.yaml", units: Self.units)
        XCTAssertEqual(reading.model.spec.resolution, 0.1)
        XCTAssertEqual(reading.model.run.duration, 2000)
        XCTAssertEqual(reading.model.spec.populations[0].parameters["t"], .distribution(.uniform(min: 1, max: 2)))
        XCTAssertEqual(reading.model.spec.projections[0].weight, .constant(100))
        XCTAssertEqual(reading.model.spec.projections[0].delay, .normalClipped(mean: 1.5, std: 0.1, min: 0.1, max: 3))
        XCTAssertEqual(reading.model.spec.recorders[0].kind, .multimeter(recordFrom: ["t"], interval: 0.5))
        XCTAssertEqual(reading.problems.map(\.description), [
            "u.yaml:5:36: projections[1].weight: weight is a current in pA; got '1 mV', which is a voltage in mV",
            "u.yaml:6:35: projections[2].delay: delay is a time in ms; got '2 mV', which is a voltage in mV",
        ])
    }

    /// The catalogue's units: parameters from each model's ParameterSpec; weights in mV for
    /// delta synapses, pA for current-based ones, a plain multiplier from a current device.
    func testCatalogUnits() {
        XCTAssertEqual(ModelUnits.catalog.parameter("iaf_psc_exp", "tau_m"), "ms")
        XCTAssertEqual(ModelUnits.catalog.parameter("iaf_psc_exp", "C_m"), "pF")
        XCTAssertEqual(ModelUnits.catalog.parameter("poisson_generator", "rate"), "Hz")
        XCTAssertEqual(ModelUnits.catalog.parameter("iaf_psc_delta", "refractory_input"), "")
        XCTAssertNil(ModelUnits.catalog.parameter("iaf_psc_exp", "tau_mm"))
        XCTAssertNil(ModelUnits.catalog.parameter("no_such_model", "tau_m"))
        XCTAssertEqual(ModelUnits.catalog.weight("iaf_psc_exp", "iaf_psc_delta"), "mV")
        XCTAssertEqual(ModelUnits.catalog.weight("poisson_generator", "iaf_psc_alpha"), "pA")
        XCTAssertEqual(ModelUnits.catalog.weight("dc_generator", "iaf_psc_exp"), "")
        XCTAssertNil(ModelUnits.catalog.weight("iaf_psc_exp", "no_such_model"))
    }
}
