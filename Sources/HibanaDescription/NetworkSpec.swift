/// A network as data: what to build and run. Built in Swift or loaded from a model file;
/// nothing here allocates neurons or synapses.
public struct NetworkSpec: Sendable {
    /// Simulation time step in ms (NEST's `resolution`).
    public var resolution: Double = 0.1
    /// Master seed of every random stream.
    public var seed: UInt64 = 1
    public var populations: [PopulationSpec] = []
    public var devices: [DeviceSpec] = []
    public var projections: [ProjectionSpec] = []
    public var recorders: [RecorderSpec] = []

    public init(resolution: Double = 0.1, seed: UInt64 = 1) {
        self.resolution = resolution
        self.seed = seed
    }

    /// Total neurons.
    public var neuronCount: Int { populations.reduce(0) { $0 + $1.count } }
}

/// A value given for a model parameter: one value for all neurons, a distribution drawn per
/// neuron, a list with one value per neuron, or a list parameter (spike times, amplitudes).
public enum ParameterValue: Equatable, Sendable, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral
{
    case value(Double)
    case distribution(ValueDistribution)
    case list([Double])

    public init(floatLiteral value: Double) { self = .value(value) }
    public init(integerLiteral value: Int) { self = .value(Double(value)) }
    public init(booleanLiteral value: Bool) { self = .value(value ? 1 : 0) }
}

public struct PopulationSpec: Sendable {
    public var name: String
    public var model: String
    public var count: Int
    public var parameters: [String: ParameterValue]

    public init(name: String, model: String, count: Int, parameters: [String: ParameterValue] = [:]) {
        self.name = name
        self.model = model
        self.count = count
        self.parameters = parameters
    }
}

/// A stimulation device (`dc_generator`, `poisson_generator`, `spike_generator` …).
public struct DeviceSpec: Sendable {
    public var name: String
    public var model: String
    public var parameters: [String: ParameterValue]

    public init(name: String, model: String, parameters: [String: ParameterValue] = [:]) {
        self.name = name
        self.model = model
        self.parameters = parameters
    }
}

/// The source side of a projection: a neuron population or a stimulation device.
public enum NodeRef: Equatable, Hashable, Sendable {
    case population(Int)
    case device(Int)
}

/// NEST's connection rules.
public enum ConnectionRule: Equatable, Sendable {
    case allToAll
    case oneToOne
    case fixedIndegree(Int)
    case fixedOutdegree(Int)
    case fixedTotalNumber(Int)
    case pairwiseBernoulli(p: Double)

    /// NEST's name of the rule.
    public var name: String {
        switch self {
        case .allToAll: return "all_to_all"
        case .oneToOne: return "one_to_one"
        case .fixedIndegree: return "fixed_indegree"
        case .fixedOutdegree: return "fixed_outdegree"
        case .fixedTotalNumber: return "fixed_total_number"
        case .pairwiseBernoulli: return "pairwise_bernoulli"
        }
    }
}

/// Source → target connections with a rule and a synapse. Weights are in pA for current-based
/// targets, nS for conductance-based ones, mV for `iaf_psc_delta` and `izhikevich`; the sign
/// selects the excitatory or inhibitory receptor, as in NEST.
public struct ProjectionSpec: Sendable {
    public var source: NodeRef
    public var target: Int
    public var rule: ConnectionRule
    public var synapseModel: String = "static_synapse"
    /// Parameters and initial state of a plastic synapse model (NEST keys and units), the same
    /// for every connection of the projection; weight and delay are drawn per connection.
    public var synapseParameters: [String: Double] = [:]
    /// NEST's `receptor_type`: 0 delivers the input; 1 onto a `parrot_neuron` takes part in
    /// plasticity only (the parrot does not repeat the spike), as in NEST.
    public var receptorType = 0
    /// The population (one `volume_transmitter`) whose spikes modulate a `stdp_dopamine_synapse`.
    public var volumeTransmitter: Int?
    /// The population whose neuron i teaches target neuron i, for teacher-driven rules
    /// (`cerebellar_pf_pc_synapse`: the climbing fibres of the Purkinje cells); same size as the target.
    public var teacher: Int?
    /// Whether a `weight_recorder` logs this projection's weights (one event per update, as NEST).
    public var recordWeights = false
    /// The weight recorder's selection, as NEST's `senders` and `targets`: indices within the source
    /// and the target population; only updates of connections from a listed sender and to a listed
    /// target are logged. nil: all.
    public var recordedSenders: [Int]?
    public var recordedTargets: [Int]?
    public var weight: ValueDistribution
    /// Delay in ms; rounded to the time grid, at least one step.
    public var delay: ValueDistribution
    public var allowAutapses = true
    public var allowMultapses = true

    public init(
        source: NodeRef, target: Int, rule: ConnectionRule, weight: ValueDistribution, delay: ValueDistribution,
        allowAutapses: Bool = true, allowMultapses: Bool = true
    ) {
        self.source = source
        self.target = target
        self.rule = rule
        self.weight = weight
        self.delay = delay
        self.allowAutapses = allowAutapses
        self.allowMultapses = allowMultapses
    }
}

/// Which neurons of a population a recorder observes.
public struct NeuronSelection: Equatable, Sendable {
    public var population: Int
    /// Indices within the population; nil means all.
    public var indices: [Int]?

    public init(population: Int, indices: [Int]? = nil) {
        self.population = population
        self.indices = indices
    }
}

public enum RecorderKind: Equatable, Sendable {
    /// NEST's `spike_recorder`.
    case spikes
    /// NEST's `multimeter`: the named state variables every `interval` ms.
    case multimeter(recordFrom: [String], interval: Double)

    public var modelName: String {
        switch self {
        case .spikes: return "spike_recorder"
        case .multimeter: return "multimeter"
        }
    }
}

public struct RecorderSpec: Sendable {
    public var name: String
    public var kind: RecorderKind
    public var targets: [NeuronSelection]

    public init(name: String, kind: RecorderKind, targets: [NeuronSelection]) {
        self.name = name
        self.kind = kind
        self.targets = targets
    }
}
