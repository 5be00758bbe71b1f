import HibanaDescription

/// The page `hibana models NAME` prints, generated from the same definitions the engine uses.
public enum ModelDocumentationPage {
    public static func text(for name: String) throws -> String {
        if let m = ModelCatalog.neurons.first(where: { $0.name == name }) {
            return page(m.name, m.documentation, m.parameters, recordables: m.recordables)
        }
        if let r = SynapseCatalog.rules.first(where: { $0.name == name }) {
            return page(r.name, r.documentation, r.parameters, recordables: [])
        }
        let d = try ModelCatalog.device(named: name)
        return page(d.name, d.documentation, d.parameters, recordables: [])
    }

    static func page(_ name: String, _ doc: ModelDocumentation, _ parameters: [ParameterSpec], recordables: [Recordable]) -> String {
        var lines = ["\(name): \(doc.summary)", "", "Equations:"]
        lines += doc.equations.split(separator: "\n").map { "  " + $0 }
        lines += ["", "Parameters:", row(["key", "default", "unit", "meaning"])]
        for p in parameters {
            let value = p.constraint == .list ? "[]" : p.constraint == .boolean ? (p.defaultValue != 0 ? "true" : "false")
                : formatNumber(p.defaultValue)
            let meaning = p.meaning + (p.perNeuron ? " (may differ per neuron)" : "")
            lines.append(row([p.key, value, p.unit, meaning]))
        }
        if !recordables.isEmpty {
            lines += ["", "Recordables: " + recordables.map { "\($0.name) (\($0.unit))" }.joined(separator: ", ")]
        }
        lines += ["", "References:"] + doc.references.map { "  " + $0 }
        return lines.joined(separator: "\n")
    }

    static func row(_ cells: [String]) -> String {
        let widths = [20, 14, 6]
        var out = "  "
        for (i, c) in cells.enumerated() {
            out += i < widths.count ? c + String(repeating: " ", count: Swift.max(1, widths[i] - c.count)) : c
        }
        return out
    }
}
