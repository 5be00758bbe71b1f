import HibanaDescription

/// `iaf_psc_alpha`: leaky integrate-and-fire neuron with alpha-shaped post-synaptic currents,
/// integrated exactly on the time grid, as in NEST.
public final class IafPscAlpha: NeuronModel {
    public static let name = "iaf_psc_alpha"
    public static let documentation = ModelDocumentation(
        summary: "Leaky integrate-and-fire neuron with alpha-shaped post-synaptic currents (exact integration).",
        equations: """
            C_m dV_m/dt = -(V_m - E_L) C_m/tau_m + I_syn_ex + I_syn_in + I_e + I_stim
            I_syn_X(t) = w (e / tau_syn_X) t exp(-t / tau_syn_X) for a spike of weight w (pA) at t = 0:
            the current peaks at w after tau_syn_X.
            V_m >= V_th: spike, V_m = V_reset, clamped for t_ref; V_m is bounded below by V_min
            Exact integration with propagators computed once per population.
            """,
        references: [
            "Rotter S, Diesmann M (1999). Exact digital simulation of time-invariant linear systems with applications to neuronal modeling. Biol Cybern 81:381-402.",
            "Diesmann M, Gewaltig M-O, Rotter S, Aertsen A (2001). State space analysis of synchronous spiking in cortical neural networks. Neurocomputing 38-40:565-571.",
        ])
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("E_L", -70, "mV", "Resting membrane potential"),
        ParameterSpec("C_m", 250, "pF", "Capacitance of the membrane", .positive),
        ParameterSpec("tau_m", 10, "ms", "Membrane time constant", .positive),
        ParameterSpec("tau_syn_ex", 2, "ms", "Rise time of the excitatory synaptic alpha function", .positive),
        ParameterSpec("tau_syn_in", 2, "ms", "Rise time of the inhibitory synaptic alpha function", .positive),
        ParameterSpec("t_ref", 2, "ms", "Duration of the refractory period", .nonNegative),
        ParameterSpec("V_th", -55, "mV", "Spike threshold", perNeuron: true),
        ParameterSpec("V_reset", -70, "mV", "Reset potential of the membrane", perNeuron: true),
        ParameterSpec("V_min", -.infinity, "mV", "Lower bound of the membrane potential"),
        ParameterSpec("I_e", 0, "pA", "Constant input current", perNeuron: true),
        ParameterSpec("V_m", -70, "mV", "Initial membrane potential", perNeuron: true),
        .tauMinus,
    ]
    public static let recordables: [Recordable] = [.init("V_m", "mV"), .init("I_syn_ex", "pA"), .init("I_syn_in", "pA")]

    public static func check(_ p: ParameterTable) throws {
        try p.requireLess("V_reset", "V_th", unit: "mV")
    }

    public let count: Int
    let eL: Double, vMin: Double
    let p11ex: Double, p21ex: Double, p31ex: Double, p32ex: Double, psc0ex: Double
    let p11in: Double, p21in: Double, p31in: Double, p32in: Double, psc0in: Double
    let p33: Double, p30: Double
    let refractoryCounts: Int32
    // State: V relative to E_L; each alpha current is the pair (dI, I).
    let v: StateBuffer<Double>
    let dIEx: StateBuffer<Double>, iEx: StateBuffer<Double>
    let dIIn: StateBuffer<Double>, iIn: StateBuffer<Double>
    let iStim: StateBuffer<Double>
    let refractory: StateBuffer<Int32>
    let theta: StateBuffer<Double>, vReset: StateBuffer<Double>, iE: StateBuffer<Double>

    public init(parameters p: ParameterTable, resolution h: Double) {
        count = p.count
        eL = p.scalar("E_L")
        vMin = p.scalar("V_min") - eL
        let tauM = p.scalar("tau_m"), cM = p.scalar("C_m")
        let tauEx = p.scalar("tau_syn_ex"), tauIn = p.scalar("tau_syn_in")
        p11ex = Propagators.decay(h, tauEx)
        p21ex = h * p11ex
        p31ex = Propagators.alphaCurrent(h, tauM: tauM, tauS: tauEx, cM: cM)
        p32ex = Propagators.exponentialCurrent(h, tauM: tauM, tauS: tauEx, cM: cM)
        psc0ex = 2.718281828459045 / tauEx
        p11in = Propagators.decay(h, tauIn)
        p21in = h * p11in
        p31in = Propagators.alphaCurrent(h, tauM: tauM, tauS: tauIn, cM: cM)
        p32in = Propagators.exponentialCurrent(h, tauM: tauM, tauS: tauIn, cM: cM)
        psc0in = 2.718281828459045 / tauIn
        p33 = Propagators.decay(h, tauM)
        p30 = Propagators.constantCurrent(h, tauM: tauM, cM: cM)
        refractoryCounts = refractorySteps(p.scalar("t_ref"), h)
        let eL = eL
        v = StateBuffer(p.perNeuron("V_m").map { $0 - eL })
        theta = StateBuffer(p.perNeuron("V_th").map { $0 - eL })
        vReset = StateBuffer(p.perNeuron("V_reset").map { $0 - eL })
        iE = StateBuffer(p.perNeuron("I_e"))
        dIEx = StateBuffer(repeating: 0, count: count)
        iEx = StateBuffer(repeating: 0, count: count)
        dIIn = StateBuffer(repeating: 0, count: count)
        iIn = StateBuffer(repeating: 0, count: count)
        iStim = StateBuffer(repeating: 0, count: count)
        refractory = StateBuffer(repeating: 0, count: count)
    }

    deinit { [v, dIEx, iEx, dIIn, iIn, iStim, theta, vReset, iE].forEach { $0.free() }; refractory.free() }

    public func update(input: StepInput, spikes: inout SpikeOutput) {
        let v = v.base, dIEx = dIEx.base, iEx = iEx.base, dIIn = dIIn.base, iIn = iIn.base
        let iStim = iStim.base, r = refractory.base, theta = theta.base, vReset = vReset.base, iE = iE.base
        let ex = input.excitatory, inh = input.inhibitory, current = input.current
        for i in 0..<count {
            if r[i] == 0 {
                let y = p30 * (iStim[i] + iE[i]) + p31ex * dIEx[i] + p32ex * iEx[i] + p31in * dIIn[i]
                    + p32in * iIn[i] + p33 * v[i]
                v[i] = y < vMin ? vMin : y
            } else {
                r[i] -= 1
            }
            iEx[i] = p21ex * dIEx[i] + p11ex * iEx[i]
            dIEx[i] = p11ex * dIEx[i] + psc0ex * ex[i]
            iIn[i] = p21in * dIIn[i] + p11in * iIn[i]
            dIIn[i] = p11in * dIIn[i] + psc0in * inh[i]
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
