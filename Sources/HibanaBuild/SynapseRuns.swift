/// Plastic synapses ordered by (source, delay) into runs of one source and one delay, the layout
/// of `SynapseStore`. Two stable counting sorts keep each target's synapses in generation order,
/// so the order does not depend on the thread count. (Static synapses, far more numerous, are
/// placed by the bucketed two-pass `SynapseFiller` instead, which needs less memory.)
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

