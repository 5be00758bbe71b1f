#!/usr/bin/env python3
"""The memory and communication model of docs/scaling.md, per rank.

    bench/scaling-model.py                      # the projections of docs/scaling.md
    bench/scaling-model.py --check OUT_DIR ...  # model vs measured (summary.json of `mpirun … hibana run`)

Per rank, with N neurons, S synapses, D device connections, R ranks, T threads per rank:
  memory  = M0 + (N/R) * (b_state + ring) + (D/R) * b_device + (S/R) * b_synapse + 4 * T * N
  build   = M0 + (N/R) * b_state + (D/R) * b_device + (S/R) * 11 + 4 * T * N + 16 * T * N
  peak    = max(memory, build)
  exchange per cycle: every rank receives 8 bytes per spike of the cycle (N * rate * d_min spikes)
                      plus 12 bytes per rank (status word and count)
  time per biological second, per rank (cores = T):
          ((N/R) * steps * c_update + (D/R) * steps * c_device + (S/R) * rate * c_event) / T + N * rate * c_lookup
          + cycles * (alpha * log2 R) + 8 * N * rate / bandwidth
"""
import json
import math
import pathlib
import sys

M0 = 33e6            # process, Swift runtime, Foundation and MPI before building (measured: 33 MB)
RUN_BYTES = 6        # UInt16 delay + UInt32 end per (source, delay) run
DEVICE_BYTES = 4 + 8 + 8 + 8 + 48   # target, weight, delay, held value, random stream


def per_rank(N, S, D, R, T, state_bytes, slots, runs_per_synapse, ring_doubles=2):
    n = N / R
    ring = slots * 8 * ring_doubles
    memory = M0 + n * (state_bytes + ring) + D / R * DEVICE_BYTES + S / R * (8 + RUN_BYTES * runs_per_synapse) + 4 * T * N
    build = M0 + n * state_bytes + D / R * DEVICE_BYTES + S / R * 11 + 4 * T * N + 16 * T * N
    return memory, build


# On one unloaded core (../shared/RECIPES.md, hibana bench): neuron update, Poisson draw per
# device connection and step (estimated), synaptic event, a spike's run lookup (a cache miss);
# allgather latency per log2(ranks) (RECIPES: 1.7 us at 2 ranks); network bandwidth (assumed).
C_UPDATE, C_DEVICE, C_EVENT, C_LOOKUP, ALPHA, BANDWIDTH = 2.2e-9, 20e-9, 16e-9, 10e-9, 2e-6, 5e9


def seconds_per_second(N, S, D, R, T, rate_hz, resolution_ms, d_min_ms):
    steps, cycles = 1000 / resolution_ms, 1000 / d_min_ms
    compute = ((N / R) * steps * C_UPDATE + (D / R) * steps * C_DEVICE + (S / R) * rate_hz * C_EVENT) / T
    compute += N * rate_hz * C_LOOKUP
    communicate = (cycles * ALPHA * math.log2(R) + 8 * N * rate_hz / BANDWIDTH) if R > 1 else 0
    return compute, communicate


def exchange_bytes_per_cycle(N, rate_hz, d_min_ms, R):
    return 8 * N * rate_hz * d_min_ms / 1000 + 12 * R


def check(directories):
    """Peak resident memory per rank, model vs summary.json."""
    for d in directories:
        s = json.loads((pathlib.Path(d) / "summary.json").read_text())
        net, ranks = s["network"], s["ranks"]
        R, T, N, S = len(ranks), net["threads"], net["neurons"], net["synapses"]
        # Brunel-like: one Poisson connection per neuron, iaf_psc_delta state, one run per source.
        slots = round((net["max_delay_ms"] + net["min_delay_ms"]) / net["resolution_ms"])
        runs = N * R * T / S
        memory, build = per_rank(N, S, N, R, T, state_bytes=7 * 8, slots=slots, runs_per_synapse=runs)
        model = max(memory, build)
        for r in ranks:
            measured = r["peak_rss_bytes"]
            print(f"{d}: {R} x {T}: memory: model {model / 1e6:.1f} MB, measured {measured / 1e6:.1f} MB, "
                  f"error {100 * (model - measured) / measured:+.1f} %")
        rate = s["spikes"]["total"] / N / (s["status"]["time_reached_ms"] / 1000)
        compute, communicate = seconds_per_second(N, S, N, R, T, rate, net["resolution_ms"], net["min_delay_ms"])
        measured = s["timing"]["simulate_s"] / (s["status"]["time_reached_ms"] / 1000)
        model = compute + communicate
        print(f"{d}: {R} x {T}: s per biological s: model {model:.2f} (communication {communicate:.3f}), measured "
              f"{measured:.2f} (communication {ranks[0]['communicate_s'] / s['status']['time_reached_ms'] * 1000:.2f}), "
              f"error {100 * (model - measured) / measured:+.1f} %")


def projections():
    # Full microcircuit (Potjans & Diesmann 2014): iaf_psc_exp, delays up to ~6 ms at 0.1 ms steps.
    N, S = 77_169, 298_880_968
    for R in (1, 10, 100):
        memory, build = per_rank(N, S, N, R, 1, state_bytes=12 * 8, slots=61, runs_per_synapse=min(1, 30 * R / 3873))
        compute, communicate = seconds_per_second(N, S, N, R, 1, 3.2, 0.1, 0.1)
        print(f"microcircuit, {R:>3} ranks x 1 thread: {max(memory, build) / 1e9:.2f} GB per rank, "
              f"exchange {exchange_bytes_per_cycle(N, 3.2, 0.1, R) / 1e3:.2f} kB per cycle, "
              f"{compute + communicate:.1f} s per biological s ({communicate:.2f} s communication)")
    # A cortex of 1e9 neurons and 1e13 synapses on K (82,944 nodes x 8 cores, 16 GB) and Fugaku
    # (158,976 nodes x 48 cores, 32 GB), one rank per node.
    N, S = 1e9, 1e13
    for name, R, T in (("K", 82_944, 8), ("Fugaku", 158_976, 48)):
        memory, build = per_rank(N, S, N, R, T, state_bytes=12 * 8, slots=61, runs_per_synapse=1)
        # With a sparse source index (8 bytes per source present on the rank, at most one per
        # local synapse) in place of the dense per-thread arrays over all N sources:
        sparse = max(memory - 4 * T * N, build - 20 * T * N) + 8 * min(S / R, N)
        compute, communicate = seconds_per_second(N, S, N, R, T, 3, 0.1, 0.1)
        print(f"cortex on {name}: {max(memory, build) / 1e9:.1f} GB per node as built now "
              f"(dense per-source arrays {20 * T * N / 1e9:.0f} GB), {sparse / 1e9:.1f} GB with a sparse source index; "
              f"exchange {exchange_bytes_per_cycle(N, 3, 0.1, R) / 1e6:.1f} MB per cycle; "
              f"{compute + communicate:.0f} s per biological s ({communicate:.0f} s communication)")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--check":
        check(sys.argv[2:])
    else:
        projections()
