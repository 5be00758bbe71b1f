import XCTest
import Hibana

/// The promise of DESIGN.md: the same seed gives bit-identical spikes for any number of threads.
final class ThreadInvarianceTests: XCTestCase {
    /// A small Brunel (2000) network: random in-degrees, Poisson drive, per-neuron initial V_m
    /// (RankInvarianceTests' network without plasticity).
    static func brunel(seed: UInt64) throws -> (Network, String) {
        let b = try RankInvarianceTests.brunel(seed: seed, plastic: false)
        return (b.net, b.spikes)
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
