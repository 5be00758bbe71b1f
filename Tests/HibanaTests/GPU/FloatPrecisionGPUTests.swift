import XCTest
import Hibana

/// `precision: float` (neuron state and input rings as floats) against the CPU's double: the
/// tolerance docs/gpu-backend.md states, on a GPU (skipped without one) and on the emulator.
final class FloatPrecisionGPUTests: XCTestCase {
    func backend() throws -> CUDABackend {
        do { return try CUDABackend.open() } catch { throw XCTSkip("no GPU: \(error)") }
    }

    func testDeterministicInputGivesTheCPUsSpikes() throws { try FloatPrecisionChecks.deterministic(try backend(), exact: false) }
    func testBrunelRatesAreTheCPUs() throws { try FloatPrecisionChecks.brunelRates(try backend()) }
    func testPlasticSynapsesLearnTheCPUsWeights() throws {
        try StdpGPUChecks.batched(try backend(), exact: false, precision: .float)
    }
}

final class EmulatedFloatPrecisionTests: XCTestCase {
    func testDeterministicInputGivesTheCPUsSpikes() throws {
        try FloatPrecisionChecks.deterministic(try CUDAEmulator.backend(), exact: true)
    }
    func testBrunelRatesAreTheCPUs() throws { try FloatPrecisionChecks.brunelRates(try CUDAEmulator.backend()) }
    /// stdp, cerebellar, tsodyks and dopamine synapses in float batches: the CPU's spikes and weights.
    func testPlasticSynapsesLearnTheCPUsWeights() throws {
        try StdpGPUChecks.batched(try CUDAEmulator.backend(), exact: true, precision: .float)
    }
}

enum FloatPrecisionChecks {
    /// Each model with its V_m tolerance: 1e-4 mV where the dynamics contract between spikes;
    /// 0.1 mV for the models whose spike upstroke (quadratic, exponential, Hodgkin–Huxley)
    /// amplifies float's rounding (measured: 5e-3, 4e-2 and 1e-2 mV over 300 ms).
    static let cases: [(model: String, weight: Double, dc: Double, tolerance: Double)] = [
        ("iaf_psc_delta", 8, 400, 1e-4), ("iaf_psc_exp", 600, 400, 1e-4), ("iaf_psc_alpha", 600, 400, 1e-4),
        ("iaf_cond_exp", 20, 500, 1e-4), ("iaf_cond_alpha", 10, 500, 1e-4),
        ("izhikevich", 8, 12, 0.1), ("aeif_cond_exp", 20, 700, 0.1), ("hh_psc_alpha", 300, 800, 0.1),
    ]

    /// Deterministic input (DC and a spike train into three recurrently connected neurons, as
    /// `CUDASimulationChecks.deterministicNetwork`), 300 ms: every spike at the CPU's step (on a GPU,
    /// whose atomics add simultaneous inputs in any order, within one step), V_m within the model's tolerance.
    static func deterministic(_ gpu: CUDABackend, exact: Bool) throws {
        for (model, weight, dc, tolerance) in cases {
            let (net, spikes, meter) = try CUDASimulationChecks.deterministicNetwork(model, weight: weight, dc: dc)
            let cpu = Simulation(try NetworkBuilder.build(net.spec, threads: 1))
            try cpu.run(300)
            let device = try CUDASimulation(try gpuBuilt(net.spec, threads: 2), backend: gpu, precision: .float)
            try device.run(300)
            let expected = try cpu.spikes(spikes), got = try device.spikes(spikes)
            XCTAssertGreaterThan(expected.count, 10, "\(model): the test network must spike")
            if exact { XCTAssertEqual(got, expected, model) }
            for sender in Set(expected.senders) {
                let a = expected.times(of: sender), b = got.times(of: sender)
                XCTAssertEqual(a.count, b.count, "\(model) sender \(sender)")
                for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: net.spec.resolution * 1.001, "\(model) sender \(sender)") }
            }
            let vm = try cpu.multimeter(meter).values["V_m"]!, floatVm = try device.multimeter(meter).values["V_m"]!
            let error = zip(vm.joined(), floatVm.joined()).map { abs($0 - $1) }.max() ?? .infinity
            XCTAssertLessThanOrEqual(error, tolerance, "\(model): largest V_m difference, mV")
            XCTAssertGreaterThan(error, 0, "\(model): a float run rounds")
        }
    }

    /// Brunel (2000) at 1/10 scale with Poisson input, 300 ms: float moves spikes, and the
    /// network's chaos spreads that, so the count is compared as a statistic: within 2 % of the CPU's, as in double
    /// (measured on the emulator: 0.3 %).
    static func brunelRates(_ gpu: CUDABackend) throws {
        let spec = CUDASimulationChecks.tenthBrunel()
        let cpu = Simulation(try NetworkBuilder.build(spec, threads: 2))
        try cpu.run(300)
        let device = try CUDASimulation(try gpuBuilt(spec, threads: 2), backend: gpu, precision: .float)
        try device.run(300)
        XCTAssertGreaterThan(cpu.spikeCount, 1000)
        XCTAssertEqual(Double(device.spikeCount), Double(cpu.spikeCount), accuracy: 0.02 * Double(cpu.spikeCount))
    }
}
