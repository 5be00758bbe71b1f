import Foundation
import XCTest
import Hibana
@testable import HibanaOutput

/// The .npy header byte for byte as the NumPy format specification (NEP 1) defines it, and the
/// records that follow it.
final class NpyFormatTests: XCTestCase {
    func testSpikeHeaderIsByteExact() {
        let header = NpyFormat.header(fields: RecordingFiles.spikeFields, count: 3)
        let dict = "{'descr': [('sender', '<i8'), ('time', '<f8')], 'fortran_order': False, 'shape': (3,), }"
        // 10 bytes of preamble + 118 of header = 128, a multiple of 64; the header ends with "\n".
        let expected: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, 118, 0] + Array(dict.utf8)
            + Array(repeating: UInt8(ascii: " "), count: 118 - dict.utf8.count - 1) + [UInt8(ascii: "\n")]
        XCTAssertEqual(header, expected)
    }

    func testHeaderPaddingAlignsDataTo64Bytes() {
        for count in [0, 1, 9, 10, 12_345_678_901] {
            for fields in [RecordingFiles.spikeFields, RecordingFiles.traceFields(["V_m", "I_syn_ex", "g_in"])] {
                let header = NpyFormat.header(fields: fields, count: count)
                XCTAssertEqual(header.count % 64, 0)
                XCTAssertEqual(Array(header[0..<8]), [0x93] + Array("NUMPY".utf8) + [1, 0])
                XCTAssertEqual(Int(header[8]) | Int(header[9]) << 8, header.count - 10, "HEADER_LEN, little-endian")
                XCTAssertEqual(header.last, UInt8(ascii: "\n"))
                let text = String(decoding: header[10...], as: UTF8.self)
                XCTAssertTrue(text.hasPrefix(NpyFormat.dictionary(fields: fields, count: count)))
                XCTAssertTrue(text.contains("'shape': (\(count),)"))
            }
        }
    }

    func testTraceDescriptorListsEveryVariable() {
        XCTAssertEqual(
            NpyFormat.dictionary(fields: RecordingFiles.traceFields(["V_m", "I_syn_ex"]), count: 20),
            "{'descr': [('sender', '<i8'), ('time', '<f8'), ('V_m', '<f8'), ('I_syn_ex', '<f8')], 'fortran_order': False, 'shape': (20,), }")
    }

    func testVersionTwoWhenTheHeaderDoesNotFitSixteenBits() {
        let fields = (0..<5000).map { NpyFormat.Field(name: "variable_\($0)", type: .float64) }
        let header = NpyFormat.header(fields: fields, count: 1)
        XCTAssertEqual(Array(header[6..<8]), [2, 0])
        let length = (0..<4).reduce(0) { $0 | Int(header[8 + $1]) << (8 * $1) }
        XCTAssertEqual(length, header.count - 12)
        XCTAssertEqual(header.count % 64, 0)
    }

    func testPythonStringLiteralsAreEscaped() {
        XCTAssertEqual(NpyFormat.pythonString("V_m"), "'V_m'")
        XCTAssertEqual(NpyFormat.pythonString("it's\\"), "'it\\'s\\\\'")
    }

    func testSpikeRecordsFollowTheHeader() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hibana-npy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("s.spikes.npy")
        try RecordingFiles.writeSpikesNpy(SpikeEvents(senders: [7, 300], times: [1.5, 0.1 + 0.2]), to: url)
        let bytes = [UInt8](try Data(contentsOf: url))
        XCTAssertEqual(bytes.count, 128 + 2 * 16)
        func int64(_ at: Int) -> Int64 { (0..<8).reduce(0) { $0 | Int64(bytes[at + $1]) << (8 * $1) } }
        func double(_ at: Int) -> Double { Double(bitPattern: UInt64(bitPattern: int64(at))) }
        XCTAssertEqual(int64(128), 7)
        XCTAssertEqual(double(136), 1.5)
        XCTAssertEqual(int64(144), 300)
        XCTAssertEqual(double(152), 0.1 + 0.2)
    }
}
