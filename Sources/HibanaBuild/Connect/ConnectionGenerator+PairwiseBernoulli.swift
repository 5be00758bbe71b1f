#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HibanaRandom

extension ConnectionGenerator {
    /// `pairwise_bernoulli`: each (source, target) pair independently with probability p. Per
    /// target, the gaps between successive chosen sources are geometric, G = ⌊ln U / ln(1 − p)⌋
    /// with U uniform on (0, 1] (P(G ≥ g) = (1 − p)^g), so the cost is one uniform and one log
    /// per connection instead of one uniform per pair. An excluded autapse is a success that is
    /// dropped: the other pairs' trials are independent of it. Sources in increasing order.
    func generatePairwiseBernoulli(_ p: Double, _ owned: Range<Int>, _ body: Body) {
        guard p > 0 else { return }
        if p == 1 { return generateAllToAll(owned, body) }
        let inverseLogQ = 1 / log1p(-p)
        let end = Double(sourceCount)
        for t in owned {
            var choices = connectionStream(gid: targetGid0 + t)
            var weights = weightStream(target: t)
            let skipped = skip(t)
            var next = 0.0  // first candidate not yet decided
            while true {
                next += (log(choices.uniformPositive()) * inverseLogQ).rounded(.down)
                // Compared as a Double: a gap can exceed Int's range when p is tiny.
                guard next < end else { break }
                let s = Int(next)
                if s != skipped { body(s, t, &weights) }
                next += 1
            }
        }
    }
}
