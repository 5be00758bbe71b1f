// The benchmark's C baselines: the same math as the Swift hot loops, so `hibana bench` can print
// Swift's cost next to C's. Each function advances a whole block of neurons by one step, as a
// Swift model's `update` does; state is structure-of-arrays.
#ifndef HIBANA_BENCH_C_H
#define HIBANA_BENCH_C_H
#include <stdint.h>

/// iaf_psc_exp: propagators (computed once, in Swift) and the refractory period in steps.
typedef struct {
    double p22, p11ex, p11in, p21ex, p21in, p20;
    int32_t refractory_steps;
} hibana_iaf_psc_exp_constants;

/// One exact-integration step of `n` iaf_psc_exp neurons (voltages relative to E_L); writes the
/// indices of the neurons that spiked to `spikes` and returns how many.
long hibana_iaf_psc_exp_step(const hibana_iaf_psc_exp_constants *c, long n, double *v, double *i_ex,
                             double *i_in, double *i_stim, int32_t *refractory, const double *theta,
                             const double *v_reset, const double *i_e, const double *ex, const double *in,
                             const double *current, int32_t *spikes);

/// iaf_cond_exp: constants of the right-hand side and of the step.
typedef struct {
    double g_L, E_L, E_ex, E_in, C_m, tau_ex, tau_in, h, eps_abs;
    int32_t refractory_steps;
} hibana_iaf_cond_exp_constants;

/// One step of `n` iaf_cond_exp neurons: adaptive RKF45 (GSL's rkf45, standard control on y,
/// evolve_apply) over the step, as NEST and Hibana do; `step` is each neuron's kept step size.
long hibana_iaf_cond_exp_step(const hibana_iaf_cond_exp_constants *c, long n, double *v, double *g_ex,
                              double *g_in, double *i_stim, int32_t *refractory, double *step,
                              const double *v_th, const double *v_reset, const double *i_e, const double *ex,
                              const double *in, const double *current, int32_t *spikes);

/// STREAM kernels over `n` doubles, for the machine's memory bandwidth.
void hibana_stream_copy(double *restrict a, const double *restrict b, long n);
void hibana_stream_triad(double *restrict a, const double *restrict b, const double *restrict c, double s, long n);

#endif
