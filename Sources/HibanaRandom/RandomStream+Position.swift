/// The whole state of a stream as 32-bit words, for backends that continue the same stream
/// elsewhere (the GPU backend's Philox in CUDA C draws exactly the numbers this stream would).
extension RandomStream {
    /// key0, key1, id low, id high, block low, block high, used, buffer[0…3], 0 — the layout of
    /// the CUDA `hb_stream` struct, which buffers one block where this stream buffers eight: the
    /// block in use is handed over with the position within it.
    public var stateWords: [UInt32] {
        guard used < 32 else {
            return [key[0], key[1], UInt32(truncatingIfNeeded: id), UInt32(truncatingIfNeeded: id >> 32),
                    UInt32(truncatingIfNeeded: block), UInt32(truncatingIfNeeded: block >> 32), 4, 0, 0, 0, 0, 0]
        }
        let current = used >> 2
        let next = block - 8 + UInt64(current) + 1
        return [key[0], key[1], UInt32(truncatingIfNeeded: id), UInt32(truncatingIfNeeded: id >> 32),
                UInt32(truncatingIfNeeded: next), UInt32(truncatingIfNeeded: next >> 32), UInt32(used & 3),
                buffer[current], buffer[8 + current], buffer[16 + current], buffer[24 + current], 0]
    }
}

/// A stream's position as one number, for checkpoints: the same stream (seed, purpose, family,
/// id) moved to a saved position continues with exactly the words it would have drawn.
extension RandomStream {
    /// 32-bit words drawn so far.
    public var wordsDrawn: UInt64 { block &* 4 &- UInt64(32 - used) }

    /// Moves the stream to the position where `words` 32-bit words have been drawn.
    public mutating func seek(wordsDrawn words: UInt64) {
        block = words / 32 * 8
        used = 32
        let within = Int(words % 32)
        if within > 0 {
            _ = next32()
            used = within
        }
    }
}
