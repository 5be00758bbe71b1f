import HibanaDescription
import RealModule

/// `stdp_dopamine_synapse`: reward-modulated STDP — pairings set an eligibility trace c, and the
/// weight follows c times the dopamine trace n (Izhikevich 2007; Potjans et al. 2010), as NEST's model.
public struct StdpDopamineSynapse: PairBasedRule {
    public static let name = "stdp_dopamine_synapse"
    public static let documentation = ModelDocumentation(
        summary: "Dopamine-modulated STDP with an eligibility trace (Izhikevich 2007; Potjans et al. 2010).",
        equations: """
            Traces: K+ (presynaptic, tau_plus), K- (postsynaptic, tau_minus of the target neuron),
            eligibility c (tau_c), dopamine n (tau_n; += 1/tau_n at each spike of the volume_transmitter).
              post spike reaching the synapse at t_post + d:  c += A_plus K+(t_post + d)
              pre spike at t_pre:                              c -= A_minus K-(t_pre - d)
              between events: dc/dt = -c/tau_c,  dn/dt = -n/tau_n,  dw/dt = c (n - b)
            w is integrated exactly between events (NEST's closed form, segment by segment between dopamine
            spikes) and clipped to [Wmin, Wmax] at every update. A synapse is brought up to date when a pre
            spike passes it (processing the post and dopamine spikes since its last update in time order); the
            weight it is delivered with and the weight recorder's value are the weight after that update.
            NEST also brings every synapse up to date at each volume-transmitter hand-over; with b = 0 the
            weight is monotone between events, so clipping only there gives the same weights.
            The whole delay d is dendritic, as in NEST. volume_transmitter: the population (one
            volume_transmitter neuron) whose spikes are the dopamine signal.
            """,
        references: [
            "Izhikevich EM (2007). Solving the distal reward problem through linkage of STDP and dopamine signaling. Cereb Cortex 17:2443-2452.",
            "Potjans W, Morrison A, Diesmann M (2010). Enabling functional neural circuit simulations with distributed computing of neuromodulated plasticity. Front Comput Neurosci 4:141.",
            "Potjans W, Morrison A, Diesmann M (2009). A spiking neural network model of an actor-critic learning agent. Neural Comput 21:301-339.",
        ])
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("A_plus", 1, "", "Amplitude of the eligibility increase per pairing (post after pre)", .any),
        ParameterSpec("A_minus", 1.5, "", "Amplitude of the eligibility decrease per pairing (pre after post)", .any),
        ParameterSpec("tau_plus", 20, "ms", "Time constant of the presynaptic trace K+", .positive),
        ParameterSpec("tau_c", 1000, "ms", "Time constant of the eligibility trace", .positive),
        ParameterSpec("tau_n", 200, "ms", "Time constant of the dopamine trace", .positive),
        ParameterSpec("b", 0, "", "Dopamine baseline concentration", .any),
        ParameterSpec("Wmin", 0, "", "Minimum weight, in the weight's unit", .any),
        ParameterSpec("Wmax", 200, "", "Maximum weight, in the weight's unit", .any),
        ParameterSpec("Kplus", 0, "", "Initial presynaptic trace", .nonNegative),
        ParameterSpec("c", 0, "", "Initial eligibility trace", .any),
        ParameterSpec("n", 0, "", "Initial dopamine trace", .nonNegative),
    ]
    public static let synapseState = ["c"]
    public static let readsPostHistory = true
    public static let modulated = true

    public static func check(_ p: ParameterTable, weights: ClosedRange<Double>) throws {
        if !(p.scalar("Wmin") <= p.scalar("Wmax")) {
            throw HibanaError.invalidParameter(
                model: name, key: "Wmin", value: formatNumber(p.scalar("Wmin")), allowed: "≤ Wmax (\(formatNumber(p.scalar("Wmax"))))")
        }
    }

    public let aPlus: Double, aMinus: Double, tauPlus: Double, tauC: Double, tauN: Double, b: Double
    public let wMin: Double, wMax: Double, h: Double
    /// K⁺'s decay per whole step.
    public let plusDecay: DecayTable
    /// This thread's copy of the dopamine spikes, shared by the projection's synapses.
    public let dopamine: DopamineTrace

    public init(parameters p: ParameterTable, resolution h: Double) {
        aPlus = p.scalar("A_plus")
        aMinus = p.scalar("A_minus")
        tauPlus = p.scalar("tau_plus")
        tauC = p.scalar("tau_c")
        tauN = p.scalar("tau_n")
        b = p.scalar("b")
        wMin = p.scalar("Wmin")
        wMax = p.scalar("Wmax")
        self.h = h
        plusDecay = DecayTable(tau: tauPlus, resolution: h)
        dopamine = DopamineTrace(initial: p.scalar("n"), tauN: tauN, resolution: h)
    }

    public func modulatorSpike(stamp: Int) { dopamine.add(stamp: stamp) }
    public var modulatorTrimDue: Bool { dopamine.trimDue }
    public func forgetModulatorSpikes(before stamp: Int) { dopamine.forget(before: stamp) }
    public var heldModulatorSpikes: Int { dopamine.stamps.count - 1 }
    public func savedState() -> [Double] { dopamine.saved }
    public func restoration(of saved: [Double]) -> (() -> Void)? { dopamine.restoration(of: saved) }

    /// NEST's update_weight_: w(t0 - minusDt) from w(t0) with eligibility c0 and dopamine n0 at t0.
    @inlinable func advance(_ w: inout Double, c0: Double, n0: Double, minusDt: Double) {
        let taus = (tauC + tauN) / (tauC * tauN)
        w -= c0 * (n0 / taus * .expMinusOne(taus * minusDt) - b * tauC * .expMinusOne(minusDt / tauC))
        if w < wMin { w = wMin }
        if w > wMax { w = wMax }
    }

    /// Brings w and c from stamp t0 to t1 through the dopamine spikes in (t0, t1] (NEST's process_dopa_spikes_).
    @inlinable func propagate(_ w: inout Double, _ c: inout Double, from t0: Int, to t1: Int) {
        let d = dopamine
        var j = d.lastIndex(atOrBefore: t0)
        let ms0 = Double(t0) * h
        if j + 1 < d.stamps.count && d.stamps[j + 1] <= t1 {
            let n0 = d.n[j] * .exp(Double(d.stamps[j] - t0) * h / tauN)
            advance(&w, c0: c, n0: n0, minusDt: ms0 - Double(d.stamps[j + 1]) * h)
            j += 1
            while j + 1 < d.stamps.count && d.stamps[j + 1] <= t1 {
                let cd = c * .exp((ms0 - Double(d.stamps[j]) * h) / tauC)
                advance(&w, c0: cd, n0: d.n[j], minusDt: Double(d.stamps[j] - d.stamps[j + 1]) * h)
                j += 1
            }
            let cd = c * .exp((ms0 - Double(d.stamps[j]) * h) / tauC)
            advance(&w, c0: cd, n0: d.n[j], minusDt: Double(d.stamps[j] - t1) * h)
        } else {
            let n0 = d.n[j] * .exp(Double(d.stamps[j] - t0) * h / tauN)
            advance(&w, c0: c, n0: n0, minusDt: Double(t0 - t1) * h)
        }
        c *= .exp(Double(t0 - t1) * h / tauC)
    }

    @inlinable public func update(
        weight w: inout Double, _ state: UnsafeMutablePointer<Double>, _ spike: PairBasedSpike, target: Int, delay d: Int,
        history: PostSpikeHistory
    ) -> Double {
        var c = state[0]
        var t0 = spike.last
        let last = spike.last, kPlus = spike.kPlus, aPlus = aPlus, plusDecay = plusDecay
        for post in history.spikes(neuron: target, after: last - d, upTo: spike.stamp - d) {
            propagate(&w, &c, from: t0, to: Int(post) + d)
            t0 = Int(post) + d
            c += aPlus * kPlus * plusDecay[t0 - last]
        }
        propagate(&w, &c, from: t0, to: spike.stamp)
        c -= aMinus * spike.postTrace(target: target, delay: d, history: history)
        state[0] = c
        return w
    }
}

/// The dopamine trace n of one projection on one thread: the stamps of the volume transmitter's
/// spikes and n just after each, from n's initial value at t = 0 (entry 0, always kept).
/// Spikes older than every synapse's last update are dropped (`forget`), so memory stays bounded
/// by the dopamine rate times the longest presynaptic interval, not by the run length.
public final class DopamineTrace: @unchecked Sendable {
    // Owned by one thread's plastic store: appended to and read in its delivery phase only.
    public private(set) var stamps: [Int] = [0]
    public private(set) var n: [Double]
    let tauN: Double, h: Double
    /// Entries left by the last `forget`: the next is due when twice as many are held (amortised O(1)).
    private var keptAtLastTrim = 0

    init(initial: Double, tauN: Double, resolution h: Double) {
        n = [initial]
        self.tauN = tauN
        self.h = h
    }

    /// A dopamine spike at `stamp` (NEST's update_dopamine_: n decays to it, then += 1/tau_n).
    func add(stamp: Int) {
        let previous = n[n.count - 1] * .exp(Double(stamps[stamps.count - 1] - stamp) * h / tauN)
        stamps.append(stamp)
        n.append(previous + 1 / tauN)
    }

    var trimDue: Bool { stamps.count >= Swift.max(64, 2 * keptAtLastTrim) }

    /// Drops the entries before the last one at or before `t`, but entry 0: a synapse last updated
    /// at or after `t` reads none of them. A synapse whose source never spiked starts from entry 0
    /// with c = 0, for which every dopamine segment leaves w and c as they are (w is only clipped),
    /// so skipping the dropped ones gives it the same bits.
    func forget(before t: Int) {
        let keep = lastIndex(atOrBefore: t)
        if keep > 1 {
            stamps.removeSubrange(1..<keep)
            n.removeSubrange(1..<keep)
        }
        keptAtLastTrim = stamps.count
    }

    /// stamps and n interleaved, for checkpoints.
    var saved: [Double] { zip(stamps, n).flatMap { [Double($0), $1] } }

    func restoration(of values: [Double]) -> (() -> Void)? {
        guard values.count >= 2, values.count % 2 == 0 else { return nil }
        let s = stride(from: 0, to: values.count, by: 2).map { values[$0] }
        guard s.allSatisfy({ $0 == $0.rounded() && abs($0) < 0x1p52 }), zip(s, s.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            return nil
        }
        return {
            self.stamps = s.map { Int($0) }
            self.n = stride(from: 1, to: values.count, by: 2).map { values[$0] }
            self.keptAtLastTrim = self.stamps.count
        }
    }

    /// The last entry at or before `t` (entry 0, t = 0, is always one).
    @inlinable public func lastIndex(atOrBefore t: Int) -> Int {
        var lo = 0, hi = stamps.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if stamps[mid] <= t { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }
}
