/// `iaf_cond_exp` on the GPU: `update` and `Dynamics` of IafCondExp.swift with the GPU RKF45
/// (`RKF45GPU`), statement for statement.
extension IafCondExp: GPUNeuronModel {
    public static let gpuUpdate = GPUUpdate(
        constants: [.init("gL", .double), .init("eL", .double), .init("eEx", .double), .init("eIn", .double),
                    .init("cM", .double), .init("tauEx", .double), .init("tauIn", .double), .init("h", .double),
                    .init("refractoryCounts", .int32), .init("epsAbs", .double), .init("epsRel", .double),
                    .init("aY", .double), .init("aDydt", .double)],
        state: [.init("v"), .init("gEx"), .init("gIn"), .init("iStim"), .init("r", .int32), .init("step", .double), .init("vTh"),
                .init("vReset"), .init("iE")],
        code: """
            const bool refractory = r[i] > 0;
            const double vth = vTh[i], vreset = vReset[i], ie = iE[i], istim = iStim[i];
            auto f = [&](const double* y, double* dy) {
                double vv = refractory ? vreset : (vth < y[0] ? vth : y[0]);
                double iSynEx = y[1] * (vv - eEx);
                double iSynIn = y[2] * (vv - eIn);
                double iL = gL * (vv - eL);
                dy[0] = refractory ? 0.0 : (-iL + istim + ie - iSynEx - iSynIn) / cM;
                dy[1] = -y[1] / tauEx;
                dy[2] = -y[2] / tauIn;
            };
            const hb_rkf45_control control = {epsAbs, epsRel, aY, aDydt};
            double y[3] = {v[i], gEx[i], gIn[i]};
            hb_rkf45_integrate<3>(f, h, &step[i], y, control);
            gEx[i] = y[1] + in_ex;
            gIn[i] = y[2] - in_in;
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
            iStim[i] = in_cur;
            """,
        finite: ["v", "gEx", "gIn"])

    public var gpuConstants: [Double] {
        [gL, eL, eEx, eIn, cM, tauEx, tauIn, h, Double(refractoryCounts), control.epsAbs, control.epsRel, control.aY, control.aDydt]
    }

    public func gpuState() -> [GPUArray] {
        [v.gpu, gEx.gpu, gIn.gpu, iStim.gpu, refractory.gpu, integrationStep.gpu, vTh.gpu, vReset.gpu, iE.gpu]
    }

    public func gpuRecordable(_ index: Int) -> (state: Int, offset: Double) { (index, 0) }
}
