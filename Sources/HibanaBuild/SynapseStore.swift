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

    /// Sorts each bucket of the filler (256 sources, placed in generation order) by (source,
    /// delay), stably, so each (source, delay) run keeps generation order, and builds the runs.
    /// Two levels: the bucket is scattered by source into scratch space (256 destinations, so the
    /// writes stream), then each source's synapses — a few thousand, in cache — are sorted by
    /// delay back into place. Scratch space is one bucket's.
    /// Takes the filler's arrays (no copy) and leaves it empty.
    init(filled f: inout SynapseFiller) {
        var targets: [UInt32] = [], weights: [Float] = [], delays: [UInt16] = [], locals: [UInt8] = []
        swap(&targets, &f.targets)
        swap(&weights, &f.weights)
        swap(&delays, &f.delays)
        swap(&locals, &f.localSources)
        let sourceCount = f.segmentStart.count - 1
        var runStart = [UInt32](repeating: 0, count: sourceCount + 1)
        var runDelay: [UInt16] = []
        var runEnd: [UInt32] = []
        var maxDelay = 0, minDelay = Int.max
        var delayCounts: [Int] = []
        var largestBucket = 0
        for first in stride(from: 0, to: sourceCount, by: SynapseFiller.bucketSize) {
            let last = Swift.min(first + SynapseFiller.bucketSize, sourceCount)
            largestBucket = Swift.max(largestBucket, f.segmentStart[last] - f.segmentStart[first])
        }
        let scratchTargets = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: largestBucket)
        let scratchWeights = UnsafeMutableBufferPointer<Float>.allocate(capacity: largestBucket)
        let scratchDelays = UnsafeMutableBufferPointer<UInt16>.allocate(capacity: largestBucket)
        defer {
            scratchTargets.deallocate()
            scratchWeights.deallocate()
            scratchDelays.deallocate()
        }
        targets.withUnsafeMutableBufferPointer { targets in
            weights.withUnsafeMutableBufferPointer { weights in
                for first in stride(from: 0, to: sourceCount, by: SynapseFiller.bucketSize) {
                    let last = Swift.min(first + SynapseFiller.bucketSize, sourceCount)
                    let a = f.segmentStart[first], b = f.segmentStart[last]
                    guard a < b else {
                        for s in first..<last { runStart[s] = UInt32(runDelay.count) }
                        continue
                    }
                    var lo = Int(delays[a]), hi = lo
                    for i in a..<b { lo = Swift.min(lo, Int(delays[i])); hi = Swift.max(hi, Int(delays[i])) }
                    minDelay = Swift.min(minDelay, lo)
                    maxDelay = Swift.max(maxDelay, hi)
                    // Level 1: scatter by source; f.segmentStart gives each source's place.
                    var cursor = f.segmentStart[first..<last].map { $0 - a }
                    for i in a..<b {
                        let j = cursor[Int(locals[i])]
                        cursor[Int(locals[i])] = j + 1
                        scratchTargets[j] = targets[i]
                        scratchWeights[j] = weights[i]
                        scratchDelays[j] = delays[i]
                    }
                    // Level 2: each source's synapses by delay, back into the store.
                    let span = hi - lo + 1
                    for s in first..<last {
                        runStart[s] = UInt32(runDelay.count)
                        let from = f.segmentStart[s] - a, to = f.segmentStart[s + 1] - a
                        delayCounts.removeAll(keepingCapacity: true)
                        delayCounts.append(contentsOf: repeatElement(0, count: span + 1))
                        for j in from..<to { delayCounts[Int(scratchDelays[j]) - lo + 1] += 1 }
                        delayCounts[0] = a + from
                        for d in 0..<span {
                            if delayCounts[d + 1] > 0 {
                                runDelay.append(UInt16(lo + d))
                                runEnd.append(UInt32(delayCounts[d] + delayCounts[d + 1]))
                            }
                            delayCounts[d + 1] += delayCounts[d]
                        }
                        for j in from..<to {
                            let d = Int(scratchDelays[j]) - lo
                            let i = delayCounts[d]
                            delayCounts[d] = i + 1
                            targets[i] = scratchTargets[j]
                            weights[i] = scratchWeights[j]
                        }
                    }
                }
            }
        }
        runStart[sourceCount] = UInt32(runDelay.count)
        self.runStart = runStart
        self.runDelay = runDelay
        self.runEnd = runEnd
        self.targets = targets
        self.weights = weights
        self.maxDelay = maxDelay
        self.minDelay = minDelay == Int.max ? 0 : minDelay
    }
}

/// Synapses as they are generated. The generation runs twice (the connection rules are
/// deterministic functions of their streams): first counting synapses per source, then filling.
/// The fill appends each synapse to its bucket of 256 sources, whose place in the final arrays is
/// known from the counts; the store then sorts each bucket. So the build needs 11 bytes per
/// synapse (target, weight, delay, source within the bucket) and writes to a few hundred
/// sequential streams, not to a random place per synapse (a cache miss each at 10^8 synapses).
struct SynapseFiller {
    static let bucketSize = 256
    /// Source s's synapses end up in `segmentStart[s] ..< segmentStart[s + 1]`.
    let segmentStart: [Int]
    private var cursor: [Int]
    private var bucketEnd: [Int]
    var targets: [UInt32]
    var weights: [Float]
    var delays: [UInt16]
    var localSources: [UInt8]

    /// `perSource[s]`: the number of synapses source s will receive `place` calls for.
    init(perSource: [Int]) {
        var start = [Int](repeating: 0, count: perSource.count + 1)
        for s in perSource.indices { start[s + 1] = start[s] + perSource[s] }
        let n = start[perSource.count]
        precondition(n < Int(UInt32.max), "more than 2^32 synapses on one thread")
        segmentStart = start
        let buckets = stride(from: 0, to: perSource.count, by: Self.bucketSize)
        cursor = buckets.map { start[$0] }
        bucketEnd = buckets.map { start[Swift.min($0 + Self.bucketSize, perSource.count)] }
        targets = [UInt32](repeating: 0, count: n)
        weights = [Float](repeating: 0, count: n)
        delays = [UInt16](repeating: 0, count: n)
        localSources = [UInt8](repeating: 0, count: n)
    }

    /// Runs `body` with a writer that places synapses through raw pointers: one uniqueness
    /// check per call here, none per synapse.
    mutating func fill(_ body: (inout Writer) -> Void) {
        cursor.withUnsafeMutableBufferPointer { cursor in
            targets.withUnsafeMutableBufferPointer { targets in
                weights.withUnsafeMutableBufferPointer { weights in
                    delays.withUnsafeMutableBufferPointer { delays in
                        localSources.withUnsafeMutableBufferPointer { locals in
                            bucketEnd.withUnsafeBufferPointer { bucketEnd in
                                var writer = Writer(
                                    cursor: cursor, bucketEnd: bucketEnd, targets: targets, weights: weights,
                                    delays: delays, localSources: locals)
                                body(&writer)
                            }
                        }
                    }
                }
            }
        }
    }

    /// The filler's arrays, valid inside `fill`.
    struct Writer {
        let cursor: UnsafeMutableBufferPointer<Int>
        let bucketEnd: UnsafeBufferPointer<Int>
        let targets: UnsafeMutableBufferPointer<UInt32>
        let weights: UnsafeMutableBufferPointer<Float>
        let delays: UnsafeMutableBufferPointer<UInt16>
        let localSources: UnsafeMutableBufferPointer<UInt8>

        func place(source: Int, target: Int, weight: Double, delay: Int) {
            let bucket = source / SynapseFiller.bucketSize
            let i = cursor[bucket]
            precondition(i < bucketEnd[bucket], "the second generation pass made more synapses than the first")
            cursor[bucket] = i + 1
            targets[i] = UInt32(target)
            weights[i] = Float(weight)
            delays[i] = UInt16(delay)
            localSources[i] = UInt8(truncatingIfNeeded: source)
        }
    }
}
