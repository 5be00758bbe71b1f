import HibanaBuild
import HibanaCUDA
import HibanaDescription
import HibanaEngine
import HibanaModels

/// Runs a built network on one GPU with the CPU engine's schedule (see `NetworkKernels`): per
/// cycle of `minDelay` steps, one delivery launch and one step launch per step; at the cycle's
/// end the spikes come back to the host for recording and stay on the GPU for the next delivery.
public final class CUDASimulation: SimulationResults, PlasticWeights, @unchecked Sendable {
    // Driven from one thread.
    public let network: BuiltNetwork
    public let backend: CUDABackend
    let image: GPUNetworkImage
    let synapses: GPUSynapses
    let recorders: GPURecorders
    let step: CUDAKernel, deliver: CUDAKernel, sample: CUDAKernel
    let pairDeliver: CUDAKernel, pairAdvance: CUDAKernel, dopamineDeliver: CUDAKernel, dopamineRecord: CUDAKernel
    let teacherRecord: CUDAKernel
    let stpBegin: CUDAKernel, stpDeliver: CUDAKernel
    let buffers: DeviceBuffers
    /// nil without plastic projections.
    let plastic: GPUPlasticBuffers?
    /// With plastic synapses, the last cycle's spikes (lag << 32 | gid), sorted: what the next
    /// cycle's plastic kernels deliver (they read them from the spike log; the host counts their
    /// updates and, for a weight recorder, prepares the cycle from them).
    var pendingKeys: [UInt64] = []
    /// Per recorded plastic projection: its weight recorder's events so far, unordered
    /// (three words each, `GPUPlasticBuffers.Projection.takeEvents`).
    var weightEventWords: [Int: [UInt64]] = [:]
    let slots: Int
    /// Whether the PTX came from the disk cache.
    public let kernelsCached: Bool
    public let setupSeconds: Double
    public internal(set) var stepIndex = 0
    /// The step of a loaded checkpoint (0 without one): where the recordings start.
    public internal(set) var startStep = 0
    public var startTime: Double { Double(startStep) * resolution }
    public private(set) var simulateSeconds = 0.0
    public internal(set) var spikeCount = 0
    /// Static synapses of the spikes so far (what their deliveries read), for `traffic`.
    public internal(set) var deliveredSynapses = 0
    /// Bytes the plastic synapses' updates moved so far (`GPUPlasticImage.Projection.bytesPerUpdate`), for `traffic`.
    public internal(set) var plasticBytes = 0
    /// The static synapses' per-source offsets, read back once for that count.
    let hostOffsets: [UInt64]
    /// Time split (with `profile` only): neuron and device update, spike delivery; the rest is
    /// readback and recording.
    public private(set) var updateSeconds = 0.0
    public private(set) var deliverySeconds = 0.0
    var pendingStart = 0
    var failure: HibanaError?
    /// Cycles enqueued between two synchronisations, and the blocks of a delivery launch.
    public let batchCycles: Int
    let deliveryBlocks: Int
    /// Cycles run, spike-log entries read back, and where the last cycle started.
    var cycleCount = 0
    var logged: UInt64 = 0
    var lastCycleStart = 0
    /// Synchronise after each phase, so that `updateSeconds` and `deliverySeconds` split the time.
    public var profile = false
    /// Launch each full batch as one CUDA graph (off with weight recorders too large for a batch's
    /// log, or HIBANA_CUDA_GRAPHS=0;
    /// turned off if the driver cannot make one, `graphProblem` says why).
    public var usesGraphs: Bool
    public private(set) var graphProblem: String?
    /// Batches run as a graph.
    public private(set) var graphLaunches = 0
    /// The recorded graphs, by the batch's phase against every multimeter's interval (one graph
    /// when the batch is a multiple of the intervals, as it usually is); at most `maxGraphs`.
    var graphs: [[Int]: CUDAGraph] = [:]
    static let maxGraphs = 16
    public var recordedGraphs: Int { graphs.count }

    /// Spikes each neuron's history keeps on the GPU for STDP (`PostSpikeHistory.gpuLength`, or HIBANA_GPU_HISTORY).
    public let historyLength: Int
    /// The neuron state's and input rings' type (`hb_real`).
    public let precision: Precision
    public var computedOn: (backend: Backend, precision: Precision, gpu: String?) { (.cuda, precision, backend.context.info.description) }

    /// Weight-recorder events (24 bytes each) a batch's logs hold together, by default.
    public static let weightEventsPerBatch = 1 << 22

    /// `historyLength`: the GPU spike history's length, if not the default or HIBANA_GPU_HISTORY's;
    /// `weightEvents`: the weight-recorder events a batch's logs may hold (when a cycle's may
    /// exceed them, a batch is one cycle, for which the host makes room); `precision`: `hb_real`.
    public init(
        _ network: BuiltNetwork, backend: CUDABackend, precision: Precision = .double, historyLength: Int? = nil,
        weightEvents: Int = weightEventsPerBatch
    ) throws {
        let clock = ContinuousClock()
        let started = clock.now
        self.network = network
        self.backend = backend
        self.precision = precision
        let unsupported = GPUSupport.problems(network.spec)
        guard unsupported.isEmpty else { throw HibanaError.invalidNetwork(reason: unsupported.joined(separator: "; ")) }
        image = try GPUNetworkImage(network)
        synapses = try GPUSynapses(image: image, network: network, backend: backend)
        hostOffsets = try synapses.offsets.download()
        if !network.deferredProjections.isEmpty {
            network.adoptDeferred(
                synapses: synapses.builtCount, bytes: synapses.builtCount * image.packing.bytesPerSynapse,
                delays: synapses.builtDelays,
                seconds: synapses.buildSeconds)
        }
        slots = network.maxDelay + network.minDelay
        let source = NetworkKernels.source(models: image.models, precision: precision)
        let compiled = try backend.compiler.ptx(source, architecture: backend.architecture)
        kernelsCached = compiled.cached
        let module = try backend.context.loadModule(ptx: compiled.ptx)
        step = try module.kernel("hibana_step")
        deliver = try module.kernel("hibana_deliver")
        sample = try module.kernel("hibana_sample")
        pairDeliver = try module.kernel("hibana_pair_deliver")
        pairAdvance = try module.kernel("hibana_pair_advance")
        dopamineDeliver = try module.kernel("hibana_dopamine_deliver")
        dopamineRecord = try module.kernel("hibana_dopamine_record")
        teacherRecord = try module.kernel("hibana_teacher_record")
        stpBegin = try module.kernel("hibana_stp_begin")
        stpDeliver = try module.kernel("hibana_stp_deliver")
        let cycleSpikes = image.neuronCount * network.minDelay
        let logCapacity = Self.logCapacity(neurons: image.neuronCount, minDelay: network.minDelay)
        // A spike's ~10^3–10^4 synapses over 512 threads: a few loads each, so a step's few dozen
        // spikes are not latency-bound; 256 blocks stride over a burst's spikes.
        deliveryBlocks = Swift.min(cycleSpikes, 256)
        buffers = try DeviceBuffers(
            image: image, context: backend.context, slots: slots, logCapacity: logCapacity, minDelay: network.minDelay,
            precision: precision)
        self.historyLength = try historyLength ?? Self.historyLength(ProcessEnvironment.current["HIBANA_GPU_HISTORY"])
        // The plastic kernels read their spikes from the log; weight recorders' logs hold a
        // batch's events, or else the host makes room before each cycle, a batch of one cycle.
        let cycles = GPUPlasticBuffers.recordedBatch(
            image.plastic, cycles: Swift.max(1, logCapacity / cycleSpikes - 1), minDelay: network.minDelay, budget: weightEvents)
        batchCycles = cycles ?? 1
        usesGraphs = cycles != nil && ProcessEnvironment.current["HIBANA_CUDA_GRAPHS"] != "0"
        plastic = image.plastic.isEmpty ? nil : try GPUPlasticBuffers(
            image.plastic, context: backend.context, resolution: network.spec.resolution,
            spikeCapacity: cycleSpikes, historyLength: self.historyLength, eventSteps: cycles.map { $0 * network.minDelay })
        recorders = try GPURecorders(
            network: network, image: image, buffers: buffers, context: backend.context, batchSteps: batchCycles * network.minDelay)
        setupSeconds = (clock.now - started) / .seconds(1)
    }

    public var resolution: Double { network.spec.resolution }
    public var time: Double { Double(stepIndex) * resolution }
    /// Bytes of GPU memory per synapse (static ones with their per-source offsets, plastic ones
    /// with their runs and source traces).
    public var deviceBytesPerSynapse: Double {
        let count = synapses.count + image.plastic.synapseCount
        return count == 0 ? 0 : Double(synapses.bytes + image.plastic.bytes) / Double(count)
    }
    /// Static synapses the GPU built itself, and the seconds that took (0 when the host built them all).
    public var gpuBuiltSynapses: Int { synapses.builtCount }
    public var gpuBuildSeconds: Double { synapses.buildSeconds }

    /// Advances by `duration` ms; `progress` and a numerical blow-up as `Simulation.run`.
    ///
    /// Cycles are enqueued in batches (`batchCycles`) without waiting for the GPU: each cycle's
    /// delivery reads the last cycle's spikes from the spike log on the device, and the kernels
    /// take their step relative to the batch's first (counters[4]), so a whole batch is one
    /// recorded CUDA graph when `usesGraphs` (no plastic synapses, a full batch), multimeter samples
    /// included.
    /// After a batch the host synchronises once, reads the new log entries and samples, and
    /// checks for a blow-up; a blow-up freezes the network from the next cycle on, so the run
    /// stops where the CPU's would. Plastic synapses are delivered after the static ones, per step
    /// of the last cycle (`plasticLaunches`); with weight recorders whose events a batch's log
    /// cannot hold a batch is one cycle, which the host prepares (`prepareCycle`). `profile` launches kernel by kernel and
    /// synchronises after every phase to split the time into update and delivery.
    public func run(_ duration: Double, progress: ((Double) -> Bool)? = nil) throws {
        if let failure { throw failure }
        if let problem = StepLimit.problem(start: stepIndex, duration: duration, resolution: resolution) {
            throw HibanaError.invalidNetwork(reason: problem)
        }
        let clock = ContinuousClock()
        let started = clock.now
        defer { simulateSeconds += (clock.now - started) / .seconds(1) }
        let end = stepIndex + Int((duration / resolution).rounded())
        let ctx = backend.context
        let minDelay = network.minDelay
        while stepIndex < end {
            let batchStart = stepIndex
            try buffers.counters.upload([UInt64(batchStart), UInt64(cycleCount)], at: 4)
            // The last cycle's spikes are delivered by this batch's first cycle.
            if let plastic { countPlasticUpdates(pendingKeys, plastic) }
            let full = end - stepIndex >= batchCycles * minDelay
            if full && usesGraphs && !profile, let graph = try batchGraph(from: batchStart) {
                try graph.launch()
                graphLaunches += 1
                for (offset, m) in recorders.due(from: batchStart, steps: batchCycles * minDelay) {
                    recorders.taken(m, step: batchStart + offset)
                }
                stepIndex += batchCycles * minDelay
                lastCycleStart = stepIndex - minDelay
                cycleCount += batchCycles
            }
            for _ in 0..<batchCycles where stepIndex < end && stepIndex < batchStart + batchCycles * minDelay {
                let cycle = stepIndex..<Swift.min(end, stepIndex + minDelay)
                var t0 = clock.now
                let cycleIndex = (cycle.lowerBound - batchStart) / minDelay
                try deliver.launch(threads: deliveryBlocks * 512, blockSize: 512, deliveryArguments(cycleIndex: cycleIndex))
                if let plastic {
                    // A cycle the host prepares knows its spikes: launches for the steps that have some
                    // (their lags from min_delay steps before this cycle, as the kernels count them).
                    let lags = !plastic.needsHost ? Array(0..<minDelay)
                        : Set(pendingKeys.map { pendingStart + Int($0 >> 32) - (cycle.lowerBound - minDelay) }).sorted()
                    if plastic.needsHost { try prepareCycle(plastic) }
                    for l in plasticLaunches(plastic, cycleIndex: cycleIndex, lags: lags) {
                        try l.kernel.launch(threads: l.threads, blockSize: l.blockSize, l.arguments)
                    }
                }
                if profile {
                    try ctx.synchronize()
                    deliverySeconds += (clock.now - t0) / .seconds(1)
                    t0 = clock.now
                }
                for k in cycle {
                    try step.launch(threads: image.neuronCount, stepArguments(
                        stepOffset: k - batchStart, cycleOffset: cycle.lowerBound - batchStart))
                    for (_, m) in recorders.due(from: k, steps: 1) { try recorders.sample(m, step: k, kernel: sample) }
                }
                if profile {
                    try ctx.synchronize()
                    updateSeconds += (clock.now - t0) / .seconds(1)
                }
                stepIndex = cycle.upperBound
                lastCycleStart = cycle.lowerBound
                cycleCount += 1
            }
            try ctx.synchronize()
            try collectBatch()
            if let progress, !progress(time) { return }
        }
    }

    /// `hibana_deliver`'s arguments for the batch's cycle `cycleIndex`.
    func deliveryArguments(cycleIndex: Int) -> KernelArguments {
        KernelArguments()
            .add(buffers.log.address).add(UInt64(buffers.log.count)).add(buffers.counters.address).add(Int32(cycleIndex))
            .add(synapses.offsets.address).add(synapses.low.address).add(synapses.high8Address).add(synapses.high16Address)
            .add(synapses.weights.address).add(UInt32(image.packing.targetBits)).add(buffers.ringEx.address)
            .add(buffers.ringIn.address).add(Int32(slots)).add(Int32(image.neuronCount))
    }

    /// `hibana_step`'s arguments for the step `stepOffset` steps into the batch.
    func stepArguments(stepOffset: Int, cycleOffset: Int) -> KernelArguments {
        KernelArguments()
            .add(buffers.populations.address).add(Int32(image.populations.count)).add(Int32(image.neuronCount))
            .add(buffers.ringEx.address).add(buffers.ringIn.address).add(buffers.ringCur?.address ?? 0)
            .add(Int32(slots)).add(Int32(stepOffset)).add(Int32(cycleOffset))
            .add(buffers.devices.address).add(buffers.linkStart.address).add(buffers.links.address)
            .add(buffers.streams.address).add(buffers.eventSteps.address).add(buffers.eventValues.address)
            .add(buffers.counters.address).add(buffers.log.address).add(UInt64(buffers.log.count))
            .add(plastic?.history.record.address ?? 0).add(buffers.held.address)
    }

    /// A full batch from step `first` as one CUDA graph, recorded on first use for its phase
    /// (`GPURecorders.phase`); nil when the driver cannot make one (graphs off from then on, the
    /// run goes on launching kernel by kernel) or `maxGraphs` phases are recorded already.
    func batchGraph(from first: Int) throws -> CUDAGraph? {
        let phase = recorders.phase(first)
        if let graph = graphs[phase] { return graph }
        guard graphs.count < Self.maxGraphs else { return nil }
        do {
            let g = try CUDAGraph(context: backend.context)
            let due = recorders.due(from: first, steps: batchCycles * network.minDelay)
            var next = 0
            var slots = [Int](repeating: 0, count: recorders.multimeters.count)
            for c in 0..<batchCycles {
                let cycleOffset = c * network.minDelay
                try g.add(deliver, threads: deliveryBlocks * 512, blockSize: 512, deliveryArguments(cycleIndex: c))
                for l in plastic.map({ plasticLaunches($0, cycleIndex: c, lags: Array(0..<network.minDelay)) }) ?? [] {
                    try g.add(l.kernel, threads: l.threads, blockSize: l.blockSize, l.arguments)
                }
                for k in cycleOffset..<(cycleOffset + network.minDelay) {
                    try g.add(step, threads: image.neuronCount, stepArguments(stepOffset: k, cycleOffset: cycleOffset))
                    while next < due.count && due[next].offset == k {
                        let m = due[next].multimeter
                        try g.add(sample, threads: recorders.multimeters[m].width, recorders.sampleArguments(m, slot: slots[m]))
                        slots[m] += 1
                        next += 1
                    }
                }
            }
            graphs[phase] = g
            return g
        } catch {
            usesGraphs = false
            graphProblem = "\(error)"
            return nil
        }
    }

    /// After a batch: the new spikes and samples to the recorders, then the checks.
    func collectBatch() throws {
        let counters = try buffers.counters.download()
        let count = Int(counters[0] - logged)
        precondition(count <= buffers.log.count, "the spike log holds every spike of a batch")
        var keys = try logEntries(from: logged, count: count)
        logged = counters[0]
        spikeCount += count
        var blowUp: HibanaError?
        if counters[3] != UInt64.max {
            // The cycle in which a state stopped being finite is the last one that counts.
            stepIndex = Swift.min(stepIndex, Int(counters[3] >> 32) + network.minDelay)
            keys.removeAll { Int($0 >> 32) >= stepIndex }
            spikeCount -= count - keys.count
            blowUp = try instability(gid: Int(counters[3] & 0xFFFF_FFFF))
        }
        for p in plastic?.projections ?? [] where p.events != nil {
            weightEventWords[p.image.projection, default: []] += try p.takeEvents()
        }
        keys.sort()
        for key in keys {
            let gid = Int(key & 0xFFFF_FFFF)
            if gid + 1 < hostOffsets.count { deliveredSynapses += Int(hostOffsets[gid + 1] - hostOffsets[gid]) }
        }
        recorders.record(keys)
        try recorders.collectSamples(before: stepIndex)
        if let blowUp {
            failure = blowUp
            throw blowUp
        }
        if let plastic {
            // The batch's other cycles were delivered within it; its last is delivered by the next batch.
            let pending = keys.firstIndex { Int($0 >> 32) >= lastCycleStart } ?? keys.endIndex
            countPlasticUpdates(keys[..<pending], plastic)
            pendingKeys = keys[pending...].map { $0 - UInt64(lastCycleStart) << 32 }
            pendingStart = lastCycleStart
            let flags = try buffers.flags.download()
            let lost = flags[2] != 0
                ? "a neuron fired more than \(historyLength) times between two spikes of one of its plastic inputs, more "
                    + "than its spike history on the GPU keeps"
                : flags[3] != 0
                ? "a stdp_dopamine_synapse's source was silent for more than "
                    + "\(StdpDopamineSynapse.gpuTraceCapacity(historyLength: historyLength) - 1) spikes of its volume "
                    + "transmitter, more than its dopamine trace on the GPU keeps"
                : nil
            if let lost {
                let error = HibanaError.invalidNetwork(
                    reason: "STDP on the GPU: \(lost) (before t = \(formatNumber(time)) ms); keep more with "
                        + "HIBANA_GPU_HISTORY=\(4 * historyLength), or run this network with --backend cpu")
                failure = error
                throw error
            }
        }
    }

    /// Entries of the spike log: a batch of about 100 steps, with every neuron firing at every
    /// step of a batch and the cycle before it (at most 2^25 entries, 256 MiB; fewer cycles then).
    static func logCapacity(neurons: Int, minDelay: Int) -> Int {
        let cycleSpikes = neurons * minDelay
        return Swift.min(cycleSpikes * (Swift.max(1, 100 / minDelay) + 1), Swift.max(2 * cycleSpikes, 1 << 25))
    }

    /// The history length HIBANA_GPU_HISTORY asks for (`PostSpikeHistory.gpuLength` without it).
    public static func historyLength(_ setting: String?) throws -> Int {
        guard let setting else { return PostSpikeHistory.gpuLength }
        guard let n = Int(setting), (2...65536).contains(n) else {
            throw HibanaError.invalidParameter(
                model: "cuda backend", key: "HIBANA_GPU_HISTORY", value: setting, allowed: "a whole number of spikes from 2 to 65536")
        }
        return n
    }

    /// `count` spike-log entries from position `first` (the log is a ring).
    func logEntries(from first: UInt64, count: Int) throws -> [UInt64] {
        let capacity = buffers.log.count
        let start = Int(first % UInt64(capacity))
        let head = Swift.min(count, capacity - start)
        return try buffers.log.download(head, from: start) + (count > head ? buffers.log.download(count - head, from: 0) : [])
    }
}

extension CUDASimulation {
    /// The plastic projections' share of the batch's cycle `cycleIndex`, for the given steps
    /// (`lags`) of the last cycle, whose spikes the kernels read from the spike log
    /// (`NetworkKernels.spikeLog`): the climbing fibres' spikes into their teacher histories for
    /// every step first (as the CPU records them), and the volume transmitter's into the dopamine
    /// traces (as the CPU adds them), then per step and projection STDP's updates and deliveries
    /// then its sources' traces, or a short-term rule's factors then its deliveries.
    func plasticLaunches(_ plastic: GPUPlasticBuffers, cycleIndex: Int, lags: [Int])
        -> [(kernel: CUDAKernel, threads: Int, blockSize: Int, arguments: KernelArguments)]
    {
        // A block per spike (as `hibana_deliver`), or a thread per spike, striding over the cycle's spikes.
        let perBlock = deliveryBlocks * 128, perThread = Swift.min(image.neuronCount * network.minDelay, 1 << 15)
        // What every plastic kernel takes after its records: the spike log, the cycle, the step of the last cycle.
        let spikes = { (lag: Int, records: [UInt64]) in
            records.reduce(KernelArguments()) { $0.add($1) }.add(self.buffers.logRecord.address).add(Int32(cycleIndex)).add(Int32(lag))
        }
        let ring = { (a: KernelArguments) in
            a.add(self.buffers.ringEx.address).add(self.buffers.ringIn.address).add(Int32(self.slots)).add(Int32(self.image.neuronCount))
        }
        var launches: [(kernel: CUDAKernel, threads: Int, blockSize: Int, arguments: KernelArguments)] = []
        for p in plastic.projections {
            guard let teacher = p.teacher, let gid0 = p.image.teacherGid0 else { continue }
            for lag in lags {
                launches.append((teacherRecord, perThread, 128,
                                 spikes(lag, [teacher.record.address]).add(Int32(gid0)).add(Int32(teacher.slotCount))))
            }
        }
        for p in plastic.projections {
            guard let modulator = p.image.modulatorGid, p.modulator != nil else { continue }
            for lag in lags { launches.append((dopamineRecord, perThread, 128, spikes(lag, [p.record.address]).add(Int32(modulator)))) }
        }
        for lag in lags {
            for p in plastic.projections {
                switch p.image.rule {
                case .pairBased, .dopamine:
                    let deliver: CUDAKernel
                    if case .dopamine = p.image.rule { deliver = dopamineDeliver } else { deliver = pairDeliver }
                    let history = (p.teacher ?? plastic.history).record.address
                    launches.append((deliver, perBlock, 128, ring(spikes(lag, [p.record.address, history])).add(buffers.flags.address)))
                    launches.append((pairAdvance, perThread, 128, spikes(lag, [p.record.address])))
                case .tsodyks, .tsodyks2:
                    launches.append((stpBegin, perThread, 128, spikes(lag, [p.record.address])))
                    launches.append((stpDeliver, perBlock, 128, ring(spikes(lag, [p.record.address]))))
                }
            }
        }
        return launches
    }

    /// Before the plastic kernels of a cycle the host prepares: room for a weight recorder's
    /// events (at most every synapse of every spiking source).
    func prepareCycle(_ plastic: GPUPlasticBuffers) throws {
        for p in plastic.projections { try p.reserveEvents(updates(pendingKeys, p.image), context: backend.context) }
    }

    /// Synapses of `keys`' spikes (gid in the low word) in projection `p`: the updates their delivery makes.
    func updates(_ keys: some Sequence<UInt64>, _ p: GPUPlasticImage.Projection) -> Int {
        keys.reduce(0) { sum, key in
            let s = Int(key & 0xFFFF_FFFF) - p.gid0
            return s >= 0 && s < p.sourceCount ? sum + p.segment(of: s).count : sum
        }
    }

    /// Adds the bytes the delivery of `keys`' spikes moves in the plastic projections (`traffic`).
    func countPlasticUpdates(_ keys: some Sequence<UInt64>, _ plastic: GPUPlasticBuffers) {
        for p in plastic.projections { plasticBytes += updates(keys, p.image) * p.image.bytesPerUpdate }
    }

    /// Everything the weight recorder of projection `projection` logged, in the CPU's order:
    /// time, sender, target, then the synapse's place in its source's segment (where the CPU
    /// logs a multapse's updates in delivery order).
    public func weightEvents(projection: Int) -> WeightEvents {
        let words = weightEventWords[projection] ?? []
        let order = stride(from: 0, to: words.count, by: 3).sorted { (words[$0], words[$0 + 1]) < (words[$1], words[$1 + 1]) }
        var events = WeightEvents()
        for e in order {
            events.times.append(Double(words[e] >> 32) * resolution)
            events.senders.append(Int(words[e] & 0xFFFF_FFFF) + 1)
            events.targets.append(Int(words[e + 1] >> 32) + 1)
            events.weights.append(Double(bitPattern: words[e + 2]))
        }
        return events
    }

    /// The current weights of plastic projection `projection`, in `Simulation.weights`' order
    /// (empty for a projection without plastic synapses, as on the CPU).
    public func weights(projection: Int) throws -> ConnectionWeights {
        guard let (p, rows) = plasticRows(projection: projection) else { return ConnectionWeights() }
        let weights = try p.weights.download()
        var out = ConnectionWeights()
        for row in rows {
            out.sources.append(row.source + 1)
            out.targets.append(row.target + 1)
            out.delays.append(Double(row.delay) * resolution)
            out.weights.append(weights[row.index])
        }
        return out
    }

    /// Sets projection `projection`'s plastic weights, given in the order of `weights(projection:)`.
    public func setWeights(projection: Int, _ weights: [Double]) throws {
        let found = plasticRows(projection: projection)
        let rows = found?.rows ?? []
        guard rows.count == weights.count else {
            throw HibanaError.invalidNetwork(
                reason: "projection #\(projection) has \(rows.count) plastic connections; got \(weights.count) weights")
        }
        if let bad = weights.first(where: { !$0.isFinite }) {
            throw HibanaError.invalidNetwork(reason: "weights must be finite (got \(bad))")
        }
        guard let p = found?.buffers else { return }
        var device = try p.weights.download()
        for (row, w) in zip(rows, weights) { device[row.index] = w }
        try p.weights.upload(device)
    }

    /// A plastic projection's buffers and its synapses in canonical order: (source gid, target
    /// gid, delay, index in the GPU arrays), sorted by source, target, delay, then creation.
    func plasticRows(projection: Int)
        -> (buffers: GPUPlasticBuffers.Projection, rows: [(source: Int, target: Int, delay: Int, index: Int)])?
    {
        guard let plastic, let p = plastic.projections.first(where: { $0.image.projection == projection }) else { return nil }
        var rows: [(source: Int, target: Int, delay: Int, index: Int)] = []
        for s in 0..<p.image.sourceCount {
            for r in Int(p.image.runStart[s])..<Int(p.image.runStart[s + 1]) {
                let from = r == 0 ? 0 : Int(p.image.runEnd[r - 1])
                for i in from..<Int(p.image.runEnd[r]) {
                    rows.append((p.image.gid0 + s, Int(p.image.targets[i]), Int(p.image.runDelay[r]), i))
                }
            }
        }
        rows.sort { ($0.source, $0.target, $0.delay, $0.index) < ($1.source, $1.target, $1.delay, $1.index) }
        return (p, rows)
    }

    /// The error `Simulation` raises for neuron `gid`: its first non-finite checked variable,
    /// named as users know it (V_m, not v) when it is a recordable.
    func instability(gid: Int) throws -> HibanaError {
        let p = image.populations.lastIndex { $0.first <= gid }!
        let population = image.populations[p]
        let update = image.models[population.model].gpuUpdate
        let i = gid - population.first
        var variable = "state", value = Double.nan
        let checks = update.finite.map { name in (name, { (x: Double) in !x.isFinite }) }
            + update.bounds.map { bound in (bound.state, bound.violated) }
        for (name, fails) in checks {
            let k = update.state.firstIndex { $0.name == name }!
            guard let x = try buffers.state[p][k].reals(1, from: i)?.first, fails(x) else { continue }
            let model = image.models[population.model]
            if let r = population.recordables.firstIndex(where: { $0.state == k }) {
                (variable, value) = (model.recordables[r].name, x + population.recordables[r].offset)
            } else {
                (variable, value) = (name, x)
            }
            break
        }
        return .numericalInstability(
            population: network.spec.populations[p].name, neuron: i, variable: variable, value: value, timeMs: time)
    }
}

/// The network's arrays in GPU memory.
final class DeviceBuffers {
    let populations: DeviceBuffer<UInt64>
    /// Per population: its constants and the table of its state arrays' addresses; kept alive here.
    let constants: [DeviceBuffer<Double>]
    let stateTables: [DeviceBuffer<UInt64>]
    let state: [[GPUStateArray]]
    /// The input rings (`hb_real`); no current ring in a network without current devices (as `InputRing`).
    let ringEx: GPUStateArray, ringIn: GPUStateArray, ringCur: GPUStateArray?
    let devices: DeviceBuffer<UInt64>, eventSteps: DeviceBuffer<Int32>, eventValues: DeviceBuffer<Double>
    let linkStart: DeviceBuffer<Int32>, links: DeviceBuffer<UInt64>, streams: DeviceBuffer<UInt32>, held: DeviceBuffer<Double>
    /// flags[2]: whether a plastic synapse's window reached past its target's GPU spike history;
    /// flags[3]: whether a dopamine synapse needed an entry its GPU dopamine trace had lost.
    let flags: DeviceBuffer<UInt32>
    /// The spike log (step << 32 | gid, a ring) and its counters: entries written, where the next
    /// delivery starts (two marks, alternating by cycle), the first non-finite state (cycle start
    /// << 32 | gid; UInt64.max: none), the batch's first step and the number of its first cycle.
    let log: DeviceBuffer<UInt64>
    let counters: DeviceBuffer<UInt64>
    /// `hb_log` (`NetworkKernels.spikeLog`): the log, its capacity, the counters and min_delay.
    let logRecord: DeviceBuffer<UInt64>

    init(image: GPUNetworkImage, context c: CUDAContext, slots: Int, logCapacity: Int, minDelay: Int, precision: Precision) throws {
        var constants: [DeviceBuffer<Double>] = [], tables: [DeviceBuffer<UInt64>] = [], state: [[GPUStateArray]] = []
        var records: [UInt64] = []
        for p in image.populations {
            let cb = try DeviceBuffer(context: c, p.constants)
            let types = image.models[p.model].gpuUpdate.state.map(\.type)
            let arrays = try zip(p.state, types).map { try GPUStateArray(context: c, $0, type: $1, precision: precision) }
            let table = try DeviceBuffer(context: c, arrays.map(\.address))
            records += [UInt64(UInt32(p.first)) | UInt64(UInt32(p.count)) << 32, UInt64(p.model), cb.address, table.address]
            constants.append(cb); tables.append(table); state.append(arrays)
        }
        populations = try DeviceBuffer(context: c, records)
        self.constants = constants
        stateTables = tables
        self.state = state
        let ringSize = slots * image.neuronCount
        ringEx = try GPUStateArray(context: c, zeros: ringSize, precision: precision)
        ringIn = try GPUStateArray(context: c, zeros: ringSize, precision: precision)
        ringCur = image.hasCurrents ? try GPUStateArray(context: c, zeros: ringSize, precision: precision) : nil
        devices = try DeviceBuffer(context: c, image.deviceRecords)
        eventSteps = try DeviceBuffer(context: c, image.eventSteps)
        eventValues = try DeviceBuffer(context: c, image.eventValues)
        linkStart = try DeviceBuffer(context: c, image.linkStart)
        links = try DeviceBuffer(context: c, image.linkRecords)
        streams = try DeviceBuffer(context: c, image.streams)
        held = try DeviceBuffer(context: c, image.linkHeld)
        flags = try DeviceBuffer(context: c, [0, 0, 0, 0])
        log = try DeviceBuffer(context: c, count: Swift.max(1, logCapacity))
        // [4], [5]: the batch's first step and the number of its first cycle (the kernels' base).
        counters = try DeviceBuffer(context: c, [0, 0, 0, UInt64.max, 0, 0])
        logRecord = try DeviceBuffer(context: c, [log.address, UInt64(log.count), counters.address, UInt64(minDelay)])
    }
}
