/// Brunel (2000), model A: NE excitatory and NI inhibitory `iaf_psc_delta` neurons with random
/// in-degrees CE = ε·NE and CI = ε·NI, weights J and −g·J, delay D, and independent Poisson drive
/// at η times the threshold rate ν_thr = θ / (J·CE·τ_m). The regimes of Fig. 8 are set by g and η.
public struct Brunel2000: Sendable {
    public var excitatory = 10_000
    public var inhibitory = 2_500
    public var epsilon = 0.1
    /// Relative strength of inhibition.
    public var g = 5.0
    /// External drive relative to the threshold rate.
    public var eta = 2.0
    /// EPSP amplitude in mV.
    public var j = 0.1
    public var delay = 1.5
    public var seed: UInt64 = 1
    /// Neurons recorded by the spike recorder, from each population.
    public var recorded = 50
    /// The synapse of excitatory → excitatory connections (static, or e.g. stdp_synapse for the
    /// plasticity benchmark).
    public var excitatoryToExcitatory = Network.Synapse.static

    public init() {}

    /// The neuron parameters of the paper (θ = 20 mV, V_r = 10 mV, τ = 20 ms, τ_rp = 2 ms), with
    /// initial potentials drawn uniformly below threshold.
    public var neuron: [String: ParameterValue] {
        [
            "E_L": 0, "V_th": 20, "V_reset": 10, "tau_m": 20, "t_ref": 2, "C_m": 250,
            "V_m": .distribution(.uniform(min: 0, max: 20)),
        ]
    }

    /// Threshold rate ν_thr in Hz: the external rate that brings the mean input to threshold.
    public var thresholdRate: Double {
        let ce = (epsilon * Double(excitatory)).rounded()
        return 20 / (j * ce * 20) * 1000
    }

    public var network: Network {
        get throws {
            var net = Network(resolution: 0.1, seed: seed)
            let e = try net.population("iaf_psc_delta", count: excitatory, neuron, name: "E")
            let i = try net.population("iaf_psc_delta", count: inhibitory, neuron, name: "I")
            let ce = Int((epsilon * Double(excitatory)).rounded())
            let ci = Int((epsilon * Double(inhibitory)).rounded())
            let drive = try net.device("poisson_generator", ["rate": .value(eta * thresholdRate * Double(ce))], name: "external")
            for target in [e, i] {
                try net.connect(drive, target, weight: .constant(j), delay: .constant(delay))
                try net.connect(
                    e, target, rule: .fixedIndegree(ce), synapse: target == e ? excitatoryToExcitatory : .static, weight: .constant(j),
                    delay: .constant(delay))
                try net.connect(i, target, rule: .fixedIndegree(ci), weight: .constant(-g * j), delay: .constant(delay))
            }
            let indicesE = Array(0..<Swift.min(recorded, excitatory))
            let indicesI = Array(0..<Swift.min(recorded, inhibitory))
            net.recordSpikes(e, indices: indicesE, name: "spikes_E")
            net.recordSpikes(i, indices: indicesI, name: "spikes_I")
            var spec = net.spec
            spec.recorders.append(RecorderSpec(
                name: "V_m", kind: .multimeter(recordFrom: ["V_m"], interval: 0.1),
                targets: [
                    NeuronSelection(population: e.index, indices: Array(0..<Swift.min(5, excitatory))),
                    NeuronSelection(population: i.index, indices: Array(0..<Swift.min(5, inhibitory))),
                ]))
            return Network(spec)
        }
    }
}
