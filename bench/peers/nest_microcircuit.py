"""Potjans & Diesmann (2014) microcircuit in PyNEST, written from the published example's
parameters (../shared/reference/microcircuit/params.json; the example itself left NEST in 2025).
Same network as Examples/microcircuit/microcircuit.yaml: fixed_total_number per pair, clipped-normal
weights and delays, Poisson background, DC compensation below full scale, every spike recorded.

    python nest_microcircuit.py --params PARAMS.json --scale 0.1 --threads 2 --t-sim 1000 --out result.json

Prints nothing but NEST's own output; writes timings, counts and per-population spike counts.
"""
import argparse, json, math, os, time
import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("--params", required=True)
ap.add_argument("--scale", type=float, default=1.0)
ap.add_argument("--threads", type=int, default=2)
ap.add_argument("--t-sim", type=float, default=1000.0)
ap.add_argument("--seed", type=int, default=55)
ap.add_argument("--out", required=True)
ap.add_argument("--spikes", help="write every spike (sender, time) to this .npy")
a = ap.parse_args()

os.environ.setdefault("PYNEST_QUIET", "1")
import nest  # noqa: E402

p = json.load(open(a.params))
res = 0.1
K = a.scale
N = np.round(np.array(p["full_num_neurons"]) * a.scale).astype(int)
syn = np.round(np.array(p["full_num_synapses"]) * a.scale * K).astype(int)
W = np.array(p["PSC_matrix_mean_pA_full_scale"])
w_ext = p["PSC_ext_pA_full_scale"]
K_ext = np.round(np.array(p["K_ext"]) * K)
bg = p["bg_rate_hz"]
tau_syn = 0.5
dc = np.zeros(8)
if K < 1:  # the example's adjust_weights_and_input_to_synapse_scaling
    K_full = np.array(p["full_indegree_K"])
    rates = np.array(p["full_mean_rates_hz_used_for_K_scaling"])
    dc = 0.001 * tau_syn * (1 - math.sqrt(K)) * ((W * K_full) @ rates + w_ext * np.array(p["K_ext"]) * bg)
    W = W / math.sqrt(K)
    w_ext = w_ext / math.sqrt(K)

nest.ResetKernel()
nest.set(local_num_threads=a.threads, resolution=res, rng_seed=a.seed, print_time=False)
# NEST keeps at most 2^27-1 connections per (thread, synapse type): at full scale with fewer than
# 3 threads, inhibitory connections go to a copy of static_synapse (the reference runs did the same).
nest.CopyModel("static_synapse", "static_synapse_inh")

t0 = time.perf_counter()
pops = []
for i in range(8):
    pop = nest.Create("iaf_psc_exp", N[i], params={
        "C_m": 250.0, "tau_m": 10.0, "tau_syn_ex": tau_syn, "tau_syn_in": tau_syn, "E_L": -65.0,
        "V_th": -50.0, "V_reset": -65.0, "t_ref": 2.0, "I_e": float(dc[i])})
    pop.V_m = nest.random.normal(mean=p["V0_mean_mV"]["optimized"][i], std=p["V0_std_mV"]["optimized"][i])
    pops.append(pop)
recorder = nest.Create("spike_recorder")
for i in range(8):
    pg = nest.Create("poisson_generator", params={"rate": bg * K_ext[i]})
    nest.Connect(pg, pops[i], "all_to_all", {"weight": w_ext, "delay": p["delay_poisson_ms"]})
    nest.Connect(pops[i], recorder)
for i in range(8):
    for j in range(8):
        if syn[i][j] <= 0:
            continue
        w, inh = W[i][j], j % 2 == 1
        d = p["delay_matrix_mean_ms"][i][j]
        nest.Connect(pops[j], pops[i], {"rule": "fixed_total_number", "N": int(syn[i][j])}, {
            "synapse_model": "static_synapse_inh" if inh else "static_synapse",
            "weight": nest.math.redraw(nest.random.normal(mean=w, std=abs(w) * 0.1),
                                       min=-np.inf if inh else 0.0, max=0.0 if inh else np.inf),
            "delay": nest.math.redraw(nest.random.normal(mean=d, std=d * 0.5), min=res - 0.5 * res, max=np.inf)})
t_build = time.perf_counter() - t0
t1 = time.perf_counter()
nest.Simulate(a.t_sim)
t_sim = time.perf_counter() - t1

ev = recorder.events
firsts = [int(pop[0].global_id) for pop in pops]
counts = np.bincount(np.searchsorted(firsts, ev["senders"], side="right") - 1, minlength=8)
if a.spikes:
    np.save(a.spikes, np.stack([ev["senders"].astype(float), ev["times"]], axis=1))
json.dump({"simulator": "NEST " + nest.__version__, "model": "microcircuit", "scale": a.scale,
           "threads": a.threads, "t_sim_ms": a.t_sim, "build_s": t_build, "simulate_s": t_sim,
           "neurons": int(N.sum()), "synapses": int(nest.num_connections),
           "spikes": int(len(ev["times"])), "spikes_per_population": counts.tolist()}, open(a.out, "w"))
