import HibanaDescription

/// `vogels_sprekeler_synapse`: symmetric inhibitory STDP that balances excitation and inhibition
/// (Vogels et al. 2011), as NEST's model.
public struct VogelsSprekelerSynapse: PairBasedRule {
    public static let name = "vogels_sprekeler_synapse"
    public static let documentation = ModelDocumentation(
        summary: "Inhibitory spike-timing-dependent plasticity with a symmetric window and constant depression (Vogels et al. 2011).",
        equations: """
            Traces: K+ (presynaptic, tau), K- (postsynaptic, tau_minus of the target neuron; set it equal to tau).
            Magnitudes |w| are updated and w keeps the sign of Wmax. At a pre spike t_pre:
              for each post spike t_post with t_last - d < t_post <= t_pre - d (in time order):
                |w| += eta K+(t_last) exp(-(t_post + d - t_last)/tau), capped at |Wmax|
              |w| += eta K-(t_pre - d), capped at |Wmax|       (post spikes strictly before t_pre - d)
              |w| -= alpha eta, floored at 0                     (alpha = 2 rho0 tau sets the target rate rho0)
            The spike is delivered with the new weight; then K+ <- K+ exp(-(t_pre - t_last)/tau) + 1.
            The whole delay d is dendritic, as in NEST.
            """,
        references: [
            "Vogels TP, Sprekeler H, Zenke F, Clopath C, Gerstner W (2011). Inhibitory plasticity balances excitation and inhibition in sensory pathways and memory networks. Science 334:1569-1573.",
        ])
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("tau", 20, "ms", "Time constant of the presynaptic trace K+", .positive),
        ParameterSpec("eta", 0.001, "", "Learning rate", .nonNegative),
        ParameterSpec("alpha", 0.12, "", "Constant depression per pre spike, in units of eta", .nonNegative),
        ParameterSpec("Wmax", 1, "", "Maximum weight magnitude, in the weight's unit; its sign is the weight's", .any),
        ParameterSpec("Kplus", 0, "", "Initial presynaptic trace", .nonNegative),
    ]
    public static let synapseState: [String] = []
    public static let readsPostHistory = true

    public static func check(_ p: ParameterTable, weights: ClosedRange<Double>) throws {
        try requireWeightSign(name, p.scalar("Wmax"), weights)
    }

    public let tau: Double, eta: Double, alpha: Double, wMax: Double, h: Double
    /// K⁺'s decay per whole step.
    public let plusDecay: DecayTable

    public init(parameters p: ParameterTable, resolution h: Double) {
        tau = p.scalar("tau")
        eta = p.scalar("eta")
        alpha = p.scalar("alpha")
        wMax = p.scalar("Wmax")
        self.h = h
        plusDecay = DecayTable(tau: tau, resolution: h)
    }

    @inlinable func facilitate(_ w: Double, _ k: Double) -> Double {
        let newW = abs(w) + eta * k
        return Double(signOf: wMax, magnitudeOf: newW < abs(wMax) ? newW : wMax)
    }

    @inlinable public func update(
        weight w: inout Double, _ state: UnsafeMutablePointer<Double>, _ spike: PairBasedSpike, target: Int, delay: Int,
        history: PostSpikeHistory
    ) -> Double {
        spike.facilitations(&w, target: target, delay: delay, plusDecay: plusDecay, history: history) { facilitate($0, $1) }
        w = facilitate(w, spike.postTrace(target: target, delay: delay, history: history))
        let newW = abs(w) - alpha * eta
        w = Double(signOf: wMax, magnitudeOf: newW > 0 ? newW : 0)
        return w
    }
}
