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
