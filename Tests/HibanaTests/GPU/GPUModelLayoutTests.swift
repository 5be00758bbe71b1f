import XCTest
import Hibana

/// A model's GPU description and its block's arrays must agree in number, order and type: a
/// mismatch would not fail to compile, it would silently read the wrong array on the GPU.
final class GPUModelLayoutTests: XCTestCase {
    func testEveryGPUModelsStateMatchesItsDescription() throws {
        for model in GPUSupport.neuronModels {
            let table = try ParameterResolution.resolve(
                model: model.name, specs: model.parameters, given: [:], total: 5, first: 0, count: 5, gid0: 0, seed: 1,
                family: 0)
            let block = model.init(parameters: table, resolution: 0.1)
            let update = model.gpuUpdate
            let state = block.gpuState()
            XCTAssertEqual(state.count, update.state.count, model.name)
            for (array, variable) in zip(state, update.state) {
                XCTAssertEqual(array.count, 5, "\(model.name).\(variable.name)")
                switch array {
                case .double: XCTAssertNotEqual(variable.type, .int32, "\(model.name).\(variable.name)")
                case .int32: XCTAssertEqual(variable.type, .int32, "\(model.name).\(variable.name)")
                }
            }
            XCTAssertEqual(block.gpuConstants.count, update.constants.count, model.name)
            for (value, constant) in zip(block.gpuConstants, update.constants) where constant.type == .int32 {
                XCTAssertEqual(value, value.rounded(), "\(model.name).\(constant.name) is an integer")
            }
            for r in model.recordables.indices {
                let (k, offset) = block.gpuRecordable(r)
                guard update.state.indices.contains(k), case let .double(values) = state[k] else {
                    XCTFail("\(model.name) recordable \(r)")
                    continue
                }
                for i in 0..<5 { XCTAssertEqual(values[i] + offset, block.recordable(r, neuron: i), "\(model.name) recordable \(r)") }
            }
            // No name may shadow the wrapper's own (hb_c, hb_s, i, in_ex, in_in, in_cur, spiked).
            let reserved: Set = ["hb_c", "hb_s", "i", "in_ex", "in_in", "in_cur", "spiked"]
            let names = (update.constants + update.state).map(\.name)
            XCTAssertEqual(Set(names).count, names.count, "\(model.name): duplicate names")
            XCTAssert(reserved.isDisjoint(with: names), model.name)
        }
    }
}
