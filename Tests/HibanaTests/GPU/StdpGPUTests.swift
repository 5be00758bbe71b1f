import Foundation
import XCTest
import Hibana
@testable import HibanaEngineCUDA

/// The pair-based STDP rules on the GPU against the CPU engine: the same weights after learning and the same
/// spikes. On the emulator the arithmetic and the order of every sum are the CPU's, so both are
/// exact; on a GPU the atomics may add simultaneous inputs in another order, so the weights are
/// compared within 1e-9 relative.
final class StdpGPUTests: XCTestCase {
    func testEmulatedStdpLearnsTheCPUsWeights() throws { try StdpGPUChecks.learning(try CUDAEmulator.backend(), exact: true) }

    func testStdpLearnsTheCPUsWeights() throws {
        let gpu: CUDABackend
        do { gpu = try CUDABackend.open() } catch { throw XCTSkip("no GPU: \(error)") }
        try StdpGPUChecks.learning(gpu, exact: false)
    }

    func testEmulatedPowerLawAndInhibitoryStdpLearnTheCPUsWeights() throws {
        try StdpGPUChecks.otherPairRules(try CUDAEmulator.backend(), exact: true)
    }

    func testEmulatedDopamineStdpLearnsTheCPUsWeights() throws { try StdpGPUChecks.dopamine(try CUDAEmulator.backend(), exact: true) }

    func testDopamineStdpLearnsTheCPUsWeights() throws {
        let gpu: CUDABackend
        do { gpu = try CUDABackend.open() } catch { throw XCTSkip("no GPU: \(error)") }
        try StdpGPUChecks.dopamine(gpu, exact: false)
    }

    func testEmulatedCerebellarRuleLearnsTheCPUsWeights() throws { try StdpGPUChecks.cerebellar(try CUDAEmulator.backend(), exact: true) }

    func testCerebellarRuleLearnsTheCPUsWeights() throws {
        let gpu: CUDABackend
        do { gpu = try CUDABackend.open() } catch { throw XCTSkip("no GPU: \(error)") }
        try StdpGPUChecks.cerebellar(gpu, exact: false)
    }

    func testPowerLawAndInhibitoryStdpLearnTheCPUsWeights() throws {
        let gpu: CUDABackend
        do { gpu = try CUDABackend.open() } catch { throw XCTSkip("no GPU: \(error)") }
        try StdpGPUChecks.otherPairRules(gpu, exact: false)
    }

    func testEmulatedPlasticBatchesRunOnTheDevice() throws { try StdpGPUChecks.batched(try CUDAEmulator.backend(), exact: true) }

    func testPlasticBatchesRunOnTheDevice() throws {
        let gpu: CUDABackend
        do { gpu = try CUDABackend.open() } catch { throw XCTSkip("no GPU: \(error)") }
        try StdpGPUChecks.batched(gpu, exact: false)
    }

    /// Parrots repeat spike trains; stdp_synapse onto a parrot's receptor 1 (NEST's idiom for
    /// plasticity driven by given pre and post trains) learns without delivering.
    func testEmulatedParrotsLearnWithoutDelivering() throws {
        var net = Network(seed: 4)
        let pre = try net.population("parrot_neuron", count: 12)
        let post = try net.population("parrot_neuron", count: 3)
        for p in 0..<4 {
            let train = try net.device("spike_generator", ["spike_times": .list((1...40).map { Double($0) * (7.3 + Double(p)) })])
            try net.connect(train, pre, rule: .fixedIndegree(1), weight: .constant(1), delay: .constant(1))
        }
        let postTrain = try net.device("spike_generator", ["spike_times": .list((1...60).map { Double($0) * 5.1 })])
        try net.connect(postTrain, post, weight: .constant(1), delay: .uniform(min: 1, max: 3))
        let stdp = try net.connect(pre, post, synapse: .init("stdp_synapse", ["Wmax": 200], receptorType: 1),
                                   weight: .constant(50), delay: .uniform(min: 1, max: 2))
        let spikes = net.recordSpikes(pre, post)
        let cpu = Simulation(try NetworkBuilder.build(net.spec, threads: 2))
        try cpu.run(400)
        let device = try CUDASimulation(try gpuBuilt(net.spec, threads: 1), backend: try CUDAEmulator.backend())
        try device.run(400)
        let expected = try cpu.spikes(spikes)
        // Each post parrot repeats its 60 input spikes only: the plastic input is not delivered.
        XCTAssertEqual(expected.senders.filter { $0 > 12 }.count, 3 * 60)
        XCTAssertEqual(try device.spikes(spikes), expected)
        let a = cpu.weights(projection: stdp.index)
        XCTAssertEqual(try device.weights(projection: stdp.index), a)
        XCTAssert(a.weights.contains { $0 != 50 }, "the weights must learn")
    }

    /// A weights file written by a GPU run loads into the CPU engine and the other way round
    /// (the same connections in the same canonical order), and a loaded GPU run learns on from there.
    func testEmulatedWeightsFilesMoveBetweenBackends() throws {
        var net = Network(seed: 6)
        let pre = try net.population("parrot_neuron", count: 10)
        let post = try net.population("parrot_neuron", count: 2)
        let train = try net.device("poisson_generator", ["rate": 40])
        try net.connect(train, pre, weight: .constant(1), delay: .constant(1))
        let postTrain = try net.device("poisson_generator", ["rate": 30])
        try net.connect(postTrain, post, weight: .constant(1), delay: .constant(1))
        let stdp = try net.connect(pre, post, synapse: .init("stdp_synapse", ["Wmax": 100], receptorType: 1),
                                   weight: .constant(50), delay: .uniform(min: 1, max: 2))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hibana-weights-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let gpu = try CUDAEmulator.backend()
        let device = try CUDASimulation(try gpuBuilt(net.spec, threads: 1), backend: gpu)
        try device.run(500)
        let learned = try device.weights(projection: stdp.index)
        XCTAssert(learned.weights.contains { $0 != 50 }, "the weights must learn")
        try PlasticWeightsFile.write(device, to: dir.appendingPathComponent("gpu.csv"))
        let cpu = Simulation(try NetworkBuilder.build(net.spec, threads: 2))
        try PlasticWeightsFile.load(into: cpu, from: dir.appendingPathComponent("gpu.csv"))
        XCTAssertEqual(cpu.weights(projection: stdp.index), learned)
        try PlasticWeightsFile.write(cpu, to: dir.appendingPathComponent("cpu.csv"))
        let fresh = try CUDASimulation(try gpuBuilt(net.spec, threads: 1), backend: gpu)
        try PlasticWeightsFile.load(into: fresh, from: dir.appendingPathComponent("cpu.csv"))
        XCTAssertEqual(try fresh.weights(projection: stdp.index), learned)
        XCTAssertEqual(try fresh.weights(projection: 0).count, 0, "a static projection has no plastic weights")
        XCTAssertThrowsError(try fresh.setWeights(projection: stdp.index, [1, 2])) { error in
            XCTAssert("\(error)".contains("plastic connections; got 2 weights"), "\(error)")
        }
    }

    func testEmulatedHistoryOverflowStopsTheRun() throws {
        // One input spike at 5 ms, the next at 300 ms; between them the target fires about 90 times (every 3.3 ms),
        // more than the 64 spikes its GPU history keeps.
        var net = Network(seed: 3)
        let pre = try net.population("iaf_psc_delta", count: 1)
        let post = try net.population("iaf_psc_delta", count: 1)
        let kick = try net.device("spike_generator", ["spike_times": .list([5, 300])])
        try net.connect(kick, pre, weight: .constant(40), delay: .constant(1))
        try net.connect(try net.device("dc_generator", ["amplitude": .value(3000)]), post, weight: .constant(1), delay: .constant(1))
        let stdp = try net.connect(pre, post, synapse: .init("stdp_synapse", ["Wmax": 10]), weight: .constant(1), delay: .constant(1))
        let gpu = try CUDAEmulator.backend()
        let device = try CUDASimulation(try gpuBuilt(net.spec, threads: 1), backend: gpu)
        XCTAssertThrowsError(try device.run(400)) { error in
            XCTAssert("\(error)".contains("more than 64 times between two spikes of one of its plastic inputs"), "\(error)")
            XCTAssert("\(error)".contains("keep more with HIBANA_GPU_HISTORY=256"), "\(error)")
        }
        // A longer history covers the window: the CPU's weights.
        let longer = try CUDASimulation(try gpuBuilt(net.spec, threads: 1), backend: gpu, historyLength: 128)
        try longer.run(400)
        let cpu = Simulation(try NetworkBuilder.build(net.spec, threads: 1))
        try cpu.run(400)
        XCTAssertEqual(try longer.weights(projection: stdp.index), cpu.weights(projection: stdp.index))
        XCTAssertNotEqual(cpu.weights(projection: stdp.index).weights, [1], "the weight must learn")
    }

    /// The worst case a weight recorder's log is sized for: every recorded source fires at every
    /// step (parrots repeating a spike at every step), so a batch logs every recorded synapse at
    /// each of its steps; the events are the CPU's.
    func testEmulatedWeightRecorderLogHoldsEverySourceFiringAtEveryStep() throws {
        var net = Network(seed: 8)
        let pre = try net.population("parrot_neuron", count: 5)
        let post = try net.population("parrot_neuron", count: 3)
        let everyStep = try net.device("spike_generator", ["spike_times": .list((10...300).map { Double($0) / 10 })])
        try net.connect(everyStep, pre, weight: .constant(1), delay: .constant(1))
        let sparse = try net.device("spike_generator", ["spike_times": .list((1...12).map { Double($0) * 2.5 })])
        try net.connect(sparse, post, weight: .constant(1), delay: .constant(1))
        let stdp = try net.connect(
            pre, post, synapse: .init("stdp_synapse", ["Wmax": 200], receptorType: 1, recordWeights: true, recordedSenders: [0, 1, 2, 4]),
            weight: .constant(50), delay: .constant(1))
        let device = try CUDASimulation(try gpuBuilt(net.spec, threads: 1), backend: try CUDAEmulator.backend())
        let image = try XCTUnwrap(device.plastic?.projections.first?.image)
        XCTAssertEqual(image.recordedSynapses, 4 * 3)
        // 10 cycles of 10 steps a batch: 12 synapses × 100 steps, more than the 1024 events a log starts with.
        XCTAssertEqual(device.batchCycles, 10)
        try device.run(40)
        let cpu = Simulation(try NetworkBuilder.build(net.spec, threads: 1))
        try cpu.run(40)
        XCTAssertEqual(device.weightEvents(projection: stdp.index), cpu.weightEvents(projection: stdp.index))
        XCTAssertEqual(cpu.weightEvents(projection: stdp.index).count, 4 * 3 * 291)
    }

    /// A source silent for longer than the GPU's dopamine trace covers stops the run; a longer
    /// trace learns the CPU's weights. A source that first spikes after the trace lost entries
    /// needs none of them (its c is 0) and learns the CPU's weights with the short trace.
    func testEmulatedDopamineTraceOverflowStopsTheRun() throws {
        func network(inputs: [Double]) throws -> (NetworkSpec, Int) {
            var net = Network(seed: 5)
            let pre = try net.population("parrot_neuron", count: 2)
            let post = try net.population("iaf_psc_exp", count: 2, ["I_e": .value(380)])
            let vt = try net.population("volume_transmitter", count: 1)
            let trains = try net.device("spike_generator", ["spike_times": .list(inputs)])
            try net.connect(trains, pre, weight: .constant(1), delay: .constant(1))
            try net.connect(try net.device("spike_generator", ["spike_times": .list((1...150).map { Double($0) })]), vt,
                            weight: .constant(1), delay: .constant(1))
            let rewarded = try net.connect(
                pre, post, synapse: .init("stdp_dopamine_synapse", ["A_plus": 1, "A_minus": 0.5], volumeTransmitter: vt),
                weight: .constant(50), delay: .constant(1))
            return (net.spec, rewarded.index)
        }
        func learnsTheCPUsWeights(_ spec: NetworkSpec, _ projection: Int, historyLength: Int) throws {
            let gpu = try CUDAEmulator.backend()
            let device = try CUDASimulation(try gpuBuilt(spec, threads: 1), backend: gpu, historyLength: historyLength)
            try device.run(200)
            let cpu = Simulation(try NetworkBuilder.build(spec, threads: 1))
            try cpu.run(200)
            XCTAssertEqual(try device.weights(projection: projection), cpu.weights(projection: projection))
            XCTAssert(cpu.weights(projection: projection).weights.allSatisfy { $0 != 50 }, "the weights must learn")
        }
        // 4 × 16 entries: the 150 dopamine spikes between the inputs' first and second spikes do not fit.
        let (silent, projection) = try network(inputs: [5, 150, 160])
        let short = try CUDASimulation(try gpuBuilt(silent, threads: 1), backend: try CUDAEmulator.backend(), historyLength: 4)
        XCTAssertThrowsError(try short.run(200)) { error in
            let expected = "a stdp_dopamine_synapse's source was silent for more than 63 spikes of its volume transmitter"
            XCTAssert("\(error)".contains(expected), "\(error)")
            XCTAssert("\(error)".contains("keep more with HIBANA_GPU_HISTORY=16"), "\(error)")
        }
        try learnsTheCPUsWeights(silent, projection, historyLength: 16)
        let (late, lateProjection) = try network(inputs: [160, 170])
        try learnsTheCPUsWeights(late, lateProjection, historyLength: 4)
    }

    func testHistoryLengthSettingIsChecked() throws {
        XCTAssertEqual(try CUDASimulation.historyLength(nil), 64)
        XCTAssertEqual(try CUDASimulation.historyLength("256"), 256)
        for bad in ["many", "1", "70000", "-5"] {
            XCTAssertThrowsError(try CUDASimulation.historyLength(bad)) { error in
                XCTAssertEqual("\(error)", "cuda backend: HIBANA_GPU_HISTORY must be a whole number of spikes from 2 to 65536 (got \(bad))")
            }
        }
    }
}

enum StdpGPUChecks {
    /// 30 inputs firing regularly at different rates (DC), with per-synapse delays, onto 6
    /// targets driven by DC; additive STDP (mu 0) on one projection, multiplicative on another.
    static func learning(_ gpu: CUDABackend, exact: Bool) throws {
        var net = Network(seed: 21)
        let pre = try net.population("iaf_psc_delta", count: 30)
        let post = try net.population("iaf_psc_exp", count: 6)
        let drive = try net.device("dc_generator", ["amplitude": .value(400)])
        try net.connect(drive, pre, weight: .uniform(min: 0.9, max: 1.3), delay: .constant(0.1))
        try net.connect(drive, post, weight: .uniform(min: 0.5, max: 0.7), delay: .constant(0.1))
        // Weight recorders: one logs every update, one a selection of senders and targets.
        let additive = try net.connect(
            pre, post, synapse: .init("stdp_synapse", ["Wmax": 400, "lambda": 0.05, "mu_plus": 0, "mu_minus": 0, "alpha": 1.1],
                                      recordWeights: true),
            weight: .uniform(min: 50, max: 150), delay: .uniform(min: 0.5, max: 3))
        let multiplicative = try net.connect(
            pre, post, rule: .fixedIndegree(10), synapse: .init("stdp_synapse", ["Wmax": 300, "tau_plus": 15, "lambda": 0.1],
                                                                 recordedSenders: [0, 3, 4, 17, 29], recordedTargets: [1, 2, 5]),
            weight: .uniform(min: 20, max: 100), delay: .constant(1.5))
        let spikes = net.recordSpikes(post)
        let (cpu, device) = try compare(net, [additive, multiplicative], gpu, exact: exact)
        let selected = cpu.weightEvents(projection: multiplicative.index)
        XCTAssert(Set(selected.senders).isSubset(of: [1, 4, 5, 18, 30]), "senders 0, 3, 4, 17 and 29 of the first population")
        XCTAssert(Set(selected.targets).isSubset(of: [32, 33, 36]), "targets 1, 2 and 5 of the second population")
        try compareSpikes(cpu, device, spikes, exact: exact)
    }

    /// The other pair-based rules on the same kind of network: power-law STDP (stdp_pl_synapse_hom)
    /// from an excitatory population, and inhibitory STDP (vogels_sprekeler_synapse, negative
    /// weights) from an inhibitory one, onto the same targets.
    static func otherPairRules(_ gpu: CUDABackend, exact: Bool) throws {
        var net = Network(seed: 22)
        let ex = try net.population("iaf_psc_delta", count: 24)
        let inh = try net.population("iaf_psc_delta", count: 12)
        let post = try net.population("iaf_psc_exp", count: 5)
        let drive = try net.device("dc_generator", ["amplitude": .value(400)])
        try net.connect(drive, ex, weight: .uniform(min: 0.9, max: 1.3), delay: .constant(0.1))
        try net.connect(drive, inh, weight: .uniform(min: 1.0, max: 1.5), delay: .constant(0.1))
        try net.connect(drive, post, weight: .uniform(min: 0.95, max: 1.05), delay: .constant(0.1))
        let powerLaw = try net.connect(
            ex, post, synapse: .init("stdp_pl_synapse_hom", ["lambda": 0.05, "mu": 0.4, "alpha": 1.2, "tau_plus": 15],
                                     recordWeights: true),
            weight: .uniform(min: 20, max: 80), delay: .uniform(min: 0.5, max: 3))
        let inhibitory = try net.connect(
            inh, post, synapse: .init("vogels_sprekeler_synapse", ["Wmax": -100, "eta": 2, "alpha": 0.3, "tau": 20],
                                      recordedTargets: [0, 2, 4]),
            weight: .uniform(min: -40, max: -10), delay: .uniform(min: 0.5, max: 2))
        let spikes = net.recordSpikes(post)
        let (cpu, device) = try compare(net, [powerLaw, inhibitory], gpu, exact: exact)
        XCTAssert(cpu.weights(projection: inhibitory.index).weights.allSatisfy { $0 <= 0 && $0 >= -100 }, "Wmax bounds the magnitude")
        try compareSpikes(cpu, device, spikes, exact: exact)
    }

    /// stdp_dopamine_synapse: the same regularly firing inputs and targets, with a volume
    /// transmitter repeating a dopamine train (every 9.7 ms, more than the 64 spikes after which the
    /// trace drops old ones). One projection starts from c = 0, one from c = 0.5 with a selection.
    static func dopamine(_ gpu: CUDABackend, exact: Bool) throws {
        var net = Network(seed: 23)
        let pre = try net.population("iaf_psc_delta", count: 20)
        let post = try net.population("iaf_psc_exp", count: 5)
        let vt = try net.population("volume_transmitter", count: 1)
        let drive = try net.device("dc_generator", ["amplitude": .value(400)])
        try net.connect(drive, pre, weight: .uniform(min: 0.9, max: 1.3), delay: .constant(0.1))
        try net.connect(drive, post, weight: .uniform(min: 0.8, max: 0.9), delay: .constant(0.1))
        let reward = try net.device("spike_generator", ["spike_times": .list((1...100).map { Double($0) * 9.7 })])
        try net.connect(reward, vt, weight: .constant(1), delay: .constant(1))
        let parameters: [String: Double] = ["A_plus": 0.1, "A_minus": 0.08, "tau_c": 200, "tau_n": 100, "Wmin": 5, "Wmax": 150]
        let fresh = try net.connect(
            pre, post, synapse: .init("stdp_dopamine_synapse", parameters, recordWeights: true, volumeTransmitter: vt),
            weight: .uniform(min: 20, max: 80), delay: .uniform(min: 0.5, max: 2))
        let eligible = try net.connect(
            pre, post, rule: .fixedIndegree(8),
            synapse: .init("stdp_dopamine_synapse", parameters.merging(["c": 0.5, "b": 0.01]) { $1 },
                           recordedSenders: [1, 2, 3, 5, 8, 13], volumeTransmitter: vt),
            weight: .uniform(min: 20, max: 80), delay: .constant(1))
        let spikes = net.recordSpikes(post)
        let (cpu, device) = try compare(net, [fresh, eligible], gpu, exact: exact, weightEvents: 0)
        let learned = cpu.weights(projection: fresh.index).weights
        XCTAssertGreaterThan(learned.filter { $0 > 5 && $0 < 150 }.count, learned.count / 2, "most weights stay inside the bounds")
        try compareSpikes(cpu, device, spikes, exact: exact)
    }

    /// cerebellar_pf_pc_synapse: Poisson parallel fibres (parrots) onto Purkinje cells, each taught
    /// by its own climbing fibre (a parrot of a 6 Hz Poisson train).
    static func cerebellar(_ gpu: CUDABackend, exact: Bool) throws {
        var net = Network(seed: 24)
        let pf = try net.population("parrot_neuron", count: 30)
        let pc = try net.population("iaf_psc_exp", count: 4)
        let cf = try net.population("parrot_neuron", count: 4)
        try net.connect(try net.device("poisson_generator", ["rate": 40]), pf, weight: .constant(1), delay: .constant(1))
        try net.connect(try net.device("poisson_generator", ["rate": 6]), cf, weight: .constant(1), delay: .constant(1))
        try net.connect(try net.device("dc_generator", ["amplitude": .value(300)]), pc, weight: .constant(1), delay: .constant(0.1))
        let taught = try net.connect(
            pf, pc, synapse: .init("cerebellar_pf_pc_synapse", ["A_LTD": 3, "A_LTP": 0.3, "tau_LTD": 50, "Wmin": 5, "Wmax": 100],
                                   recordWeights: true, teacher: cf),
            weight: .uniform(min: 20, max: 60), delay: .uniform(min: 1, max: 3))
        let spikes = net.recordSpikes(pc)
        let (cpu, device) = try compare(net, [taught], gpu, exact: exact, weightEvents: 0)
        let learned = cpu.weights(projection: taught.index).weights
        XCTAssertGreaterThan(learned.filter { $0 > 5 && $0 < 100 }.count, learned.count / 2, "most weights stay inside the bounds")
        try compareSpikes(cpu, device, spikes, exact: exact)
    }

    /// Without weight recorders the plastic kernels need no host between cycles: a batch is many
    /// cycles, recorded as one CUDA graph. stdp_synapse, cerebellar_pf_pc_synapse, tsodyks_synapse
    /// and stdp_dopamine_synapse (a volume transmitter repeating a 1 kHz Poisson train, so that its
    /// GPU trace of 256 entries wraps around), each onto its own targets (so their sums are added in the CPU's order),
    /// from Poisson parrots with delays of 1–3 ms, min_delay 1 ms; V_m sampled every 0.3 ms. The
    /// GPU runs in two parts, the first ending within a cycle, so a batch starts after a short cycle.
    static func batched(_ gpu: CUDABackend, exact: Bool, precision: Precision = .double) throws {
        var net = Network(seed: 25)
        let pre = try net.population("parrot_neuron", count: 30)
        let cf = try net.population("parrot_neuron", count: 4)
        let learners = try net.population("iaf_psc_exp", count: 4, ["I_e": .value(330)])
        let taught = try net.population("iaf_psc_exp", count: 4, ["I_e": .value(300)])
        let facilitated = try net.population("iaf_psc_exp", count: 4, ["I_e": .value(300)])
        let rewarded = try net.population("iaf_psc_exp", count: 4, ["I_e": .value(330)])
        let vt = try net.population("volume_transmitter", count: 1)
        try net.connect(try net.device("poisson_generator", ["rate": 40]), pre, weight: .constant(1), delay: .constant(1))
        try net.connect(try net.device("poisson_generator", ["rate": 6]), cf, weight: .constant(1), delay: .constant(1))
        try net.connect(try net.device("poisson_generator", ["rate": 1000]), vt, weight: .constant(1), delay: .constant(1))
        let stdp = try net.connect(
            pre, learners, synapse: .init("stdp_synapse", ["Wmax": 150, "lambda": 0.05, "mu_plus": 0, "mu_minus": 0, "alpha": 1.1]),
            weight: .uniform(min: 20, max: 80), delay: .uniform(min: 1, max: 3))
        let cerebellar = try net.connect(
            pre, taught, synapse: .init("cerebellar_pf_pc_synapse", ["A_LTD": 3, "A_LTP": 0.3, "Wmin": 5, "Wmax": 100], teacher: cf),
            weight: .uniform(min: 20, max: 60), delay: .uniform(min: 1, max: 3))
        let tsodyks = try net.connect(
            pre, facilitated, synapse: .init("tsodyks_synapse", ["U": 0.1, "u": 0.1, "tau_fac": 300, "tau_rec": 100, "tau_psc": 3]),
            weight: .uniform(min: 100, max: 200), delay: .uniform(min: 1, max: 3))
        let dopamine = try net.connect(
            pre, rewarded,
            synapse: .init("stdp_dopamine_synapse", ["A_plus": 0.1, "A_minus": 0.08, "tau_c": 200, "tau_n": 100, "Wmax": 150],
                           volumeTransmitter: vt),
            weight: .uniform(min: 20, max: 80), delay: .uniform(min: 1, max: 3))
        let spikes = net.recordSpikes(learners, taught, facilitated, rewarded)
        let vm = net.record(["V_m"], from: facilitated, interval: 0.3)
        let cpu = Simulation(try NetworkBuilder.build(net.spec, threads: 2))
        try cpu.run(500)
        // Spike histories of 16 entries and a dopamine trace of 256: a source's longest silence at
        // 40 Hz (about 0.2 s) spans some 200 dopamine spikes.
        let device = try CUDASimulation(try gpuBuilt(net.spec, threads: 2), backend: gpu, precision: precision, historyLength: 16)
        try device.run(200.3)
        try device.run(299.7)
        XCTAssertGreaterThan(device.batchCycles, 1)
        XCTAssertGreaterThan(device.graphLaunches, 0, device.graphProblem ?? "")
        for projection in [stdp, cerebellar, dopamine] {
            let a = cpu.weights(projection: projection.index), b = try device.weights(projection: projection.index)
            let initial = Simulation(try NetworkBuilder.build(net.spec, threads: 1)).weights(projection: projection.index).weights
            XCTAssertGreaterThan(zip(a.weights, initial).filter { abs($0 - $1) > 1 }.count, a.count / 2, "most weights must move")
            if exact { XCTAssertEqual(b, a, "projection \(projection.index)") } else {
                for (x, y) in zip(a.weights, b.weights) { XCTAssertEqual(x, y, accuracy: 1e-9 * max(1, abs(x))) }
            }
        }
        XCTAssertEqual(try device.weights(projection: tsodyks.index), cpu.weights(projection: tsodyks.index))
        try compareSpikes(cpu, device, spikes, exact: exact)
        guard exact else { return }
        let a = try cpu.multimeter(vm).values["V_m"]!, b = try device.multimeter(vm).values["V_m"]!
        if precision == .double { XCTAssertEqual(b, a) } else {
            // Float V_m, the CPU's spikes: the learned weights (functions of spike times only) are the CPU's too.
            for (x, y) in zip(a.joined(), b.joined()) { XCTAssertEqual(x, y, accuracy: 1e-4) }
        }
    }

    /// Runs `net` 1 s on the CPU and on `gpu` (in two parts, the first ending within a cycle); the
    /// plastic `projections` must learn the same weights and log the same events. The weight
    /// recorders' logs hold a batch's events, or with `weightEvents` 0 the host prepares each cycle.
    static func compare(
        _ net: Network, _ projections: [Network.Projection], _ gpu: CUDABackend, exact: Bool,
        weightEvents: Int = CUDASimulation.weightEventsPerBatch
    ) throws -> (Simulation, CUDASimulation) {
        let cpu = Simulation(try NetworkBuilder.build(net.spec, threads: 2))
        try cpu.run(1000)
        let device = try CUDASimulation(try gpuBuilt(net.spec, threads: 2), backend: gpu, weightEvents: weightEvents)
        XCTAssertEqual(device.batchCycles > 1, weightEvents > 0, "batches of \(device.batchCycles) cycles")
        try device.run(400.3)
        try device.run(599.7)
        for projection in projections {
            let a = cpu.weights(projection: projection.index), b = try device.weights(projection: projection.index)
            XCTAssertEqual(a.sources, b.sources)
            XCTAssertEqual(a.targets, b.targets)
            XCTAssertEqual(a.delays, b.delays)
            let initial = Simulation(try NetworkBuilder.build(net.spec, threads: 1)).weights(projection: projection.index).weights
            XCTAssertGreaterThan(zip(a.weights, initial).filter { abs($0 - $1) > 1 }.count, a.count / 2, "most weights must move")
            let logged = cpu.weightEvents(projection: projection.index), gpuLogged = device.weightEvents(projection: projection.index)
            XCTAssertGreaterThan(logged.count, 100, "the weight recorder must log")
            if exact {
                XCTAssertEqual(a.weights, b.weights, "projection \(projection.index)")
                XCTAssertEqual(gpuLogged, logged, "projection \(projection.index)")
            } else {
                for (x, y) in zip(a.weights, b.weights) { XCTAssertEqual(x, y, accuracy: 1e-9 * max(1, abs(x))) }
                XCTAssertEqual(gpuLogged.count, logged.count, accuracy: logged.count / 100)
            }
        }
        return (cpu, device)
    }

    static func compareSpikes(_ cpu: Simulation, _ device: CUDASimulation, _ spikes: String, exact: Bool) throws {
        let expected = try cpu.spikes(spikes)
        XCTAssertGreaterThan(expected.count, 50, "the targets must fire")
        if exact { XCTAssertEqual(try device.spikes(spikes), expected) } else {
            XCTAssertEqual(Double(try device.spikes(spikes).count), Double(expected.count), accuracy: 0.01 * Double(expected.count))
        }
    }
}
