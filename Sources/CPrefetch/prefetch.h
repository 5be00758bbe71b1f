// Software prefetch, which Swift does not expose: spike delivery reads per-target state at
// random (the target order of a source's synapses), so it asks for the lines a few synapses ahead.
#ifndef HIBANA_PREFETCH_H
#define HIBANA_PREFETCH_H

static inline void hb_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }
static inline void hb_prefetch_write(const void *address) { __builtin_prefetch(address, 1, 3); }

#endif
