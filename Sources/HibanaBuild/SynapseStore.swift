/// Static synapses of one thread, stored on the target side and grouped by source neuron, then
/// by delay: a spike is one contiguous scan per delay with no search, lock or atomic.
///
/// Per synapse: the target's thread-local index (UInt32) and the weight (Float32) — 8 bytes.
/// Delays are stored once per run of synapses of the same source and delay.
public struct SynapseStore: @unchecked Sendable {
    // Immutable after the build; threads only read it, and only their own.
    /// For source gid s, its runs are `runStart[s] ..< runStart[s + 1]`.
    public let runStart: [UInt32]
    /// Delay (steps) and one-past-last synapse index of each run; a run starts where the previous ends.
    public let runDelay: [UInt16]
    public let runEnd: [UInt32]
    public let targets: [UInt32]
    public let weights: [Float]
    public let maxDelay: Int
    public let minDelay: Int

    public var count: Int { targets.count }

    /// Bytes held, for memory reports.
    public var bytes: Int {
        runStart.count * 4 + runDelay.count * 2 + runEnd.count * 4 + targets.count * 4 + weights.count * 4
    }

    init(sourceCount: Int, collected c: SynapseCollector) {
        let runs = SynapseRuns(sources: c.sources, delays: c.delays, sourceCount: sourceCount)
        runStart = runs.runStart
        runDelay = runs.runDelay
        runEnd = runs.runEnd
        targets = runs.order.map { c.targets[Int($0)] }
        weights = runs.order.map { c.weights[Int($0)] }
        maxDelay = Int(c.delays.max() ?? 0)
        minDelay = Int(c.delays.min() ?? 0)
    }
}

/// Synapses ordered by (source, delay) into runs of one source and one delay: what the static
/// and the plastic stores share. Two stable counting sorts keep each target's synapses in
/// generation order, so the order does not depend on the thread count.
struct SynapseRuns {
    /// The collected index of the synapse at each stored position.
    let order: [UInt32]
    let runStart: [UInt32]
    let runDelay: [UInt16]
    let runEnd: [UInt32]

    init(sources: [UInt32], delays: [UInt16], sourceCount: Int) {
        let n = sources.count
        precondition(n < Int(UInt32.max), "more than 2^32 synapses on one thread")
        let maxDelay = Int(delays.max() ?? 0)
        let byDelay = countingSort(keys: delays.lazy.map { Int($0) }, order: 0..<n, keyCount: maxDelay + 1)
        let order = countingSort(keys: sources.lazy.map { Int($0) }, order: byDelay, keyCount: sourceCount)
        var runStart = [UInt32](repeating: 0, count: sourceCount + 1)
        var runDelay: [UInt16] = []
        var runEnd: [UInt32] = []
        var previousSource = -1
        for (out, i) in order.enumerated() {
            let s = Int(sources[Int(i)])
            let d = delays[Int(i)]
            if s != previousSource {
                for skipped in (previousSource + 1)...s { runStart[skipped] = UInt32(runDelay.count) }
                previousSource = s
                runDelay.append(d)
                runEnd.append(0)
            } else if runDelay[runDelay.count - 1] != d {
                runDelay.append(d)
                runEnd.append(0)
            }
            runEnd[runEnd.count - 1] = UInt32(out + 1)
        }
        if previousSource + 1 <= sourceCount {
            for skipped in (previousSource + 1)...sourceCount { runStart[skipped] = UInt32(runDelay.count) }
        }
        self.order = order
        self.runStart = runStart
        self.runDelay = runDelay
        self.runEnd = runEnd
    }
}

/// A stable counting sort: the elements of `order` rearranged by `keys[element]`.
private func countingSort<Keys: Collection, Order: Collection>(
    keys: Keys, order: Order, keyCount: Int
) -> [UInt32] where Keys.Element == Int, Keys.Index == Int, Order.Element: BinaryInteger {
    var start = [Int](repeating: 0, count: keyCount + 1)
    for k in keys { start[k + 1] += 1 }
    for k in 0..<keyCount { start[k + 1] += start[k] }
    var sorted = [UInt32](repeating: 0, count: order.count)
    for i in order {
        let k = keys[keys.startIndex + Int(i)]
        sorted[start[k]] = UInt32(i)
        start[k] += 1
    }
    return sorted
}

/// Synapses as they are generated, before sorting into a `SynapseStore`.
struct SynapseCollector {
    var sources: [UInt32] = []
    var targets: [UInt32] = []
    var weights: [Float] = []
    var delays: [UInt16] = []

    mutating func append(source: Int, target: Int, weight: Double, delay: Int) {
        sources.append(UInt32(source))
        targets.append(UInt32(target))
        weights.append(Float(weight))
        delays.append(UInt16(delay))
    }
}
