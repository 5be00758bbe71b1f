/// `iaf_psc_exp` on the GPU: `update` of IafPscExp.swift, statement for statement.
extension IafPscExp: GPUNeuronModel {
    public static let gpuUpdate = GPUUpdate(
        constants: [.init("p22"), .init("p11ex"), .init("p11in"), .init("p21ex"), .init("p21in"), .init("p20"),
                    .init("refractoryCounts", .int32)],
        state: [.init("v"), .init("iEx"), .init("iIn"), .init("iStim"), .init("r", .int32), .init("theta"),
                .init("vReset"), .init("iE")],
        code: """
            if (r[i] == 0) {
                v[i] = v[i] * p22 + iEx[i] * p21ex + iIn[i] * p21in + (iE[i] + iStim[i]) * p20;
            } else {
                r[i] -= 1;
            }
            iEx[i] = iEx[i] * p11ex + in_ex;
            iIn[i] = iIn[i] * p11in + in_in;
            if (v[i] >= theta[i]) {
                r[i] = refractoryCounts;
                v[i] = vReset[i];
                spiked = true;
            }
            iStim[i] = in_cur;
            """,
        finite: ["v", "iEx", "iIn"])

    public var gpuConstants: [Double] { [p22, p11ex, p11in, p21ex, p21in, p20, Double(refractoryCounts)] }

    public func gpuState() -> [GPUArray] {
        [v.gpu, iEx.gpu, iIn.gpu, iStim.gpu, refractory.gpu, theta.gpu, vReset.gpu, iE.gpu]
    }

    public func gpuRecordable(_ index: Int) -> (state: Int, offset: Double) {
        [(0, eL), (1, 0), (2, 0)][index]
    }
}
