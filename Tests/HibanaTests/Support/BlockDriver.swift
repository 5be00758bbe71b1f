@testable import HibanaModels
import HibanaDescription

/// Runs one model block of one neuron on a reference case, feeding its input spikes straight
/// into the step input (a spike at s with delay d arrives in the step ending at s + d), and
/// records every recordable after every step, as NEST's multimeter does.
struct BlockDriver {
    var trace: [String: [Double]] = [:]
    var spikes: [Double] = []

    init(_ model: any NeuronModel.Type, _ reference: ReferenceCase) throws {
        let h = reference.resolution
        let steps = Int((reference.simulatedMs / h).rounded())
        let given = reference.parameters(for: model.parameters.map(\.key)).mapValues { ParameterValue.value($0) }
        let table = try ParameterResolution.resolve(
            model: model.name, specs: model.parameters, given: given, total: 1, first: 0, count: 1, gid0: 0, seed: 1,
            family: 0)
        try model.check(table)
        let block = model.init(parameters: table, resolution: h)
        var ex = [Double](repeating: 0, count: steps + 1)
        var inh = [Double](repeating: 0, count: steps + 1)
        for input in reference.inputs {
            for s in input.times {
                let k = Int(((s + input.delay) / h).rounded()) - 1
                guard k <= steps else { continue }
                if input.weight >= 0 { ex[k] += input.weight } else { inh[k] += input.weight }
            }
        }
        var out = SpikeOutput()
        var zero = 0.0
        for k in 0..<steps {
            withUnsafePointer(to: &ex[k]) { e in
                withUnsafePointer(to: &inh[k]) { i in
                    withUnsafePointer(to: &zero) { c in
                        block.update(input: StepInput(excitatory: e, inhibitory: i, current: c), spikes: &out)
                    }
                }
            }
            if !out.indices.isEmpty { spikes.append(Double(k + 1) * h) }
            out.indices.removeAll(keepingCapacity: true)
            for (j, r) in model.recordables.enumerated() { trace[r.name, default: []].append(block.recordable(j, neuron: 0)) }
        }
    }
}
