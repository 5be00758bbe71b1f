extension TsodyksSynapse {
    /// `begin` in CUDA C, the same statements (`hb_stp` in `ShortTermPlasticity.gpuSource`):
    /// the source's u, x, y propagated over the interval since its last spike, then the release.
    public static let gpuBegin = """
        __device__ double hb_begin_tsodyks(const hb_stp* P, double* s, int last, int stamp) {
            double interval = (double)(stamp - max(0, last)) * P->h;
            double puu = P->tauFac == 0.0 ? 0.0 : exp(-interval / P->tauFac);
            double pyy = exp(-interval / P->tauPsc);
            double pzz = exp(-interval / P->tauRec);
            double pxy = ((pzz - 1.0) * P->tauRec - (pyy - 1.0) * P->tauPsc) / (P->tauPsc - P->tauRec);
            double pxz = 1.0 - pzz;
            double u = s[0], x = s[1], y = s[2];
            double z = 1.0 - x - y;
            u *= puu;
            x += pxy * y + pxz * z;
            y *= pyy;
            u += P->U * (1.0 - u);
            double delta = u * x;
            x -= delta;
            y += delta;
            s[0] = u;
            s[1] = x;
            s[2] = y;
            return delta;
        }
        """
}
