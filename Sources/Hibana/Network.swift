/// The Swift API: describe a network in a few readable lines, then simulate it.
///
///     var net = Network(seed: 42)
///     let cells = try net.population("iaf_psc_exp", count: 100, ["I_e": 376.0])
///     try net.connect(cells, cells, rule: .fixedIndegree(10), weight: .constant(20), delay: .constant(1.5))
///     let spikes = net.recordSpikes(cells)
///     let run = try net.simulate(1000, threads: 2)
///     print(try run.spikes(spikes).count)
public struct Network: Sendable {
    public private(set) var spec: NetworkSpec

    public init(resolution: Double = 0.1, seed: UInt64 = 1) {
        spec = NetworkSpec(resolution: resolution, seed: seed)
    }

    public init(_ spec: NetworkSpec) { self.spec = spec }

    /// A population handle: what `connect` and the recorders take.
    public struct Population: Sendable, Hashable {
        public let index: Int
        public let name: String
    }

    /// A stimulation device handle.
    public struct Device: Sendable, Hashable {
        public let index: Int
        public let name: String
    }

    /// Adds `count` neurons of a NEST model; parameters are checked at once.
    @discardableResult
    public mutating func population(
        _ model: String, count: Int, _ parameters: [String: ParameterValue] = [:], name: String? = nil
    ) throws -> Population {
        let neuron = try ModelCatalog.neuron(named: model)
        try ParameterResolution.check(model: neuron.name, specs: neuron.parameters, given: parameters)
        let name = name ?? "\(model)-\(spec.populations.count)"
        spec.populations.append(PopulationSpec(name: name, model: model, count: count, parameters: parameters))
        return Population(index: spec.populations.count - 1, name: name)
    }

    /// Adds a stimulation device (`poisson_generator`, `dc_generator`, `spike_generator` …).
    @discardableResult
    public mutating func device(_ model: String, _ parameters: [String: ParameterValue] = [:], name: String? = nil) throws -> Device {
        let device = try ModelCatalog.device(named: model)
        try ParameterResolution.check(model: device.name, specs: device.parameters, given: parameters)
        let name = name ?? "\(model)-\(spec.devices.count)"
        spec.devices.append(DeviceSpec(name: name, model: model, parameters: parameters))
        return Device(index: spec.devices.count - 1, name: name)
    }

    /// A projection handle: what reading and setting plastic weights take.
    public struct Projection: Sendable, Hashable {
        public let index: Int
    }

    /// A synapse model with its parameters (NEST keys), e.g. `.init("stdp_synapse", ["tau_plus": 20, "Wmax": 100])`.
    public struct Synapse: Sendable {
        public var model: String
        public var parameters: [String: Double]
        /// NEST's `receptor_type`: 1 onto a parrot_neuron makes the connection learn without delivering.
        public var receptorType: Int
        /// Log every weight update (NEST's weight_recorder on this connection's synapse model).
        public var recordWeights: Bool
        /// The weight recorder's selection (NEST's `senders` and `targets`): indices within the
        /// source and target populations; nil logs all. Giving one turns `recordWeights` on.
        public var recordedSenders: [Int]?
        public var recordedTargets: [Int]?
        /// The volume_transmitter of a `stdp_dopamine_synapse`.
        public var volumeTransmitter: Population?
        /// For `cerebellar_pf_pc_synapse`: neuron i of this population (the climbing fibres) teaches target i.
        public var teacher: Population?

        public init(
            _ model: String, _ parameters: [String: Double] = [:], receptorType: Int = 0, recordWeights: Bool = false,
            recordedSenders: [Int]? = nil, recordedTargets: [Int]? = nil, volumeTransmitter: Population? = nil,
            teacher: Population? = nil
        ) {
            self.model = model
            self.parameters = parameters
            self.receptorType = receptorType
            self.recordWeights = recordWeights || recordedSenders != nil || recordedTargets != nil
            self.recordedSenders = recordedSenders
            self.recordedTargets = recordedTargets
            self.volumeTransmitter = volumeTransmitter
            self.teacher = teacher
        }

        public static let `static` = Synapse("static_synapse")
    }

    /// Connects two populations through static synapses, or through a plastic synapse model.
    @discardableResult
    public mutating func connect(
        _ source: Population, _ target: Population, rule: ConnectionRule = .allToAll, synapse: Synapse = .static,
        weight: ValueDistribution, delay: ValueDistribution = .constant(1), allowAutapses: Bool = true,
        allowMultapses: Bool = true
    ) throws -> Projection {
        var projection = ProjectionSpec(
            source: .population(source.index), target: target.index, rule: rule, weight: weight, delay: delay,
            allowAutapses: allowAutapses, allowMultapses: allowMultapses)
        projection.synapseModel = synapse.model
        projection.synapseParameters = synapse.parameters
        projection.receptorType = synapse.receptorType
        projection.recordWeights = synapse.recordWeights
        projection.recordedSenders = synapse.recordedSenders
        projection.recordedTargets = synapse.recordedTargets
        projection.volumeTransmitter = synapse.volumeTransmitter?.index
        projection.teacher = synapse.teacher?.index
        try add(projection)
        return Projection(index: spec.projections.count - 1)
    }

    /// Connects a device to every neuron of a population (or by another rule).
    public mutating func connect(
        _ device: Device, _ target: Population, rule: ConnectionRule = .allToAll, weight: ValueDistribution = .constant(1),
        delay: ValueDistribution = .constant(1)
    ) throws {
        try add(ProjectionSpec(source: .device(device.index), target: target.index, rule: rule, weight: weight, delay: delay))
    }

    private mutating func add(_ projection: ProjectionSpec) throws {
        var candidate = spec
        candidate.projections.append(projection)
        try NetworkValidator.validateProjection(candidate.projections.count - 1, in: candidate)
        spec = candidate
    }

    /// Records the spikes of the given populations (or some neurons of one, by index); returns the recorder's name.
    @discardableResult
    public mutating func recordSpikes(_ populations: Population..., indices: [Int]? = nil, name: String? = nil) -> String {
        let name = name ?? "spike_recorder-\(spec.recorders.count)"
        spec.recorders.append(RecorderSpec(
            name: name, kind: .spikes, targets: populations.map { NeuronSelection(population: $0.index, indices: indices) }))
        return name
    }

    /// Samples state variables every `interval` ms; returns the recorder's name.
    @discardableResult
    public mutating func record(
        _ variables: [String], from population: Population, indices: [Int]? = nil, interval: Double = 1,
        name: String? = nil
    ) -> String {
        let name = name ?? "multimeter-\(spec.recorders.count)"
        spec.recorders.append(RecorderSpec(
            name: name, kind: .multimeter(recordFrom: variables, interval: interval),
            targets: [NeuronSelection(population: population.index, indices: indices)]))
        return name
    }

    /// Builds the network on `threads` threads (default: all cores) and simulates `duration` ms.
    public func simulate(_ duration: Double, threads: Int? = nil) throws -> Simulation {
        let simulation = try Simulation(NetworkBuilder.build(spec, threads: threads ?? defaultThreadCount()))
        try simulation.run(duration)
        return simulation
    }
}

/// All cores of this machine.
public func defaultThreadCount() -> Int {
    Swift.max(1, ProcessInfoLite.activeProcessorCount)
}
