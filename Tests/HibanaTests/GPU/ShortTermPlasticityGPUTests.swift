import XCTest
import Hibana

/// tsodyks_synapse and tsodyks2_synapse on the GPU against the CPU engine: the same factors per
/// spike (the same `begin` statements), so on the emulator the same spikes, traces and weight
/// recorder events, bit for bit; on a GPU, whose `exp` may differ in the last bit, the same within
/// a last-bit tolerance.
final class ShortTermPlasticityGPUTests: XCTestCase {
    func testEmulatedShortTermPlasticityIsTheCPUs() throws { try Self.check(try CUDAEmulator.backend(), exact: true) }

    func testShortTermPlasticityIsTheCPUs() throws {
        let gpu: CUDABackend
        do { gpu = try CUDABackend.open() } catch { throw XCTSkip("no GPU: \(error)") }
        try Self.check(gpu, exact: false)
    }

    /// Parrots repeat Poisson trains (the CPU's variates on both backends) onto two target groups,
    /// one through facilitating tsodyks synapses, one through depressing tsodyks2 synapses whose
    /// weight recorder logs a selection. Each target group has one plastic input, so its sums are
    /// added in the CPU's order.
    static func check(_ gpu: CUDABackend, exact: Bool) throws {
        var net = Network(seed: 12)
        let pre = try net.population("parrot_neuron", count: 20)
        let drive = try net.device("poisson_generator", ["rate": .value(30)])
        try net.connect(drive, pre, weight: .constant(1), delay: .constant(1))
        let facilitated = try net.population("iaf_psc_exp", count: 4, ["I_e": .value(300)])
        let depressed = try net.population("iaf_psc_alpha", count: 4, ["I_e": .value(320)])
        let tsodyks = try net.connect(
            pre, facilitated,
            synapse: .init("tsodyks_synapse", ["U": 0.1, "u": 0.1, "tau_fac": 300, "tau_rec": 100, "tau_psc": 3], recordWeights: true),
            weight: .uniform(min: 300, max: 600), delay: .uniform(min: 1, max: 3))
        let tsodyks2 = try net.connect(
            pre, depressed, synapse: .init("tsodyks2_synapse", ["U": 0.5, "tau_rec": 800], recordedSenders: [1, 2, 3, 10], recordedTargets: [0, 3]),
            weight: .uniform(min: 200, max: 400), delay: .constant(1.5))
        let spikes = net.recordSpikes(facilitated, depressed)
        let vA = net.record(["V_m"], from: facilitated, interval: 0.5)
        let vB = net.record(["V_m"], from: depressed, interval: 0.5)
        let cpu = Simulation(try NetworkBuilder.build(net.spec, threads: 2))
        try cpu.run(1000)
        let device = try CUDASimulation(try gpuBuilt(net.spec, threads: 2), backend: gpu)
        try device.run(1000)
        let expected = try cpu.spikes(spikes)
        XCTAssertGreaterThan(expected.count, 40, "the targets must fire")
        for projection in [tsodyks, tsodyks2] {
            let a = cpu.weightEvents(projection: projection.index), b = device.weightEvents(projection: projection.index)
            XCTAssertGreaterThan(a.count, 100, "the weight recorder must log")
            XCTAssertGreaterThan(Set(a.weights.map { $0.rounded() }).count, 10, "delivered weights must vary with the rule's state")
            XCTAssertEqual(try device.weights(projection: projection.index), cpu.weights(projection: projection.index))
            if exact {
                XCTAssertEqual(b, a, "projection \(projection.index)")
            } else {
                XCTAssertEqual(b.count, a.count)
                for (x, y) in zip(a.weights, b.weights) { XCTAssertEqual(x, y, accuracy: 1e-12 * abs(x)) }
            }
        }
        XCTAssert(Set(cpu.weightEvents(projection: tsodyks2.index).targets).isSubset(of: [25, 28]))
        if exact {
            XCTAssertEqual(try device.spikes(spikes), expected)
            for meter in [vA, vB] { XCTAssertEqual(try device.multimeter(meter).values["V_m"], try cpu.multimeter(meter).values["V_m"]) }
        } else {
            XCTAssertEqual(Double(device.spikeCount), Double(cpu.spikeCount), accuracy: 0.01 * Double(cpu.spikeCount))
        }
    }
}
