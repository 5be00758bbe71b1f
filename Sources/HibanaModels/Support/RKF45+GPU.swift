/// `RKF45` in CUDA C++ for the models integrated with it: the same step, control and loop,
/// statement for statement (and lane by lane: the CPU's SIMD lanes beyond the model's dimension
/// are zero and never change the control's maximum). A model's `GPUUpdate` defines its
/// right-hand side as a lambda `f(const double* y, double* dy)` over its N variables and calls
/// `hb_rkf45_integrate<N>` or `hb_rkf45_apply<N>`.
public enum RKF45GPU {
    public static let source = """
        typedef struct { double epsAbs, epsRel, aY, aDydt; } hb_rkf45_control;

        /* RKF45.step: the fifth-order solution and its difference to the fourth-order one. */
        template <int N, typename F>
        __device__ void hb_rkf45_step(const F& f, const double* y, double h, const double* k1, double* yNew, double* yErr) {
            const double a2 = 1.0 / 4.0;
            const double b31 = 3.0 / 32.0, b32 = 9.0 / 32.0;
            const double b41 = 1932.0 / 2197.0, b42 = -7200.0 / 2197.0, b43 = 7296.0 / 2197.0;
            const double b51 = 8341.0 / 4104.0, b52 = -32832.0 / 4104.0, b53 = 29440.0 / 4104.0, b54 = -845.0 / 4104.0;
            const double b61 = -6080.0 / 20520.0, b62 = 41040.0 / 20520.0, b63 = -28352.0 / 20520.0;
            const double b64 = 9295.0 / 20520.0, b65 = -5643.0 / 20520.0;
            const double c1 = 902880.0 / 7618050.0, c3 = 3953664.0 / 7618050.0, c4 = 3855735.0 / 7618050.0;
            const double c5 = -1371249.0 / 7618050.0, c6 = 277020.0 / 7618050.0;
            const double e1 = 1.0 / 360.0, e3 = -128.0 / 4275.0, e4 = -2197.0 / 75240.0, e5 = 1.0 / 50.0, e6 = 2.0 / 55.0;
            double k2[N], k3[N], k4[N], k5[N], k6[N], s[N], x[N];
            for (int i = 0; i < N; ++i) x[i] = y[i] + (a2 * h) * k1[i];
            f(x, k2);
            for (int i = 0; i < N; ++i) { s[i] = b31 * k1[i]; s[i] += b32 * k2[i]; x[i] = y[i] + h * s[i]; }
            f(x, k3);
            for (int i = 0; i < N; ++i) { s[i] = b41 * k1[i]; s[i] += b42 * k2[i]; s[i] += b43 * k3[i]; x[i] = y[i] + h * s[i]; }
            f(x, k4);
            for (int i = 0; i < N; ++i) {
                s[i] = b51 * k1[i]; s[i] += b52 * k2[i]; s[i] += b53 * k3[i]; s[i] += b54 * k4[i]; x[i] = y[i] + h * s[i];
            }
            f(x, k5);
            for (int i = 0; i < N; ++i) {
                s[i] = b61 * k1[i]; s[i] += b62 * k2[i]; s[i] += b63 * k3[i]; s[i] += b64 * k4[i]; s[i] += b65 * k5[i];
                x[i] = y[i] + h * s[i];
            }
            f(x, k6);
            for (int i = 0; i < N; ++i) {
                s[i] = c1 * k1[i]; s[i] += c3 * k3[i]; s[i] += c4 * k4[i]; s[i] += c5 * k5[i]; s[i] += c6 * k6[i];
                yNew[i] = y[i] + h * s[i];
                s[i] = e1 * k1[i]; s[i] += e3 * k3[i]; s[i] += e4 * k4[i]; s[i] += e5 * k5[i]; s[i] += e6 * k6[i];
                yErr[i] = h * s[i];
            }
        }

        /* RKF45.adjust: the suggested size in *h; true when the step must be decreased. */
        template <int N>
        __device__ bool hb_rkf45_adjust(const hb_rkf45_control& c, const double* y, const double* yErr, const double* dydt, double* h) {
            double hOld = *h, rmax = 2.2250738585072014e-308;
            for (int i = 0; i < N; ++i) {
                double d0 = c.epsRel * (c.aY * fabs(y[i]) + c.aDydt * fabs(hOld * dydt[i])) + c.epsAbs;
                double r = fabs(yErr[i]) / fabs(d0);
                if (r > rmax) rmax = r;
            }
            if (rmax > 1.1) {
                double r = 0.9 / pow(rmax, 1.0 / 5.0);
                if (r < 0.2) r = 0.2;
                *h = r * hOld;
                return true;
            }
            if (rmax < 0.5) {
                double r = 0.9 / pow(rmax, 1.0 / 6.0);
                if (r > 5.0) r = 5.0;
                if (r < 1.0) r = 1.0;
                *h = r * hOld;
            }
            return false;
        }

        /* RKF45.apply: one accepted step of at most *h from *t, never past t1. */
        template <int N, typename F>
        __device__ void hb_rkf45_apply(const F& f, double* t, double t1, double* h, double* y, const hb_rkf45_control& c) {
            double t0 = *t, dt = t1 - t0, h0 = *h, dydtIn[N], yNew[N], yErr[N], dydtOut[N];
            f(y, dydtIn);
            while (true) {
                bool finalStep = false;
                if (h0 >= dt) {
                    h0 = dt;
                    finalStep = true;
                    while (t0 + h0 > t1) h0 = nextafter(h0, 0.0);  /* h0 > 0: Swift's nextDown */
                }
                hb_rkf45_step<N>(f, y, h0, dydtIn, yNew, yErr);
                *t = finalStep ? t1 : t0 + h0;
                double hOld = h0;
                if (c.aDydt == 0.0) { for (int i = 0; i < N; ++i) dydtOut[i] = 0.0; } else { f(yNew, dydtOut); }
                if (hb_rkf45_adjust<N>(c, yNew, yErr, dydtOut, &h0)) {
                    if (fabs(h0) < fabs(hOld) && *t + h0 != *t) continue;
                    h0 = hOld;
                }
                for (int i = 0; i < N; ++i) y[i] = yNew[i];
                *h = h0;
                return;
            }
        }

        /* RKF45.integrate: over (0, interval] in accepted steps, from the kept size *h. */
        template <int N, typename F>
        __device__ void hb_rkf45_integrate(const F& f, double interval, double* h, double* y, const hb_rkf45_control& c) {
            double t = 0.0;
            while (t < interval) hb_rkf45_apply<N>(f, &t, interval, h, y, c);
        }
        """
}
