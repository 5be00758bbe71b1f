import HibanaDescription
import HibanaRandom

/// Turns user-given parameter values into a checked `ParameterTable`: unknown keys are refused
/// with the closest valid key, each value checked against its constraint, defaults filled in.
public enum ParameterResolution {
    /// Checks `given` against `specs` without drawing anything (validation before build).
    public static func check(model: String, specs: [ParameterSpec], given: [String: ParameterValue]) throws {
        if let first = issues(model: model, specs: specs, given: given).first { throw first.error }
    }

    /// Every problem of `given`, by key, in key order.
    public static func issues(model: String, specs: [ParameterSpec], given: [String: ParameterValue]) -> [(key: String, error: HibanaError)] {
        var found: [(key: String, error: HibanaError)] = []
        for (key, value) in given.sorted(by: { $0.key < $1.key }) {
            do { try checkOne(model: model, specs: specs, key: key, value: value) } catch let e as HibanaError {
                found.append((key, e))
            } catch {}
        }
        return found
    }

    static func checkOne(model: String, specs: [ParameterSpec], key: String, value: ParameterValue) throws {
        guard let spec = specs.first(where: { $0.key == key }) else {
            throw HibanaError.unknownParameter(
                model: model, key: key, suggestion: closestMatch(to: key, in: specs.map(\.key)))
        }
        switch value {
        case let .value(v):
            if spec.constraint == .list {
                throw HibanaError.invalidParameter(
                    model: model, key: key, value: formatNumber(v), allowed: spec.constraint.describe(unit: spec.unit))
            }
            if !spec.constraint.admits(v) { throw spec.invalid(model, v) }
        case let .list(vs):
            if spec.constraint != .list && !spec.perNeuron {
                throw HibanaError.invalidParameter(
                    model: model, key: key, value: "a list",
                    allowed: "one value for the whole population (\(model) cannot vary \(key) per neuron)")
            }
            if let bad = vs.first(where: { !spec.constraint.admits($0) }) { throw spec.invalid(model, bad) }
        case let .distribution(d):
            if !spec.perNeuron {
                throw HibanaError.invalidParameter(
                    model: model, key: key, value: "a distribution",
                    allowed: "one value for the whole population (\(model) cannot vary \(key) per neuron)")
            }
            try d.validate(key, owner: model)
        }
    }

    /// Resolves the parameters of neurons `first ..< first + count` of a population of `total`
    /// neurons whose global ids start at `gid0`. Per-neuron draws come from streams keyed by the
    /// global id, so any split of the population into blocks gives the same values.
    public static func resolve(
        model: String, specs: [ParameterSpec], given: [String: ParameterValue], total: Int,
        first: Int, count: Int, gid0: Int, seed: UInt64, family: UInt64
    ) throws -> ParameterTable {
        try check(model: model, specs: specs, given: given)
        var values: [String: [Double]] = [:]
        var lists: [String: [Double]] = [:]
        for (keyIndex, spec) in specs.enumerated() {
            let value = given[spec.key]
            if spec.constraint == .list {
                if case let .list(vs)? = value { lists[spec.key] = vs } else { lists[spec.key] = spec.defaultList }
                continue
            }
            switch value {
            case nil: values[spec.key] = [spec.defaultValue]
            case let .value(v)?: values[spec.key] = [v]
            case let .list(vs)?:
                guard vs.count == total else {
                    throw HibanaError.invalidParameter(
                        model: model, key: spec.key, value: "a list of \(vs.count) values",
                        allowed: "one value per neuron (\(total))")
                }
                values[spec.key] = Array(vs[first..<first + count])
            case let .distribution(d)?:
                var drawn = [Double](repeating: 0, count: count)
                for i in 0..<count {
                    var stream = RandomStream(
                        seed: seed, purpose: .initialValues, family: family &* 1000 &+ UInt64(keyIndex),
                        id: UInt64(gid0 + first + i))
                    let v = d.sample(&stream)
                    if !spec.constraint.admits(v) { throw spec.invalid(model, v) }
                    drawn[i] = v
                }
                values[spec.key] = drawn
            }
        }
        return ParameterTable(model: model, count: count, values: values, lists: lists)
    }
}
