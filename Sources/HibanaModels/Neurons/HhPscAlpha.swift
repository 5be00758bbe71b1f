import HibanaDescription
import RealModule

/// `hh_psc_alpha`: Hodgkin–Huxley neuron with alpha-shaped post-synaptic currents, integrated
/// with GSL's adaptive Runge–Kutta–Fehlberg 4(5) inside each step, as NEST does.
public final class HhPscAlpha: NeuronModel {
    public static let name = "hh_psc_alpha"
    public static let documentation = ModelDocumentation(
        summary: "Hodgkin-Huxley neuron with alpha-shaped post-synaptic currents (adaptive RKF45).",
        equations: """
            C_m dV_m/dt = -g_Na m^3 h (V_m - E_Na) - g_K n^4 (V_m - E_K) - g_L (V_m - E_L)
                          + I_syn_ex + I_syn_in + I_e + I_stim
            dx/dt = alpha_x(V_m) (1 - x) - beta_x(V_m) x  for x = m (Act_m), h (Inact_h), n (Act_n):
              alpha_n = 0.01 (V + 55) / (1 - exp(-(V + 55) / 10)),  beta_n = 0.125 exp(-(V + 65) / 80)
              alpha_m = 0.1 (V + 40) / (1 - exp(-(V + 40) / 10)),   beta_m = 4 exp(-(V + 65) / 18)
              alpha_h = 0.07 exp(-(V + 65) / 20),                   beta_h = 1 / (1 + exp(-(V + 35) / 10))
            I_syn_X(t) = w (e / tau_syn_X) t exp(-t / tau_syn_X) for a spike of weight w (pA) at t = 0:
            the current peaks at w after tau_syn_X (inhibitory weights stay negative).
            Each step: integrate over the step (RKF45, absolute error 1e-3, step size kept per neuron),
            add the input arriving in the step; then, unless refractory (counting down), a spike is
            emitted when V_m >= 0 mV and V_m fell in this step (the maximum of the action potential
            has passed), and the neuron is refractory for t_ref. There is no reset.
            I_stim (devices) acts from the next step.
            """,
        references: [
            "Hodgkin AL, Huxley AF (1952). A quantitative description of membrane current and its application to conduction and excitation in nerve. J Physiol 117:500-544.",
            "Gerstner W, Kistler W (2002). Spiking Neuron Models: Single Neurons, Populations, Plasticity. Cambridge University Press.",
            "Dayan P, Abbott LF (2001). Theoretical Neuroscience. MIT Press.",
        ])

    /// Steady state of a gating variable at V = -65 mV, NEST's initial state.
    static func restingGate(alpha: (Double) -> Double, beta: (Double) -> Double) -> Double {
        alpha(-65) / (alpha(-65) + beta(-65))
    }

    public static let parameters: [ParameterSpec] = [
        ParameterSpec("E_L", -54.402, "mV", "Leak reversal potential"),
        ParameterSpec("C_m", 100, "pF", "Capacitance of the membrane", .positive),
        ParameterSpec("g_L", 30, "nS", "Leak conductance", .nonNegative),
        ParameterSpec("g_Na", 12000, "nS", "Sodium peak conductance", .nonNegative),
        ParameterSpec("g_K", 3600, "nS", "Potassium peak conductance", .nonNegative),
        ParameterSpec("E_Na", 50, "mV", "Sodium reversal potential"),
        ParameterSpec("E_K", -77, "mV", "Potassium reversal potential"),
        ParameterSpec("tau_syn_ex", 0.2, "ms", "Rise time of the excitatory synaptic alpha function", .positive),
        ParameterSpec("tau_syn_in", 2, "ms", "Rise time of the inhibitory synaptic alpha function", .positive),
        ParameterSpec("t_ref", 2, "ms", "Duration of the refractory period (no spike is emitted)", .nonNegative),
        ParameterSpec("I_e", 0, "pA", "Constant input current", perNeuron: true),
        ParameterSpec("V_m", -65, "mV", "Initial membrane potential", perNeuron: true),
        ParameterSpec(
            "Act_m", restingGate(alpha: Gates.alphaM, beta: Gates.betaM), "", "Initial sodium activation m",
            .nonNegative, perNeuron: true),
        ParameterSpec(
            "Inact_h", restingGate(alpha: Gates.alphaH, beta: Gates.betaH), "", "Initial sodium inactivation h",
            .nonNegative, perNeuron: true),
        ParameterSpec(
            "Act_n", restingGate(alpha: Gates.alphaN, beta: Gates.betaN), "", "Initial potassium activation n",
            .nonNegative, perNeuron: true),
        .tauMinus,
    ]
    public static let recordables: [Recordable] = [
        .init("V_m", "mV"), .init("Act_m", ""), .init("Inact_h", ""), .init("Act_n", ""),
        .init("I_syn_ex", "pA"), .init("I_syn_in", "pA"),
    ]

    /// Per-key constraints cover every rule NEST states for this model.
    public static func check(_ p: ParameterTable) throws {}

    /// Rate functions of the gating variables (1/ms), V in mV, as in NEST.
    enum Gates {
        @inline(__always) static func alphaN(_ v: Double) -> Double { (0.01 * (v + 55)) / (1 - Double.exp(-(v + 55) / 10)) }
        @inline(__always) static func betaN(_ v: Double) -> Double { 0.125 * Double.exp(-(v + 65) / 80) }
        @inline(__always) static func alphaM(_ v: Double) -> Double { (0.1 * (v + 40)) / (1 - Double.exp(-(v + 40) / 10)) }
        @inline(__always) static func betaM(_ v: Double) -> Double { 4 * Double.exp(-(v + 65) / 18) }
        @inline(__always) static func alphaH(_ v: Double) -> Double { 0.07 * Double.exp(-(v + 65) / 20) }
        @inline(__always) static func betaH(_ v: Double) -> Double { 1 / (1 + Double.exp(-(v + 35) / 10)) }
    }

    /// NEST's right-hand side (`hh_psc_alpha_dynamics`);
    /// state (V_m, m, h, n, dI_ex, I_ex, dI_in, I_in).
    struct Dynamics: RKF45System {
        let gNa: Double, gK: Double, gL: Double, eNa: Double, eK: Double, eL: Double, cM: Double
        let tauEx: Double, tauIn: Double
        let iE: Double, iStim: Double

        @inline(__always)
        func derivative(_ y: SIMD8<Double>) -> SIMD8<Double> {
            let v = y[0], m = y[1], h = y[2], n = y[3]
            let alphaN = Gates.alphaN(v), betaN = Gates.betaN(v)
            let alphaM = Gates.alphaM(v), betaM = Gates.betaM(v)
            let alphaH = Gates.alphaH(v), betaH = Gates.betaH(v)
            let iNa = gNa * m * m * m * h * (v - eNa)
            let iK = gK * n * n * n * n * (v - eK)
            let iL = gL * (v - eL)
            var f = SIMD8<Double>()
            f[0] = (-(iNa + iK + iL) + iStim + iE + y[5] + y[7]) / cM
            f[1] = alphaM * (1 - m) - betaM * m
            f[2] = alphaH * (1 - h) - betaH * h
            f[3] = alphaN * (1 - n) - betaN * n
            f[4] = -y[4] / tauEx
            f[5] = y[4] - y[5] / tauEx
            f[6] = -y[6] / tauIn
            f[7] = y[6] - y[7] / tauIn
            return f
        }
    }

    public let count: Int
    let h: Double
    let gNa: Double, gK: Double, gL: Double, eNa: Double, eK: Double, eL: Double, cM: Double
    let tauEx: Double, tauIn: Double
    /// Jump of dI per unit weight, e / tau_syn: normalises the alpha current to peak w.
    let pscInitEx: Double, pscInitIn: Double
    let refractoryCounts: Int32
    let control = RKF45Control.y(absolute: 1e-3, relative: 0)
    // State.
    let v: StateBuffer<Double>
    let m: StateBuffer<Double>, hGate: StateBuffer<Double>, n: StateBuffer<Double>
    let dIEx: StateBuffer<Double>, iEx: StateBuffer<Double>
    let dIIn: StateBuffer<Double>, iIn: StateBuffer<Double>
    let iStim: StateBuffer<Double>
    let refractory: StateBuffer<Int32>
    /// The integrator's last suggested step size per neuron (NEST's `IntegrationStep_`).
    let integrationStep: StateBuffer<Double>
    // Per-neuron parameters.
    let iE: StateBuffer<Double>

    public init(parameters p: ParameterTable, resolution h: Double) {
        count = p.count
        self.h = h
        gNa = p.scalar("g_Na")
        gK = p.scalar("g_K")
        gL = p.scalar("g_L")
        eNa = p.scalar("E_Na")
        eK = p.scalar("E_K")
        eL = p.scalar("E_L")
        cM = p.scalar("C_m")
        tauEx = p.scalar("tau_syn_ex")
        tauIn = p.scalar("tau_syn_in")
        pscInitEx = 2.718281828459045 / tauEx
        pscInitIn = 2.718281828459045 / tauIn
        refractoryCounts = refractorySteps(p.scalar("t_ref"), h)
        v = StateBuffer(p.perNeuron("V_m"))
        m = StateBuffer(p.perNeuron("Act_m"))
        hGate = StateBuffer(p.perNeuron("Inact_h"))
        n = StateBuffer(p.perNeuron("Act_n"))
        iE = StateBuffer(p.perNeuron("I_e"))
        dIEx = StateBuffer(repeating: 0, count: count)
        iEx = StateBuffer(repeating: 0, count: count)
        dIIn = StateBuffer(repeating: 0, count: count)
        iIn = StateBuffer(repeating: 0, count: count)
        iStim = StateBuffer(repeating: 0, count: count)
        refractory = StateBuffer(repeating: 0, count: count)
        integrationStep = StateBuffer(repeating: h, count: count)
    }

    deinit {
        [v, m, hGate, n, dIEx, iEx, dIIn, iIn, iStim, integrationStep, iE].forEach { $0.free() }
        refractory.free()
    }

    public func update(input: StepInput, spikes: inout SpikeOutput) {
        let v = v.base, m = m.base, hGate = hGate.base, n = n.base
        let dIEx = dIEx.base, iEx = iEx.base, dIIn = dIIn.base, iIn = iIn.base
        let iStim = iStim.base, r = refractory.base, step = integrationStep.base, iE = iE.base
        let ex = input.excitatory, inh = input.inhibitory, current = input.current
        for i in 0..<count {
            let system = Dynamics(
                gNa: gNa, gK: gK, gL: gL, eNa: eNa, eK: eK, eL: eL, cM: cM, tauEx: tauEx, tauIn: tauIn,
                iE: iE[i], iStim: iStim[i])
            let vOld = v[i]
            var y = SIMD8(vOld, m[i], hGate[i], n[i], dIEx[i], iEx[i], dIIn[i], iIn[i])
            RKF45.integrate(system, over: h, h: &step[i], y: &y, control: control)
            v[i] = y[0]
            m[i] = y[1]
            hGate[i] = y[2]
            n[i] = y[3]
            // Inhibitory weights stay negative: this is a current, as in NEST.
            dIEx[i] = y[4] + ex[i] * pscInitEx
            iEx[i] = y[5]
            dIIn[i] = y[6] + inh[i] * pscInitIn
            iIn[i] = y[7]
            if r[i] > 0 {
                r[i] -= 1
            } else if y[0] >= 0 && vOld > y[0] {
                // Above 0 mV and past the maximum of the action potential.
                r[i] = refractoryCounts
                spikes.indices.append(Int32(i))
            }
            iStim[i] = current[i]
        }
    }

    public func recordable(_ index: Int, neuron i: Int) -> Double {
        switch index {
        case 0: return v[i]
        case 1: return m[i]
        case 2: return hGate[i]
        case 3: return n[i]
        case 4: return iEx[i]
        default: return iIn[i]
        }
    }

    public func firstNonFinite() -> (neuron: Int, variable: String, value: Double)? {
        scanNonFinite([
            ("V_m", v, 0), ("Act_m", m, 0), ("Inact_h", hGate, 0), ("Act_n", n, 0), ("I_syn_ex", iEx, 0),
            ("I_syn_in", iIn, 0),
        ])
    }
}
