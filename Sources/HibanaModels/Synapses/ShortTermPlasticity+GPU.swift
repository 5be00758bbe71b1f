/// tsodyks_synapse and tsodyks2_synapse on the GPU: both keep their state per source neuron and
/// scale every synapse's fixed weight by one factor per spike, so a spike costs one `begin` and
/// a plain delivery. Two kernels per step of the last cycle (its spikes of that step, read from
/// the spike log by `hb_each_spike`; one source's spikes are then taken in time order, as the CPU
/// takes them):
///
///     hibana_stp_begin    one thread per spike: the rule's `begin` on its source's state,
///                         the factor kept per spike (by its place in the cycle's log entries),
///                         the last spike updated
///     hibana_stp_deliver  one block per spike: factor × weight to every synapse (and, with a
///                         weight recorder, the delivered weight logged as `hibana_pair_deliver` logs)
public enum ShortTermPlasticity {
    public static let gpuSource = """
        typedef struct {
            double U, tauRec, tauFac, tauPsc, h;
            int model, gid0, sourceCount, delivers;
            const unsigned* runStart; const unsigned short* runDelay; const unsigned* runEnd; const unsigned* targets;
            const double* weights; double* state; int* lastStamp; double* factor;
            unsigned long long* events; unsigned long long* eventCount;
            const unsigned char* recordedSources; const unsigned char* recordedTargets;
        } hb_stp;

        \(TsodyksSynapse.gpuBegin)

        \(Tsodyks2Synapse.gpuBegin)

        extern "C" __global__ void hibana_stp_begin(const hb_stp* __restrict__ P, const hb_log* __restrict__ L,
                int cycleIndex, int lag) {
            hb_each_spike(L, cycleIndex, lag, false, [&](unsigned q, unsigned gid, int emitted) {
                int s = (int)gid - P->gid0;
                /* A source without synapses changes nothing (the CPU skips it). */
                if (s < 0 || s >= P->sourceCount || P->runStart[s] == P->runStart[s + 1]) return;
                int stamp = emitted + 1;
                double* state = P->state + (size_t)s * (P->model == 0 ? 3 : 2);
                P->factor[q] = P->model == 0 ? hb_begin_tsodyks(P, state, P->lastStamp[s], stamp)
                                             : hb_begin_tsodyks2(P, state, P->lastStamp[s], stamp);
                P->lastStamp[s] = stamp;
            });
        }

        extern "C" __global__ void hibana_stp_deliver(const hb_stp* __restrict__ P, const hb_log* __restrict__ L,
                int cycleIndex, int lag, hb_real* ex, hb_real* inh, int slots, int n) {
            hb_each_spike(L, cycleIndex, lag, true, [&](unsigned q, unsigned gid, int emitted) {
                int s = (int)gid - P->gid0;
                if (s < 0 || s >= P->sourceCount) return;
                int stamp = emitted + 1;
                double factor = P->factor[q];
                unsigned r0 = P->runStart[s], r1 = P->runStart[s + 1];
                unsigned from = r0 == 0 ? 0u : P->runEnd[r0 - 1];
                for (unsigned r = r0; r < r1; ++r) {
                    unsigned to = P->runEnd[r];
                    size_t base = (size_t)((emitted + (int)P->runDelay[r]) % slots) * n;
                    for (unsigned i = from + threadIdx.x; i < to; i += blockDim.x) {
                        unsigned target = P->targets[i];
                        double w = factor * P->weights[i];
                        hb_log_weight(P->events, P->eventCount, P->recordedSources, P->recordedTargets, s, P->gid0, target, i, stamp, w);
                        if (!P->delivers) continue;
                        hb_add_input(ex, inh, base + target, w);
                    }
                    from = to;
                }
            });
        }
        """
}
