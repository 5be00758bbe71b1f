import XCTest
import Hibana

/// Song, Miller & Abbott (2000), reduced: 200 inputs (Wmax scaled up 5× to keep the drive), A+ =
/// 0.01 Wmax; `hibana plasticity song2000` runs the paper's 1000 inputs.
final class SongMillerAbbottTests: XCTestCase {
    func testAdditiveStdpMakesWeightsBimodalAndBalancesTheOutput() throws {
        var model = SongMillerAbbott2000()
        model.inputs = 200
        model.wMax = 0.75
        model.lambda = 0.01
        let outcome = try model.check(seconds: 100) { print($0) }
        XCTAssertTrue(outcome.bimodal, outcome.summary)
        XCTAssertTrue(outcome.balanced, outcome.summary)
    }
}
