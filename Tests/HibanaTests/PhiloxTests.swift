import XCTest
@testable import HibanaRandom

/// Philox4x32-10 against the known-answer vectors of Random123 (Salmon et al. 2011,
/// `kat_vectors`), in both forms: the SIMD4 reference and the scalar form `RandomStream` uses.
final class PhiloxTests: XCTestCase {
    func testKnownAnswers() {
        let f = UInt32.max
        let vectors: [(SIMD4<UInt32>, SIMD2<UInt32>, SIMD4<UInt32>)] = [
            (SIMD4(0, 0, 0, 0), SIMD2(0, 0), SIMD4(0x6627_E8D5, 0xE169_C58D, 0xBC57_AC4C, 0x9B00_DBD8)),
            (SIMD4(f, f, f, f), SIMD2(f, f), SIMD4(0x408F_276D, 0x41C8_3B0E, 0xA20B_C7C6, 0x6D54_51FD)),
            (SIMD4(0x243F_6A88, 0x85A3_08D3, 0x1319_8A2E, 0x0370_7344), SIMD2(0xA409_3822, 0x299F_31D0),
             SIMD4(0xD16C_FE09, 0x94FD_CCEB, 0x5001_E420, 0x2412_6EA1)),
        ]
        for (counter, key, expected) in vectors {
            XCTAssertEqual(philox4x32(counter, key: key), expected)
            XCTAssertEqual(philox4x32Scalar(counter, key: key), expected)
        }
    }

    /// The stream's words are blocks 0, 1, 2, … of Philox on (block, id) in order, however they
    /// are computed (eight blocks at a time, in lanes).
    func testStreamWordsAreTheBlocksInOrder() {
        for id: UInt64 in [0, 77_168, 1 << 40 + 3] {
            var s = RandomStream(seed: 7, purpose: .weights, family: 2, id: id)
            let key = s.philoxKey
            for block: UInt64 in 0..<37 {
                let expected = philox4x32Scalar(
                    SIMD4(UInt32(truncatingIfNeeded: block), UInt32(truncatingIfNeeded: block >> 32),
                          UInt32(truncatingIfNeeded: id), UInt32(truncatingIfNeeded: id >> 32)), key: key)
                for w in 0..<4 where s.next32() != expected[w] { return XCTFail("id \(id), block \(block), word \(w)") }
            }
        }
    }

    /// A checkpoint's stream position: any number of words drawn, counted and restored exactly.
    func testWordsDrawnAndSeekRoundTrip() {
        for n in [0, 1, 3, 4, 5, 31, 32, 33, 64, 100] {
            var s = RandomStream(seed: 2, purpose: .noiseInput, family: 1, id: 9)
            for _ in 0..<n { _ = s.next32() }
            XCTAssertEqual(s.wordsDrawn, UInt64(n))
            var moved = RandomStream(seed: 2, purpose: .noiseInput, family: 1, id: 9)
            moved.seek(wordsDrawn: UInt64(n))
            XCTAssertEqual(moved.wordsDrawn, UInt64(n))
            XCTAssertEqual((0..<40).map { _ in moved.next32() }, (0..<40).map { _ in s.next32() }, "after \(n) words")
        }
    }

    func testScalarFormEqualsReference() {
        var s = RandomStream(seed: 3, purpose: .connections, id: 8)
        for _ in 0..<20_000 {
            let counter = SIMD4(s.next32(), s.next32(), s.next32(), s.next32())
            let key = SIMD2(s.next32(), s.next32())
            let reference = philox4x32(counter, key: key)
            if philox4x32Scalar(counter, key: key) != reference { return XCTFail("differs at \(counter), \(key)") }
        }
    }
}
