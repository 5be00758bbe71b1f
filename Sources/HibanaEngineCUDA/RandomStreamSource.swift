import HibanaCUDA
import HibanaRandom

/// `RandomStream` (Philox4x32-10 keyed by seed, purpose, family and id) and the engine's Poisson
/// draw in C, so that a GPU device draws the very numbers the CPU engine draws for the same
/// connection. Plain C99 apart from `HB_FN`: a test compiles it with the host's C compiler and
/// compares its output with `RandomStream`, which needs no GPU.
enum RandomStreamSource {
    static let text = """
        #ifndef HB_FN
        #define HB_FN __device__ __forceinline__
        #endif
        /* RandomStream's state; the words of RandomStream.stateWords. */
        typedef struct {
            unsigned k0, k1;
            unsigned long long id, block;
            unsigned used;
            unsigned buf[4];
            unsigned pad;
        } hb_stream;

        /* philox4x32Scalar of HibanaRandom: ten rounds, Weyl-sequence key schedule. */
        HB_FN void hb_philox(unsigned c[4], unsigned k0, unsigned k1) {
            unsigned x0 = c[0], x1 = c[1], x2 = c[2], x3 = c[3];
            for (int round = 0; round < 10; ++round) {
                unsigned long long p0 = 0xD2511F53ull * (unsigned long long)x0;
                unsigned long long p1 = 0xCD9E8D57ull * (unsigned long long)x2;
                unsigned h0 = (unsigned)(p0 >> 32), h1 = (unsigned)(p1 >> 32);
                unsigned n0 = h1 ^ x1 ^ k0, n1 = (unsigned)p1, n2 = h0 ^ x3 ^ k1, n3 = (unsigned)p0;
                x0 = n0; x1 = n1; x2 = n2; x3 = n3;
                k0 += 0x9E3779B9u;
                k1 += 0xBB67AE85u;
            }
            c[0] = x0; c[1] = x1; c[2] = x2; c[3] = x3;
        }

        HB_FN unsigned hb_next32(hb_stream* s) {
            if (s->used == 4) {
                unsigned c[4] = {(unsigned)s->block, (unsigned)(s->block >> 32), (unsigned)s->id, (unsigned)(s->id >> 32)};
                hb_philox(c, s->k0, s->k1);
                for (int j = 0; j < 4; ++j) s->buf[j] = c[j];
                s->block += 1;
                s->used = 0;
            }
            return s->buf[s->used++];
        }

        /* The high word is drawn first, as in RandomStream.next64. */
        HB_FN unsigned long long hb_next64(hb_stream* s) {
            unsigned long long high = hb_next32(s);
            return (high << 32) | (unsigned long long)hb_next32(s);
        }

        /* Uniform on (0, 1] with 53 bits: RandomStream.uniformPositive. */
        HB_FN double hb_uniform_positive(hb_stream* s) {
            return (double)((hb_next64(s) >> 11) + 1) * \(CUDALiteral.double(0x1.0p-53));
        }

        /* PoissonInput's lockstep draw for step k: inversion of the 53-bit uniform from the first
           (even k) or last (odd k) 64 bits of Philox block k / 2 of the stream's key and id; the
           stream itself does not advance. */
        HB_FN int hb_lockstep_poisson(const hb_stream* s, int k, const int* guide, const double* cdf, int cdfCount) {
            unsigned long long block = (unsigned long long)(k >> 1);
            unsigned c[4] = {(unsigned)block, (unsigned)(block >> 32), (unsigned)s->id, (unsigned)(s->id >> 32)};
            hb_philox(c, s->k0, s->k1);
            unsigned long long bits = (k & 1) ? ((unsigned long long)c[2] << 32) | c[3] : ((unsigned long long)c[0] << 32) | c[1];
            double u = (double)(bits >> 11) * \(CUDALiteral.double(0x1.0p-53));
            int n = guide[(int)(u * \(CUDALiteral.double(Double(PoissonSampler.guideSize))))];
            while (n < cdfCount && u >= cdf[n]) ++n;
            return n;
        }

        /* Uniform on [0, 1) with 53 bits: RandomStream.uniform. */
        HB_FN double hb_uniform(hb_stream* s) {
            return (double)(hb_next64(s) >> 11) * \(CUDALiteral.double(0x1.0p-53));
        }

        /* RandomStream.normal: the 256-layer ziggurat on the tables of RandomStream.zigguratTables,
           Marsaglia's exact tail beyond x[1]. */
        HB_FN double hb_normal(hb_stream* s, const double* x, const double* ratio) {
            while (1) {
                unsigned long long bits = hb_next64(s);
                int layer = (int)(bits & 0xFFull);
                double u = (double)(bits >> 11) * \(CUDALiteral.double(0x1.0p-53));
                double xu = u * x[layer];
                int positive = (bits & 0x100ull) == 0;
                if (u < ratio[layer]) return positive ? xu : -xu;
                if (layer == 0) {
                    double r = x[1];
                    while (1) {
                        double a = log(hb_uniform_positive(s)) / r;
                        double b = log(hb_uniform_positive(s));
                        if (-2.0 * b >= a * a) return positive ? r - a : -(r - a);
                    }
                }
                double below = exp(-0.5 * (x[layer] * x[layer] - xu * xu));
                double above = exp(-0.5 * (x[layer + 1] * x[layer + 1] - xu * xu));
                if (above + hb_uniform(s) * (below - above) < 1.0) return positive ? xu : -xu;
            }
        }

        /* PoissonSampler.samplePTRS for means of 10 and more per step: c holds
           PoissonSampler.ptrsConstants (mu, a, b, ln(1/alpha), v_r, ln mu, then ln k! for k < 32). */
        HB_FN double hb_log_factorial(long long k, const double* table) {
            if (k < 32) return table[k];
            double x = (double)k;
            double r = 1.0 / x;
            double r2 = r * r;
            double series = r * (\(CUDALiteral.double(1.0 / 12)) - r2 * (\(CUDALiteral.double(1.0 / 360))
                - r2 * (\(CUDALiteral.double(1.0 / 1260)) - r2 / 1680.0)));
            return \(CUDALiteral.double(0.918_938_533_204_672_7)) + (x + 0.5) * log(x) - x + series;
        }

        HB_FN long long hb_ptrs(hb_stream* s, const double* c) {
            double mean = c[0], a = c[1], b = c[2], logInvAlpha = c[3], vr = c[4], logMean = c[5];
            while (1) {
                double u = hb_uniform(s) - 0.5;
                double v = hb_uniform(s);
                double us = 0.5 - fabs(u);
                double kd = floor((2.0 * a / us + b) * u + mean + 0.43);
                if (us >= 0.07 && v <= vr) return (long long)kd;
                if (!(kd >= 0.0) || !(kd < \(CUDALiteral.double(0x1p62))) || (us < 0.013 && v > us)) continue;
                long long k = (long long)kd;
                double lhs = log(v) + logInvAlpha - log(a / (us * us) + b);
                if (lhs <= -mean + kd * logMean - hb_log_factorial(k, c + 6)) return k;
            }
        }
        """
}
