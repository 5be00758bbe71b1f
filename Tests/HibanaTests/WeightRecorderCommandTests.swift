import Foundation
import XCTest
import Hibana

/// `record_weights` in a model file: `hibana run` writes the weight recorder's events
/// (`<source>-<target>-weights.csv` and `.npy`, listed in summary.json), the very events
/// `Simulation.weightEvents` holds for the same model, on either backend.
final class WeightRecorderCommandTests: XCTestCase {
    static let model = """
        run: {resolution: 0.1 ms, duration: 300 ms, seed: 7, threads: 2}
        populations:
          pre: {model: parrot_neuron, size: 8}
          post: {model: iaf_psc_exp, size: 3, params: {I_e: 300 pA}}
        devices:
          drive: {model: poisson_generator, params: {rate: 30 Hz}}
        projections:
          - {source: drive, target: pre, weight: 1, delay: 1 ms}
          - {source: pre, target: post, synapse: stdp_synapse, synapse_params: {Wmax: 100},
             weight: 40 pA, delay: 1 ms, record_weights: {senders: '0:4', targets: [0, 2]}}
        recorders:
          spikes: {model: spike_recorder, population: post}
        """

    func testRunWritesTheWeightRecordersEvents() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hibana-weight-recorder-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("model.yaml")
        try Self.model.write(to: model, atomically: true, encoding: .utf8)
        let run = try runProcess(
            Bundle.main.bundleURL.appendingPathComponent("hibana"), ["run", model.path, "--quiet", "--out", dir.appendingPathComponent("out").path])
        XCTAssertEqual(run.status, 0, run.output)

        let checked = ModelFile.check(path: model.path)
        XCTAssert(checked.problems.isEmpty, "\(checked.problems)")
        let simulation = Simulation(try NetworkBuilder.build(checked.model.spec, threads: 2))
        try simulation.run(300)
        let expected = simulation.weightEvents(projection: 1)
        XCTAssertGreaterThan(expected.count, 20, "the recorder must log updates")
        XCTAssert(Set(expected.senders).isSubset(of: Set(1...4)) && Set(expected.targets).isSubset(of: [9, 11]))

        let csv = try String(contentsOf: dir.appendingPathComponent("out/pre-post-weights.csv"), encoding: .utf8)
        let rows = csv.split(separator: "\n")
        XCTAssertEqual(rows.first, "sender,target,time_ms,weight")
        XCTAssertEqual(rows.count - 1, expected.count)
        for (i, row) in rows.dropFirst().enumerated() {
            let f = row.split(separator: ",")
            XCTAssertEqual(Int(f[0]), expected.senders[i])
            XCTAssertEqual(Int(f[1]), expected.targets[i])
            XCTAssertEqual(Double(f[2]), expected.times[i])
            XCTAssertEqual(Double(f[3]), expected.weights[i], "bit for bit")
        }
        let npy = try Data(contentsOf: dir.appendingPathComponent("out/pre-post-weights.npy"))
        XCTAssertEqual(npy.count % 16, 0)
        XCTAssertGreaterThanOrEqual(npy.count, 32 * expected.count)
        let summary = try String(contentsOf: dir.appendingPathComponent("out/summary.json"), encoding: .utf8)
        XCTAssert(summary.contains("\"weight_recorder\"") && summary.contains("pre-post-weights.csv"), summary)

        // The GPU backend (on the emulator) writes the same file, byte for byte.
        let gpu = try runProcess(
            Bundle.main.bundleURL.appendingPathComponent("hibana"),
            ["run", model.path, "--quiet", "--backend", "cuda", "--out", dir.appendingPathComponent("gpu").path],
            environment: try CUDAEmulator.environment())
        XCTAssertEqual(gpu.status, 0, gpu.output)
        XCTAssertEqual(try String(contentsOf: dir.appendingPathComponent("gpu/pre-post-weights.csv"), encoding: .utf8), csv)
    }
}
