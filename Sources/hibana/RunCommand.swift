import ArgumentParser
import Hibana

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Build and simulate a network (for now: a built-in example).")

    @Option(help: "Built-in example to run: brunel.")
    var example = "brunel"

    @Option(help: "Biological time to simulate, in ms.")
    var duration = 1000.0

    @Option(help: "Master seed of all random streams.")
    var seed: UInt64 = 1

    @Option(help: "Worker threads (default: all cores).")
    var threads: Int?

    @Option(help: "Brunel: relative inhibition g.")
    var g = 5.0

    @Option(help: "Brunel: external drive η relative to the threshold rate.")
    var eta = 2.0

    func run() throws {
        guard example == "brunel" else {
            throw ValidationError("unknown example '\(example)'; available: brunel")
        }
        var model = Brunel2000()
        model.seed = seed
        model.g = g
        model.eta = eta
        let threads = threads ?? defaultThreadCount()
        let network = try NetworkBuilder.build(try model.network.spec, threads: threads)
        print("Brunel (2000): \(network.layout.neuronCount) neurons, \(network.synapseCount) synapses, "
            + "g = \(formatNumber(g)), η = \(formatNumber(eta)), \(threads) thread(s); built in \(seconds(network.buildSeconds))")
        let simulation = Simulation(network)
        try simulation.run(duration)
        print("simulated \(formatNumber(duration)) ms in \(seconds(simulation.simulateSeconds)) "
            + "(real-time factor \(String(format3(simulation.simulateSeconds / (duration / 1000)))))")
        for (name, count) in [("spikes_E", model.recorded), ("spikes_I", model.recorded)] {
            let spikes = try simulation.spikes(name)
            let rate = Double(spikes.count) / Double(count) / (duration / 1000)
            print("  \(name): \(spikes.count) spikes from \(count) neurons, mean rate \(format3(rate)) Hz")
        }
    }
}

func seconds(_ s: Double) -> String { "\(format3(s)) s" }

/// Three significant decimals, locale-independent.
func format3(_ x: Double) -> String {
    let scaled = (x * 1000).rounded() / 1000
    return "\(scaled)"
}
