import HibanaDescription

/// The input a population block reads in one time step: the sums of weights that arrive in this
/// step on the excitatory (w > 0) and inhibitory (w < 0, kept negative) receptors, and the
/// device current that arrives in this step (applied from the next step on, as in NEST).
/// Each pointer addresses the block's first neuron; the engine clears the slot after the step.
public struct StepInput {
    public let excitatory: UnsafePointer<Double>
    public let inhibitory: UnsafePointer<Double>
    public let current: UnsafePointer<Double>

    public init(excitatory: UnsafePointer<Double>, inhibitory: UnsafePointer<Double>, current: UnsafePointer<Double>) {
        self.excitatory = excitatory
        self.inhibitory = inhibitory
        self.current = current
    }
}

/// Where a block writes the local indices of the neurons that spiked in this step, in increasing order.
public struct SpikeOutput {
    public var indices: [Int32] = []
    public init() { indices.reserveCapacity(1024) }
}

/// A state variable a multimeter can record.
public struct Recordable: Sendable {
    public let name: String
    public let unit: String
    public init(_ name: String, _ unit: String) {
        self.name = name
        self.unit = unit
    }
}

/// Documentation of a model: what `hibana models NAME` prints besides the parameter table.
public struct ModelDocumentation: Sendable {
    public let summary: String
    /// Equations and the integration scheme, plain text.
    public let equations: String
    public let references: [String]

    public init(summary: String, equations: String, references: [String]) {
        self.summary = summary
        self.equations = equations
        self.references = references
    }
}

/// A point-neuron model. An instance holds the state of a block of neurons of one population
/// (the part one thread owns) as structure-of-arrays, and advances all of them by one step.
///
/// A model is its own file: parameters with NEST's keys, units and defaults, documentation, and
/// the update. The engine calls `update` once per block and step, never per neuron.
public protocol NeuronModel: AnyObject {
    /// NEST's model name.
    static var name: String { get }
    static var documentation: ModelDocumentation { get }
    /// Parameters and initial state values (e.g. `V_m`), with NEST's keys.
    static var parameters: [ParameterSpec] { get }
    /// State variables a multimeter can record, with their units.
    static var recordables: [Recordable] { get }
    /// Relations between parameters that per-key constraints cannot express (V_reset < V_th).
    static func check(_ p: ParameterTable) throws

    /// A block with the parameters already resolved, checked and drawn for its `p.count` neurons.
    init(parameters p: ParameterTable, resolution h: Double)

    var count: Int { get }
    /// Advances every neuron of the block by one step of the resolution.
    func update(input: StepInput, spikes: inout SpikeOutput)
    /// The value of recordable `index` (in `recordables`) for neuron `neuron` of the block.
    func recordable(_ index: Int, neuron: Int) -> Double
    /// The first neuron whose state is NaN, infinite or past the model's runaway bound (aeif: V_m
    /// below −1000 mV, as NEST), with the variable's name and value.
    func firstNonFinite() -> (neuron: Int, variable: String, value: Double)?
}

extension NeuronModel {
    public static func recordableIndex(_ name: String) -> Int? {
        recordables.firstIndex { $0.name == name }
    }
}
