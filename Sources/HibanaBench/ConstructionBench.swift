import HibanaBuild
import HibanaDescription

/// Network construction rate: `fixed_indegree` connections generated, sorted into the target-side
/// store and ready to simulate, per second of wall time.
public struct ConstructionMeasurement: Sendable {
    public let threads: Int
    public let neurons: Int
    public let indegree: Int
    /// "constant" (weight and delay) or "random" (normal weight, uniform delay, as most models).
    public let values: String
    public let synapses: Int
    public let buildSeconds: Double

    public var synapsesPerSecond: Double { Double(synapses) / buildSeconds }
}

public enum ConstructionBench {
    public static func measure(
        neurons: Int, indegree: Int, threads: Int, randomValues: Bool, repetitions: Int = 3
    ) throws -> ConstructionMeasurement {
        var spec = NetworkSpec(resolution: 0.1, seed: 11)
        spec.populations = [PopulationSpec(name: "cells", model: "iaf_psc_delta", count: neurons, parameters: [:])]
        spec.projections = [
            ProjectionSpec(
                source: .population(0), target: 0, rule: .fixedIndegree(indegree),
                weight: randomValues ? .normal(mean: 0.1, std: 0.01) : .constant(0.1),
                delay: randomValues ? .uniform(min: 0.5, max: 3.0) : .constant(1.5))
        ]
        var times: [Double] = []
        var synapses = 0
        for _ in 0..<repetitions {
            let built = try NetworkBuilder.build(spec, threads: threads)
            times.append(built.buildSeconds)
            synapses = built.synapseCount
        }
        return ConstructionMeasurement(
            threads: threads, neurons: neurons, indegree: indegree, values: randomValues ? "random" : "constant",
            synapses: synapses, buildSeconds: median(times))
    }
}
