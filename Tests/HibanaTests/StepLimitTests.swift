import XCTest
import Hibana

/// Spike times are 32-bit step counts: a run past `StepLimit.lastStep` (59.65 h at 0.1 ms) is
/// refused before it starts — by the model file's check at `run.duration`, and by both engines,
/// counting the time a checkpoint or an earlier run reached — instead of trapping on the overflow.
final class StepLimitTests: XCTestCase {
    func problems(_ run: String) -> [String] {
        ModelFile.read(text: "run: {\(run)}\npopulations: {P: {model: iaf_psc_delta, size: 1}}\n", file: "s.yaml", units: .catalog)
            .problems.map(\.description)
    }

    func testModelFileRefusesARunPastTheLastStep() {
        XCTAssertEqual(StepLimit.lastStep, 2_147_418_112)
        XCTAssertEqual(problems("resolution: 0.1 ms, duration: 215000 s"), [
            "s.yaml:1:37: run.duration: a run ends at step 2147418112 at the latest (spike times are 32-bit step counts): "
                + "59.65 h at 0.1 ms; 59.72 h were asked for (use a coarser resolution or a shorter run)",
        ])
        XCTAssertEqual(problems("resolution: 0.1 ms, duration: 214000 s"), [])
        XCTAssertEqual(problems("resolution: 1 ms, duration: 215000 s"), [], "596 h at 1 ms")
    }

    func testEnginesRefuseARunPastTheLastStepBeforeSimulating() throws {
        var net = Network(seed: 2)
        let cell = try net.population("iaf_psc_delta", count: 1, ["I_e": 1000])
        net.recordSpikes(cell)
        let simulation = Simulation(try NetworkBuilder.build(net.spec, threads: 1))
        try check(simulation, run: { try simulation.run($0) }, time: { simulation.time })
        let gpu = try CUDASimulation(gpuBuilt(net.spec, threads: 1), backend: CUDAEmulator.backend())
        try check(gpu, run: { try gpu.run($0) }, time: { gpu.time })
    }

    /// After 10 ms, a run reaching one step past the last is refused and changes nothing; a
    /// shorter one then runs.
    func check(_ simulation: any SimulationResults, run: (Double) throws -> Void, time: () -> Double) throws {
        try run(10)
        let tooLong = Double(StepLimit.lastStep + 1) * 0.1 - 10
        XCTAssertThrowsError(try run(tooLong)) { error in
            XCTAssert("\(error)".contains("h after t = 10 ms; 59.65 h were asked for"), "\(error)")
        }
        XCTAssertEqual(time(), 10)
        let spikes = simulation.spikeCount
        try run(10)
        XCTAssertEqual(time(), 20)
        XCTAssertGreaterThan(simulation.spikeCount, spikes)
    }
}
