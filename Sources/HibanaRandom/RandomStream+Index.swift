extension RandomStream {
    /// Uniform integer in 0..<bound, exactly (no modulo bias), from a single 32-bit draw when
    /// bound ≤ 2³² (D. Lemire 2019, "Fast random integer generation in an interval", ACM TOMACS
    /// 29:3): half the random bits of `integer(below:)`, which always takes 64. For indices into
    /// populations, e.g. the sources of `fixed_indegree`. Larger bounds use `integer(below:)`.
    @inlinable
    public mutating func index(below bound: Int) -> Int {
        precondition(bound > 0)
        guard bound <= 1 << 32 else { return integer(below: bound) }
        let b = UInt64(bound)
        var m = UInt64(next32()) &* b
        if UInt32(truncatingIfNeeded: m) < UInt32(truncatingIfNeeded: b) {
            // Reject the 2³² mod b lowest products, which would favour small results.
            let threshold = UInt32(truncatingIfNeeded: (1 << 32 - b) % b)
            while UInt32(truncatingIfNeeded: m) < threshold { m = UInt64(next32()) &* b }
        }
        return Int(m >> 32)
    }
}
