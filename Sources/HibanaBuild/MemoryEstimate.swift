#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HibanaDescription
import HibanaModels
import HibanaRandom

/// The memory a network will take, estimated from its description before anything is built, so
/// that a network too large for the machine is refused with figures instead of failing midway.
///
/// Counted: neuron state, synapses as `SynapseStore` keeps them (8 bytes each, plus the per-source
/// runs of each thread; a plastic synapse, in a `PlasticStore`, 4 bytes more for its Double weight
/// plus 8 per variable of per-synapse state), device connections (`DeviceLinks`) and the input ring buffers (three
/// doubles per neuron and slot, max + min delay slots). Building needs more for a while: each
/// thread fills its synapses with their delay and bucket-local source (11 bytes each, see
/// `SynapseFiller`) before sorting them in place into the store.
public struct MemoryEstimate: Sendable, CustomStringConvertible {
    public let neurons: Int
    /// Neuron-to-neuron connections: exact for the deterministic rules, expected for pairwise_bernoulli.
    public let synapses: Double
    public let deviceConnections: Double
    public let neuronBytes: Double
    public let synapseBytes: Double
    public let deviceBytes: Double
    public let ringBufferBytes: Double
    /// The peak while connections are generated and sorted (before the ring buffers exist).
    public let buildPeakBytes: Double
    /// Per projection, its expected connections (0 for a malformed one), as `synapses` counts them.
    public let projectionCounts: [Double]
    /// The shortest neuron-to-neuron and the longest delay, in steps: the ring buffers' span.
    public let minDelaySteps: Double, maxDelaySteps: Double

    /// Bytes held while the network is simulated.
    public var simulationBytes: Double { neuronBytes + synapseBytes + deviceBytes + ringBufferBytes }
    /// The most the network needs at any time.
    public var peakBytes: Double { Swift.max(simulationBytes, buildPeakBytes) }

    public init(_ spec: NetworkSpec, threads: Int) {
        let threads = Double(Swift.max(1, threads))
        let h = spec.resolution > 0 && spec.resolution.isFinite ? spec.resolution : 0.1
        neurons = spec.populations.reduce(0) { $0 + Swift.max(0, $1.count) }
        var neuronBytes = 0.0
        for p in spec.populations { neuronBytes += Double(Swift.max(0, p.count)) * Self.stateBytes(model: p.model) }
        var synapses = 0.0, deviceConnections = 0.0, plasticExtraBytes = 0.0
        var minDelay = Double.infinity, maxDelay = 1.0
        var projectionCounts = [Double](repeating: 0, count: spec.projections.count)
        for (i, p) in spec.projections.enumerated() where Self.isWellFormed(p, in: spec) {
            let count = Self.expectedCount(p, index: i, in: spec)
            projectionCounts[i] = count
            let steps = (Self.largestDelay(p.delay) / h).rounded()
            maxDelay = Swift.max(maxDelay, steps)
            switch p.source {
            case .population:
                synapses += count
                if let rule = (try? SynapseCatalog.rule(named: p.synapseModel)) ?? nil {
                    plasticExtraBytes += count * Double(4 + 8 * rule.synapseState.count)
                }
                minDelay = Swift.min(minDelay, Swift.max(1, (p.delay.lowerBound / h).rounded()))
            case .device: deviceConnections += count
            }
        }
        // Without neuron-to-neuron synapses the cycle is 1 ms (NetworkBuilder).
        if minDelay == .infinity { minDelay = Swift.max(1, (1 / h).rounded()) }
        let n = Double(neurons)
        // Per thread, every source has a run start; runs (source, delay) are at most one per synapse.
        let runBytes = n * threads * 4 + Swift.min(synapses, n * threads) * 6
        let synapseBytes = synapses * 8 + plasticExtraBytes + runBytes
        // Target index, weight, delay, random stream and held value per device connection.
        let deviceBytes = deviceConnections * Double(4 + 8 + 8 + 8 + MemoryLayout<RandomStream>.stride)
        self.synapses = synapses
        self.projectionCounts = projectionCounts
        (minDelaySteps, maxDelaySteps) = (minDelay, maxDelay)
        self.deviceConnections = deviceConnections
        self.neuronBytes = neuronBytes
        self.synapseBytes = synapseBytes
        self.deviceBytes = deviceBytes
        ringBufferBytes = n * Swift.max(1, Swift.max(maxDelay, minDelay) + minDelay) * 3 * 8
        // Target, weight, delay and source within the bucket (11 bytes), sorted in place into the store.
        buildPeakBytes = neuronBytes + deviceBytes + synapses * 11 + runBytes
    }

    /// Bytes of state per neuron: each per-neuron parameter and recordable is a Double array, plus
    /// the input and refractory counters every model keeps.
    static func stateBytes(model: String) -> Double {
        guard let m = try? ModelCatalog.neuron(named: model) else { return 64 }
        return Double((m.parameters.filter(\.perNeuron).count + m.recordables.count + 2) * 8)
    }

    static func isWellFormed(_ p: ProjectionSpec, in spec: NetworkSpec) -> Bool {
        guard spec.populations.indices.contains(p.target) else { return false }
        switch p.source {
        case let .population(s): return spec.populations.indices.contains(s)
        case let .device(d): return spec.devices.indices.contains(d)
        }
    }

    static func expectedCount(_ p: ProjectionSpec, index: Int, in spec: NetworkSpec) -> Double {
        let sizes = spec.populations.map { Swift.max(0, $0.count) }
        // Beyond 32-bit sizes the generator's products could overflow; the network is absurd anyway.
        if sizes.contains(where: { $0 > Int(Int32.max) }) {
            let t = Double(sizes[p.target])
            if case let .population(s) = p.source { return Double(sizes[s]) * t }
            return t
        }
        return NetworkValidator.generator(p, index: index, in: spec).expectedCount
    }

    /// The longest delay a distribution gives, in ms (six standard deviations for unbounded ones).
    static func largestDelay(_ d: ValueDistribution) -> Double {
        let v: Double
        switch d {
        case let .constant(x): v = x
        case let .normal(mean, std): v = mean + 6 * std
        case let .lognormal(mean, std): v = exp(mean + 6 * std)
        case let .uniform(_, hi): v = hi
        case let .normalClipped(_, _, _, hi): v = hi
        }
        return v.isFinite ? Swift.max(0, v) : Double(UInt16.max)
    }

    public var description: String {
        var parts = ["neurons \(Self.format(neuronBytes))", "synapses \(Self.format(synapseBytes))"]
        if deviceBytes > 0 { parts.append("device connections \(Self.format(deviceBytes))") }
        parts.append("ring buffers \(Self.format(ringBufferBytes))")
        return "about \(Self.format(simulationBytes)) (\(parts.joined(separator: ", "))); "
            + "up to \(Self.format(peakBytes)) while building"
    }

    /// Bytes in binary units with three significant digits: "512 B", "1.50 MiB", "23.4 GiB".
    public static func format(_ bytes: Double) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = bytes
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 || !value.isFinite { return "\(Int(value.isFinite ? value : 0)) B" }
        let digits = value >= 100 ? 0 : value >= 10 ? 1 : 2
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        // Past the largest unit the number can exceed any integer: keep Swift's own rendering.
        var text = digits == 0 && rounded < 1e15 ? String(Int(rounded)) : "\(rounded)"
        if digits > 0, let dot = text.firstIndex(of: ".") {
            let decimals = text.distance(from: dot, to: text.endIndex) - 1
            text += String(repeating: "0", count: Swift.max(0, digits - decimals))
        }
        return "\(text) \(units[unit])"
    }

    /// This machine's physical memory in bytes (Linux: `MemTotal` of /proc/meminfo), nil when unknown.
    public static func physicalMemoryBytes() -> Double? {
        guard let file = fopen("/proc/meminfo", "r") else { return nil }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 256)
        while fgets(&buffer, Int32(buffer.count), file) != nil {
            let line = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            guard line.hasPrefix("MemTotal:") else { continue }
            let digits = line.dropFirst("MemTotal:".count).filter(\.isNumber)
            return Double(digits).map { $0 * 1024 }
        }
        return nil
    }
}
