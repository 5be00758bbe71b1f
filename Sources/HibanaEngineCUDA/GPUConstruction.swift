import HibanaBuild
import HibanaCUDA
import HibanaDescription
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HibanaRandom

/// Which static projections the GPU builds in its own memory (`ConnectKernels`), and the
/// arguments of each: the host builds the neurons, devices, plastic projections and the rules the
/// GPU does not generate, and leaves these out (`NetworkBuilder.build(deferring:)`).
public enum GPUConstruction {
    /// The static projections of `spec` the GPU builds itself: population to population,
    /// receptor 0, and any rule but `fixed_outdegree` and `fixed_indegree` without multapses
    /// (a source's stream, and Floyd's per-thread bitmap: those stay on the host).
    public static func projections(_ spec: NetworkSpec) -> Set<Int> {
        var out = Set<Int>()
        for (i, p) in spec.projections.enumerated() {
            guard case .population = p.source, (try? NetworkBuilder.fillsStaticStore(p)) == true else { continue }
            switch p.rule {
            case .allToAll, .oneToOne, .fixedTotalNumber, .pairwiseBernoulli: out.insert(i)
            case .fixedIndegree: if p.allowMultapses { out.insert(i) }
            case .fixedOutdegree: break
            }
        }
        return out
    }

    /// Projection `i` as an `hb_projection` (22 eight-byte words) and, for `fixed_total_number`,
    /// its per-target counts (the split every host thread replays); nil for a projection that
    /// makes no synapse (`pairwise_bernoulli` with p = 0).
    static func record(_ spec: NetworkSpec, projection i: Int) -> (words: [UInt64], totals: [UInt32]?)? {
        let p = spec.projections[i]
        guard case let .population(s) = p.source else { preconditionFailure("devices are linked on the host") }
        let offsets = NetworkLayout(populationSizes: spec.populations.map(\.count), threads: 1).populationOffsets
        let sourceCount = spec.populations[s].count, targetCount = spec.populations[p.target].count
        let skipAutapses = s == p.target && !p.allowAutapses
        var rule: Int64, count = 0, inverseLogQ = 0.0
        var totals: [UInt32]?
        switch p.rule {
        case .allToAll: rule = 0
        case .oneToOne: rule = 1
        case let .fixedIndegree(k): (rule, count) = (2, k)
        case let .fixedTotalNumber(n):
            rule = 3
            totals = totalsPerTarget(n, targets: targetCount, stream: RandomStream(seed: spec.seed, purpose: .totalNumber, family: UInt64(i), id: 0))
        case let .pairwiseBernoulli(probability):
            guard probability > 0 else { return nil }
            rule = probability == 1 ? 0 : 4
            inverseLogQ = probability == 1 ? 0 : 1 / log1p(-probability)
        case .fixedOutdegree: preconditionFailure("fixed_outdegree is built on the host")
        }
        func key(_ purpose: StreamPurpose) -> UInt64 {
            let w = RandomStream(seed: spec.seed, purpose: purpose, family: UInt64(i), id: 0).stateWords
            return UInt64(w[0]) | UInt64(w[1]) << 32
        }
        let (weightKind, w) = distribution(p.weight), (delayKind, d) = distribution(p.delay)
        let ints: [Int64] = [rule, Int64(sourceCount), Int64(targetCount), Int64(offsets[s]), Int64(offsets[p.target]),
                             skipAutapses ? 1 : 0, Int64(count)]
        let words = ints.map { UInt64(bitPattern: $0) } + [key(.connections), key(.weights)]
            + [UInt64(weightKind), UInt64(delayKind)] + ([inverseLogQ, spec.resolution, 0] + w + d).map(\.bitPattern)
        return (words, totals)
    }

    /// `fixed_total_number`'s split over targets, as `ConnectionGenerator` replays it.
    static func totalsPerTarget(_ total: Int, targets: Int, stream: RandomStream) -> [UInt32] {
        var split = stream
        var totals = [UInt32](repeating: 0, count: targets)
        var remaining = total
        for t in 0..<targets where remaining > 0 {
            let count = split.binomial(n: remaining, p: 1 / Double(targets - t))
            remaining -= count
            totals[t] = UInt32(count)
        }
        return totals
    }

    /// `hb_draw`'s kind and four parameters.
    static func distribution(_ v: ValueDistribution) -> (Int, [Double]) {
        switch v {
        case let .constant(x): return (0, [x, 0, 0, 0])
        case let .normal(mean, std): return (1, [mean, std, 0, 0])
        case let .lognormal(mean, std): return (2, [mean, std, 0, 0])
        case let .uniform(lo, hi): return (3, [lo, hi, 0, 0])
        case let .normalClipped(mean, std, lo, hi): return (4, [mean, std, lo, hi])
        }
    }
}

/// The static synapses in GPU memory: one CSR keyed by source gid, synapses `offsets[s] ..<
/// offsets[s + 1]` as `SynapsePacking` words (low 16 bits, high 8 or 16) and Float weights. A
/// source's host-built synapses (`GPUNetworkImage`) come first, then those the GPU built for the
/// deferred projections.
final class GPUSynapses {
    let packing: SynapsePacking
    let offsets: DeviceBuffer<UInt64>, low: DeviceBuffer<UInt16>, weights: DeviceBuffer<Float>
    /// The words' high parts: one of the two, as `packing.wide` says.
    let high8: DeviceBuffer<UInt8>?, high16: DeviceBuffer<UInt16>?
    let count: Int
    /// The shortest and longest delay of the synapses built on the GPU (nil: none).
    let builtDelays: ClosedRange<Int>?
    /// Synapses built on the GPU, and the seconds that took (kernel compilation excluded).
    let builtCount: Int
    let buildSeconds: Double

    /// GPU memory of the static synapses: 7 or 8 bytes each, and 8 per source.
    var bytes: Int { count * packing.bytesPerSynapse + offsets.count * 8 }
    var high8Address: UInt64 { high8?.address ?? 0 }
    var high16Address: UInt64 { high16?.address ?? 0 }

    init(image: GPUNetworkImage, network: BuiltNetwork, backend: CUDABackend) throws {
        let c = backend.context
        packing = image.packing
        let deferred = network.deferredProjections.compactMap { GPUConstruction.record(network.spec, projection: $0) }
        guard !deferred.isEmpty else {
            offsets = try DeviceBuffer(context: c, image.offsets)
            low = try DeviceBuffer(context: c, image.low)
            high8 = packing.wide ? nil : try DeviceBuffer(context: c, image.high8)
            high16 = packing.wide ? try DeviceBuffer(context: c, image.high16) : nil
            weights = try DeviceBuffer(context: c, image.weights)
            (count, builtDelays, builtCount, buildSeconds) = (image.low.count, nil, 0, 0)
            return
        }
        let compiled = try backend.compiler.ptx(ConnectKernels.source, architecture: backend.architecture)
        let module = try c.loadModule(ptx: compiled.ptx)
        let countKernel = try module.kernel("hibana_connect_count")
        let fillKernel = try module.kernel("hibana_connect_fill")
        let placeKernel = try module.kernel("hibana_connect_place")
        let clock = ContinuousClock()
        let started = clock.now
        let sources = image.neuronCount
        let hostCounts = (0..<sources).map { UInt32(image.offsets[$0 + 1] - image.offsets[$0]) }
        let perSource = try DeviceBuffer(context: c, hostCounts)
        let records = try deferred.map { d in
            (record: try DeviceBuffer(context: c, d.words), totals: try DeviceBuffer(context: c, d.totals ?? [0]),
             targets: Int(d.words[2]))
        }
        for r in records {
            try countKernel.launch(threads: r.targets, blockSize: 128, KernelArguments()
                .add(r.record.address).add(r.totals.address).add(perSource.address))
        }
        var offsets = [UInt64](repeating: 0, count: sources + 1)
        for (s, n) in try perSource.download().enumerated() { offsets[s + 1] = offsets[s] + UInt64(n) }
        count = Int(offsets[sources])
        builtCount = count - image.low.count
        self.offsets = try DeviceBuffer(context: c, offsets)
        low = try DeviceBuffer(context: c, count: count)
        high8 = packing.wide ? nil : try DeviceBuffer(context: c, count: count)
        high16 = packing.wide ? try DeviceBuffer(context: c, count: count) : nil
        weights = try DeviceBuffer(context: c, count: count)
        if !image.low.isEmpty {
            let hostOffsets = try DeviceBuffer(context: c, image.offsets), hostLow = try DeviceBuffer(context: c, image.low)
            let hostHigh8 = try DeviceBuffer(context: c, image.high8), hostHigh16 = try DeviceBuffer(context: c, image.high16)
            let hostWeights = try DeviceBuffer(context: c, image.weights)
            try placeKernel.launch(threads: sources, blockSize: 128, KernelArguments()
                .add(hostOffsets.address).add(hostLow.address).add(hostHigh8.address).add(hostHigh16.address)
                .add(hostWeights.address).add(self.offsets.address).add(Int32(sources))
                .add(low.address).add(high8?.address ?? 0).add(high16?.address ?? 0).add(weights.address))
            try c.synchronize()
        }
        // Each source's cursor starts after its host-built synapses.
        try perSource.upload(hostCounts)
        let tables = RandomStream.zigguratTables
        let ziggurat = try DeviceBuffer(context: c, tables.x + tables.ratio)
        let delays = try DeviceBuffer<Int32>(context: c, [Int32.max, 0])
        for r in records {
            try fillKernel.launch(threads: r.targets, blockSize: 128, KernelArguments()
                .add(r.record.address).add(r.totals.address).add(self.offsets.address).add(perSource.address)
                .add(low.address).add(high8?.address ?? 0).add(high16?.address ?? 0).add(weights.address)
                .add(ziggurat.address).add(UInt32(packing.targetBits)).add(delays.address))
        }
        try c.synchronize()
        let range = try delays.download()
        builtDelays = range[1] > 0 ? Int(range[0])...Int(range[1]) : nil
        // The packing was chosen from the delays' upper bounds, so this cannot fail.
        precondition((builtDelays?.upperBound ?? 0) <= packing.maxDelay, "a GPU-built delay exceeds the synapse word")
        buildSeconds = (clock.now - started) / .seconds(1)
    }

    /// Every synapse as (source gid, target gid, delay, weight bits), sorted: for tests.
    func edges() throws -> [[UInt64]] {
        let o = try offsets.download(), lo = try low.download(count), x = try weights.download(count)
        let hi = try high16?.download(count) ?? high8!.download(count).map { UInt16($0) }
        var out: [[UInt64]] = []
        out.reserveCapacity(count)
        for s in 0..<(o.count - 1) {
            for i in Int(o[s])..<Int(o[s + 1]) {
                let word = UInt32(lo[i]) | UInt32(hi[i]) << 16
                out.append([UInt64(s), UInt64(packing.target(word)), UInt64(packing.delay(word)), UInt64(x[i].bitPattern)])
            }
        }
        return out.sorted { $0.lexicographicallyPrecedes($1) }
    }
}
