/// A pair-based STDP rule on the GPU: its weight update in CUDA C, next to its CPU update, in
/// the same statements so a double-precision run learns the same bits. The rule's parameters
/// reach the kernels as `p[0...7]` of the `hb_pair` record, in `gpuParameters`' order.
public protocol PairBasedGPURule: PairBasedRule {
    /// The suffix of the rule's two device functions:
    ///
    ///     double hb_facilitate_<suffix>(const double* p, double w, double kPlus)  one postsynaptic spike's potentiation
    ///     double hb_depress_<suffix>(const double* p, double w, double kMinus)    the presynaptic spike's depression
    static var gpuSuffix: String { get }
    static var gpuFunctions: String { get }
    /// At most eight values, `p` of the device functions (`plusDecay`'s first `DecayTable.size`
    /// values go to the GPU as a table).
    var gpuParameters: [Double] { get }
}

/// The pair-based rules the GPU runs; a rule's index here is `hb_pair.rule`.
public enum PairBasedGPU {
    public static let rules: [any PairBasedGPURule.Type] = [
        StdpSynapse.self, StdpPlSynapseHom.self, VogelsSprekelerSynapse.self, CerebellarPfPcSynapse.self,
    ]

    public static func index(of rule: some PairBasedGPURule) -> Int {
        let name = type(of: rule).name
        return rules.firstIndex { $0.name == name }!
    }

    /// Two kernels per step of the last cycle (its spikes of one step in one launch, read from the
    /// spike log by `hb_each_spike`, so that one source's spikes are applied in time order):
    ///
    ///     hibana_pair_deliver  one block per spike; its threads update and deliver the synapses
    ///     hibana_pair_advance  one thread per spike: the source's K+ and last spike
    ///
    /// `update` and `end` of `PairBasedSpike`, statement for statement, with the rule's functions.
    /// A window the target's ring no longer covers sets flags[2] (`PostSpikeHistory.gpuLength`).
    /// A weight recorder's events come back unordered; the host sorts them as the CPU's.
    public static let source = """
        typedef struct {
            double p[8]; double h, tauPlus;
            int gid0, sourceCount, delivers, rule;
            const unsigned* runStart; const unsigned short* runDelay; const unsigned* runEnd; const unsigned* targets;
            double* weights; double* kPlus; int* lastStamp; const double* plusTable;
            /* The weight recorder (`WeightRecorderGPU`; events null without one). */
            unsigned long long* events; unsigned long long* eventCount;
            const unsigned char* recordedSources; const unsigned char* recordedTargets;
            /* stdp_dopamine_synapse only (else null): c per synapse, and the dopamine trace
               (`DopamineTrace` on the device: entry 0, then a ring of the latest capacity - 1
               spikes; stamps, n and the count of entries ever held). */
            double* synapseState; int* modulatorStamps; double* modulatorN; int* modulatorCount; int modulatorCapacity;
            /* 1: the history is the teachers' spikes, which reach the synapse without a delay. */
            int teacherDriven;
        } hb_pair;

        __device__ double hb_lib_pow(double x, double y) { return y == 1.0 ? x : y == 0.0 ? 1.0 : pow(x, y); }

        \(rules.map { $0.gpuFunctions }.joined(separator: "\n\n"))

        __device__ double hb_facilitate(const hb_pair* P, double w, double kPlus) {
            switch (P->rule) {
        \(rules.indices.map { "    case \($0): return hb_facilitate_\(rules[$0].gpuSuffix)(P->p, w, kPlus);" }.joined(separator: "\n"))
            }
            return w;
        }

        __device__ double hb_depress(const hb_pair* P, double w, double kMinus) {
            switch (P->rule) {
        \(rules.indices.map { "    case \($0): return hb_depress_\(rules[$0].gpuSuffix)(P->p, w, kMinus);" }.joined(separator: "\n"))
            }
            return w;
        }

        /* K+'s decay over k >= 0 steps (DecayTable subscript). */
        __device__ double hb_plus_decay(const hb_pair* P, long long k) {
            return k < 2048 ? P->plusTable[k] : exp((double)(-k) * P->h / P->tauPlus);
        }

        /* The synapses of this step's spikes, one block per spike, its threads over the source's
           synapses: each synapse's window of history spikes (t_last - dw, t_pre - dw] and K- at
           t_pre - dw, then `update(i, x, j, hi, dw, previous, kPlus, w, kMinus)` (x: the target's
           history slot, j: the window's first entry) gives the weight it is stored, logged and
           delivered with. dw is the delay, or 0 when the history is the teachers'. */
        template <class Update>
        __device__ void hb_pair_walk(const hb_pair* __restrict__ P, const hb_history* __restrict__ H,
                const hb_log* __restrict__ L, int cycleIndex, int lag,
                hb_real* ex, hb_real* inh, int slots, int n, unsigned* flags, Update update) {
            hb_each_spike(L, cycleIndex, lag, true, [&](unsigned, unsigned gid, int emitted) {
                int s = (int)gid - P->gid0;
                if (s < 0 || s >= P->sourceCount) return;
                int stamp = emitted + 1;
                int previous = max(0, P->lastStamp[s]);
                double kPlus = P->kPlus[s];
                unsigned r0 = P->runStart[s], r1 = P->runStart[s + 1];
                unsigned from = r0 == 0 ? 0u : P->runEnd[r0 - 1];
                for (unsigned r = r0; r < r1; ++r) {
                    unsigned to = P->runEnd[r];
                    int d = (int)P->runDelay[r], dw = P->teacherDriven ? 0 : d;
                    long long lo = (long long)previous - dw, hi = (long long)stamp - dw;
                    size_t base = (size_t)((emitted + d) % slots) * n;
                    for (unsigned i = from + threadIdx.x; i < to; i += blockDim.x) {
                        unsigned target = P->targets[i];
                        int x = H->slot[target], j;
                        double kMinus;
                        if (!hb_spikes_after(H, x, lo, &j) || !hb_trace(H, x, hi, &kMinus)) { atomicMax(&flags[2], 1u); continue; }
                        double w = update(i, x, j, hi, dw, previous, kPlus, P->weights[i], kMinus);
                        P->weights[i] = w;
                        hb_log_weight(P->events, P->eventCount, P->recordedSources, P->recordedTargets, s, P->gid0, target, i, stamp, w);
                        if (!P->delivers) continue;  /* receptor_type 1: learns without input */
                        hb_add_input(ex, inh, base + target, w);
                    }
                    from = to;
                }
            });
        }

        extern "C" __global__ void hibana_pair_deliver(const hb_pair* __restrict__ P, const hb_history* __restrict__ H,
                const hb_log* __restrict__ L, int cycleIndex, int lag, hb_real* ex, hb_real* inh, int slots, int n, unsigned* flags) {
            hb_pair_walk(P, H, L, cycleIndex, lag, ex, inh, slots, n, flags,
                [&](unsigned i, int x, int j, long long hi, int dw, int previous, double kPlus, double w, double kMinus) {
                    for (int c = H->count[x]; j < c; ++j) {
                        int post = H->stamps[(size_t)x * H->length + j % H->length];
                        if (post > hi) break;
                        w = hb_facilitate(P, w, kPlus * hb_plus_decay(P, (long long)post + dw - previous));
                    }
                    return hb_depress(P, w, kMinus);
                });
        }

        /* After this step's deliveries: PairBasedSpike.nextKPlus, and the last spike. */
        extern "C" __global__ void hibana_pair_advance(const hb_pair* __restrict__ P, const hb_log* __restrict__ L,
                int cycleIndex, int lag) {
            hb_each_spike(L, cycleIndex, lag, false, [&](unsigned, unsigned gid, int emitted) {
                int s = (int)gid - P->gid0;
                if (s < 0 || s >= P->sourceCount) return;
                int stamp = emitted + 1;
                P->kPlus[s] = P->kPlus[s] * hb_plus_decay(P, (long long)stamp - max(0, P->lastStamp[s])) + 1.0;
                P->lastStamp[s] = stamp;
            });
        }
        """
}
