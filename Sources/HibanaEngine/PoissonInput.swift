import HibanaBuild
import HibanaRandom

/// The spikes one `poisson_generator` sends to the targets one thread owns, drawn for all targets
/// in lockstep. The count for a target in step k is the Poisson inversion of one 53-bit uniform
/// taken from Philox block ⌊k / 2⌋ of the target's stream (key from seed, purpose and projection;
/// counter (block, gid)): the first 64 bits for even k, the last 64 for odd k. So the input
/// depends only on (seed, projection, target, step), not on the thread count or on where a run
/// was split, and eight targets share one SIMD Philox evaluation. For means below
/// `PoissonSampler.inversionLimit` (rates below 100 kHz at 0.1 ms), which take one uniform each.
final class PoissonInput {
    let active: Range<Int>
    let sampler: PoissonSampler
    let count: Int
    // Padded to a multiple of 8 lanes; padding lanes draw but are never read.
    private var key0: [UInt32], key1: [UInt32], id0: [UInt32], id1: [UInt32]
    /// The 64 bits of the current step per target, and the odd step's bits of the last block.
    private var bits: [UInt64], spare: [UInt64]
    private var spareBlock = -1

    init(active: Range<Int>, mean: Double, streams: [RandomStream]) {
        self.active = active
        sampler = PoissonSampler(mean: mean)
        count = streams.count
        let padded = (streams.count + 7) / 8 * 8
        func lanes(_ f: (RandomStream) -> UInt32) -> [UInt32] {
            streams.map(f) + Array(repeating: 0, count: padded - streams.count)
        }
        key0 = lanes { $0.philoxKey[0] }
        key1 = lanes { $0.philoxKey[1] }
        id0 = lanes { UInt32(truncatingIfNeeded: $0.streamID) }
        id1 = lanes { UInt32(truncatingIfNeeded: $0.streamID >> 32) }
        bits = Array(repeating: 0, count: padded)
        spare = Array(repeating: 0, count: padded)
    }

    /// Adds step k's spikes to the ring, at k + delay of each connection.
    func emit(step k: Int, links: DeviceLinks, ring: InputRing) {
        let block = k >> 1
        if k & 1 == 1 && spareBlock == block {
            swap(&bits, &spare)
        } else {
            fill(block: block, odd: k & 1 == 1)
        }
        spareBlock = k & 1 == 0 ? block : -1
        let table = sampler.inversionTable, guide = sampler.inversionGuide
        bits.withUnsafeBufferPointer { bits in
            table.withUnsafeBufferPointer { cdf in guide.withUnsafeBufferPointer { guide in
                links.targets.withUnsafeBufferPointer { targets in
                    links.weights.withUnsafeBufferPointer { weights in
                        links.delays.withUnsafeBufferPointer { delays in
                            // Device delays are usually all equal: find the ring slot once per delay.
                            var delay = -1
                            var ex = ring.excitatory, inh = ring.inhibitory
                            for j in 0..<count {
                                // PoissonSampler.inversion, on the tables borrowed once per step.
                                let n = PoissonSampler.inversion(Double(bits[j] >> 11) * 0x1.0p-53, cdf: cdf, guide: guide)
                                if delays[j] != delay {
                                    delay = delays[j]
                                    let slot = ring.slot(k + delay)
                                    ex = ring.excitatory + slot
                                    inh = ring.inhibitory + slot
                                }
                                // n = 0 adds a zero of the weight's sign: no change, and no
                                // branch on a draw (sequential writes cost less than mispredictions).
                                let w = Double(n) * weights[j]
                                if weights[j] >= 0 { ex[Int(targets[j])] += w } else { inh[Int(targets[j])] += w }
                            }
                        }
                    }
                }
            }}
        }
    }

    /// Draws block `block` for every target: the half for this step into `bits`, the other into `spare`.
    private func fill(block: Int, odd: Bool) {
        let c0 = SIMD8<UInt32>(repeating: UInt32(truncatingIfNeeded: block))
        let c1 = SIMD8<UInt32>(repeating: UInt32(truncatingIfNeeded: block >> 32))
        key0.withUnsafeBytes { k0 in key1.withUnsafeBytes { k1 in id0.withUnsafeBytes { i0 in id1.withUnsafeBytes { i1 in
            bits.withUnsafeMutableBytes { now in spare.withUnsafeMutableBytes { later in
                for g in 0..<(k0.count / 32) {
                    let x = philox4x32Lanes(
                        c0, c1, i0.loadUnaligned(fromByteOffset: g * 32, as: SIMD8<UInt32>.self),
                        i1.loadUnaligned(fromByteOffset: g * 32, as: SIMD8<UInt32>.self),
                        key0: k0.loadUnaligned(fromByteOffset: g * 32, as: SIMD8<UInt32>.self),
                        key1: k1.loadUnaligned(fromByteOffset: g * 32, as: SIMD8<UInt32>.self))
                    let first = SIMD8<UInt64>(truncatingIfNeeded: x.0) &<< 32 | SIMD8<UInt64>(truncatingIfNeeded: x.1)
                    let second = SIMD8<UInt64>(truncatingIfNeeded: x.2) &<< 32 | SIMD8<UInt64>(truncatingIfNeeded: x.3)
                    now.storeBytes(of: odd ? second : first, toByteOffset: g * 64, as: SIMD8<UInt64>.self)
                    later.storeBytes(of: second, toByteOffset: g * 64, as: SIMD8<UInt64>.self)
                }
            }}
        }}}}
    }
}
