"""Brunel (2000) model A in Brian2's C++ standalone mode (OpenMP threads): the network and
recording load of nest_brunel.py. Connections are made with Brian2's generator syntax, which
fixes out-degrees: every neuron projects to 1250 distinct targets (CE = 1000 and CI = 250 on
average per target, the same 15.6 million synapses as fixed in-degrees). Poisson drive per
neuron (PoissonInput), every spike recorded, V_m of 5 E and 5 I neurons every 0.1 ms.

The binary is compiled first (not timed), then run alone, so that its peak memory is its own;
Brian2's profiling of the run loop splits simulation from construction (the rest of the binary).

    python brian2_brunel.py --threads 2 --t-sim 1000 --out result.json --workdir /tmp/b2
"""
import argparse, json, os, resource, subprocess, time

ap = argparse.ArgumentParser()
ap.add_argument("--threads", type=int, default=2)
ap.add_argument("--t-sim", type=float, default=1000.0)
ap.add_argument("--g", type=float, default=5.0)
ap.add_argument("--eta", type=float, default=2.0)
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--workdir", required=True)
ap.add_argument("--out", required=True)
a = ap.parse_args()

from brian2 import (NeuronGroup, Synapses, PoissonInput, SpikeMonitor, StateMonitor,  # noqa: E402
                    set_device, device, prefs, seed, defaultclock, run, ms, mV, Hz)

set_device("cpp_standalone", directory=a.workdir, build_on_run=False)
prefs.devices.cpp_standalone.openmp_threads = a.threads
defaultclock.dt = 0.1 * ms
seed(a.seed)
NE, NI, CE, J, D = 10000, 2500, 1000, 0.1 * mV, 1.5 * ms
theta, tau, V_r = 20 * mV, 20 * ms, 10 * mV
nu_th = theta / (J * CE * tau)
g = a.g
group = NeuronGroup(NE + NI, "dv/dt = -v/tau : volt (unless refractory)", threshold="v > theta",
                    reset="v = V_r", refractory=2 * ms, method="exact")
group.v = "rand() * theta"
out_degree = 1250
syn_e = Synapses(group[:NE], group, on_pre="v += J", delay=D)
syn_e.connect(j="k for k in sample(N_post, size=out_degree)")
syn_i = Synapses(group[NE:], group, on_pre="v += -g * J", delay=D)
syn_i.connect(j="k for k in sample(N_post, size=out_degree)")
drive = PoissonInput(group, "v", N=CE, rate=a.eta * nu_th, weight=J)
spikes = SpikeMonitor(group)
meter = StateMonitor(group, "v", record=list(range(5)) + list(range(NE, NE + 5)), dt=0.1 * ms)
run(a.t_sim * ms, profile=True)
device.build(directory=a.workdir, compile=True, run=False)

t0 = time.perf_counter()
child = subprocess.Popen(["./main"], cwd=a.workdir)
_, status, usage = os.wait4(child.pid, 0)
wall = time.perf_counter() - t0
assert status == 0, f"Brian2 binary failed ({status})"
# results/profiling_info.txt is written by the binary: "codeobject_name  seconds" per line.
prof = {}
path = os.path.join(a.workdir, "results", "profiling_info.txt")
if os.path.exists(path):
    for line in open(path):
        parts = line.split()
        if len(parts) >= 2:
            try:
                prof[parts[0]] = float(parts[1])
            except ValueError:
                pass
# The profiled code objects are those of the run loop; the rest of the binary's time is
# construction (synapse creation, initial values) and writing the results.
sim = sum(prof.values())
json.dump({"simulator": "Brian2 (cpp_standalone)", "model": "brunel", "threads": a.threads, "t_sim_ms": a.t_sim,
           "build_s": wall - sim, "simulate_s": sim, "binary_wall_s": wall,
           "peak_rss_bytes": usage.ru_maxrss * 1024, "neurons": NE + NI, "synapses": (NE + NI) * out_degree,
           "profiling": prof}, open(a.out, "w"))
