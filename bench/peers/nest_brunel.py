"""Brunel (2000) model A in PyNEST, as NEST's brunel_delta_nest.py with the paper's V_reset = 10 mV
(the parameters of ../shared/reference/brunel/brunel_AI_stats.json), every spike recorded and V_m
of 5 E and 5 I neurons every 0.1 ms: the recording load of Examples/brunel2000 in bench runs.

    python nest_brunel.py --threads 2 --t-sim 1000 --g 5 --eta 2 --out result.json
"""
import argparse, json, os, time

ap = argparse.ArgumentParser()
ap.add_argument("--threads", type=int, default=2)
ap.add_argument("--t-sim", type=float, default=1000.0)
ap.add_argument("--g", type=float, default=5.0)
ap.add_argument("--eta", type=float, default=2.0)
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--out", required=True)
a = ap.parse_args()
os.environ.setdefault("PYNEST_QUIET", "1")
import nest  # noqa: E402

NE, NI, CE, CI, J, D = 10000, 2500, 1000, 250, 0.1, 1.5
theta, tau_m = 20.0, 20.0
nu_th = theta / (J * CE * tau_m)
p_rate = 1000.0 * a.eta * nu_th * CE
nest.ResetKernel()
nest.set(resolution=0.1, local_num_threads=a.threads, rng_seed=a.seed, print_time=False)
t0 = time.perf_counter()
params = {"C_m": 1.0, "tau_m": tau_m, "t_ref": 2.0, "E_L": 0.0, "V_reset": 10.0, "V_m": 0.0, "V_th": theta}
ex = nest.Create("iaf_psc_delta", NE, params=params)
inh = nest.Create("iaf_psc_delta", NI, params=params)
noise = nest.Create("poisson_generator", params={"rate": p_rate})
spikes = nest.Create("spike_recorder")
meter = nest.Create("multimeter", params={"record_from": ["V_m"], "interval": 0.1})
nest.CopyModel("static_synapse", "excitatory", {"weight": J, "delay": D})
nest.CopyModel("static_synapse", "inhibitory", {"weight": -a.g * J, "delay": D})
nest.Connect(noise, ex + inh, syn_spec="excitatory")
nest.Connect(ex + inh, spikes)
nest.Connect(meter, ex[:5] + inh[:5])
nest.Connect(ex, ex + inh, {"rule": "fixed_indegree", "indegree": CE}, "excitatory")
nest.Connect(inh, ex + inh, {"rule": "fixed_indegree", "indegree": CI}, "inhibitory")
t_build = time.perf_counter() - t0
t1 = time.perf_counter()
nest.Simulate(a.t_sim)
t_sim = time.perf_counter() - t1
json.dump({"simulator": "NEST " + nest.__version__, "model": "brunel", "threads": a.threads, "t_sim_ms": a.t_sim,
           "build_s": t_build, "simulate_s": t_sim, "neurons": NE + NI, "synapses": int(nest.num_connections),
           "spikes": int(spikes.n_events)}, open(a.out, "w"))
