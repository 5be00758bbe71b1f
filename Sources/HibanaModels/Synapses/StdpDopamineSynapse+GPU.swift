extension StdpDopamineSynapse {
    /// The `hb_pair` record's `p`: A_plus, A_minus, tau_c, tau_n, b, Wmin, Wmax.
    public var gpuParameters: [Double] { [aPlus, aMinus, tauC, tauN, b, wMin, wMax] }

    /// `advance`, `propagate` and `update` in CUDA C, statement for statement, on the dopamine
    /// trace the host keeps (`hb_pair.modulatorStamps`, `modulatorN`: it adds the volume
    /// transmitter's spikes of a cycle before that cycle's launches, as the CPU does). One kernel
    /// per step with spikes, walking the synapses as `hibana_pair_deliver` (`hb_pair_walk`), then
    /// `hibana_pair_advance` for K+ (`end` is `PairBasedSpike.nextKPlus`).
    public static let gpuSource = """
        /* NEST's update_weight_ (StdpDopamineSynapse.advance). */
        __device__ void hb_dopamine_advance(const double* p, double* w, double c0, double n0, double minusDt) {
            double taus = (p[2] + p[3]) / (p[2] * p[3]);
            *w -= c0 * (n0 / taus * expm1(taus * minusDt) - p[4] * p[2] * expm1(minusDt / p[2]));
            if (*w < p[5]) *w = p[5];
            if (*w > p[6]) *w = p[6];
        }

        /* DopamineTrace.lastIndex(atOrBefore:). */
        __device__ int hb_dopamine_index(const hb_pair* P, long long t) {
            int lo = 0, hi = P->modulatorCount - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) / 2;
                if (P->modulatorStamps[mid] <= t) lo = mid; else hi = mid - 1;
            }
            return lo;
        }

        /* StdpDopamineSynapse.propagate: w and c from t0 to t1 through the dopamine spikes in (t0, t1]. */
        __device__ void hb_dopamine_propagate(const hb_pair* P, double* w, double* c, long long t0, long long t1) {
            const int* S = P->modulatorStamps;
            const double* N = P->modulatorN;
            double h = P->h, tauC = P->p[2], tauN = P->p[3];
            int j = hb_dopamine_index(P, t0);
            double ms0 = (double)t0 * h;
            if (j + 1 < P->modulatorCount && S[j + 1] <= t1) {
                double n0 = N[j] * exp((double)(S[j] - t0) * h / tauN);
                hb_dopamine_advance(P->p, w, *c, n0, ms0 - (double)S[j + 1] * h);
                j += 1;
                while (j + 1 < P->modulatorCount && S[j + 1] <= t1) {
                    double cd = *c * exp((ms0 - (double)S[j] * h) / tauC);
                    hb_dopamine_advance(P->p, w, cd, N[j], (double)(S[j] - S[j + 1]) * h);
                    j += 1;
                }
                double cd = *c * exp((ms0 - (double)S[j] * h) / tauC);
                hb_dopamine_advance(P->p, w, cd, N[j], (double)(S[j] - t1) * h);
            } else {
                double n0 = N[j] * exp((double)(S[j] - t0) * h / tauN);
                hb_dopamine_advance(P->p, w, *c, n0, (double)(t0 - t1) * h);
            }
            *c *= exp((double)(t0 - t1) * h / tauC);
        }

        extern "C" __global__ void hibana_dopamine_deliver(const hb_pair* __restrict__ P, const hb_history* __restrict__ H,
                const hb_log* __restrict__ L, int cycleIndex, int lag, double* ex, double* inh, int slots, int n, unsigned* flags) {
            hb_pair_walk(P, H, L, cycleIndex, lag, ex, inh, slots, n, flags,
                [&](unsigned i, int x, int j, long long hi, int d, int previous, double kPlus, double w, double kMinus) {
                    double c = P->synapseState[i];
                    long long t0 = previous;
                    for (int count = H->count[x]; j < count; ++j) {
                        int post = H->stamps[(size_t)x * H->length + j % H->length];
                        if (post > hi) break;
                        hb_dopamine_propagate(P, &w, &c, t0, (long long)post + d);
                        t0 = (long long)post + d;
                        c += P->p[0] * kPlus * hb_plus_decay(P, t0 - previous);
                    }
                    hb_dopamine_propagate(P, &w, &c, t0, hi + d);  /* to the presynaptic spike: hi + d */
                    c -= P->p[1] * kMinus;
                    P->synapseState[i] = c;
                    return w;
                });
        }
        """
}
