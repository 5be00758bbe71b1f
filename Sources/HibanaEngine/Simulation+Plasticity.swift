import CPrefetch
import HibanaBuild
import HibanaDescription
import HibanaModels

extension Simulation {
    /// Delivers the last cycle's spikes through one plastic store: each spike updates its
    /// source's synapses in time order (NEST updates a synapse when a presynaptic spike passes it),
    /// then adds the weight it was delivered with to the input ring.
    func deliver(_ spikes: [UInt64], cycleStart: Int, store: PlasticStore, history: PostSpikeHistory, ring: InputRing, log: WeightLog?) {
        // Calling the generic loop with each concrete rule type lets the compiler specialise and
        // inline it (3× faster than through the opened existential); a rule not listed here still
        // works, unspecialised.
        switch store.rule {
        case let r as StdpSynapse: deliver(spikes, cycleStart: cycleStart, rule: r, store: store, history: history, ring: ring, log: log)
        case let r as StdpPlSynapseHom: deliver(spikes, cycleStart: cycleStart, rule: r, store: store, history: history, ring: ring, log: log)
        case let r as VogelsSprekelerSynapse:
            deliver(spikes, cycleStart: cycleStart, rule: r, store: store, history: history, ring: ring, log: log)
        case let r as StdpDopamineSynapse:
            deliver(spikes, cycleStart: cycleStart, rule: r, store: store, history: history, ring: ring, log: log)
        case let r as TsodyksSynapse: deliver(spikes, cycleStart: cycleStart, rule: r, store: store, history: history, ring: ring, log: log)
        case let r as Tsodyks2Synapse: deliver(spikes, cycleStart: cycleStart, rule: r, store: store, history: history, ring: ring, log: log)
        case let r as CerebellarPfPcSynapse:
            deliver(spikes, cycleStart: cycleStart, rule: r, store: store, history: history, ring: ring, log: log)
        default: deliver(spikes, cycleStart: cycleStart, rule: store.rule, store: store, history: history, ring: ring, log: log)
        }
    }

    /// The delivery loop of one store, generic over its rule.
    func deliver<R: SynapseRule>(
        _ spikes: [UInt64], cycleStart: Int, rule: R, store: PlasticStore, history: PostSpikeHistory, ring: InputRing,
        log: WeightLog?
    ) {
        let gid0 = store.sourceGid0, sourceCount = store.sourceCount
        let sourceStride = store.sourceStride, synapseStride = store.synapseStride
        let delivers = store.deliversInput
        // Synapses ahead whose targets' spike history is asked for: the reads are at random.
        let prefetchDistance = 8
        if let modulator = store.modulatorGid {
            for key in spikes where Int(key & 0xFFFF_FFFF) == modulator { rule.modulatorSpike(stamp: cycleStart + Int(key >> 32) + 1) }
        }
        // Teacher-driven rules read their teachers' spikes where others read the target's own.
        let history = store.teacher?.history ?? history
        if let teacher = store.teacher {
            for key in spikes {
                let j = Int(key & 0xFFFF_FFFF) - teacher.gid0
                if teacher.owned.contains(j) { history.record(neuron: teacher.localBase + j, stamp: cycleStart + Int(key >> 32) + 1) }
            }
        }
        store.runStart.withUnsafeBufferPointer { runStart in
            store.runDelay.withUnsafeBufferPointer { runDelay in
                store.runEnd.withUnsafeBufferPointer { runEnd in
                    store.targets.withUnsafeBufferPointer { targets in
                        store.weights.withUnsafeMutableBufferPointer { weights in
                            store.sourceState.withUnsafeMutableBufferPointer { sourceState in
                                store.synapseState.withUnsafeMutableBufferPointer { synapseState in
                                    store.lastStamp.withUnsafeMutableBufferPointer { lastStamp in
                                        let state = synapseState.baseAddress!
                                        // The first synapses of source s: each spike's segment starts
                                        // at random in arrays too large for the cache, so the next
                                        // spike's is asked for while this one's is updated.
                                        func prefetchSegment(of s: Int) {
                                            let r0 = Int(runStart[s])
                                            guard r0 < Int(runStart[s + 1]) else { return }
                                            let first = r0 == 0 ? 0 : Int(runEnd[r0 - 1])
                                            for line in 0..<4 {
                                                hb_prefetch(weights.baseAddress! + first + 8 * line)
                                                hb_prefetch(targets.baseAddress! + first + 16 * line)
                                            }
                                        }
                                        for (k, key) in spikes.enumerated() {
                                            let s = Int(key & 0xFFFF_FFFF) - gid0
                                            guard s >= 0 && s < sourceCount else { continue }
                                            if k + 1 < spikes.count {
                                                let next = Int(spikes[k + 1] & 0xFFFF_FFFF) - gid0
                                                if next >= 0 && next < sourceCount { prefetchSegment(of: next) }
                                            }
                                            let runs = Int(runStart[s])..<Int(runStart[s + 1])
                                            guard !runs.isEmpty else { continue }
                                            let emitted = cycleStart + Int(key >> 32)
                                            let stamp = emitted + 1
                                            let source = sourceState.baseAddress! + s * sourceStride
                                            let spike = rule.begin(source, last: Int(lastStamp[s]), stamp: stamp)
                                            var first = runs.lowerBound == 0 ? 0 : Int(runEnd[runs.lowerBound - 1])
                                            for r in runs {
                                                let delay = Int(runDelay[r])
                                                let slot = ring.slot(emitted + delay)
                                                let last = Int(runEnd[r])
                                                // Delivered weight w reaches target n.
                                                func arrive(_ n: Int, _ w: Double) {
                                                    if delivers {
                                                        if w >= 0 { ring.excitatory[slot + n] += w } else { ring.inhibitory[slot + n] += w }
                                                    }
                                                    log?.append(stamp: stamp, source: gid0 + s, target: n, weight: w)
                                                }
                                                // Four synapses at a time (`SynapseRule.update4`), then the rest.
                                                var i = first
                                                while i + 4 <= last {
                                                    for j in Swift.min(i + prefetchDistance, targets.count)..<Swift.min(i + prefetchDistance + 4, targets.count) {
                                                        history.prefetch(neuron: Int(targets[j]))
                                                    }
                                                    let w = rule.update4(
                                                        weights: weights.baseAddress! + i, state + i * synapseStride, stride: synapseStride, spike,
                                                        targets: targets.baseAddress! + i, delay: delay, history: history)
                                                    for j in 0..<4 { arrive(Int(targets[i + j]), w[j]) }
                                                    i += 4
                                                }
                                                for i in i..<last {
                                                    let n = Int(targets[i])
                                                    arrive(n, rule.update(
                                                        weight: &weights[i], state + i * synapseStride, spike, target: n, delay: delay, history: history))
                                                }
                                                first = last
                                            }
                                            rule.end(source, spike)
                                            lastStamp[s] = Int32(stamp)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if R.modulated && rule.modulatorTrimDue { rule.forgetModulatorSpikes(before: store.oldestSynapseUpdate()) }
    }

    /// Drops the spike-history entries that every plastic input of their neuron has read and no
    /// later query needs (`PostSpikeHistory.trim`), when a history has doubled since its last trim.
    /// Called after the cycle's delivery: later spikes are stamped after `cycleStart`.
    func trimHistories(shard: ThreadShard, cycleStart: Int) {
        func trim(_ history: PostSpikeHistory, readers: [PlasticStore]) {
            guard history.trimDue else { return }
            var passed = [Int32](repeating: .max, count: history.neuronCount)
            for store in readers { store.lowerPassed(&passed) }
            passed.withUnsafeBufferPointer { history.trim(passed: $0.baseAddress!, before: cycleStart - history.keepSteps) }
        }
        trim(shard.postHistory, readers: shard.plastic.filter { type(of: $0.rule).readsPostHistory })
        for store in shard.plastic { if let teacher = store.teacher { trim(teacher.history, readers: [store]) } }
    }

    /// Everything the weight recorder of projection `projection` logged so far (with several
    /// ranks: onto this rank's neurons, and on rank 0 after `gatherRecordings` onto every rank's).
    public func weightEvents(projection: Int) -> WeightEvents {
        var rows = localWeightRows(projection: projection)
        for remote in remoteRecordings { rows += remote.weights[projection] }
        // Stable: events of one synapse pair on one thread keep their order.
        let order = rows.indices.sorted {
            let a = rows[$0], b = rows[$1]
            return (a.stamp, a.source, a.target, $0) < (b.stamp, b.source, b.target, $1)
        }
        var events = WeightEvents()
        for i in order {
            events.times.append(Double(rows[i].stamp) * resolution)
            events.senders.append(Int(rows[i].source) + 1)
            events.targets.append(rows[i].target + 1)
            events.weights.append(rows[i].weight)
        }
        return events
    }

    /// This rank's weight recorder events of projection `projection`, thread by thread.
    func localWeightRows(projection: Int) -> [WeightRow] {
        var rows: [WeightRow] = []
        for (t, state) in threads.enumerated() {
            let shard = network.shards[t]
            for (k, store) in shard.plastic.enumerated() where store.projection == projection {
                guard let log = state.weightLogs[k] else { continue }
                for j in log.stamps.indices {
                    let gid = shard.gid(ofLocal: Int(log.targets[j]), layout: network.layout)
                    rows.append(WeightRow(stamp: log.stamps[j], source: log.sources[j], target: gid, weight: log.weights[j]))
                }
            }
        }
        return rows
    }

    /// The positions of projection `projection`'s synapses over all threads, in canonical order.
    func plasticPositions(projection: Int) -> [(thread: Int, store: Int, index: Int, source: Int, target: Int, delay: Int)] {
        var rows: [(thread: Int, store: Int, index: Int, source: Int, target: Int, delay: Int)] = []
        for (t, shard) in network.shards.enumerated() {
            for (k, store) in shard.plastic.enumerated() where store.projection == projection {
                for s in 0..<store.sourceCount {
                    let runs = Int(store.runStart[s])..<Int(store.runStart[s + 1])
                    var first = runs.isEmpty || runs.lowerBound == 0 ? 0 : Int(store.runEnd[runs.lowerBound - 1])
                    for r in runs {
                        for i in first..<Int(store.runEnd[r]) {
                            let gid = shard.gid(ofLocal: Int(store.targets[i]), layout: network.layout)
                            rows.append((t, k, i, store.sourceGid0 + s, gid, Int(store.runDelay[r])))
                        }
                        first = Int(store.runEnd[r])
                    }
                }
            }
        }
        let order = rows.indices.sorted {
            let a = rows[$0], b = rows[$1]
            return (a.source, a.target, a.delay, $0) < (b.source, b.target, b.delay, $1)
        }
        return order.map { rows[$0] }
    }

    /// The current weights of projection `projection`'s plastic connections (with several ranks:
    /// those onto this rank's neurons).
    public func weights(projection: Int) -> ConnectionWeights {
        var out = ConnectionWeights()
        for p in plasticPositions(projection: projection) {
            out.sources.append(p.source + 1)
            out.targets.append(p.target + 1)
            out.delays.append(Double(p.delay) * resolution)
            out.weights.append(network.shards[p.thread].plastic[p.store].weights[p.index])
        }
        return out
    }

    /// Sets the weights of projection `projection`'s plastic connections, given in the order of `weights(projection:)`.
    public func setWeights(projection: Int, _ weights: [Double]) throws {
        let positions = plasticPositions(projection: projection)
        guard positions.count == weights.count else {
            throw HibanaError.invalidNetwork(
                reason: "projection #\(projection) has \(positions.count) plastic connections; got \(weights.count) weights")
        }
        if let bad = weights.first(where: { !$0.isFinite }) {
            throw HibanaError.invalidNetwork(reason: "weights must be finite (got \(bad))")
        }
        for (p, w) in zip(positions, weights) { network.shards[p.thread].plastic[p.store].weights[p.index] = w }
    }
}
