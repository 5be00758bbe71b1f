import XCTest
import Hibana
@testable import HibanaEngineCUDA

/// Static projections built in GPU memory (`GPUConstruction`, `ConnectKernels`) from the host
/// builder's streams: on the CUDA emulator the GPU-built CSR holds exactly the host-built
/// synapses — sources, targets, delays, weight bits — for every rule and distribution it
/// generates, next to projections the host still builds. (The emulated CPU-against-GPU checks
/// in `CUDASimulationTests` also build their networks this way.)
final class GPUConstructionTests: XCTestCase {
    /// Every generated rule and distribution, autapses excluded where it matters, plus the two
    /// rules the host keeps (fixed_outdegree, fixed_indegree without multapses), a plastic
    /// projection and devices.
    static func mixedNetwork() throws -> NetworkSpec {
        var net = Network(seed: 21)
        let a = try net.population("iaf_psc_exp", count: 50)
        let b = try net.population("iaf_psc_alpha", count: 37)
        let c = try net.population("iaf_psc_delta", count: 20)
        _ = try net.connect(a, a, rule: .fixedTotalNumber(900), weight: .normalClipped(mean: 20, std: 8, min: 0, max: .infinity),
                        delay: .normalClipped(mean: 1.5, std: 0.75, min: 0.1, max: 100))
        _ = try net.connect(a, b, rule: .fixedIndegree(12), weight: .lognormal(mean: 2, std: 0.5), delay: .uniform(min: 0.2, max: 4))
        _ = try net.connect(b, a, rule: .pairwiseBernoulli(p: 0.2), weight: .normal(mean: -30, std: 5), delay: .constant(0.8))
        _ = try net.connect(b, b, rule: .pairwiseBernoulli(p: 0.3), weight: .uniform(min: -5, max: 5), delay: .constant(1),
                        allowAutapses: false)
        _ = try net.connect(c, c, rule: .allToAll, weight: .constant(2), delay: .uniform(min: 1, max: 3), allowAutapses: false)
        _ = try net.connect(c, c, rule: .oneToOne, weight: .constant(-1), delay: .constant(0.3))
        _ = try net.connect(a, c, rule: .fixedIndegree(40), weight: .constant(1.5), delay: .constant(2), allowAutapses: true, allowMultapses: false)
        _ = try net.connect(c, b, rule: .fixedOutdegree(6), weight: .normal(mean: 4, std: 1), delay: .constant(1.2))
        _ = try net.connect(a, b, rule: .fixedIndegree(3), synapse: .init("stdp_synapse", ["Wmax": 100]), weight: .constant(5))
        let drive = try net.device("poisson_generator", ["rate": 20_000])
        try net.connect(drive, a, weight: .constant(30), delay: .constant(0.1))
        _ = net.recordSpikes(a)
        return net.spec
    }

    func testDeferredProjectionsAreTheOnesTheGPUGenerates() throws {
        XCTAssertEqual(GPUConstruction.projections(try Self.mixedNetwork()), [0, 1, 2, 3, 4, 5])
    }

    func testGPUBuildsExactlyTheHostsSynapses() throws { try Self.buildsTheHostsSynapses(try CUDAEmulator.backend()) }

    /// On a GPU (skipped without one): the same synapses, compared per source as sets, since
    /// the fill pass's atomics order a source's synapses at random. CUDA's `exp` and `log` may
    /// differ from glibc's in the last bit, which moves a draw only within an ulp of a boundary.
    func testGPUBuildsTheHostsSynapsesOnAGPU() throws {
        let gpu: CUDABackend
        do { gpu = try CUDABackend.open() } catch { throw XCTSkip("no GPU: \(error)") }
        try Self.buildsTheHostsSynapses(gpu)
    }

    static func buildsTheHostsSynapses(_ gpu: CUDABackend) throws {
        let spec = try Self.mixedNetwork()
        let host = try CUDASimulation(try NetworkBuilder.build(spec, threads: 2), backend: gpu)
        let device = try CUDASimulation(try gpuBuilt(spec, threads: 3), backend: gpu)
        XCTAssertEqual(host.gpuBuiltSynapses, 0)
        XCTAssertGreaterThan(device.gpuBuiltSynapses, 1000)
        XCTAssertLessThan(device.gpuBuiltSynapses, device.synapses.count, "the host-built rules are placed in the same CSR")
        XCTAssertEqual(device.synapses.count, host.synapses.count)
        let expected = try host.synapses.edges()
        XCTAssertEqual(try device.synapses.edges(), expected)
        XCTAssertEqual(device.network.totalSynapseCount, host.network.totalSynapseCount)
        XCTAssertEqual(device.network.minDelay, host.network.minDelay)
        XCTAssertEqual(device.network.maxDelay, host.network.maxDelay)
        XCTAssert(device.network.deferredAdopted)
        // A second simulation of the same network builds the deferred projections again, counted once.
        let again = try CUDASimulation(device.network, backend: gpu)
        XCTAssertEqual(try again.synapses.edges(), expected)
        XCTAssertEqual(again.network.totalSynapseCount, host.network.totalSynapseCount)
        XCTAssertFalse(device.synapses.packing.wide, "7 + 10 bits: a 3-byte word")
        XCTAssertEqual(device.synapses.bytes, 7 * device.synapses.count + 8 * (107 + 1), "7 bytes a synapse, 8 a source")
    }

    /// The same network runs to the same spikes whichever side built its synapses (one
    /// thread at a time on the emulator, so even the atomics' order is the same).
    func testGPUBuiltNetworkRunsAsTheHostBuilt() throws {
        let spec = try Self.mixedNetwork()
        let gpu = try CUDAEmulator.backend()
        let cpu = Simulation(try NetworkBuilder.build(spec, threads: 2))
        try cpu.run(100)
        let device = try CUDASimulation(try gpuBuilt(spec, threads: 1), backend: gpu)
        try device.run(100)
        XCTAssertGreaterThan(cpu.spikeCount, 100)
        XCTAssertEqual(device.spikeCount, cpu.spikeCount)
        let recorder = spec.recorders[0].name
        XCTAssertEqual(try device.spikes(recorder), try cpu.spikes(recorder))
    }

    /// 300 neurons (9 bits) and delays bounded by 6 s (60,000 steps: 16 bits) need the 4-byte word;
    /// the delays drawn stay near 1 ms, so the input ring stays small.
    func testWideWordsHoldTheSameSynapses() throws {
        var net = Network(seed: 4)
        let a = try net.population("iaf_psc_exp", count: 300)
        _ = try net.connect(a, a, rule: .fixedIndegree(20), weight: .normal(mean: 300, std: 50),
                            delay: .normalClipped(mean: 1, std: 0.2, min: 0.5, max: 6000))
        _ = try net.connect(a, a, rule: .fixedOutdegree(5), weight: .constant(-100), delay: .constant(0.7))
        let drive = try net.device("dc_generator", ["amplitude": 400])
        try net.connect(drive, a, weight: .uniform(min: 0.9, max: 1.2), delay: .constant(0.1))
        let spikes = net.recordSpikes(a)
        let gpu = try CUDAEmulator.backend()
        let host = try CUDASimulation(try NetworkBuilder.build(net.spec, threads: 2), backend: gpu)
        let device = try CUDASimulation(try gpuBuilt(net.spec, threads: 1), backend: gpu)
        XCTAssert(device.synapses.packing.wide)
        XCTAssertEqual(device.synapses.bytes, 8 * 7500 + 8 * 301)
        XCTAssertEqual(try device.synapses.edges(), try host.synapses.edges())
        let cpu = Simulation(try NetworkBuilder.build(net.spec, threads: 1))
        try cpu.run(50)
        try device.run(50)
        XCTAssertGreaterThan(cpu.spikeCount, 100)
        XCTAssertEqual(try device.spikes(spikes), try cpu.spikes(spikes))
    }

    func testDeferredProjectionsAreLeftToTheBackend() throws {
        let spec = try Self.mixedNetwork()
        let network = try gpuBuilt(spec, threads: 1)
        XCTAssertEqual(network.deferredProjections, [0, 1, 2, 3, 4, 5])
        XCTAssertLessThan(network.totalSynapseCount, try NetworkBuilder.build(spec, threads: 1).totalSynapseCount)
    }
}
