import HibanaCUDA
import HibanaModels

/// The plastic projections and the postsynaptic history in GPU memory, with the `hb_pair`,
/// `hb_stp` and `hb_history` records the kernels read (layouts in `PairBasedGPU.source`,
/// `ShortTermPlasticity.gpuSource` and `PostSpikeHistory.gpuSource`).
final class GPUPlasticBuffers {
    final class Projection {
        let image: GPUPlasticImage.Projection
        let runStart: DeviceBuffer<UInt32>, runDelay: DeviceBuffer<UInt16>, runEnd: DeviceBuffer<UInt32>
        let targets: DeviceBuffer<UInt32>, weights: DeviceBuffer<Double>
        let sourceState: DeviceBuffer<Double>, lastStamp: DeviceBuffer<Int32>
        /// A pair-based rule's K⁺ decay table; the short-term rules' factor of each spike of a cycle.
        let table: DeviceBuffer<Double>
        /// The `hb_pair` or `hb_stp` record.
        let record: DeviceBuffer<UInt64>
        /// The weight recorder (nil without one): its events of the launches since the last
        /// `takeEvents`, three words each (`WeightRecorderGPU`), their count, and the selection masks.
        var events: DeviceBuffer<UInt64>?
        let eventCount: DeviceBuffer<UInt64>?
        let recordedSources: DeviceBuffer<UInt8>?, recordedTargets: DeviceBuffer<UInt8>?
        /// Where the events' address sits in `record` (after the header, in both records).
        let eventsWord: Int
        /// stdp_dopamine_synapse: c per synapse, and the dopamine trace (entry 0, then a ring of
        /// the latest spikes: `StdpDopamineSynapse.gpuSource`) with the count of entries ever held.
        let synapseState: DeviceBuffer<Double>?
        let modulator: (stamps: DeviceBuffer<Int32>, n: DeviceBuffer<Double>, count: DeviceBuffer<Int32>)?
        /// cerebellar_pf_pc_synapse: the climbing fibres' spikes, the history its kernel reads.
        let teacher: GPUSpikeHistory?

        /// `eventSteps`: the steps of spikes a batch delivers at most, for a weight recorder's log
        /// (room for every recorded synapse at each); nil: the host makes room before each cycle.
        init(_ p: GPUPlasticImage.Projection, context c: CUDAContext, resolution h: Double, spikeCapacity: Int, historyLength: Int,
             eventSteps: Int?) throws {
            image = p
            runStart = try DeviceBuffer(context: c, p.runStart)
            runDelay = try DeviceBuffer(context: c, p.runDelay)
            runEnd = try DeviceBuffer(context: c, p.runEnd)
            targets = try DeviceBuffer(context: c, p.targets)
            weights = try DeviceBuffer(context: c, p.weights)
            sourceState = try DeviceBuffer(context: c, p.sourceState)
            synapseState = p.synapseState.isEmpty ? nil : try DeviceBuffer(context: c, p.synapseState)
            teacher = try p.teacherSlots.map { slots in
                let count = slots.lazy.filter { $0 >= 0 }.count
                return try GPUSpikeHistory(
                    slots: slots, tauMinusInverse: Array(repeating: 1, count: count), minusTable: nil, length: historyLength,
                    context: c, resolution: h)
            }
            lastStamp = try DeviceBuffer(context: c, p.lastStamp)
            var m: (stamps: DeviceBuffer<Int32>, n: DeviceBuffer<Double>, count: DeviceBuffer<Int32>)?
            if case let .dopamine(rule) = p.rule {
                // The rule's trace as built (entry 0: its initial n), the rest of the ring empty.
                let capacity = StdpDopamineSynapse.gpuTraceCapacity(historyLength: historyLength)
                let trace = rule.dopamine
                precondition(trace.stamps.count <= capacity, "a new trace holds its initial entry only")
                let pad = capacity - trace.stamps.count
                m = try (DeviceBuffer(context: c, trace.stamps.map { Int32($0) } + Array(repeating: 0, count: pad)),
                         DeviceBuffer(context: c, trace.n + Array(repeating: 0, count: pad)),
                         DeviceBuffer(context: c, [Int32(trace.stamps.count)]))
            }
            modulator = m
            if p.recordsWeights {
                events = try DeviceBuffer(context: c, count: 3 * Swift.max(1024, (eventSteps ?? 0) * p.recordedSynapses))
                eventCount = try DeviceBuffer(context: c, [0])
                recordedSources = try p.recordedSources.map { try DeviceBuffer(context: c, $0) }
                recordedTargets = try p.recordedTargets.map { try DeviceBuffer(context: c, $0) }
            } else {
                (events, eventCount, recordedSources, recordedTargets) = (nil, nil, nil, nil)
            }
            let logWords = [events?.address ?? 0, eventCount?.address ?? 0, recordedSources?.address ?? 0, recordedTargets?.address ?? 0]
            let counts = UInt64(UInt32(p.gid0)) | UInt64(UInt32(p.sourceCount)) << 32
            // The arrays both records hold after their parameters: synapses, source state, last spikes.
            let arrays = [runStart.address, runDelay.address, runEnd.address, targets.address, weights.address,
                          sourceState.address, lastStamp.address]
            let synapseStateAddress = synapseState?.address ?? 0
            // hb_pair: p[8], h, tau_plus; gid0 and the source count; whether it delivers and the rule's index
            // (-1: stdp_dopamine_synapse); the arrays, K+'s decay table, the log; the synapse state, the
            // dopamine trace (stamps, n, count, capacity) and whether the history is the teachers'.
            let pair = { (rule: Int, parameters: [Double], plusDecay: DecayTable) throws -> (DeviceBuffer<Double>, [UInt64], Int) in
                precondition(p.sourceStride == 1 && parameters.count <= 8, "a pair-based rule keeps K+ alone per source")
                let table = try DeviceBuffer(context: c, plusDecay.tabulatedValues)
                let header = (parameters + Array(repeating: 0, count: 8 - parameters.count) + [h, plusDecay.timeConstant]).map(\.bitPattern)
                    + [counts, UInt64(p.delivers ? 1 : 0) | UInt64(UInt32(bitPattern: Int32(rule))) << 32] + arrays + [table.address]
                let trace = [m?.stamps.address ?? 0, m?.n.address ?? 0, m?.count.address ?? 0,
                             UInt64(m?.stamps.count ?? 0) | UInt64(p.teacherGid0 == nil ? 0 : 1) << 32]
                return (table, header + logWords + [synapseStateAddress] + trace, header.count)
            }
            // hb_stp: U, tau_rec, tau_fac, tau_psc (tsodyks only), h; the model (0 tsodyks, 1 tsodyks2) and gid0;
            // the source count and whether it delivers; the arrays, each spike's factor, the log.
            let shortTerm = { (model: UInt64, parameters: [Double]) throws -> (DeviceBuffer<Double>, [UInt64], Int) in
                let factors = try DeviceBuffer<Double>(context: c, count: Swift.max(1, spikeCapacity))
                let header = (parameters + [h]).map(\.bitPattern) + [model | UInt64(UInt32(p.gid0)) << 32]
                    + [UInt64(UInt32(p.sourceCount)) | UInt64(p.delivers ? 1 : 0) << 32] + arrays + [factors.address]
                return (factors, header + logWords, header.count)
            }
            let words: [UInt64]
            switch p.rule {
            case let .pairBased(r): (table, words, eventsWord) = try pair(PairBasedGPU.index(of: r), r.gpuParameters, r.plusDecay)
            case let .dopamine(r): (table, words, eventsWord) = try pair(-1, r.gpuParameters, r.plusDecay)
            case let .tsodyks(r): (table, words, eventsWord) = try shortTerm(0, [r.U, r.tauRec, r.tauFac, r.tauPsc])
            case let .tsodyks2(r): (table, words, eventsWord) = try shortTerm(1, [r.U, r.tauRec, r.tauFac, 0])
            }
            record = try DeviceBuffer(context: c, words)
        }

        /// Makes room for `count` events in the log, which `takeEvents` has emptied (the kernels cannot grow it).
        func reserveEvents(_ count: Int, context c: CUDAContext) throws {
            guard let events, 3 * count > events.count else { return }
            let grown = try DeviceBuffer<UInt64>(context: c, count: 3 * Swift.max(2 * count, 1024))
            try record.upload([grown.address], at: eventsWord)
            self.events = grown
        }

        /// The events logged since the last call, as (stamp << 32 | source gid, target gid << 32 | index, weight bits).
        func takeEvents() throws -> [UInt64] {
            guard let events, let eventCount else { return [] }
            let count = Int(try eventCount.download()[0])
            guard count > 0 else { return [] }
            precondition(3 * count <= events.count, "a weight recorder's log holds every event of a batch")
            try eventCount.upload([0])
            return try events.download(3 * count)
        }
    }

    let projections: [Projection]
    /// The postsynaptic spike history the STDP rules read.
    let history: GPUSpikeHistory
    /// Whether a cycle needs the host before its plastic kernels: a weight recorder's log that
    /// is not sized for a batch (room for its events).
    let needsHost: Bool
    /// The cycles of a batch, at most `cycles`, for which the weight recorders' logs fit `budget`
    /// events (a source spikes at most once per step); nil when not even one cycle's do.
    static func recordedBatch(_ image: GPUPlasticImage, cycles: Int, minDelay: Int, budget: Int) -> Int? {
        let perCycle = image.projections.reduce(0) { $0 + $1.recordedSynapses } * minDelay
        guard perCycle > 0 else { return cycles }
        return budget / perCycle >= 1 ? Swift.min(cycles, budget / perCycle) : nil
    }

    /// `eventSteps` as `Projection`'s.
    init(_ image: GPUPlasticImage, context c: CUDAContext, resolution h: Double, spikeCapacity: Int, historyLength: Int,
         eventSteps: Int?) throws {
        projections = try image.projections.map {
            try Projection($0, context: c, resolution: h, spikeCapacity: spikeCapacity, historyLength: historyLength, eventSteps: eventSteps)
        }
        history = try GPUSpikeHistory(
            slots: image.historySlot, tauMinusInverse: image.tauMinusInverse, minusTable: image.minusTable, length: historyLength,
            context: c, resolution: h)
        needsHost = eventSteps == nil && image.projections.contains { $0.recordsWeights }
    }
}
