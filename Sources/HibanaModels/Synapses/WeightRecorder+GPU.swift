/// The weight recorder's device log, shared by the plastic kernels: per update three words,
/// (stamp << 32 | source gid), (target gid << 32 | synapse index) and the weight's bits, at an
/// index `count` hands out; the host sorts them into the CPU's order. `recordedSources` (by
/// source index) and `recordedTargets` (by gid) select; null selects all.
public enum WeightRecorderGPU {
    public static let source = """
        __device__ void hb_log_weight(unsigned long long* events, unsigned long long* count,
                const unsigned char* recordedSources, const unsigned char* recordedTargets,
                int s, int gid0, unsigned target, unsigned i, int stamp, double w) {
            if (!events || (recordedSources && !recordedSources[s]) || (recordedTargets && !recordedTargets[target])) return;
            unsigned long long e = 3ull * atomicAdd(count, 1ull);
            events[e] = ((unsigned long long)stamp << 32) | (unsigned)(gid0 + s);
            events[e + 1] = ((unsigned long long)target << 32) | i;
            events[e + 2] = (unsigned long long)__double_as_longlong(w);
        }
        """
}
