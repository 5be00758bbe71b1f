import Foundation
import XCTest
import Hibana

/// `docs/model-format.md` documents every key and name the loader accepts (taken from the
/// loader's own table, `ModelFileSchema`), and its complete examples are valid models.
final class ModelFileDocumentationTests: XCTestCase {
    func documentation() throws -> String {
        try String(
            contentsOf: ModelFileFixtures.repositoryRoot.appendingPathComponent("docs/model-format.md"), encoding: .utf8)
    }

    func testEveryAcceptedKeyIsDocumented() throws {
        let page = try documentation()
        for name in ModelFileSchema.acceptedNames {
            XCTAssert(page.contains("`\(name)`"), "docs/model-format.md does not document `\(name)`")
        }
        for section in ModelFileSchema.sections where section.name != "model" && section.name != "distribution" {
            XCTAssert(page.contains("## `\(section.name)s`") || page.contains("## `\(section.name)`"), "no section for \(section.name)")
        }
    }

    /// Every YAML block of the page that is a whole model (it has `populations:`) is valid.
    func testCompleteExamplesAreValid() throws {
        let page = try documentation()
        var blocks: [String] = []
        var current: [Substring]?
        for line in page.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "```yaml" {
                current = []
            } else if line == "```", let block = current {
                blocks.append(block.joined(separator: "\n"))
                current = nil
            } else {
                current?.append(line)
            }
        }
        let models = blocks.filter { $0.contains("\npopulations:") || $0.hasPrefix("populations:") }
        XCTAssertGreaterThanOrEqual(models.count, 2)
        for (i, text) in models.enumerated() {
            let checked = ModelFile.check(text: text, file: "example \(i + 1)", memoryLimit: nil)
            XCTAssertEqual(checked.problems.map(\.description), [], "example \(i + 1):\n\(text)")
        }
        // The Brunel example is the fixture the loading tests compare with the Swift example.
        let fixture = try String(contentsOfFile: ModelFileFixtures.example("brunel2000"), encoding: .utf8)
        let body = fixture.split(separator: "\n", omittingEmptySubsequences: false).drop { $0.hasPrefix("#") || $0.isEmpty }
        XCTAssert(models.contains(body.joined(separator: "\n").trimmingCharacters(in: .newlines)), "the Brunel example differs from the fixture")
    }
}
