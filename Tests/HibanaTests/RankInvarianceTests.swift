import XCTest
import Hibana

/// The promise of DESIGN.md across ranks: the same seed gives bit-identical spikes (and traces)
/// for every decomposition into ranks × threads. Ranks are dry-run ranks (threads of this
/// process, each building and holding only its own part of the network, exchanging spikes once
/// per min-delay cycle) — the code paths of an MPI run, in plain `swift test`.
final class RankInvarianceTests: XCTestCase {
    static let decompositions = [(1, 2), (2, 1), (2, 2), (4, 1)]

    /// What rank 0 holds after the run: every rank's recordings, merged; and each rank's share.
    struct Outcome: Equatable {
        var spikes: SpikeEvents
        var traces: MultimeterData
        var spikeCount: Int
        var synapses: Int
    }

    static func run(_ net: Network, duration: Double, ranks: Int, threads: Int, spikes: String, traces: String)
        throws -> (outcome: Outcome, localSynapses: [Int])
    {
        let spec = net.spec
        let results = DryRunCommunicator.run(ranks: ranks) { comm in
            let simulation = Simulation(try NetworkBuilder.build(spec, threads: threads, communicator: comm))
            try simulation.run(duration)
            simulation.gatherRecordings()
            let outcome = Outcome(
                spikes: try simulation.spikes(spikes), traces: try simulation.multimeter(traces),
                spikeCount: simulation.spikeCount, synapses: simulation.network.totalSynapseCount)
            return (outcome, simulation.network.synapseCount)
        }
        let values = try results.map { try $0.get() }
        return (values[0].0, values.map(\.1))
    }

    func checkDecompositions(_ net: Network, duration: Double, spikes: String, traces: String) throws {
        let reference = try Self.run(net, duration: duration, ranks: 1, threads: 1, spikes: spikes, traces: traces).outcome
        XCTAssertGreaterThan(reference.spikes.count, 500, "the network should be active")
        for (ranks, threads) in Self.decompositions {
            let (outcome, local) = try Self.run(net, duration: duration, ranks: ranks, threads: threads, spikes: spikes, traces: traces)
            XCTAssertEqual(outcome, reference, "\(ranks) ranks × \(threads) threads")
            // Each rank holds only its own targets' synapses.
            XCTAssertEqual(local.reduce(0, +), reference.synapses)
            if ranks > 1 { XCTAssertLessThan(local.max()!, reference.synapses) }
        }
    }

    /// ThreadInvarianceTests' Brunel network (500 neurons, Poisson drive), with E → E STDP if
    /// `plastic`: the weights, and so the spikes, then depend on every pre/post spike pair being
    /// seen in the same order on every decomposition.
    static func brunel(seed: UInt64, plastic: Bool) throws -> (net: Network, spikes: String, traces: String) {
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
        if plastic {
            try net.connect(
                exc, exc, rule: .fixedIndegree(20), synapse: .init("stdp_synapse", ["lambda": 0.05, "Wmax": 2]),
                weight: .uniform(min: 0.05, max: 0.15), delay: .uniform(min: 1, max: 2))
        }
        let spikes = net.recordSpikes(exc, inh)
        let traces = net.record(["V_m"], from: exc, indices: [0, 133, 266, 399], interval: 0.5)
        return (net, spikes, traces)
    }

    func testBrunelSpikesAreIdenticalForEveryDecomposition() throws {
        let (net, spikes, traces) = try Self.brunel(seed: 7, plastic: false)
        try checkDecompositions(net, duration: 200, spikes: spikes, traces: traces)
    }

    func testPlasticSpikesAreIdenticalForEveryDecomposition() throws {
        let (net, spikes, traces) = try Self.brunel(seed: 11, plastic: true)
        try checkDecompositions(net, duration: 200, spikes: spikes, traces: traces)
    }

    func testAFailingRankStopsEveryRankWithItsMessage() throws {
        var net = Network(resolution: 0.1, seed: 3)
        let cells = try net.population("iaf_psc_exp", count: 8, ["I_e": 1000], name: "cortex")
        // One neuron, so on 4 ranks only the last one owns it; at 20 ms it receives 1e310 pA.
        let victim = try net.population("iaf_psc_exp", count: 1, name: "victim")
        let kick = try net.device("spike_generator", ["spike_times": .list([20]), "spike_weights": .list([1e10])])
        try net.connect(kick, victim, weight: .constant(1e300), delay: .constant(1))
        try net.connect(cells, cells, rule: .fixedIndegree(2), weight: .constant(1), delay: .constant(1))
        let spec = net.spec
        let results = DryRunCommunicator.run(ranks: 4) { comm in
            let simulation = Simulation(try NetworkBuilder.build(spec, threads: 1, communicator: comm))
            do { try simulation.run(100) } catch { return ("\(error)", simulation.time) }
            return ("no error", simulation.time)
        }
        let outcomes = try results.map { try $0.get() }
        XCTAssertTrue(outcomes[3].0.hasPrefix("numerical instability") && outcomes[3].0.contains("victim"), outcomes[3].0)
        for rank in 0..<3 { XCTAssertEqual(outcomes[rank].0, "rank 3: " + outcomes[3].0) }
        XCTAssertEqual(Set(outcomes.map(\.1)).count, 1, "every rank stops at the same time")
        XCTAssertLessThan(outcomes[0].1, 100)
    }

    func testABuildErrorOnOneRankIsRaisedOnEvery() {
        struct Refused: Error, CustomStringConvertible { var description: String { "refused" } }
        let results = DryRunCommunicator.run(ranks: 3) { comm in try comm.agree(comm.rank == 1 ? Refused() : nil) }
        let texts = results.map { result -> String in
            do {
                try result.get()
                return "no error"
            } catch { return "\(error)" }
        }
        XCTAssertEqual(texts, ["rank 1: refused", "refused", "rank 1: refused"])
    }
}
