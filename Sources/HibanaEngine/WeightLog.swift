import HibanaBuild
import HibanaDescription

/// What a weight recorder logged on one thread for one plastic store: one event per synapse
/// update (NEST's weight_recorder), with the thread-local target; only connections from a selected
/// sender to a selected target when the recorder selects (NEST's `senders` and `targets`).
final class WeightLog: @unchecked Sendable {
    // Appended to by its own thread during delivery; read after the cycle barrier.
    var stamps: [Int32] = []
    var sources: [Int32] = []
    var targets: [Int32] = []
    var weights: [Double] = []
    /// Per source gid − `sourceGid0`, and per thread-local neuron: logged or not; nil logs all.
    let sourceGid0: Int
    let recordedSources: [Bool]?
    let recordedTargets: [Bool]?

    init(sourceGid0: Int = 0, recordedSources: [Bool]? = nil, recordedTargets: [Bool]? = nil) {
        self.sourceGid0 = sourceGid0
        self.recordedSources = recordedSources
        self.recordedTargets = recordedTargets
    }

    /// A log for `store` with the selection of its projection's weight recorder, or nil if not recorded.
    convenience init?(store: PlasticStore, spec: NetworkSpec, shard: ThreadShard) {
        guard store.recordWeights else { return nil }
        let projection = spec.projections[store.projection]
        let sources = projection.recordedSenders.map { selected in
            var mask = [Bool](repeating: false, count: store.sourceCount)
            for s in selected { mask[s] = true }
            return mask
        }
        let targets = projection.recordedTargets.map { selected in
            var mask = [Bool](repeating: false, count: shard.neuronCount)
            let p = projection.target, range = shard.blockRanges[p]
            for i in selected where range.contains(i) { mask[shard.blockOffsets[p] + i - range.lowerBound] = true }
            return mask
        }
        self.init(sourceGid0: store.sourceGid0, recordedSources: sources, recordedTargets: targets)
    }

    @inline(__always) func append(stamp: Int, source: Int, target: Int, weight: Double) {
        if let recordedSources, !recordedSources[source - sourceGid0] { return }
        if let recordedTargets, !recordedTargets[target] { return }
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

    public init() {}

    public var count: Int { times.count }
}

/// The weights of one projection's plastic connections, in a canonical order (source, target,
/// delay, then generation order) that does not depend on the thread count; ids are NEST's (1-based).
public struct ConnectionWeights: Equatable, Sendable {
    public var sources: [Int] = []
    public var targets: [Int] = []
    public var delays: [Double] = []
    public var weights: [Double] = []

    public init() {}

    public var count: Int { weights.count }
}
