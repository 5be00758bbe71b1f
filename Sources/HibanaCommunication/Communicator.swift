/// How ranks talk to each other: the few collective operations the build and the engine need.
/// Every rank calls the same operations in the same order. Implementations: `LocalCommunicator`
/// (one rank), `DryRunCommunicator` (N ranks posing as threads of one process, so the distributed
/// code paths run in plain `swift test`) and, with the package trait `MPI`, `MPICommunicator`.
public protocol Communicator: AnyObject, Sendable {
    var rank: Int { get }
    var size: Int { get }
    /// Every rank's `local`, in rank order, on every rank.
    func allgather(_ local: [UInt64]) -> [[UInt64]]
    /// Element-wise reduction over ranks, on every rank.
    func allreduce(_ values: [Int64], _ operation: ReduceOperation) -> [Int64]
    func allreduce(_ values: [Double], _ operation: ReduceOperation) -> [Double]
    /// Every rank's bytes, in rank order, on rank 0; empty on the other ranks.
    func gather(_ bytes: [UInt8]) -> [[UInt8]]
    /// Rank `root`'s bytes on every rank (the others' argument is ignored).
    func broadcast(_ bytes: [UInt8], root: Int) -> [UInt8]
}

public enum ReduceOperation: Sendable {
    case sum, min, max
}

/// The error of another rank, as its text: every rank stops with the same message.
public struct RankFailure: Error, CustomStringConvertible, Sendable {
    public let rank: Int
    public let message: String
    public var description: String { "rank \(rank): \(message)" }
}

extension Communicator {
    /// Makes every rank stop together when any rank failed: each rank passes its own error (nil if
    /// none); if any rank has one, every rank throws the error of the lowest failing rank (that
    /// rank its own, the others a `RankFailure` with its text). A collective call.
    public func agree(_ error: (any Error)?) throws {
        let failing = Int(allreduce([Int64(error == nil ? size : rank)], .min)[0])
        guard failing < size else { return }
        let text = broadcast(rank == failing ? Array("\(error!)".utf8) : [], root: failing)
        if rank == failing { throw error! }
        throw RankFailure(rank: failing, message: String(decoding: text, as: UTF8.self))
    }

    /// Runs `body` on this rank and agrees on the outcome over all ranks (see `agree`): its value
    /// if every rank succeeded, else the same failure everywhere. A collective call.
    public func agreeing<T>(_ body: () throws -> T) throws -> T {
        let result = Result { try body() }
        if case let .failure(error) = result { try agree(error) } else { try agree(nil) }
        return try result.get()
    }

    /// Rank 0 prints and writes; the others stay silent.
    public var isRoot: Bool { rank == 0 }
}

extension ReduceOperation {
    /// Element-wise reduction of equally long arrays, in rank order (for the in-process communicators).
    func reduce<T: Comparable & AdditiveArithmetic>(_ parts: [[T]]) -> [T] {
        var out = parts[0]
        for part in parts.dropFirst() {
            for i in out.indices {
                switch self {
                case .sum: out[i] += part[i]
                case .min: out[i] = Swift.min(out[i], part[i])
                case .max: out[i] = Swift.max(out[i], part[i])
                }
            }
        }
        return out
    }
}
