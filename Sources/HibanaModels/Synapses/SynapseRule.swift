import HibanaDescription

/// A plastic synapse model: its parameters with NEST's keys, units and defaults, its
/// documentation, and what one presynaptic spike does to its synapses.
///
/// All synapses of one projection share the rule's parameters; weight and delay are per synapse.
/// State that depends only on presynaptic spikes (STDP's K⁺, Tsodyks' u and x) is kept once per
/// presynaptic neuron, not per synapse: the engine calls `begin` once per spike, `update` for
/// each synapse of the spiking neuron, then `end`.
public protocol SynapseRule: Sendable {
    /// What `begin` computes once per presynaptic spike for all its synapses.
    associatedtype Spike
    /// NEST's model name.
    static var name: String { get }
    static var documentation: ModelDocumentation { get }
    /// Parameters and initial state, NEST keys (weight and delay are the projection's).
    static var parameters: [ParameterSpec] { get }
    /// Keys of `parameters` holding state kept per presynaptic neuron, initialised from their values.
    static var sourceState: [String] { get }
    /// Keys of `parameters` holding state kept per synapse.
    static var synapseState: [String] { get }
    /// Whether the rule reads the postsynaptic spike history (pair-based STDP).
    static var readsPostHistory: Bool { get }
    /// Relations between parameters and with the weight's range that per-key constraints cannot express.
    static func check(_ p: ParameterTable, weights: ClosedRange<Double>) throws

    /// The rule with the parameters resolved (`p.count` is 1).
    init(parameters p: ParameterTable, resolution h: Double)

    /// A presynaptic spike with stamp `stamp` (time stamp × h); `last` is the neuron's previous
    /// spike stamp, or -1 before its first.
    func begin(_ source: UnsafeMutablePointer<Double>, last: Int, stamp: Int) -> Spike
    /// Updates one synapse of the spiking neuron onto thread-local neuron `target` with a delay of
    /// `delay` steps; returns the weight the spike is delivered with.
    func update(
        weight: inout Double, _ state: UnsafeMutablePointer<Double>, _ spike: Spike, target: Int, delay: Int,
        history: PostSpikeHistory
    ) -> Double
    /// Four consecutive synapses of the spiking neuron with the same delay: `update` for each of
    /// `weights[0..<4]`, `state + j × stride` and `targets[0..<4]`, returning the four delivered
    /// weights. Rules whose update can run in SIMD lanes override it; the default is `updateEach`.
    func update4(
        weights: UnsafeMutablePointer<Double>, _ state: UnsafeMutablePointer<Double>, stride: Int, _ spike: Spike,
        targets: UnsafePointer<UInt32>, delay: Int, history: PostSpikeHistory
    ) -> SIMD4<Double>
    /// After every synapse was updated.
    func end(_ source: UnsafeMutablePointer<Double>, _ spike: Spike)

    /// Whether the rule reads a neuromodulator (a `volume_transmitter`'s spikes).
    static var modulated: Bool { get }
    /// Whether the rule is taught by the spikes of a teacher neuron per target (the cerebellar
    /// climbing fibre) instead of the target's own spikes: `update` then gets the teacher's history.
    static var teacherDriven: Bool { get }
    /// A neuromodulator spike reaching the synapses at `stamp`, before the presynaptic spikes of
    /// the same cycle are processed (called in time order).
    func modulatorSpike(stamp: Int)
    /// Whether the modulator spikes held grew enough since the last trim to try dropping old ones.
    var modulatorTrimDue: Bool { get }
    /// Drops the modulator spikes no synapse will read again: every synapse of a source that spiked
    /// was last updated at or after `stamp`, and a synapse whose source never spiked has all-zero
    /// state (nothing to integrate before its first update).
    func forgetModulatorSpikes(before stamp: Int)
    /// Modulator spikes held now (memory grows with this, not with the run length).
    var heldModulatorSpikes: Int { get }

    /// State the rule holds besides the store's per-source and per-synapse arrays (the dopamine
    /// trace), as numbers, for checkpoints.
    func savedState() -> [Double]
    /// What sets the state to one `savedState` returned; nil if the values cannot be such a state.
    func restoration(of saved: [Double]) -> (() -> Void)?
}

extension SynapseRule {
    @inlinable public func update4(
        weights: UnsafeMutablePointer<Double>, _ state: UnsafeMutablePointer<Double>, stride: Int, _ spike: Spike,
        targets: UnsafePointer<UInt32>, delay: Int, history: PostSpikeHistory
    ) -> SIMD4<Double> {
        updateEach(weights: weights, state, stride: stride, spike, targets: targets, delay: delay, history: history)
    }

    /// `update4` as four `update` calls.
    @inlinable public func updateEach(
        weights: UnsafeMutablePointer<Double>, _ state: UnsafeMutablePointer<Double>, stride: Int, _ spike: Spike,
        targets: UnsafePointer<UInt32>, delay: Int, history: PostSpikeHistory
    ) -> SIMD4<Double> {
        var delivered = SIMD4<Double>()
        for j in 0..<4 {
            delivered[j] = update(
                weight: &weights[j], state + j * stride, spike, target: Int(targets[j]), delay: delay, history: history)
        }
        return delivered
    }

    public static var modulated: Bool { false }
    public static var teacherDriven: Bool { false }
    public func modulatorSpike(stamp: Int) {}
    public var modulatorTrimDue: Bool { false }
    public func forgetModulatorSpikes(before stamp: Int) {}
    public var heldModulatorSpikes: Int { 0 }
    public func savedState() -> [Double] { [] }
    public func restoration(of saved: [Double]) -> (() -> Void)? { saved.isEmpty ? {} : nil }
}

/// Every synapse model by NEST name: `static_synapse` is the engine's compact store, the others
/// are plastic rules.
public enum SynapseCatalog {
    public static let staticSynapse = "static_synapse"

    public static var rules: [any SynapseRule.Type] {
        [
            StdpSynapse.self, StdpPlSynapseHom.self, VogelsSprekelerSynapse.self, StdpDopamineSynapse.self, TsodyksSynapse.self,
            Tsodyks2Synapse.self, CerebellarPfPcSynapse.self,
        ]
    }

    public static var names: [String] { [staticSynapse] + rules.map { $0.name } }

    /// The plastic rule of `name`; nil for `static_synapse`.
    public static func rule(named name: String) throws -> (any SynapseRule.Type)? {
        if name == staticSynapse { return nil }
        if let r = rules.first(where: { $0.name == name }) { return r }
        throw HibanaError.unknownModel(name: name, suggestion: closestMatch(to: name, in: names))
    }
}
