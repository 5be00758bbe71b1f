import HibanaBenchC

/// The machine's memory bandwidth, measured with the STREAM copy and triad kernels (C, -O3) on
/// arrays far larger than the caches, each thread on its own contiguous part.
public struct MemoryBandwidth: Sendable {
    public let threads: Int
    /// Bytes per second, counting 16 bytes per element for copy and 24 for triad (STREAM's convention).
    public let copy: Double
    public let triad: Double

    public static func measure(threads: Int, elements: Int = 1 << 24, repetitions: Int = 5) -> MemoryBandwidth {
        let a = UnsafeMutablePointer<Double>.allocate(capacity: elements)
        let b = UnsafeMutablePointer<Double>.allocate(capacity: elements)
        let c = UnsafeMutablePointer<Double>.allocate(capacity: elements)
        defer { a.deallocate(); b.deallocate(); c.deallocate() }
        let buffers = Buffers(a: a, b: b, c: c)
        let part = elements / threads
        // First touch by the thread that later streams the part (page placement).
        inParallel(threads) { t in
            let lo = t * part
            for i in lo..<lo + part {
                buffers.a[i] = 1
                buffers.b[i] = 2
                buffers.c[i] = 0.5
            }
        }
        var copyTimes: [Double] = []
        var triadTimes: [Double] = []
        for _ in 0..<repetitions {
            copyTimes.append(seconds {
                inParallel(threads) { t in hibana_stream_copy(buffers.a + t * part, buffers.b + t * part, part) }
            })
            triadTimes.append(seconds {
                inParallel(threads) { t in
                    hibana_stream_triad(buffers.a + t * part, buffers.b + t * part, buffers.c + t * part, 3, part)
                }
            })
        }
        let n = Double(part * threads)
        return MemoryBandwidth(threads: threads, copy: 16 * n / median(copyTimes), triad: 24 * n / median(triadTimes))
    }
}

/// The three arrays, shared by the threads that each stream their own part.
private struct Buffers: @unchecked Sendable {
    let a: UnsafeMutablePointer<Double>
    let b: UnsafeMutablePointer<Double>
    let c: UnsafeMutablePointer<Double>
}
