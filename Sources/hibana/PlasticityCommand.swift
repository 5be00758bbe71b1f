import ArgumentParser
import Foundation
import Hibana

/// `hibana plasticity …`: the plasticity validations and benchmark that take too long for `swift test`.
struct PlasticityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plasticity", abstract: "Plasticity validations and the plastic-synapse benchmark.",
        subcommands: [PlasticityBenchCommand.self, EyeblinkCommand.self])
}

/// Brunel (2000) with static E→E synapses, then with stdp_synapse, on the given thread counts.
struct PlasticityBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Brunel network: static vs stdp_synapse E→E; slowdown (criterion ≤ 2.5×), bytes per plastic synapse, spike-history memory.")

    @Option(help: "Fraction of the full network (10000 E + 2500 I, in-degrees scale too).")
    var scale = 1.0
    @Option(help: "Simulated time per run, ms (after 100 ms of warm-up).")
    var duration = 500.0
    @Option(parsing: .upToNextOption, help: "Thread counts to measure.")
    var threads: [Int] = [1, 2]

    func run() throws {
        var brunel = Brunel2000()
        brunel.excitatory = Int(10_000 * scale)
        brunel.inhibitory = Int(2_500 * scale)
        brunel.recorded = 0
        // Additive potentiation, multiplicative depression, Wmax = 2 J, a small lambda: every synapse is
        // updated at every spike as usual, but the activity stays that of the static network, so the
        // two runs deliver the same number of events.
        let stdp = Network.Synapse("stdp_synapse", ["lambda": 0.0001, "alpha": 1.0, "mu_plus": 0, "mu_minus": 1, "Wmax": 2 * brunel.j])
        var failed = false
        for t in threads {
            var times: [Double] = []
            for synapse in [Network.Synapse.static, stdp] {
                brunel.excitatoryToExcitatory = synapse
                let net = try brunel.network
                let simulation = try Simulation(NetworkBuilder.build(net.spec, threads: t))
                try simulation.run(100)
                let spikes0 = simulation.spikeCount, seconds0 = simulation.simulateSeconds
                try simulation.run(duration)
                let seconds = simulation.simulateSeconds - seconds0
                let rate = Double(simulation.spikeCount - spikes0) / Double(brunel.excitatory + brunel.inhibitory) / (duration / 1000)
                times.append(seconds)
                let n = simulation.network
                var line = "threads \(t) \(synapse.model.padding(14)) \(String(format: "%7.2f", seconds)) s for \(Int(duration)) ms, rate \(String(format: "%.1f", rate)) Hz"
                if n.plasticSynapseCount > 0 {
                    let history = n.shards.reduce(0) { $0 + $1.postHistory.bytes }
                    let entries = n.shards.reduce(0) { $0 + $1.postHistory.entryCount }
                    line += String(
                        format: ", %d plastic synapses, %.2f bytes each (store incl. runs and per-source traces), spike history %.2f MB (%d spikes held)",
                        n.plasticSynapseCount, Double(n.plasticSynapseBytes) / Double(n.plasticSynapseCount), Double(history) / 1e6, entries)
                }
                print(line)
            }
            let slowdown = times[1] / times[0]
            print(String(format: "threads %d: stdp_synapse / static = %.2f× (criterion ≤ 2.5×)", t, slowdown))
            if slowdown > 2.5 { failed = true }
        }
        if failed { throw ExitCode(1) }
    }
}

/// The eyeblink-conditioning protocol with more trials than the test, printed trial by trial.
struct EyeblinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eyeblink",
        abstract: "cerebellar_pf_pc_synapse: the Purkinje cell learns to pause before the climbing-fibre (teacher) signal.")

    @Option(help: "Number of trials.")
    var trials = 30

    func run() throws {
        var spec = EyeblinkConditioning()
        spec.trials = trials
        let built = try spec.network
        let run = try built.network.simulate(Double(trials) * spec.trialPeriod, threads: 1)
        let spikes = try run.spikes(built.purkinjeSpikes)
        let bins = stride(from: 0.0, to: Double(spec.granuleCells) * spec.slice, by: 50.0).map { $0 }
        print("Purkinje spikes per 50 ms bin after CS onset (US at \(Int(spec.usTime)) ms):")
        for trial in 0..<trials {
            let counts = bins.map { spec.counts(spikes, from: $0, to: $0 + 50)[trial] }
            print("trial \(trial + 1): " + counts.map { String($0) }.joined(separator: " "))
        }
        let before = spec.counts(spikes, from: spec.usTime - 50, to: spec.usTime)
        let pass = before[trials - 1] <= before[0] / 5
        print(pass ? "PASS: the Purkinje cell pauses before the US after learning" : "FAIL: no learned pause")
        if !pass { throw ExitCode(1) }
    }
}
