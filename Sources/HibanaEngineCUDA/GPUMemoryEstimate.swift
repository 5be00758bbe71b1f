import HibanaBuild
import HibanaDescription
import HibanaModels

/// The GPU memory a network will take, estimated from its description before anything is built
/// (as `MemoryEstimate` does for the host), so that a network too large for the GPU is refused
/// with figures instead of failing in cuMemAlloc after a long construction. Counted as
/// `CUDASimulation` allocates:
/// - static synapses, `SynapsePacking.bytesPerSynapse` each (7 or 8) and 8 per neuron; while a
///   projection the host builds is merged in, its upload as well (the construction peak);
/// - plastic synapses: target, weight and delay run (18 bytes), 8 per variable of per-synapse
///   state; the spike histories (12 bytes per neuron and entry), weight-recorder logs (24 bytes
///   per recorded synapse and step of a batch, at most `CUDASimulation.weightEventsPerBatch` events);
/// - neuron state (the host's figure, a bound in float), input rings (three `hb_real`s per
///   neuron and slot), device connections (the host's figure) and the spike log.
public struct GPUMemoryEstimate: Sendable, CustomStringConvertible {
    public let synapseBytes: Double
    public let plasticBytes: Double
    public let neuronBytes: Double
    public let ringBytes: Double
    public let logBytes: Double
    public let deviceBytes: Double
    /// Host-built static synapses uploaded while the GPU merges them with its own.
    public let constructionBytes: Double

    /// Bytes held while the network runs.
    public var simulationBytes: Double { synapseBytes + plasticBytes + neuronBytes + ringBytes + logBytes + deviceBytes }
    /// The most the network needs at any time.
    public var peakBytes: Double { simulationBytes + constructionBytes }

    public init(_ spec: NetworkSpec, precision: Precision = .double, historyLength: Int = PostSpikeHistory.gpuLength) {
        let host = MemoryEstimate(spec, threads: 1)
        let perSynapse = Double(SynapsePacking(spec)?.bytesPerSynapse ?? 8)
        let deferred = GPUConstruction.projections(spec)
        let n = Double(host.neurons)
        var synapses = n * 8, plastic = 0.0, hostBuilt = 0.0, recorded = 0.0
        for (i, p) in spec.projections.enumerated() {
            guard case .population = p.source else { continue }
            let count = host.projectionCounts[i]
            if let rule = (try? SynapseCatalog.rule(named: p.synapseModel)) ?? nil {
                plastic += count * Double(18 + 8 * rule.synapseState.count)
                if p.recordWeights { recorded += count }
            } else {
                synapses += count * perSynapse
                if !deferred.contains(i) { hostBuilt += count * perSynapse }
            }
        }
        let minDelay = Int(Swift.min(Swift.max(1, host.minDelaySteps), 1e6))
        let logEntries = CUDASimulation.logCapacity(neurons: host.neurons, minDelay: minDelay)
        if plastic > 0 {
            let batchSteps = Double(Swift.max(1, logEntries / Swift.max(1, host.neurons * minDelay) - 1) * minDelay)
            plastic += n * Double(historyLength) * 12 + 24 * Swift.min(recorded * batchSteps, Double(CUDASimulation.weightEventsPerBatch))
        }
        synapseBytes = synapses
        plasticBytes = plastic
        neuronBytes = host.neuronBytes
        let real = precision == .float ? 4.0 : 8.0
        ringBytes = n * Swift.max(1, host.maxDelaySteps + host.minDelaySteps) * 3 * real
        logBytes = 8 * Double(logEntries)
        deviceBytes = host.deviceBytes
        constructionBytes = hostBuilt
    }

    /// Why the network cannot run on `backend`'s GPU as its memory is now, or nil when it fits.
    public func refusal(on backend: CUDABackend) throws -> String? {
        let memory = try backend.context.memoryInfo()
        return refusal(gpu: backend.context.name, free: memory.free, total: memory.total)
    }

    /// Why the network cannot run on a GPU with `free` bytes free of `total`, or nil when it fits.
    public func refusal(gpu: String, free: Int, total: Int) -> String? {
        guard peakBytes > Double(free) else { return nil }
        return "the network needs about \(MemoryEstimate.format(peakBytes)) of GPU memory (\(self)); "
            + "\(gpu) has \(MemoryEstimate.format(Double(free))) free of \(MemoryEstimate.format(Double(total))); "
            + "refused before building"
    }

    public var description: String {
        var parts = ["synapses \(MemoryEstimate.format(synapseBytes))"]
        if plasticBytes > 0 { parts.append("plastic synapses \(MemoryEstimate.format(plasticBytes))") }
        parts += ["neurons \(MemoryEstimate.format(neuronBytes))", "input rings \(MemoryEstimate.format(ringBytes))",
                  "spike log \(MemoryEstimate.format(logBytes))"]
        if deviceBytes > 0 { parts.append("device connections \(MemoryEstimate.format(deviceBytes))") }
        if constructionBytes > 0 { parts.append("\(MemoryEstimate.format(constructionBytes)) more while building") }
        return parts.joined(separator: ", ")
    }
}
