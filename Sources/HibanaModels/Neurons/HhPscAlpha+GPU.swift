/// `hh_psc_alpha` on the GPU: `update`, `Dynamics` and `Gates` of HhPscAlpha.swift with the GPU
/// RKF45 (`RKF45GPU`), statement for statement.
extension HhPscAlpha: GPUNeuronModel {
    public static let gpuUpdate = GPUUpdate(
        constants: [.init("gNa", .double), .init("gK", .double), .init("gL", .double), .init("eNa", .double),
                    .init("eK", .double), .init("eL", .double), .init("cM", .double), .init("tauEx", .double),
                    .init("tauIn", .double), .init("pscInitEx", .double), .init("pscInitIn", .double), .init("h", .double),
                    .init("refractoryCounts", .int32), .init("epsAbs", .double), .init("epsRel", .double),
                    .init("aY", .double), .init("aDydt", .double)],
        state: [.init("v"), .init("m"), .init("hGate"), .init("n"), .init("dIEx"), .init("iEx"), .init("dIIn"), .init("iIn"),
                .init("iStim"), .init("r", .int32), .init("step", .double), .init("iE")],
        code: """
            const double ie = iE[i], istim = iStim[i];
            auto f = [&](const double* y, double* dy) {
                const double vv = y[0], gm = y[1], gh = y[2], gn = y[3];
                const double alphaN = (0.01 * (vv + 55.0)) / (1.0 - exp(-(vv + 55.0) / 10.0));
                const double betaN = 0.125 * exp(-(vv + 65.0) / 80.0);
                const double alphaM = (0.1 * (vv + 40.0)) / (1.0 - exp(-(vv + 40.0) / 10.0));
                const double betaM = 4.0 * exp(-(vv + 65.0) / 18.0);
                const double alphaH = 0.07 * exp(-(vv + 65.0) / 20.0);
                const double betaH = 1.0 / (1.0 + exp(-(vv + 35.0) / 10.0));
                const double iNa = gNa * gm * gm * gm * gh * (vv - eNa);
                const double iK = gK * gn * gn * gn * gn * (vv - eK);
                const double iL = gL * (vv - eL);
                dy[0] = (-(iNa + iK + iL) + istim + ie + y[5] + y[7]) / cM;
                dy[1] = alphaM * (1.0 - gm) - betaM * gm;
                dy[2] = alphaH * (1.0 - gh) - betaH * gh;
                dy[3] = alphaN * (1.0 - gn) - betaN * gn;
                dy[4] = -y[4] / tauEx;
                dy[5] = y[4] - y[5] / tauEx;
                dy[6] = -y[6] / tauIn;
                dy[7] = y[6] - y[7] / tauIn;
            };
            const hb_rkf45_control control = {epsAbs, epsRel, aY, aDydt};
            const double vOld = v[i];
            double y[8] = {vOld, m[i], hGate[i], n[i], dIEx[i], iEx[i], dIIn[i], iIn[i]};
            hb_rkf45_integrate<8>(f, h, &step[i], y, control);
            v[i] = y[0];
            m[i] = y[1];
            hGate[i] = y[2];
            n[i] = y[3];
            dIEx[i] = y[4] + in_ex * pscInitEx;
            iEx[i] = y[5];
            dIIn[i] = y[6] + in_in * pscInitIn;
            iIn[i] = y[7];
            if (r[i] > 0) {
                r[i] -= 1;
            } else if (y[0] >= 0.0 && vOld > y[0]) {
                r[i] = refractoryCounts;
                spiked = true;
            }
            iStim[i] = in_cur;
            """,
        finite: ["v", "m", "hGate", "n", "iEx", "iIn"])

    public var gpuConstants: [Double] {
        [gNa, gK, gL, eNa, eK, eL, cM, tauEx, tauIn, pscInitEx, pscInitIn, h, Double(refractoryCounts), control.epsAbs,
         control.epsRel, control.aY, control.aDydt]
    }

    public func gpuState() -> [GPUArray] {
        [v.gpu, m.gpu, hGate.gpu, n.gpu, dIEx.gpu, iEx.gpu, dIIn.gpu, iIn.gpu, iStim.gpu, refractory.gpu, integrationStep.gpu,
         iE.gpu]
    }

    public func gpuRecordable(_ index: Int) -> (state: Int, offset: Double) { ([0, 1, 2, 3, 5, 7][index], 0) }
}
