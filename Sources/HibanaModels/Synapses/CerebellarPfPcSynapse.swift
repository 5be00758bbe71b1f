import HibanaDescription
import RealModule

/// `cerebellar_pf_pc_synapse`: the parallel-fibre → Purkinje-cell synapse taught by climbing-fibre
/// spikes, as in Yamazaki's cerebellar models: depression when parallel-fibre activity precedes
/// a climbing-fibre spike, slow potentiation at every parallel-fibre spike otherwise.
public struct CerebellarPfPcSynapse: PairBasedRule {
    public static let name = "cerebellar_pf_pc_synapse"
    public static let documentation = ModelDocumentation(
        summary: "Parallel fibre → Purkinje cell plasticity taught by the climbing fibre: LTD for PF before CF, slow LTP otherwise.",
        equations: """
            Each target neuron i (a Purkinje cell) has a teacher: neuron i of the projection's teacher
            population (its climbing fibre). The parallel-fibre trace K_PF jumps by 1 at each parallel-fibre
            (presynaptic) spike and decays with tau_LTD; it is the eligibility window of LTD.
              climbing-fibre spike at t_CF:   w -= A_LTD K_PF(t_CF)            (PF spikes strictly before t_CF), floored at Wmin
              parallel-fibre spike:           w += A_LTP, capped at Wmax          (slow potentiation, the "otherwise")
            So a parallel-fibre spike at t_PF depresses the weight by A_LTD exp(-(t_CF - t_PF)/tau_LTD) for each
            later climbing-fibre spike: PF activity that precedes the teacher signal within ~tau_LTD is weakened,
            all other PF activity slowly strengthens. Times are the spike times of the parallel fibre and of the
            climbing fibre (add the conduction delays' difference to the teacher's timing if it matters).
            As for the other rules, the weight is brought up to date when a parallel-fibre spike passes the
            synapse (climbing-fibre spikes since the previous PF spike first, then the potentiation); the spike
            is delivered with the new weight.
            """,
        references: [
            "Yamazaki T, Tanaka S (2007). A spiking network model for passage-of-time representation in the cerebellum. Eur J Neurosci 26:2279-2292.",
            "Yamazaki T, Nagao S (2012). A computational mechanism for unified gain and timing control in the cerebellum. PLoS One 7:e33319.",
            "Ito M, Kano M (1982). Long-lasting depression of parallel fiber-Purkinje cell transmission induced by conjunctive stimulation of parallel fibers and climbing fibers. Neurosci Lett 33:253-258.",
            "Medina JF, Mauk MD (2000). Computer simulation of cerebellar information processing. Nat Neurosci 3:1205-1211.",
        ])
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("A_LTD", 0.05, "", "Depression per climbing-fibre spike and unit of K_PF, in the weight's unit", .nonNegative),
        ParameterSpec("A_LTP", 0.001, "", "Potentiation per parallel-fibre spike, in the weight's unit", .nonNegative),
        ParameterSpec("tau_LTD", 100, "ms", "Width of the LTD window: time constant of the parallel-fibre trace", .positive),
        ParameterSpec("Wmin", 0, "", "Minimum weight, in the weight's unit", .any),
        ParameterSpec("Wmax", 1, "", "Maximum weight, in the weight's unit", .any),
        ParameterSpec("Kplus", 0, "", "Initial parallel-fibre trace K_PF", .nonNegative),
    ]
    public static let synapseState: [String] = []
    public static let readsPostHistory = false
    public static let teacherDriven = true

    public static func check(_ p: ParameterTable, weights: ClosedRange<Double>) throws {
        if !(p.scalar("Wmin") <= p.scalar("Wmax")) {
            throw HibanaError.invalidParameter(
                model: name, key: "Wmin", value: formatNumber(p.scalar("Wmin")), allowed: "≤ Wmax (\(formatNumber(p.scalar("Wmax"))))")
        }
    }

    public let aLTD: Double, aLTP: Double, tauLTD: Double, wMin: Double, wMax: Double, h: Double
    /// K⁺'s decay per whole step.
    public let plusDecay: DecayTable

    public init(parameters p: ParameterTable, resolution h: Double) {
        aLTD = p.scalar("A_LTD")
        aLTP = p.scalar("A_LTP")
        tauLTD = p.scalar("tau_LTD")
        wMin = p.scalar("Wmin")
        wMax = p.scalar("Wmax")
        self.h = h
        plusDecay = DecayTable(tau: tauLTD, resolution: h)
    }

    /// `history` is the teacher's (climbing-fibre) spike history; teacher spikes have no dendritic delay.
    @inlinable public func update(
        weight w: inout Double, _ state: UnsafeMutablePointer<Double>, _ spike: PairBasedSpike, target: Int, delay: Int,
        history: PostSpikeHistory
    ) -> Double {
        let aLTD = aLTD, wMin = wMin
        // Teacher spikes in (t_last, t_PF]; K_PF there is K_PF(t_last) exp(-(t_CF - t_last)/tau_LTD).
        spike.facilitations(&w, target: target, delay: 0, plusDecay: plusDecay, history: history) { w, kPF in
            Swift.max(wMin, w - aLTD * kPF)
        }
        w = Swift.min(wMax, w + aLTP)
        return w
    }
}
