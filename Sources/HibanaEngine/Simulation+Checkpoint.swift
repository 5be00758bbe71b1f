import HibanaBuild
import HibanaDescription
import HibanaModels
import HibanaRandom

/// Checkpoints: the whole dynamic state of a simulation between two cycles, so that a run saved
/// at T1 and continued for T2 gives, after T1, the same spikes and weights as one run of T1 + T2.
///
/// Format (version 2), every number 8 bytes little-endian (`CheckpointWriter`):
///
///     magic "HBNSTATE" · version · fingerprint hash · fingerprint (count, then key and value strings)
///     step · pending cycle start · spike count · pending spikes
///     per thread: input ring (excitatory, inhibitory, current) · queued spike events per ring
///       slot (count, then the events) · spike-train cursors ·
///       per device: each stream's position, held values · per neuron block: every state buffer ·
///       postsynaptic spike history (per neuron: the four latest stamps,
///       K⁻ after the two latest, the entries) · per plastic store: weights, synapse state, source state,
///       last spike stamps, the rule's own state (dopamine trace), the teachers' spike history
///
/// The fingerprint names what must be the same to load (resolution, seed, threads, every
/// population, device and projection with its parameters); a difference is reported by name.
/// Recordings are not state: after loading, recorders hold what the continued run records.
/// Poisson input needs no state: it is drawn from the step's counter (see `PoissonInput`);
/// generators with means of 10 and more per step and noise generators keep stream positions.
extension Simulation: Checkpointable {
    public static var checkpointVersion: Int { CheckpointHeader.version }

    /// What a checkpoint must match, as (what, value) pairs in a fixed order.
    public var fingerprint: [(key: String, value: String)] { Self.fingerprint(of: network, threads: threads.count) }

    /// The fingerprint of `network` built on `threads` threads (the order of its synapses in memory).
    public static func fingerprint(of network: BuiltNetwork, threads: Int) -> [(key: String, value: String)] {
        let spec = network.spec
        func hash(_ text: String) -> String { String(fnv1a(Array(text.utf8)), radix: 16) }
        func parameters(_ p: [String: ParameterValue]) -> String {
            hash(p.keys.sorted().map { "\($0)=\(p[$0]!)" }.joined(separator: ","))
        }
        var rows: [(key: String, value: String)] = [
            ("resolution", "\(spec.resolution) ms"), ("seed", "\(spec.seed)"), ("threads", "\(threads)"),
        ]
        for (i, p) in spec.populations.enumerated() {
            rows.append(("population \(i)", "'\(p.name)' \(p.model) × \(p.count), parameters #\(parameters(p.parameters))"))
        }
        for (i, d) in spec.devices.enumerated() {
            rows.append(("device \(i)", "'\(d.name)' \(d.model), parameters #\(parameters(d.parameters))"))
        }
        for (i, p) in spec.projections.enumerated() {
            let synapse = p.synapseParameters.keys.sorted().map { "\($0)=\(p.synapseParameters[$0]!)" }.joined(separator: ",")
            let details = "\(p.rule) \(p.weight) \(p.delay) \(p.receptorType) \(String(describing: p.volumeTransmitter)) "
                + "\(String(describing: p.teacher)) \(p.allowAutapses) \(p.allowMultapses) \(synapse)"
            rows.append(("projection \(i)", "\(p.source) → population \(p.target), \(p.rule.name), \(p.synapseModel), #\(hash(details))"))
        }
        rows.append(("synapses", "\(network.synapseCount)"))
        return rows
    }

    /// The state now, as the bytes of a checkpoint.
    public func checkpoint() -> [UInt8] {
        var w = CheckpointWriter()
        CheckpointHeader.write(fingerprint: fingerprint, to: &w)
        w.int(step)
        w.int(pendingStart)
        w.int(spikeCount)
        w.ints(pending)
        for (t, state) in threads.enumerated() {
            let shard = network.shards[t]
            let ring = state.ring
            w.doubles(UnsafeBufferPointer(start: ring.excitatory, count: ring.receptorValues))
            w.doubles(UnsafeBufferPointer(start: ring.inhibitory, count: ring.receptorValues))
            w.doubles(UnsafeBufferPointer(start: ring.current, count: ring.currentValues))
            for slot in 0..<ring.slots {
                let queue = ring.queued[slot]
                w.int(queue.count)
                for i in 0..<queue.count { w.u64(queue.events[i]) }
            }
            w.ints(state.spikeTrainCursors)
            for device in shard.devices {
                w.ints(device.streams.map(\.wordsDrawn))
                w.doubles(device.held)
            }
            for block in shard.blocks {
                let buffers = stateBuffers(of: block)
                w.int(buffers.count)
                for buffer in buffers {
                    switch buffer {
                    case let .double(b): w.doubles(UnsafeBufferPointer(start: b.base, count: b.count))
                    case let .int32(b): w.ints(UnsafeBufferPointer(start: b.base, count: b.count))
                    }
                }
            }
            write(shard.postHistory, to: &w)
            for store in shard.plastic {
                w.doubles(store.weights)
                w.doubles(store.synapseState)
                w.doubles(store.sourceState)
                w.ints(store.lastStamp)
                w.doubles(store.rule.savedState())
                if let teacher = store.teacher { write(teacher.history, to: &w) }
            }
        }
        return w.bytes
    }

    /// Sets the state to a checkpoint's; the next `run` continues from its step. Nothing is
    /// changed unless the whole checkpoint reads back and fits this network.
    public func restore(checkpoint bytes: [UInt8]) throws(CheckpointError) {
        var r = try CheckpointHeader.read(bytes, here: fingerprint)
        // Read everything first, then apply: a damaged file leaves the simulation as it was.
        var apply: [() -> Void] = []
        let savedStep = try r.int(), savedPendingStart = try r.int(), savedSpikeCount = try r.int()
        let savedPending = try (0..<r.count()).map { _ throws(CheckpointError) in try r.u64() }
        for (t, state) in threads.enumerated() {
            let shard = network.shards[t]
            let ring = state.ring
            let ex = try r.doubles(expected: ring.receptorValues, "thread \(t) excitatory input")
            let inh = try r.doubles(expected: ring.receptorValues, "thread \(t) inhibitory input")
            let current = try r.doubles(expected: ring.currentValues, "thread \(t) current input")
            let queued = try (0..<ring.slots).map { _ throws(CheckpointError) in
                try (0..<r.count()).map { _ throws(CheckpointError) in try r.u64() }
            }
            apply.append {
                ring.excitatory.update(from: ex, count: ex.count)
                ring.inhibitory.update(from: inh, count: inh.count)
                ring.current.update(from: current, count: current.count)
                for slot in 0..<ring.slots { ring.queued[slot].replace(with: queued[slot]) }
            }
            let cursors = try r.ints(expected: state.spikeTrainCursors.count, "thread \(t) spike-train cursors")
            apply.append { state.spikeTrainCursors = cursors }
            for d in shard.devices.indices {
                let words = try r.ints(expected: shard.devices[d].streams.count, "thread \(t) device \(d) streams")
                let held = try r.doubles(expected: shard.devices[d].held.count, "thread \(t) device \(d) held values")
                apply.append {
                    for j in words.indices { shard.devices[d].streams[j].seek(wordsDrawn: UInt64(bitPattern: Int64(words[j]))) }
                    shard.devices[d].held = held
                }
            }
            for (b, block) in shard.blocks.enumerated() {
                let buffers = stateBuffers(of: block)
                let n = try r.int()
                guard n == buffers.count else { throw .corrupt("thread \(t) block \(b): \(n) state arrays saved, \(buffers.count) here") }
                for (k, buffer) in buffers.enumerated() {
                    switch buffer {
                    case let .double(x):
                        let values = try r.doubles(expected: x.count, "thread \(t) block \(b) state \(k)")
                        apply.append { x.base.update(from: values, count: values.count) }
                    case let .int32(x):
                        let values = try r.ints(expected: x.count, "thread \(t) block \(b) state \(k)")
                        guard values.allSatisfy({ Int32(exactly: $0) != nil }) else { throw .corrupt("thread \(t) block \(b) state \(k)") }
                        apply.append { for i in values.indices { x[i] = Int32(values[i]) } }
                    }
                }
            }
            apply.append(try read(into: shard.postHistory, from: &r, "thread \(t) spike history"))
            for (k, store) in shard.plastic.enumerated() {
                let what = "thread \(t) plastic store \(k)"
                let weights = try r.doubles(expected: store.weights.count, "\(what) weights")
                let synapseState = try r.doubles(expected: store.synapseState.count, "\(what) synapse state")
                let sourceState = try r.doubles(expected: store.sourceState.count, "\(what) source state")
                let lastStamp = try r.ints(expected: store.lastStamp.count, "\(what) last spikes")
                guard lastStamp.allSatisfy({ Int32(exactly: $0) != nil }) else { throw .corrupt("\(what) last spikes") }
                let ruleState = try (0..<r.count()).map { _ throws(CheckpointError) in try r.double() }
                guard let restoreRule = store.rule.restoration(of: ruleState) else { throw .corrupt("\(what) rule state") }
                apply.append(restoreRule)
                apply.append {
                    store.weights = weights
                    store.synapseState = synapseState
                    store.sourceState = sourceState
                    store.lastStamp = lastStamp.map { Int32($0) }
                }
                if let teacher = store.teacher { apply.append(try read(into: teacher.history, from: &r, "\(what) teacher history")) }
            }
        }
        guard r.atEnd else { throw .corrupt("\(bytes.count - r.offset) bytes after the end") }
        for change in apply { change() }
        step = savedStep
        startStep = savedStep
        pendingStart = savedPendingStart
        spikeCount = savedSpikeCount
        pending = savedPending
        failure = nil
    }

    private func write(_ history: PostSpikeHistory, to w: inout CheckpointWriter) {
        w.int(history.neuronCount)
        for n in 0..<history.neuronCount {
            let h = history.history(of: n)
            let s = h.recent.stamps
            for stamp in [s.0, s.1, s.2, s.3] { w.int(Int(stamp)) }
            w.double(h.recent.kMinus)
            w.double(h.recent.previousKMinus)
            w.int(h.entries.count)
            for e in h.entries {
                w.int(Int(e.stamp))
                w.double(e.kMinus)
            }
        }
    }

    /// Reads a history written by `write`; returns the change that applies it.
    private func read(
        into history: PostSpikeHistory, from r: inout CheckpointReader, _ what: String
    ) throws(CheckpointError) -> () -> Void {
        let n = try r.int()
        guard n == history.neuronCount else { throw .corrupt("\(what): \(n) neurons saved, \(history.neuronCount) here") }
        func stamp() throws(CheckpointError) -> Int32 {
            guard let s = Int32(exactly: try r.int()) else { throw .corrupt(what) }
            return s
        }
        var saved: [PostSpikeHistory.NeuronHistory] = []
        for _ in 0..<n {
            var recent = PostSpikeHistory.Recent()
            recent.stamps = (try stamp(), try stamp(), try stamp(), try stamp())
            recent.kMinus = try r.double()
            recent.previousKMinus = try r.double()
            var entries: [PostSpikeHistory.Entry] = []
            for _ in 0..<(try r.count(elementSize: 16)) { entries.append(.init(stamp: try stamp(), kMinus: try r.double())) }
            saved.append(.init(entries: entries, recent: recent))
        }
        return { for (i, h) in saved.enumerated() { history.restore(h, of: i) } }
    }
}

/// A neuron block's state arrays: every `StateBuffer` the model holds, found by reflection so that
/// each model's state is saved without a list kept per model (per-neuron parameters come along,
/// and are restored to the values they already have).
enum StateArray {
    case double(StateBuffer<Double>)
    case int32(StateBuffer<Int32>)
}

func stateBuffers(of block: any NeuronModel) -> [StateArray] {
    Mirror(reflecting: block).children.compactMap {
        if let b = $0.value as? StateBuffer<Double> { return .double(b) }
        if let b = $0.value as? StateBuffer<Int32> { return .int32(b) }
        return nil
    }
}
