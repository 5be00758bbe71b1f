import HibanaBuild
import HibanaDescription

/// What a finished (or stopped) run offers the output layer, whichever backend ran it: the CPU
/// `Simulation` and the GPU backend's simulation both conform, so one writer serves both.
public protocol SimulationResults: AnyObject {
    var network: BuiltNetwork { get }
    /// Biological time reached, in ms.
    var time: Double { get }
    /// Where this simulation's recordings start, in ms: 0, or the time of a loaded checkpoint.
    var startTime: Double { get }
    var resolution: Double { get }
    var simulateSeconds: Double { get }
    var spikeCount: Int { get }
    /// Everything a spike recorder recorded, in (time, sender) order.
    func spikes(_ recorder: String) throws -> SpikeEvents
    /// Everything a multimeter sampled, neurons in increasing id order.
    func multimeter(_ recorder: String) throws -> MultimeterData
    /// Everything the weight recorder of projection `projection` logged (empty when it records none).
    func weightEvents(projection: Int) -> WeightEvents
    /// Time spent exchanging spikes between ranks.
    var communicateSeconds: Double { get }
    /// Brings every rank's recordings to rank 0 (a collective call; nothing to do on one rank).
    func gatherRecordings()
    /// Where the run computed (with the GPU, as `CUDADevice` describes it), and in which floating-point type.
    var computedOn: (backend: Backend, precision: Precision, gpu: String?) { get }
}

extension SimulationResults {
    /// Backends without weight recorders log nothing.
    public func weightEvents(projection: Int) -> WeightEvents { WeightEvents() }
    public var communicateSeconds: Double { 0 }
    public func gatherRecordings() {}
}

extension SimulationResults {
    public var startTime: Double { 0 }
}

extension Simulation: SimulationResults {
    public var startTime: Double { Double(startStep) * resolution }
    public var computedOn: (backend: Backend, precision: Precision, gpu: String?) { (.cpu, .double, nil) }
}

extension MultimeterData {
    /// For backends outside this module.
    public init(times: [Double], senders: [Int], traces values: [String: [[Double]]]) {
        self.times = times
        self.senders = senders
        self.values = values
    }
}
