import HibanaCUDA
import HibanaModels

/// The plastic projections and the postsynaptic history in GPU memory, with the `hb_stdp` and
/// `hb_history` records the kernels read (layouts in `StdpSynapse.gpuSource` and
/// `PostSpikeHistory.gpuSource`).
final class GPUPlasticBuffers {
    final class Projection {
        let image: GPUPlasticImage.Projection
        let runStart: DeviceBuffer<UInt32>, runDelay: DeviceBuffer<UInt16>, runEnd: DeviceBuffer<UInt32>
        let targets: DeviceBuffer<UInt32>, weights: DeviceBuffer<Double>
        let kPlus: DeviceBuffer<Double>, lastStamp: DeviceBuffer<Int32>, plusTable: DeviceBuffer<Double>
        /// The `hb_stdp` record.
        let record: DeviceBuffer<UInt64>

        init(_ p: GPUPlasticImage.Projection, context c: CUDAContext, resolution h: Double) throws {
            image = p
            runStart = try DeviceBuffer(context: c, p.runStart)
            runDelay = try DeviceBuffer(context: c, p.runDelay)
            runEnd = try DeviceBuffer(context: c, p.runEnd)
            targets = try DeviceBuffer(context: c, p.targets)
            weights = try DeviceBuffer(context: c, p.weights)
            kPlus = try DeviceBuffer(context: c, p.kPlus)
            lastStamp = try DeviceBuffer(context: c, p.lastStamp)
            plusTable = try DeviceBuffer(context: c, p.rule.plusDecay.tabulatedValues)
            let r = p.rule
            let doubles = [r.lambda, r.alpha, r.muPlus, r.muMinus, r.wMax, h, r.tauPlus].map(\.bitPattern)
            let counts = UInt64(UInt32(p.gid0)) | UInt64(UInt32(p.sourceCount)) << 32
            record = try DeviceBuffer(context: c, doubles + [counts, p.delivers ? 1 : 0] + [
                runStart.address, runDelay.address, runEnd.address, targets.address, weights.address, kPlus.address,
                lastStamp.address, plusTable.address,
            ])
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
        projections = try image.projections.map { try Projection($0, context: c, resolution: h) }
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
