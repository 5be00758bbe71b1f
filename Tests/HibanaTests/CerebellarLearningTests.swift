import XCTest
import Hibana

/// The cerebellar rule learns, over trials, to pause the Purkinje cell when the teacher signal
/// (the climbing fibre, at the unconditioned stimulus) arrives, and only then.
final class CerebellarLearningTests: XCTestCase {
    func testPurkinjeCellLearnsToPauseAtTheTeacherSignal() throws {
        let protocolSpec = EyeblinkConditioning()
        let built = try protocolSpec.network
        let run = try built.network.simulate(Double(protocolSpec.trials) * protocolSpec.trialPeriod, threads: 1)
        let spikes = try run.spikes(built.purkinjeSpikes)
        let us = protocolSpec.usTime
        let beforeUS = protocolSpec.counts(spikes, from: us - 50, to: us)
        let early = protocolSpec.counts(spikes, from: 20, to: 150)
        let last = protocolSpec.trials - 1
        print("Purkinje spikes per trial, 50 ms before the US: \(beforeUS); early in the trial: \(early)")
        XCTAssertGreaterThanOrEqual(beforeUS[0], 3, "the naive Purkinje cell fires throughout the stimulus")
        XCTAssertLessThanOrEqual(beforeUS[last], beforeUS[0] / 5, "after learning it pauses before the teacher signal")
        XCTAssertGreaterThanOrEqual(Double(early[last]), 0.8 * Double(early[0]), "and keeps firing early in the trial")
        // The pause is learned over trials, not there from the start.
        XCTAssertGreaterThan(beforeUS[2], beforeUS[last])
        // The depressed fibres are those active within ~tau_LTD before the US; early ones stay strong.
        let weights = built.parallelFibres.map { run.weights(projection: $0.index).weights[0] }
        let sliceOfUS = Int(us / protocolSpec.slice) - 1
        XCTAssertLessThan(weights[sliceOfUS], 0.2 * protocolSpec.weight)
        XCTAssertGreaterThan(weights[0], 0.9 * protocolSpec.weight)
        XCTAssertGreaterThan(weights[sliceOfUS + 2], 0.9 * protocolSpec.weight, "fibres active after the US are not depressed")
    }
}
