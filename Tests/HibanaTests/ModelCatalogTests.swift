import XCTest
@testable import HibanaModels

/// Every model's page (`hibana models NAME`) is generated from the definitions the engine uses;
/// check that it documents each parameter and recordable, and that the defaults are valid.
final class ModelCatalogTests: XCTestCase {
    func testEveryParameterAndRecordableIsDocumented() throws {
        for model in ModelCatalog.neurons {
            let page = try ModelDocumentationPage.text(for: model.name)
            XCTAssertFalse(model.documentation.equations.isEmpty, model.name)
            XCTAssertFalse(model.documentation.references.isEmpty, model.name)
            for p in model.parameters {
                XCTAssertTrue(page.contains("  \(p.key) "), "\(model.name): \(p.key) missing from its page")
                XCTAssertFalse(p.meaning.isEmpty, "\(model.name): \(p.key) has no meaning")
            }
            for r in model.recordables { XCTAssertTrue(page.contains(r.name), "\(model.name): recordable \(r.name)") }
        }
        for rule in SynapseCatalog.rules {
            let page = try ModelDocumentationPage.text(for: rule.name)
            XCTAssertFalse(rule.documentation.equations.isEmpty, rule.name)
            XCTAssertFalse(rule.documentation.references.isEmpty, rule.name)
            for p in rule.parameters {
                XCTAssertTrue(page.contains("  \(p.key) "), "\(rule.name): \(p.key) missing from its page")
                XCTAssertFalse(p.meaning.isEmpty, "\(rule.name): \(p.key) has no meaning")
            }
            for key in rule.sourceState + rule.synapseState {
                XCTAssertTrue(rule.parameters.contains { $0.key == key }, "\(rule.name): state \(key) has no initial value")
            }
        }
        for device in ModelCatalog.devices {
            let page = try ModelDocumentationPage.text(for: device.name)
            for p in device.parameters { XCTAssertTrue(page.contains("  \(p.key) "), "\(device.name): \(p.key)") }
        }
    }

    func testDefaultsAreValid() throws {
        for model in ModelCatalog.neurons {
            let table = try ParameterResolution.resolve(
                model: model.name, specs: model.parameters, given: [:], total: 4, first: 0, count: 4, gid0: 0, seed: 1, family: 0)
            XCTAssertNoThrow(try model.check(table), model.name)
            let block = model.init(parameters: table, resolution: 0.1)
            XCTAssertEqual(block.count, 4)
            XCTAssertNil(block.firstNonFinite(), model.name)
        }
    }

    func testNamesAreUniqueAndFollowNEST() {
        let names = ModelCatalog.allNames
        XCTAssertEqual(Set(names).count, names.count)
        for name in names { XCTAssertEqual(name, name.lowercased(), "NEST model names are lower case") }
    }
}
