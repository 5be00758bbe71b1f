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
        /// A pair-based rule's K⁺ decay table; the short-term rules' factor of each spike of a launch.
        let table: DeviceBuffer<Double>
        /// The `hb_pair` or `hb_stp` record.
        let record: DeviceBuffer<UInt64>
        /// The weight recorder (nil without one): its events of the launches since the last
        /// `takeEvents`, three words each (`WeightRecorderGPU`), their count, and the selection masks.
        var events: DeviceBuffer<UInt64>?
        let eventCount: DeviceBuffer<UInt64>?
        let recordedSources: DeviceBuffer<UInt8>?, recordedTargets: DeviceBuffer<UInt8>?
        /// Where the events' address sits in `record`.
        let eventsWord: Int

        init(_ p: GPUPlasticImage.Projection, context c: CUDAContext, resolution h: Double, spikeCapacity: Int) throws {
            image = p
            runStart = try DeviceBuffer(context: c, p.runStart)
            runDelay = try DeviceBuffer(context: c, p.runDelay)
            runEnd = try DeviceBuffer(context: c, p.runEnd)
            targets = try DeviceBuffer(context: c, p.targets)
            weights = try DeviceBuffer(context: c, p.weights)
            sourceState = try DeviceBuffer(context: c, p.sourceState)
            lastStamp = try DeviceBuffer(context: c, p.lastStamp)
            if p.recordsWeights {
                events = try DeviceBuffer(context: c, count: 3 * 1024)
                eventCount = try DeviceBuffer(context: c, [0])
                recordedSources = try p.recordedSources.map { try DeviceBuffer(context: c, $0) }
                recordedTargets = try p.recordedTargets.map { try DeviceBuffer(context: c, $0) }
            } else {
                (events, eventCount, recordedSources, recordedTargets) = (nil, nil, nil, nil)
            }
            let logWords = [events?.address ?? 0, eventCount?.address ?? 0, recordedSources?.address ?? 0, recordedTargets?.address ?? 0]
            let counts = UInt64(UInt32(p.gid0)) | UInt64(UInt32(p.sourceCount)) << 32
            // Synapses, then source state, last spikes and the table, as both records end.
            let arrays = [runStart.address, runDelay.address, runEnd.address, targets.address, weights.address,
                          sourceState.address, lastStamp.address]
            let header: [UInt64]
            // hb_stp: U, tau_rec, tau_fac, tau_psc (tsodyks only), h; the model (0 tsodyks, 1 tsodyks2) and gid0;
            // the source count and whether it delivers.
            let shortTerm = { (model: UInt64, parameters: [Double]) -> [UInt64] in
                (parameters + [h]).map(\.bitPattern) + [model | UInt64(UInt32(p.gid0)) << 32]
                    + [UInt64(UInt32(p.sourceCount)) | UInt64(p.delivers ? 1 : 0) << 32] + arrays
            }
            switch p.rule {
            case let .pairBased(r):
                precondition(p.sourceStride == 1 && r.gpuParameters.count <= 5, "a pair-based rule keeps K+ alone per source")
                table = try DeviceBuffer(context: c, r.plusDecay.tabulatedValues)
                let parameters = r.gpuParameters + Array(repeating: 0, count: 5 - r.gpuParameters.count)
                header = (parameters + [h, r.plusDecay.timeConstant]).map(\.bitPattern)
                    + [counts, UInt64(p.delivers ? 1 : 0) | UInt64(PairBasedGPU.index(of: r)) << 32] + arrays + [table.address]
            case let .tsodyks(r):
                table = try DeviceBuffer(context: c, count: Swift.max(1, spikeCapacity))
                header = shortTerm(0, [r.U, r.tauRec, r.tauFac, r.tauPsc]) + [table.address]
            case let .tsodyks2(r):
                table = try DeviceBuffer(context: c, count: Swift.max(1, spikeCapacity))
                header = shortTerm(1, [r.U, r.tauRec, r.tauFac, 0]) + [table.address]
            }
            eventsWord = header.count
            record = try DeviceBuffer(context: c, header + logWords)
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
            try eventCount.upload([0])
            return try events.download(3 * count)
        }
    }

    let projections: [Projection]
    let slot: DeviceBuffer<Int32>, tauMinusInverse: DeviceBuffer<Double>, minusTable: DeviceBuffer<Double>
    let count: DeviceBuffer<Int32>, stamps: DeviceBuffer<Int32>, kMinus: DeviceBuffer<Double>
    /// The `hb_history` record.
    let history: DeviceBuffer<UInt64>
    /// The last cycle's spikes in (step, id) order, uploaded for the plastic kernels.
    let spikes: DeviceBuffer<UInt64>

    init(_ image: GPUPlasticImage, context c: CUDAContext, resolution h: Double, spikeCapacity: Int) throws {
        projections = try image.projections.map { try Projection($0, context: c, resolution: h, spikeCapacity: spikeCapacity) }
        let length = PostSpikeHistory.gpuLength
        let slots = image.tauMinusInverse.count
        slot = try DeviceBuffer(context: c, image.historySlot)
        tauMinusInverse = try DeviceBuffer(context: c, image.tauMinusInverse)
        minusTable = try DeviceBuffer(context: c, image.minusTable ?? [0])
        count = try DeviceBuffer(context: c, count: slots)
        try count.zero()
        stamps = try DeviceBuffer(context: c, count: slots * length)
        kMinus = try DeviceBuffer(context: c, count: slots * length)
        let header = UInt64(UInt32(length)) | UInt64(image.minusTable == nil ? 0 : 1) << 32
        history = try DeviceBuffer(context: c, [header, h.bitPattern] + [
            slot.address, tauMinusInverse.address, minusTable.address, count.address, stamps.address, kMinus.address,
        ])
        spikes = try DeviceBuffer(context: c, count: Swift.max(1, spikeCapacity))
    }
}
