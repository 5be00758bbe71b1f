extension StdpDopamineSynapse {
    /// The `hb_pair` record's `p`: A_plus, A_minus, tau_c, tau_n, b, Wmin, Wmax.
    public var gpuParameters: [Double] { [aPlus, aMinus, tauC, tauN, b, wMin, wMax] }

    /// The dopamine trace's entries the GPU keeps per projection, for a spike history of
    /// `historyLength` postsynaptic spikes: entry 0, then a ring of the latest spikes.
    public static func gpuTraceCapacity(historyLength: Int) -> Int { 16 * historyLength }

    /// `advance`, `propagate` and `update` in CUDA C, statement for statement, on the dopamine
    /// trace in GPU memory (`hb_pair.modulatorStamps`, `modulatorN`): `hibana_dopamine_record`
    /// adds the volume transmitter's spikes of the last cycle before that cycle's deliveries, as
    /// the CPU does (`DopamineTrace.add`). The CPU drops the entries no synapse will read again; the
    /// GPU keeps the latest `gpuTraceCapacity` in a ring, and a synapse that needs one the ring
    /// lost sets flags[3], which stops the run (one with c = 0 reads none: every dopamine segment
    /// leaves its w and c as they are, so it skips the lost ones, as the CPU skips the dropped).
    /// One kernel per step of the last cycle, walking the synapses as `hibana_pair_deliver`
    /// (`hb_pair_walk`), then `hibana_pair_advance` for K+ (`end` is `PairBasedSpike.nextKPlus`).
    public static let gpuSource = """
        /* NEST's update_weight_ (StdpDopamineSynapse.advance). */
        __device__ void hb_dopamine_advance(const double* p, double* w, double c0, double n0, double minusDt) {
            double taus = (p[2] + p[3]) / (p[2] * p[3]);
            *w -= c0 * (n0 / taus * expm1(taus * minusDt) - p[4] * p[2] * expm1(minusDt / p[2]));
            if (*w < p[5]) *w = p[5];
            if (*w > p[6]) *w = p[6];
        }

        /* Where entry j of the trace sits: entry 0 stays, entries 1... are a ring. */
        __device__ int hb_dopamine_at(const hb_pair* P, int j) { return j == 0 ? 0 : 1 + (j - 1) % (P->modulatorCapacity - 1); }

        /* DopamineTrace.lastIndex(atOrBefore:) among entry 0 and the held entries [kept, count);
           -1 when it is one the ring lost. */
        __device__ int hb_dopamine_index(const hb_pair* P, long long t, int count, int kept) {
            const int* S = P->modulatorStamps;
            if (kept >= count || S[hb_dopamine_at(P, kept)] > t) return kept > 1 ? -1 : 0;
            int lo = kept, hi = count - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) / 2;
                if (S[hb_dopamine_at(P, mid)] <= t) lo = mid; else hi = mid - 1;
            }
            return lo;
        }

        /* StdpDopamineSynapse.propagate: w and c from t0 to t1 through the dopamine spikes in (t0, t1]. */
        __device__ void hb_dopamine_propagate(const hb_pair* P, double* w, double* c, long long t0, long long t1, unsigned* flags) {
            const int* S = P->modulatorStamps;
            const double* N = P->modulatorN;
            double h = P->h, tauC = P->p[2], tauN = P->p[3];
            int count = *P->modulatorCount, kept = max(1, count - (P->modulatorCapacity - 1));
            int j = hb_dopamine_index(P, t0, count, kept);
            if (j < 0) {
                if (*c != 0.0) { atomicMax(&flags[3], 1u); return; }
                j = 0;
            }
            int next = j == 0 ? kept : j + 1, a = hb_dopamine_at(P, j);
            double ms0 = (double)t0 * h;
            if (next < count && S[hb_dopamine_at(P, next)] <= t1) {
                double n0 = N[a] * exp((double)(S[a] - t0) * h / tauN);
                hb_dopamine_advance(P->p, w, *c, n0, ms0 - (double)S[hb_dopamine_at(P, next)] * h);
                j = next;
                a = hb_dopamine_at(P, j);
                while (j + 1 < count && S[hb_dopamine_at(P, j + 1)] <= t1) {
                    int b = hb_dopamine_at(P, j + 1);
                    double cd = *c * exp((ms0 - (double)S[a] * h) / tauC);
                    hb_dopamine_advance(P->p, w, cd, N[a], (double)(S[a] - S[b]) * h);
                    j += 1;
                    a = b;
                }
                double cd = *c * exp((ms0 - (double)S[a] * h) / tauC);
                hb_dopamine_advance(P->p, w, cd, N[a], (double)(S[a] - t1) * h);
            } else {
                double n0 = N[a] * exp((double)(S[a] - t0) * h / tauN);
                hb_dopamine_advance(P->p, w, *c, n0, (double)(t0 - t1) * h);
            }
            *c *= exp((double)(t0 - t1) * h / tauC);
        }

        /* DopamineTrace.add for each spike of the volume transmitter (`modulatorGid`) in step `lag`
           of the last cycle: n decays to it, then += 1/tau_n. */
        extern "C" __global__ void hibana_dopamine_record(const hb_pair* __restrict__ P, const hb_log* __restrict__ L,
                int cycleIndex, int lag, int modulatorGid) {
            hb_each_spike(L, cycleIndex, lag, false, [&](unsigned, unsigned gid, int emitted) {
                if ((int)gid != modulatorGid) return;
                int count = *P->modulatorCount, last = hb_dopamine_at(P, count - 1), at = hb_dopamine_at(P, count);
                int stamp = emitted + 1;
                double previous = P->modulatorN[last] * exp((double)(P->modulatorStamps[last] - stamp) * P->h / P->p[3]);
                P->modulatorStamps[at] = stamp;
                P->modulatorN[at] = previous + 1.0 / P->p[3];
                *P->modulatorCount = count + 1;
            });
        }

        extern "C" __global__ void hibana_dopamine_deliver(const hb_pair* __restrict__ P, const hb_history* __restrict__ H,
                const hb_log* __restrict__ L, int cycleIndex, int lag, hb_real* ex, hb_real* inh, int slots, int n, unsigned* flags) {
            hb_pair_walk(P, H, L, cycleIndex, lag, ex, inh, slots, n, flags,
                [&](unsigned i, int x, int j, long long hi, int d, int previous, double kPlus, double w, double kMinus) {
                    double c = P->synapseState[i];
                    long long t0 = previous;
                    for (int count = H->count[x]; j < count; ++j) {
                        int post = H->stamps[(size_t)x * H->length + j % H->length];
                        if (post > hi) break;
                        hb_dopamine_propagate(P, &w, &c, t0, (long long)post + d, flags);
                        t0 = (long long)post + d;
                        c += P->p[0] * kPlus * hb_plus_decay(P, t0 - previous);
                    }
                    hb_dopamine_propagate(P, &w, &c, t0, hi + d, flags);  /* to the presynaptic spike: hi + d */
                    c -= P->p[1] * kMinus;
                    P->synapseState[i] = c;
                    return w;
                });
        }
        """
}
