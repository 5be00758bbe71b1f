import Foundation
import XCTest

/// `hibana run --save-state / --load-state` and `--save-weights / --load-weights`.
final class CheckpointCommandTests: XCTestCase {
    static let model = """
        run: {resolution: 0.1 ms, duration: 200 ms, seed: 5, threads: 2}
        populations:
          E: {model: iaf_psc_exp, size: 30, params: {I_e: 200 pA}}
          dopa: {model: parrot_neuron, size: 1}
          vt: {model: volume_transmitter, size: 1}
        devices:
          drive: {model: poisson_generator, params: {rate: 9 kHz}}
          reward: {model: poisson_generator, params: {rate: 10 Hz}}
        projections:
          - {source: drive, target: E, weight: 20 pA, delay: 1 ms}
          - {source: reward, target: dopa, weight: 1, delay: 1 ms}
          - {source: dopa, target: vt, weight: 1, delay: 1 ms}
          - {source: E, target: E, rule: fixed_indegree, indegree: 5, synapse: stdp_synapse,
             synapse_params: {lambda: 0.05, Wmax: 200}, weight: 80 pA, delay: 1.5 ms}
          - {source: E, target: E, rule: fixed_indegree, indegree: 3, synapse: stdp_dopamine_synapse,
             synapse_params: {Wmax: 50, A_plus: 0.5}, volume_transmitter: vt, weight: 10 pA, delay: 1 ms}
        recorders:
          spikes: {model: spike_recorder, population: E}
        """

    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("hibana-checkpoint-cli-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Self.model.write(to: path("model.yaml"), atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    func path(_ name: String) -> URL { directory.appendingPathComponent(name) }

    func hibana(_ arguments: [String], environment: [String: String]? = nil) throws -> (status: Int32, output: String) {
        try runProcess(
            Bundle.main.bundleURL.appendingPathComponent("hibana"), ["run", path("model.yaml").path, "--quiet"] + arguments,
            environment: environment)
    }

    func spikeRows(_ run: String) throws -> [Substring] {
        try String(contentsOf: path(run).appendingPathComponent("spikes.spikes.csv"), encoding: .utf8).split(separator: "\n")
    }

    func testSavedStateContinuesAsOneRun() throws { try checkSavedStateContinues() }

    /// The same on the GPU backend (the emulator); its checkpoint is the GPU's, which the CPU refuses by name.
    func testEmulatedGPUSavedStateContinuesAsOneRun() throws {
        let gpu = try CUDAEmulator.environment()
        try checkSavedStateContinues(["--backend", "cuda"], environment: gpu)
        let cpu = try hibana(["--out", path("cpu").path, "--backend", "cpu", "--load-state", path("saved").path])
        XCTAssertEqual(cpu.status, 1, cpu.output)
        XCTAssertTrue(cpu.output.contains("backend: in the checkpoint cuda, here absent"), cpu.output)
    }

    /// A float GPU run says so in summary.json, and its checkpoint continues in float only.
    func testEmulatedFloatRunIsNamedAndItsStateStaysFloat() throws {
        let gpu = try CUDAEmulator.environment()
        let float = ["--backend", "cuda", "--precision", "float", "--duration", "50"]
        let first = try hibana(float + ["--out", path("float").path, "--save-state", path("float.hibana").path], environment: gpu)
        XCTAssertEqual(first.status, 0, first.output)
        let cpu = try hibana(["--duration", "10", "--out", path("cpu").path])
        XCTAssertEqual(cpu.status, 0, cpu.output)
        for (run, backend, precision) in [("float", "cuda", "float"), ("cpu", "cpu", "double")] {
            let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: path("\(run)/summary.json"))) as? [String: Any]
            let network = summary?["network"] as? [String: Any]
            XCTAssertEqual(network?["backend"] as? String, backend, run)
            XCTAssertEqual(network?["precision"] as? String, precision, run)
        }
        let double = try hibana(["--backend", "cuda", "--out", path("double").path, "--load-state", path("float.hibana").path], environment: gpu)
        XCTAssertEqual(double.status, 1, double.output)
        XCTAssertTrue(double.output.contains("precision: in the checkpoint float, here absent"), double.output)
        let continued = try hibana(float + ["--out", path("continued").path, "--load-state", path("float.hibana").path], environment: gpu)
        XCTAssertEqual(continued.status, 0, continued.output)
    }

    func checkSavedStateContinues(_ backend: [String] = [], environment: [String: String]? = nil) throws {
        let hibana = { (arguments: [String]) in try self.hibana(backend + arguments, environment: environment) }
        let whole = try hibana(["--out", path("whole").path, "--save-weights", path("whole.csv").path])
        XCTAssertEqual(whole.status, 0, whole.output)
        let first = try hibana(["--out", path("first").path, "--duration", "100", "--save-state", path("saved").path + "/"])
        XCTAssertEqual(first.status, 0, first.output)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path("saved/state.hibana").path))
        let second = try hibana([
            "--out", path("second").path, "--duration", "100", "--load-state", path("saved").path,
            "--save-weights", path("second.csv").path,
        ])
        XCTAssertEqual(second.status, 0, second.output)

        let all = try spikeRows("whole"), resumed = try spikeRows("second")
        let later = all.dropFirst().filter { Double($0.split(separator: ",")[1])! > 100 }
        XCTAssertGreaterThan(later.count, 100, "the network is active")
        XCTAssertEqual(Array(resumed.dropFirst()), Array(later))
        XCTAssertEqual(try String(contentsOf: path("second.csv"), encoding: .utf8), try String(contentsOf: path("whole.csv"), encoding: .utf8))

        // Another seed is another network: refused, naming the difference, before anything runs.
        let other = try hibana(["--out", path("other").path, "--seed", "6", "--load-state", path("saved/state.hibana").path])
        XCTAssertEqual(other.status, 1, other.output)
        XCTAssertTrue(other.output.contains("seed: in the checkpoint 5, here 6"), other.output)
    }

    func testSavedWeightsStartALaterRun() throws {
        let learning = try hibana(["--out", path("learning").path, "--save-weights", path("learned.csv").path])
        XCTAssertEqual(learning.status, 0, learning.output)
        // One step: no spike is delivered yet, so the weights written are the ones loaded.
        let later = try hibana([
            "--out", path("later").path, "--duration", "0.1", "--load-weights", path("learned.csv").path,
            "--save-weights", path("again.csv").path,
        ])
        XCTAssertEqual(later.status, 0, later.output)
        let learned = try String(contentsOf: path("learned.csv"), encoding: .utf8)
        XCTAssertEqual(try String(contentsOf: path("again.csv"), encoding: .utf8), learned)
        let fresh = try hibana(["--out", path("fresh").path, "--duration", "0.1", "--save-weights", path("fresh.csv").path])
        XCTAssertEqual(fresh.status, 0, fresh.output)
        XCTAssertNotEqual(try String(contentsOf: path("fresh.csv"), encoding: .utf8), learned, "200 ms of activity changed weights")

        let reseeded = try hibana(["--out", path("reseeded").path, "--seed", "9", "--load-weights", path("learned.csv").path])
        XCTAssertEqual(reseeded.status, 1, reseeded.output)
        XCTAssertTrue(reseeded.output.contains("other connections than the file"), reseeded.output)
    }
}
