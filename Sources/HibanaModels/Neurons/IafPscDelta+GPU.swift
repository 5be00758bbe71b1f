/// `iaf_psc_delta` on the GPU: `update` of IafPscDelta.swift, statement for statement. With
/// `refractory_input` the held input decays by CUDA's `exp`, which may differ from the host's in
/// the last bit; without it (the default) the update is the same arithmetic as on the CPU.
extension IafPscDelta: GPUNeuronModel {
    public static let gpuUpdate = GPUUpdate(
        constants: [.init("p33"), .init("p30"), .init("vMin"), .init("tauM"), .init("h"),
                    .init("refractoryCounts", .int32), .init("refractoryInput", .int32)],
        state: [.init("v"), .init("iStim"), .init("r", .int32), .init("held"), .init("theta"), .init("vReset"),
                .init("iE")],
        code: """
            if (r[i] == 0) {
                hb_real y = p30 * (iStim[i] + iE[i]) + p33 * v[i] + (in_ex + in_in);
                if (refractoryInput) {
                    y += held[i];
                    held[i] = 0.0;
                }
                v[i] = y < vMin ? vMin : y;
            } else {
                if (refractoryInput) {
                    held[i] += (in_ex + in_in) * exp(-((hb_real)r[i] * h) / tauM);
                }
                r[i] -= 1;
            }
            if (v[i] >= theta[i]) {
                r[i] = refractoryCounts;
                v[i] = vReset[i];
                spiked = true;
            }
            iStim[i] = in_cur;
            """,
        finite: ["v"])

    public var gpuConstants: [Double] { [p33, p30, vMin, tauM, h, Double(refractoryCounts), refractoryInput ? 1 : 0] }

    public func gpuState() -> [GPUArray] {
        [v.gpu, iStim.gpu, refractory.gpu, heldInput.gpu, theta.gpu, vReset.gpu, iE.gpu]
    }

    public func gpuRecordable(_ index: Int) -> (state: Int, offset: Double) { (0, eL) }
}
