import HibanaRandom

extension ConnectionGenerator {
    /// `fixed_total_number` (with multapses, the only form NEST supports): the N connections
    /// are spread over the targets by a multinomial with equal probabilities, drawn as sequential
    /// conditional binomials nₜ ~ B(N − n₀ − … − nₜ₋₁, 1/(M − t)) from one stream that every
    /// caller replays up to its last owned target (O(M) binomial draws, each O(1)); each owned
    /// target then draws its nₜ sources uniformly from its own stream. Every (source, target) pair
    /// allowed is equally likely for each connection, as in NEST, whose per-process split is the
    /// same multinomial.
    func generateFixedTotalNumber(_ total: Int, _ owned: Range<Int>, _ body: Body) {
        var split = RandomStream(seed: seed, purpose: .totalNumber, family: UInt64(projectionIndex), id: 0)
        let candidates = sourceCount - (excludesAutapses ? 1 : 0)
        var remaining = total
        for t in 0..<owned.upperBound {
            guard remaining > 0 else { return }
            // At t = M − 1 the probability is exactly 1 and the last target takes the rest.
            let count = split.binomial(n: remaining, p: 1 / Double(targetCount - t))
            remaining -= count
            guard t >= owned.lowerBound, count > 0 else { continue }
            var choices = connectionStream(gid: targetGid0 + t)
            var weights = weightStream(target: t)
            let skipped = skip(t)
            for _ in 0..<count {
                let v = choices.index(below: candidates)
                body(v >= skipped ? v + 1 : v, t, &weights)
            }
        }
    }
}
