import HibanaDescription

/// `iaf_cond_alpha`: leaky integrate-and-fire neuron with alpha-shaped synaptic conductances,
/// integrated with GSL's adaptive Runge–Kutta–Fehlberg 4(5) inside each step, as NEST does.
public final class IafCondAlpha: NeuronModel {
    public static let name = "iaf_cond_alpha"
    public static let documentation = ModelDocumentation(
        summary: "Leaky integrate-and-fire neuron with alpha-shaped synaptic conductances (adaptive RKF45).",
        equations: """
            C_m dV_m/dt = -g_L (V - E_L) - g_ex (V - E_ex) - g_in (V - E_in) + I_e + I_stim
            d(dg_X)/dt = -dg_X / tau_syn_X;  dg_X/dt = dg_X - g_X / tau_syn_X
            A spike of weight w adds |w| e / tau_syn_X to dg_ex (w > 0) or dg_in (w < 0): the conductance
            g_X(t) = |w| (e / tau_syn_X) t exp(-t / tau_syn_X) peaks at |w| (nS) after tau_syn_X.
            V = V_m bounded above by V_th in the right-hand side; while refractory V = V_reset and dV_m/dt = 0.
            Each step: integrate over the step (RKF45, absolute error 1e-3, step size kept per neuron);
            then if refractory count down and clamp V_m = V_reset, else if V_m >= V_th: spike,
            V_m = V_reset, refractory for t_ref; then add the input arriving in the step.
            I_stim (devices) acts from the next step.
            """,
        references: [
            "Meffin H, Burkitt AN, Grayden DB (2004). An analytical model for the large, fluctuating synaptic conductance state typical of neocortical neurons in vivo. J Comput Neurosci 16:159-175.",
            "Bernander O, Douglas RJ, Martin KAC, Koch C (1991). Synaptic background activity influences spatiotemporal integration in single pyramidal cells. PNAS 88(24):11569-11573.",
            "Kuhn A, Aertsen A, Rotter S (2004). Neuronal integration of synaptic input in the fluctuation-driven regime. J Neurosci 24(10):2345-2356.",
        ])
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("E_L", -70, "mV", "Leak reversal potential"),
        ParameterSpec("C_m", 250, "pF", "Capacitance of the membrane", .positive),
        ParameterSpec("g_L", 16.6667, "nS", "Leak conductance", .nonNegative),
        ParameterSpec("E_ex", 0, "mV", "Excitatory reversal potential"),
        ParameterSpec("E_in", -85, "mV", "Inhibitory reversal potential"),
        ParameterSpec("tau_syn_ex", 0.2, "ms", "Rise time of the excitatory synaptic alpha function", .positive),
        ParameterSpec("tau_syn_in", 2, "ms", "Rise time of the inhibitory synaptic alpha function", .positive),
        ParameterSpec("t_ref", 2, "ms", "Duration of the refractory period", .nonNegative),
        ParameterSpec("V_th", -55, "mV", "Spike threshold", perNeuron: true),
        ParameterSpec("V_reset", -60, "mV", "Reset potential of the membrane", perNeuron: true),
        ParameterSpec("I_e", 0, "pA", "Constant input current", perNeuron: true),
        ParameterSpec("V_m", -70, "mV", "Initial membrane potential", perNeuron: true),
        ParameterSpec("g_ex", 0, "nS", "Initial excitatory conductance", .nonNegative),
        ParameterSpec("dg_ex", 0, "nS/ms", "Initial derivative of the excitatory conductance"),
        ParameterSpec("g_in", 0, "nS", "Initial inhibitory conductance", .nonNegative),
        ParameterSpec("dg_in", 0, "nS/ms", "Initial derivative of the inhibitory conductance"),
        .tauMinus,
    ]
    public static let recordables: [Recordable] = [
        .init("V_m", "mV"), .init("g_ex", "nS"), .init("g_in", "nS"), .init("t_ref_remaining", "ms"),
    ]

    public static func check(_ p: ParameterTable) throws {
        try p.requireLess("V_reset", "V_th", unit: "mV")
    }

    /// NEST's right-hand side (`iaf_cond_alpha_dynamics`); state (V_m, dg_ex, g_ex, dg_in, g_in, unused…).
    struct Dynamics: RKF45System {
        let gL: Double, eL: Double, eEx: Double, eIn: Double, cM: Double
        let tauEx: Double, tauIn: Double
        let vTh: Double, vReset: Double, iE: Double, iStim: Double
        let refractory: Bool

        @inline(__always)
        func derivative(_ y: SIMD8<Double>) -> SIMD8<Double> {
            let v = refractory ? vReset : min(y[0], vTh)
            let iSynEx = y[2] * (v - eEx)
            let iSynIn = y[4] * (v - eIn)
            let iLeak = gL * (v - eL)
            var f = SIMD8<Double>()
            f[0] = refractory ? 0 : (-iLeak - iSynEx - iSynIn + iStim + iE) / cM
            f[1] = -y[1] / tauEx
            f[2] = y[1] - y[2] / tauEx
            f[3] = -y[3] / tauIn
            f[4] = y[3] - y[4] / tauIn
            return f
        }
    }

    public let count: Int
    let h: Double
    let gL: Double, eL: Double, eEx: Double, eIn: Double, cM: Double, tauEx: Double, tauIn: Double
    /// Jump of dg per unit weight, e / tau_syn: normalises the alpha conductance to peak w.
    let pscInitEx: Double, pscInitIn: Double
    let refractoryCounts: Int32
    let control = RKF45Control.y(absolute: 1e-3, relative: 0)
    // State.
    let v: StateBuffer<Double>
    let dgEx: StateBuffer<Double>, gEx: StateBuffer<Double>
    let dgIn: StateBuffer<Double>, gIn: StateBuffer<Double>
    let iStim: StateBuffer<Double>
    let refractory: StateBuffer<Int32>
    /// The integrator's last suggested step size per neuron (NEST's `IntegrationStep_`).
    let integrationStep: StateBuffer<Double>
    // Per-neuron parameters.
    let vTh: StateBuffer<Double>, vReset: StateBuffer<Double>, iE: StateBuffer<Double>

    public init(parameters p: ParameterTable, resolution h: Double) {
        count = p.count
        self.h = h
        gL = p.scalar("g_L")
        eL = p.scalar("E_L")
        eEx = p.scalar("E_ex")
        eIn = p.scalar("E_in")
        cM = p.scalar("C_m")
        tauEx = p.scalar("tau_syn_ex")
        tauIn = p.scalar("tau_syn_in")
        pscInitEx = 2.718281828459045 / tauEx
        pscInitIn = 2.718281828459045 / tauIn
        refractoryCounts = refractorySteps(p.scalar("t_ref"), h)
        v = StateBuffer(p.perNeuron("V_m"))
        dgEx = StateBuffer(p.perNeuron("dg_ex"))
        gEx = StateBuffer(p.perNeuron("g_ex"))
        dgIn = StateBuffer(p.perNeuron("dg_in"))
        gIn = StateBuffer(p.perNeuron("g_in"))
        vTh = StateBuffer(p.perNeuron("V_th"))
        vReset = StateBuffer(p.perNeuron("V_reset"))
        iE = StateBuffer(p.perNeuron("I_e"))
        iStim = StateBuffer(repeating: 0, count: count)
        refractory = StateBuffer(repeating: 0, count: count)
        integrationStep = StateBuffer(repeating: h, count: count)
    }

    deinit {
        [v, dgEx, gEx, dgIn, gIn, iStim, integrationStep, vTh, vReset, iE].forEach { $0.free() }
        refractory.free()
    }

    public func update(input: StepInput, spikes: inout SpikeOutput) {
        let v = v.base, dgEx = dgEx.base, gEx = gEx.base, dgIn = dgIn.base, gIn = gIn.base
        let iStim = iStim.base, r = refractory.base, step = integrationStep.base
        let vTh = vTh.base, vReset = vReset.base, iE = iE.base
        let ex = input.excitatory, inh = input.inhibitory, current = input.current
        for i in 0..<count {
            let system = Dynamics(
                gL: gL, eL: eL, eEx: eEx, eIn: eIn, cM: cM, tauEx: tauEx, tauIn: tauIn,
                vTh: vTh[i], vReset: vReset[i], iE: iE[i], iStim: iStim[i], refractory: r[i] > 0)
            var y = SIMD8(v[i], dgEx[i], gEx[i], dgIn[i], gIn[i], 0, 0, 0)
            RKF45.integrate(system, over: h, h: &step[i], y: &y, control: control)
            if r[i] > 0 {
                r[i] -= 1
                v[i] = vReset[i]
            } else if y[0] >= vTh[i] {
                r[i] = refractoryCounts
                v[i] = vReset[i]
                spikes.indices.append(Int32(i))
            } else {
                v[i] = y[0]
            }
            // NEST adds the input after the threshold test here (unlike iaf_cond_exp); inhibitory
            // sums arrive negative and the conductance grows by |w|.
            dgEx[i] = y[1] + ex[i] * pscInitEx
            gEx[i] = y[2]
            dgIn[i] = y[3] - inh[i] * pscInitIn
            gIn[i] = y[4]
            iStim[i] = current[i]
        }
    }

    public func recordable(_ index: Int, neuron i: Int) -> Double {
        switch index {
        case 0: return v[i]
        case 1: return gEx[i]
        case 2: return gIn[i]
        default: return Double(refractory[i]) * h
        }
    }

    public func firstNonFinite() -> (neuron: Int, variable: String, value: Double)? {
        scanNonFinite([("V_m", v, 0), ("dg_ex", dgEx, 0), ("g_ex", gEx, 0), ("dg_in", dgIn, 0), ("g_in", gIn, 0)])
    }
}
