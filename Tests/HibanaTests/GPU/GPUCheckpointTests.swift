import Foundation
import XCTest
import Hibana

/// GPU checkpoints: a run saved at 60 ms and continued for 40 ms gives, after 60 ms, the spikes,
/// samples and weights of one 100 ms run (bit for bit on the emulator), with or without plastic
/// synapses (batches as CUDA graphs, or one cycle per batch with a weight recorder), in double or
/// float; a checkpoint of the other backend or precision, of another network or a damaged one is
/// refused by name and changes nothing.
final class GPUCheckpointTests: XCTestCase {
    func testEmulatedStaticNetworkContinuesExactly() throws { try Self.checkStatic(try CUDAEmulator.backend(), exact: true) }

    func testEmulatedPlasticNetworkContinuesExactly() throws {
        try Self.checkPlastic(try CUDAEmulator.backend(), exact: true, hostCycles: true)
        try Self.checkPlastic(try CUDAEmulator.backend(), exact: true, hostCycles: false)
    }

    /// A float run's state is saved exactly (floats as doubles) and continues bit for bit.
    func testEmulatedFloatNetworkContinuesExactly() throws {
        try Self.checkStatic(try CUDAEmulator.backend(), exact: true, precision: .float)
        try Self.checkPlastic(try CUDAEmulator.backend(), exact: true, hostCycles: false, precision: .float)
    }

    /// On a GPU the atomics add simultaneous inputs in any order, so two runs can differ in the
    /// last bits: spike counts within 2 %, weights within 1e-6 relative.
    func testCheckpointsContinueOnAGPU() throws {
        let gpu: CUDABackend
        do { gpu = try CUDABackend.open() } catch { throw XCTSkip("no GPU: \(error)") }
        try Self.checkStatic(gpu, exact: false)
        try Self.checkPlastic(gpu, exact: false, hostCycles: true)
        try Self.checkPlastic(gpu, exact: false, hostCycles: false)
    }

    static func checkStatic(_ gpu: CUDABackend, exact: Bool, precision: Precision = .double) throws {
        var net = Network(seed: 31)
        let e = try net.population("iaf_psc_exp", count: 80)
        let i = try net.population("iaf_psc_alpha", count: 20)
        try net.connect(try net.device("poisson_generator", ["rate": 9000]), e, weight: .constant(30), delay: .constant(1))
        // 150 kHz × 0.1 ms: 15 spikes per step, PTRS draws that advance the links' streams.
        try net.connect(try net.device("poisson_generator", ["rate": 150_000]), i, weight: .constant(2), delay: .constant(1))
        try net.connect(try net.device("noise_generator", ["mean": 100, "std": 60, "dt": 0.5]), e, weight: .constant(1), delay: .constant(1))
        try net.connect(e, e, rule: .fixedIndegree(10), weight: .uniform(min: 5, max: 25), delay: .uniform(min: 1, max: 3))
        try net.connect(e, i, rule: .fixedIndegree(10), weight: .constant(20), delay: .constant(1.5))
        try net.connect(i, e, rule: .fixedIndegree(5), weight: .constant(-60), delay: .constant(1))
        let spikes = net.recordSpikes(e, i)
        let trace = net.record(["V_m"], from: e, indices: [0, 7, 42], interval: 0.5)
        try checkContinuation(net, spikes: spikes, multimeter: trace, plastic: [], gpu, exact: exact, precision: precision)
    }

    /// With `hostCycles` the weight recorder's log holds no batch: a batch is one cycle.
    static func checkPlastic(_ gpu: CUDABackend, exact: Bool, hostCycles: Bool, precision: Precision = .double) throws {
        var net = Network(seed: 32)
        let pre = try net.population("parrot_neuron", count: 20)
        let post = try net.population("iaf_psc_exp", count: 6)
        let teachers = try net.population("parrot_neuron", count: 6)
        let vt = try net.population("volume_transmitter", count: 1)
        try net.connect(try net.device("poisson_generator", ["rate": 40]), pre, weight: .constant(1), delay: .constant(1))
        try net.connect(try net.device("poisson_generator", ["rate": 8]), teachers, weight: .constant(1), delay: .constant(1))
        try net.connect(try net.device("poisson_generator", ["rate": 80]), vt, weight: .constant(1), delay: .constant(1))
        try net.connect(try net.device("dc_generator", ["amplitude": .value(380)]), post, weight: .constant(1), delay: .constant(0.1))
        let stdp = try net.connect(pre, post, synapse: .init("stdp_synapse", ["Wmax": 100, "lambda": 0.05], recordWeights: true),
                                   weight: .uniform(min: 10, max: 40), delay: .uniform(min: 1, max: 2))
        let dopamine = try net.connect(
            pre, post, rule: .fixedIndegree(5), synapse: .init("stdp_dopamine_synapse", ["A_plus": 1, "A_minus": 0.5], volumeTransmitter: vt),
            weight: .uniform(min: 10, max: 40), delay: .constant(1))
        let taught = try net.connect(
            pre, post, rule: .fixedIndegree(5), synapse: .init("cerebellar_pf_pc_synapse", ["A_LTD": 2, "A_LTP": 0.2, "Wmax": 60], teacher: teachers),
            weight: .uniform(min: 10, max: 40), delay: .constant(1))
        // Its stored weights stay; its state (u, x per source) shows in the targets' V_m.
        try net.connect(
            pre, post, rule: .fixedIndegree(4), synapse: .init("tsodyks2_synapse", ["U": 0.2, "tau_fac": 200, "tau_rec": 100]),
            weight: .constant(30), delay: .constant(1))
        let spikes = net.recordSpikes(post)
        let trace = net.record(["V_m"], from: post, interval: 0.3)
        try checkContinuation(
            net, spikes: spikes, multimeter: trace, plastic: [stdp, dopamine, taught], gpu, exact: exact,
            weightEvents: hostCycles ? 0 : CUDASimulation.weightEventsPerBatch, precision: precision)
    }

    /// One run of 100 ms against 60 ms, a checkpoint, a fresh simulation restored from it, and 40 ms more.
    static func checkContinuation(
        _ net: Network, spikes: String, multimeter: String, plastic: [Network.Projection], _ gpu: CUDABackend, exact: Bool,
        weightEvents: Int = CUDASimulation.weightEventsPerBatch, precision: Precision = .double
    ) throws {
        let simulation = {
            try CUDASimulation(try gpuBuilt(net.spec, threads: 2), backend: gpu, precision: precision, weightEvents: weightEvents)
        }
        let whole = try simulation()
        XCTAssertEqual(whole.batchCycles > 1, weightEvents > 0)
        try whole.run(100)
        let first = try simulation()
        try first.run(60)
        let saved = try first.checkpoint()
        let second = try simulation()
        try second.restore(checkpoint: saved)
        XCTAssertEqual(second.time, 60, accuracy: 1e-9)
        XCTAssertEqual(second.startTime, 60, accuracy: 1e-9)
        try second.run(40)

        let all = try whole.spikes(spikes), later = try second.spikes(spikes)
        let after = all.times.indices.filter { all.times[$0] > 60.05 }
        XCTAssertGreaterThan(after.count, 10, "the network must fire after 60 ms")
        guard exact else {
            XCTAssertEqual(Double(later.count), Double(after.count), accuracy: 0.02 * Double(after.count))
            for projection in plastic {
                let a = try whole.weights(projection: projection.index).weights, b = try second.weights(projection: projection.index).weights
                for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: 1e-6 * max(1, abs(x))) }
            }
            return
        }
        XCTAssertEqual(later.times, after.map { all.times[$0] })
        XCTAssertEqual(later.senders, after.map { all.senders[$0] })
        XCTAssertEqual(second.spikeCount, whole.spikeCount)
        let samples = try whole.multimeter(multimeter), continued = try second.multimeter(multimeter)
        XCTAssertGreaterThan(continued.times.count, 0)
        XCTAssertEqual(continued.times, Array(samples.times.suffix(continued.times.count)))
        XCTAssertGreaterThanOrEqual(continued.times.first ?? 0, 60)
        for (k, sender) in samples.senders.enumerated() {
            XCTAssertEqual(continued.trace("V_m", sender: sender), Array(samples.values["V_m"]![k].suffix(continued.times.count)))
        }
        for projection in plastic {
            let learned = try whole.weights(projection: projection.index)
            XCTAssertEqual(try second.weights(projection: projection.index), learned, "projection \(projection.index)")
            XCTAssertNotEqual(try first.weights(projection: projection.index), learned, "projection \(projection.index) learns after 60 ms")
        }
    }

    func testEmulatedCheckpointsOfAnotherBackendOrNetworkAreRefused() throws {
        var net = Network(seed: 33)
        let cells = try net.population("iaf_psc_exp", count: 10)
        try net.connect(try net.device("poisson_generator", ["rate": 12000]), cells, weight: .constant(30), delay: .constant(1))
        let gpu = try CUDAEmulator.backend()
        let device = try CUDASimulation(try gpuBuilt(net.spec, threads: 1), backend: gpu)
        try device.run(10)
        let gpuState = try device.checkpoint()
        let cpu = Simulation(try NetworkBuilder.build(net.spec, threads: 1))
        try cpu.run(10)

        let fresh = try CUDASimulation(try gpuBuilt(net.spec, threads: 1), backend: gpu)
        XCTAssertThrowsError(try fresh.restore(checkpoint: cpu.checkpoint())) { error in
            guard case let .differentNetwork(differences) = error as? CheckpointError else { return XCTFail("\(error)") }
            XCTAssertEqual(differences, ["backend: in the checkpoint absent, here cuda"])
        }
        XCTAssertThrowsError(try Simulation(try NetworkBuilder.build(net.spec, threads: 1)).restore(checkpoint: gpuState)) { error in
            XCTAssert("\(error)".contains("backend: in the checkpoint cuda, here absent"), "\(error)")
        }
        let float = try CUDASimulation(try gpuBuilt(net.spec, threads: 1), backend: gpu, precision: .float)
        XCTAssertThrowsError(try float.restore(checkpoint: gpuState)) { error in
            XCTAssert("\(error)".contains("precision: in the checkpoint absent, here float"), "\(error)")
        }
        var other = net.spec
        other.seed = 34
        let reseeded = try CUDASimulation(try gpuBuilt(other, threads: 1), backend: gpu)
        XCTAssertThrowsError(try reseeded.restore(checkpoint: gpuState)) { error in
            XCTAssert("\(error)".contains("seed: in the checkpoint 33, here 34"), "\(error)")
        }
        XCTAssertThrowsError(try fresh.restore(checkpoint: Array(gpuState.dropLast(8)))) { error in
            guard case .corrupt = error as? CheckpointError else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(fresh.time, 0, "a refused checkpoint changes nothing")
        try fresh.restore(checkpoint: gpuState)
        XCTAssertEqual(fresh.time, 10, accuracy: 1e-9)
    }
}
