// The one file with the compile-time condition MPI (the package trait `MPI`): built with it,
// `hibana` runs one rank per MPI process; without it, one process is one rank.
import HibanaCommunication

#if MPI
import CMPI
#if canImport(Glibc)
import Glibc
#endif

/// The communicator of this process: all MPI processes of the job (`mpirun -np N`).
public enum WorldCommunicator {
    /// Initialises MPI (finalised when the process exits). Only the main thread calls MPI.
    public static func make() -> any Communicator {
        var provided: Int32 = 0
        MPI_Init_thread(nil, nil, cmpi_thread_funneled(), &provided)
        atexit { MPI_Finalize() }
        var rank: Int32 = 0, size: Int32 = 0
        MPI_Comm_rank(cmpi_comm_world(), &rank)
        MPI_Comm_size(cmpi_comm_world(), &size)
        return MPICommunicator(rank: Int(rank), size: Int(size))
    }
}

/// Collectives over MPI_COMM_WORLD.
final class MPICommunicator: Communicator {
    let rank: Int
    let size: Int

    init(rank: Int, size: Int) {
        self.rank = rank
        self.size = size
    }

    /// Counts first (one int per rank), then the variable-length data.
    func allgather(_ local: [UInt64]) -> [[UInt64]] {
        var count = Int32(local.count)
        var counts = [Int32](repeating: 0, count: size)
        MPI_Allgather(&count, 1, cmpi_int(), &counts, 1, cmpi_int(), cmpi_comm_world())
        let displacements = offsets(counts)
        var all = [UInt64](repeating: 0, count: Int(counts.reduce(0, +)))
        local.withUnsafeBufferPointer { send in
            _ = MPI_Allgatherv(
                send.baseAddress, count, cmpi_uint64(), &all, counts, displacements, cmpi_uint64(), cmpi_comm_world())
        }
        return (0..<size).map { Array(all[Int(displacements[$0])..<Int(displacements[$0] + counts[$0])]) }
    }

    func allreduce(_ values: [Int64], _ operation: ReduceOperation) -> [Int64] {
        var out = values
        MPI_Allreduce(values, &out, Int32(values.count), cmpi_int64(), op(operation), cmpi_comm_world())
        return out
    }

    func allreduce(_ values: [Double], _ operation: ReduceOperation) -> [Double] {
        var out = values
        MPI_Allreduce(values, &out, Int32(values.count), cmpi_double(), op(operation), cmpi_comm_world())
        return out
    }

    func gather(_ bytes: [UInt8]) -> [[UInt8]] {
        var count = Int32(bytes.count)
        var counts = [Int32](repeating: 0, count: size)
        MPI_Gather(&count, 1, cmpi_int(), &counts, 1, cmpi_int(), 0, cmpi_comm_world())
        let displacements = offsets(counts)
        var all = [UInt8](repeating: 0, count: rank == 0 ? Int(counts.reduce(0, +)) : 0)
        bytes.withUnsafeBufferPointer { send in
            _ = MPI_Gatherv(send.baseAddress, count, cmpi_byte(), &all, counts, displacements, cmpi_byte(), 0, cmpi_comm_world())
        }
        guard rank == 0 else { return [] }
        return (0..<size).map { Array(all[Int(displacements[$0])..<Int(displacements[$0] + counts[$0])]) }
    }

    func broadcast(_ bytes: [UInt8], root: Int) -> [UInt8] {
        var count = Int64(bytes.count)
        MPI_Bcast(&count, 1, cmpi_int64(), Int32(root), cmpi_comm_world())
        var out = rank == root ? bytes : [UInt8](repeating: 0, count: Int(count))
        MPI_Bcast(&out, Int32(count), cmpi_byte(), Int32(root), cmpi_comm_world())
        return out
    }

    private func offsets(_ counts: [Int32]) -> [Int32] {
        var out = [Int32](repeating: 0, count: counts.count)
        for i in counts.indices.dropFirst() { out[i] = out[i - 1] + counts[i - 1] }
        return out
    }

    private func op(_ operation: ReduceOperation) -> MPI_Op {
        switch operation {
        case .sum: cmpi_sum()
        case .min: cmpi_min()
        case .max: cmpi_max()
        }
    }
}
#else
/// The communicator of this process: built without the trait `MPI`, a single rank.
public enum WorldCommunicator {
    public static func make() -> any Communicator { LocalCommunicator() }
}
#endif
