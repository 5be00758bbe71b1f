import HibanaDescription
import HibanaModels

/// What the GPU backend can run, checked on the spec before anything is built.
public enum GPUSupport {
    /// Device models the GPU step kernel implements (`hb_stimulate`).
    public static let deviceModels = [
        "dc_generator", "step_current_generator", "poisson_generator", "spike_generator", "noise_generator",
    ]
    public static let synapseModels = ["static_synapse", "tsodyks_synapse", "tsodyks2_synapse", "stdp_dopamine_synapse"]
        + PairBasedGPU.rules.map { $0.name }

    /// Neuron models with a `GPUUpdate`.
    public static var neuronModels: [any GPUNeuronModel.Type] {
        ModelCatalog.neurons.compactMap { $0 as? any GPUNeuronModel.Type }
    }

    /// Every model or feature of `spec` the GPU backend does not support, one line each, naming it.
    public static func problems(_ spec: NetworkSpec) -> [String] {
        var problems: [String] = []
        let neurons = Set(neuronModels.map { $0.name })
        for p in spec.populations where !neurons.contains(p.model) {
            problems.append("the cuda backend does not support the neuron model '\(p.model)' (population '\(p.name)'); "
                + "supported: \(neurons.sorted().joined(separator: ", "))")
        }
        for d in spec.devices where !deviceModels.contains(d.model) {
            problems.append("the cuda backend does not support the device '\(d.model)' (device '\(d.name)'); "
                + "supported: \(deviceModels.joined(separator: ", "))")
        }
        for (i, projection) in spec.projections.enumerated() where !synapseModels.contains(projection.synapseModel) {
            problems.append("the cuda backend does not support the synapse model '\(projection.synapseModel)' "
                + "(projections[\(i)]); supported: \(synapseModels.joined(separator: ", "))")
        }
        if let problem = SynapsePacking.problem(spec) { problems.append(problem) }
        return problems
    }

    /// The distinct GPU models of a spec, in order of first use (the program's model indices).
    public static func models(of spec: NetworkSpec) -> [any GPUNeuronModel.Type] {
        var seen: [any GPUNeuronModel.Type] = []
        for p in spec.populations {
            guard let m = neuronModels.first(where: { $0.name == p.model }), !seen.contains(where: { $0.name == m.name }) else { continue }
            seen.append(m)
        }
        return seen
    }
}
