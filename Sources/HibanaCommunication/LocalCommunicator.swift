/// A single rank: every collective returns its own input.
public final class LocalCommunicator: Communicator {
    public init() {}
    public var rank: Int { 0 }
    public var size: Int { 1 }
    public func allgather(_ local: [UInt64]) -> [[UInt64]] { [local] }
    public func allreduce(_ values: [Int64], _ operation: ReduceOperation) -> [Int64] { values }
    public func allreduce(_ values: [Double], _ operation: ReduceOperation) -> [Double] { values }
    public func gather(_ bytes: [UInt8]) -> [[UInt8]] { [bytes] }
    public func broadcast(_ bytes: [UInt8], root: Int) -> [UInt8] { bytes }
}
