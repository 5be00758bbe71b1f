import HibanaDescription
import HibanaModels

/// Checks a whole `NetworkSpec` before anything is allocated: every problem, each with its key
/// path and the model, key, value and allowed range.
public enum NetworkValidator {
    /// Throws the first problem found (the Swift API's behaviour); `problems` lists them all.
    public static func validate(_ spec: NetworkSpec) throws {
        if let first = problems(spec).first { throw first.error }
    }

    /// Every problem of the description, in file order.
    public static func problems(_ spec: NetworkSpec) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        func check(_ path: String, _ body: () throws -> Void) {
            do { try body() } catch let e as HibanaError { issues.append(ValidationIssue(path: path, error: e)) } catch {
                issues.append(ValidationIssue(path: path, error: .invalidNetwork(reason: "\(error)")))
            }
        }
        let h = spec.resolution
        check("run.resolution") {
            if !(h > 0) || !h.isFinite {
                throw HibanaError.invalidNetwork(reason: "resolution must be > 0 ms (got \(formatNumber(h)) ms)")
            }
        }
        var names = Set<String>()
        for p in spec.populations {
            let path = "populations.\(p.name)"
            check(path) {
                if !names.insert(p.name).inserted {
                    throw HibanaError.invalidNetwork(reason: "two populations or devices are named '\(p.name)'")
                }
            }
            check("\(path).size") {
                if p.count < 1 { throw HibanaError.invalidNetwork(reason: "population '\(p.name)': size must be ≥ 1 (got \(p.count))") }
            }
            guard let model = try? ModelCatalog.neuron(named: p.model) else {
                check("\(path).model") { _ = try ModelCatalog.neuron(named: p.model) }
                continue
            }
            let parameterIssues = ParameterResolution.issues(model: model.name, specs: model.parameters, given: p.parameters)
            issues += parameterIssues.map { ValidationIssue(path: "\(path).params.\($0.key)", error: $0.error) }
            guard parameterIssues.isEmpty, p.count >= 1 else { continue }
            check("\(path).params") {
                let table = try ParameterResolution.resolve(
                    model: model.name, specs: model.parameters, given: p.parameters, total: p.count, first: 0,
                    count: p.count, gid0: 0, seed: spec.seed, family: 0)
                try model.check(table)
            }
            if case let .invalidParameter(_, key, _, _)? = issues.last?.error, issues.last?.path == "\(path).params" {
                issues[issues.count - 1] = ValidationIssue(path: "\(path).params.\(key)", error: issues.last!.error)
            }
        }
        for d in spec.devices {
            let path = "devices.\(d.name)"
            check(path) {
                if !names.insert(d.name).inserted {
                    throw HibanaError.invalidNetwork(reason: "two populations or devices are named '\(d.name)'")
                }
            }
            guard let model = try? ModelCatalog.device(named: d.model) else {
                check("\(path).model") { _ = try ModelCatalog.device(named: d.model) }
                continue
            }
            let parameterIssues = ParameterResolution.issues(model: model.name, specs: model.parameters, given: d.parameters)
            issues += parameterIssues.map { ValidationIssue(path: "\(path).params.\($0.key)", error: $0.error) }
            guard parameterIssues.isEmpty else { continue }
            do {
                let table = try ParameterResolution.resolve(
                    model: model.name, specs: model.parameters, given: d.parameters, total: 1, first: 0, count: 1,
                    gid0: 0, seed: spec.seed, family: 0)
                try model.check(table, resolution: h)
            } catch let e as HibanaError {
                var key = ""
                if case let .invalidParameter(_, k, _, _) = e { key = ".\(k)" }
                issues.append(ValidationIssue(path: "\(path).params\(key)", error: e))
            } catch {}
        }
        for i in spec.projections.indices {
            if let issue = projectionIssue(i, in: spec) { issues.append(issue) }
        }
        for r in spec.recorders {
            check("recorders.\(r.name)") { try validate(r, in: spec) }
        }
        return issues
    }

    /// Checks projection `index` of `spec` alone (the Swift API checks each as it is added).
    public static func validateProjection(_ index: Int, in spec: NetworkSpec) throws {
        if let issue = projectionIssue(index, in: spec) { throw issue.error }
    }

    /// The first problem of projection `index`, located at the key it concerns.
    static func projectionIssue(_ index: Int, in spec: NetworkSpec) -> ValidationIssue? {
        do {
            try validate(spec.projections[index], index: index, in: spec)
            return nil
        } catch let e as HibanaError {
            var key = "rule"
            if case let .invalidProjection(_, reason) = e {
                for candidate in ["record_weights", "delay", "weight", "synapse", "source", "target", "indegree", "outdegree"] where reason.hasPrefix(candidate) || reason.contains("\(candidate) ") {
                    key = candidate
                    break
                }
            }
            return ValidationIssue(path: "projections[\(index)].\(key)", error: e)
        } catch {
            return ValidationIssue(path: "projections[\(index)]", error: .invalidNetwork(reason: "\(error)"))
        }
    }

    /// A readable name for projection `i`: "source → target (#i)".
    public static func label(_ p: ProjectionSpec, index i: Int, in spec: NetworkSpec) -> String {
        let source: String
        switch p.source {
        case let .population(s): source = spec.populations.indices.contains(s) ? spec.populations[s].name : "#\(s)"
        case let .device(d): source = spec.devices.indices.contains(d) ? spec.devices[d].name : "#\(d)"
        }
        let target = spec.populations.indices.contains(p.target) ? spec.populations[p.target].name : "#\(p.target)"
        return "\(source) → \(target) (#\(i))"
    }

    static func validate(_ p: ProjectionSpec, index: Int, in spec: NetworkSpec) throws {
        let label = label(p, index: index, in: spec)
        let h = spec.resolution
        func fail(_ reason: String) -> HibanaError { .invalidProjection(projection: label, reason: reason) }
        guard spec.populations.indices.contains(p.target) else { throw fail("target population #\(p.target) does not exist") }
        switch p.source {
        case let .population(s): if !spec.populations.indices.contains(s) { throw fail("source population #\(s) does not exist") }
        case let .device(d): if !spec.devices.indices.contains(d) { throw fail("source device #\(d) does not exist") }
        }
        let plastic: Bool
        do { plastic = try p.resolvedRule(resolution: h) != nil } catch let e as HibanaError {
            if case let .unknownModel(name, suggestion) = e {
                let hint = suggestion.map { "; did you mean '\($0)'?" } ?? "; available: \(SynapseCatalog.names.joined(separator: ", "))"
                throw fail("synapse model '\(name)' is unknown\(hint)")
            }
            throw fail("synapse \(e)")
        }
        if plastic, case .device = p.source {
            throw fail("synapse \(p.synapseModel) needs a neuron as source; connect the device to a parrot_neuron population and that to the target")
        }
        if plastic, let rule = try? SynapseCatalog.rule(named: p.synapseModel), rule.modulated {
            guard let vt = p.volumeTransmitter, spec.populations.indices.contains(vt),
                spec.populations[vt].model == VolumeTransmitter.name, spec.populations[vt].count == 1
            else { throw fail("synapse \(p.synapseModel) needs a volume_transmitter: a population of one volume_transmitter") }
        } else if p.volumeTransmitter != nil {
            throw fail("synapse \(p.synapseModel) reads no volume_transmitter")
        }
        if plastic, let rule = try? SynapseCatalog.rule(named: p.synapseModel), rule.teacherDriven {
            guard let teacher = p.teacher, spec.populations.indices.contains(teacher),
                spec.populations[teacher].count == spec.populations[p.target].count
            else { throw fail("synapse \(p.synapseModel) needs a teacher: a population as large as the target (neuron i teaches target i)") }
        } else if p.teacher != nil {
            throw fail("synapse \(p.synapseModel) takes no teacher")
        }
        if case let .population(s) = p.source, spec.populations[s].model == VolumeTransmitter.name {
            throw fail("source: a volume_transmitter sends its spikes only to the stdp_dopamine_synapse projections that name it")
        }
        if p.receptorType != 0 && !(p.receptorType == 1 && spec.populations[p.target].model == ParrotNeuron.name) {
            throw fail("receptor_type \(p.receptorType) does not exist on \(spec.populations[p.target].model) (0, or 1 onto a parrot_neuron)")
        }
        if p.recordedSenders != nil || p.recordedTargets != nil {
            guard plastic && p.recordWeights else {
                throw fail("record_weights: senders and targets select among the logged updates of a plastic projection")
            }
            let selections = [("sender", p.recordedSenders, p.source), ("target", p.recordedTargets, .population(p.target))]
            for (what, indices, node) in selections {
                guard case let .population(q) = node, let indices else { continue }
                let population = spec.populations[q]
                if let bad = indices.first(where: { !(0..<population.count).contains($0) }) {
                    throw fail("record_weights: \(what) \(bad) is not a neuron of '\(population.name)' (0 to \(population.count - 1))")
                }
            }
        }
        // Delays are rounded to the grid and must be at least one step, as in NEST.
        let lowest = p.delay.lowerBound
        if !(lowest >= h * (1 - 1e-9)) {
            let shown = lowest == -.infinity ? "unbounded below (use a clipped normal)" : "\(formatNumber(lowest)) ms"
            throw fail("delay must be ≥ the resolution (\(formatNumber(h)) ms); got \(shown)")
        }
        // Synapse stores keep delays in 16 bits.
        if p.delay.upperBound / h > Double(UInt16.max) {
            throw fail("delay must be ≤ \(formatNumber(Double(UInt16.max) * h)) ms (got up to \(formatNumber(p.delay.upperBound)) ms)")
        }
        if p.weight.acceptedMass < 1e-6 || p.delay.acceptedMass < 1e-6 {
            throw fail("a clipped normal's [min, max] holds almost none of its probability mass")
        }
        try generator(p, index: index, in: spec).validate()
    }

    static func generator(_ p: ProjectionSpec, index: Int, in spec: NetworkSpec) -> ConnectionGenerator {
        let offsets = NetworkLayout(populationSizes: spec.populations.map(\.count), threads: 1).populationOffsets
        let sourceCount: Int, sourceGid0: Int
        switch p.source {
        case let .population(s): (sourceCount, sourceGid0) = (spec.populations[s].count, offsets[s])
        case .device: (sourceCount, sourceGid0) = (1, 0)
        }
        return ConnectionGenerator(
            spec: p, label: label(p, index: index, in: spec), projectionIndex: index, seed: spec.seed,
            sourceCount: sourceCount, targetCount: spec.populations[p.target].count, sourceGid0: sourceGid0,
            targetGid0: offsets[p.target], samePopulation: p.source == .population(p.target))
    }

    static func validate(_ r: RecorderSpec, in spec: NetworkSpec) throws {
        func fail(_ reason: String) -> HibanaError { .invalidNetwork(reason: "\(r.kind.modelName) '\(r.name)': \(reason)") }
        for selection in r.targets {
            guard spec.populations.indices.contains(selection.population) else {
                throw fail("population #\(selection.population) does not exist")
            }
            let population = spec.populations[selection.population]
            if let bad = selection.indices?.first(where: { !(0..<population.count).contains($0) }) {
                throw fail("neuron index \(bad) is outside population '\(population.name)' (0..<\(population.count))")
            }
            if case let .multimeter(recordFrom, interval) = r.kind {
                let model = try ModelCatalog.neuron(named: population.model)
                for name in recordFrom where model.recordableIndex(name) == nil {
                    let names = model.recordables.map(\.name)
                    let hint = closestMatch(to: name, in: names).map { "; did you mean '\($0)'?" } ?? ""
                    throw fail("\(model.name) has no recordable '\(name)'\(hint) (recordables: \(names.joined(separator: ", ")))")
                }
                let steps = interval / spec.resolution
                if !(steps >= 1 - 1e-9) || abs(steps - steps.rounded()) > 1e-9 {
                    throw fail("interval must be a positive multiple of the resolution (got \(formatNumber(interval)) ms)")
                }
            }
        }
    }
}
