#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// N ranks inside one process, each on its own thread, exchanging through shared slots: the
/// distributed build, exchange and output paths run in plain `swift test`, with the results of
/// real ranks (each rank holds only its own part of the network).
///
///     let results = DryRunCommunicator.run(ranks: 4) { comm in try simulate(communicator: comm) }
public final class DryRunCommunicator: Communicator {
    public let rank: Int
    private let group: DryRunGroup
    public var size: Int { group.size }

    init(rank: Int, group: DryRunGroup) {
        self.rank = rank
        self.group = group
    }

    /// Runs `body` once per rank, each on its own thread (ranks wait for each other, so they cannot
    /// share a bounded thread pool), and returns the results in rank order.
    public static func run<T>(ranks: Int, _ body: @escaping @Sendable (DryRunCommunicator) throws -> T) -> [Result<T, Error>] {
        precondition(ranks >= 1)
        let group = DryRunGroup(size: ranks)
        let results = ResultSlots<T>(count: ranks)
        var handles: [pthread_t] = []
        for r in 0..<ranks {
            let comm = DryRunCommunicator(rank: r, group: group)
            let task = Unmanaged.passRetained(RankTask { results.set(r, Result { try body(comm) }) }).toOpaque()
            var handle = pthread_t()
            let status = pthread_create(&handle, nil, { argument in
                Unmanaged<RankTask>.fromOpaque(argument!).takeRetainedValue().body()
                return nil
            }, task)
            precondition(status == 0, "pthread_create failed (\(status))")
            handles.append(handle)
        }
        for handle in handles { pthread_join(handle, nil) }
        return results.values
    }

    public func allgather(_ local: [UInt64]) -> [[UInt64]] { group.exchange(rank, local) }
    public func allreduce(_ values: [Int64], _ operation: ReduceOperation) -> [Int64] {
        operation.reduce(group.exchange(rank, values))
    }
    public func allreduce(_ values: [Double], _ operation: ReduceOperation) -> [Double] {
        operation.reduce(group.exchange(rank, values))
    }
    public func gather(_ bytes: [UInt8]) -> [[UInt8]] {
        let all = group.exchange(rank, bytes)
        return rank == 0 ? all : []
    }
    public func broadcast(_ bytes: [UInt8], root: Int) -> [UInt8] { group.exchange(rank, bytes)[root] }
}

/// The shared slots and the barrier of one dry-run group.
final class DryRunGroup: @unchecked Sendable {
    // `slots` is written by each rank into its own index between two barriers and read by all
    // after the first; the mutex and condition order those accesses.
    let size: Int
    private var slots: [Any?]
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var arrived = 0
    private var generation = 0

    init(size: Int) {
        self.size = size
        slots = Array(repeating: nil, count: size)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    /// Every rank's value, in rank order.
    func exchange<T>(_ rank: Int, _ value: T) -> [T] {
        pthread_mutex_lock(mutex)
        slots[rank] = value
        pthread_mutex_unlock(mutex)
        barrier()
        pthread_mutex_lock(mutex)
        let all = slots.map { $0 as! T }
        pthread_mutex_unlock(mutex)
        // Nobody writes the next exchange's value before everyone has read this one.
        barrier()
        return all
    }

    private func barrier() {
        pthread_mutex_lock(mutex)
        let mine = generation
        arrived += 1
        if arrived == size {
            arrived = 0
            generation += 1
            pthread_cond_broadcast(condition)
        } else {
            while generation == mine { pthread_cond_wait(condition, mutex) }
        }
        pthread_mutex_unlock(mutex)
    }
}

private final class RankTask {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}

private final class ResultSlots<T>: @unchecked Sendable {
    // Each slot is written by one rank's thread; read after all threads are joined.
    private var slots: [Result<T, Error>?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ r: Result<T, Error>) { slots.withUnsafeMutableBufferPointer { $0[i] = r } }
    var values: [Result<T, Error>] { slots.map { $0! } }
}
