#include "HibanaBenchC.h"

// The loop of IafPscExp.update, line for line.
long hibana_iaf_psc_exp_step(const hibana_iaf_psc_exp_constants *c, long n, double *v, double *i_ex,
                             double *i_in, double *i_stim, int32_t *refractory, const double *theta,
                             const double *v_reset, const double *i_e, const double *ex, const double *in,
                             const double *current, int32_t *spikes) {
    const double p22 = c->p22, p11ex = c->p11ex, p11in = c->p11in;
    const double p21ex = c->p21ex, p21in = c->p21in, p20 = c->p20;
    long count = 0;
    for (long i = 0; i < n; i++) {
        if (refractory[i] == 0) {
            v[i] = v[i] * p22 + i_ex[i] * p21ex + i_in[i] * p21in + (i_e[i] + i_stim[i]) * p20;
        } else {
            refractory[i] -= 1;
        }
        i_ex[i] = i_ex[i] * p11ex + ex[i];
        i_in[i] = i_in[i] * p11in + in[i];
        if (v[i] >= theta[i]) {
            refractory[i] = c->refractory_steps;
            v[i] = v_reset[i];
            spikes[count++] = (int32_t)i;
        }
        i_stim[i] = current[i];
    }
    return count;
}
