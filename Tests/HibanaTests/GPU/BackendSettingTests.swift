import XCTest
import Hibana

/// `run.backend` and `run.precision` in model files: cpu and double by default, cuda and float when
/// asked, anything else refused with its place.
final class BackendSettingTests: XCTestCase {
    let base = "populations:\n  E: {model: iaf_psc_exp, size: 2}\n"

    func testBackendIsReadAndChecked() {
        XCTAssertEqual(ModelFile.check(text: base, file: "m.yaml", memoryLimit: nil).model.run.backend, .cpu)
        let cuda = ModelFile.check(text: "run: {backend: cuda}\n" + base, file: "m.yaml", memoryLimit: nil)
        XCTAssertEqual(cuda.problems.map(\.description), [])
        XCTAssertEqual(cuda.model.run.backend, .cuda)
        let set = ModelFile.check(text: base, file: "m.yaml", overrides: ["run.backend=cuda"], memoryLimit: nil)
        XCTAssertEqual(set.model.run.backend, .cuda)
        let wrong = ModelFile.check(text: "run: {backend: gpu}\n" + base, file: "m.yaml", memoryLimit: nil)
        XCTAssertEqual(wrong.problems.count, 1)
        XCTAssert(wrong.problems.first?.description.contains("run.backend: backend must be cpu or cuda (got 'gpu')") == true,
                  wrong.problems.first?.description ?? "")
    }

    func testPrecisionIsReadAndChecked() {
        XCTAssertEqual(ModelFile.check(text: base, file: "m.yaml", memoryLimit: nil).model.run.precision, .double)
        let float = ModelFile.check(text: "run: {backend: cuda, precision: float}\n" + base, file: "m.yaml", memoryLimit: nil)
        XCTAssertEqual(float.problems.map(\.description), [])
        XCTAssertEqual(float.model.run.precision, .float)
        let set = ModelFile.check(text: base, file: "m.yaml", overrides: ["run.precision=float"], memoryLimit: nil)
        XCTAssertEqual(set.model.run.precision, .float)
        let wrong = ModelFile.check(text: "run: {precision: single}\n" + base, file: "m.yaml", memoryLimit: nil)
        XCTAssertEqual(wrong.problems.map(\.description), ["m.yaml:1:18: run.precision: precision must be double or float (got 'single')"])
    }
}
