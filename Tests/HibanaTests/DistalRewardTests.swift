import XCTest
import Hibana

/// Izhikevich (2007), reduced: 20 pairs over 4000 s; `hibana plasticity distal-reward` runs twice as long.
final class DistalRewardTests: XCTestCase {
    func testDelayedRewardSelectsTheDesignatedSynapse() throws {
        var model = IzhikevichDistalReward2007()
        model.synapses = 20
        let outcome = try model.check(seconds: 4000) { print($0) }
        XCTAssertGreaterThan(outcome.pairings, 40)
        XCTAssertTrue(outcome.passed, outcome.summary)
    }
}
