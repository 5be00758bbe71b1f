import Dispatch
import HibanaCommunication
import HibanaDescription
import HibanaModels
import HibanaRandom

/// A network in memory, ready to simulate: this rank's part of it, one shard per thread.
public final class BuiltNetwork: @unchecked Sendable {
    // Shards are mutated only by their own thread during a cycle; see ThreadShard.
    public let spec: NetworkSpec
    /// Blocks over all ranks' threads; this rank's shards are blocks `firstThread ..< firstThread + shards.count`.
    public let layout: NetworkLayout
    public let shards: [ThreadShard]
    public let communicator: any Communicator
    public var firstThread: Int { communicator.rank * shards.count }
    /// Shortest and longest neuron-to-neuron and device delays over all ranks, in steps.
    public private(set) var minDelay: Int
    public private(set) var maxDelay: Int
    /// This rank's build time.
    public private(set) var buildSeconds: Double
    /// Static and plastic synapses, and their bytes, over all ranks.
    public private(set) var totalSynapseCount: Int
    public private(set) var totalSynapseBytes: Int
    /// Static projections left for a backend to build itself (the GPU builds them in its own
    /// memory, for every simulation made from this network); their synapses are in no shard, and
    /// the counts include them once `adoptDeferred` has accounted for them.
    public let deferredProjections: [Int]
    public private(set) var deferredAdopted = false
    /// Delays of the synapses built here; nil when there are none (minDelay is then a default).
    let builtDelays: ClosedRange<Int>?
    /// The longest synapse or device delay built here.
    let builtMaxDelay: Int

    init(
        spec: NetworkSpec, layout: NetworkLayout, shards: [ThreadShard], communicator: any Communicator,
        builtDelays: ClosedRange<Int>?, maxDelay: Int, buildSeconds: Double, totals: [Int64], deferred: [Int]
    ) {
        self.spec = spec
        self.layout = layout
        self.shards = shards
        self.communicator = communicator
        self.builtDelays = builtDelays
        builtMaxDelay = maxDelay
        // Without neuron-to-neuron synapses the cycle length is free: 1 ms keeps exchanges rare.
        minDelay = builtDelays?.lowerBound ?? Swift.max(1, Int((1.0 / spec.resolution).rounded()))
        self.maxDelay = Swift.max(maxDelay, minDelay)
        self.buildSeconds = buildSeconds
        totalSynapseCount = Int(totals[0])
        totalSynapseBytes = Int(totals[1])
        deferredProjections = deferred
    }

    /// Accounts for the deferred projections once a backend has built them: their synapses, bytes,
    /// delays (steps; nil when they made no synapse) and build time. Only the first call counts
    /// (the same network built again gives the same synapses). Single-rank networks only.
    public func adoptDeferred(synapses: Int, bytes: Int, delays: ClosedRange<Int>?, seconds: Double) {
        precondition(communicator.size == 1, "deferred projections are built by a single-process backend")
        guard !deferredAdopted else { return }
        deferredAdopted = true
        totalSynapseCount += synapses
        totalSynapseBytes += bytes
        buildSeconds += seconds
        guard let delays else { return }
        let all = builtDelays.map { Swift.min($0.lowerBound, delays.lowerBound)...Swift.max($0.upperBound, delays.upperBound) } ?? delays
        minDelay = all.lowerBound
        maxDelay = Swift.max(builtMaxDelay, all.upperBound, minDelay)
    }

    /// Static and plastic synapses on this rank.
    public var synapseCount: Int { shards.reduce(0) { $0 + $1.synapseCount } }
    public var synapseBytes: Int { shards.reduce(0) { $0 + $1.synapseBytes } }
    public var plasticSynapseCount: Int { shards.reduce(0) { $0 + $1.plastic.reduce(0) { $0 + $1.count } } }
    public var plasticSynapseBytes: Int { shards.reduce(0) { $0 + $1.plastic.reduce(0) { $0 + $1.bytes } } }
}

/// Turns a validated spec into memory. Every thread of every rank builds its own shard: its
/// blocks of every population and the synapses onto them, drawn from streams keyed by target, so
/// the network is the same for any number of ranks and threads, and no rank holds all of it.
public enum NetworkBuilder {
    /// Builds this rank's part: `threads` shards (blocks `rank × threads …` of the layout over
    /// `ranks × threads` blocks). A collective call: every rank of `communicator` must make it;
    /// if any rank fails, every rank throws (see `Communicator.agree`).
    /// `progress` receives the fraction of thread 0's work done (projections generated, synapses sorted).
    /// `deferring` names static projections (see `fillsStaticStore`) that are not built here: a
    /// backend builds them itself and calls `adoptDeferred`.
    public static func build(
        _ spec: NetworkSpec, threads: Int, communicator: any Communicator = LocalCommunicator(),
        deferring: Set<Int> = [], progress: (@Sendable (Double) -> Void)? = nil
    ) throws -> BuiltNetwork {
        precondition(threads >= 1)
        // Every rank validates the same spec, so every rank refuses an invalid one before building.
        try NetworkValidator.validate(spec)
        let clock = ContinuousClock()
        let started = clock.now
        let layout = NetworkLayout(populationSizes: spec.populations.map(\.count), threads: threads * communicator.size)
        let first = communicator.rank * threads
        let results = ThreadResults<ThreadShard>(count: threads)
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            results.set(t, Result {
                try buildShard(spec, layout: layout, thread: first + t, deferring: deferring, progress: t == 0 ? progress : nil)
            })
        }
        let shards = try communicator.agreeing { try results.values() }
        var minDelay = Int.max
        var maxDelay = 1
        for shard in shards where shard.synapses.count > 0 {
            minDelay = Swift.min(minDelay, shard.synapses.minDelay)
            maxDelay = Swift.max(maxDelay, shard.synapses.maxDelay)
        }
        for shard in shards {
            for store in shard.plastic where store.count > 0 {
                minDelay = Swift.min(minDelay, Int(store.runDelay.min()!))
                maxDelay = Swift.max(maxDelay, Int(store.runDelay.max()!))
            }
        }
        for shard in shards { for d in shard.devices { maxDelay = Swift.max(maxDelay, d.delays.max() ?? 1) } }
        // A rank may hold no synapse of the shortest delay: the cycle is agreed over all ranks.
        minDelay = Int(communicator.allreduce([Int64(minDelay)], .min)[0])
        maxDelay = Int(communicator.allreduce([Int64(maxDelay)], .max)[0])
        let seconds = (clock.now - started) / .seconds(1)
        let local = [Int64(shards.reduce(0) { $0 + $1.synapseCount }), Int64(shards.reduce(0) { $0 + $1.synapseBytes })]
        return BuiltNetwork(
            spec: spec, layout: layout, shards: shards, communicator: communicator,
            builtDelays: minDelay == Int.max ? nil : minDelay...Swift.max(minDelay, maxDelay), maxDelay: maxDelay,
            buildSeconds: seconds, totals: communicator.allreduce(local, .sum), deferred: deferring.sorted())
    }

    static func buildShard(
        _ spec: NetworkSpec, layout: NetworkLayout, thread t: Int, deferring: Set<Int>,
        progress: (@Sendable (Double) -> Void)?
    ) throws -> ThreadShard {
        let h = spec.resolution
        var blocks: [any NeuronModel] = []
        var ranges: [Range<Int>] = []
        var localOffsets: [Int] = []
        var localCount = 0
        var tauMinus: [Double] = []
        for (p, population) in spec.populations.enumerated() {
            let model = try ModelCatalog.neuron(named: population.model)
            let range = layout.block(population: p, thread: t)
            let table = try ParameterResolution.resolve(
                model: model.name, specs: model.parameters, given: population.parameters, total: population.count,
                first: range.lowerBound, count: range.count, gid0: layout.populationOffsets[p], seed: spec.seed,
                family: UInt64(p))
            blocks.append(model.init(parameters: table, resolution: h))
            // Models without a postsynaptic trace (volume_transmitter) are never STDP targets.
            tauMinus += table.all("tau_minus").isEmpty ? Array(repeating: 1, count: range.count) : table.perNeuron("tau_minus")
            ranges.append(range)
            localOffsets.append(localCount)
            localCount += range.count
        }
        var plastic: [PlasticStore] = []
        var devices: [DeviceLinks] = spec.devices.map { d in
            let model = try! ModelCatalog.device(named: d.model)
            let table = try! ParameterResolution.resolve(
                model: model.name, specs: model.parameters, given: d.parameters, total: 1, first: 0, count: 1, gid0: 0,
                seed: spec.seed, family: 0)
            return DeviceLinks(program: model.program(table, resolution: h), output: model.output)
        }
        // Pass 1: synapses per source. Sources come from the connection streams alone, so this
        // pass draws no weight or delay.
        var perSource = [Int](repeating: 0, count: layout.neuronCount)
        for (i, projection) in spec.projections.enumerated() {
            guard case let .population(s) = projection.source, try fillsStaticStore(projection), !deferring.contains(i) else {
                continue
            }
            let sourceGid0 = layout.populationOffsets[s]
            NetworkValidator.generator(projection, index: i, in: spec).generate(ownedTargets: ranges[projection.target]) {
                source, _, _ in perSource[sourceGid0 + source] += 1
            }
            progress?(0.3 * Double(i + 1) / Double(spec.projections.count))
        }
        var filler = SynapseFiller(perSource: perSource)
        perSource = []
        // Pass 2: the same connections again, now with their weights and delays.
        for (i, projection) in spec.projections.enumerated() {
            let generator = NetworkValidator.generator(projection, index: i, in: spec)
            let range = ranges[projection.target]
            let localBase = localOffsets[projection.target] - range.lowerBound
            let weight = projection.weight, delay = projection.delay
            switch projection.source {
            case let .population(s):
                let sourceGid0 = layout.populationOffsets[s]
                if let resolved = try projection.resolvedRule(resolution: h) {
                    var plasticCollector = PlasticCollector()
                    generator.generate(ownedTargets: range) { source, target, stream in
                        let w = weight.sample(&stream)
                        let d = delaySteps(delay.sample(&stream), h)
                        plasticCollector.append(source: source, target: localBase + target, weight: w, delay: d)
                    }
                    plastic.append(PlasticStore(
                        projection: i, rule: resolved.rule,
                        initialState: (resolved.initialSourceState, resolved.initialSynapseState), sourceGid0: sourceGid0,
                        sourceCount: spec.populations[s].count, collected: plasticCollector,
                        deliversInput: projection.receptorType == 0, recordWeights: projection.recordWeights,
                        modulatorGid: projection.volumeTransmitter.map { layout.populationOffsets[$0] },
                        teacher: projection.teacher.map { teacher in
                            var incoming = [UInt32](repeating: 0, count: localCount)
                            for t in plasticCollector.targets { incoming[Int(t)] += 1 }
                            let history = PostSpikeHistory(
                                tauMinus: Array(repeating: 1, count: localCount), incoming: incoming, resolution: h,
                                keepSteps: 2 * Int(plasticCollector.delays.max() ?? 1))
                            return TeacherLink(
                                gid0: layout.populationOffsets[teacher], owned: range, localBase: localBase, history: history)
                        }))
                } else if try fillsStaticStore(projection), !deferring.contains(i) {
                    filler.fill { writer in
                        generator.generate(ownedTargets: range) { source, target, stream in
                            let w = weight.sample(&stream)
                            let d = delaySteps(delay.sample(&stream), h)
                            writer.place(source: sourceGid0 + source, target: localBase + target, weight: w, delay: d)
                        }
                    }
                }
            case let .device(d):
                let targetGid0 = layout.populationOffsets[projection.target]
                generator.generate(ownedTargets: range) { _, target, stream in
                    devices[d].targets.append(UInt32(localBase + target))
                    devices[d].weights.append(weight.sample(&stream))
                    devices[d].delays.append(delaySteps(delay.sample(&stream), h))
                    let purpose: StreamPurpose = devices[d].output == .spikes ? .poissonInput : .noiseInput
                    devices[d].streams.append(
                        RandomStream(seed: spec.seed, purpose: purpose, family: UInt64(i), id: UInt64(targetGid0 + target)))
                    devices[d].held.append(0)
                }
            }
            progress?(0.3 + 0.6 * Double(i + 1) / Double(spec.projections.count))
        }
        let store = SynapseStore(filled: &filler)
        progress?(1)
        return ThreadShard(
            thread: t, blocks: blocks, blockRanges: ranges, synapses: store, plastic: plastic,
            postHistory: postHistory(plastic, tauMinus: tauMinus, resolution: h), devices: devices)
    }

    /// Static synapses that deliver input: receptor_type 1 (parrot_neuron) without plasticity has
    /// no effect at all, and plastic synapses live in their own stores.
    public static func fillsStaticStore(_ projection: ProjectionSpec) throws -> Bool {
        guard projection.receptorType == 0 else { return false }
        return try SynapseCatalog.rule(named: projection.synapseModel) == nil
    }

    /// The history of postsynaptic spikes for the plastic stores that read it; it keeps entries
    /// for max delay + min delay steps (bounded here by twice the max plastic delay).
    static func postHistory(_ plastic: [PlasticStore], tauMinus: [Double], resolution h: Double) -> PostSpikeHistory {
        var incoming = [UInt32](repeating: 0, count: tauMinus.count)
        var maxDelay = 1
        for store in plastic where type(of: store.rule).readsPostHistory {
            for t in store.targets { incoming[Int(t)] += 1 }
            maxDelay = Swift.max(maxDelay, Int(store.runDelay.max() ?? 1))
        }
        return PostSpikeHistory(tauMinus: tauMinus, incoming: incoming, resolution: h, keepSteps: 2 * maxDelay)
    }
}

/// A delay in ms as whole steps, at least one. Int(x + 0.5) is round-half-away for the x ≥ 1 that
/// matter (x + 0.5 is then exact or rounds within its binade) and gives 0 or 1 below, where the
/// minimum of one step applies anyway; it saves a libm call per synapse.
@inline(__always)
public func delaySteps(_ ms: Double, _ h: Double) -> Int { Swift.max(1, Int(ms / h + 0.5)) }

/// Per-thread results of a parallel section, rethrowing the first error after all threads joined.
final class ThreadResults<Value>: @unchecked Sendable {
    // Each index is written by exactly one thread, and read only after the parallel section ends.
    private var slots: [Result<Value, Error>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ r: Result<Value, Error>) {
        slots.withUnsafeMutableBufferPointer { $0[i] = r }
    }

    func values() throws -> [Value] {
        try slots.map { try $0!.get() }
    }
}
