import XCTest
import Hibana
@testable import HibanaEngineCUDA

/// `GPUTraffic` counts what the kernels read and write per step, on the emulator: a network
/// whose every spike reaches a known number of static synapses.
final class GPUTrafficTests: XCTestCase {
    func testTrafficCountsEverySpikesSynapses() throws {
        var net = Network(seed: 2)
        let cells = try net.population("iaf_psc_delta", count: 20)
        let drive = try net.device("dc_generator", ["amplitude": .value(600)])
        try net.connect(drive, cells, weight: .uniform(min: 0.8, max: 1.2), delay: .constant(0.1))
        // 19 targets per spike, plus 3 for the first five neurons' second projection.
        try net.connect(cells, cells, rule: .allToAll, weight: .constant(0.1), delay: .constant(1), allowAutapses: false)
        let few = try net.population("iaf_psc_delta", count: 3)
        try net.connect(cells, few, rule: .allToAll, weight: .constant(0.1), delay: .constant(1.5))
        _ = net.recordSpikes(cells)
        let device = try CUDASimulation(try gpuBuilt(net.spec, threads: 1), backend: try CUDAEmulator.backend())
        XCTAssertNil(device.traffic, "nothing moved before the first step")
        try device.run(50)
        XCTAssertGreaterThan(device.spikeCount, 50)
        XCTAssertEqual(device.deliveredSynapses, 22 * device.spikeCount)
        let steps = 500.0, spikes = Double(device.spikeCount)
        let traffic = try XCTUnwrap(device.traffic)
        XCTAssertEqual(traffic.delivery, (24 * spikes + (7 + 16) * 22 * spikes) / steps, accuracy: 1e-9)
        // iaf_psc_delta's state arrays, the ring and one DC link per driven neuron.
        XCTAssertGreaterThan(traffic.update, Double(23 * 48 + 20 * 64) + 8 * spikes / steps)
        XCTAssertGreaterThan(try GPUBandwidth.measure(try CUDAEmulator.backend(), bytes: 1 << 16, repeats: 2), 0)
    }

    /// Each spike of a source updates its 3 stdp_synapse synapses: 56 bytes each (`bytesPerUpdate`).
    func testTrafficCountsPlasticUpdates() throws {
        var net = Network(seed: 3)
        let cells = try net.population("iaf_psc_delta", count: 20)
        let few = try net.population("iaf_psc_delta", count: 3)
        try net.connect(try net.device("dc_generator", ["amplitude": .value(600)]), cells, weight: .uniform(min: 0.8, max: 1.2), delay: .constant(0.1))
        try net.connect(cells, few, synapse: .init("stdp_synapse", ["Wmax": 1]), weight: .constant(0.1), delay: .constant(1))
        let spikes = net.recordSpikes(cells)
        let device = try CUDASimulation(try gpuBuilt(net.spec, threads: 1), backend: try CUDAEmulator.backend())
        try device.run(50)
        // The last cycle's spikes are delivered at the start of the next.
        let delivered = try device.spikes(spikes).count - device.pendingKeys.filter { ($0 & 0xFFFF_FFFF) < 20 }.count
        XCTAssertGreaterThan(delivered, 50)
        XCTAssertEqual(device.deliveredSynapses, 0)
        XCTAssertEqual(device.plasticBytes, 56 * 3 * delivered)
        let traffic = try XCTUnwrap(device.traffic)
        XCTAssertEqual(traffic.delivery, (24 * Double(device.spikeCount) + Double(56 * 3 * delivered)) / 500, accuracy: 1e-9)
    }
}
