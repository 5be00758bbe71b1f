import HibanaDescription
import RealModule

/// `tsodyks_synapse`: Tsodyks–Markram short-term depression and facilitation with the synaptic
/// current's own decay (Tsodyks et al. 2000), as NEST's model.
public struct TsodyksSynapse: SynapseRule {
    public static let name = "tsodyks_synapse"
    public static let documentation = ModelDocumentation(
        summary: "Short-term depression and facilitation (Tsodyks, Uziel & Markram 2000) with resources x (recovered), y (active), z (inactive).",
        equations: """
            Between spikes: dx/dt = z/tau_rec, dy/dt = -y/tau_psc, z = 1 - x - y, du/dt = -u/tau_fac (u = 0 if tau_fac = 0),
            propagated exactly over the interval h since the previous spike (the first measured from t = 0).
            At a pre spike: u <- u + U (1 - u); delta = u x; x <- x - delta; y <- y + delta;
            the spike is delivered with weight delta * weight (the weight recorder logs this value).
            tau_psc should equal the target's synaptic time constant (tau_syn_ex or tau_syn_in).
            """,
        references: [
            "Tsodyks M, Uziel A, Markram H (2000). Synchrony generation in recurrent networks with frequency-dependent synapses. J Neurosci 20:RC50.",
            "Tsodyks MV, Markram H (1997). The neural code between neocortical pyramidal neurons depends on neurotransmitter release probability. PNAS 94:719-723.",
        ])
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("U", 0.5, "", "Utilisation increment per spike", .nonNegative),
        ParameterSpec("tau_psc", 3, "ms", "Decay time constant of the active resources (the PSC)", .positive),
        ParameterSpec("tau_rec", 800, "ms", "Recovery time constant of the resources", .positive),
        ParameterSpec("tau_fac", 0, "ms", "Facilitation time constant (0: no facilitation)", .nonNegative),
        ParameterSpec("u", 0, "", "Initial utilisation", .nonNegative),
        ParameterSpec("x", 1, "", "Initial fraction of recovered resources", .nonNegative),
        ParameterSpec("y", 0, "", "Initial fraction of active resources", .nonNegative),
    ]
    public static let sourceState = ["u", "x", "y"]
    public static let synapseState: [String] = []
    public static let readsPostHistory = false

    public static func check(_ p: ParameterTable, weights: ClosedRange<Double>) throws {
        if p.scalar("U") > 1 {
            throw HibanaError.invalidParameter(model: name, key: "U", value: formatNumber(p.scalar("U")), allowed: "≤ 1")
        }
        if p.scalar("x") + p.scalar("y") > 1 {
            throw HibanaError.invalidParameter(
                model: name, key: "x", value: formatNumber(p.scalar("x")), allowed: "x + y ≤ 1 (y = \(formatNumber(p.scalar("y"))))")
        }
        if p.scalar("tau_psc") == p.scalar("tau_rec") {
            throw HibanaError.invalidParameter(
                model: name, key: "tau_psc", value: "\(formatNumber(p.scalar("tau_psc"))) ms", allowed: "≠ tau_rec")
        }
    }

    public let U: Double, tauPsc: Double, tauRec: Double, tauFac: Double, h: Double

    public init(parameters p: ParameterTable, resolution h: Double) {
        U = p.scalar("U")
        tauPsc = p.scalar("tau_psc")
        tauRec = p.scalar("tau_rec")
        tauFac = p.scalar("tau_fac")
        self.h = h
    }

    /// The release fraction delta of this spike; the state is updated once for all synapses of the neuron.
    @inlinable public func begin(_ s: UnsafeMutablePointer<Double>, last: Int, stamp: Int) -> Double {
        let interval = Double(stamp - Swift.max(0, last)) * h
        let puu = tauFac == 0 ? 0 : Double.exp(-interval / tauFac)
        let pyy = Double.exp(-interval / tauPsc)
        let pzz = Double.exp(-interval / tauRec)
        let pxy = ((pzz - 1) * tauRec - (pyy - 1) * tauPsc) / (tauPsc - tauRec)
        let pxz = 1 - pzz
        var u = s[0], x = s[1], y = s[2]
        let z = 1 - x - y
        u *= puu
        x += pxy * y + pxz * z
        y *= pyy
        u += U * (1 - u)
        let delta = u * x
        x -= delta
        y += delta
        s[0] = u
        s[1] = x
        s[2] = y
        return delta
    }

    @inlinable public func update(
        weight w: inout Double, _ state: UnsafeMutablePointer<Double>, _ delta: Double, target: Int, delay: Int,
        history: PostSpikeHistory
    ) -> Double { delta * w }

    @inlinable public func end(_ source: UnsafeMutablePointer<Double>, _ spike: Double) {}
}
