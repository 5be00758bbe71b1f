import ArgumentParser
import Foundation
import Hibana
import HibanaBench

/// `hibana plasticity …`: the plasticity validations and benchmark that take too long for `swift test`.
struct PlasticityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plasticity", abstract: "Plasticity validations and the plastic-synapse benchmark.",
        subcommands: [PlasticityBenchCommand.self, EyeblinkCommand.self, Song2000Command.self, DistalRewardCommand.self])
}

/// Brunel (2000) with static E→E synapses, then with stdp_synapse, on the given thread counts.
/// The two are built and run alternately, `repeats` times each, so that a noisy machine (other
/// load, hypervisor steal) slows both alike; the medians are compared.
struct PlasticityBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Brunel network: static vs stdp_synapse E→E; slowdown (criterion ≤ 2.5×), bytes per plastic synapse, spike-history memory.")

    @Option(help: "Fraction of the full network (10000 E + 2500 I, in-degrees scale too).")
    var scale = 1.0
    @Option(help: "Simulated time per run, ms (after 100 ms of warm-up).")
    var duration = 500.0
    @Option(help: "Runs of each network, alternating; the medians are compared.")
    var repeats = 3
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
        let synapses = [Network.Synapse.static, stdp]
        var failed = false
        for t in threads {
            var times: [[Double]] = [[], []]
            var rates: [[Double]] = [[], []]
            var plastic: Simulation?
            for _ in 0..<repeats {
                for (k, synapse) in synapses.enumerated() {
                    brunel.excitatoryToExcitatory = synapse
                    let simulation = try Simulation(NetworkBuilder.build(brunel.network.spec, threads: t))
                    try simulation.run(100)
                    let spikes0 = simulation.spikeCount, seconds0 = simulation.simulateSeconds
                    try simulation.run(duration)
                    times[k].append(simulation.simulateSeconds - seconds0)
                    rates[k].append(Double(simulation.spikeCount - spikes0) / Double(brunel.excitatory + brunel.inhibitory) / (duration / 1000))
                    if k == 1 { plastic = simulation }
                }
            }
            for k in synapses.indices {
                let runs = times[k].map { String(format: "%.2f", $0) }.joined(separator: " ")
                var line = "threads \(t) \(synapses[k].model.padding(14)) \(String(format: "%7.2f", median(times[k]))) s for \(Int(duration)) ms (median of \(runs)), rate \(String(format: "%.1f", median(rates[k]))) Hz"
                if k == 1, let n = plastic?.network {
                    let history = n.shards.reduce(0) { $0 + $1.postHistory.bytes }
                    let entries = n.shards.reduce(0) { $0 + $1.postHistory.entryCount }
                    line += String(
                        format: ", %d plastic synapses, %.2f bytes each (store incl. runs and per-source traces), spike history %.2f MB (%d spikes held)",
                        n.plasticSynapseCount, Double(n.plasticSynapseBytes) / Double(n.plasticSynapseCount), Double(history) / 1e6, entries)
                }
                print(line)
            }
            let slowdown = median(times[1]) / median(times[0])
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

/// Song, Miller & Abbott (2000): additive STDP makes 1000 inputs compete; the weights become bimodal
/// and the output rate settles well below the rate the initial weights give.
struct Song2000Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "song2000",
        abstract: "Song, Miller & Abbott (2000): bimodal weights and a balanced output rate under additive STDP.",
        discussion: "Criteria: more than 70 % of the weights in the outer 20 % bins ([0, 0.2 Wmax) and (0.8 Wmax, Wmax]), "
            + "at least 5 % in each, less than 10 % in [0.4, 0.6) Wmax; output rate over the last tenth of the run below "
            + "half the rate the initial weights give without STDP, and at least 1 Hz.")

    @Option(help: "Simulated time with STDP, s.")
    var duration = 300.0
    @Option(help: "A+ relative to Wmax (the paper: 0.005; larger learns faster, with broader peaks).")
    var lambda = 0.01
    @Option(help: "Excitatory inputs (Wmax scales as 1000 / inputs, keeping the drive).")
    var inputs = 1000
    @Option(help: "Worker threads.")
    var threads = 1

    func run() throws {
        var model = SongMillerAbbott2000()
        model.lambda = lambda
        model.inputs = inputs
        model.wMax *= 1000 / Double(inputs)
        let result = try model.check(seconds: duration, threads: threads) { line in
            print(line)
            fflush(nil)
        }
        print(result.summary)
        if !result.passed { throw ExitCode(1) }
    }
}

/// Izhikevich (2007): a reward 1–3 s after each pairing of one synapse makes that synapse grow
/// among controls with the same statistics.
struct DistalRewardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "distal-reward",
        abstract: "Izhikevich (2007): stdp_dopamine_synapse solves the distal-reward problem (delayed reward, eligibility trace).",
        discussion: "Criteria: the designated synapse grows by more than a quarter of Wmax; the controls do not grow "
            + "on average (mean change ≤ 0), and no control grows as much.")

    @Option(help: "Simulated time, s.")
    var duration = 8000.0
    @Option(help: "Synapses (one designated, the others controls).")
    var synapses = 20
    @Option(help: "Rate of the pre and post neurons, Hz.")
    var rate = IzhikevichDistalReward2007().rate
    @Option(help: "A− / A+.")
    var depression = IzhikevichDistalReward2007().rule["A_minus"]! / IzhikevichDistalReward2007().rule["A_plus"]!
    @Option(help: "Master seed.")
    var seed: UInt64 = 1

    func run() throws {
        var model = IzhikevichDistalReward2007()
        model.synapses = synapses
        model.rate = rate
        model.rule["A_minus"] = depression * model.rule["A_plus"]!
        model.seed = seed
        let outcome = try model.check(seconds: duration) { line in
            print(line)
            fflush(nil)
        }
        print(outcome.summary)
        if !outcome.passed { throw ExitCode(1) }
    }
}
