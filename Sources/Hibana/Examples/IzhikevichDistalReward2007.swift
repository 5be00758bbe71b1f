/// Izhikevich (2007), the distal-reward problem, reduced to its core: `synapses` independent
/// pre → post pairs of Poisson neurons (parrots, so the spikes do not depend on the weights)
/// connected by `stdp_dopamine_synapse`. Whenever the designated pair (pair 0) fires pre then post
/// within `window` ms, a dopamine spike follows 1–3 s later (uniformly drawn), through a
/// `volume_transmitter` that all synapses share. The pairing leaves an eligibility trace (tau_c =
/// 1 s) that is still there when the delayed reward arrives, so only the designated synapse grows;
/// the control synapses, with the same statistics but pairings unrelated to the reward, do not.
///
/// The reward depends on spikes, which a run cannot feed back into itself; since the parrots'
/// spikes do not depend on the weights, a first run records the pairings and the second, with the
/// same streams, receives the rewards they earn (the check asserts the spikes are the same).
public struct IzhikevichDistalReward2007: Sendable {
    public var synapses = 50
    /// Rate of every pre and post neuron, Hz: low, so that chance coincidences are rare and the
    /// eligibility trace at a reward mostly reflects the pairing that earned it.
    public var rate = 2.0
    /// Time step, ms: parrots and a 20 ms STDP window need no finer grid.
    public var resolution = 1.0
    /// A pairing: the post neuron fires within this time after the pre neuron, ms.
    public var window = 10.0
    /// The reward follows a pairing after a delay drawn uniformly from this range, ms.
    public var rewardDelay = 1000.0...3000.0
    public var initialWeight = 1.0
    /// The rule's parameters: Izhikevich's time constants (tau± = 20 ms, tau_c = 1 s, tau_n = 200 ms)
    /// and weights in [0, 4], A+ = 0.25 so that one reward moves a weight by a few hundredths, and
    /// A− = 1.2 A+ (Izhikevich: 1.5): chance coincidences then depress every synapse a little at each
    /// reward, which the designated synapse's rewarded pairings outweigh at a rate of 2 Hz.
    public var rule: [String: Double] = [
        "A_plus": 0.25, "A_minus": 0.3, "tau_plus": 20, "tau_c": 1000, "tau_n": 200, "b": 0, "Wmin": 0, "Wmax": 4,
    ]
    /// Every connection's delay, ms: a min-delay cycle of several steps (the STDP window at the
    /// synapse is shifted by it, the pairings stay causal).
    public var delay = 10.0
    public var seed: UInt64 = 1

    public init() {}

    /// The network; `rewards` are the dopamine spike times (ms), none in the first run.
    func network(rewards: [Double]) throws -> (net: Network, spikes: String, projection: Network.Projection) {
        var net = Network(resolution: resolution, seed: seed)
        let pre = try net.population("parrot_neuron", count: synapses, name: "pre")
        let post = try net.population("parrot_neuron", count: synapses, ["tau_minus": 20], name: "post")
        let dopamine = try net.population("parrot_neuron", count: 1, name: "dopamine")
        let vt = try net.population("volume_transmitter", count: 1, name: "vt")
        for cells in [pre, post] {
            try net.connect(try net.device("poisson_generator", ["rate": .value(rate)]), cells, weight: .constant(1), delay: .constant(delay))
        }
        try net.connect(dopamine, vt, weight: .constant(1), delay: .constant(delay))
        // receptor_type 1: the synapses learn from the post parrots' spikes without driving them.
        let projection = try net.connect(
            pre, post, rule: .oneToOne, synapse: .init("stdp_dopamine_synapse", rule, receptorType: 1, volumeTransmitter: vt),
            weight: .constant(initialWeight), delay: .constant(delay))
        let spikes = net.recordSpikes(pre, post)
        // Added last, so that every earlier stream (keyed by projection and target) is unchanged.
        if !rewards.isEmpty {
            let generator = try net.device("spike_generator", ["spike_times": .list(rewards)], name: "reward")
            try net.connect(generator, dopamine, weight: .constant(1), delay: .constant(delay))
        }
        return (net, spikes, projection)
    }

    /// What `check` measured: weight changes of the designated synapse and of the controls, and
    /// whether they meet the criteria: the designated synapse grows by more than 1 (a quarter of
    /// Wmax), the controls do not grow on average (mean change ≤ 0), and no control grows as much.
    public struct Outcome: Sendable {
        public var pairings = 0
        public var designatedChange = 0.0
        public var controlMeanChange = 0.0
        public var controlMaxChange = 0.0
        public var requiredGrowth = 0.0

        public var passed: Bool {
            designatedChange > requiredGrowth && controlMeanChange <= 0 && controlMaxChange < designatedChange
        }

        public var summary: String {
            func f(_ x: Double) -> String { "\((x * 1000).rounded() / 1000)" }
            return "\(pairings) rewarded pairings; designated synapse Δw = \(f(designatedChange)) (criterion > \(f(requiredGrowth))), "
                + "controls mean Δw = \(f(controlMeanChange)) (criterion ≤ 0), "
                + "largest control Δw = \(f(controlMaxChange)) (criterion < designated)" + (passed ? " — PASS" : " — FAIL")
        }
    }

    /// Runs `seconds` of the protocol, reporting the weights every tenth of the run to `log`.
    public func check(seconds: Double, threads: Int = 1, log: (String) -> Void = { _ in }) throws -> Outcome {
        let duration = seconds * 1000
        let first = try network(rewards: [])
        let firstRun = try first.net.simulate(duration, threads: threads)
        let spikes = try firstRun.spikes(first.spikes)
        // NEST ids: pre neurons 1…N, post neurons N+1…2N; pair 0 is 1 → N+1.
        let preTimes = spikes.times(of: 1), postTimes = spikes.times(of: synapses + 1)
        var pairings: [Double] = []
        var j = 0
        for t in preTimes {
            while j < postTimes.count && postTimes[j] <= t { j += 1 }
            if j < postTimes.count && postTimes[j] <= t + window { pairings.append(postTimes[j]) }
        }
        // The reward delays: SplitMix64 from the seed (the protocol's own numbers, not a network stream).
        var state = seed
        func uniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) * 0x1.0p-53
        }
        // On the grid; the generator emits one delay before the dopamine parrot repeats the spike.
        let rewards = pairings.map { t in
            ((t + rewardDelay.lowerBound + uniform() * (rewardDelay.upperBound - rewardDelay.lowerBound) - delay) / resolution).rounded()
                * resolution
        }.filter { $0 < duration - 2 * delay }.sorted()

        let second = try network(rewards: rewards)
        let simulation = try Simulation(NetworkBuilder.build(second.net.spec, threads: threads))
        var outcome = Outcome()
        outcome.pairings = rewards.count
        outcome.requiredGrowth = 0.25 * (rule["Wmax"] ?? 4)
        for k in 1...10 {
            try simulation.run(duration / 10)
            let w = simulation.weights(projection: second.projection.index).weights
            let controls = w.dropFirst().map { $0 - initialWeight }
            outcome.designatedChange = w[0] - initialWeight
            outcome.controlMeanChange = controls.reduce(0, +) / Double(Swift.max(1, controls.count))
            outcome.controlMaxChange = controls.max() ?? 0
            func f(_ x: Double) -> String { "\((x * 1000).rounded() / 1000)" }
            log("t = \(Double(k) * seconds / 10) s: designated w = \(f(w[0])), controls mean \(f(initialWeight + outcome.controlMeanChange)), max \(f(initialWeight + outcome.controlMaxChange))")
        }
        guard try simulation.spikes(second.spikes) == spikes else {
            throw HibanaError.invalidNetwork(reason: "distal reward: the rewarded run's spikes differ from the recorded ones")
        }
        return outcome
    }
}
