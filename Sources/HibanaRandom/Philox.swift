/// Philox4x32-10 (Salmon et al. 2011, "Parallel random numbers: as easy as 1, 2, 3"): a
/// counter-based generator. The same (key, counter) always gives the same 128 random bits, so a
/// stream keyed by seed, purpose and neuron id is the same on any thread, rank or GPU.
@inlinable
func philox4x32(_ c: SIMD4<UInt32>, key: SIMD2<UInt32>) -> SIMD4<UInt32> {
    var x = c
    var k = key
    for _ in 0..<10 {
        let p0 = UInt64(0xD251_1F53) &* UInt64(x[0])
        let p1 = UInt64(0xCD9E_8D57) &* UInt64(x[2])
        x = SIMD4(
            UInt32(truncatingIfNeeded: p1 >> 32) ^ x[1] ^ k[0], UInt32(truncatingIfNeeded: p1),
            UInt32(truncatingIfNeeded: p0 >> 32) ^ x[3] ^ k[1], UInt32(truncatingIfNeeded: p0))
        k &+= SIMD2(0x9E37_79B9, 0xBB67_AE85)
    }
    return x
}

/// SplitMix64 finaliser: spreads seed and purpose bits over the whole key.
@inlinable
func mix64(_ value: UInt64) -> UInt64 {
    var z = value &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}
