extension StdpSynapse: PairBasedGPURule {
    public static let gpuSuffix = "stdp"
    public var gpuParameters: [Double] { [lambda, alpha, muPlus, muMinus, wMax] }
    /// `update`'s two closures in CUDA C (p = lambda, alpha, mu_plus, mu_minus, Wmax).
    public static let gpuFunctions = """
        __device__ double hb_facilitate_stdp(const double* p, double w, double kPlus) {
            double normW = w / p[4] + p[0] * hb_lib_pow(1.0 - w / p[4], p[2]) * kPlus;
            return normW < 1.0 ? normW * p[4] : p[4];
        }

        __device__ double hb_depress_stdp(const double* p, double w, double kMinus) {
            double normW = w / p[4] - p[1] * p[0] * hb_lib_pow(w / p[4], p[3]) * kMinus;
            return normW > 0.0 ? normW * p[4] : 0.0;
        }
        """
}
