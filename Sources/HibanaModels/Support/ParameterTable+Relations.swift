import HibanaDescription

extension ParameterTable {
    /// Throws the standard error naming `a` when `a ≥ b` fails for some neuron,
    /// e.g. `requireAtLeast("V_peak", "V_th")` (NEST allows equality there).
    public func requireAtLeast(_ a: String, _ b: String, unit: String) throws {
        let va = perNeuron(a)
        let vb = perNeuron(b)
        for i in 0..<count where !(va[i] >= vb[i]) {
            throw HibanaError.invalidParameter(
                model: model, key: a, value: "\(formatNumber(va[i])) \(unit)",
                allowed: "≥ \(b) (\(formatNumber(vb[i])) \(unit))")
        }
    }
}
