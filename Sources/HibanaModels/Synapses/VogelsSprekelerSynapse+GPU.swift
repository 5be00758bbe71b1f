extension VogelsSprekelerSynapse: PairBasedGPURule {
    public static let gpuSuffix = "vogels_sprekeler"
    public var gpuParameters: [Double] { [eta, alpha, wMax] }
    /// `facilitate` and the end of `update` in CUDA C (p = eta, alpha, Wmax): magnitudes change,
    /// the sign is Wmax's.
    public static let gpuFunctions = """
        __device__ double hb_facilitate_vogels_sprekeler(const double* p, double w, double k) {
            double newW = fabs(w) + p[0] * k;
            return copysign(newW < fabs(p[2]) ? newW : fabs(p[2]), p[2]);
        }

        __device__ double hb_depress_vogels_sprekeler(const double* p, double w, double kMinus) {
            double newW = fabs(hb_facilitate_vogels_sprekeler(p, w, kMinus)) - p[1] * p[0];
            return copysign(newW > 0.0 ? newW : 0.0, p[2]);
        }
        """
}
