import XCTest
import Hibana

/// CPU and GPU runs of the same network, on a GPU (`CUDASimulationTests`, skipped without one)
/// and on the CPU emulator of the driver (`EmulatedCUDASimulationTests`, everywhere). With
/// deterministic input the double-precision GPU update is the CPU's arithmetic statement for
/// statement (fused multiply-add off), so spikes and traces must agree exactly; Poisson input
/// draws from the same Philox streams, so only the order of atomic additions of simultaneous
/// spikes onto one target can differ.
final class CUDASimulationTests: XCTestCase {
    func backend() throws -> CUDABackend {
        do { return try CUDABackend.open() } catch { throw XCTSkip("no GPU: \(error)") }
    }

    func testExactModelsGiveTheCPUsSpikesAndTraces() throws { try CUDASimulationChecks.exactModels(try backend(), exact: false) }
    func testPoissonNetworkMatchesCPURates() throws { try CUDASimulationChecks.poissonRates(try backend()) }
    func testPoissonInputIsTheCPUs() throws { try CUDASimulationChecks.poissonExact(try backend()) }
    func testNoiseInputIsTheCPUs() throws { try CUDASimulationChecks.noiseExact(try backend()) }
    func testIntegratedModelsFollowTheCPU() throws { try CUDASimulationChecks.integratedModels(try backend(), exact: false) }
    func testNumericalBlowUpIsReportedAsOnTheCPU() throws { try CUDASimulationChecks.blowUp(try backend()) }
    func testGraphBatchesRunAsKernelLaunches() throws { try CUDASimulationChecks.graphBatches(try backend(), exact: false) }
}

/// The same checks with the CUDA emulator (`Tests/cuda-emulator`): the host code, the generated
/// kernels and the transfers run for real, a thread at a time, so everything but the GPU's
/// concurrency is tested where there is no GPU.
final class EmulatedCUDASimulationTests: XCTestCase {
    func testExactModelsGiveTheCPUsSpikesAndTraces() throws {
        try CUDASimulationChecks.exactModels(try CUDAEmulator.backend(), exact: true)
    }
    func testPoissonNetworkMatchesCPURates() throws { try CUDASimulationChecks.poissonRates(try CUDAEmulator.backend()) }
    func testPoissonInputIsTheCPUs() throws { try CUDASimulationChecks.poissonExact(try CUDAEmulator.backend()) }
    func testNoiseInputIsTheCPUs() throws { try CUDASimulationChecks.noiseExact(try CUDAEmulator.backend()) }
    func testIntegratedModelsFollowTheCPU() throws {
        try CUDASimulationChecks.integratedModels(try CUDAEmulator.backend(), exact: true)
    }
    func testNumericalBlowUpIsReportedAsOnTheCPU() throws { try CUDASimulationChecks.blowUp(try CUDAEmulator.backend()) }
    func testGraphBatchesRunAsKernelLaunches() throws {
        try CUDASimulationChecks.graphBatches(try CUDAEmulator.backend(), exact: true)
    }
}

enum CUDASimulationChecks {

    /// Three neurons of `model`, driven by a DC current and a spike train, recurrently connected,
    /// every variable recorded every step (and V_m every `sparseInterval` ms by "sparse").
    static func deterministicNetwork(
        _ model: String, weight: Double, dc: Double, sparseInterval: Double? = nil
    ) throws -> (Network, String, String) {
        var net = Network(seed: 11)
        let cells = try net.population(model, count: 3)
        let current = try net.device("dc_generator", ["amplitude": .value(dc), "start": 5])
        let train = try net.device("spike_generator", ["spike_times": .list([2, 7.5, 7.6, 20, 33.3, 60])])
        try net.connect(current, cells, weight: .uniform(min: 0.9, max: 1.2), delay: .constant(0.1))
        try net.connect(train, cells, weight: .constant(weight), delay: .constant(1))
        try net.connect(cells, cells, weight: .normal(mean: 0, std: weight), delay: .uniform(min: 0.5, max: 3))
        let spikes = net.recordSpikes(cells)
        let variables = try ModelCatalog.neuron(named: model).recordables.map(\.name)
        let meter = net.record(variables, from: cells, interval: 0.1)
        if let sparseInterval { _ = net.record(["V_m"], from: cells, interval: sparseInterval, name: "sparse") }
        return (net, spikes, meter)
    }

    /// The exactly integrated models: the CPU's spikes. With `exact` (the emulator) the CPU's
    /// traces bit for bit; on a GPU, where two or more atomic additions onto one ring slot can come
    /// in another order (a last-bit difference of the sum), within 1e-9 of them.
    static func exactModels(_ gpu: CUDABackend, exact: Bool) throws {
        let cases: [(String, Double, Double)] = [
            ("iaf_psc_delta", 8, 400), ("iaf_psc_exp", 600, 400), ("iaf_psc_alpha", 600, 400), ("izhikevich", 8, 12),
        ]
        for (model, weight, dc) in cases {
            let (net, spikes, meter) = try deterministicNetwork(model, weight: weight, dc: dc)
            let network = try NetworkBuilder.build(net.spec, threads: 1)
            let cpu = Simulation(network)
            try cpu.run(100)
            let device = try CUDASimulation(try gpuBuilt(net.spec, threads: 2), backend: gpu)
            try device.run(100)
            let expected = try cpu.spikes(spikes)
            XCTAssertGreaterThan(expected.count, 5, "\(model): the test network must spike")
            XCTAssertEqual(try device.spikes(spikes), expected, model)
            let a = try cpu.multimeter(meter), b = try device.multimeter(meter)
            XCTAssertEqual(a.times, b.times, model)
            XCTAssertEqual(a.senders, b.senders, model)
            assertTraces(b.values, equal: a.values, exact: exact, tolerance: 1e-9, model)
            XCTAssertEqual(device.spikeCount, cpu.spikeCount, model)
        }
    }

    /// Brunel (2000) at 1/10 scale with Poisson input: the same streams, so the same rates
    /// within 2 % (the tolerance covers the atomics' summation order, which can move a spike).
    static func poissonRates(_ gpu: CUDABackend) throws {
        let spec = tenthBrunel()
        let cpu = Simulation(try NetworkBuilder.build(spec, threads: 2))
        try cpu.run(300)
        let device = try CUDASimulation(try gpuBuilt(spec, threads: 2), backend: gpu)
        try device.run(300)
        XCTAssertGreaterThan(cpu.spikeCount, 1000)
        XCTAssertEqual(Double(device.spikeCount), Double(cpu.spikeCount), accuracy: 0.02 * Double(cpu.spikeCount))
    }

    /// The Brunel (2000) example with a tenth of its neurons and indegrees.
    static func tenthBrunel() -> NetworkSpec {
        var spec = ModelFile.check(path: ModelFileFixtures.example("brunel2000")).model.spec
        for p in spec.populations.indices { spec.populations[p].count /= 10 }
        for p in spec.projections.indices {
            if case let .fixedIndegree(k) = spec.projections[p].rule { spec.projections[p].rule = .fixedIndegree(k / 10) }
        }
        return spec
    }

    /// The RKF45 models (adaptive steps chosen with `pow`, right-hand sides with `exp`): on the
    /// emulator (the host's libm) the CPU's spikes and traces exactly; on a GPU, whose `exp` and
    /// `pow` may differ in the last bit, the same spikes and traces within 1e-6 mV.
    static func integratedModels(_ gpu: CUDABackend, exact: Bool) throws {
        for (model, weight, dc) in [("iaf_cond_exp", 20.0, 500.0), ("iaf_cond_alpha", 10, 500), ("hh_psc_alpha", 300, 800), ("aeif_cond_exp", 20, 700)] {
            let (net, spikes, meter) = try deterministicNetwork(model, weight: weight, dc: dc)
            let cpu = Simulation(try NetworkBuilder.build(net.spec, threads: 1))
            try cpu.run(100)
            let device = try CUDASimulation(try gpuBuilt(net.spec, threads: 2), backend: gpu)
            try device.run(100)
            let expected = try cpu.spikes(spikes)
            XCTAssertGreaterThan(expected.count, 5, "\(model): the test network must spike")
            XCTAssertEqual(try device.spikes(spikes), expected, model)
            let a = try cpu.multimeter(meter), b = try device.multimeter(meter)
            assertTraces(b.values, equal: a.values, exact: exact, tolerance: 1e-6, model)
        }
    }

    /// Every recorded variable's traces: bit for bit, or within `tolerance` × max(1, |value|).
    static func assertTraces(
        _ values: [String: [[Double]]], equal expected: [String: [[Double]]], exact: Bool, tolerance: Double, _ what: String
    ) {
        for (name, traces) in expected {
            if exact { XCTAssertEqual(values[name], traces, "\(what) \(name)"); continue }
            XCTAssertEqual(values[name]?.map(\.count), traces.map(\.count), "\(what) \(name)")
            for (x, y) in zip(traces.joined(), (values[name] ?? []).joined()) {
                XCTAssertEqual(x, y, accuracy: tolerance * max(1, abs(x)), "\(what) \(name)")
            }
        }
    }

    /// Poisson input draws the CPU's variates (same streams; the lockstep inversion below 10 per
    /// step, PTRS above), so neurons driven only by Poisson generators (whose terms a target's own
    /// thread adds in the CPU's device order) spike at the same steps, with the same traces' bits.
    static func poissonExact(_ gpu: CUDABackend) throws {
        var net = Network(seed: 5)
        let cells = try net.population("iaf_psc_exp", count: 40)
        let excitation = try net.device("poisson_generator", ["rate": .value(18_000)])
        let inhibition = try net.device("poisson_generator", ["rate": .value(4_000), "start": 20])
        try net.connect(excitation, cells, weight: .constant(70), delay: .constant(1))
        try net.connect(inhibition, cells, weight: .constant(-90), delay: .constant(1.5))
        // 15 spikes per step: PTRS from each link's stream, as on the CPU.
        let dense = try net.device("poisson_generator", ["rate": .value(150_000), "start": 50, "stop": 250])
        try net.connect(dense, cells, weight: .uniform(min: -11, max: 9), delay: .constant(0.5))
        let spikes = net.recordSpikes(cells)
        let meter = net.record(["V_m"], from: cells, interval: 0.5)
        let cpu = Simulation(try NetworkBuilder.build(net.spec, threads: 2))
        try cpu.run(300)
        let device = try CUDASimulation(try gpuBuilt(net.spec, threads: 2), backend: gpu)
        try device.run(300)
        let expected = try cpu.spikes(spikes)
        XCTAssertGreaterThan(expected.count, 200, "the test network must spike")
        XCTAssertEqual(try device.spikes(spikes), expected)
        XCTAssertEqual(try device.multimeter(meter).values["V_m"], try cpu.multimeter(meter).values["V_m"])
    }

    /// noise_generator draws the CPU's normal variates from the same streams (the ziggurat and
    /// its tables ported), held for its interval: the same currents, spikes and traces.
    static func noiseExact(_ gpu: CUDABackend) throws {
        var net = Network(seed: 8)
        let cells = try net.population("iaf_psc_exp", count: 30)
        let slow = try net.device("noise_generator", ["mean": .value(350), "std": .value(300), "dt": .value(1), "start": 10])
        let fast = try net.device("noise_generator", ["mean": .value(50), "std": .value(500)])
        try net.connect(slow, cells, weight: .uniform(min: 0.5, max: 1.5), delay: .constant(1))
        try net.connect(fast, cells, weight: .constant(1), delay: .constant(0.5))
        let spikes = net.recordSpikes(cells)
        let meter = net.record(["V_m"], from: cells, interval: 0.3)
        let cpu = Simulation(try NetworkBuilder.build(net.spec, threads: 2))
        try cpu.run(300)
        let device = try CUDASimulation(try gpuBuilt(net.spec, threads: 1), backend: gpu)
        try device.run(300)
        let expected = try cpu.spikes(spikes)
        XCTAssertGreaterThan(expected.count, 100, "the test network must spike")
        XCTAssertEqual(try device.spikes(spikes), expected)
        XCTAssertEqual(try device.multimeter(meter).values["V_m"], try cpu.multimeter(meter).values["V_m"])
    }

    /// A network without multimeters runs its full batches as CUDA graphs: the CPU's spikes, as
    /// kernel by kernel. With `exact` (the emulator: one thread at a time) the membrane-driven
    /// network's spikes equal the CPU's exactly; on a GPU the recurrent sums' order may move a
    /// spike, so there the graph run must match the launch run's count within 1 %.
    static func graphBatches(_ gpu: CUDABackend, exact: Bool) throws {
        // "sparse" samples every 7 steps: batches start at several phases of it, a graph each.
        let (net, spikes, meter) = try deterministicNetwork("iaf_psc_exp", weight: 600, dc: 400, sparseInterval: 0.7)
        let spec = net.spec
        let cpu = Simulation(try NetworkBuilder.build(spec, threads: 1))
        try cpu.run(100)
        let graphs = try CUDASimulation(try gpuBuilt(spec, threads: 1), backend: gpu)
        XCTAssert(graphs.usesGraphs)
        try graphs.run(60)
        try graphs.run(40)
        XCTAssertNil(graphs.graphProblem)
        XCTAssertGreaterThan(graphs.graphLaunches, 2, "batches of \(graphs.batchCycles) cycles")
        XCTAssertGreaterThan(graphs.recordedGraphs, 1, "batches at several phases of the 7-step interval")
        for recorder in [meter, "sparse"] {
            let a = try cpu.multimeter(recorder), b = try graphs.multimeter(recorder)
            XCTAssertEqual(b.times, a.times, recorder)
            for (name, traces) in a.values {
                if exact { XCTAssertEqual(b.values[name], traces, "\(recorder) \(name)") } else {
                    XCTAssertEqual(b.values[name]?.count, traces.count, "\(recorder) \(name)")
                }
            }
        }
        let launches = try CUDASimulation(try gpuBuilt(spec, threads: 1), backend: gpu)
        launches.usesGraphs = false
        try launches.run(100)
        XCTAssertEqual(launches.graphLaunches, 0)
        XCTAssertGreaterThan(cpu.spikeCount, 5)
        if exact {
            XCTAssertEqual(try graphs.spikes(spikes), try cpu.spikes(spikes))
            XCTAssertEqual(try launches.spikes(spikes), try cpu.spikes(spikes))
        } else {
            XCTAssertEqual(Double(graphs.spikeCount), Double(launches.spikeCount), accuracy: 0.01 * Double(launches.spikeCount))
        }
    }

    /// A blow-up stops the GPU run with the CPU's error (population, neuron, variable, time).
    static func blowUp(_ gpu: CUDABackend) throws {
        var net = Network()
        let cells = try net.population("iaf_psc_exp", count: 4)
        let train = try net.device("spike_generator", ["spike_times": .list([1, 1, 2])])
        try net.connect(train, cells, weight: .constant(1e308), delay: .constant(1))
        func failure(_ run: (Double) throws -> Void) -> String {
            do { try run(50) } catch { return "\(error)" }
            return "no error"
        }
        let cpu = Simulation(try NetworkBuilder.build(net.spec, threads: 1))
        let device = try CUDASimulation(try gpuBuilt(net.spec, threads: 1), backend: gpu)
        let expected = failure { try cpu.run($0) }
        XCTAssertNotEqual(expected, "no error")
        XCTAssertEqual(failure { try device.run($0) }, expected)
        XCTAssertEqual(device.time, cpu.time)
    }
}
