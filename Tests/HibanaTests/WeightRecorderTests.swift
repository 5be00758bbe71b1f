import XCTest
import Hibana

/// The weight recorder's selection (NEST's `senders` and `targets`): only updates of the selected
/// connections are logged, and they are exactly the unselected recorder's events for them.
final class WeightRecorderTests: XCTestCase {
    func network(senders: [Int]? = nil, targets: [Int]? = nil) throws -> (Network, Network.Projection) {
        var net = Network(resolution: 0.1, seed: 7)
        let inputs = try net.population("parrot_neuron", count: 20, name: "inputs")
        let cells = try net.population("iaf_psc_exp", count: 4, ["I_e": 380.0], name: "cells")
        try net.connect(try net.device("poisson_generator", ["rate": 20.0]), inputs, weight: .constant(1), delay: .constant(1))
        let projection = try net.connect(
            inputs, cells, rule: .fixedIndegree(10),
            synapse: .init("stdp_synapse", ["lambda": 0.05], recordWeights: true, recordedSenders: senders, recordedTargets: targets),
            weight: .uniform(min: 100, max: 200), delay: .constant(1.5))
        return (net, projection)
    }

    func testOnlySelectedConnectionsAreLogged() throws {
        let (all, projection) = try network()
        let everything = try all.simulate(500, threads: 1).weightEvents(projection: projection.index)
        XCTAssertGreaterThan(everything.count, 100)
        // NEST ids: inputs are 1…20, cells 21…24.
        let senders = [0, 3, 7], targets = [1, 2]
        let cases: [([Int]?, [Int]?)] = [(senders, nil), (nil, targets), (senders, targets)]
        for (s, t) in cases {
            let (net, p) = try network(senders: s, targets: t)
            let expected = everything.times.indices.filter { i in
                (s.map { $0.contains(everything.senders[i] - 1) } ?? true) && (t.map { $0.contains(everything.targets[i] - 21) } ?? true)
            }
            XCTAssertGreaterThan(expected.count, 0)
            XCTAssertLessThan(expected.count, everything.count)
            for threads in [1, 2] {
                let events = try net.simulate(500, threads: threads).weightEvents(projection: p.index)
                let label = "senders \(String(describing: s)), targets \(String(describing: t)), \(threads) thread(s)"
                XCTAssertEqual(events.times, expected.map { everything.times[$0] }, label)
                XCTAssertEqual(events.senders, expected.map { everything.senders[$0] }, label)
                XCTAssertEqual(events.targets, expected.map { everything.targets[$0] }, label)
                XCTAssertEqual(events.weights, expected.map { everything.weights[$0] }, label)
            }
        }
    }

    func testSelectionInModelFiles() throws {
        let text = """
            populations:
              inputs: {model: parrot_neuron, size: 20}
              cells: {model: iaf_psc_exp, size: 4}
            projections:
              - {source: inputs, target: cells, rule: fixed_indegree, indegree: 10, synapse: stdp_synapse,
                 record_weights: {senders: '0:5', targets: [1, 3]}}
              - {source: inputs, target: cells, synapse: stdp_synapse, record_weights: true}
            """
        let checked = ModelFile.check(text: text, file: "w.yaml", memoryLimit: nil)
        XCTAssertEqual(checked.problems.map(\.description), [])
        let selected = checked.model.spec.projections[0], all = checked.model.spec.projections[1]
        XCTAssertTrue(selected.recordWeights)
        XCTAssertEqual(selected.recordedSenders, [0, 1, 2, 3, 4])
        XCTAssertEqual(selected.recordedTargets, [1, 3])
        XCTAssertTrue(all.recordWeights)
        XCTAssertNil(all.recordedSenders)

        let misspelt = text.replacingOccurrences(of: "targets: [1, 3]", with: "tragets: [0]")
        let problems = ModelFile.check(text: misspelt, file: "w.yaml", memoryLimit: nil).problems.map(\.description)
        XCTAssertTrue(problems.contains { $0.contains("tragets") && $0.contains("did you mean 'targets'") }, "\(problems)")
        let outside = text.replacingOccurrences(of: "targets: [1, 3]", with: "targets: [1, 4]")
        let outsideProblems = ModelFile.check(text: outside, file: "w.yaml", memoryLimit: nil).problems.map(\.description)
        XCTAssertTrue(
            outsideProblems.contains { $0.contains("record_weights: target 4 is not a neuron of 'cells' (0 to 3)") }, "\(outsideProblems)")
        let staticSelected = text.replacingOccurrences(of: "synapse: stdp_synapse,\n", with: "\n")
        let staticProblems = ModelFile.check(text: staticSelected, file: "w.yaml", memoryLimit: nil).problems.map(\.description)
        XCTAssertTrue(staticProblems.contains { $0.contains("select among the logged updates of a plastic projection") }, "\(staticProblems)")
    }
}
