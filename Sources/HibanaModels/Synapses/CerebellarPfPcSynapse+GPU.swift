extension CerebellarPfPcSynapse: PairBasedGPURule {
    public static let gpuSuffix = "cerebellar_pf_pc"
    public var gpuParameters: [Double] { [aLTD, aLTP, wMin, wMax] }
    /// `update` in CUDA C (p = A_LTD, A_LTP, Wmin, Wmax): depression per climbing-fibre spike (the
    /// kernel reads the teachers' history, without a delay), then the potentiation; K⁻ is unused.
    /// Swift's max(a, b) is b >= a ? b : a, and min(a, b) is b < a ? b : a.
    public static let gpuFunctions = """
        __device__ double hb_facilitate_cerebellar_pf_pc(const double* p, double w, double kPF) {
            double depressed = w - p[0] * kPF;
            return depressed >= p[2] ? depressed : p[2];
        }

        __device__ double hb_depress_cerebellar_pf_pc(const double* p, double w, double kMinus) {
            double potentiated = w + p[1];
            return potentiated < p[3] ? potentiated : p[3];
        }
        """

    /// The climbing fibres' spikes into each target's teacher history: teacher j's spike is
    /// history slot j's (as the CPU records them when the cycle's delivery starts). One thread per
    /// spike of one step of the last cycle, a launch per step, so a slot gets its spikes in time order.
    public static let gpuTeacherSource = """
        extern "C" __global__ void hibana_teacher_record(const hb_history* __restrict__ T, const hb_log* __restrict__ L,
                int cycleIndex, int lag, int teacherGid0, int teacherCount) {
            hb_each_spike(L, cycleIndex, lag, false, [&](unsigned, unsigned gid, int emitted) {
                int j = (int)gid - teacherGid0;
                if (j >= 0 && j < teacherCount) hb_record_post(T, j, emitted + 1);
            });
        }
        """
}
