extension PostSpikeHistory {
    /// Entries each neuron keeps on the GPU by default: a ring of its latest spikes. A synapse
    /// whose window reaches past the ring (more postsynaptic spikes than this between two
    /// presynaptic ones) stops the run with an error rather than learn from a partial history;
    /// HIBANA_GPU_HISTORY (or `CUDASimulation`'s `historyLength`) keeps more.
    public static let gpuLength = 64

    /// Per neuron, tau_minus⁻¹ (1 without plastic inputs: never read).
    public func tauMinusInverse(of n: Int) -> Double { tauMinusInverse[n] }

    /// The GPU history in CUDA C: `hb_history` (built by the GPU backend) and the CPU's `record`
    /// and `trace`, statement for statement. A decay over fewer than `DecayTable.size` steps is
    /// read from the same table the CPU uses, so the bits agree whatever the GPU's `exp`.
    public static let gpuSource = """
        typedef struct {
            int length; int useTable; double h;
            const int* slot; const double* tauMinusInverse; const double* minusTable;
            int* count; int* stamps; double* kMinus;
        } hb_history;

        /* K-'s decay over k > 0 steps for history slot x (PostSpikeHistory.decay). */
        __device__ double hb_minus_decay(const hb_history* H, int x, long long k) {
            if (H->useTable && k < 2048) return H->minusTable[k];
            return exp((double)(-k) * H->h * H->tauMinusInverse[x]);
        }

        /* PostSpikeHistory.record: a spike of the neuron with history slot x at `stamp`. */
        __device__ void hb_record_post(const hb_history* H, int x, int stamp) {
            int c = H->count[x], L = H->length;
            double k = 1.0;
            if (c > 0) {
                int at = (c - 1) % L;
                k = H->kMinus[(size_t)x * L + at] * hb_minus_decay(H, x, (long long)stamp - H->stamps[(size_t)x * L + at]) + 1.0;
            }
            H->stamps[(size_t)x * L + c % L] = stamp;
            H->kMinus[(size_t)x * L + c % L] = k;
            H->count[x] = c + 1;
        }

        /* Entries [*first, c) of slot x are its spikes after lo; false when the ring lost one. */
        __device__ bool hb_spikes_after(const hb_history* H, int x, long long lo, int* first) {
            int c = H->count[x], L = H->length, j = c;
            while (j > 0 && j > c - L && H->stamps[(size_t)x * L + (j - 1) % L] > lo) --j;
            *first = j;
            return j == 0 || j > c - L;
        }

        /* PostSpikeHistory.trace: K- just before t (0 before any spike); false when lost. */
        __device__ bool hb_trace(const hb_history* H, int x, long long t, double* k) {
            int c = H->count[x], L = H->length, j = c;
            while (j > 0 && j > c - L && H->stamps[(size_t)x * L + (j - 1) % L] >= t) --j;
            if (j == 0) { *k = 0.0; return true; }
            if (j == c - L) return false;
            int at = (j - 1) % L;
            double kMinus = H->kMinus[(size_t)x * L + at];
            *k = kMinus == 0.0 ? 0.0 : kMinus * hb_minus_decay(H, x, t - H->stamps[(size_t)x * L + at]);
            return true;
        }
        """
}
