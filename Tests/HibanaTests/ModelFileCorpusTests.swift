import Foundation
import XCTest

/// Runs `hibana validate` on each broken model file of `Fixtures/broken` and checks that it exits
/// with status 1 and prints exactly the problems of `Fixtures/broken/manifest.txt`, each as
/// `FILE:LINE:COL: key.path: reason`; and that valid and too-large models exit with 0 and 2.
final class ModelFileCorpusTests: XCTestCase {
    struct Expected {
        let file: String
        let position: String
        let path: String
        let reason: String
    }

    /// The built `hibana` executable: on Linux it lies next to the test bundle in `.build/debug`.
    func executable() throws -> URL {
        let url = Bundle.main.bundleURL.appendingPathComponent("hibana")
        // `swift test` builds every product, so a missing executable is a failure, not a skip.
        return try XCTUnwrap(
            FileManager.default.isExecutableFile(atPath: url.path) ? url : nil, "no hibana executable at \(url.path)")
    }

    /// Runs hibana with `arguments`; returns the exit status and what it printed (stdout + stderr).
    func hibana(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try runProcess(executable(), arguments, in: ModelFileFixtures.broken)
    }

    func manifest() throws -> [Expected] {
        let text = try String(contentsOf: ModelFileFixtures.broken.appendingPathComponent("manifest.txt"), encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }.map { line in
            let fields = line.split(separator: "|", maxSplits: 3).map { $0.trimmingCharacters(in: .whitespaces) }
            precondition(fields.count == 4, "manifest line: \(line)")
            return Expected(file: fields[0], position: fields[1], path: fields[2], reason: fields[3])
        }
    }

    func testEveryBrokenFileIsRefusedWithItsProblems() throws {
        let expected = try manifest()
        let files = Set(expected.map(\.file))
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: ModelFileFixtures.broken.path).filter { $0.hasSuffix(".yaml") }
        XCTAssertEqual(files, Set(onDisk), "every broken file has its expectations, and every expectation its file")
        XCTAssertGreaterThanOrEqual(files.count, 25)
        for file in files.sorted() {
            let (status, output) = try hibana(["validate", file])
            XCTAssertEqual(status, 1, "\(file): exit status\n\(output)")
            // Problem lines start with the file name and a position; the summary line does not.
            let problems = output.split(separator: "\n").map(String.init).filter { $0.hasPrefix("\(file):") && $0.dropFirst(file.count + 1).first?.isNumber == true }
            let wanted = expected.filter { $0.file == file }
            XCTAssertEqual(problems.count, wanted.count, "\(file): number of problems\n\(output)")
            for w in wanted {
                let prefix = "\(file):\(w.position): \(w.path): "
                let line = problems.first { $0.hasPrefix(prefix) }
                XCTAssertNotNil(line, "\(file): no problem '\(prefix)…'\n\(output)")
                if let line { XCTAssert(line.contains(w.reason), "\(file): '\(w.reason)' missing from\n\(line)") }
            }
            XCTAssert(output.contains("\(file): \(wanted.count) problem"), "\(file): summary\n\(output)")
        }
    }

    func testValidModelPrintsItsSizeAndEstimate() throws {
        let model = ModelFileFixtures.example("brunel2000")
        let (status, output) = try hibana(["validate", model, "--set", "g=4.5"])
        XCTAssertEqual(status, 0, output)
        XCTAssert(output.contains("neurons:     12,500 in 2 population(s): E (iaf_psc_delta, 10,000), I (iaf_psc_delta, 2,500)"), output)
        XCTAssert(output.contains("memory:      about "), output)
        XCTAssert(output.contains("g = 4.5"), output)
    }

    func testTooLargeModelIsRefusedWithTheEstimate() throws {
        let model = ModelFileFixtures.example("brunel2000")
        let (status, output) = try hibana(["validate", model, "--set", "NE=2000000000"])
        XCTAssertEqual(status, 2, output)
        XCTAssert(output.contains("the network would need about "), output)
        XCTAssert(output.contains("of memory; refused before building"), output)
    }

    func testOverrideProblemsAreListedWithTheOverride() throws {
        let model = ModelFileFixtures.example("brunel2000")
        let (status, output) = try hibana(["validate", model, "--set", "E.tau_m=5 mV", "--set", "gg=1"])
        XCTAssertEqual(status, 1, output)
        XCTAssert(output.contains("--set E.tau_m=5 mV: populations.E.params.tau_m: tau_m is a time in ms; got '5 mV'"), output)
        XCTAssert(output.contains("--set gg=1: gg: 'gg' is not in the model's 'parameters' block; did you mean 'g'?"), output)
    }
}
