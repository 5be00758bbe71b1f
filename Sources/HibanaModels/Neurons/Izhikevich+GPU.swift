/// `izhikevich` on the GPU: `update` of Izhikevich.swift, statement for statement (forward
/// Euler, no transcendental functions, so the same bits as the CPU with fused multiply-add off).
extension Izhikevich: GPUNeuronModel {
    public static let gpuUpdate = GPUUpdate(
        constants: [.init("h"), .init("a"), .init("b"), .init("vMin"), .init("consistent", .int32)],
        state: [.init("v"), .init("u"), .init("iStim"), .init("c"), .init("d"), .init("vTh"), .init("iE")],
        code: """
            hb_real jump = in_ex + in_in;
            hb_real vi = v[i], ui = u[i];
            if (consistent) {
                hb_real vOld = vi, uOld = ui;
                vi += h * (0.04 * vOld * vOld + 5.0 * vOld + 140.0 - uOld + iStim[i] + iE[i]) + jump;
                ui += h * a * (b * vOld - uOld);
            } else {
                vi += h * 0.5 * (0.04 * vi * vi + 5.0 * vi + 140.0 - ui + iStim[i] + iE[i] + jump);
                vi += h * 0.5 * (0.04 * vi * vi + 5.0 * vi + 140.0 - ui + iStim[i] + iE[i] + jump);
                ui += h * a * (b * vi - ui);
            }
            if (vi < vMin) vi = vMin;
            if (vi >= vTh[i]) {
                vi = c[i];
                ui += d[i];
                spiked = true;
            }
            v[i] = vi;
            u[i] = ui;
            iStim[i] = in_cur;
            """,
        finite: ["v", "u"])

    public var gpuConstants: [Double] { [h, a, b, vMin, consistent ? 1 : 0] }

    public func gpuState() -> [GPUArray] { [v.gpu, u.gpu, iStim.gpu, c.gpu, d.gpu, vTh.gpu, iE.gpu] }

    public func gpuRecordable(_ index: Int) -> (state: Int, offset: Double) { (index == 0 ? 0 : 1, 0) }
}
