import HibanaRandom

extension ConnectionGenerator {
    /// `all_to_all`: every source onto every target (without (i, i) when autapses are excluded);
    /// sources in increasing order.
    func generateAllToAll(_ owned: Range<Int>, _ body: Body) {
        for t in owned {
            var weights = weightStream(target: t)
            let skipped = skip(t)
            for s in 0..<sourceCount where s != skipped { body(s, t, &weights) }
        }
    }

    /// `one_to_one`: source i onto target i. With autapses excluded on a population onto itself
    /// every pair is an autapse, and NEST makes no connection: neither does this.
    func generateOneToOne(_ owned: Range<Int>, _ body: Body) {
        guard !excludesAutapses else { return }
        for t in owned {
            var weights = weightStream(target: t)
            body(t, t, &weights)
        }
    }
}
