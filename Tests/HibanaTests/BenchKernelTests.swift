import XCTest
import HibanaBench

/// The benchmark compares like with like: its C baselines compute the same bits as the Swift
/// models on the same inputs, and its delivery and construction figures count what was built.
final class BenchKernelTests: XCTestCase {
    func testCBaselinesComputeTheSameVoltagesAndSpikesAsTheSwiftModels() throws {
        for model in BenchNeuronModel.allCases {
            let r = try NeuronUpdateBench.compare(model, neurons: 300, steps: 400, repetitions: 1)
            XCTAssertGreaterThan(r.swiftSpikes, 0, "\(model.rawValue): the benchmark input must make neurons fire")
            XCTAssertEqual(r.swiftSpikes, r.cSpikes, model.rawValue)
            XCTAssertEqual(r.maxVoltageDifference, 0, "\(model.rawValue): C and Swift must do the same operations")
        }
    }

    func testDeliveryCountsEveryEventOfEverySpike() throws {
        let d = try SpikeDeliveryBench.measure(neurons: 200, indegree: 20, threads: 2, durationMs: 100, repetitions: 1)
        XCTAssertEqual(d.synapses, 200 * 20)
        XCTAssertGreaterThan(d.spikes, 0)
        // Sources are drawn at random, so out-degrees vary, but they average the in-degree.
        XCTAssertEqual(Double(d.events) / Double(d.spikes), 20, accuracy: 3)
    }

    func testConstructionBuildsTheRequestedSynapses() throws {
        let c = try ConstructionBench.measure(neurons: 300, indegree: 30, threads: 2, randomValues: true, repetitions: 1)
        XCTAssertEqual(c.synapses, 300 * 30)
        XCTAssertGreaterThan(c.buildSeconds, 0)
    }
}
