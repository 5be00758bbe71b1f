import HibanaDescription
import RealModule

/// `aeif_cond_exp`: adaptive exponential integrate-and-fire neuron (Brette & Gerstner 2005) with
/// exponentially decaying synaptic conductances, integrated with GSL's adaptive
/// Runge–Kutta–Fehlberg 4(5) inside each step, as NEST does.
public final class AeifCondExp: NeuronModel {
    public static let name = "aeif_cond_exp"
    public static let documentation = ModelDocumentation(
        summary: "Adaptive exponential integrate-and-fire neuron with exponential synaptic conductances (adaptive RKF45).",
        equations: """
            C_m dV_m/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_th) / Delta_T) - g_ex (V - E_ex)
                          - g_in (V - E_in) - w + I_e + I_stim
            tau_w dw/dt = a (V - E_L) - w
            dg_X/dt = -g_X / tau_syn_X;  a spike of weight w adds |w| (nS) to g_ex (w > 0) or g_in (w < 0)
            V = V_m bounded above by V_peak in the right-hand side (the exponential cannot overflow);
            while refractory V = V_reset and dV_m/dt = 0. Delta_T = 0 removes the exponential term and
            makes V_th the spike threshold.
            Each step: integrate in accepted RKF45 steps (error control on the derivatives,
            gsl_error_tol absolute and relative, first try 0.01 ms, step size kept per neuron); after
            each accepted step, if refractory V_m = V_reset, else if V_m >= V_peak: spike,
            V_m = V_reset, w += b, refractory for t_ref. Then count the refractory period down, add the
            conductance jumps arriving in the step. I_stim (devices) acts from the next step.
            """,
        references: [
            "Brette R, Gerstner W (2005). Adaptive exponential integrate-and-fire model as an effective description of neuronal activity. J Neurophysiol 94:3637-3642.",
        ])
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("E_L", -70.6, "mV", "Leak reversal potential"),
        ParameterSpec("C_m", 281, "pF", "Capacitance of the membrane", .positive),
        ParameterSpec("g_L", 30, "nS", "Leak conductance", .nonNegative),
        ParameterSpec("E_ex", 0, "mV", "Excitatory reversal potential"),
        ParameterSpec("E_in", -85, "mV", "Inhibitory reversal potential"),
        ParameterSpec("tau_syn_ex", 0.2, "ms", "Time constant of the excitatory synaptic conductance", .positive),
        ParameterSpec("tau_syn_in", 2, "ms", "Time constant of the inhibitory synaptic conductance", .positive),
        ParameterSpec("t_ref", 0, "ms", "Duration of the refractory period", .nonNegative),
        ParameterSpec("V_th", -50.4, "mV", "Spike initiation threshold", perNeuron: true),
        ParameterSpec("V_peak", 0, "mV", "Spike detection threshold", perNeuron: true),
        ParameterSpec("V_reset", -60, "mV", "Reset potential of the membrane", perNeuron: true),
        ParameterSpec("Delta_T", 2, "mV", "Slope factor of the exponential", .nonNegative),
        ParameterSpec("a", 4, "nS", "Subthreshold adaptation"),
        ParameterSpec("b", 80.5, "pA", "Spike-triggered adaptation", perNeuron: true),
        ParameterSpec("tau_w", 144, "ms", "Adaptation time constant", .positive),
        ParameterSpec("I_e", 0, "pA", "Constant input current", perNeuron: true),
        ParameterSpec("gsl_error_tol", 1e-6, "", "Error tolerance of the adaptive integrator", .positive),
        ParameterSpec("V_m", -70.6, "mV", "Initial membrane potential", perNeuron: true),
        ParameterSpec("w", 0, "pA", "Initial adaptation current", perNeuron: true),
        ParameterSpec("g_ex", 0, "nS", "Initial excitatory conductance", .nonNegative),
        ParameterSpec("g_in", 0, "nS", "Initial inhibitory conductance", .nonNegative),
        .tauMinus,
    ]
    public static let recordables: [Recordable] = [
        .init("V_m", "mV"), .init("g_ex", "nS"), .init("g_in", "nS"), .init("w", "pA"),
    ]

    /// ln(DBL_MAX / 1e20): NEST keeps this margin below overflow of the exponential at V_peak.
    static let maxExponent = Double.log(Double.greatestFiniteMagnitude / 1e20)

    public static func check(_ p: ParameterTable) throws {
        try p.requireAtLeast("V_peak", "V_th", unit: "mV")
        try p.requireLess("V_reset", "V_peak", unit: "mV")
        let deltaT = p.scalar("Delta_T")
        guard deltaT > 0 else { return }
        let vPeak = p.perNeuron("V_peak"), vTh = p.perNeuron("V_th")
        for i in 0..<p.count where (vPeak[i] - vTh[i]) / deltaT >= maxExponent {
            throw HibanaError.invalidParameter(
                model: name, key: "Delta_T", value: "\(formatNumber(deltaT)) mV",
                allowed: "> (V_peak - V_th) / \(formatNumber(maxExponent.rounded(.down))) "
                    + "(\(formatNumber(vPeak[i])) - \(formatNumber(vTh[i])) mV), or exp((V_peak - V_th) / Delta_T) overflows")
        }
    }

    /// NEST's right-hand side (`aeif_cond_exp_dynamics`); state (V_m, g_ex, g_in, w).
    struct Dynamics: RKF45System {
        let gL: Double, eL: Double, eEx: Double, eIn: Double, cM: Double
        let tauEx: Double, tauIn: Double, tauW: Double, a: Double, deltaT: Double
        let vTh: Double, vPeak: Double, vReset: Double, iE: Double, iStim: Double
        let refractory: Bool

        @inline(__always)
        func derivative(_ y: SIMD4<Double>) -> SIMD4<Double> {
            let v = refractory ? vReset : min(y[0], vPeak)
            let gEx = y[1], gIn = y[2], w = y[3]
            let iSynEx = gEx * (v - eEx)
            let iSynIn = gIn * (v - eIn)
            let iSpike = deltaT == 0 ? 0 : gL * deltaT * Double.exp((v - vTh) / deltaT)
            let dv = refractory ? 0 : (-gL * (v - eL) + iSpike - iSynEx - iSynIn - w + iE + iStim) / cM
            return SIMD4(dv, -gEx / tauEx, -gIn / tauIn, (a * (v - eL) - w) / tauW)
        }
    }

    public let count: Int
    let h: Double
    let gL: Double, eL: Double, eEx: Double, eIn: Double, cM: Double
    let tauEx: Double, tauIn: Double, tauW: Double, a: Double, deltaT: Double
    let refractoryCounts: Int32
    let control: RKF45Control
    // State.
    let v: StateBuffer<Double>
    let gEx: StateBuffer<Double>
    let gIn: StateBuffer<Double>
    let w: StateBuffer<Double>
    let iStim: StateBuffer<Double>
    let refractory: StateBuffer<Int32>
    /// The integrator's last suggested step size per neuron (NEST's `IntegrationStep_`).
    let integrationStep: StateBuffer<Double>
    // Per-neuron parameters.
    let vTh: StateBuffer<Double>
    let vPeak: StateBuffer<Double>
    /// The spike detection threshold: V_peak, or V_th when Delta_T = 0 (NEST's `V_.V_peak`).
    let vSpike: StateBuffer<Double>
    let vReset: StateBuffer<Double>
    let b: StateBuffer<Double>
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
        tauW = p.scalar("tau_w")
        a = p.scalar("a")
        deltaT = p.scalar("Delta_T")
        refractoryCounts = refractorySteps(p.scalar("t_ref"), h)
        let tolerance = p.scalar("gsl_error_tol")
        control = .yp(absolute: tolerance, relative: tolerance)
        v = StateBuffer(p.perNeuron("V_m"))
        gEx = StateBuffer(p.perNeuron("g_ex"))
        gIn = StateBuffer(p.perNeuron("g_in"))
        w = StateBuffer(p.perNeuron("w"))
        vTh = StateBuffer(p.perNeuron("V_th"))
        vPeak = StateBuffer(p.perNeuron("V_peak"))
        vSpike = StateBuffer(deltaT > 0 ? p.perNeuron("V_peak") : p.perNeuron("V_th"))
        vReset = StateBuffer(p.perNeuron("V_reset"))
        b = StateBuffer(p.perNeuron("b"))
        iE = StateBuffer(p.perNeuron("I_e"))
        iStim = StateBuffer(repeating: 0, count: count)
        refractory = StateBuffer(repeating: 0, count: count)
        // NEST integrates this model from a first try of 0.01 ms ("high precision").
        integrationStep = StateBuffer(repeating: min(0.01, h), count: count)
    }

    deinit {
        [v, gEx, gIn, w, iStim, integrationStep, vTh, vPeak, vSpike, vReset, b, iE].forEach { $0.free() }
        refractory.free()
    }

    public func update(input: StepInput, spikes: inout SpikeOutput) {
        let v = v.base, gEx = gEx.base, gIn = gIn.base, w = w.base, iStim = iStim.base, r = refractory.base
        let step = integrationStep.base, vTh = vTh.base, vPeak = vPeak.base, vSpike = vSpike.base
        let vReset = vReset.base, b = b.base, iE = iE.base
        let ex = input.excitatory, inh = input.inhibitory, current = input.current
        for i in 0..<count {
            var y = SIMD4(v[i], gEx[i], gIn[i], w[i])
            var spiked = false
            var t = 0.0
            // Spikes are handled between the integrator's steps: the jump b of w must act from
            // the moment of the spike (NEST's aeif update).
            while t < h {
                let system = Dynamics(
                    gL: gL, eL: eL, eEx: eEx, eIn: eIn, cM: cM, tauEx: tauEx, tauIn: tauIn, tauW: tauW, a: a,
                    deltaT: deltaT, vTh: vTh[i], vPeak: vPeak[i], vReset: vReset[i], iE: iE[i], iStim: iStim[i],
                    refractory: r[i] > 0)
                RKF45.apply(system, t: &t, until: h, h: &step[i], y: &y, control: control)
                if r[i] > 0 {
                    y[0] = vReset[i]
                } else if y[0] >= vSpike[i] {
                    y[0] = vReset[i]
                    y[3] += b[i]
                    // One more than t_ref in steps, as the count-down below follows at once;
                    // none without a refractory period, so that the neuron is not clamped in this step.
                    r[i] = refractoryCounts > 0 ? refractoryCounts + 1 : 0
                    // NEST would send a second spike if the neuron fired twice in one step; one
                    // entry per step is all `SpikeOutput` holds.
                    spiked = true
                }
            }
            if spiked { spikes.indices.append(Int32(i)) }
            if r[i] > 0 { r[i] -= 1 }
            v[i] = y[0]
            // Inhibitory sums arrive negative; the conductance grows by |w|, as in NEST.
            gEx[i] = y[1] + ex[i]
            gIn[i] = y[2] - inh[i]
            w[i] = y[3]
            iStim[i] = current[i]
        }
    }

    public func recordable(_ index: Int, neuron i: Int) -> Double {
        switch index {
        case 0: return v[i]
        case 1: return gEx[i]
        case 2: return gIn[i]
        default: return w[i]
        }
    }

    /// Besides NaN and infinities, the runaway values NEST stops on for this model
    /// (`NumericalInstability`): V_m < -1000 mV or |w| > 10^6 pA.
    public func firstNonFinite() -> (neuron: Int, variable: String, value: Double)? {
        if let bad = scanNonFinite([("V_m", v, 0), ("g_ex", gEx, 0), ("g_in", gIn, 0), ("w", w, 0)]) { return bad }
        for i in 0..<count {
            if v[i] < -1e3 { return (i, "V_m", v[i]) }
            if abs(w[i]) > 1e6 { return (i, "w", w[i]) }
        }
        return nil
    }
}
