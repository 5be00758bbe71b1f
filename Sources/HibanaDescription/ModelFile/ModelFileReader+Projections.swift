/// Reading `projections`: source and target by name, the rule and its argument, weights and delays.
extension ModelFileReader {
    mutating func readProjections(_ node: ModelNode) {
        guard case let .sequence(items) = node.content else {
            report("projections", node.location, "expected a list of projections (- {source: E, target: I, …}); got \(node.shown)")
            return
        }
        for (i, item) in items.enumerated() {
            spec.projections.append(readProjection(item, path: "projections[\(i)]"))
        }
    }

    mutating func readProjection(_ node: ModelNode, path: String) -> ProjectionSpec {
        locations[path] = node.location
        var projection = ProjectionSpec(source: .population(-1), target: -1, rule: .allToAll, weight: .constant(1), delay: .constant(1))
        guard let f = fields(node, path: path, section: ModelFileSchema.projection) else { return projection }
        var sourceModel: String?, targetModel: String?
        var named: [String] = []
        if let n = f["source"] {
            if let name = text(n, "\(path).source", expected: "a population or device name") {
                named.append(name)
                if let p = populationIndex[name] {
                    projection.source = .population(p)
                    sourceModel = spec.populations[p].model
                } else if let d = deviceIndex[name] {
                    projection.source = .device(d)
                    sourceModel = spec.devices[d].model
                } else {
                    report("\(path).source", n.location, undefinedNodeReason(name, kinds: "population or device"))
                }
            }
        } else {
            report("\(path).source", node.location, "missing key 'source': the population or device the connections come from")
        }
        if let n = f["target"] {
            if let name = text(n, "\(path).target", expected: "a population name") {
                named.append(name)
                if let p = populationIndex[name] {
                    projection.target = p
                    targetModel = spec.populations[p].model
                } else if deviceIndex[name] != nil {
                    report("\(path).target", n.location,
                        "'\(name)' is a device; a projection's target is a population (recorders observe populations)")
                } else {
                    report("\(path).target", n.location, undefinedNodeReason(name, kinds: "population"))
                }
            }
        } else {
            report("\(path).target", node.location, "missing key 'target': the population the connections go to")
        }
        references[path] = named
        readRule(f, node: node, path: path, into: &projection)
        if let n = f["allow_autapses"], let b = boolean(n, "\(path).allow_autapses", key: "allow_autapses") {
            projection.allowAutapses = b
        }
        if let n = f["allow_multapses"], let b = boolean(n, "\(path).allow_multapses", key: "allow_multapses") {
            projection.allowMultapses = b
        }
        if let n = f["synapse"], let s = text(n, "\(path).synapse", expected: "a synapse model name such as static_synapse") {
            projection.synapseModel = s
        }
        readPlasticity(f, path: path, into: &projection)
        let weightUnit: String? = sourceModel.flatMap { s in targetModel.flatMap { t in units.weight(s, t) } }
        if let n = f["weight"], let w = distributionOrConstant(n, "\(path).weight", key: "weight", unit: weightUnit) {
            projection.weight = w
        }
        if let n = f["delay"], let d = distributionOrConstant(n, "\(path).delay", key: "delay", unit: "ms") {
            projection.delay = d
        }
        return projection
    }

    /// A plastic synapse's parameters (in the synapse model's units), receptor, volume transmitter
    /// and weight recording.
    mutating func readPlasticity(_ f: [String: ModelNode], path: String, into projection: inout ProjectionSpec) {
        if let n = f["synapse_params"] {
            for (key, value) in readParameterValues(n, path: "\(path).synapse_params", model: projection.synapseModel) {
                if case let .value(v) = value { projection.synapseParameters[key] = v } else {
                    report("\(path).synapse_params.\(key)", n.location, "a synapse parameter is one number, shared by the projection's connections")
                }
            }
        }
        if let n = f["receptor_type"], let r = integer(n, "\(path).receptor_type", key: "receptor_type", range: 0...255) {
            projection.receptorType = r
        }
        if let n = f["volume_transmitter"], let name = text(n, "\(path).volume_transmitter", expected: "a population of one volume_transmitter") {
            if let p = populationIndex[name] { projection.volumeTransmitter = p } else {
                report("\(path).volume_transmitter", n.location, undefinedNodeReason(name, kinds: "population"))
            }
        }
        if let n = f["teacher"], let name = text(n, "\(path).teacher", expected: "a population as large as the target") {
            if let p = populationIndex[name] { projection.teacher = p } else {
                report("\(path).teacher", n.location, undefinedNodeReason(name, kinds: "population"))
            }
        }
        if let n = f["record_weights"] {
            if case .mapping = n.content {
                // NEST's weight_recorder senders and targets: neurons of the source and target populations.
                projection.recordWeights = true
                guard let selection = fields(n, path: "\(path).record_weights", section: ModelFileSchema.recordWeights) else { return }
                if let s = selection["senders"], case let .population(p) = projection.source {
                    projection.recordedSenders = neuronIndices(
                        s, path: "\(path).record_weights.senders", targets: [NeuronSelection(population: p)])
                }
                if let t = selection["targets"] {
                    projection.recordedTargets = neuronIndices(
                        t, path: "\(path).record_weights.targets", targets: [NeuronSelection(population: projection.target)])
                }
            } else if let b = boolean(n, "\(path).record_weights", key: "record_weights") {
                projection.recordWeights = b
            }
        }
    }

    mutating func readRule(_ f: [String: ModelNode], node: ModelNode, path: String, into projection: inout ProjectionSpec) {
        var rule = "all_to_all"
        var ruleLocation = node.location
        if let n = f["rule"] {
            ruleLocation = n.location
            guard let s = text(n, "\(path).rule", expected: "a connection rule such as fixed_indegree") else { return }
            guard ModelFileSchema.rules.contains(where: { $0.name == s }) else {
                let names = ModelFileSchema.rules.map(\.name)
                let hint = closestMatch(to: s, in: names).map { "; did you mean '\($0)'?" } ?? " (rules: \(names.joined(separator: ", ")))"
                report("\(path).rule", n.location, "unknown connection rule '\(s)'\(hint)")
                return
            }
            rule = s
        }
        let argument = ModelFileSchema.rules.first { $0.name == rule }!.argument
        for (key, owner) in ModelFileSchema.ruleArguments where owner != rule && f[key] != nil {
            report("\(path).\(key)", f[key]!.location, "'\(key)' is the argument of \(owner), not of \(rule)")
        }
        guard let argument else {
            projection.rule = rule == "one_to_one" ? .oneToOne : .allToAll
            return
        }
        guard let n = f[argument] else {
            report("\(path).\(argument)", ruleLocation, "missing key '\(argument)': \(rule) needs it")
            return
        }
        let argumentPath = "\(path).\(argument)"
        switch rule {
        case "fixed_indegree":
            if let k = integer(n, argumentPath, key: argument, range: 0...ModelFileSchema.largestCount) { projection.rule = .fixedIndegree(k) }
        case "fixed_outdegree":
            if let k = integer(n, argumentPath, key: argument, range: 0...ModelFileSchema.largestCount) { projection.rule = .fixedOutdegree(k) }
        case "fixed_total_number":
            if let k = integer(n, argumentPath, key: argument, range: 0...(1 << 53)) { projection.rule = .fixedTotalNumber(k) }
        default:
            if let p = number(n, argumentPath, key: argument, unit: "") {
                if p >= 0 && p <= 1 { projection.rule = .pairwiseBernoulli(p: p) } else {
                    report(argumentPath, n.location, "p is a probability: it must lie in [0, 1] (got \(formatNumber(p)))")
                }
            }
        }
    }

    func undefinedNodeReason(_ name: String, kinds: String) -> String {
        let candidates = kinds == "population" ? Array(populationIndex.keys) : Array(populationIndex.keys) + Array(deviceIndex.keys)
        let hint = closestMatch(to: name, in: candidates.sorted()).map { "; did you mean '\($0)'?" } ?? ""
        return "no \(kinds) named '\(name)'\(hint)"
    }
}
