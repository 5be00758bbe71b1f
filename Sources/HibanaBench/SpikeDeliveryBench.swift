import HibanaBuild
import HibanaDescription
import HibanaEngine

/// Spike delivery through the engine itself: the same neurons are simulated twice, with an
/// in-degree of `indegree` static synapses and with a single one, and the difference of the two
/// run times is the cost of delivering the events. Weights are tiny (±0.01 mV on iaf_psc_delta)
/// so both runs fire alike: each neuron is driven to fire regularly by its own I_e.
public struct SpikeDeliveryMeasurement: Sendable {
    public let threads: Int
    public let neurons: Int
    public let indegree: Int
    public let synapses: Int
    /// Synapse storage (targets, weights, runs) per synapse, bytes.
    public let bytesPerSynapse: Double
    public let biologicalMs: Double
    public let spikes: Int
    /// Synaptic events delivered: the out-degree of every spike's sender, summed.
    public let events: Int
    /// Median wall time of the full run and of the single-synapse baseline.
    public let runSeconds: Double
    public let baselineSeconds: Double

    public var deliverySeconds: Double { Swift.max(runSeconds - baselineSeconds, 1e-9) }
    public var eventsPerSecond: Double { Double(events) / deliverySeconds }
    /// Each event reads its synapse once from memory (the store is far larger than the caches);
    /// the input ring it adds to stays in cache.
    public var bytesPerSecond: Double { eventsPerSecond * bytesPerSynapse }
    public var nanosecondsPerEvent: Double { 1e9 / eventsPerSecond }
}

public enum SpikeDeliveryBench {
    public static func measure(
        neurons: Int, indegree: Int, threads: Int, durationMs: Double, repetitions: Int = 3
    ) throws -> SpikeDeliveryMeasurement {
        let full = try NetworkBuilder.build(network(neurons: neurons, indegree: indegree), threads: threads)
        let baseline = try NetworkBuilder.build(network(neurons: neurons, indegree: 1), threads: threads)
        var runTimes: [Double] = []
        var baselineTimes: [Double] = []
        var spikes = SpikeEvents(senders: [], times: [])
        for _ in 0..<repetitions {
            let run = Simulation(full)
            runTimes.append(try seconds { try run.run(durationMs) })
            spikes = try run.spikes(recorder)
            let base = Simulation(baseline)
            baselineTimes.append(try seconds { try base.run(durationMs) })
        }
        let outDegree = outDegrees(full)
        let events = spikes.senders.reduce(0) { $0 + outDegree[$1 - 1] }
        return SpikeDeliveryMeasurement(
            threads: threads, neurons: neurons, indegree: indegree, synapses: full.synapseCount,
            bytesPerSynapse: Double(full.synapseBytes) / Double(full.synapseCount), biologicalMs: durationMs,
            spikes: spikes.count, events: events, runSeconds: median(runTimes), baselineSeconds: median(baselineTimes))
    }

    static let recorder = "all"

    /// iaf_psc_delta neurons firing at 25–45 Hz on their own (I_e above rheobase, random phase),
    /// connected by `fixed_indegree` with a delay of 1.5 ms, as Brunel (2000).
    static func network(neurons: Int, indegree: Int) -> NetworkSpec {
        var spec = NetworkSpec(resolution: 0.1, seed: 7)
        spec.populations = [
            PopulationSpec(
                name: "cells", model: "iaf_psc_delta", count: neurons,
                parameters: [
                    "I_e": .distribution(.uniform(min: 380, max: 420)),
                    "V_m": .distribution(.uniform(min: -70, max: -55)),
                ])
        ]
        spec.projections = [
            ProjectionSpec(
                source: .population(0), target: 0, rule: .fixedIndegree(indegree),
                weight: .normal(mean: 0, std: 0.01), delay: .constant(1.5))
        ]
        spec.recorders = [RecorderSpec(name: recorder, kind: .spikes, targets: [NeuronSelection(population: 0, indices: nil)])]
        return spec
    }

    /// Synapses leaving each neuron (by gid), over all threads.
    static func outDegrees(_ network: BuiltNetwork) -> [Int] {
        var degree = [Int](repeating: 0, count: network.layout.neuronCount)
        for shard in network.shards {
            let store = shard.synapses
            for gid in degree.indices {
                let runs = Int(store.runStart[gid])..<Int(store.runStart[gid + 1])
                guard let last = runs.last else { continue }
                let first = runs.lowerBound == 0 ? 0 : Int(store.runEnd[runs.lowerBound - 1])
                degree[gid] += Int(store.runEnd[last]) - first
            }
        }
        return degree
    }
}
