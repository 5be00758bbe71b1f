#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import HibanaBuild
import HibanaCommunication
import HibanaDescription
import HibanaModels
import HibanaRandom

/// Runs a built network. Time advances in cycles of `minDelay` steps:
///
///     deliver(spikes of the previous cycle: static, then plastic stores) → update(each step:
///     devices, neurons, postsynaptic spike history, recorders)
///
/// every thread doing both for its own shard, then one exchange (the join, then one allgather
/// between ranks) gives every thread all spikes of the cycle. A spike emitted in a cycle arrives
/// at least `minDelay` steps later, so it is never needed inside the cycle that emits it. Spikes
/// are delivered in (step, sender) order on every thread, so sums in the input ring are the same
/// bits for any number of ranks and threads. With several ranks, `run` is a collective call.
public final class Simulation: @unchecked Sendable {
    // The cycle barrier (concurrentPerform's join) orders every cross-thread access.
    public let network: BuiltNetwork
    let threads: [ThreadState]
    /// The next step to simulate; time is `step × resolution`.
    public internal(set) var step = 0
    /// The step this simulation started from: 0, or a loaded checkpoint's.
    public internal(set) var startStep = 0
    /// Spikes of the last cycle, (lag << 32 | gid), sorted; their cycle started at `pendingStart`.
    var pending: [UInt64] = []
    var pendingStart = 0
    var failure: (any Error)?
    public private(set) var simulateSeconds = 0.0
    /// Time spent in the spike exchange between ranks, waiting for the slowest rank included.
    public private(set) var communicateSeconds = 0.0
    /// Recordings of the other ranks, on rank 0 after `gatherRecordings()`.
    var remoteRecordings: [RankRecordings] = []
    public internal(set) var spikeCount = 0

    public init(_ network: BuiltNetwork) {
        precondition(network.deferredProjections.isEmpty, "the CPU engine builds every projection: build without deferring")
        self.network = network
        let slots = network.maxDelay + network.minDelay
        threads = network.shards.map { ThreadState(network: network, shard: $0, slots: slots) }
    }

    public var resolution: Double { network.spec.resolution }
    /// Biological time reached, in ms.
    public var time: Double { Double(step) * resolution }

    /// Advances by `duration` ms (rounded to whole steps). A numerical blow-up stops the run with
    /// `HibanaError.numericalInstability` (on every rank; see `Communicator.agree`); everything
    /// recorded up to then stays readable. `progress` is called after every cycle with the time
    /// reached; returning false (on any rank) stops the run there (Ctrl-C), and a later `run`
    /// continues from that point.
    public func run(_ duration: Double, progress: ((Double) -> Bool)? = nil) throws {
        if let failure { throw failure }
        if let problem = StepLimit.problem(start: step, duration: duration, resolution: resolution) {
            throw HibanaError.invalidNetwork(reason: problem)
        }
        let clock = ContinuousClock()
        let started = clock.now
        defer { simulateSeconds += (clock.now - started) / .seconds(1) }
        let end = step + Int((duration / resolution).rounded())
        let errors = ErrorSlots(count: threads.count)
        // Scanning all state for NaN costs as much as a neuron update: once per ms is enough to
        // stop a blow-up near where it happened (and always at the end of a run).
        let scanEvery = Swift.max(1, Int((1 / resolution).rounded()))
        while step < end {
            let cycleEnd = Swift.min(end, step + network.minDelay)
            let cycle = step..<cycleEnd
            let scan = cycleEnd == end || cycleEnd / scanEvery != step / scanEvery
            DispatchQueue.concurrentPerform(iterations: threads.count) { t in
                errors.set(t, runCycle(thread: t, steps: cycle, scanForNonFinite: scan))
            }
            let local = threads.count == 1 ? threads[0].outgoing : threads.flatMap(\.outgoing).sorted()
            let error = errors.first()
            let stop = error == nil && progress.map { !$0(Double(cycleEnd) * resolution) } ?? false
            let exchanged = exchange(local, status: CycleStatus(failed: error != nil, stop: stop))
            pendingStart = cycle.lowerBound
            pending = exchanged.spikes
            spikeCount += pending.count
            step = cycleEnd
            if exchanged.status.failed {
                do { try network.communicator.agree(error) } catch {
                    failure = error
                    throw error
                }
            }
            if exchanged.status.stop { return }
        }
    }

    /// All ranks' spikes of the cycle in (lag, gid) order, and whether any rank failed or asked to
    /// stop: one allgather of each rank's sorted spikes behind a status word.
    func exchange(_ local: [UInt64], status: CycleStatus) -> (spikes: [UInt64], status: CycleStatus) {
        let communicator = network.communicator
        guard communicator.size > 1 else { return (local, status) }
        let clock = ContinuousClock()
        let started = clock.now
        defer { communicateSeconds += (clock.now - started) / .seconds(1) }
        let parts = communicator.allgather([status.word] + local)
        var merged = CycleStatus(word: 0)
        var spikes: [UInt64] = []
        spikes.reserveCapacity(parts.reduce(0) { $0 + $1.count - 1 })
        for part in parts {
            merged.word |= part[0]
            spikes += part.dropFirst()
        }
        spikes.sort()
        return (spikes, merged)
    }

    func runCycle(thread t: Int, steps: Range<Int>, scanForNonFinite: Bool = true) -> HibanaError? {
        let shard = network.shards[t]
        let state = threads[t]
        let ring = state.ring
        deliver(pending, cycleStart: pendingStart, shard: shard, ring: ring)
        for (k, store) in shard.plastic.enumerated() {
            deliver(pending, cycleStart: pendingStart, store: store, history: shard.postHistory, ring: ring, log: state.weightLogs[k])
        }
        trimHistories(shard: shard, cycleStart: steps.lowerBound)
        let history = shard.postHistory
        var out: [UInt64] = []
        var spikes = SpikeOutput()
        for k in steps {
            stimulate(step: k, thread: t)
            ring.drainQueued(step: k)
            let slot = ring.slot(k)
            for (b, block) in shard.blocks.enumerated() where block.count > 0 {
                let offset = shard.blockOffsets[b]
                let input = StepInput(
                    excitatory: ring.excitatory + slot + offset, inhibitory: ring.inhibitory + slot + offset,
                    current: ring.currents(k) + offset)
                block.update(input: input, spikes: &spikes)
                if !spikes.indices.isEmpty {
                    let gid0 = network.layout.populationOffsets[b] + shard.blockRanges[b].lowerBound
                    let lag = UInt64(k - steps.lowerBound) << 32
                    for i in spikes.indices {
                        out.append(lag | UInt64(gid0 + Int(i)))
                        if history.hasInputs(offset + Int(i)) { history.record(neuron: offset + Int(i), stamp: k + 1) }
                    }
                    state.recorders.recordSpikes(block: b, offset: offset, gid0: gid0, local: spikes.indices, step: k)
                    spikes.indices.removeAll(keepingCapacity: true)
                }
            }
            state.recorders.sample(step: k, shard: shard)
            ring.clear(step: k)
        }
        state.outgoing = out
        guard scanForNonFinite else { return nil }
        for (b, block) in shard.blocks.enumerated() {
            if let bad = block.firstNonFinite() {
                let population = network.spec.populations[b]
                let index = shard.blockRanges[b].lowerBound + bad.neuron
                return .numericalInstability(
                    population: population.name, neuron: index, variable: bad.variable, value: bad.value,
                    timeMs: Double(steps.upperBound) * resolution)
            }
        }
        return nil
    }

    /// Queues every static-synapse event of the last cycle for its arrival step (`SpikeEventQueue`):
    /// delay by delay, and within one delay in (step, sender) order, so each target's sums are
    /// the same bits for any thread count.
    func deliver(_ spikes: [UInt64], cycleStart: Int, shard: ThreadShard, ring: InputRing) {
        let store = shard.synapses
        guard !spikes.isEmpty, store.count > 0 else { return }
        // Per spike: its next run and the first synapse of that run.
        var next = [Int](repeating: 0, count: spikes.count)
        var first = [Int](repeating: 0, count: spikes.count)
        var end = [Int](repeating: 0, count: spikes.count)
        store.runStart.withUnsafeBufferPointer { runStart in
            store.runDelay.withUnsafeBufferPointer { runDelay in
                store.runEnd.withUnsafeBufferPointer { runEnd in
                    store.targets.withUnsafeBufferPointer { targets in
                        store.weights.withUnsafeBufferPointer { weights in
                            for (s, key) in spikes.enumerated() {
                                let gid = Int(key & 0xFFFF_FFFF)
                                next[s] = Int(runStart[gid])
                                end[s] = Int(runStart[gid + 1])
                                first[s] = next[s] == 0 ? 0 : Int(runEnd[next[s] - 1])
                            }
                            for d in store.minDelay...store.maxDelay {
                                for (s, key) in spikes.enumerated() {
                                    let r = next[s]
                                    guard r < end[s], Int(runDelay[r]) == d else { continue }
                                    let queue = ring.queue(cycleStart + Int(key >> 32) + d)
                                    let last = Int(runEnd[r])
                                    let out = queue.pointee.reserve(last - first[s])
                                    for i in first[s]..<last {
                                        out[i - first[s]] = SpikeEventQueue.event(target: targets[i], weight: weights[i])
                                    }
                                    queue.pointee.commit(last - first[s])
                                    first[s] = last
                                    next[s] = r + 1
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Device input emitted in step k: it arrives at k + delay.
    func stimulate(step k: Int, thread t: Int) {
        let shard = network.shards[t]
        let state = threads[t]
        let ring = state.ring
        for d in shard.devices.indices where !shard.devices[d].targets.isEmpty {
            switch shard.devices[d].program {
            case let .current(active, changes):
                guard active.contains(k) else { continue }
                var amplitude = 0.0
                for change in changes where change.step <= k { amplitude = change.amplitude }
                let links = shard.devices[d]
                for j in links.targets.indices {
                    ring.addCurrent(step: k + links.delays[j], neuron: Int(links.targets[j]), value: links.weights[j] * amplitude)
                }
            case let .noise(active, mean, std, interval):
                guard active.contains(k) else { continue }
                let redraw = (k - active.lowerBound) % interval == 0
                for j in shard.devices[d].targets.indices {
                    if redraw { shard.devices[d].held[j] = mean + std * shard.devices[d].streams[j].normal() }
                    let links = shard.devices[d]
                    ring.addCurrent(step: k + links.delays[j], neuron: Int(links.targets[j]), value: links.weights[j] * links.held[j])
                }
            case let .poisson(active, mean):
                guard active.contains(k), mean > 0 else { continue }
                if let lockstep = state.poissonInputs[d] {
                    lockstep.emit(step: k, links: shard.devices[d], ring: ring)
                    continue
                }
                // Means of 10 and more per step: PTRS, a varying number of uniforms per variate.
                let sampler = PoissonSampler(mean: mean)
                let targets = shard.devices[d].targets, weights = shard.devices[d].weights, delays = shard.devices[d].delays
                shard.devices[d].streams.withUnsafeMutableBufferPointer { streams in
                    for j in streams.indices {
                        let n = sampler.sample(&streams[j])
                        if n > 0 { ring.addSpike(step: k + delays[j], neuron: Int(targets[j]), weight: Double(n) * weights[j]) }
                    }
                }
            case let .spikeTrain(steps, multipliers):
                var cursor = state.spikeTrainCursors[d]
                while cursor < steps.count && steps[cursor] < k { cursor += 1 }
                let links = shard.devices[d]
                while cursor < steps.count && steps[cursor] == k {
                    for j in links.targets.indices {
                        ring.addSpike(step: k + links.delays[j], neuron: Int(links.targets[j]), weight: links.weights[j] * multipliers[cursor])
                    }
                    cursor += 1
                }
                state.spikeTrainCursors[d] = cursor
            }
        }
    }
}

/// What the engine keeps per thread besides the shard: input ring, recorders, device cursors and
/// the spikes the thread emitted in the last cycle.
final class ThreadState: @unchecked Sendable {
    // Touched only by its own thread inside a cycle; read by the main thread after the join.
    let ring: InputRing
    let recorders: ThreadRecorders
    var spikeTrainCursors: [Int]
    /// Per device: a Poisson generator's lockstep draws (for means per step below 10).
    let poissonInputs: [PoissonInput?]
    var outgoing: [UInt64] = []
    /// One per plastic store of the shard: its weight recorder's events, nil if not recorded.
    let weightLogs: [WeightLog?]

    init(network: BuiltNetwork, shard: ThreadShard, slots: Int) {
        ring = InputRing(slots: slots, neurons: shard.neuronCount, currents: shard.devices.contains { $0.output == .current })
        recorders = ThreadRecorders(spec: network.spec, layout: network.layout, shard: shard)
        spikeTrainCursors = Array(repeating: 0, count: shard.devices.count)
        poissonInputs = shard.devices.map { links in
            guard case let .poisson(active, mean) = links.program, mean > 0, mean < PoissonSampler.inversionLimit
            else { return nil }
            return PoissonInput(active: active, mean: mean, streams: links.streams)
        }
        weightLogs = shard.plastic.map { WeightLog(store: $0, spec: network.spec, shard: shard) }
    }
}

/// What a rank tells the others with its spikes of a cycle.
struct CycleStatus {
    var word: UInt64
    init(word: UInt64) { self.word = word }
    init(failed: Bool, stop: Bool) { word = (failed ? 1 : 0) | (stop ? 2 : 0) }
    var failed: Bool { word & 1 != 0 }
    var stop: Bool { word & 2 != 0 }
}

/// Per-thread errors of one cycle.
final class ErrorSlots: @unchecked Sendable {
    // Each slot is written by one thread; read after the join.
    private var slots: [HibanaError?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ e: HibanaError?) { slots.withUnsafeMutableBufferPointer { $0[i] = e } }
    func first() -> HibanaError? { slots.compactMap { $0 }.first }
}
