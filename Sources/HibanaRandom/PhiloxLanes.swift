/// Philox-4x32-10 on eight counters at once, one per SIMD lane, each lane with its own key: the
/// same function as `philox4x32` lane by lane. For drawing many streams in lockstep (Poisson
/// input to every target in every step), where the scalar form costs most of a step.
@inlinable
public func philox4x32Lanes(
    _ c0: SIMD8<UInt32>, _ c1: SIMD8<UInt32>, _ c2: SIMD8<UInt32>, _ c3: SIMD8<UInt32>,
    key0: SIMD8<UInt32>, key1: SIMD8<UInt32>
) -> (SIMD8<UInt32>, SIMD8<UInt32>, SIMD8<UInt32>, SIMD8<UInt32>) {
    var (x0, x1, x2, x3) = (c0, c1, c2, c3)
    var (k0, k1) = (key0, key1)
    for _ in 0..<10 {
        let p0 = SIMD8<UInt64>(truncatingIfNeeded: x0) &* 0xD251_1F53
        let p1 = SIMD8<UInt64>(truncatingIfNeeded: x2) &* 0xCD9E_8D57
        let h0 = SIMD8<UInt32>(truncatingIfNeeded: p0 &>> 32)
        let h1 = SIMD8<UInt32>(truncatingIfNeeded: p1 &>> 32)
        (x0, x1, x2, x3) = (h1 ^ x1 ^ k0, SIMD8<UInt32>(truncatingIfNeeded: p1), h0 ^ x3 ^ k1, SIMD8<UInt32>(truncatingIfNeeded: p0))
        k0 &+= 0x9E37_79B9
        k1 &+= 0xBB67_AE85
    }
    return (x0, x1, x2, x3)
}

extension RandomStream {
    /// The stream's Philox key (from seed, purpose and family) and id: with them, a caller can
    /// draw the stream's blocks itself, for many streams at once (`philox4x32Lanes`).
    public var philoxKey: SIMD2<UInt32> { key }
    public var streamID: UInt64 { id }
}
