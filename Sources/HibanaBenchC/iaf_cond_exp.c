#include <math.h>
#include "HibanaBenchC.h"

// IafCondExp.update with the RKF45 integrator of RKF45.swift, operation for operation, so the
// two give the same bits and the benchmark compares equal work.

typedef struct { double y[3]; } state3;

typedef struct {
    const hibana_iaf_cond_exp_constants *c;
    double v_th, v_reset, i_e, i_stim;
    int refractory;
} system3;

static inline state3 derivative(const system3 *s, state3 y) {
    const hibana_iaf_cond_exp_constants *c = s->c;
    double v = s->refractory ? s->v_reset : (s->v_th < y.y[0] ? s->v_th : y.y[0]);
    double i_syn_ex = y.y[1] * (v - c->E_ex);
    double i_syn_in = y.y[2] * (v - c->E_in);
    double i_l = c->g_L * (v - c->E_L);
    double dv = s->refractory ? 0 : (-i_l + s->i_stim + s->i_e - i_syn_ex - i_syn_in) / c->C_m;
    state3 d = {{dv, -y.y[1] / c->tau_ex, -y.y[2] / c->tau_in}};
    return d;
}

// y + h * k, lane by lane.
static inline state3 axpy(state3 y, double h, state3 k) {
    state3 r;
    for (int i = 0; i < 3; i++) r.y[i] = y.y[i] + h * k.y[i];
    return r;
}

static inline void rkf45_step(const system3 *s, state3 y, double h, state3 k1, state3 *y_new, state3 *y_err) {
    const double a2 = 1.0 / 4.0;
    const double b31 = 3.0 / 32.0, b32 = 9.0 / 32.0;
    const double b41 = 1932.0 / 2197.0, b42 = -7200.0 / 2197.0, b43 = 7296.0 / 2197.0;
    const double b51 = 8341.0 / 4104.0, b52 = -32832.0 / 4104.0, b53 = 29440.0 / 4104.0, b54 = -845.0 / 4104.0;
    const double b61 = -6080.0 / 20520.0, b62 = 41040.0 / 20520.0, b63 = -28352.0 / 20520.0;
    const double b64 = 9295.0 / 20520.0, b65 = -5643.0 / 20520.0;
    const double c1 = 902880.0 / 7618050.0, c3 = 3953664.0 / 7618050.0;
    const double c4 = 3855735.0 / 7618050.0, c5 = -1371249.0 / 7618050.0, c6 = 277020.0 / 7618050.0;
    const double e1 = 1.0 / 360.0, e3 = -128.0 / 4275.0, e4 = -2197.0 / 75240.0;
    const double e5 = 1.0 / 50.0, e6 = 2.0 / 55.0;
    state3 sum, k2, k3, k4, k5, k6;
    k2 = derivative(s, axpy(y, a2 * h, k1));
    for (int i = 0; i < 3; i++) sum.y[i] = b31 * k1.y[i] + b32 * k2.y[i];
    k3 = derivative(s, axpy(y, h, sum));
    for (int i = 0; i < 3; i++) sum.y[i] = b41 * k1.y[i] + b42 * k2.y[i] + b43 * k3.y[i];
    k4 = derivative(s, axpy(y, h, sum));
    for (int i = 0; i < 3; i++) sum.y[i] = b51 * k1.y[i] + b52 * k2.y[i] + b53 * k3.y[i] + b54 * k4.y[i];
    k5 = derivative(s, axpy(y, h, sum));
    for (int i = 0; i < 3; i++)
        sum.y[i] = b61 * k1.y[i] + b62 * k2.y[i] + b63 * k3.y[i] + b64 * k4.y[i] + b65 * k5.y[i];
    k6 = derivative(s, axpy(y, h, sum));
    for (int i = 0; i < 3; i++)
        sum.y[i] = c1 * k1.y[i] + c3 * k3.y[i] + c4 * k4.y[i] + c5 * k5.y[i] + c6 * k6.y[i];
    *y_new = axpy(y, h, sum);
    for (int i = 0; i < 3; i++)
        y_err->y[i] = h * (e1 * k1.y[i] + e3 * k3.y[i] + e4 * k4.y[i] + e5 * k5.y[i] + e6 * k6.y[i]);
}

// GSL's standard control on y (eps_rel = 0, a_y = 1, a_dydt = 0): returns 1 when the step must shrink.
static inline int adjust(double eps_abs, state3 y, state3 y_err, double *h) {
    const double h_old = *h;
    double rmax = 2.2250738585072014e-308;  // DBL_MIN
    for (int i = 0; i < 3; i++) {
        double d0 = 0.0 * (1.0 * fabs(y.y[i]) + 0.0 * fabs(h_old * 0.0)) + eps_abs;
        double r = fabs(y_err.y[i]) / fabs(d0);
        if (r > rmax) rmax = r;
    }
    if (rmax > 1.1) {
        double r = 0.9 / pow(rmax, 1.0 / 5.0);
        if (r < 0.2) r = 0.2;
        *h = r * h_old;
        return 1;
    }
    if (rmax < 0.5) {
        double r = 0.9 / pow(rmax, 1.0 / 6.0);
        if (r > 5) r = 5;
        if (r < 1) r = 1;
        *h = r * h_old;
    }
    return 0;
}

// gsl_odeiv_evolve_apply: one accepted step of at most *h, never past t1.
static inline void evolve_apply(const system3 *s, double *t, double t1, double *h, state3 *y, double eps_abs) {
    const double t0 = *t, dt = t1 - t0;
    double h0 = *h;
    const state3 dydt_in = derivative(s, *y);
    for (;;) {
        int final_step = 0;
        if (h0 >= dt) {
            h0 = dt;
            final_step = 1;
            while (t0 + h0 > t1) h0 = nextafter(h0, -INFINITY);
        }
        state3 y_new, y_err;
        rkf45_step(s, *y, h0, dydt_in, &y_new, &y_err);
        *t = final_step ? t1 : t0 + h0;
        const double h_old = h0;
        if (adjust(eps_abs, y_new, y_err, &h0)) {
            if (fabs(h0) < fabs(h_old) && *t + h0 != *t) continue;
            h0 = h_old;
        }
        *y = y_new;
        *h = h0;
        return;
    }
}

long hibana_iaf_cond_exp_step(const hibana_iaf_cond_exp_constants *c, long n, double *v, double *g_ex,
                              double *g_in, double *i_stim, int32_t *refractory, double *step,
                              const double *v_th, const double *v_reset, const double *i_e, const double *ex,
                              const double *in, const double *current, int32_t *spikes) {
    long count = 0;
    for (long i = 0; i < n; i++) {
        system3 s = {c, v_th[i], v_reset[i], i_e[i], i_stim[i], refractory[i] > 0};
        state3 y = {{v[i], g_ex[i], g_in[i]}};
        double t = 0;
        while (t < c->h) evolve_apply(&s, &t, c->h, &step[i], &y, c->eps_abs);
        g_ex[i] = y.y[1] + ex[i];
        g_in[i] = y.y[2] - in[i];
        if (refractory[i] > 0) {
            refractory[i] -= 1;
            v[i] = v_reset[i];
        } else if (y.y[0] >= v_th[i]) {
            refractory[i] = c->refractory_steps;
            v[i] = v_reset[i];
            spikes[count++] = (int32_t)i;
        } else {
            v[i] = y.y[0];
        }
        i_stim[i] = current[i];
    }
    return count;
}
