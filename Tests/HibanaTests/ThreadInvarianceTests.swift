import XCTest
import Hibana

/// The promise of DESIGN.md: the same seed gives bit-identical spikes for any number of threads.
final class ThreadInvarianceTests: XCTestCase {
    /// A small Brunel (2000) network: random in-degrees, Poisson drive, per-neuron initial V_m.
    static func brunel(seed: UInt64) throws -> (Network, String) {
        var net = Network(resolution: 0.1, seed: seed)
        let cell: [String: ParameterValue] = [
            "tau_m": 20, "V_th": 20, "V_reset": 10, "E_L": 0, "t_ref": 2, "C_m": 250,
            "V_m": .distribution(.uniform(min: 0, max: 20)),
        ]
        let exc = try net.population("iaf_psc_delta", count: 400, cell, name: "E")
        let inh = try net.population("iaf_psc_delta", count: 100, cell, name: "I")
        let noise = try net.device("poisson_generator", ["rate": 20000])
        for target in [exc, inh] {
            try net.connect(noise, target, weight: .constant(0.1), delay: .constant(1.5))
            try net.connect(exc, target, rule: .fixedIndegree(40), weight: .constant(0.1), delay: .constant(1.5))
            try net.connect(inh, target, rule: .fixedIndegree(10), weight: .normal(mean: -0.5, std: 0.05), delay: .uniform(min: 0.8, max: 2.5))
        }
        let recorder = net.recordSpikes(exc, inh)
        return (net, recorder)
    }

    func testSpikesAreIdenticalForOneToFourThreads() throws {
        let (net, recorder) = try Self.brunel(seed: 7)
        let reference = try net.simulate(200, threads: 1).spikes(recorder)
        XCTAssertGreaterThan(reference.count, 500, "the network should be active")
        for threads in 2...4 {
            let spikes = try net.simulate(200, threads: threads).spikes(recorder)
            XCTAssertEqual(spikes, reference, "\(threads) threads")
        }
    }

    func testAnotherSeedGivesOtherSpikes() throws {
        let (a, recorder) = try Self.brunel(seed: 7)
        let (b, _) = try Self.brunel(seed: 8)
        XCTAssertNotEqual(try a.simulate(100, threads: 1).spikes(recorder), try b.simulate(100, threads: 1).spikes(recorder))
    }
}
