import HibanaDescription

/// `parrot_neuron`: repeats its input spikes, as NEST's model — the way to give a spike train
/// (a generator's) a neuron id, so that it can be the source of plastic synapses.
public final class ParrotNeuron: NeuronModel {
    public static let name = "parrot_neuron"
    public static let documentation = ModelDocumentation(
        summary: "Emits a spike in every step in which a spike arrives (receptor 0), with any non-zero weight.",
        equations: """
            A spike arriving in the step ending at t makes the parrot spike at t. Several spikes in one step
            give one spike (NEST sends one spike with their multiplicity). Input on receptor_type 1 is not
            repeated: it only takes part in the plasticity of the synapse that carries it.
            """,
        references: ["NEST documentation: parrot_neuron."])
    public static let parameters: [ParameterSpec] = [.tauMinus]
    public static let recordables: [Recordable] = []

    public static func check(_ p: ParameterTable) throws {}

    public let count: Int

    public init(parameters p: ParameterTable, resolution h: Double) { count = p.count }

    public func update(input: StepInput, spikes: inout SpikeOutput) { repeatInput(input, count: count, &spikes) }

    public func recordable(_ index: Int, neuron: Int) -> Double { 0 }

    public func firstNonFinite() -> (neuron: Int, variable: String, value: Double)? { nil }
}

/// A spike out for every neuron that received spike input in this step (parrot, volume transmitter).
func repeatInput(_ input: StepInput, count: Int, _ spikes: inout SpikeOutput) {
    for i in 0..<count where input.excitatory[i] != 0 || input.inhibitory[i] != 0 {
        spikes.indices.append(Int32(i))
    }
}
