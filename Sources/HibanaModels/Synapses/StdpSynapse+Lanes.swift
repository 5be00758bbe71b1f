extension StdpSynapse {
    /// `update` for four synapses in SIMD lanes, the same bits lane by lane. It needs what makes
    /// the update branch-free: mu_plus and mu_minus of 0 or 1, the presynaptic interval within the
    /// decay table, and every window holding at most its target's three latest spikes (see
    /// `PostSpikeHistory.fold`); otherwise (rarely) it is four `update` calls. The lanes run the
    /// dependency chains of division, trace and bounds side by side, where one synapse after
    /// another would wait for each.
    @inlinable public func update4(
        weights: UnsafeMutablePointer<Double>, _ state: UnsafeMutablePointer<Double>, stride: Int, _ spike: PairBasedSpike,
        targets: UnsafePointer<UInt32>, delay d: Int, history: PostSpikeHistory
    ) -> SIMD4<Double> {
        let lo = spike.last - d, hi = spike.stamp - d
        let r = (
            history.latest(Int(targets[0])), history.latest(Int(targets[1])), history.latest(Int(targets[2])),
            history.latest(Int(targets[3]))
        )
        // K⁻ before hi is from the last spike, or the one before where the last is at or after hi.
        let useLast = SIMD4(r.0.last, r.1.last, r.2.last, r.3.last) .< Int32(truncatingIfNeeded: hi)
        let traceFrom = SIMD4(r.0.previous, r.1.previous, r.2.previous, r.3.previous).replacing(
            with: SIMD4(r.0.last, r.1.last, r.2.last, r.3.last), where: useLast)
        let traceSteps = SIMD4(repeating: Int32(truncatingIfNeeded: hi)) &- traceFrom
        guard muPlus == 0 || muPlus == 1, muMinus == 0 || muMinus == 1, spike.stamp - spike.last < DecayTable.size,
            Int(Swift.max(r.0.fourth, r.1.fourth, r.2.fourth, r.3.fourth)) <= lo, let minusDecay = history.minusDecayTable,
            all((traceSteps .> 0) .& (traceSteps .< Int32(DecayTable.size)))
        else {
            return updateEach(weights: weights, state, stride: stride, spike, targets: targets, delay: d, history: history)
        }
        let wMax = SIMD4<Double>(repeating: wMax), lower = SIMD4<Double>(repeating: Double(lo))
        let upper = SIMD4<Double>(repeating: Double(hi))
        let lambda = lambda, alpha = alpha, muPlus = muPlus, muMinus = muMinus, plusDecay = plusDecay
        let last = spike.last, kPlus = spike.kPlus
        var w = SIMD4<Double>(weights[0], weights[1], weights[2], weights[3])
        // Facilitation by one of the latest postsynaptic spikes in the lanes whose window holds it.
        // Vectors are built from scalars: writing lanes one by one in memory stalls the next read,
        // and so does taking lanes out of a vector (the decay lookups use the scalars).
        let span = UInt32(truncatingIfNeeded: hi - lo), offset = d - last
        func facilitate(_ p0: Int32, _ p1: Int32, _ p2: Int32, _ p3: Int32) {
            // lo < p ≤ hi as one unsigned comparison. Skipped where no lane's window holds the spike
            // (the third latest: in most groups).
            func inWindow(_ p: Int32) -> Bool { UInt32(truncatingIfNeeded: Int(p) - lo - 1) < span }
            guard inWindow(p0) || inWindow(p1) || inWindow(p2) || inWindow(p3) else { return }
            let t = SIMD4<Double>(Double(p0), Double(p1), Double(p2), Double(p3))
            func decay(_ p: Int32) -> Double { plusDecay.tabulated(Int(p) + offset) }
            let kPlusThen = kPlus * SIMD4(decay(p0), decay(p1), decay(p2), decay(p3))
            let normW = w / wMax
            let normNew = normW + lambda * (muPlus == 0 ? SIMD4(repeating: 1) : 1 - normW) * kPlusThen
            // Two selects rather than one on a combined mask (which SSE2 code builds lane by lane).
            let inUpper = w.replacing(with: wMax.replacing(with: normNew * wMax, where: normNew .< 1), where: t .<= upper)
            w.replace(with: inUpper, where: t .> lower)
        }
        facilitate(r.0.stamps.1, r.1.stamps.1, r.2.stamps.1, r.3.stamps.1)
        facilitate(r.0.stamps.2, r.1.stamps.2, r.2.stamps.2, r.3.stamps.2)
        facilitate(r.0.stamps.3, r.1.stamps.3, r.2.stamps.3, r.3.stamps.3)
        // As `PostSpikeHistory.trace`: K⁻ after the spike times its decay to hi (0 before any spike).
        let kMinusAfter = SIMD4(r.0.previousKMinus, r.1.previousKMinus, r.2.previousKMinus, r.3.previousKMinus).replacing(
            with: SIMD4(r.0.kMinus, r.1.kMinus, r.2.kMinus, r.3.kMinus), where: SIMD4<Double>(SIMD4(r.0.last, r.1.last, r.2.last, r.3.last)) .< Double(hi))
        func decay(_ j: Int) -> Double { minusDecay.tabulated(Int(traceSteps[j])) }
        let kMinus = kMinusAfter * SIMD4(decay(0), decay(1), decay(2), decay(3))
        let normW = w / wMax
        let normNew = normW - alpha * lambda * (muMinus == 0 ? SIMD4(repeating: 1) : normW) * kMinus
        w = SIMD4(repeating: 0).replacing(with: normNew * wMax, where: normNew .> 0)
        for j in 0..<4 { weights[j] = w[j] }
        return w
    }
}
