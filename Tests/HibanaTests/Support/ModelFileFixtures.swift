import Foundation
import XCTest
import Hibana

/// Paths of the model-file fixtures (they are not bundled: read from the repository the tests run
/// in, else through #filePath, so a test binary carried to a GPU machine finds them) and helpers
/// to compare network descriptions, which are not Equatable as a whole.
enum ModelFileFixtures {
    static let directory: URL = {
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Tests/HibanaTests/Fixtures")
        if FileManager.default.fileExists(atPath: here.path) { return here }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")
    }()
    static var valid: URL { directory.appendingPathComponent("valid") }
    static var broken: URL { directory.appendingPathComponent("broken") }
    static var repositoryRoot: URL { directory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }

    static func path(valid name: String) -> String { valid.appendingPathComponent(name).path }

    /// The model file of `Examples/NAME/NAME.yaml`.
    static func example(_ name: String) -> String {
        repositoryRoot.appendingPathComponent("Examples/\(name)/\(name).yaml").path
    }
}

/// Asserts that two descriptions are the same network, field by field, naming the first difference.
func assertSameNetwork(_ a: NetworkSpec, _ b: NetworkSpec, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.resolution, b.resolution, "resolution", file: file, line: line)
    XCTAssertEqual(a.seed, b.seed, "seed", file: file, line: line)
    XCTAssertEqual(a.populations.count, b.populations.count, "populations", file: file, line: line)
    for (p, q) in zip(a.populations, b.populations) {
        XCTAssertEqual(p.name, q.name, file: file, line: line)
        XCTAssertEqual(p.model, q.model, p.name, file: file, line: line)
        XCTAssertEqual(p.count, q.count, p.name, file: file, line: line)
        XCTAssertEqual(p.parameters, q.parameters, p.name, file: file, line: line)
    }
    XCTAssertEqual(a.devices.count, b.devices.count, "devices", file: file, line: line)
    for (d, e) in zip(a.devices, b.devices) {
        XCTAssertEqual(d.name, e.name, file: file, line: line)
        XCTAssertEqual(d.model, e.model, d.name, file: file, line: line)
        XCTAssertEqual(d.parameters, e.parameters, d.name, file: file, line: line)
    }
    XCTAssertEqual(a.projections.count, b.projections.count, "projections", file: file, line: line)
    for (i, (p, q)) in zip(a.projections, b.projections).enumerated() {
        let label = "projections[\(i)]"
        XCTAssertEqual(p.source, q.source, label, file: file, line: line)
        XCTAssertEqual(p.target, q.target, label, file: file, line: line)
        XCTAssertEqual(p.rule, q.rule, label, file: file, line: line)
        XCTAssertEqual(p.synapseModel, q.synapseModel, label, file: file, line: line)
        XCTAssertEqual(p.weight, q.weight, label, file: file, line: line)
        XCTAssertEqual(p.delay, q.delay, label, file: file, line: line)
        XCTAssertEqual(p.allowAutapses, q.allowAutapses, label, file: file, line: line)
        XCTAssertEqual(p.allowMultapses, q.allowMultapses, label, file: file, line: line)
    }
    XCTAssertEqual(a.recorders.count, b.recorders.count, "recorders", file: file, line: line)
    for (r, s) in zip(a.recorders, b.recorders) {
        XCTAssertEqual(r.name, s.name, file: file, line: line)
        XCTAssertEqual(r.kind, s.kind, r.name, file: file, line: line)
        XCTAssertEqual(r.targets, s.targets, r.name, file: file, line: line)
    }
}
