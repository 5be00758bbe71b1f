import HibanaDescription

/// `stdp_pl_synapse_hom`: pair-based STDP with power-law potentiation and multiplicative
/// depression (Morrison et al. 2007); its parameters are common to all its connections.
public struct StdpPlSynapseHom: PairBasedRule {
    public static let name = "stdp_pl_synapse_hom"
    public static let documentation = ModelDocumentation(
        summary: "Power-law STDP (Morrison et al. 2007), all-to-all pairing, parameters shared by all connections.",
        equations: """
            Traces: K+ (presynaptic, tau_plus), K- (postsynaptic, tau_minus of the target neuron). At a pre spike t_pre:
              for each post spike t_post with t_last - d < t_post <= t_pre - d (in time order):
                w += lambda w^mu K+(t_last) exp(-(t_post + d - t_last)/tau_plus)
              then w -= lambda alpha w K-(t_pre - d), floored at 0 (no upper bound; w in pA)
            The spike is delivered with the new weight; then K+ <- K+ exp(-(t_pre - t_last)/tau_plus) + 1.
            The whole delay d is dendritic, as in NEST.
            """,
        references: [
            "Morrison A, Aertsen A, Diesmann M (2007). Spike-timing-dependent plasticity in balanced random networks. Neural Comput 19:1437-1467.",
        ])
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("tau_plus", 20, "ms", "Time constant of the presynaptic trace K+", .positive),
        ParameterSpec("lambda", 0.1, "", "Learning rate", .nonNegative),
        ParameterSpec("alpha", 1, "", "Asymmetry: depression relative to potentiation", .nonNegative),
        ParameterSpec("mu", 0.4, "", "Exponent of the weight dependence of potentiation", .nonNegative),
        ParameterSpec("Kplus", 0, "", "Initial presynaptic trace", .nonNegative),
    ]
    public static let synapseState: [String] = []
    public static let readsPostHistory = true

    public static func check(_ p: ParameterTable, weights: ClosedRange<Double>) throws {
        try requireWeightSign(name, 1, weights, key: "weight")
    }

    public let tauPlus: Double, lambda: Double, alpha: Double, mu: Double, h: Double
    /// K⁺'s decay per whole step.
    public let plusDecay: DecayTable

    public init(parameters p: ParameterTable, resolution h: Double) {
        tauPlus = p.scalar("tau_plus")
        lambda = p.scalar("lambda")
        alpha = p.scalar("alpha")
        mu = p.scalar("mu")
        self.h = h
        plusDecay = DecayTable(tau: tauPlus, resolution: h)
    }

    @inlinable public func update(
        weight w: inout Double, _ state: UnsafeMutablePointer<Double>, _ spike: PairBasedSpike, target: Int, delay: Int,
        history: PostSpikeHistory
    ) -> Double {
        let lambda = lambda, mu = mu
        spike.facilitations(&w, target: target, delay: delay, plusDecay: plusDecay, history: history) { w, kPlus in
            w + lambda * libmPow(w, mu) * kPlus
        }
        let kMinus = spike.postTrace(target: target, delay: delay, history: history)
        let newW = w - lambda * alpha * w * kMinus
        w = newW > 0 ? newW : 0
        return w
    }
}
