import HibanaModels

/// The plastic synapses of one projection on one thread, in the same target-side layout as
/// `SynapseStore` (grouped by source, then delay), with the state plasticity needs:
///
/// - per synapse: target (UInt32) and weight (Double, as NEST: rules accumulate many small
///   changes), plus `synapseStride` doubles of rule state (none for STDP and Tsodyks);
/// - per source neuron of the projection: `sourceStride` doubles (STDP's K⁺, Tsodyks' u, x, y)
///   and the last spike's stamp, shared by all its synapses because they depend only on its spikes.
///
/// Sources are indexed within the source population, so the per-source arrays cover it only.
public final class PlasticStore: @unchecked Sendable {
    // Mutated only by its own thread (delivery); read by the main thread between runs.
    public let projection: Int
    public let rule: any SynapseRule
    /// Global id of the source population's first neuron.
    public let sourceGid0: Int
    public let sourceCount: Int
    public let runStart: [UInt32]
    public let runDelay: [UInt16]
    public let runEnd: [UInt32]
    public let targets: [UInt32]
    public var weights: [Double]
    public var synapseState: [Double]
    public var sourceState: [Double]
    /// Stamp of each source's last spike; -1 before the first.
    public var lastStamp: [Int32]
    public let sourceStride: Int
    public let synapseStride: Int
    /// False for receptor_type 1 onto a parrot_neuron: the synapse learns but delivers nothing.
    public let deliversInput: Bool
    public let recordWeights: Bool
    /// Global id of the volume transmitter whose spikes the rule reads, if any.
    public let modulatorGid: Int?
    /// The teachers of this thread's targets, for teacher-driven rules.
    public let teacher: TeacherLink?

    public var count: Int { targets.count }

    /// Bytes held, for memory reports.
    public var bytes: Int {
        runStart.count * 4 + runDelay.count * 2 + runEnd.count * 4 + targets.count * 4 + weights.count * 8
            + synapseState.count * 8 + sourceState.count * 8 + lastStamp.count * 4
    }

    init(
        projection: Int, rule: any SynapseRule, initialState: (source: [Double], synapse: [Double]), sourceGid0: Int,
        sourceCount: Int, collected c: PlasticCollector, deliversInput: Bool, recordWeights: Bool,
        modulatorGid: Int?, teacher: TeacherLink?
    ) {
        let runs = SynapseRuns(sources: c.sources, delays: c.delays, sourceCount: sourceCount)
        self.projection = projection
        self.rule = rule
        self.sourceGid0 = sourceGid0
        self.sourceCount = sourceCount
        runStart = runs.runStart
        runDelay = runs.runDelay
        runEnd = runs.runEnd
        targets = runs.order.map { c.targets[Int($0)] }
        weights = runs.order.map { c.weights[Int($0)] }
        sourceStride = initialState.source.count
        synapseStride = initialState.synapse.count
        sourceState = Array((0..<sourceCount).map { _ in initialState.source }.joined())
        synapseState = Array((0..<c.sources.count).map { _ in initialState.synapse }.joined())
        lastStamp = Array(repeating: -1, count: sourceCount)
        self.deliversInput = deliversInput
        self.recordWeights = recordWeights
        self.modulatorGid = modulatorGid
        self.teacher = teacher
    }

    /// Synapse positions of source `s` (index within the source population), run by run.
    public func synapses(ofSource s: Int) -> Range<Int> {
        let first = Int(runStart[s]), last = Int(runStart[s + 1])
        guard first < last else { return 0..<0 }
        return (first == 0 ? 0 : Int(runEnd[first - 1]))..<Int(runEnd[last - 1])
    }
}

/// Teacher neuron j (global id gid0 + j) teaches target neuron j of the target population; this
/// thread owns targets `owned` (population indices), thread-local index `localBase + j`. The
/// teachers' spikes are kept like postsynaptic spikes, and read (and trimmed) the same way.
public struct TeacherLink: Sendable {
    public let gid0: Int
    public let owned: Range<Int>
    public let localBase: Int
    public let history: PostSpikeHistory
}

/// Plastic synapses as they are generated, before sorting into a `PlasticStore`.
struct PlasticCollector {
    var sources: [UInt32] = []
    var targets: [UInt32] = []
    var weights: [Double] = []
    var delays: [UInt16] = []

    mutating func append(source: Int, target: Int, weight: Double, delay: Int) {
        sources.append(UInt32(source))
        targets.append(UInt32(target))
        weights.append(weight)
        delays.append(UInt16(delay))
    }
}

extension PlasticStore {
    /// The stamp at or after which every synapse here was last updated (each is updated when its
    /// source spikes), for dropping modulator spikes: a source that never spiked does not count when
    /// all its synapses' state is zero, and holds the bound at -1 otherwise (Int.max: no synapse
    /// needs any).
    public func oldestSynapseUpdate() -> Int {
        var oldest = Int.max
        for s in 0..<sourceCount where runStart[s] < runStart[s + 1] {
            if lastStamp[s] >= 0 {
                oldest = Swift.min(oldest, Int(lastStamp[s]))
            } else if synapses(ofSource: s).contains(where: { i in
                (0..<synapseStride).contains { synapseState[i * synapseStride + $0] != 0 }
            }) {
                return -1
            }
        }
        return oldest
    }

    /// Lowers `passed[n]` to the latest stamp of target n's spike history that every synapse here
    /// onto n has read: a synapse reads the spikes reaching it up to its source's last spike, so
    /// those at or before that stamp minus its delay (a source that never spiked has read none).
    public func lowerPassed(_ passed: inout [Int32]) {
        for s in 0..<sourceCount where runStart[s] < runStart[s + 1] {
            let last = Swift.max(0, Int(lastStamp[s]))
            var first = synapses(ofSource: s).lowerBound
            for r in Int(runStart[s])..<Int(runStart[s + 1]) {
                let read = Int32(last - Int(runDelay[r]))
                for i in first..<Int(runEnd[r]) where read < passed[Int(targets[i])] { passed[Int(targets[i])] = read }
                first = Int(runEnd[r])
            }
        }
    }
}
