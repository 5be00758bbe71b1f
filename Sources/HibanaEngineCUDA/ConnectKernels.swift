import HibanaCUDA

/// The CUDA program that builds static projections in GPU memory (`GPUConstruction`), one thread
/// per target neuron, from the very streams `ConnectionGenerator` draws on the host: a target's
/// sources from its `.connections` stream, each connection's weight and then delay from its
/// `.weights` stream. Two passes, as the host builder: `hibana_connect_count` counts synapses per
/// source (atomics), the host turns the counts into the CSR's offsets, and `hibana_connect_fill`
/// draws everything again and writes each synapse at its source's cursor. Within a source the
/// order is whatever the atomics give; a spike's additions to one target and slot (multapses)
/// may therefore be summed in another order than on the CPU.
///
/// Rules: 0 all_to_all, 1 one_to_one, 2 fixed_indegree with multapses, 3 fixed_total_number
/// (the per-target counts replayed on the host), 4 pairwise_bernoulli. Distributions: 0
/// constant, 1 normal, 2 lognormal, 3 uniform, 4 clipped normal (redraw), parameters as
/// `ValueDistribution`'s cases in order.
enum ConnectKernels {
    static let kernelNames = ["hibana_connect_count", "hibana_connect_fill", "hibana_connect_place"]

    static var source: KernelSource {
        var source = KernelSource(name: "hibana_connect")
        source.append(owner: "random streams", kernel: "hb_stream", RandomStreamSource.text)
        source.append(owner: "connections", kernel: "hb_connections", generator)
        source.append(owner: "connections", kernel: "hibana_connect_count", kernels)
        return source
    }

    /// `hb_projection` is `GPUConstruction.Record`'s 22 eight-byte words.
    static let generator = """
        typedef struct {
            long long rule, sourceCount, targetCount, sourceGid0, targetGid0, skipAutapses, count;
            unsigned long long connectionKey, weightKey;
            long long weightKind, delayKind;
            double inverseLogQ, resolution, pad;
            double w[4], d[4];
        } hb_projection;

        /* A fresh RandomStream with the key of (seed, purpose, family) and this id. */
        __device__ void hb_stream_start(hb_stream* s, unsigned long long key, unsigned long long id) {
            s->k0 = (unsigned)key;
            s->k1 = (unsigned)(key >> 32);
            s->id = id;
            s->block = 0;
            s->used = 4;
        }

        /* RandomStream.index(below:) for bounds below 2^32: Lemire's method on 32-bit draws. */
        __device__ unsigned hb_index_below(hb_stream* s, unsigned bound) {
            unsigned long long m = (unsigned long long)hb_next32(s) * bound;
            if ((unsigned)m < bound) {
                unsigned threshold = (unsigned)((0x100000000ull - bound) % bound);
                while ((unsigned)m < threshold) m = (unsigned long long)hb_next32(s) * bound;
            }
            return (unsigned)(m >> 32);
        }

        /* ValueDistribution.sample; z: the ziggurat's 257 x then 256 ratios. */
        __device__ double hb_draw(hb_stream* s, long long kind, const double* v, const double* z) {
            switch (kind) {
            case 0: return v[0];
            case 1: return v[0] + v[1] * hb_normal(s, z, z + 257);
            case 2: return exp(v[0] + v[1] * hb_normal(s, z, z + 257));
            case 3: return v[0] + (v[1] - v[0]) * hb_uniform(s);
            default:
                if (v[1] == 0.0) return fmin(fmax(v[0], v[2]), v[3]);
                while (1) {
                    double x = v[0] + v[1] * hb_normal(s, z, z + 257);
                    if (x >= v[2] && x <= v[3]) return x;
                }
            }
        }

        /* ConnectionGenerator.generate for target t: body(source index, the target's weight stream)
           per connection, in the host's order. */
        template <typename F>
        __device__ void hb_connections(const hb_projection* P, long long t, const unsigned* totals, F body) {
            hb_stream w;
            hb_stream_start(&w, P->weightKey, (unsigned long long)(P->targetGid0 + t));
            long long skip = P->skipAutapses ? t : -1;
            if (P->rule == 0) {
                for (long long s = 0; s < P->sourceCount; ++s) if (s != skip) body(s, &w);
            } else if (P->rule == 1) {
                if (!P->skipAutapses) body(t, &w);
            } else if (P->rule == 2 || P->rule == 3) {
                long long n = P->rule == 2 ? P->count : (long long)totals[t];
                if (n == 0) return;
                hb_stream c;
                hb_stream_start(&c, P->connectionKey, (unsigned long long)(P->targetGid0 + t));
                unsigned candidates = (unsigned)(P->sourceCount - (P->skipAutapses ? 1 : 0));
                for (long long j = 0; j < n; ++j) {
                    long long v = hb_index_below(&c, candidates);
                    body(skip >= 0 && v >= skip ? v + 1 : v, &w);
                }
            } else {
                hb_stream c;
                hb_stream_start(&c, P->connectionKey, (unsigned long long)(P->targetGid0 + t));
                double next = 0.0, end = (double)P->sourceCount;
                while (1) {
                    next += floor(log(hb_uniform_positive(&c)) * P->inverseLogQ);
                    if (!(next < end)) break;
                    long long s = (long long)next;
                    if (s != skip) body(s, &w);
                    next += 1.0;
                }
            }
        }
        """

    static let kernels = """
        /* Pass 1: synapses per source gid (sources only: no weight or delay is drawn). */
        extern "C" __global__ void hibana_connect_count(const hb_projection* P, const unsigned* totals, unsigned* perSource) {
            long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x;
            if (t >= P->targetCount) return;
            long long gid0 = P->sourceGid0;
            hb_connections(P, t, totals, [&](long long s, hb_stream*) { atomicAdd(&perSource[gid0 + s], 1u); });
        }

        /* A synapse's word (SynapsePacking): its low 16 bits, and its high 8 or 16 (the other array is null). */
        __device__ __forceinline__ void hb_put_word(unsigned short* low, unsigned char* high8, unsigned short* high16,
                unsigned long long at, unsigned word) {
            low[at] = (unsigned short)word;
            if (high8) high8[at] = (unsigned char)(word >> 16); else high16[at] = (unsigned short)(word >> 16);
        }

        /* Pass 2: each synapse at offsets[source] + its cursor: the target gid in the low targetBits
           of its word, the delay in steps above; delays[0], delays[1] take the shortest and longest delay. */
        extern "C" __global__ void hibana_connect_fill(const hb_projection* P, const unsigned* totals,
                const unsigned long long* offsets, unsigned* cursor, unsigned short* low, unsigned char* high8,
                unsigned short* high16, float* weights, const double* ziggurat, unsigned targetBits, int* delays) {
            long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x;
            if (t >= P->targetCount) return;
            unsigned target = (unsigned)(P->targetGid0 + t);
            long long gid0 = P->sourceGid0;
            long long shortest = 0x7FFFFFFF, longest = 0;
            hb_connections(P, t, totals, [&](long long s, hb_stream* w) {
                double weight = hb_draw(w, P->weightKind, P->w, ziggurat);
                double ms = hb_draw(w, P->delayKind, P->d, ziggurat);
                long long steps = (long long)(ms / P->resolution + 0.5);
                if (steps < 1) steps = 1;
                unsigned long long at = offsets[gid0 + s] + atomicAdd(&cursor[gid0 + s], 1u);
                hb_put_word(low, high8, high16, at, target | ((unsigned)steps << targetBits));
                weights[at] = (float)weight;
                shortest = min(shortest, steps);
                longest = max(longest, steps);
            });
            if (longest > 0) {
                atomicMin(&delays[0], (int)shortest);
                atomicMax(&delays[1], (int)longest);
            }
        }

        /* The host-built synapses of source s to the front of its segment. */
        extern "C" __global__ void hibana_connect_place(const unsigned long long* hostOffsets, const unsigned short* hostLow,
                const unsigned char* hostHigh8, const unsigned short* hostHigh16, const float* hostWeights,
                const unsigned long long* offsets, int sources, unsigned short* low, unsigned char* high8,
                unsigned short* high16, float* weights) {
            int s = blockIdx.x * blockDim.x + threadIdx.x;
            if (s >= sources) return;
            unsigned long long to = offsets[s];
            for (unsigned long long i = hostOffsets[s]; i < hostOffsets[s + 1]; ++i, ++to) {
                low[to] = hostLow[i];
                if (high8) high8[to] = hostHigh8[i]; else high16[to] = hostHigh16[i];
                weights[to] = hostWeights[i];
            }
        }
        """
}
