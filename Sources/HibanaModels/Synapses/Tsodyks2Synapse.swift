import HibanaDescription
import RealModule

/// `tsodyks2_synapse`: Tsodyks–Markram short-term depression and facilitation in the form of
/// Fuhrmann et al. (2002), as NEST's model.
public struct Tsodyks2Synapse: SynapseRule {
    public static let name = "tsodyks2_synapse"
    public static let documentation = ModelDocumentation(
        summary: "Short-term depression and facilitation (Tsodyks & Markram 1997, Fuhrmann et al. 2002): resources x, utilisation u.",
        equations: """
            The first spike is delivered with weight x u weight, with x and u as initialised.
            At every later spike (interval h since the previous one):
              x <- 1 + (x - x u - 1) exp(-h/tau_rec)
              u <- U + u (1 - U) exp(-h/tau_fac)      (the exponential is 0 if tau_fac = 0)
            and the spike is delivered with weight x u weight (the weight recorder logs this value).
            """,
        references: [
            "Tsodyks MV, Markram H (1997). The neural code between neocortical pyramidal neurons depends on neurotransmitter release probability. PNAS 94:719-723.",
            "Fuhrmann G, Segev I, Markram H, Tsodyks M (2002). Coding of temporal information by activity-dependent synapses. J Neurophysiol 87:140-148.",
            "Maass W, Markram H (2002). Synapses as dynamic memory buffers. Neural Netw 15:155-161.",
        ])
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("U", 0.5, "", "Increment of the utilisation per spike (and its resting value)", .nonNegative),
        ParameterSpec("u", 0.5, "", "Initial utilisation", .nonNegative),
        ParameterSpec("x", 1, "", "Initial fraction of available resources", .nonNegative),
        ParameterSpec("tau_rec", 800, "ms", "Recovery time constant of the resources", .positive),
        ParameterSpec("tau_fac", 0, "ms", "Facilitation time constant (0: no facilitation)", .nonNegative),
    ]
    public static let sourceState = ["u", "x"]
    public static let synapseState: [String] = []
    public static let readsPostHistory = false

    public static func check(_ p: ParameterTable, weights: ClosedRange<Double>) throws {
        for key in ["U", "u", "x"] where p.scalar(key) > 1 {
            throw HibanaError.invalidParameter(model: name, key: key, value: formatNumber(p.scalar(key)), allowed: "≤ 1")
        }
    }

    public let U: Double, tauRec: Double, tauFac: Double, h: Double

    public init(parameters p: ParameterTable, resolution h: Double) {
        U = p.scalar("U")
        tauRec = p.scalar("tau_rec")
        tauFac = p.scalar("tau_fac")
        self.h = h
    }

    /// The factor x u of this spike; the state is updated once for all synapses of the neuron.
    @inlinable public func begin(_ s: UnsafeMutablePointer<Double>, last: Int, stamp: Int) -> Double {
        if last >= 0 {
            let interval = Double(stamp - last) * h
            let xDecay = Double.exp(-interval / tauRec)
            // NEST treats tau_fac below 1e-10 ms as no facilitation.
            let uDecay = tauFac < 1e-10 ? 0 : Double.exp(-interval / tauFac)
            s[1] = 1 + (s[1] - s[1] * s[0] - 1) * xDecay
            s[0] = U + s[0] * (1 - U) * uDecay
        }
        return s[1] * s[0]
    }

    @inlinable public func update(
        weight w: inout Double, _ state: UnsafeMutablePointer<Double>, _ factor: Double, target: Int, delay: Int,
        history: PostSpikeHistory
    ) -> Double { factor * w }

    @inlinable public func end(_ source: UnsafeMutablePointer<Double>, _ spike: Double) {}
}
