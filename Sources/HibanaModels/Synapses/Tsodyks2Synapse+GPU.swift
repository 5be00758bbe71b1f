extension Tsodyks2Synapse {
    /// `begin` in CUDA C, the same statements (`hb_stp` in `ShortTermPlasticity.gpuSource`):
    /// u and x updated once per spike of the source, the factor x u returned.
    public static let gpuBegin = """
        __device__ double hb_begin_tsodyks2(const hb_stp* P, double* s, int last, int stamp) {
            if (last >= 0) {
                double interval = (double)(stamp - last) * P->h;
                double xDecay = exp(-interval / P->tauRec);
                /* NEST treats tau_fac below 1e-10 ms as no facilitation. */
                double uDecay = P->tauFac < 1e-10 ? 0.0 : exp(-interval / P->tauFac);
                s[1] = 1.0 + (s[1] - s[1] * s[0] - 1.0) * xDecay;
                s[0] = P->U + s[0] * (1.0 - P->U) * uDecay;
            }
            return s[1] * s[0];
        }
        """
}
