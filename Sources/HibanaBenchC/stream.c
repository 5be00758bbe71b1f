#include "HibanaBenchC.h"

// McCalpin's STREAM copy and triad; the caller times them and counts 16 and 24 bytes per element.
void hibana_stream_copy(double *restrict a, const double *restrict b, long n) {
    for (long i = 0; i < n; i++) a[i] = b[i];
}

void hibana_stream_triad(double *restrict a, const double *restrict b, const double *restrict c, double s, long n) {
    for (long i = 0; i < n; i++) a[i] = b[i] + s * c[i];
}
