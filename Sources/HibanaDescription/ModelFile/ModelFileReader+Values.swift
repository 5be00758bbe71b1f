import Foundation

/// Reading single values: mappings checked against the schema, names, numbers with units and
/// `$parameters`, whole numbers, flags, per-neuron values and distributions.
extension ModelFileReader {
    /// The entries of a mapping whose keys are those of `section`; unknown keys are reported with
    /// the closest valid key. Each key's location is recorded under `path.key`.
    mutating func fields(_ node: ModelNode, path: String, section: ModelFileSchema.Section) -> [String: ModelNode]? {
        guard case let .mapping(entries) = node.content else {
            report(path, node.location,
                "expected a \(section.name) mapping with the keys \(section.keys.joined(separator: ", ")); got \(node.shown)")
            return nil
        }
        var result: [String: ModelNode] = [:]
        for entry in entries {
            let child = Self.join(path, entry.key)
            guard section.keys.contains(entry.key) else {
                let hint = closestMatch(to: entry.key, in: section.keys).map { "; did you mean '\($0)'?" }
                    ?? ModelFileSchema.nestSpellings[entry.key].map { "; here it is written \($0)" }
                    ?? " (a \(section.name) has: \(section.keys.joined(separator: ", ")))"
                report(child, entry.keyLocation, "unknown key '\(entry.key)'\(hint)")
                continue
            }
            locations[child] = entry.value.isCollection || entry.value.isNull ? entry.keyLocation : entry.value.location
            result[entry.key] = entry.value
        }
        return result
    }

    /// The entries of a mapping whose keys are names the file chooses (populations, parameters …).
    mutating func namedEntries(_ node: ModelNode, path: String, what: String) -> [(String, SourceLocation, ModelNode)]? {
        switch node.content {
        case let .mapping(entries): return entries.map { ($0.key, $0.keyLocation, $0.value) }
        case .null: return []
        default:
            report(path, node.location, "expected a mapping of \(what); got \(node.shown)")
            return nil
        }
    }

    /// A scalar's text; anything else is reported as not being `expected`.
    mutating func text(_ node: ModelNode, _ path: String, expected: String) -> String? {
        if case let .scalar(s) = node.content { return s }
        report(path, node.location, node.isNull ? "missing value: expected \(expected)" : "expected \(expected); got \(node.shown)")
        return nil
    }

    /// A name or a list of names (`[E, I]`, or `E` alone).
    mutating func nameList(_ node: ModelNode, path: String, what: String) -> [(String, ModelNode)] {
        switch node.content {
        case let .scalar(s): return [(s, node)]
        case let .sequence(items):
            var names: [(String, ModelNode)] = []
            for (i, item) in items.enumerated() {
                if let s = text(item, "\(path)[\(i)]", expected: "a name") { names.append((s, item)) }
            }
            return names
        default:
            report(path, node.location, "expected a list of \(what); got \(node.shown)")
            return []
        }
    }

    /// A number, possibly an expression on `$parameters`, possibly with a unit, in the unit
    /// `unit` expected for `key` ("" for plain numbers, nil when unknown). Reports and returns nil
    /// when it cannot be read; returns nil silently when a `$parameter` it uses is itself wrong.
    mutating func number(_ node: ModelNode, _ path: String, key: String, unit: String?) -> Double? {
        let expected = unit.map { $0.isEmpty ? "a number" : "a number in \($0)" } ?? "a number"
        guard let s = text(node, path, expected: expected) else { return nil }
        let expression: ValueExpression
        do { expression = try ValueExpression.parse(s) } catch {
            report(path, node.location, error.text)
            return nil
        }
        var known: [String: Double] = [:]
        for name in expression.references where known[name] == nil {
            guard knobNodes[name] != nil else {
                report(path, node.location, undefinedReason(name))
                return nil
            }
            guard let v = knobValues[name] ?? nil else { return nil }
            known[name] = v
        }
        let raw = expression.value { known[$0]! }
        if raw.isNaN {
            report(path, node.location, "the value is not a number (0/0 or ∞ − ∞)")
            return nil
        }
        switch PhysicalUnit.convert(raw, from: expression.unit, to: unit, key: key, written: s.trimmingSpaces) {
        case let .success(v): return v
        case let .failure(problem):
            report(path, node.location, problem.text)
            return nil
        }
    }

    /// A whole number in `range` (an expression is allowed: `0.8 * $N`).
    mutating func integer(_ node: ModelNode, _ path: String, key: String, range: ClosedRange<Int>) -> Int? {
        guard let v = number(node, path, key: key, unit: "") else { return nil }
        let rounded = v.rounded()
        // Expressions such as 0.2 * $N may miss a whole number by a rounding error.
        guard v.isFinite, abs(v - rounded) <= 1e-9 * Swift.max(1, abs(v)) else {
            report(path, node.location, "\(key) must be a whole number (got \(formatNumber(v)))")
            return nil
        }
        guard rounded >= Double(range.lowerBound) else {
            report(path, node.location, "\(key) must be ≥ \(range.lowerBound) (got \(formatNumber(rounded)))")
            return nil
        }
        guard rounded <= Double(range.upperBound) else {
            report(path, node.location, "\(key) must be ≤ \(range.upperBound) (got \(formatNumber(rounded)))")
            return nil
        }
        return Int(rounded)
    }

    /// The master seed: a whole number from 0 to 2^64 − 1, written out (a UInt64 does not fit a Double).
    mutating func seed(_ node: ModelNode, _ path: String) -> UInt64? {
        if case let .scalar(s) = node.content, let seed = UInt64(s.trimmingSpaces) { return seed }
        guard let v = integer(node, path, key: "seed", range: 0...Int.max) else { return nil }
        return UInt64(v)
    }

    mutating func boolean(_ node: ModelNode, _ path: String, key: String) -> Bool? {
        if case let .scalar(s) = node.content {
            switch s.lowercased() {
            case "true": return true
            case "false": return false
            default: break
            }
        }
        report(path, node.location, "\(key) must be true or false (got \(node.shown))")
        return nil
    }

    /// A model parameter: one value, a list (one value per neuron, or a list parameter such as
    /// spike_times), or a distribution drawn per neuron.
    mutating func parameterValue(_ node: ModelNode, _ path: String, key: String, unit: String?) -> ParameterValue? {
        switch node.content {
        case let .scalar(s):
            // Flags (refractory_input: true) are 1 and 0, as in ParameterValue's boolean literal.
            if unit == nil || unit == "" {
                switch s.lowercased() {
                case "true": return .value(1)
                case "false": return .value(0)
                default: break
                }
            }
            return number(node, path, key: key, unit: unit).map { .value($0) }
        case let .sequence(items):
            var values: [Double] = []
            var ok = true
            for (i, item) in items.enumerated() {
                if let v = number(item, "\(path)[\(i)]", key: key, unit: unit) { values.append(v) } else { ok = false }
            }
            return ok ? .list(values) : nil
        case .mapping:
            return distribution(node, path, key: key, unit: unit).map { .distribution($0) }
        case .null:
            report(path, node.location, "missing value for \(key)")
            return nil
        }
    }

    /// A weight or delay: a number for all connections, or a distribution drawn per connection.
    mutating func distributionOrConstant(_ node: ModelNode, _ path: String, key: String, unit: String?) -> ValueDistribution? {
        switch node.content {
        case .mapping:
            return distribution(node, path, key: key, unit: unit)
        case .sequence:
            report(path, node.location, "expected a number or a distribution ({distribution: normal, mean: …, std: …}); got a list")
            return nil
        default:
            guard let v = number(node, path, key: key, unit: unit) else { return nil }
            if !v.isFinite {
                report(path, node.location, "\(key) must be finite (got \(formatNumber(v)))")
                return nil
            }
            return .constant(v)
        }
    }

    /// `{distribution: NAME, ARGUMENTS}`; arguments in the unit of `key`, except lognormal's mean
    /// and std, which are those of the underlying normal (as in NEST) and so plain numbers.
    mutating func distribution(_ node: ModelNode, _ path: String, key: String, unit: String?) -> ValueDistribution? {
        guard let f = fields(node, path: path, section: ModelFileSchema.distribution) else { return nil }
        let names = ModelFileSchema.distributions.map(\.name)
        guard let nameNode = f["distribution"] else {
            report("\(path).distribution", node.location, "missing key 'distribution': one of \(names.joined(separator: ", "))")
            return nil
        }
        guard let name = text(nameNode, "\(path).distribution", expected: "a distribution name") else { return nil }
        guard let arguments = ModelFileSchema.distributions.first(where: { $0.name == name })?.arguments else {
            let hint = closestMatch(to: name, in: names).map { "; did you mean '\($0)'?" } ?? " (distributions: \(names.joined(separator: ", ")))"
            report("\(path).distribution", nameNode.location, "unknown distribution '\(name)'\(hint)")
            return nil
        }
        var values: [String: Double] = [:]
        var ok = true
        for argument in ["mean", "std", "min", "max"] {
            let argumentPath = "\(path).\(argument)"
            guard let n = f[argument] else {
                if arguments.contains(argument) {
                    report(argumentPath, node.location, "missing key '\(argument)': \(name) needs \(arguments.joined(separator: ", "))")
                    ok = false
                }
                continue
            }
            guard arguments.contains(argument) else {
                report(argumentPath, n.location, "\(name) takes \(arguments.joined(separator: ", ")), not \(argument)")
                ok = false
                continue
            }
            let logSpace = name == "lognormal"
            let argumentUnit = logSpace ? "" : unit
            let label = logSpace ? "lognormal's \(argument) (of the underlying normal, as in NEST)" : "\(key)'s \(argument)"
            if let v = number(n, argumentPath, key: label, unit: argumentUnit) { values[argument] = v } else { ok = false }
        }
        guard ok else { return nil }
        let d: ValueDistribution
        switch name {
        case "normal": d = .normal(mean: values["mean"]!, std: values["std"]!)
        case "lognormal": d = .lognormal(mean: values["mean"]!, std: values["std"]!)
        case "uniform": d = .uniform(min: values["min"]!, max: values["max"]!)
        default: d = .normalClipped(mean: values["mean"]!, std: values["std"]!, min: values["min"]!, max: values["max"]!)
        }
        // The clipped normal is drawn by redrawing until a value falls inside [min, max] (NEST's
        // redraw): with almost no probability mass there, that would never end.
        if case let .normalClipped(mean, std, lo, hi) = d, std > 0, lo < hi {
            func cdf(_ x: Double) -> Double { 0.5 * erfc(-(x - mean) / (std * 2.0.squareRoot())) }
            if !(cdf(hi) - cdf(lo) >= 1e-6) {
                report(path, node.location,
                    "normal_clipped: [min, max] holds almost none of the distribution (less than 1e-6 of it); draws would never end")
                return nil
            }
        }
        do { try d.validate(key, owner: path) } catch {
            if case let .invalidProjection(_, reason)? = error as? HibanaError {
                report(path, node.location, reason)
            } else {
                report(path, node.location, "\(error)")
            }
            return nil
        }
        return d
    }
}

extension ModelNode {
    var isNull: Bool {
        if case .null = content { return true }
        return false
    }
}
