import Foundation
import XCTest
import Hibana

/// Save → load → continue gives, bit for bit, the spikes and weights of one uninterrupted run.
final class CheckpointTests: XCTestCase {
    /// Poisson-driven excitatory cells with stdp_synapse among them, tsodyks_synapse onto
    /// conductance-based inhibitory cells (adaptive RKF45 state), and stdp_dopamine_synapse onto
    /// them modulated by Poisson dopamine spikes through a volume_transmitter; Gaussian noise
    /// current and a high-rate Poisson generator (sampled, not inverted) keep stream positions.
    static func network(seed: UInt64 = 11) throws -> (net: Network, spikes: String, plastic: [Network.Projection]) {
        var net = Network(resolution: 0.1, seed: seed)
        let e = try net.population("iaf_psc_exp", count: 40, ["I_e": 200.0, "V_m": .distribution(.uniform(min: -70, max: -56))], name: "E")
        let i = try net.population("iaf_cond_exp", count: 10, name: "I")
        let dopa = try net.population("parrot_neuron", count: 2, name: "dopa")
        let vt = try net.population("volume_transmitter", count: 1, name: "vt")
        let drive = try net.device("poisson_generator", ["rate": 9000.0])
        let dense = try net.device("poisson_generator", ["rate": 150_000.0])
        let noise = try net.device("noise_generator", ["mean": 20.0, "std": 60.0, "dt": 0.5])
        let reward = try net.device("poisson_generator", ["rate": 15.0])
        try net.connect(drive, e, weight: .constant(20), delay: .constant(1))
        try net.connect(dense, i, weight: .constant(0.02), delay: .constant(1))
        try net.connect(noise, e, weight: .constant(1), delay: .constant(1))
        try net.connect(reward, dopa, weight: .constant(1), delay: .constant(1))
        try net.connect(dopa, vt, weight: .constant(1), delay: .constant(1))
        let stdp = try net.connect(
            e, e, rule: .fixedIndegree(8), synapse: .init("stdp_synapse", ["lambda": 0.05, "Wmax": 200], recordWeights: true),
            weight: .uniform(min: 20, max: 120), delay: .uniform(min: 1, max: 3))
        let tsodyks = try net.connect(
            e, i, rule: .fixedIndegree(10), synapse: .init("tsodyks_synapse", ["U": 0.4, "tau_fac": 50]),
            weight: .constant(6), delay: .constant(1.5))
        let dopamine = try net.connect(
            e, i, rule: .fixedIndegree(6),
            synapse: .init("stdp_dopamine_synapse", ["A_plus": 0.5, "A_minus": 0.6, "tau_c": 300, "Wmax": 20], volumeTransmitter: vt),
            weight: .uniform(min: 2, max: 8), delay: .constant(1.2))
        try net.connect(i, e, rule: .fixedIndegree(5), weight: .constant(-40), delay: .constant(1))
        let spikes = net.recordSpikes(e, i, dopa)
        return (net, spikes, [stdp, tsodyks, dopamine])
    }

    func checkResume(threads: Int) throws {
        let (net, spikes, plastic) = try Self.network()
        let whole = try net.simulate(200, threads: threads)
        XCTAssertGreaterThan(try whole.spikes(spikes).count, 400, "the network is active")

        let first = try net.simulate(100, threads: threads)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hibana-state-\(UUID()).hibana")
        defer { try? FileManager.default.removeItem(at: file) }
        try first.saveState(to: file)
        let second = try Simulation(NetworkBuilder.build(net.spec, threads: threads))
        try second.loadState(from: file)
        XCTAssertEqual(second.time, 100)
        try second.run(100)

        let all = try whole.spikes(spikes), resumed = try second.spikes(spikes)
        let later = all.times.indices.filter { all.times[$0] > 100 }
        XCTAssertEqual(resumed.senders, later.map { all.senders[$0] }, "\(threads) thread(s)")
        XCTAssertEqual(resumed.times, later.map { all.times[$0] }, "\(threads) thread(s)")
        XCTAssertEqual(resumed.count, later.count)
        for p in plastic {
            XCTAssertEqual(second.weights(projection: p.index), whole.weights(projection: p.index), "projection \(p.index)")
        }
        // The weight recorder: the first part's events then the continued run's are the whole run's
        // (a spike of the first part's last cycle is delivered, and logged, in the continued run).
        let events = whole.weightEvents(projection: plastic[0].index)
        let before = first.weightEvents(projection: plastic[0].index), after = second.weightEvents(projection: plastic[0].index)
        XCTAssertGreaterThan(after.count, 0)
        XCTAssertTrue(before.times + after.times == events.times, "weight event times")
        XCTAssertTrue(before.senders + after.senders == events.senders, "weight event senders")
        XCTAssertTrue(before.weights + after.weights == events.weights, "weight event weights")
    }

    func testResumedRunMatchesUninterruptedOnOneThread() throws { try checkResume(threads: 1) }
    func testResumedRunMatchesUninterruptedOnTwoThreads() throws { try checkResume(threads: 2) }

    func testCheckpointOfAnotherNetworkIsRefusedNamingTheDifference() throws {
        let (net, _, _) = try Self.network()
        let saved = try net.simulate(20, threads: 1).checkpoint()
        let (reseeded, _, _) = try Self.network(seed: 12)
        let other = try Simulation(NetworkBuilder.build(reseeded.spec, threads: 1))
        XCTAssertThrowsError(try other.restore(checkpoint: saved)) { error in
            guard case let .differentNetwork(differences) = error as? CheckpointError else { return XCTFail("\(error)") }
            XCTAssertTrue(differences.contains { $0.hasPrefix("seed: in the checkpoint 11, here 12") }, "\(differences)")
        }
        let twoThreads = try Simulation(NetworkBuilder.build(net.spec, threads: 2))
        XCTAssertThrowsError(try twoThreads.restore(checkpoint: saved)) { error in
            XCTAssertTrue("\(error)".contains("threads: in the checkpoint 1, here 2"), "\(error)")
        }
        var bigger = net.spec
        bigger.populations[1].count = 12
        XCTAssertThrowsError(try Simulation(NetworkBuilder.build(bigger, threads: 1)).restore(checkpoint: saved)) { error in
            XCTAssertTrue("\(error)".contains("population 1: in the checkpoint 'I' iaf_cond_exp × 10"), "\(error)")
        }
    }

    func testDamagedCheckpointIsRefusedAndChangesNothing() throws {
        let (net, spikes, _) = try Self.network()
        let saved = try net.simulate(20, threads: 1).checkpoint()
        let fresh = try Simulation(NetworkBuilder.build(net.spec, threads: 1))
        XCTAssertThrowsError(try fresh.restore(checkpoint: Array(saved.dropLast(9)))) { error in
            guard case .corrupt = error as? CheckpointError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try fresh.restore(checkpoint: Array("not a checkpoint".utf8))) { error in
            XCTAssertEqual(error as? CheckpointError, .notACheckpoint)
        }
        var future = saved
        future[8] = 9
        XCTAssertThrowsError(try fresh.restore(checkpoint: future)) { error in
            XCTAssertEqual(error as? CheckpointError, .unsupportedVersion(found: 9, supported: Simulation.checkpointVersion))
        }
        XCTAssertEqual(fresh.step, 0)
        try fresh.run(20)
        XCTAssertEqual(try fresh.spikes(spikes), try net.simulate(20, threads: 1).spikes(spikes))
    }
}
