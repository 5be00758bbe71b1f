/// An eyeblink-conditioning-like protocol for `cerebellar_pf_pc_synapse` (after Yamazaki &
/// Tanaka 2007): in every trial the conditioned stimulus starts a sequence of granule cells, each
/// active for `slice` ms in turn (a passage-of-time representation), driving one Purkinje cell
/// through plastic parallel-fibre synapses; the unconditioned stimulus makes the climbing fibre
/// fire `usTime` ms after trial onset. Parallel fibres active shortly before it are depressed, so
/// over trials the Purkinje cell learns to pause at the time the teacher signal arrives.
public struct EyeblinkConditioning: Sendable {
    public var trials = 12
    public var trialPeriod = 1000.0
    public var granuleCells = 25
    /// How long each granule cell is active, and its inter-spike interval then (ms).
    public var slice = 20.0
    public var interval = 4.0
    /// Climbing-fibre (teacher) spike, ms after trial onset.
    public var usTime = 300.0
    /// Purkinje cell: iaf_psc_exp just below threshold, so it fires when its parallel fibres are strong.
    public var purkinjeCurrent = 350.0
    public var weight = 200.0
    public var synapse: [String: Double] = ["A_LTD": 8, "A_LTP": 0.5, "tau_LTD": 50, "Wmin": 0, "Wmax": 200]

    public init() {}

    public struct Built: Sendable {
        public let network: Network
        public let purkinjeSpikes: String
        /// One plastic projection per granule cell (each has its own spike train).
        public let parallelFibres: [Network.Projection]
    }

    public var network: Built {
        get throws {
            var net = Network(resolution: 0.1, seed: 1)
            let purkinje = try net.population("iaf_psc_exp", count: 1, ["I_e": .value(purkinjeCurrent)], name: "purkinje")
            let climbing = try net.population("parrot_neuron", count: 1, name: "climbing_fibre")
            // Generators emit 1 ms before the parrots repeat their spikes.
            let usTimes = (0..<trials).map { Double($0) * trialPeriod + usTime - 1 }
            let us = try net.device("spike_generator", ["spike_times": .list(usTimes)], name: "US")
            try net.connect(us, climbing, weight: .constant(1), delay: .constant(1))
            var fibres: [Network.Projection] = []
            for k in 0..<granuleCells {
                let cell = try net.population("parrot_neuron", count: 1, name: "granule\(k)")
                var times: [Double] = []
                for trial in 0..<trials {
                    let onset = Double(trial) * trialPeriod + Double(k) * slice - 1
                    times += stride(from: interval / 2, to: slice, by: interval).map { ((onset + $0) * 10).rounded() / 10 }
                }
                let cs = try net.device("spike_generator", ["spike_times": .list(times.filter { $0 >= 0.1 })], name: "CS\(k)")
                try net.connect(cs, cell, weight: .constant(1), delay: .constant(1))
                fibres.append(try net.connect(
                    cell, purkinje, synapse: .init("cerebellar_pf_pc_synapse", synapse, teacher: climbing),
                    weight: .constant(weight), delay: .constant(1)))
            }
            let spikes = net.recordSpikes(purkinje, name: "purkinje_spikes")
            return Built(network: net, purkinjeSpikes: spikes, parallelFibres: fibres)
        }
    }

    /// Purkinje spikes per trial in [from, to) ms after trial onset.
    public func counts(_ spikes: SpikeEvents, from: Double, to: Double) -> [Int] {
        var counts = [Int](repeating: 0, count: trials)
        for t in spikes.times {
            let trial = Int(t / trialPeriod), phase = t - Double(trial) * trialPeriod
            if trial < trials && phase >= from && phase < to { counts[trial] += 1 }
        }
        return counts
    }
}
