"""The files `hibana run --out DIR` writes, read back with NumPy.

    swift build                                   # or swift build -c release (faster runs)
    python3 -m pytest Tests/python/test_outputs.py

The executable is $HIBANA_BIN, else .build/release/hibana, else .build/debug/hibana (built with
`swift build` when neither exists). $HIBANA_TEST_DURATION sets the simulated time (ms, default 200).
The run is the Brunel (2000) example, Examples/brunel2000: spike recorders spikes_E and spikes_I
(50 neurons each) and a multimeter V_m on 5 neurons of each population.
"""
import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

from hibana_binary import ROOT, hibana
DURATION = float(os.environ.get("HIBANA_TEST_DURATION", "200"))
SPIKE_DTYPE = np.dtype([("sender", "<i8"), ("time", "<f8")])


def run_hibana(*arguments):
    return subprocess.run([hibana(), "run", *arguments], capture_output=True, text=True, timeout=1800)


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("hibana") / "brunel"
    model = ROOT / "Examples" / "brunel2000" / "brunel2000.yaml"
    result = run_hibana(str(model), "--duration", str(DURATION), "--threads", "2", "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="module")
def summary(run_dir):
    return json.loads((run_dir / "summary.json").read_text())


def recorders(summary, kind):
    return [r for r in summary["recorders"] if r["kind"] == kind]


def read_csv(path):
    """Header and rows of a CSV file, numbers parsed with Python's float (exact round trip)."""
    lines = path.read_text().splitlines()
    return lines[0], [[float(x) for x in line.split(",")] for line in lines[1:]]


def test_every_listed_file_exists(run_dir, summary):
    assert summary["format"] == "hibana-run-summary"
    for name in summary["files"]:
        assert (run_dir / name).is_file(), name
    assert {r["name"] for r in summary["recorders"]} == {"spikes_E", "spikes_I", "V_m"}


def test_status_and_sizes(summary):
    assert summary["status"]["interrupted"] is False
    assert summary["status"]["time_reached_ms"] == DURATION
    assert summary["status"]["time_requested_ms"] == DURATION
    assert summary["network"]["neurons"] == 12500
    assert summary["network"]["synapses"] == 12500 * (1000 + 250)
    assert summary["timing"]["simulate_s"] > 0
    assert summary["timing"]["real_time_factor"] == pytest.approx(
        summary["timing"]["simulate_s"] / (DURATION / 1000), rel=1e-9)
    assert summary["memory"]["peak_rss_bytes"] > summary["memory"]["synapse_bytes"]


def test_spike_npy_matches_csv_and_summary(run_dir, summary):
    total = 0
    for recorder in recorders(summary, "spike_recorder"):
        spikes = np.load(run_dir / recorder["npy"])
        assert spikes.dtype == SPIKE_DTYPE
        assert spikes.ndim == 1 and len(spikes) == recorder["events"] > 0
        header, rows = read_csv(run_dir / recorder["csv"])
        assert header == "sender,time_ms"
        rows = np.array(rows)
        assert np.array_equal(rows[:, 0].astype(np.int64), spikes["sender"])
        assert np.array_equal(rows[:, 1], spikes["time"]), "CSV numbers read back as the same doubles"
        order = np.lexsort((spikes["sender"], spikes["time"]))
        assert np.array_equal(order, np.arange(len(spikes))), "sorted by time, then sender"
        assert spikes["time"].min() > 0 and spikes["time"].max() <= DURATION
        total += len(spikes)
    assert summary["spikes"]["recorded"] == total
    assert sum(p["spikes"] for p in summary["populations"]) == total
    assert summary["spikes"]["total"] >= total


def recorded_ids(population):
    return np.concatenate([np.arange(a, b + 1) for a, b in population["recorded_ids"]])


def test_population_statistics_recomputed_from_npy(run_dir, summary):
    spikes = np.concatenate([np.load(run_dir / r["npy"]) for r in recorders(summary, "spike_recorder")])
    duration = summary["status"]["time_reached_ms"]
    for population in summary["populations"]:
        ids = recorded_ids(population)
        assert len(ids) == population["recorded_neurons"] == 50
        first, size = population["first_id"], population["size"]
        assert ids.min() >= first and ids.max() < first + size
        mine = spikes[np.isin(spikes["sender"], ids)]
        assert len(mine) == population["spikes"]
        assert population["mean_rate_hz"] == pytest.approx(len(mine) / (len(ids) * duration / 1000), rel=1e-12)
        cvs = []
        for sender in ids:
            isi = np.diff(np.sort(mine["time"][mine["sender"] == sender]))
            if len(isi) >= 2:
                cvs.append(isi.std() / isi.mean())
        assert population["cv_isi_neurons"] == len(cvs)
        assert population["cv_isi"] == pytest.approx(np.mean(cvs), rel=1e-9)
        width = population["fano_bin_ms"]
        bins = int(np.floor(duration / width))
        index = np.floor(mine["time"] / width).astype(int)
        counts = np.bincount(index[index < bins], minlength=bins)
        assert population["fano_factor"] == pytest.approx(counts.var() / counts.mean(), rel=1e-9)
        # Brunel's asynchronous irregular state (g = 5, η = 2): irregular firing at tens of Hz.
        assert 5 < population["mean_rate_hz"] < 100
        assert 0.1 < population["cv_isi"] < 1.5


def test_multimeter_npy_matches_csv(run_dir, summary):
    (recorder,) = recorders(summary, "multimeter")
    traces = np.load(run_dir / recorder["npy"])
    assert traces.dtype == np.dtype([("sender", "<i8"), ("time", "<f8"), ("V_m", "<f8")])
    senders = recorder["senders"]
    assert senders == [1, 2, 3, 4, 5, 10001, 10002, 10003, 10004, 10005]
    assert len(traces) == recorder["rows"] == recorder["samples"] * len(senders)
    # Time-major: reshape(-1, S) gives a (time × neuron) matrix.
    matrix = traces.reshape(-1, len(senders))
    assert (matrix["sender"] == np.array(senders)).all()
    assert (matrix["time"] == matrix["time"][:, :1]).all()
    assert np.allclose(np.diff(matrix["time"][:, 0]), recorder["interval_ms"])
    assert recorder["units"] == ["mV"]
    vm = matrix["V_m"]
    assert np.isfinite(vm).all() and vm.max() <= 20 + 1e-9, "V_m stays below the threshold θ = 20 mV"
    header, rows = read_csv(run_dir / recorder["csv"])
    assert header == "sender,time_ms,V_m"
    rows = np.array(rows)
    assert np.array_equal(rows[:, 0].astype(np.int64), traces["sender"])
    assert np.array_equal(rows[:, 1], traces["time"])
    assert np.array_equal(rows[:, 2], traces["V_m"])


def test_report_has_the_plots(run_dir):
    report = (run_dir / "report.html").read_text()
    for marker in ('<svg id="raster"', '<svg id="rates"', '<svg id="rate-bars"', 'id="traces"', 'class="trace"'):
        assert marker in report
    assert "<script" not in report


def test_existing_run_is_refused_then_replaced_with_force(run_dir, summary):
    before = (run_dir / "summary.json").read_bytes()
    model = str(ROOT / "Examples" / "brunel2000" / "brunel2000.yaml")
    refused = run_hibana(model, "--duration", "10", "--out", str(run_dir))
    assert refused.returncode != 0
    assert "already exists" in refused.stderr and "--force" in refused.stderr, refused.stderr
    assert (run_dir / "summary.json").read_bytes() == before

    copy = run_dir.parent / "replaced"
    shutil.copytree(run_dir, copy)
    forced = run_hibana(model, "--duration", "10", "--threads", "1", "--out", str(copy), "--force")
    assert forced.returncode == 0, forced.stderr
    replaced = json.loads((copy / "summary.json").read_text())
    assert replaced["status"]["time_reached_ms"] == 10
    assert replaced["network"]["threads"] == 1


def test_report_in_headless_chromium(run_dir):
    if not (shutil.which("chromium") or os.environ.get("CHROMIUM")):
        pytest.skip("chromium not installed (apt-get install -y chromium)")
    script = ROOT / "Tests" / "browser" / "check_report.py"
    result = subprocess.run([sys.executable, str(script), str(run_dir)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (run_dir / "report.png").stat().st_size > 0
