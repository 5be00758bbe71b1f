import Foundation
import XCTest
import Hibana

/// The GPU memory estimate against what the GPU backend allocates (the emulator counts its
/// allocations as a GPU does), and `hibana run --backend cuda` refusing a network too large for
/// the GPU before building it.
final class GPUMemoryEstimateTests: XCTestCase {
    func testEmulatedEstimateCoversWhatIsAllocated() throws {
        let gpu = try CUDAEmulator.backend()
        var net = Network(seed: 3)
        let pre = try net.population("parrot_neuron", count: 200)
        let post = try net.population("iaf_psc_exp", count: 100)
        try net.connect(try net.device("poisson_generator", ["rate": 20]), pre, weight: .constant(1), delay: .constant(1))
        try net.connect(pre, post, rule: .fixedIndegree(50), synapse: .init("stdp_synapse", [:], recordWeights: true),
                        weight: .constant(20), delay: .uniform(min: 1, max: 3))
        let cases: [(String, NetworkSpec, Precision)] = [
            ("Brunel, a tenth", CUDASimulationChecks.tenthBrunel(), .double),
            ("Brunel, a tenth, float", CUDASimulationChecks.tenthBrunel(), .float),
            ("plastic", net.spec, .double),
        ]
        for (name, spec, precision) in cases {
            let before = try gpu.context.memoryInfo().free
            let simulation = try CUDASimulation(try gpuBuilt(spec, threads: 2), backend: gpu, precision: precision)
            let used = Double(before - (try gpu.context.memoryInfo().free))
            let estimate = GPUMemoryEstimate(spec, precision: precision)
            // Measured: 1.16, 1.13 and 1.02 times what is allocated.
            XCTAssertGreaterThanOrEqual(estimate.simulationBytes, used, name)
            XCTAssertLessThanOrEqual(estimate.simulationBytes, 1.5 * used, name)
            _ = simulation
        }
    }

    /// A GPU with 1 MiB: the Brunel example is refused with its figures (exit 2), nothing built.
    func testEmulatedRunRefusesANetworkTooLargeForTheGPU() throws {
        var environment = try CUDAEmulator.environment()
        environment["HIBANA_EMULATOR_MEMORY"] = "\(1 << 20)"
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("hibana-gpu-memory-\(getpid())")
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try runProcess(
            Bundle.main.bundleURL.appendingPathComponent("hibana"),
            ["run", ModelFileFixtures.example("brunel2000"), "--backend", "cuda", "--out", out.path], environment: environment)
        XCTAssertEqual(run.status, 2, run.output)
        XCTAssert(run.output.contains("of GPU memory (synapses "), run.output)
        XCTAssert(run.output.contains("has 1.00 MiB free of 1.00 MiB; refused before building"), run.output)
        XCTAssertFalse(run.output.contains("built "), "nothing is built")
    }
}
