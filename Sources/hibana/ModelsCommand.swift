import ArgumentParser
import Hibana

struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models", abstract: "List the models, or document one: parameters, units, defaults, recordables.")

    @Argument(help: "A model name, e.g. iaf_psc_exp.")
    var name: String?

    func run() throws {
        guard let name else {
            print("Neuron models:")
            for m in ModelCatalog.neurons { print("  \(m.name.padding(20))\(m.documentation.summary)") }
            print("Devices:")
            for d in ModelCatalog.devices { print("  \(d.name.padding(20))\(d.documentation.summary)") }
            print("Synapse models (besides static_synapse):")
            for r in SynapseCatalog.rules { print("  \(r.name.padding(24))\(r.documentation.summary)") }
            return
        }
        print(try ModelDocumentationPage.text(for: name))
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self + " " : self + String(repeating: " ", count: width - count) }
}
