import HibanaDescription

/// A model's parameters resolved for a block of `count` neurons: defaults filled in, user values
/// checked, per-neuron values drawn. Every key of the model is present.
public struct ParameterTable: Sendable {
    public let model: String
    public let count: Int
    /// One value (shared) or `count` values (per neuron) for each scalar key.
    public private(set) var values: [String: [Double]]
    /// List parameters (spike times, amplitudes).
    public private(set) var lists: [String: [Double]]

    public init(model: String, count: Int, values: [String: [Double]], lists: [String: [Double]] = [:]) {
        self.model = model
        self.count = count
        self.values = values
        self.lists = lists
    }

    /// The shared value of `key`. A model asks this only for keys declared not per-neuron.
    public func scalar(_ key: String) -> Double {
        guard let v = values[key], let first = v.first else { preconditionFailure("\(model): no parameter \(key)") }
        return first
    }

    /// `count` values of `key`, expanding a shared value.
    public func perNeuron(_ key: String) -> [Double] {
        guard let v = values[key] else { preconditionFailure("\(model): no parameter \(key)") }
        return v.count == count ? v : Array(repeating: v[0], count: count)
    }

    public func bool(_ key: String) -> Bool { scalar(key) != 0 }

    public func list(_ key: String) -> [Double] { lists[key] ?? [] }

    /// Every value of `key` (one or per neuron): for relations checked over all neurons.
    public func all(_ key: String) -> [Double] { values[key] ?? [] }

    /// Throws the standard error for a relation between two parameters that fails for some neuron,
    /// e.g. `requireLess("V_reset", "V_th")`.
    public func requireLess(_ a: String, _ b: String, unit: String) throws {
        let va = perNeuron(a)
        let vb = perNeuron(b)
        for i in 0..<count where !(va[i] < vb[i]) {
            throw HibanaError.invalidParameter(
                model: model, key: a, value: "\(formatNumber(va[i])) \(unit)",
                allowed: "< \(b) (\(formatNumber(vb[i])) \(unit))")
        }
    }
}
