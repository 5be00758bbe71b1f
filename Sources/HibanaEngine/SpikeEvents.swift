/// Spikes as NEST's spike_recorder reports them: sender (NEST's 1-based node id) and time (ms,
/// the end of the step in which the threshold was crossed), sorted by time, then sender.
public struct SpikeEvents: Equatable, Sendable {
    public var senders: [Int] = []
    public var times: [Double] = []

    public init(senders: [Int] = [], times: [Double] = []) {
        self.senders = senders
        self.times = times
    }

    public var count: Int { senders.count }

    /// Spike times of one sender.
    public func times(of sender: Int) -> [Double] {
        zip(senders, times).filter { $0.0 == sender }.map(\.1)
    }
}

/// Samples of a multimeter: for each recorded neuron (sender, 1-based id) and each variable, the
/// values at `times` (the ends of the steps at multiples of the interval).
public struct MultimeterData: Equatable, Sendable {
    public var times: [Double] = []
    public var senders: [Int] = []
    /// values[variable][neuron position in `senders`][sample]
    public var values: [String: [[Double]]] = [:]

    /// The samples of `variable` for `sender`.
    public func trace(_ variable: String, sender: Int) -> [Double]? {
        guard let i = senders.firstIndex(of: sender) else { return nil }
        return values[variable]?[i]
    }
}
