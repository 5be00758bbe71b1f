/// What a weight recorder logged on one thread for one plastic store: one event per synapse
/// update (NEST's weight_recorder), with the thread-local target.
final class WeightLog: @unchecked Sendable {
    // Appended to by its own thread during delivery; read after the cycle barrier.
    var stamps: [Int32] = []
    var sources: [Int32] = []
    var targets: [Int32] = []
    var weights: [Double] = []

    @inline(__always) func append(stamp: Int, source: Int, target: Int, weight: Double) {
        stamps.append(Int32(stamp))
        sources.append(Int32(source))
        targets.append(Int32(target))
        weights.append(weight)
    }
}

/// Weight recorder events, as NEST reports them: sender and target (NEST's 1-based ids), the
/// time of the presynaptic spike that caused the update (ms), and the weight after it — the
/// weight the spike was delivered with. Sorted by time, sender, target.
public struct WeightEvents: Equatable, Sendable {
    public var times: [Double] = []
    public var senders: [Int] = []
    public var targets: [Int] = []
    public var weights: [Double] = []

    public var count: Int { times.count }
}

/// The weights of one projection's plastic connections, in a canonical order (source, target,
/// delay, then generation order) that does not depend on the thread count; ids are NEST's (1-based).
public struct ConnectionWeights: Equatable, Sendable {
    public var sources: [Int] = []
    public var targets: [Int] = []
    public var delays: [Double] = []
    public var weights: [Double] = []

    public var count: Int { weights.count }
}
