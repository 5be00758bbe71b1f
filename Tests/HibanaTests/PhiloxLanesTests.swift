import XCTest
import HibanaRandom

/// `philox4x32Lanes` (eight streams in SIMD lanes, used for Poisson input) gives each lane exactly
/// the words its `RandomStream` gives, block by block.
final class PhiloxLanesTests: XCTestCase {
    func testLanesAreTheStreamsBlocks() {
        let ids: [UInt64] = [0, 1, 7, 1000, 77_168, 1 << 33, 123_456_789_012, .max]
        var streams = ids.enumerated().map { i, id in
            RandomStream(seed: 55, purpose: .poissonInput, family: UInt64(i % 3), id: id)
        }
        let key0 = SIMD8<UInt32>(streams.map { $0.philoxKey[0] })
        let key1 = SIMD8<UInt32>(streams.map { $0.philoxKey[1] })
        let id0 = SIMD8<UInt32>(ids.map { UInt32(truncatingIfNeeded: $0) })
        let id1 = SIMD8<UInt32>(ids.map { UInt32(truncatingIfNeeded: $0 >> 32) })
        for block in 0..<3 {
            let x = philox4x32Lanes(SIMD8(repeating: UInt32(block)), SIMD8(repeating: 0), id0, id1, key0: key0, key1: key1)
            for lane in 0..<8 {
                let words = (0..<4).map { _ in streams[lane].next32() }
                XCTAssertEqual(words, [x.0[lane], x.1[lane], x.2[lane], x.3[lane]], "lane \(lane), block \(block)")
            }
        }
    }
}
