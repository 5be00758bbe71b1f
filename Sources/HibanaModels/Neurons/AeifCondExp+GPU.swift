/// `aeif_cond_exp` on the GPU: `update` and `Dynamics` of AeifCondExp.swift with the GPU RKF45
/// (`RKF45GPU`), statement for statement: spikes are handled between the integrator's steps.
extension AeifCondExp: GPUNeuronModel {
    public static let gpuUpdate = GPUUpdate(
        constants: [.init("gL", .double), .init("eL", .double), .init("eEx", .double), .init("eIn", .double),
                    .init("cM", .double), .init("tauEx", .double), .init("tauIn", .double), .init("tauW", .double),
                    .init("a", .double), .init("deltaT", .double), .init("h", .double), .init("refractoryCounts", .int32),
                    .init("epsAbs", .double), .init("epsRel", .double), .init("aY", .double), .init("aDydt", .double)],
        state: [.init("v"), .init("gEx"), .init("gIn"), .init("w"), .init("iStim"), .init("r", .int32), .init("step", .double),
                .init("vTh"), .init("vPeak"), .init("vSpike"), .init("vReset"), .init("b"), .init("iE")],
        code: """
            const double vth = vTh[i], vpeak = vPeak[i], vreset = vReset[i], ie = iE[i], istim = iStim[i];
            auto f = [&](const double* y, double* dy) {
                const bool refractory = r[i] > 0;
                const double vv = refractory ? vreset : (vpeak < y[0] ? vpeak : y[0]);
                const double gex = y[1], gin = y[2], ww = y[3];
                const double iSynEx = gex * (vv - eEx);
                const double iSynIn = gin * (vv - eIn);
                const double iSpike = deltaT == 0.0 ? 0.0 : gL * deltaT * exp((vv - vth) / deltaT);
                dy[0] = refractory ? 0.0 : (-gL * (vv - eL) + iSpike - iSynEx - iSynIn - ww + ie + istim) / cM;
                dy[1] = -gex / tauEx;
                dy[2] = -gin / tauIn;
                dy[3] = (a * (vv - eL) - ww) / tauW;
            };
            const hb_rkf45_control control = {epsAbs, epsRel, aY, aDydt};
            double y[4] = {v[i], gEx[i], gIn[i], w[i]};
            double t = 0.0;
            while (t < h) {
                hb_rkf45_apply<4>(f, &t, h, &step[i], y, control);
                if (r[i] > 0) {
                    y[0] = vReset[i];
                } else if (y[0] >= vSpike[i]) {
                    y[0] = vReset[i];
                    y[3] += b[i];
                    r[i] = refractoryCounts > 0 ? refractoryCounts + 1 : 0;
                    spiked = true;
                }
            }
            if (r[i] > 0) r[i] -= 1;
            v[i] = y[0];
            gEx[i] = y[1] + in_ex;
            gIn[i] = y[2] - in_in;
            w[i] = y[3];
            iStim[i] = in_cur;
            """,
        finite: ["v", "gEx", "gIn", "w"],
        bounds: [GPUBound("v", below: -1e3), GPUBound("w", magnitudeAbove: 1e6)])

    public var gpuConstants: [Double] {
        [gL, eL, eEx, eIn, cM, tauEx, tauIn, tauW, a, deltaT, h, Double(refractoryCounts), control.epsAbs, control.epsRel,
         control.aY, control.aDydt]
    }

    public func gpuState() -> [GPUArray] {
        [v.gpu, gEx.gpu, gIn.gpu, w.gpu, iStim.gpu, refractory.gpu, integrationStep.gpu, vTh.gpu, vPeak.gpu, vSpike.gpu,
         vReset.gpu, b.gpu, iE.gpu]
    }

    public func gpuRecordable(_ index: Int) -> (state: Int, offset: Double) { (index, 0) }
}
