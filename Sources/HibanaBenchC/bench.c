#include "HibanaBenchC.h"
double hibana_bench_placeholder(void) { return 0; }
