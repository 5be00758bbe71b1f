import HibanaCUDA
import HibanaEngine
import HibanaModels

/// Checkpoints of a GPU run: its whole dynamic state between two batches, so that a run saved at
/// T1 and continued for T2 gives after T1 the same spikes and weights as one run of T1 + T2. The
/// header is the CPU's (`CheckpointHeader`, with a `backend: cuda` row in the fingerprint: a CPU
/// checkpoint is refused here by name, and a GPU one by the CPU engine); the body is the GPU's own
/// layout, every number 8 bytes (a float run's reals too, exactly):
///
///     step · spikes so far · delivered static synapses · plastic updates' bytes · cycles · log entries
///       read · last cycle's start
///     pending cycle start · pending spikes (lag << 32 | gid) · the spike log's counters ·
///       its entries the next delivery reads (first index, then the entries)
///     per population: every state array · input rings (excitatory, inhibitory, current if any) ·
///     per device link: its stream's counter words, its held value ·
///     with plastic synapses: the postsynaptic history (counts, stamps, K⁻) · per plastic
///       projection: weights, synapse state, source state, last spikes, the dopamine trace
///       (count of entries, stamps, n), the teachers' history
///
/// Recordings are not state: after loading, recorders hold what the continued run records.
extension CUDASimulation: Checkpointable {
    /// The fingerprint: the CPU's for the same build, the backend, a float run's precision, and
    /// with plastic synapses the length of the GPU's spike histories (their arrays' size).
    public var fingerprint: [(key: String, value: String)] {
        Simulation.fingerprint(of: network, threads: network.shards.count) + [("backend", "cuda")]
            + (precision == .double ? [] : [("precision", precision.rawValue)])
            + (plastic == nil ? [] : [("GPU spike history", "\(historyLength) spikes")])
    }

    /// The state now, as the bytes of a checkpoint.
    public func checkpoint() throws -> [UInt8] {
        var w = CheckpointWriter()
        CheckpointHeader.write(fingerprint: fingerprint, to: &w)
        for x in [stepIndex, spikeCount, deliveredSynapses, plasticBytes, cycleCount, Int(logged), lastCycleStart, pendingStart] { w.int(x) }
        w.ints(pendingKeys.map { Int(Int64(bitPattern: $0)) })
        let counters = try buffers.counters.download()
        w.ints(counters.map { Int(Int64(bitPattern: $0)) })
        let first = counters[1 + Int(UInt64(cycleCount) & 1)]
        w.int(Int(first))
        w.ints(try logEntries(from: first, count: Int(counters[0] - first)).map { Int(Int64(bitPattern: $0)) })
        for array in buffers.state.joined() {
            if case let .int32(b) = array { w.ints(try b.download()) } else { w.doubles(try array.reals()!) }
        }
        for ring in [buffers.ringEx, buffers.ringIn, buffers.ringCur].compactMap({ $0 }) { w.doubles(try ring.reals()!) }
        w.ints(try buffers.streams.download())
        w.doubles(try buffers.held.download())
        if let plastic {
            try write(plastic.history, to: &w)
            for p in plastic.projections {
                w.doubles(try p.weights.download())
                w.doubles(try p.synapseState?.download() ?? [])
                w.doubles(try p.sourceState.download())
                w.ints(try p.lastStamp.download())
                if let m = p.modulator {
                    w.ints(try m.count.download() + m.stamps.download())
                    w.doubles(try m.n.download())
                }
                if let teacher = p.teacher { try write(teacher, to: &w) }
            }
        }
        return w.bytes
    }

    /// Sets the state to a checkpoint's; the next `run` continues from its step. Nothing is
    /// changed unless the whole checkpoint reads back and fits this network.
    public func restore(checkpoint bytes: [UInt8]) throws {
        var r = try CheckpointHeader.read(bytes, here: fingerprint)
        var apply: [() throws -> Void] = []
        let host = try (0..<8).map { _ throws(CheckpointError) in try r.int() }
        let keys = try (0..<r.count()).map { _ throws(CheckpointError) in try r.u64() }
        let counters = try r.ints(expected: 6, "the spike log's counters").map { UInt64(bitPattern: Int64($0)) }
        let first = UInt64(bitPattern: Int64(try r.int()))
        let entries = try (0..<r.count()).map { _ throws(CheckpointError) in try r.u64() }
        guard first <= counters[0], counters[0] - first == UInt64(entries.count), entries.count <= buffers.log.count else {
            throw CheckpointError.corrupt("the spike log's entries do not fit its counters")
        }
        apply.append { [buffers] in
            try buffers.counters.upload(counters)
            // At their places in the ring: up to its end, then from its start.
            let start = Int(first % UInt64(buffers.log.count)), head = Swift.min(entries.count, buffers.log.count - start)
            try buffers.log.upload(Array(entries[..<head]), at: start)
            try buffers.log.upload(Array(entries[head...]), at: 0)
        }
        for (p, arrays) in buffers.state.enumerated() {
            for (k, array) in arrays.enumerated() {
                let what = "population \(p) state \(k)"
                if case let .int32(b) = array {
                    let values = try int32s(&r, expected: b.count, what)
                    apply.append { try b.upload(values) }
                } else {
                    let values = try r.doubles(expected: array.count, what)
                    apply.append { try array.upload(reals: values) }
                }
            }
        }
        for (ring, what) in [(buffers.ringEx, "excitatory"), (buffers.ringIn, "inhibitory"), (buffers.ringCur, "current")] {
            guard let ring else { continue }
            let values = try r.doubles(expected: ring.count, "\(what) input")
            apply.append { try ring.upload(reals: values) }
        }
        let streams = try r.ints(expected: buffers.streams.count, "device streams")
        guard streams.allSatisfy({ UInt32(exactly: $0) != nil }) else { throw CheckpointError.corrupt("device streams") }
        let held = try r.doubles(expected: buffers.held.count, "device held values")
        apply.append { [buffers] in
            try buffers.streams.upload(streams.map { UInt32($0) })
            try buffers.held.upload(held)
        }
        if let plastic {
            apply.append(try read(into: plastic.history, from: &r, "spike history"))
            for (k, p) in plastic.projections.enumerated() {
                let what = "plastic projection \(k)"
                let weights = try r.doubles(expected: p.weights.count, "\(what) weights")
                let synapseState = try r.doubles(expected: p.synapseState?.count ?? 0, "\(what) synapse state")
                let sourceState = try r.doubles(expected: p.sourceState.count, "\(what) source state")
                let lastStamp = try int32s(&r, expected: p.lastStamp.count, "\(what) last spikes")
                apply.append {
                    try p.weights.upload(weights)
                    if let s = p.synapseState { try s.upload(synapseState) }
                    try p.sourceState.upload(sourceState)
                    try p.lastStamp.upload(lastStamp)
                }
                if let m = p.modulator {
                    let counted = try int32s(&r, expected: 1 + m.stamps.count, "\(what) dopamine stamps")
                    let n = try r.doubles(expected: m.n.count, "\(what) dopamine trace")
                    guard counted[0] >= 1 else { throw CheckpointError.corrupt("\(what) dopamine trace") }
                    apply.append {
                        try m.count.upload([counted[0]])
                        try m.stamps.upload(Array(counted.dropFirst()))
                        try m.n.upload(n)
                    }
                }
                if let teacher = p.teacher { apply.append(try read(into: teacher, from: &r, "\(what) teacher history")) }
            }
        }
        guard r.atEnd else { throw CheckpointError.corrupt("\(bytes.count - r.offset) bytes after the end") }
        for change in apply { try change() }
        (stepIndex, spikeCount, deliveredSynapses, plasticBytes) = (host[0], host[1], host[2], host[3])
        (cycleCount, logged, lastCycleStart, pendingStart) = (host[4], UInt64(host[5]), host[6], host[7])
        pendingKeys = keys
        startStep = stepIndex
        failure = nil
    }

    private func write(_ history: GPUSpikeHistory, to w: inout CheckpointWriter) throws {
        w.ints(try history.count.download())
        w.ints(try history.stamps.download())
        w.doubles(try history.kMinus.download())
    }

    private func read(into history: GPUSpikeHistory, from r: inout CheckpointReader, _ what: String) throws -> () throws -> Void {
        let count = try int32s(&r, expected: history.count.count, "\(what) counts")
        let stamps = try int32s(&r, expected: history.stamps.count, "\(what) stamps")
        let kMinus = try r.doubles(expected: history.kMinus.count, "\(what) K-")
        return {
            try history.count.upload(count)
            try history.stamps.upload(stamps)
            try history.kMinus.upload(kMinus)
        }
    }

    private func int32s(_ r: inout CheckpointReader, expected: Int, _ what: String) throws -> [Int32] {
        let values = try r.ints(expected: expected, what)
        guard values.allSatisfy({ Int32(exactly: $0) != nil }) else { throw CheckpointError.corrupt(what) }
        return values.map { Int32($0) }
    }
}
