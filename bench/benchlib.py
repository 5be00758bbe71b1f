"""Shared by bench/compare-nest and bench/validate-stats: paths, the Hibana binary, the peer
simulators' virtual environment, child processes with their own peak memory, spike statistics."""
import json, os, shutil, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# HIBANA_SHARED and HIBANA_BIN: a GPU machine gets neither ../shared nor a Swift toolchain, so
# bench/gpu/device-check.sh names the references and the static binary it carried.
SHARED = os.environ.get("HIBANA_SHARED", os.path.join(os.path.dirname(ROOT), "shared"))
REFERENCE = os.path.join(SHARED, "reference")
HIBANA = os.environ.get("HIBANA_BIN", os.path.join(ROOT, ".build", "release", "hibana"))
VENV = os.environ.get("PEERS_VENV", os.path.expanduser("~/.peers-venv"))
VENV_PY = os.path.join(VENV, "bin", "python")
MICROCIRCUIT = os.path.join(ROOT, "Examples", "microcircuit", "microcircuit.yaml")
BRUNEL = os.path.join(ROOT, "Examples", "brunel2000", "brunel2000.yaml")
POPULATIONS = ["L23E", "L23I", "L4E", "L4I", "L5E", "L5I", "L6E", "L6I"]


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def ensure_hibana():
    if not os.path.exists(HIBANA):
        log("building Hibana (swift build -c release) …")
        env = dict(os.environ, PATH="/opt/swift/usr/bin:" + os.environ.get("PATH", ""))
        subprocess.run(["swift", "build", "-c", "release"], cwd=ROOT, check=True, env=env)


def ensure_peers(brian2=True):
    """NEST 3.10.0 (and Brian2 2.9.0) in a venv outside the repository, installed if missing.
    Pins as ../shared/tools/setup-peers.sh found them to work with Python 3.11: Brian2 2.9.0 needs
    NumPy < 2.4; Brian2's C++ standalone mode needs g++."""
    mods = "import nest, brian2" if brian2 else "import nest"
    check = [VENV_PY, "-c", f"import os; os.environ['PYNEST_QUIET']='1'; {mods}"]
    if os.path.exists(VENV_PY) and subprocess.run(check, capture_output=True).returncode == 0:
        return
    log(f"installing NEST and Brian2 into {VENV} …")
    if not os.path.exists(VENV_PY):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    subprocess.run([VENV_PY, "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
    subprocess.run([VENV_PY, "-m", "pip", "install", "-q", "nest-simulator==3.10.0", "brian2==2.9.0",
                    "numpy>=2.0,<2.4", "scipy"], check=True)
    if shutil.which("g++") is None:
        log("g++ is missing: Brian2's C++ standalone runs will fail (apt-get install g++)")
    subprocess.run(check, check=True)


def busy_seconds():
    """CPU seconds all cores of the machine have spent busy since boot (/proc/stat)."""
    fields = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


# The last run_child's contention: average number of cores other processes kept busy.
last_others_cores = 0.0


def run_child(cmd, cwd=None, env=None, stdout=None):
    """Runs cmd; returns (wall seconds, peak RSS bytes of that process, stdout text). Sets
    last_others_cores: the machine is shared, and figures taken while others compute are slower."""
    global last_others_cores
    t0, b0 = time.perf_counter(), busy_seconds()
    child = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE if stdout is None else stdout)
    out = child.stdout.read().decode() if stdout is None else ""
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - t0
    own = usage.ru_utime + usage.ru_stime
    last_others_cores = max(0.0, (busy_seconds() - b0 - own) / wall)
    if status != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed with status {status}")
    return wall, usage.ru_maxrss * 1024, out


def hibana_run(model, out, sets=(), threads=2, duration=None, seed=None, backend="cpu", precision="double"):
    """`hibana run` with --json; returns (summary dict, peak RSS bytes)."""
    cmd = [HIBANA, "run", model, "--threads", str(threads), "--out", out, "--force", "--quiet", "--json", "--backend", backend]
    if precision != "double":
        cmd += ["--precision", precision]
    for s in sets:
        cmd += ["--set", s]
    if duration is not None:
        cmd += ["--duration", str(duration)]
    if seed is not None:
        cmd += ["--seed", str(seed)]
    _, rss, text = run_child(cmd)
    return json.loads(text), rss


def load_spikes(out, recorders):
    """(senders, times) of the given spike recorders of a Hibana run (NEST ids from 1, ms)."""
    import numpy as np
    parts = [np.load(os.path.join(out, f"{r}.spikes.npy")) for r in recorders]  # records (sender, time)
    return (np.concatenate([p["sender"] for p in parts]).astype(np.int64),
            np.concatenate([p["time"] for p in parts]))


def population_stats(senders, times, first_id, size, window):
    """Mean rate (silent neurons included) and mean CV of ISIs over neurons with >= 3 spikes in
    (start, stop] ms: the rules of the NEST reference files (rate_rule, cv_rule)."""
    import numpy as np
    start, stop = window
    sel = (senders >= first_id) & (senders < first_id + size) & (times > start) & (times <= stop)
    s, t = senders[sel] - first_id, times[sel]
    rate = len(t) / size / ((stop - start) / 1000.0)
    order = np.lexsort((t, s))
    s, t = s[order], t[order]
    cvs = []
    bounds = np.flatnonzero(np.diff(s)) + 1
    for ts in np.split(t, bounds):
        if len(ts) >= 3:
            isi = np.diff(ts)
            cvs.append(isi.std() / isi.mean())
    return rate, (float(np.mean(cvs)) if cvs else float("nan")), len(cvs)


def median(xs):
    xs = sorted(x for x in xs if x is not None)
    if not xs:
        return None
    n = len(xs)
    return xs[n // 2] if n % 2 else 0.5 * (xs[n // 2 - 1] + xs[n // 2])
