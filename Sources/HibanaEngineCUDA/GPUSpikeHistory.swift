import HibanaCUDA
import HibanaModels

/// A spike history in GPU memory (`hb_history` in `PostSpikeHistory.gpuSource`): per slot a ring
/// of its latest `length` spikes with K⁻, and per global id its slot (−1: none).
final class GPUSpikeHistory {
    let slot: DeviceBuffer<Int32>, tauMinusInverse: DeviceBuffer<Double>, minusTable: DeviceBuffer<Double>
    let count: DeviceBuffer<Int32>, stamps: DeviceBuffer<Int32>, kMinus: DeviceBuffer<Double>
    /// The `hb_history` record.
    let record: DeviceBuffer<UInt64>
    var slotCount: Int { tauMinusInverse.count }

    /// `minusTable`: K⁻'s decay table when every slot has the same tau_minus.
    init(
        slots: [Int32], tauMinusInverse inverse: [Double], minusTable table: [Double]?, length: Int, context c: CUDAContext,
        resolution h: Double
    ) throws {
        slot = try DeviceBuffer(context: c, slots)
        tauMinusInverse = try DeviceBuffer(context: c, inverse)
        minusTable = try DeviceBuffer(context: c, table ?? [0])
        count = try DeviceBuffer(context: c, count: inverse.count)
        try count.zero()
        stamps = try DeviceBuffer(context: c, count: inverse.count * length)
        kMinus = try DeviceBuffer(context: c, count: inverse.count * length)
        let header = UInt64(UInt32(length)) | UInt64(table == nil ? 0 : 1) << 32
        record = try DeviceBuffer(context: c, [header, h.bitPattern] + [
            slot.address, tauMinusInverse.address, minusTable.address, count.address, stamps.address, kMinus.address,
        ])
    }
}
