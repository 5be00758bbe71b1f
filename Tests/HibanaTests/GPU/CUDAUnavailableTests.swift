import Foundation
import XCTest
import Hibana
@testable import HibanaCUDA

/// Without a GPU (as on CI) the driver path fails with one clear, typed "unavailable" error,
/// and `hibana run --backend cuda` ends with it before building anything.
final class CUDAUnavailableTests: XCTestCase {
    func testMissingDriverIsTypedUnavailable() throws {
        do {
            _ = try CUDADriver(environment: ["HIBANA_LIBCUDA": "/nonexistent/libcuda.so.1"])
            throw XCTSkip("a CUDA driver is installed here; the unavailable path cannot be observed")
        } catch let error as CUDAError {
            guard case let .unavailable(library, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(library, "libcuda.so.1")
            XCTAssert(error.description.hasPrefix("CUDA unavailable: libcuda.so.1 not found"), error.description)
            XCTAssert(error.description.contains("/nonexistent/libcuda.so.1"), "the message lists what was tried")
        }
    }

    func testMissingNVRTCIsTypedUnavailable() {
        XCTAssertThrowsError(try DynamicLibrary(firstOf: ["/nonexistent/libnvrtc.so.12"], name: "libnvrtc.so.12")) { error in
            XCTAssert("\(error)".hasPrefix("CUDA unavailable: libnvrtc.so.12 not found"), "\(error)")
        }
    }

    func testUnsupportedPartsAreNamed() throws {
        var net = Network()
        let cells = try net.population("parrot_neuron", count: 2)
        let noise = try net.device("noise_generator", ["mean": 1, "std": 1])
        try net.connect(noise, cells, weight: .constant(1), delay: .constant(1))
        var spec = net.spec
        // Every model Hibana has runs on the GPU; ones from a newer model file would not.
        spec.populations[0].model = "gif_psc_exp"
        spec.devices[0].model = "sinusoidal_poisson_generator"
        spec.projections.append(spec.projections[0])
        spec.projections[1].synapseModel = "stdp_triplet_synapse"
        spec.projections.append(spec.projections[0])
        spec.projections[2].synapseModel = "stdp_synapse"
        spec.projections[2].recordWeights = true
        let problems = GPUSupport.problems(spec)
        XCTAssertEqual(problems.count, 3, "\(problems)")
        XCTAssert(problems[0].contains("'gif_psc_exp'") && problems[0].contains("iaf_psc_exp"), problems[0])
        XCTAssert(problems[1].contains("'sinusoidal_poisson_generator'"), problems[1])
        XCTAssert(problems[2].contains("'stdp_triplet_synapse'") && problems[2].contains("projections[1]"), problems[2])
    }

    /// 2^20 neurons (20 bits) and delays up to 1 s at 0.1 ms (14 bits) do not fit the GPU's
    /// 32-bit synapse word: refused before anything is built (the spec alone says so).
    func testSynapsesThatDoNotFitTheWordAreRefused() throws {
        var net = Network()
        let cells = try net.population("iaf_psc_delta", count: 1 << 20)
        _ = try net.connect(cells, cells, rule: .fixedIndegree(1), weight: .constant(1), delay: .uniform(min: 1, max: 1000))
        let problems = GPUSupport.problems(net.spec)
        XCTAssertEqual(problems.count, 1, "\(problems)")
        XCTAssert(problems.first?.contains("target and delay into 32 bits") == true, "\(problems)")
        var short = net.spec
        short.projections[0].delay = .uniform(min: 1, max: 100)
        XCTAssertEqual(GPUSupport.problems(short), [], "20 + 10 bits fit")
    }

    func testSupportedModelsHaveNoProblems() throws {
        var net = Network()
        for model in ["iaf_psc_delta", "iaf_psc_exp", "iaf_psc_alpha", "izhikevich", "iaf_cond_exp", "iaf_cond_alpha", "aeif_cond_exp", "hh_psc_alpha", "parrot_neuron", "volume_transmitter"] {
            _ = try net.population(model, count: 1)
        }
        for model in ["dc_generator", "step_current_generator", "poisson_generator", "spike_generator", "noise_generator"] {
            _ = try net.device(model, [:])
        }
        XCTAssertEqual(GPUSupport.problems(net.spec), [])
    }

    /// The command line: exit 4 with the unavailable error, nothing built (and from `hibana gpus`); the CPU backend runs the
    /// same file, and refuses float precision, of which `validate` warns.
    func testRunWithBackendCudaWithoutGPU() throws {
        if (try? CUDADriver()) != nil { throw XCTSkip("a CUDA driver is installed here") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hibana-cuda-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("m.yaml")
        try """
            run: {duration: 10 ms, backend: cuda}
            populations:
              E: {model: iaf_psc_exp, size: 10}
            recorders:
              spikes: {model: spike_recorder, population: E}
            """.write(to: model, atomically: true, encoding: .utf8)
        let unavailable = try hibana(["run", model.path, "--out", dir.appendingPathComponent("out").path])
        XCTAssertEqual(unavailable.status, 4, unavailable.output)
        XCTAssert(unavailable.output.contains("CUDA unavailable: libcuda.so.1 not found"), unavailable.output)
        XCTAssertFalse(unavailable.output.contains("built "), "nothing is built")
        let gpus = try hibana(["gpus"])
        XCTAssertEqual(gpus.status, 4, gpus.output)
        XCTAssert(gpus.output.hasPrefix("CUDA unavailable: libcuda.so.1 not found"), gpus.output)
        let cpu = try hibana(["run", model.path, "--backend", "cpu", "--quiet", "--out", dir.appendingPathComponent("cpu").path])
        XCTAssertEqual(cpu.status, 0, cpu.output)
        let float = try hibana(
            ["run", model.path, "--backend", "cpu", "--precision", "float", "--out", dir.appendingPathComponent("f").path])
        XCTAssertEqual(float.status, 1, float.output)
        XCTAssert(float.output.contains("precision float is a GPU option (--backend cuda)"), float.output)
        // A file asking for float on the CPU is valid (--backend cuda takes it), with a warning.
        let floatFile = dir.appendingPathComponent("float.yaml")
        try String(contentsOf: model, encoding: .utf8).replacingOccurrences(of: "backend: cuda", with: "precision: float")
            .write(to: floatFile, atomically: true, encoding: .utf8)
        let validated = try hibana(["validate", floatFile.path])
        XCTAssertEqual(validated.status, 0, validated.output)
        XCTAssert(validated.output.contains("warning: precision float is a GPU option (--backend cuda)"), validated.output)
    }

    func hibana(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try runProcess(Bundle.main.bundleURL.appendingPathComponent("hibana"), arguments)
    }
}
