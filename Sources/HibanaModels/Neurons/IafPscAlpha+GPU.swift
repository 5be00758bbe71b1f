/// `iaf_psc_alpha` on the GPU: `update` of IafPscAlpha.swift, statement for statement.
extension IafPscAlpha: GPUNeuronModel {
    public static let gpuUpdate = GPUUpdate(
        constants: [.init("vMin"), .init("p11ex"), .init("p21ex"), .init("p31ex"), .init("p32ex"), .init("psc0ex"),
                    .init("p11in"), .init("p21in"), .init("p31in"), .init("p32in"), .init("psc0in"), .init("p33"),
                    .init("p30"), .init("refractoryCounts", .int32)],
        state: [.init("v"), .init("dIEx"), .init("iEx"), .init("dIIn"), .init("iIn"), .init("iStim"), .init("r", .int32),
                .init("theta"), .init("vReset"), .init("iE")],
        code: """
            if (r[i] == 0) {
                hb_real y = p30 * (iStim[i] + iE[i]) + p31ex * dIEx[i] + p32ex * iEx[i] + p31in * dIIn[i]
                    + p32in * iIn[i] + p33 * v[i];
                v[i] = y < vMin ? vMin : y;
            } else {
                r[i] -= 1;
            }
            iEx[i] = p21ex * dIEx[i] + p11ex * iEx[i];
            dIEx[i] = p11ex * dIEx[i] + psc0ex * in_ex;
            iIn[i] = p21in * dIIn[i] + p11in * iIn[i];
            dIIn[i] = p11in * dIIn[i] + psc0in * in_in;
            if (v[i] >= theta[i]) {
                r[i] = refractoryCounts;
                v[i] = vReset[i];
                spiked = true;
            }
            iStim[i] = in_cur;
            """,
        finite: ["v", "iEx", "iIn"])

    public var gpuConstants: [Double] {
        [vMin, p11ex, p21ex, p31ex, p32ex, psc0ex, p11in, p21in, p31in, p32in, psc0in, p33, p30, Double(refractoryCounts)]
    }

    public func gpuState() -> [GPUArray] {
        [v.gpu, dIEx.gpu, iEx.gpu, dIIn.gpu, iIn.gpu, iStim.gpu, refractory.gpu, theta.gpu, vReset.gpu, iE.gpu]
    }

    public func gpuRecordable(_ index: Int) -> (state: Int, offset: Double) {
        [(0, eL), (2, 0), (4, 0)][index]
    }
}
