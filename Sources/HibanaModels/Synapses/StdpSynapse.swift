import HibanaDescription
import RealModule

/// `stdp_synapse`: pair-based STDP with all-to-all pairing and a weight dependence set by
/// `mu_plus` and `mu_minus` (additive at 0, multiplicative at 1), as NEST's model.
public struct StdpSynapse: PairBasedRule {
    public static let name = "stdp_synapse"
    public static let documentation = ModelDocumentation(
        summary: "Pair-based spike-timing-dependent plasticity with power-law weight dependence (Gütig et al. 2003).",
        equations: """
            Traces: K+ (presynaptic, tau_plus, +1 per pre spike), K- (postsynaptic, tau_minus of the target neuron).
            Normalised weight w~ = w / Wmax. The weight changes only when a pre spike passes the synapse:
              for each post spike t_post with t_last - d < t_post <= t_pre - d (in time order):
                w~ += lambda (1 - w~)^mu_plus K+(t_last) exp(-(t_post + d - t_last)/tau_plus), capped at 1
              then w~ -= alpha lambda w~^mu_minus K-(t_pre - d)   (post spikes strictly before t_pre - d), floored at 0
            The spike is delivered with the new weight; then K+ <- K+ exp(-(t_pre - t_last)/tau_plus) + 1.
            The whole delay d is dendritic, as in NEST: a post spike at t reaches the synapse at t + d.
            """,
        references: [
            "Guetig R, Aharonov R, Rotter S, Sompolinsky H (2003). Learning input correlations through nonlinear temporally asymmetric Hebbian plasticity. J Neurosci 23:3697-3714.",
            "Rubin J, Lee D, Sompolinsky H (2001). Equilibrium properties of temporally asymmetric Hebbian plasticity. Phys Rev Lett 86:364-367.",
            "Song S, Miller KD, Abbott LF (2000). Competitive Hebbian learning through spike-timing-dependent synaptic plasticity. Nat Neurosci 3:919-926.",
            "Morrison A, Diesmann M, Gerstner W (2008). Phenomenological models of synaptic plasticity based on spike timing. Biol Cybern 98:459-478.",
        ])
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("tau_plus", 20, "ms", "Time constant of the presynaptic trace K+", .positive),
        ParameterSpec("lambda", 0.01, "", "Step size (learning rate)", .nonNegative),
        ParameterSpec("alpha", 1, "", "Asymmetry: depression relative to potentiation", .nonNegative),
        ParameterSpec("mu_plus", 1, "", "Weight dependence exponent of potentiation (0 additive, 1 multiplicative)", .nonNegative),
        ParameterSpec("mu_minus", 1, "", "Weight dependence exponent of depression (0 additive, 1 multiplicative)", .nonNegative),
        ParameterSpec("Wmax", 100, "", "Maximum weight, in the weight's unit; the weight has its sign", .any),
        ParameterSpec("Kplus", 0, "", "Initial presynaptic trace", .nonNegative),
    ]
    public static let synapseState: [String] = []
    public static let readsPostHistory = true

    public static func check(_ p: ParameterTable, weights: ClosedRange<Double>) throws {
        try requireWeightSign(name, p.scalar("Wmax"), weights)
    }

    public let tauPlus: Double, lambda: Double, alpha: Double, muPlus: Double, muMinus: Double, wMax: Double
    public let h: Double
    /// K⁺'s decay per whole step.
    public let plusDecay: DecayTable

    public init(parameters p: ParameterTable, resolution h: Double) {
        tauPlus = p.scalar("tau_plus")
        lambda = p.scalar("lambda")
        alpha = p.scalar("alpha")
        muPlus = p.scalar("mu_plus")
        muMinus = p.scalar("mu_minus")
        wMax = p.scalar("Wmax")
        self.h = h
        plusDecay = DecayTable(tau: tauPlus, resolution: h)
    }

    @inlinable public func update(
        weight w: inout Double, _ state: UnsafeMutablePointer<Double>, _ spike: PairBasedSpike, target: Int, delay: Int,
        history: PostSpikeHistory
    ) -> Double {
        let lambda = lambda, alpha = alpha, muPlus = muPlus, muMinus = muMinus, wMax = wMax
        spike.facilitations(&w, target: target, delay: delay, plusDecay: plusDecay, history: history) { w, kPlus in
            let normW = w / wMax + lambda * libmPow(1 - w / wMax, muPlus) * kPlus
            return normW < 1 ? normW * wMax : wMax
        }
        let kMinus = spike.postTrace(target: target, delay: delay, history: history)
        let normW = w / wMax - alpha * lambda * libmPow(w / wMax, muMinus) * kMinus
        w = normW > 0 ? normW * wMax : 0
        return w
    }
}

/// NEST's rule for STDP synapses: the weight and its bound have the same sign.
func requireWeightSign(_ model: String, _ bound: Double, _ weights: ClosedRange<Double>, key: String = "Wmax") throws {
    let ok = bound >= 0 ? weights.lowerBound >= 0 : weights.upperBound < 0
    if !ok {
        throw HibanaError.invalidParameter(
            model: model, key: key, value: formatNumber(bound),
            allowed: "the sign of the weights (weights in [\(formatNumber(weights.lowerBound)), \(formatNumber(weights.upperBound))])")
    }
}
