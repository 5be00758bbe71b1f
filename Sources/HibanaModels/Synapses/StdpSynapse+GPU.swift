extension StdpSynapse {
    /// The rule on the GPU, in CUDA C: `update` and `end` for one synapse and one source, in the
    /// same statements (and decay tables) as the CPU, so a double-precision run learns the same
    /// bits. Two kernels per step of the cycle that has spikes (spikes of one step in one launch,
    /// so that one source's spikes are applied in time order):
    ///
    ///     hibana_stdp_deliver  one block per spike; its threads update and deliver the synapses
    ///     hibana_stdp_advance  one thread per spike: the source's K+ and last spike
    ///
    /// A window the target's ring no longer covers sets flags[2] (`PostSpikeHistory.gpuLength`).
    /// A weight recorder's events come back unordered; the host sorts them as the CPU's.
    public static let gpuSource = """
        typedef struct {
            double lambda, alpha, muPlus, muMinus, wMax, h, tauPlus;
            int gid0, sourceCount, delivers, pad;
            const unsigned* runStart; const unsigned short* runDelay; const unsigned* runEnd; const unsigned* targets;
            double* weights; double* kPlus; int* lastStamp; const double* plusTable;
            /* The weight recorder (`WeightRecorderGPU`; events null without one). */
            unsigned long long* events; unsigned long long* eventCount;
            const unsigned char* recordedSources; const unsigned char* recordedTargets;
        } hb_stdp;

        __device__ double hb_lib_pow(double x, double y) { return y == 1.0 ? x : y == 0.0 ? 1.0 : pow(x, y); }

        /* K+'s decay over k >= 0 steps (DecayTable subscript). */
        __device__ double hb_plus_decay(const hb_stdp* P, long long k) {
            return k < 2048 ? P->plusTable[k] : exp((double)(-k) * P->h / P->tauPlus);
        }

        extern "C" __global__ void hibana_stdp_deliver(const hb_stdp* __restrict__ P, const hb_history* __restrict__ H,
                const unsigned long long* __restrict__ spikes, unsigned first, unsigned last, int cycleStart,
                double* ex, double* inh, int slots, int n, unsigned* flags) {
            for (unsigned q = first + blockIdx.x; q < last; q += gridDim.x) {
                unsigned long long key = spikes[q];
                int s = (int)(key & 0xFFFFFFFFull) - P->gid0;
                if (s < 0 || s >= P->sourceCount) continue;
                int emitted = cycleStart + (int)(key >> 32), stamp = emitted + 1;
                int previous = max(0, P->lastStamp[s]);
                double kPlus = P->kPlus[s];
                unsigned r0 = P->runStart[s], r1 = P->runStart[s + 1];
                unsigned from = r0 == 0 ? 0u : P->runEnd[r0 - 1];
                for (unsigned r = r0; r < r1; ++r) {
                    unsigned to = P->runEnd[r];
                    int d = (int)P->runDelay[r];
                    long long lo = (long long)previous - d, hi = (long long)stamp - d;
                    size_t base = (size_t)((emitted + d) % slots) * n;
                    for (unsigned i = from + threadIdx.x; i < to; i += blockDim.x) {
                        unsigned target = P->targets[i];
                        int x = H->slot[target], j;
                        double w = P->weights[i], kMinus;
                        if (!hb_spikes_after(H, x, lo, &j) || !hb_trace(H, x, hi, &kMinus)) { atomicMax(&flags[2], 1u); continue; }
                        for (int c = H->count[x]; j < c; ++j) {
                            int post = H->stamps[(size_t)x * H->length + j % H->length];
                            if (post > hi) break;
                            double kPlusThen = kPlus * hb_plus_decay(P, (long long)post + d - previous);
                            double normW = w / P->wMax + P->lambda * hb_lib_pow(1.0 - w / P->wMax, P->muPlus) * kPlusThen;
                            w = normW < 1.0 ? normW * P->wMax : P->wMax;
                        }
                        double normW = w / P->wMax - P->alpha * P->lambda * hb_lib_pow(w / P->wMax, P->muMinus) * kMinus;
                        w = normW > 0.0 ? normW * P->wMax : 0.0;
                        P->weights[i] = w;
                        hb_log_weight(P->events, P->eventCount, P->recordedSources, P->recordedTargets, s, P->gid0, target, i, stamp, w);
                        if (!P->delivers) continue;  /* receptor_type 1: learns without input */
                        if (w >= 0.0) atomicAdd(ex + base + target, w); else atomicAdd(inh + base + target, w);
                    }
                    from = to;
                }
            }
        }

        /* After this step's deliveries: PairBasedSpike.nextKPlus, and the last spike. */
        extern "C" __global__ void hibana_stdp_advance(const hb_stdp* __restrict__ P,
                const unsigned long long* __restrict__ spikes, unsigned first, unsigned last, int cycleStart) {
            unsigned q = first + blockIdx.x * blockDim.x + threadIdx.x;
            if (q >= last) return;
            unsigned long long key = spikes[q];
            int s = (int)(key & 0xFFFFFFFFull) - P->gid0;
            if (s < 0 || s >= P->sourceCount) return;
            int stamp = cycleStart + (int)(key >> 32) + 1;
            P->kPlus[s] = P->kPlus[s] * hb_plus_decay(P, (long long)stamp - max(0, P->lastStamp[s])) + 1.0;
            P->lastStamp[s] = stamp;
        }
        """
}
