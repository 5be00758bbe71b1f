import Foundation
import XCTest
import Hibana

/// Choosing the GPU: `CUDABackend.open(gpu:)`, `hibana run --gpu`, `hibana gpus`, and the GPU a
/// run's summary names. The emulator lists `HIBANA_EMULATOR_DEVICES` devices ("Hibana CPU
/// emulator", then "… 1", "… 2").
final class GPUSelectionTests: XCTestCase {
    /// The emulator's environment with `devices` devices (read by the emulator at each call).
    func emulator(devices: Int) throws -> [String: String] {
        var environment = try CUDAEmulator.environment()
        environment["HIBANA_EMULATOR_DEVICES"] = "\(devices)"
        return environment
    }

    func testTheChosenGPUIsOpenedAndAMissingOneNamesThoseThereAre() throws {
        let environment = try emulator(devices: 3)
        setenv("HIBANA_EMULATOR_DEVICES", "3", 1)
        defer { unsetenv("HIBANA_EMULATOR_DEVICES") }
        let devices = try CUDADevice.all(driver: CUDADriver(environment: environment))
        XCTAssertEqual(devices.map(\.ordinal), [0, 1, 2])
        XCTAssertEqual(devices.map(\.name), ["Hibana CPU emulator", "Hibana CPU emulator 1", "Hibana CPU emulator 2"])
        XCTAssertEqual(devices[2].description, "2: Hibana CPU emulator 2 (compute 9.0, 16.0 GiB)")

        let backend = try CUDABackend.open(gpu: 2, environment: environment)
        XCTAssertEqual(backend.context.ordinal, 2)
        XCTAssertEqual(backend.context.name, "Hibana CPU emulator 2")
        var net = Network(seed: 3)
        let cell = try net.population("iaf_psc_delta", count: 1, ["I_e": 1000])
        net.recordSpikes(cell)
        let simulation = try CUDASimulation(gpuBuilt(net.spec, threads: 1), backend: backend)
        try simulation.run(50)
        XCTAssertGreaterThan(simulation.spikeCount, 0)
        XCTAssertEqual(simulation.computedOn.gpu, devices[2].description)

        XCTAssertThrowsError(try CUDABackend.open(gpu: 3, environment: environment)) { error in
            let text = "\(error)"
            XCTAssert(text.contains("there is no GPU 3 (--gpu); the driver lists 3"), text)
            for device in devices { XCTAssert(text.contains(device.description), text) }
        }
    }

    func testCommandLineChoosesAndListsGPUs() throws {
        let environment = try emulator(devices: 2)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hibana-gpus-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("m.yaml")
        try """
            run: {resolution: 0.1 ms, duration: 50 ms, seed: 1}
            populations:
              n: {model: iaf_psc_exp, size: 2, params: {I_e: 500 pA}}
            recorders:
              spikes: {model: spike_recorder, population: n}
            """.write(to: model, atomically: true, encoding: .utf8)
        func hibana(_ arguments: [String]) throws -> (status: Int32, output: String) {
            try runProcess(Bundle.main.bundleURL.appendingPathComponent("hibana"), arguments, environment: environment)
        }

        let listed = try hibana(["gpus"])
        XCTAssertEqual(listed.status, 0, listed.output)
        XCTAssert(listed.output.contains("0: Hibana CPU emulator (compute 9.0, 16.0 GiB), kernels for compute_90"), listed.output)
        XCTAssert(listed.output.contains("1: Hibana CPU emulator 1 (compute 9.0"), listed.output)
        XCTAssert(listed.output.contains("driver: CUDA "), listed.output)

        let second = try hibana(["run", model.path, "--backend", "cuda", "--gpu", "1", "--json", "--out", dir.appendingPathComponent("a").path])
        XCTAssertEqual(second.status, 0, second.output)
        let summary = try JSONSerialization.jsonObject(with: Data(second.output.utf8)) as? [String: Any]
        let network = summary?["network"] as? [String: Any]
        XCTAssertEqual(network?["gpu"] as? String, "1: Hibana CPU emulator 1 (compute 9.0, 16.0 GiB)", second.output)
        let report = try String(contentsOf: dir.appendingPathComponent("a/report.html"), encoding: .utf8)
        XCTAssert(report.contains("<td>cuda, GPU 1: Hibana CPU emulator 1 (compute 9.0, 16.0 GiB)</td>"), "the report names the GPU")

        let missing = try hibana(["run", model.path, "--backend", "cuda", "--gpu", "2", "--out", dir.appendingPathComponent("b").path])
        XCTAssertEqual(missing.status, 4, missing.output)
        XCTAssert(missing.output.contains("there is no GPU 2 (--gpu); the driver lists 2: 0: Hibana CPU emulator"), missing.output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("b").path), "nothing is written")

        let onCPU = try hibana(["run", model.path, "--gpu", "1", "--out", dir.appendingPathComponent("c").path])
        XCTAssertEqual(onCPU.status, 1, onCPU.output)
        XCTAssert(onCPU.output.contains("--gpu chooses the GPU of --backend cuda; this run's backend is cpu"), onCPU.output)

        let negative = try hibana(["run", model.path, "--backend", "cuda", "--gpu=-1"])
        XCTAssertNotEqual(negative.status, 0, negative.output)
        XCTAssert(negative.output.contains("--gpu takes a GPU's ordinal, 0 or more"), negative.output)

        var none = environment
        none["HIBANA_EMULATOR_DEVICES"] = "0"
        let empty = try runProcess(Bundle.main.bundleURL.appendingPathComponent("hibana"), ["gpus"], environment: none)
        XCTAssertEqual(empty.status, 4, empty.output)
        XCTAssert(empty.output.contains("no CUDA device"), empty.output)
    }
}
