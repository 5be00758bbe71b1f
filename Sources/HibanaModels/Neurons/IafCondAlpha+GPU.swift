/// `iaf_cond_alpha` on the GPU: `update` and `Dynamics` of IafCondAlpha.swift with the GPU RKF45
/// (`RKF45GPU`), statement for statement. `tRef` holds the recordable t_ref_remaining (the CPU
/// computes it when sampled).
extension IafCondAlpha: GPUNeuronModel {
    public static let gpuUpdate = GPUUpdate(
        constants: [.init("gL", .double), .init("eL", .double), .init("eEx", .double), .init("eIn", .double),
                    .init("cM", .double), .init("tauEx", .double), .init("tauIn", .double), .init("pscInitEx", .double),
                    .init("pscInitIn", .double), .init("h", .double), .init("refractoryCounts", .int32),
                    .init("epsAbs", .double), .init("epsRel", .double), .init("aY", .double), .init("aDydt", .double)],
        state: [.init("v"), .init("dgEx"), .init("gEx"), .init("dgIn"), .init("gIn"), .init("iStim"), .init("r", .int32),
                .init("step", .double), .init("vTh"), .init("vReset"), .init("iE"), .init("tRef")],
        code: """
            const bool refractory = r[i] > 0;
            const double vth = vTh[i], vreset = vReset[i], ie = iE[i], istim = iStim[i];
            auto f = [&](const double* y, double* dy) {
                const double vv = refractory ? vreset : (vth < y[0] ? vth : y[0]);
                const double iSynEx = y[2] * (vv - eEx);
                const double iSynIn = y[4] * (vv - eIn);
                const double iLeak = gL * (vv - eL);
                dy[0] = refractory ? 0.0 : (-iLeak - iSynEx - iSynIn + istim + ie) / cM;
                dy[1] = -y[1] / tauEx;
                dy[2] = y[1] - y[2] / tauEx;
                dy[3] = -y[3] / tauIn;
                dy[4] = y[3] - y[4] / tauIn;
            };
            const hb_rkf45_control control = {epsAbs, epsRel, aY, aDydt};
            double y[5] = {v[i], dgEx[i], gEx[i], dgIn[i], gIn[i]};
            hb_rkf45_integrate<5>(f, h, &step[i], y, control);
            if (r[i] > 0) {
                r[i] -= 1;
                v[i] = vReset[i];
            } else if (y[0] >= vTh[i]) {
                r[i] = refractoryCounts;
                v[i] = vReset[i];
                spiked = true;
            } else {
                v[i] = y[0];
            }
            dgEx[i] = y[1] + in_ex * pscInitEx;
            gEx[i] = y[2];
            dgIn[i] = y[3] - in_in * pscInitIn;
            gIn[i] = y[4];
            iStim[i] = in_cur;
            tRef[i] = (double)r[i] * h;
            """,
        finite: ["v", "dgEx", "gEx", "dgIn", "gIn"])

    public var gpuConstants: [Double] {
        [gL, eL, eEx, eIn, cM, tauEx, tauIn, pscInitEx, pscInitIn, h, Double(refractoryCounts), control.epsAbs, control.epsRel,
         control.aY, control.aDydt]
    }

    public func gpuState() -> [GPUArray] {
        [v.gpu, dgEx.gpu, gEx.gpu, dgIn.gpu, gIn.gpu, iStim.gpu, refractory.gpu, integrationStep.gpu, vTh.gpu, vReset.gpu,
         iE.gpu, .double((0..<count).map { Double(refractory[$0]) * h })]
    }

    public func gpuRecordable(_ index: Int) -> (state: Int, offset: Double) { ([0, 2, 4, 11][index], 0) }
}
