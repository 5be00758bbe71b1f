import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HibanaBuild
import HibanaDescription
import HibanaModels
import HibanaRandom

/// A built network rearranged for one GPU, on the host: neurons numbered by global id (population
/// after population), synapses of all shards merged into one target-side CSR keyed by source,
/// device links grouped by target neuron. Everything here is plain arrays, so the layout is
/// tested without a GPU; `CUDASimulation` only uploads it.
struct GPUNetworkImage {
    struct Population {
        let first: Int
        let count: Int
        /// Index in `models`.
        let model: Int
        let constants: [Double]
        /// State arrays over the whole population, in the model's `gpuUpdate.state` order.
        let state: [GPUArray]
        /// For each recordable of the model: state array and user offset.
        let recordables: [(state: Int, offset: Double)]
    }

    let models: [any GPUNeuronModel.Type]
    let populations: [Population]
    let neuronCount: Int
    /// Static synapses built on the host, one CSR keyed by source gid: synapses
    /// `offsets[s] ..< offsets[s + 1]`, each a `packing` word (target, delay) as its low 16 bits
    /// and its high 8 (`high8`) or 16 (`high16`, when the packing is wide; the other is empty),
    /// and a weight. The deferred projections are added on the GPU (`GPUSynapses`).
    let packing: SynapsePacking
    var offsets: [UInt64] = []
    var low: [UInt16] = []
    var high8: [UInt8] = []
    var high16: [UInt16] = []
    var weights: [Float] = []
    // Devices: `hb_device` records as 32-bit words, their events, and links grouped by target.
    var devices: [Int32] = []
    var eventSteps: [Int32] = []
    var eventValues: [Double] = []
    var linkStart: [Int32] = []
    var linkDevice: [Int32] = []
    var linkDelay: [Int32] = []
    var linkWeight: [Double] = []
    /// The noise generators' current values per link.
    var linkHeld: [Double] = []
    var streams: [UInt32] = []
    /// The plastic projections and the spike history STDP reads.
    let plastic: GPUPlasticImage
    /// Whether a device injects current (dc, step current, noise): else no current ring.
    let hasCurrents: Bool

    init(_ network: BuiltNetwork) throws {
        let spec = network.spec
        models = GPUSupport.models(of: spec)
        let layout = network.layout
        neuronCount = layout.neuronCount
        hasCurrents = network.shards.first?.devices.contains { $0.output == .current } ?? false
        guard let packing = SynapsePacking(spec) else { throw HibanaError.invalidNetwork(reason: SynapsePacking.problem(spec)!) }
        self.packing = packing
        // Shard t's local index → global id.
        let globalIds: [[UInt32]] = network.shards.map { shard in
            var ids = [UInt32](repeating: 0, count: shard.neuronCount)
            for b in shard.blocks.indices {
                for l in 0..<shard.blockRanges[b].count {
                    ids[shard.blockOffsets[b] + l] = UInt32(layout.populationOffsets[b] + shard.blockRanges[b].lowerBound + l)
                }
            }
            return ids
        }
        populations = spec.populations.indices.map { p in
            let blocks = network.shards.map { $0.blocks[p] as! any GPUNeuronModel }
            let model = type(of: blocks[0])
            let perBlock = blocks.map { $0.gpuState() }
            let state = model.gpuUpdate.state.indices.map { k in concatenate(perBlock.map { $0[k] }) }
            return Population(
                first: layout.populationOffsets[p], count: layout.populationSizes[p],
                model: GPUSupport.models(of: spec).firstIndex { $0.name == model.name }!,
                constants: blocks[0].gpuConstants, state: state,
                recordables: model.recordables.indices.map { blocks[0].gpuRecordable($0) })
        }
        plastic = GPUPlasticImage(network, globalIds: globalIds)
        precondition(network.shards.allSatisfy { $0.synapses.count == 0 || $0.synapses.maxDelay <= packing.maxDelay })
        mergeSynapses(network, globalIds: globalIds)
        gatherDevices(network, globalIds: globalIds)
    }

    /// One CSR over all shards: for each source, shard 0's synapses (by delay), then shard 1's …
    /// (a source's targets on different shards are disjoint, so the order only matters for
    /// atomics). Sizes per source first, then every core fills its own range of sources.
    mutating func mergeSynapses(_ network: BuiltNetwork, globalIds: [[UInt32]]) {
        let sources = network.layout.neuronCount
        let stores = network.shards.map(\.synapses)
        var offsets = [UInt64](repeating: 0, count: sources + 1)
        for s in 0..<sources {
            var synapses = 0
            for store in stores {
                let r0 = Int(store.runStart[s]), r1 = Int(store.runStart[s + 1])
                guard r1 > r0 else { continue }
                synapses += Int(store.runEnd[r1 - 1]) - (r0 == 0 ? 0 : Int(store.runEnd[r0 - 1]))
            }
            offsets[s + 1] = offsets[s] + UInt64(synapses)
        }
        self.offsets = offsets
        // Uninitialised, and first written by the parallel fill: zero-filling gigabytes first
        // (page faults and all, on one thread) cost more than the merge itself.
        let count = Int(offsets[sources])
        func uninitialised<T: BitwiseCopyable>(_: T.Type, _ n: Int) -> [T] {
            [T](unsafeUninitializedCapacity: n) { _, initialised in initialised = n }
        }
        var low = uninitialised(UInt16.self, count), weights = uninitialised(Float.self, count)
        var high8 = uninitialised(UInt8.self, packing.wide ? 0 : count), high16 = uninitialised(UInt16.self, packing.wide ? count : 0)
        low.withUnsafeMutableBufferPointer { low in
            weights.withUnsafeMutableBufferPointer { weights in
                high8.withUnsafeMutableBufferPointer { high8 in
                    high16.withUnsafeMutableBufferPointer { high16 in
                        let out = MergeOutput(
                            low: low.baseAddress, high8: high8.baseAddress, high16: high16.baseAddress, weights: weights.baseAddress)
                        Self.fill(out, stores: stores, globalIds: globalIds, offsets: offsets, packing: packing)
                    }
                }
            }
        }
        (self.low, self.high8, self.high16, self.weights) = (low, high8, high16, weights)
    }

    /// Fills the merged CSR, every worker its own range of sources.
    private static func fill(
        _ out: MergeOutput, stores: [SynapseStore], globalIds: [[UInt32]], offsets: [UInt64], packing: SynapsePacking
    ) {
        let sources = offsets.count - 1
        guard sources > 0 else { return }
        let chunks = Swift.min(sources, 4 * Swift.max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            for s in (sources * c / chunks)..<(sources * (c + 1) / chunks) {
                var next = Int(offsets[s])
                for (t, store) in stores.enumerated() {
                    let runs = Int(store.runStart[s])..<Int(store.runStart[s + 1])
                    var first = runs.lowerBound == 0 ? 0 : Int(store.runEnd[runs.lowerBound - 1])
                    for r in runs {
                        let last = Int(store.runEnd[r]), delay = Int(store.runDelay[r])
                        for i in first..<last {
                            let word = packing.word(target: globalIds[t][Int(store.targets[i])], delay: delay)
                            out.low![next] = UInt16(truncatingIfNeeded: word)
                            if packing.wide { out.high16![next] = UInt16(word >> 16) } else { out.high8![next] = UInt8(word >> 16) }
                            out.weights![next] = store.weights[i]
                            next += 1
                        }
                        first = last
                    }
                }
            }
        }
    }

    /// Device records and links; a target's links in device order, then connection order — the
    /// order in which `Simulation.stimulate` adds them — so its ring sums are the same bits.
    mutating func gatherDevices(_ network: BuiltNetwork, globalIds: [[UInt32]]) {
        var perTarget = [[(device: Int, delay: Int, weight: Double, stream: [UInt32], held: Double)]](repeating: [], count: neuronCount)
        let shard0 = network.shards[0]
        for d in shard0.devices.indices {
            var kind: Int32 = 0, active = 0..<0, interval = 0
            var events: [(Int, Double)] = []
            switch shard0.devices[d].program {
            case let .current(a, changes):
                active = a
                events = changes.map { ($0.step, $0.amplitude) }
            case let .poisson(a, m) where m >= PoissonSampler.inversionLimit:
                (kind, active) = (4, a)
                events = PoissonSampler(mean: m).ptrsConstants.map { (0, $0) }
            case let .poisson(a, m):
                // The lockstep inversion's tables (see `NetworkKernels.stimulate`); a mean of 0 emits nothing.
                (kind, active) = (1, m > 0 ? a : 0..<0)
                let sampler = PoissonSampler(mean: m)
                let guide = sampler.inversionGuide.map { Int32($0) }, cdf = sampler.inversionTable
                precondition(guide.count == PoissonSampler.guideSize)
                events = guide.map { (Int($0), 0) } + cdf.map { (0, $0) }
            case let .spikeTrain(steps, multipliers):
                kind = 2
                events = Array(zip(steps, multipliers))
            case let .noise(a, m, std, every):
                (kind, active, interval) = (3, a, every)
                let tables = RandomStream.zigguratTables
                events = ([m, std] + tables.x + tables.ratio).map { (0, $0) }
            }
            let clamp = { (x: Int) in Int32(clamping: x) }
            devices += [kind, clamp(active.lowerBound), clamp(active.upperBound), Int32(eventSteps.count),
                        Int32(eventSteps.count + events.count), clamp(interval)]
            eventSteps += events.map { clamp($0.0) }
            eventValues += events.map(\.1)
            for (t, shard) in network.shards.enumerated() {
                let links = shard.devices[d]
                for j in links.targets.indices {
                    let g = Int(globalIds[t][Int(links.targets[j])])
                    let stream = j < links.streams.count ? links.streams[j].stateWords : [UInt32](repeating: 0, count: 12)
                    perTarget[g].append((d, links.delays[j], links.weights[j], stream, j < links.held.count ? links.held[j] : 0))
                }
            }
        }
        linkStart = [0]
        for g in 0..<neuronCount {
            for link in perTarget[g] {
                linkDevice.append(Int32(link.device))
                linkDelay.append(Int32(link.delay))
                linkWeight.append(link.weight)
                linkHeld.append(link.held)
                streams += link.stream
            }
            linkStart.append(Int32(linkDevice.count))
        }
    }

    /// `hb_device` records as bytes: five ints and a pad (a noise generator's interval).
    var deviceRecords: [UInt64] {
        stride(from: 0, to: devices.count, by: 2).map { UInt64(UInt32(bitPattern: devices[$0])) | UInt64(UInt32(bitPattern: devices[$0 + 1])) << 32 }
    }

    /// `hb_link` records: device, delay, weight.
    var linkRecords: [UInt64] {
        linkDevice.indices.flatMap { j in
            [UInt64(UInt32(bitPattern: linkDevice[j])) | UInt64(UInt32(bitPattern: linkDelay[j])) << 32, linkWeight[j].bitPattern]
        }
    }

    /// Host-built synapse i's word.
    func word(_ i: Int) -> UInt32 { UInt32(low[i]) | UInt32(packing.wide ? high16[i] : UInt16(high8[i])) << 16 }
}

/// Where the merge writes; each source range is written by one worker only.
private struct MergeOutput: @unchecked Sendable {
    // nil only for empty arrays, which no worker writes.
    let low: UnsafeMutablePointer<UInt16>?
    let high8: UnsafeMutablePointer<UInt8>?
    let high16: UnsafeMutablePointer<UInt16>?
    let weights: UnsafeMutablePointer<Float>?
}

private func concatenate(_ parts: [GPUArray]) -> GPUArray {
    if case .int32 = parts.first {
        return .int32(parts.flatMap { if case let .int32(a) = $0 { return a } else { return [] } })
    }
    return .double(parts.flatMap { if case let .double(a) = $0 { return a } else { return [] } })
}
