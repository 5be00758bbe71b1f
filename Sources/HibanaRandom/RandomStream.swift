#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One reproducible random stream, identified by (seed, purpose, family, id). `family` separates
/// independent uses with the same purpose (e.g. the projection or device index); `id` is usually
/// a global neuron id. A value type: copying a stream copies its position.
public struct RandomStream: Sendable {
    @usableFromInline let key: SIMD2<UInt32>
    @usableFromInline let id: UInt64
    @usableFromInline var block: UInt64 = 0
    @usableFromInline var buffer = SIMD4<UInt32>()
    @usableFromInline var used = 4

    public init(seed: UInt64, purpose: StreamPurpose, family: UInt64 = 0, id: UInt64) {
        let k = mix64(mix64(seed ^ (purpose.rawValue << 56)) ^ mix64(family &+ 0x5851_F42D_4C95_7F2D))
        key = SIMD2(UInt32(truncatingIfNeeded: k), UInt32(truncatingIfNeeded: k >> 32))
        self.id = id
    }

    /// 32 random bits.
    @inlinable
    public mutating func next32() -> UInt32 {
        if used == 4 {
            let counter = SIMD4<UInt32>(
                UInt32(truncatingIfNeeded: block), UInt32(truncatingIfNeeded: block >> 32),
                UInt32(truncatingIfNeeded: id), UInt32(truncatingIfNeeded: id >> 32))
            buffer = philox4x32Scalar(counter, key: key)
            block &+= 1
            used = 0
        }
        defer { used += 1 }
        return buffer[used]
    }

    /// 64 random bits.
    @inlinable
    public mutating func next64() -> UInt64 {
        UInt64(next32()) << 32 | UInt64(next32())
    }

    /// Uniform on [0, 1) with 53 random bits.
    @inlinable
    public mutating func uniform() -> Double {
        Double(next64() >> 11) * 0x1.0p-53
    }

    /// Uniform on (0, 1]: safe to take the logarithm of.
    @inlinable
    public mutating func uniformPositive() -> Double {
        Double((next64() >> 11) + 1) * 0x1.0p-53
    }

    /// Uniform integer in 0..<bound without modulo bias (Lemire's method).
    @inlinable
    public mutating func integer(below bound: Int) -> Int {
        precondition(bound > 0)
        let b = UInt64(bound)
        var m = next64().multipliedFullWidth(by: b)
        if m.low < b {
            let threshold = (0 &- b) % b
            while m.low < threshold { m = next64().multipliedFullWidth(by: b) }
        }
        return Int(m.high)
    }

    /// Standard normal deviate (Marsaglia's polar method; the spare is dropped so that every
    /// draw consumes whole uniforms and streams stay simple to reason about).
    @inlinable
    public mutating func normal() -> Double {
        while true {
            let u = 2 * uniform() - 1
            let v = 2 * uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 { return u * (-2 * _log(s) / s).squareRoot() }
        }
    }
}

@usableFromInline func _log(_ x: Double) -> Double { log(x) }
