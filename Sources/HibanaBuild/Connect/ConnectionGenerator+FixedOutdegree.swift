import HibanaRandom

extension ConnectionGenerator {
    /// `fixed_outdegree`: each source draws `k` targets from its own stream (independently with
    /// multapses, a uniform k-subset without). A target's sources depend on every source's
    /// choices, so every caller replays all sources and keeps the owned targets: O(sources · k)
    /// random integers per caller, as in NEST, where every thread replays the rank-synchronised
    /// generator. Connections come source by source; each owned target keeps its own weight
    /// stream, so it receives its sources in increasing order with the same weights for any split.
    func generateFixedOutdegree(_ k: Int, _ owned: Range<Int>, _ body: Body) {
        guard k > 0 else { return }
        let candidates = targetCount - (excludesAutapses ? 1 : 0)
        let first = owned.lowerBound
        let ownedCount = UInt(owned.count)
        var weights = owned.map { weightStream(target: $0) }
        var sampler = spec.allowMultapses ? nil : DistinctSampler(domain: candidates, maxCount: k)
        weights.withUnsafeMutableBufferPointer { weights in
            for s in 0..<sourceCount {
                var choices = connectionStream(gid: sourceGid0 + s)
                let skipped = skip(s)
                // A draw v becomes target t; kept when first ≤ t < first + count (one unsigned compare).
                func deliver(_ v: Int) {
                    let t = v >= skipped ? v + 1 : v
                    let local = t &- first
                    if UInt(bitPattern: local) < ownedCount { body(s, t, &weights[local]) }
                }
                if sampler != nil {
                    sampler!.draw(k, from: candidates, stream: &choices, deliver)
                } else {
                    for _ in 0..<k { deliver(choices.index(below: candidates)) }
                }
            }
        }
    }
}
