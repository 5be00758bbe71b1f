import HibanaRandom

extension ConnectionGenerator {
    /// `fixed_indegree`: each target draws `k` sources from its own stream — independently and
    /// uniformly with multapses, as a uniform k-subset (Floyd's algorithm) without.
    func generateFixedIndegree(_ k: Int, _ owned: Range<Int>, _ body: Body) {
        guard k > 0 else { return }
        let candidates = sourceCount - (excludesAutapses ? 1 : 0)
        if spec.allowMultapses {
            for t in owned {
                var choices = connectionStream(gid: targetGid0 + t)
                var weights = weightStream(target: t)
                let skipped = skip(t)
                for _ in 0..<k {
                    let v = choices.index(below: candidates)
                    body(v >= skipped ? v + 1 : v, t, &weights)
                }
            }
        } else {
            var sampler = DistinctSampler(domain: candidates, maxCount: k)
            for t in owned {
                var choices = connectionStream(gid: targetGid0 + t)
                var weights = weightStream(target: t)
                let skipped = skip(t)
                sampler.draw(k, from: candidates, stream: &choices) { v in
                    body(v >= skipped ? v + 1 : v, t, &weights)
                }
            }
        }
    }
}
