import HibanaDescription

/// One parameter (or initial state value) of a model, as NEST names it.
public struct ParameterSpec: Sendable {
    /// What values are allowed. Relations between parameters (V_reset < V_th) are checked by the model.
    public enum Constraint: Equatable, Sendable {
        case any
        case positive
        case nonNegative
        case atLeast(Double)
        case boolean
        /// A list of values (spike times, amplitudes), each finite.
        case list

        func admits(_ v: Double) -> Bool {
            switch self {
            case .any: return !v.isNaN
            case .positive: return v > 0 && v.isFinite
            case .nonNegative: return v >= 0 && v.isFinite
            case let .atLeast(bound): return v >= bound && !v.isNaN
            case .boolean: return v == 0 || v == 1
            case .list: return v.isFinite
            }
        }

        func describe(unit: String) -> String {
            let u = unit.isEmpty ? "" : " \(unit)"
            switch self {
            case .any: return "a number"
            case .positive: return "> 0\(u)"
            case .nonNegative: return "≥ 0\(u)"
            case let .atLeast(bound): return "≥ \(formatNumber(bound))\(u)"
            case .boolean: return "true or false"
            case .list: return "a list of finite values\(u.isEmpty ? "" : " in\(u)")"
            }
        }
    }

    /// NEST's key, e.g. `tau_m`.
    public let key: String
    public let defaultValue: Double
    /// NEST's unit: ms, mV, pA, nS, pF, Hz, or empty.
    public let unit: String
    public let meaning: String
    public let constraint: Constraint
    /// Whether the value may differ per neuron (given as a list or a distribution).
    public let perNeuron: Bool
    /// Default for list parameters.
    public let defaultList: [Double]

    public init(
        _ key: String, _ defaultValue: Double, _ unit: String, _ meaning: String,
        _ constraint: Constraint = .any, perNeuron: Bool = false
    ) {
        self.key = key
        self.defaultValue = defaultValue
        self.unit = unit
        self.meaning = meaning
        self.constraint = constraint
        self.perNeuron = perNeuron
        self.defaultList = []
    }

    /// A list-valued parameter, such as `spike_times`.
    public init(list key: String, _ unit: String, _ meaning: String, default defaultList: [Double] = []) {
        self.key = key
        self.defaultValue = 0
        self.unit = unit
        self.meaning = meaning
        self.constraint = .list
        self.perNeuron = false
        self.defaultList = defaultList
    }

    func invalid(_ model: String, _ value: Double) -> HibanaError {
        .invalidParameter(
            model: model, key: key, value: formatNumber(value) + (unit.isEmpty ? "" : " \(unit)"),
            allowed: constraint.describe(unit: unit))
    }
}

