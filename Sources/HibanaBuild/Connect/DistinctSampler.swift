import HibanaRandom

/// Draws k distinct values from 0..<n, each k-subset equally likely, in O(k) time and k random
/// integers: R. W. Floyd's algorithm (J. Bentley and R. Floyd 1987, "Programming pearls: a sample
/// of brilliance", CACM 30:754) with a bitmap as the set — one bit per candidate, reset after each
/// draw by clearing only the bits set, so the cost stays O(k) however large n is. Used for
/// `fixed_indegree` and `fixed_outdegree` without multapses. One sampler per thread, reused for
/// every target or source.
struct DistinctSampler {
    private var bits: [UInt64]
    private var picked: [Int]

    /// A sampler for draws from up to `domain` candidates.
    init(domain: Int, maxCount: Int) {
        bits = [UInt64](repeating: 0, count: (domain + 63) / 64)
        picked = [Int](repeating: 0, count: maxCount)
    }

    /// Calls `emit` with k distinct values of 0..<n, in Floyd's order (a fixed function of the
    /// stream).
    mutating func draw(_ k: Int, from n: Int, stream: inout RandomStream, _ emit: (Int) -> Void) {
        precondition(k <= n && (n + 63) / 64 <= bits.count && k <= picked.count)
        bits.withUnsafeMutableBufferPointer { bits in
            picked.withUnsafeMutableBufferPointer { picked in
                // Floyd: for j = n−k … n−1 draw t uniform in 0...j; take t if new, else j (which
                // no earlier step can have taken, since earlier draws were all below j).
                var j = n - k
                for i in 0..<k {
                    let t = stream.index(below: j + 1)
                    let word = t >> 6
                    let mask = UInt64(1) << UInt64(t & 63)
                    let value: Int
                    if bits[word] & mask == 0 {
                        bits[word] |= mask
                        value = t
                    } else {
                        bits[j >> 6] |= UInt64(1) << UInt64(j & 63)
                        value = j
                    }
                    picked[i] = value
                    emit(value)
                    j += 1
                }
                for i in 0..<k { bits[picked[i] >> 6] = 0 }
            }
        }
    }
}
