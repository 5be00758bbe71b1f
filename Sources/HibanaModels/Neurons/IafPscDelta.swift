import HibanaDescription

/// `iaf_psc_delta`: leaky integrate-and-fire neuron whose input spikes make the membrane
/// potential jump by the synaptic weight (mV), integrated exactly as in NEST.
public final class IafPscDelta: NeuronModel {
    public static let name = "iaf_psc_delta"
    public static let documentation = ModelDocumentation(
        summary: "Leaky integrate-and-fire neuron with delta-shaped post-synaptic potentials (exact integration).",
        equations: """
            C_m dV_m/dt = -(V_m - E_L) C_m/tau_m + I_e + I_stim;  a spike of weight w (mV) makes V_m jump by w
            V_m >= V_th: spike, V_m = V_reset, clamped for t_ref; V_m is bounded below by V_min
            Spikes arriving during the refractory period are dropped, or (refractory_input = true)
            summed, decayed by exp(-remaining refractory time / tau_m), and added when it ends.
            """,
        references: [
            "Rotter S, Diesmann M (1999). Exact digital simulation of time-invariant linear systems with applications to neuronal modeling. Biol Cybern 81:381-402.",
            "Brunel N (2000). Dynamics of sparsely connected networks of excitatory and inhibitory spiking neurons. J Comput Neurosci 8:183-208.",
        ])
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("E_L", -70, "mV", "Resting membrane potential"),
        ParameterSpec("C_m", 250, "pF", "Capacitance of the membrane", .positive),
        ParameterSpec("tau_m", 10, "ms", "Membrane time constant", .positive),
        ParameterSpec("t_ref", 2, "ms", "Duration of the refractory period", .nonNegative),
        ParameterSpec("V_th", -55, "mV", "Spike threshold", perNeuron: true),
        ParameterSpec("V_reset", -70, "mV", "Reset potential of the membrane", perNeuron: true),
        ParameterSpec("V_min", -.greatestFiniteMagnitude, "mV", "Lower bound of the membrane potential"),
        ParameterSpec("I_e", 0, "pA", "Constant input current", perNeuron: true),
        ParameterSpec("refractory_input", 0, "", "Keep spikes arriving during refractoriness", .boolean),
        ParameterSpec("V_m", -70, "mV", "Initial membrane potential", perNeuron: true),
        .tauMinus,
    ]
    public static let recordables: [Recordable] = [.init("V_m", "mV")]

    public static func check(_ p: ParameterTable) throws {
        try p.requireLess("V_reset", "V_th", unit: "mV")
    }

    public let count: Int
    let eL: Double, p33: Double, p30: Double, vMin: Double, tauM: Double, h: Double
    let refractoryCounts: Int32
    let refractoryInput: Bool
    let v: StateBuffer<Double>
    let iStim: StateBuffer<Double>
    let refractory: StateBuffer<Int32>
    let heldInput: StateBuffer<Double>
    let theta: StateBuffer<Double>
    let vReset: StateBuffer<Double>
    let iE: StateBuffer<Double>

    public init(parameters p: ParameterTable, resolution h: Double) {
        count = p.count
        self.h = h
        eL = p.scalar("E_L")
        tauM = p.scalar("tau_m")
        let cM = p.scalar("C_m")
        p33 = Propagators.decay(h, tauM)
        p30 = Propagators.constantCurrent(h, tauM: tauM, cM: cM)
        vMin = p.scalar("V_min") - eL
        refractoryCounts = refractorySteps(p.scalar("t_ref"), h)
        refractoryInput = p.bool("refractory_input")
        let eL = eL
        v = StateBuffer(p.perNeuron("V_m").map { $0 - eL })
        theta = StateBuffer(p.perNeuron("V_th").map { $0 - eL })
        vReset = StateBuffer(p.perNeuron("V_reset").map { $0 - eL })
        iE = StateBuffer(p.perNeuron("I_e"))
        iStim = StateBuffer(repeating: 0, count: count)
        heldInput = StateBuffer(repeating: 0, count: count)
        refractory = StateBuffer(repeating: 0, count: count)
    }

    deinit { [v, iStim, heldInput, theta, vReset, iE].forEach { $0.free() }; refractory.free() }

    public func update(input: StepInput, spikes: inout SpikeOutput) {
        let v = v.base, iStim = iStim.base, r = refractory.base, held = heldInput.base
        let theta = theta.base, vReset = vReset.base, iE = iE.base
        let ex = input.excitatory, inh = input.inhibitory, current = input.current
        for i in 0..<count {
            if r[i] == 0 {
                var y = p30 * (iStim[i] + iE[i]) + p33 * v[i] + (ex[i] + inh[i])
                if refractoryInput {
                    y += held[i]
                    held[i] = 0
                }
                v[i] = y < vMin ? vMin : y
            } else {
                if refractoryInput {
                    // The input waits r steps before it acts; it decays meanwhile.
                    held[i] += (ex[i] + inh[i]) * Propagators.decay(Double(r[i]) * h, tauM)
                }
                r[i] -= 1
            }
            if v[i] >= theta[i] {
                r[i] = refractoryCounts
                v[i] = vReset[i]
                spikes.indices.append(Int32(i))
            }
            iStim[i] = current[i]
        }
    }

    public func recordable(_ index: Int, neuron i: Int) -> Double { v[i] + eL }

    public func firstNonFinite() -> (neuron: Int, variable: String, value: Double)? {
        scanNonFinite([("V_m", v, eL)])
    }
}
