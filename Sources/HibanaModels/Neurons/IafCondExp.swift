import HibanaDescription

/// `iaf_cond_exp`: leaky integrate-and-fire neuron with exponentially decaying synaptic
/// conductances, integrated with GSL's adaptive Runge–Kutta–Fehlberg 4(5) inside each step, as NEST does.
public final class IafCondExp: NeuronModel {
    public static let name = "iaf_cond_exp"
    public static let documentation = ModelDocumentation(
        summary: "Leaky integrate-and-fire neuron with exponential synaptic conductances (adaptive RKF45).",
        equations: """
            C_m dV_m/dt = -g_L (V - E_L) - g_ex (V - E_ex) - g_in (V - E_in) + I_e + I_stim
            dg_X/dt = -g_X / tau_syn_X;  a spike of weight w adds |w| (nS) to g_ex (w > 0) or g_in (w < 0)
            V = V_m bounded above by V_th in the right-hand side; while refractory V = V_reset and dV_m/dt = 0.
            Each step: integrate over the step (RKF45, absolute error 1e-3, step size kept per neuron),
            add the conductance jumps arriving in the step, then if refractory count down and clamp
            V_m = V_reset, else if V_m >= V_th: spike, V_m = V_reset, refractory for t_ref.
            I_stim (devices) acts from the next step.
            """,
        references: [
            "Meffin H, Burkitt AN, Grayden DB (2004). An analytical model for the large, fluctuating synaptic conductance state typical of neocortical neurons in vivo. J Comput Neurosci 16:159-175.",
            "Kuhn A, Aertsen A, Rotter S (2004). Neuronal integration of synaptic input in the fluctuation-driven regime. J Neurosci 24(10):2345-2356.",
        ])
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("E_L", -70, "mV", "Leak reversal potential"),
        ParameterSpec("C_m", 250, "pF", "Capacitance of the membrane", .positive),
        ParameterSpec("g_L", 16.6667, "nS", "Leak conductance", .nonNegative),
        ParameterSpec("E_ex", 0, "mV", "Excitatory reversal potential"),
        ParameterSpec("E_in", -85, "mV", "Inhibitory reversal potential"),
        ParameterSpec("tau_syn_ex", 0.2, "ms", "Time constant of the excitatory synaptic conductance", .positive),
        ParameterSpec("tau_syn_in", 2, "ms", "Time constant of the inhibitory synaptic conductance", .positive),
        ParameterSpec("t_ref", 2, "ms", "Duration of the refractory period", .nonNegative),
        ParameterSpec("V_th", -55, "mV", "Spike threshold", perNeuron: true),
        ParameterSpec("V_reset", -60, "mV", "Reset potential of the membrane", perNeuron: true),
        ParameterSpec("I_e", 0, "pA", "Constant input current", perNeuron: true),
        ParameterSpec("V_m", -70, "mV", "Initial membrane potential", perNeuron: true),
        ParameterSpec("g_ex", 0, "nS", "Initial excitatory conductance", .nonNegative),
        ParameterSpec("g_in", 0, "nS", "Initial inhibitory conductance", .nonNegative),
        .tauMinus,
    ]
    public static let recordables: [Recordable] = [.init("V_m", "mV"), .init("g_ex", "nS"), .init("g_in", "nS")]

    public static func check(_ p: ParameterTable) throws {
        try p.requireLess("V_reset", "V_th", unit: "mV")
    }

    /// NEST's right-hand side (`iaf_cond_exp_dynamics`); state (V_m, g_ex, g_in, unused).
    struct Dynamics: RKF45System {
        let gL: Double, eL: Double, eEx: Double, eIn: Double, cM: Double
        let tauEx: Double, tauIn: Double
        let vTh: Double, vReset: Double, iE: Double, iStim: Double
        let refractory: Bool

        @inline(__always)
        func derivative(_ y: SIMD4<Double>) -> SIMD4<Double> {
            let v = refractory ? vReset : min(y[0], vTh)
            let iSynEx = y[1] * (v - eEx)
            let iSynIn = y[2] * (v - eIn)
            let iL = gL * (v - eL)
            let dv = refractory ? 0 : (-iL + iStim + iE - iSynEx - iSynIn) / cM
            return SIMD4(dv, -y[1] / tauEx, -y[2] / tauIn, 0)
        }
    }

    public let count: Int
    let h: Double
    let gL: Double, eL: Double, eEx: Double, eIn: Double, cM: Double, tauEx: Double, tauIn: Double
    let refractoryCounts: Int32
    let control = RKF45Control.y(absolute: 1e-3, relative: 0)
    // State.
    let v: StateBuffer<Double>
    let gEx: StateBuffer<Double>
    let gIn: StateBuffer<Double>
    let iStim: StateBuffer<Double>
    let refractory: StateBuffer<Int32>
    /// The integrator's last suggested step size per neuron (NEST's `IntegrationStep_`).
    let integrationStep: StateBuffer<Double>
    // Per-neuron parameters.
    let vTh: StateBuffer<Double>
    let vReset: StateBuffer<Double>
    let iE: StateBuffer<Double>

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
        refractoryCounts = refractorySteps(p.scalar("t_ref"), h)
        v = StateBuffer(p.perNeuron("V_m"))
        gEx = StateBuffer(p.perNeuron("g_ex"))
        gIn = StateBuffer(p.perNeuron("g_in"))
        vTh = StateBuffer(p.perNeuron("V_th"))
        vReset = StateBuffer(p.perNeuron("V_reset"))
        iE = StateBuffer(p.perNeuron("I_e"))
        iStim = StateBuffer(repeating: 0, count: count)
        refractory = StateBuffer(repeating: 0, count: count)
        integrationStep = StateBuffer(repeating: h, count: count)
    }

    deinit { [v, gEx, gIn, iStim, integrationStep, vTh, vReset, iE].forEach { $0.free() }; refractory.free() }

    public func update(input: StepInput, spikes: inout SpikeOutput) {
        let v = v.base, gEx = gEx.base, gIn = gIn.base, iStim = iStim.base, r = refractory.base
        let step = integrationStep.base, vTh = vTh.base, vReset = vReset.base, iE = iE.base
        let ex = input.excitatory, inh = input.inhibitory, current = input.current
        for i in 0..<count {
            let system = Dynamics(
                gL: gL, eL: eL, eEx: eEx, eIn: eIn, cM: cM, tauEx: tauEx, tauIn: tauIn,
                vTh: vTh[i], vReset: vReset[i], iE: iE[i], iStim: iStim[i], refractory: r[i] > 0)
            var y = SIMD4(v[i], gEx[i], gIn[i], 0)
            RKF45.integrate(system, over: h, h: &step[i], y: &y, control: control)
            // Inhibitory sums arrive negative; the conductance grows by |w|, as in NEST.
            gEx[i] = y[1] + ex[i]
            gIn[i] = y[2] - inh[i]
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
            iStim[i] = current[i]
        }
    }

    public func recordable(_ index: Int, neuron i: Int) -> Double {
        switch index {
        case 0: return v[i]
        case 1: return gEx[i]
        default: return gIn[i]
        }
    }

    public func firstNonFinite() -> (neuron: Int, variable: String, value: Double)? {
        scanNonFinite([("V_m", v, 0), ("g_ex", gEx, 0), ("g_in", gIn, 0)])
    }
}
