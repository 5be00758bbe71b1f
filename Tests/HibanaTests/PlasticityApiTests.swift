import Foundation
import XCTest
import Hibana

/// Plastic weights through the Swift API and model files: read, set, save and load, the weight
/// recorder's events, validation of plastic projections, and bounded postsynaptic history.
final class PlasticityApiTests: XCTestCase {
    /// 20 Poisson-driven parrots onto 4 iaf_psc_exp cells through stdp_synapse.
    func network(threads: Int = 1) throws -> (Network, Network.Projection, Network.Population) {
        var net = Network(resolution: 0.1, seed: 7)
        let inputs = try net.population("parrot_neuron", count: 20, name: "inputs")
        let cells = try net.population("iaf_psc_exp", count: 4, ["I_e": 380.0], name: "cells")
        let drive = try net.device("poisson_generator", ["rate": 20.0])
        try net.connect(drive, inputs, weight: .constant(1), delay: .constant(1))
        let projection = try net.connect(
            inputs, cells, rule: .fixedIndegree(10), synapse: .init("stdp_synapse", ["mu_plus": 0, "lambda": 0.05], recordWeights: true),
            weight: .uniform(min: 100, max: 200), delay: .constant(1.5))
        return (net, projection, cells)
    }

    func testWeightsReadSetAndRecorded() throws {
        let (net, projection, _) = try network()
        let run = try Simulation(NetworkBuilder.build(net.spec, threads: 2))
        let initial = run.weights(projection: projection.index)
        XCTAssertEqual(initial.count, 40)
        try run.run(500)
        let learned = run.weights(projection: projection.index)
        XCTAssertEqual(learned.sources, initial.sources)
        XCTAssertNotEqual(learned.weights, initial.weights, "500 ms of 20 Hz input change some weights")
        // The weight recorder's last event of each connection is its current weight.
        let events = run.weightEvents(projection: projection.index)
        XCTAssertGreaterThan(events.count, 0)
        var last: [String: Double] = [:]
        for i in 0..<events.count { last["\(events.senders[i])>\(events.targets[i])"] = events.weights[i] }
        for i in 0..<learned.count {
            if let w = last["\(learned.sources[i])>\(learned.targets[i])"] { XCTAssertEqual(w, learned.weights[i]) }
        }
        try run.setWeights(projection: projection.index, Array(repeating: 42, count: 40))
        XCTAssertEqual(run.weights(projection: projection.index).weights, Array(repeating: 42, count: 40))
        XCTAssertThrowsError(try run.setWeights(projection: projection.index, [1, 2]))
    }

    func testSaveAndLoadWeights() throws {
        let (net, projection, _) = try network()
        let learning = try net.simulate(400, threads: 1)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hibana-weights-\(UUID()).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        try PlasticWeightsFile.write(learning, to: file)
        // A later run, on another number of threads, starts from the learned weights.
        let later = try Simulation(NetworkBuilder.build(net.spec, threads: 2))
        try PlasticWeightsFile.load(into: later, from: file)
        XCTAssertEqual(later.weights(projection: projection.index), learning.weights(projection: projection.index))
        // A network with other connections (another seed, or no plastic projection) refuses the file.
        var reseeded = net.spec
        reseeded.seed = 99
        XCTAssertThrowsError(try PlasticWeightsFile.load(into: try Simulation(NetworkBuilder.build(reseeded, threads: 1)), from: file))
        let empty = try Simulation(NetworkBuilder.build(Network().spec, threads: 1))
        XCTAssertThrowsError(try PlasticWeightsFile.load(into: empty, from: file))
    }

    func testSpikesAndWeightsAreThreadInvariant() throws {
        let (base, projection, cells) = try network()
        var net = base
        let spikes = net.recordSpikes(cells)
        let one = try net.simulate(300, threads: 1), two = try net.simulate(300, threads: 2)
        XCTAssertEqual(try one.spikes(spikes), try two.spikes(spikes))
        XCTAssertEqual(one.weights(projection: projection.index), two.weights(projection: projection.index))
        XCTAssertEqual(one.weightEvents(projection: projection.index), two.weightEvents(projection: projection.index))
    }

    /// A history entry is dropped once every plastic input has read it (trimmed whenever the
    /// history doubled): with active inputs it holds only recent spikes, however long the run.
    func testPostsynapticHistoryStaysBounded() throws {
        let (net, _, _) = try network()
        let run = try Simulation(NetworkBuilder.build(net.spec, threads: 1))
        func mostHeld(until ms: Double) throws -> Int {
            var most = 0
            while run.time < ms {
                try run.run(50)
                most = max(most, run.network.shards[0].postHistory.entryCount)
            }
            return most
        }
        let firstSecond = try mostHeld(until: 1000)
        XCTAssertGreaterThan(run.spikeCount, 500, "the cells fire (the 20 parrots give about 400 spikes)")
        XCTAssertGreaterThan(firstSecond, 0)
        let later = try mostHeld(until: 5000)
        XCTAssertLessThanOrEqual(later, 2 * firstSecond, "history grows with the run (\(firstSecond) → \(later))")
    }

    /// The dopamine spikes a stdp_dopamine_synapse projection keeps are dropped once every synapse
    /// was updated past them: with active inputs, memory does not grow with the run length.
    func testDopamineSpikesStayBounded() throws {
        var net = Network(resolution: 0.1, seed: 3)
        let inputs = try net.population("parrot_neuron", count: 20, name: "inputs")
        let cells = try net.population("iaf_psc_exp", count: 4, ["I_e": 380.0], name: "cells")
        let dopa = try net.population("parrot_neuron", count: 1, name: "dopa")
        let vt = try net.population("volume_transmitter", count: 1, name: "vt")
        try net.connect(try net.device("poisson_generator", ["rate": 20.0]), inputs, weight: .constant(1), delay: .constant(1))
        try net.connect(try net.device("poisson_generator", ["rate": 50.0]), dopa, weight: .constant(1), delay: .constant(1))
        try net.connect(dopa, vt, weight: .constant(1), delay: .constant(1))
        try net.connect(
            inputs, cells, rule: .fixedIndegree(10), synapse: .init("stdp_dopamine_synapse", ["Wmax": 300], volumeTransmitter: vt),
            weight: .uniform(min: 100, max: 200), delay: .constant(1.5))
        let dopaSpikes = net.recordSpikes(dopa)
        let run = try Simulation(NetworkBuilder.build(net.spec, threads: 1))
        let rule = run.network.shards[0].plastic[0].rule
        var most = 0
        for _ in 0..<10 {
            try run.run(1000)
            most = max(most, rule.heldModulatorSpikes)
        }
        let delivered = try run.spikes(dopaSpikes).count
        XCTAssertGreaterThan(delivered, 400, "10 s of 50 Hz dopamine")
        // Inputs at 20 Hz leave at most a few hundred ms between a synapse's updates (≈ 20 dopamine
        // spikes); the trim runs when the count has doubled since the last one, at 64 at the least.
        XCTAssertLessThan(most, 130, "held dopamine spikes grow with the run (\(delivered) delivered)")
    }

    func testInvalidPlasticProjections() throws {
        var net = Network()
        let a = try net.population("iaf_psc_exp", count: 2)
        let b = try net.population("iaf_psc_exp", count: 2)
        let g = try net.device("poisson_generator", ["rate": 10.0])
        XCTAssertThrowsError(try net.connect(a, b, synapse: .init("stdp_synapse", ["tau_plus": -1]), weight: .constant(1)))
        XCTAssertThrowsError(try net.connect(a, b, synapse: .init("stdp_synapse", ["Wmax": 10]), weight: .constant(-1)))
        XCTAssertThrowsError(try net.connect(a, b, synapse: .init("stdp_synapse", ["tau_minus": 1]), weight: .constant(1)))
        XCTAssertThrowsError(try net.connect(a, b, synapse: .init("stdp_synapce"), weight: .constant(1))) { error in
            XCTAssert("\(error)".contains("did you mean 'stdp_synapse'"), "\(error)")
        }
        XCTAssertThrowsError(try net.connect(a, b, synapse: .init("stdp_dopamine_synapse"), weight: .constant(1)))
        XCTAssertThrowsError(try net.connect(a, b, synapse: .init("static_synapse", receptorType: 1), weight: .constant(1)))
        var spec = net.spec
        var p = ProjectionSpec(source: .device(g.index), target: b.index, rule: .allToAll, weight: .constant(1), delay: .constant(1))
        p.synapseModel = "stdp_synapse"
        spec.projections.append(p)
        XCTAssertThrowsError(try NetworkValidator.validate(spec))
    }

    /// The plasticity example of docs/model-format.md reads into the spec it describes.
    func testModelFileKeys() throws {
        let page = try String(
            contentsOf: ModelFileFixtures.repositoryRoot.appendingPathComponent("docs/model-format.md"), encoding: .utf8)
        let start = try XCTUnwrap(page.range(of: "### Plastic synapses"))
        let block = page[start.upperBound...].components(separatedBy: "```yaml\n")[1].components(separatedBy: "```")[0]
        let checked = ModelFile.check(text: block, file: "plastic", memoryLimit: nil)
        XCTAssertEqual(checked.problems.map(\.description), [])
        let spec = checked.model.spec
        let stdp = spec.projections[3], dopamine = spec.projections[4]
        XCTAssertEqual(stdp.synapseModel, "stdp_synapse")
        XCTAssertEqual(stdp.synapseParameters, ["tau_plus": 20, "lambda": 0.01, "mu_plus": 0, "Wmax": 100])
        XCTAssertTrue(stdp.recordWeights)
        XCTAssertEqual(dopamine.volumeTransmitter, 3)
        let run = try Simulation(NetworkBuilder.build(spec, threads: 1))
        try run.run(1000)
        XCTAssertGreaterThan(run.weightEvents(projection: 3).count, 0)
    }
}
