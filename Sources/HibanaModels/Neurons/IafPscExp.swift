import HibanaDescription

/// `iaf_psc_exp`: leaky integrate-and-fire neuron with exponentially decaying post-synaptic
/// currents, integrated exactly on the time grid (Rotter & Diesmann 1999), as NEST does.
public final class IafPscExp: NeuronModel {
    public static let name = "iaf_psc_exp"
    public static let documentation = ModelDocumentation(
        summary: "Leaky integrate-and-fire neuron with exponential post-synaptic currents (exact integration).",
        equations: """
            C_m dV_m/dt = -(V_m - E_L) C_m/tau_m + I_syn_ex + I_syn_in + I_e + I_stim
            dI_syn_X/dt = -I_syn_X / tau_syn_X;  a spike of weight w adds w (pA) to I_syn_ex (w > 0) or I_syn_in (w < 0)
            V_m >= V_th: spike, V_m = V_reset, clamped for t_ref
            Exact integration: the state is advanced by propagators computed once per population;
            input arriving in a step is added at its end; I_stim (devices) acts from the next step.
            """,
        references: [
            "Tsodyks M, Uziel A, Markram H (2000). Synchrony generation in recurrent networks with frequency-dependent synapses. J Neurosci 20:RC50.",
            "Rotter S, Diesmann M (1999). Exact digital simulation of time-invariant linear systems with applications to neuronal modeling. Biol Cybern 81:381-402.",
        ])
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("E_L", -70, "mV", "Resting membrane potential"),
        ParameterSpec("C_m", 250, "pF", "Capacitance of the membrane", .positive),
        ParameterSpec("tau_m", 10, "ms", "Membrane time constant", .positive),
        ParameterSpec("tau_syn_ex", 2, "ms", "Time constant of the excitatory synaptic current", .positive),
        ParameterSpec("tau_syn_in", 2, "ms", "Time constant of the inhibitory synaptic current", .positive),
        ParameterSpec("t_ref", 2, "ms", "Duration of the refractory period", .nonNegative),
        ParameterSpec("V_th", -55, "mV", "Spike threshold", perNeuron: true),
        ParameterSpec("V_reset", -70, "mV", "Reset potential of the membrane", perNeuron: true),
        ParameterSpec("I_e", 0, "pA", "Constant input current", perNeuron: true),
        ParameterSpec("V_m", -70, "mV", "Initial membrane potential", perNeuron: true),
        .tauMinus,
    ]
    public static let recordables: [Recordable] = [.init("V_m", "mV"), .init("I_syn_ex", "pA"), .init("I_syn_in", "pA")]

    public static func check(_ p: ParameterTable) throws {
        try p.requireLess("V_reset", "V_th", unit: "mV")
    }

    public let count: Int
    let eL: Double
    let p22: Double, p11ex: Double, p11in: Double, p21ex: Double, p21in: Double, p20: Double
    let refractoryCounts: Int32
    // State, V relative to E_L as in NEST.
    let v: StateBuffer<Double>
    let iEx: StateBuffer<Double>
    let iIn: StateBuffer<Double>
    let iStim: StateBuffer<Double>
    let refractory: StateBuffer<Int32>
    // Per-neuron parameters, relative to E_L.
    let theta: StateBuffer<Double>
    let vReset: StateBuffer<Double>
    let iE: StateBuffer<Double>

    public init(parameters p: ParameterTable, resolution h: Double) {
        count = p.count
        eL = p.scalar("E_L")
        let tauM = p.scalar("tau_m"), cM = p.scalar("C_m")
        let tauEx = p.scalar("tau_syn_ex"), tauIn = p.scalar("tau_syn_in")
        p22 = Propagators.decay(h, tauM)
        p11ex = Propagators.decay(h, tauEx)
        p11in = Propagators.decay(h, tauIn)
        p21ex = Propagators.exponentialCurrent(h, tauM: tauM, tauS: tauEx, cM: cM)
        p21in = Propagators.exponentialCurrent(h, tauM: tauM, tauS: tauIn, cM: cM)
        p20 = Propagators.constantCurrent(h, tauM: tauM, cM: cM)
        refractoryCounts = refractorySteps(p.scalar("t_ref"), h)
        let eL = eL
        v = StateBuffer(p.perNeuron("V_m").map { $0 - eL })
        theta = StateBuffer(p.perNeuron("V_th").map { $0 - eL })
        vReset = StateBuffer(p.perNeuron("V_reset").map { $0 - eL })
        iE = StateBuffer(p.perNeuron("I_e"))
        iEx = StateBuffer(repeating: 0, count: count)
        iIn = StateBuffer(repeating: 0, count: count)
        iStim = StateBuffer(repeating: 0, count: count)
        refractory = StateBuffer(repeating: 0, count: count)
    }

    deinit { [v, iEx, iIn, iStim, theta, vReset, iE].forEach { $0.free() }; refractory.free() }

    public func update(input: StepInput, spikes: inout SpikeOutput) {
        let v = v.base, iEx = iEx.base, iIn = iIn.base, iStim = iStim.base, r = refractory.base
        let theta = theta.base, vReset = vReset.base, iE = iE.base
        let ex = input.excitatory, inh = input.inhibitory, current = input.current
        for i in 0..<count {
            if r[i] == 0 {
                v[i] = v[i] * p22 + iEx[i] * p21ex + iIn[i] * p21in + (iE[i] + iStim[i]) * p20
            } else {
                r[i] -= 1
            }
            iEx[i] = iEx[i] * p11ex + ex[i]
            iIn[i] = iIn[i] * p11in + inh[i]
            if v[i] >= theta[i] {
                r[i] = refractoryCounts
                v[i] = vReset[i]
                spikes.indices.append(Int32(i))
            }
            iStim[i] = current[i]
        }
    }

    public func recordable(_ index: Int, neuron i: Int) -> Double {
        switch index {
        case 0: return v[i] + eL
        case 1: return iEx[i]
        default: return iIn[i]
        }
    }

    public func firstNonFinite() -> (neuron: Int, variable: String, value: Double)? {
        scanNonFinite([("V_m", v, eL), ("I_syn_ex", iEx, 0), ("I_syn_in", iIn, 0)])
    }
}
