import HibanaDescription
import HibanaModels

/// A projection's plastic rule with its parameters resolved, and the initial state of its
/// per-source and per-synapse variables.
struct ResolvedRule {
    let rule: any SynapseRule
    let initialSourceState: [Double]
    let initialSynapseState: [Double]
}

extension ProjectionSpec {
    /// The rule of `synapseModel` with `synapseParameters` checked; nil for `static_synapse`.
    func resolvedRule(resolution h: Double) throws -> ResolvedRule? {
        guard let type = try SynapseCatalog.rule(named: synapseModel) else {
            if let key = synapseParameters.keys.sorted().first {
                throw HibanaError.invalidParameter(
                    model: synapseModel, key: key, value: formatNumber(synapseParameters[key]!),
                    allowed: "no parameters besides weight and delay")
            }
            return nil
        }
        let table = try ParameterResolution.resolve(
            model: type.name, specs: type.parameters, given: synapseParameters.mapValues { .value($0) }, total: 1,
            first: 0, count: 1, gid0: 0, seed: 0, family: 0)
        try type.check(table, weights: weight.lowerBound...weight.upperBound)
        return ResolvedRule(
            rule: type.init(parameters: table, resolution: h),
            initialSourceState: type.sourceState.map { table.scalar($0) },
            initialSynapseState: type.synapseState.map { table.scalar($0) })
    }
}
