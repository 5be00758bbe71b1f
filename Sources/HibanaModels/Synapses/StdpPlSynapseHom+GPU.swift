extension StdpPlSynapseHom: PairBasedGPURule {
    public static let gpuSuffix = "stdp_pl"
    public var gpuParameters: [Double] { [lambda, alpha, mu] }
    /// `update` in CUDA C (p = lambda, alpha, mu).
    public static let gpuFunctions = """
        __device__ double hb_facilitate_stdp_pl(const double* p, double w, double kPlus) {
            return w + p[0] * hb_lib_pow(w, p[2]) * kPlus;
        }

        __device__ double hb_depress_stdp_pl(const double* p, double w, double kMinus) {
            double newW = w - p[0] * p[1] * w * kMinus;
            return newW > 0.0 ? newW : 0.0;
        }
        """
}
