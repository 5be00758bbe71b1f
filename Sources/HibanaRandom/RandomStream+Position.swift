/// The whole state of a stream as 32-bit words, for backends that continue the same stream
/// elsewhere (the GPU backend's Philox in CUDA C draws exactly the numbers this stream would).
extension RandomStream {
    /// key0, key1, id low, id high, block low, block high, used, buffer[0…3], 0 — the layout of
    /// the CUDA `hb_stream` struct.
    public var stateWords: [UInt32] {
        [key[0], key[1], UInt32(truncatingIfNeeded: id), UInt32(truncatingIfNeeded: id >> 32),
         UInt32(truncatingIfNeeded: block), UInt32(truncatingIfNeeded: block >> 32), UInt32(used),
         buffer[0], buffer[1], buffer[2], buffer[3], 0]
    }
}

/// A stream's position as one number, for checkpoints: the same stream (seed, purpose, family,
/// id) moved to a saved position continues with exactly the words it would have drawn.
extension RandomStream {
    /// 32-bit words drawn so far.
    public var wordsDrawn: UInt64 { block &* 4 &- UInt64(4 - used) }

    /// Moves the stream to the position where `words` 32-bit words have been drawn.
    public mutating func seek(wordsDrawn words: UInt64) {
        block = words / 4
        used = 4
        let within = Int(words % 4)
        if within > 0 {
            _ = next32()
            used = within
        }
    }
}
