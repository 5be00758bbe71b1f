import ArgumentParser
import Hibana
import HibanaOutput

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

    @Option(help: "Write spikes, voltage traces, summary.json and report.html into this directory (new or empty).")
    var out: String?

    @Flag(help: "With --out: replace the results in an existing directory.")
    var force = false

    func run() throws {
        guard example == "brunel" else {
            throw ValidationError("unknown example '\(example)'; available: brunel")
        }
        // Refuse an existing run directory before building anything.
        let writer = try out.map { try RunWriter(path: $0, force: force) }
        var model = Brunel2000()
        model.seed = seed
        model.g = g
        model.eta = eta
        let threads = threads ?? defaultThreadCount()
        var spec = try model.network.spec
        if writer != nil {
            // With --out, also record V_m of the first few neurons of each population for the report.
            let indices = { (n: Int) in Array(0..<Swift.min(5, n)) }
            spec.recorders.append(RecorderSpec(
                name: "V_m", kind: .multimeter(recordFrom: ["V_m"], interval: spec.resolution),
                targets: [
                    NeuronSelection(population: 0, indices: indices(model.excitatory)),
                    NeuronSelection(population: 1, indices: indices(model.inhibitory)),
                ]))
        }
        let network = try NetworkBuilder.build(spec, threads: threads)
        print("Brunel (2000): \(network.layout.neuronCount) neurons, \(network.synapseCount) synapses, "
            + "g = \(formatNumber(g)), η = \(formatNumber(eta)), \(threads) thread(s); built in \(seconds(network.buildSeconds))")
        let simulation = Simulation(network)
        do {
            try simulation.run(duration)
        } catch {
            // A numerical blow-up: keep what was recorded up to it, then report the error.
            if let writer {
                try writer.write(simulation: simulation, requestedDuration: duration, interrupted: true, reason: "\(error)")
                print("results so far written to \(writer.directory.path)")
            }
            throw error
        }
        print("simulated \(formatNumber(duration)) ms in \(seconds(simulation.simulateSeconds)) "
            + "(real-time factor \(String(format3(simulation.simulateSeconds / (duration / 1000)))))")
        for (name, count) in [("spikes_E", model.recorded), ("spikes_I", model.recorded)] {
            let spikes = try simulation.spikes(name)
            let rate = Double(spikes.count) / Double(count) / (duration / 1000)
            print("  \(name): \(spikes.count) spikes from \(count) neurons, mean rate \(format3(rate)) Hz")
        }
        if let writer {
            let files = try writer.write(simulation: simulation, requestedDuration: duration)
            print("wrote \(files.count) files to \(writer.directory.path): "
                + files.map { $0.lastPathComponent }.joined(separator: ", "))
        }
    }
}

func seconds(_ s: Double) -> String { "\(format3(s)) s" }

/// Three significant decimals, locale-independent.
func format3(_ x: Double) -> String {
    let scaled = (x * 1000).rounded() / 1000
    return "\(scaled)"
}
