import HibanaDescription

/// `izhikevich`: the simple spiking neuron of Izhikevich (2003), advanced by a forward-Euler step
/// of the resolution, as NEST does.
public final class Izhikevich: NeuronModel {
    public static let name = "izhikevich"
    public static let documentation = ModelDocumentation(
        summary: "Izhikevich (2003) simple spiking neuron (forward Euler).",
        equations: """
            dV_m/dt = 0.04 V_m^2 + 5 V_m + 140 - U_m + I_e + I_stim
            dU_m/dt = a (b V_m - U_m)
            A spike of weight w (mV) makes V_m jump by w. V_m >= V_th: spike, V_m = c, U_m += d.
            V_m is bounded below by V_min.
            consistent_integration = true (default): one forward-Euler step of the resolution h for
            both variables from the values at the start of the step, plus the input arriving in it.
            consistent_integration = false: the numerics published with the model (two half steps
            of V_m with the input weight added to the current, then U_m from the new V_m), meant for
            h = 1 ms.
            I_stim (devices) acts from the next step.
            """,
        references: [
            "Izhikevich EM (2003). Simple model of spiking neurons. IEEE Transactions on Neural Networks 14:1569-1572.",
        ])
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("a", 0.02, "", "Time scale of the recovery variable"),
        ParameterSpec("b", 0.2, "", "Sensitivity of the recovery variable"),
        ParameterSpec("c", -65, "mV", "After-spike reset value of V_m", perNeuron: true),
        ParameterSpec("d", 8, "mV", "After-spike increment of U_m", perNeuron: true),
        ParameterSpec("V_th", 30, "mV", "Spike threshold", perNeuron: true),
        ParameterSpec("V_min", -Double.greatestFiniteMagnitude, "mV", "Lower bound of the membrane potential"),
        ParameterSpec("I_e", 0, "pA", "Constant input current", perNeuron: true),
        ParameterSpec("consistent_integration", 1, "", "Forward Euler of both variables (else Izhikevich's numerics)", .boolean),
        ParameterSpec("V_m", -65, "mV", "Initial membrane potential", perNeuron: true),
        ParameterSpec("U_m", -13, "mV", "Initial membrane recovery variable", perNeuron: true),
        .tauMinus,
    ]
    public static let recordables: [Recordable] = [.init("V_m", "mV"), .init("U_m", "mV")]

    /// NEST does not check this; a reset at or above threshold would fire in every step.
    public static func check(_ p: ParameterTable) throws {
        try p.requireLess("c", "V_th", unit: "mV")
    }

    public let count: Int
    let h: Double
    let a: Double, b: Double, vMin: Double
    let consistent: Bool
    // State.
    let v: StateBuffer<Double>
    let u: StateBuffer<Double>
    let iStim: StateBuffer<Double>
    // Per-neuron parameters.
    let c: StateBuffer<Double>, d: StateBuffer<Double>, vTh: StateBuffer<Double>, iE: StateBuffer<Double>

    public init(parameters p: ParameterTable, resolution h: Double) {
        count = p.count
        self.h = h
        a = p.scalar("a")
        b = p.scalar("b")
        vMin = p.scalar("V_min")
        consistent = p.bool("consistent_integration")
        v = StateBuffer(p.perNeuron("V_m"))
        u = StateBuffer(p.perNeuron("U_m"))
        c = StateBuffer(p.perNeuron("c"))
        d = StateBuffer(p.perNeuron("d"))
        vTh = StateBuffer(p.perNeuron("V_th"))
        iE = StateBuffer(p.perNeuron("I_e"))
        iStim = StateBuffer(repeating: 0, count: count)
    }

    deinit { [v, u, iStim, c, d, vTh, iE].forEach { $0.free() } }

    public func update(input: StepInput, spikes: inout SpikeOutput) {
        let v = v.base, u = u.base, iStim = iStim.base, c = c.base, d = d.base, vTh = vTh.base, iE = iE.base
        let ex = input.excitatory, inh = input.inhibitory, current = input.current
        for i in 0..<count {
            // Both receptors make V_m jump; inhibitory sums arrive negative.
            let jump = ex[i] + inh[i]
            var vi = v[i], ui = u[i]
            if consistent {
                let vOld = vi, uOld = ui
                vi += h * (0.04 * vOld * vOld + 5.0 * vOld + 140.0 - uOld + iStim[i] + iE[i]) + jump
                ui += h * a * (b * vOld - uOld)
            } else {
                // Izhikevich (2003): two half steps of V_m, the input counted as a current.
                vi += h * 0.5 * (0.04 * vi * vi + 5.0 * vi + 140.0 - ui + iStim[i] + iE[i] + jump)
                vi += h * 0.5 * (0.04 * vi * vi + 5.0 * vi + 140.0 - ui + iStim[i] + iE[i] + jump)
                ui += h * a * (b * vi - ui)
            }
            if vi < vMin { vi = vMin }
            if vi >= vTh[i] {
                vi = c[i]
                ui += d[i]
                spikes.indices.append(Int32(i))
            }
            v[i] = vi
            u[i] = ui
            iStim[i] = current[i]
        }
    }

    public func recordable(_ index: Int, neuron i: Int) -> Double {
        index == 0 ? v[i] : u[i]
    }

    public func firstNonFinite() -> (neuron: Int, variable: String, value: Double)? {
        scanNonFinite([("V_m", v, 0), ("U_m", u, 0)])
    }
}
