/// The same function as `philox4x32`, written on four scalar words: the compiler keeps them
/// in registers, where the SIMD4 form extracts and inserts lanes in every round.
@inlinable
func philox4x32Scalar(_ c: SIMD4<UInt32>, key: SIMD2<UInt32>) -> SIMD4<UInt32> {
    var (x0, x1, x2, x3) = (c[0], c[1], c[2], c[3])
    var (k0, k1) = (key[0], key[1])
    for _ in 0..<10 {
        let p0 = UInt64(0xD251_1F53) &* UInt64(x0)
        let p1 = UInt64(0xCD9E_8D57) &* UInt64(x2)
        let h0 = UInt32(truncatingIfNeeded: p0 >> 32)
        let h1 = UInt32(truncatingIfNeeded: p1 >> 32)
        (x0, x1, x2, x3) = (h1 ^ x1 ^ k0, UInt32(truncatingIfNeeded: p1), h0 ^ x3 ^ k1, UInt32(truncatingIfNeeded: p0))
        k0 &+= 0x9E37_79B9
        k1 &+= 0xBB67_AE85
    }
    return SIMD4(x0, x1, x2, x3)
}
