/// Song, Miller & Abbott (2000), Fig. 1–2: one conductance-based integrate-and-fire neuron driven
/// by `inputs` excitatory Poisson trains (rates spread over `rates`) through additive STDP
/// (`stdp_synapse` with mu_plus = mu_minus = 0, A−/A+ = `alpha` slightly above 1, tau± = 20 ms)
/// and by 200 inhibitory 10 Hz trains (one Poisson train of their summed rate, static). STDP
/// makes the synapses compete: the weights split into two groups, near 0 and near `wMax`, and the
/// output rate settles well below the rate the initial weights give (balanced input).
///
/// The paper's neuron: tau_m = 20 ms (C_m / g_L with g_L = 10 nS), V_rest = −70 mV,
/// V_th = −54 mV, V_reset = −60 mV, E_ex = 0 mV, E_in = −70 mV, tau_ex = tau_in = 5 ms;
/// g_max = 0.015 g_L, inhibitory conductance 0.05 g_L. Initial weights uniform in [0, Wmax].
public struct SongMillerAbbott2000: Sendable {
    public var inputs = 1000
    /// Input rates in Hz; the inputs are split evenly among them.
    public var rates: [Double] = [10, 20, 30, 40]
    /// Wmax in nS (the paper's g_max = 0.015 g_L).
    public var wMax = 0.15
    /// A+ relative to Wmax (the paper: 0.005; larger values reach the same equilibrium sooner).
    public var lambda = 0.005
    /// A− / A+.
    public var alpha = 1.05
    /// 200 inhibitory inputs at 10 Hz, as one Poisson train, with 0.05 g_L each.
    public var inhibitoryRate = 2000.0
    public var inhibitoryWeight = -0.5
    /// False: static synapses at the same initial weights (the rate without STDP).
    public var plastic = true
    public var seed: UInt64 = 1

    public init() {}

    public struct Built: Sendable {
        public let network: Network
        public let outputSpikes: String
        /// The input synapses, one projection per rate.
        public let synapses: [Network.Projection]
    }

    public var network: Built {
        get throws {
            var net = Network(resolution: 0.1, seed: seed)
            let neuron = try net.population(
                "iaf_cond_exp", count: 1,
                [
                    "C_m": 200, "g_L": 10, "E_L": -70, "V_th": -54, "V_reset": -60, "E_ex": 0, "E_in": -70,
                    "tau_syn_ex": 5, "tau_syn_in": 5, "t_ref": 1, "V_m": -60, "tau_minus": 20,
                ], name: "neuron")
            let inhibition = try net.device("poisson_generator", ["rate": .value(inhibitoryRate)], name: "inhibition")
            try net.connect(inhibition, neuron, weight: .constant(inhibitoryWeight), delay: .constant(1))
            let synapse: Network.Synapse =
                plastic
                ? .init("stdp_synapse", ["tau_plus": 20, "lambda": lambda, "alpha": alpha, "mu_plus": 0, "mu_minus": 0, "Wmax": wMax])
                : .static
            // One group of parrots per rate (a generator drives every neuron of a population).
            var projections: [Network.Projection] = []
            for (k, rate) in rates.enumerated() {
                let count = inputs / rates.count + (k < inputs % rates.count ? 1 : 0)
                guard count > 0 else { continue }
                let cells = try net.population("parrot_neuron", count: count, name: "inputs_\(k)")
                let generator = try net.device("poisson_generator", ["rate": .value(rate)], name: "drive_\(k)")
                try net.connect(generator, cells, weight: .constant(1), delay: .constant(1))
                projections.append(try net.connect(cells, neuron, synapse: synapse, weight: .uniform(min: 0, max: wMax), delay: .constant(1)))
            }
            let spikes = net.recordSpikes(neuron, name: "output")
            return Built(network: net, outputSpikes: spikes, synapses: projections)
        }
    }

    /// Fractions of `weights` in [0, 0.2 Wmax) and in (0.8 Wmax, Wmax].
    public func outerFractions(_ weights: [Double]) -> (low: Double, high: Double) {
        let n = Double(Swift.max(1, weights.count))
        return (Double(weights.filter { $0 < 0.2 * wMax }.count) / n, Double(weights.filter { $0 > 0.8 * wMax }.count) / n)
    }

    /// Counts of `weights` in `bins` equal bins over [0, Wmax].
    public func histogram(_ weights: [Double], bins: Int = 10) -> [Int] {
        var counts = [Int](repeating: 0, count: bins)
        for w in weights { counts[Swift.min(bins - 1, Swift.max(0, Int(w / wMax * Double(bins))))] += 1 }
        return counts
    }
}

extension SongMillerAbbott2000 {
    /// What `check` measured, and whether it meets the criteria. Bimodal: more than 70 % of the
    /// weights in the outer 20 % bins ([0, 0.2 Wmax) and (0.8 Wmax, Wmax]) together, at least 5 % in
    /// each, and less than 10 % in the middle ([0.4, 0.6) Wmax), from a uniform start (20 %, 40 %, 20 %).
    /// Balanced: the output rate over the last tenth of the run below half the rate without STDP at
    /// the initial weights, and at least 1 Hz.
    public struct Outcome: Sendable {
        public var rateWithoutSTDP = 0.0
        public var finalRate = 0.0
        public var low = 0.0, high = 0.0, middle = 0.0
        public var histogram: [Int] = []

        public var bimodal: Bool { low + high > 0.7 && low >= 0.05 && high >= 0.05 && middle < 0.1 }
        public var balanced: Bool { finalRate < 0.5 * rateWithoutSTDP && finalRate >= 1 }
        public var passed: Bool { bimodal && balanced }

        public var summary: String {
            func pct(_ x: Double) -> String { "\(Int((x * 100).rounded())) %" }
            func hz(_ x: Double) -> String { "\((x * 10).rounded() / 10) Hz" }
            return "weights in [0, 0.2 Wmax): \(pct(low)), in (0.8 Wmax, Wmax]: \(pct(high)), in [0.4, 0.6) Wmax: \(pct(middle)) "
                + "(criterion > 70 % outer together, ≥ 5 % each, < 10 % middle): "
                + (bimodal ? "bimodal" : "NOT bimodal") + "; output \(hz(finalRate)) vs \(hz(rateWithoutSTDP)) without STDP "
                + "(criterion < half, ≥ 1 Hz): " + (balanced ? "balanced" : "NOT balanced") + (passed ? " — PASS" : " — FAIL")
        }
    }

    /// Runs the model without STDP (the reference rate, 10 s or a tenth of the run if shorter), then with
    /// STDP for `seconds` in ten parts, reporting each part (time, output rate, weight histogram) to `log`.
    public func check(seconds: Double, threads: Int = 1, log: (String) -> Void = { _ in }) throws -> Outcome {
        var outcome = Outcome()
        var reference = self
        reference.plastic = false
        let referenceMs = Swift.min(10_000, seconds * 100)
        let fixed = try reference.network
        let fixedRun = try fixed.network.simulate(referenceMs, threads: threads)
        outcome.rateWithoutSTDP = Double(try fixedRun.spikes(fixed.outputSpikes).count) / (referenceMs / 1000)
        log("without STDP: \((outcome.rateWithoutSTDP * 10).rounded() / 10) Hz over \(referenceMs / 1000) s")

        let built = try network
        let simulation = try Simulation(NetworkBuilder.build(built.network.spec, threads: threads))
        let part = seconds * 100
        var counted = 0
        for k in 1...10 {
            try simulation.run(part)
            let spikes = try simulation.spikes(built.outputSpikes).count
            outcome.finalRate = Double(spikes - counted) / (part / 1000)
            counted = spikes
            let weights = built.synapses.flatMap { simulation.weights(projection: $0.index).weights }
            (outcome.low, outcome.high) = outerFractions(weights)
            outcome.histogram = histogram(weights)
            outcome.middle = Double(outcome.histogram[4] + outcome.histogram[5]) / Double(Swift.max(1, weights.count))
            log("t = \(Double(k) * part / 1000) s: output \((outcome.finalRate * 10).rounded() / 10) Hz, weights (10 bins over [0, Wmax]) \(outcome.histogram)")
        }
        return outcome
    }
}
