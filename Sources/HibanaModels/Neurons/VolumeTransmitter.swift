import HibanaDescription

/// `volume_transmitter`: collects the spikes of dopaminergic neurons and hands them to the
/// `stdp_dopamine_synapse` projections that name it, as NEST's node.
public final class VolumeTransmitter: NeuronModel {
    public static let name = "volume_transmitter"
    public static let documentation = ModelDocumentation(
        summary: "Collects neuromodulatory (dopamine) spikes for stdp_dopamine_synapse projections.",
        equations: """
            A spike arriving at the volume transmitter in the step ending at t is a dopamine spike at time t
            for every synapse that names it (NEST stamps it with its arrival time). Connect the dopaminergic
            neurons to it with static synapses; its delay is the transmission delay of the dopamine signal.
            NEST hands the spikes over every deliver_interval min-delay periods and updates the synapses
            lazily; Hibana integrates each synapse exactly from event to event, which gives the same weights
            at every presynaptic spike (see stdp_dopamine_synapse), so there is no deliver_interval.
            """,
        references: [
            "Potjans W, Morrison A, Diesmann M (2010). Enabling functional neural circuit simulations with distributed computing of neuromodulated plasticity. Front Comput Neurosci 4:141.",
        ])
    public static let parameters: [ParameterSpec] = []
    public static let recordables: [Recordable] = []

    public static func check(_ p: ParameterTable) throws {}

    public let count: Int

    public init(parameters p: ParameterTable, resolution h: Double) { count = p.count }

    public func update(input: StepInput, spikes: inout SpikeOutput) { repeatInput(input, count: count, &spikes) }

    public func recordable(_ index: Int, neuron: Int) -> Double { 0 }

    public func firstNonFinite() -> (neuron: Int, variable: String, value: Double)? { nil }
}
