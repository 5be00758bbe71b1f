"""`hibana run` as a user meets it: plain output off a terminal, --json, Ctrl-C, thread invariance."""
import json
import subprocess

from hibana_binary import ROOT, hibana, interrupt_once_running

BRUNEL = ROOT / "Examples" / "brunel2000" / "brunel2000.yaml"


def test_output_to_a_pipe_has_no_escape_codes(tmp_path):
    result = subprocess.run([hibana(), "run", str(BRUNEL), "--duration", "50", "--out", str(tmp_path / "r")],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout + result.stderr
    assert "results in" in result.stdout and str(tmp_path / "r") in result.stdout


def test_json_prints_only_the_summary(tmp_path):
    result = subprocess.run([hibana(), "run", str(BRUNEL), "--duration", "50", "--out", str(tmp_path / "r"), "--json"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["network"]["neurons"] == 12500
    assert summary["status"]["time_reached_ms"] == 50


def test_quiet_prints_nothing(tmp_path):
    result = subprocess.run([hibana(), "run", str(BRUNEL), "--duration", "20", "--out", str(tmp_path / "r"), "--quiet"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0 and result.stdout == "" and result.stderr == ""


def test_sigint_stops_cleanly_and_keeps_the_recordings(tmp_path):
    out = tmp_path / "r"
    status, stdout, stderr = interrupt_once_running([hibana(), "run", str(BRUNEL), "--duration", "1000000", "--out", str(out)])
    assert status == 130, stderr
    assert "interrupted by SIGINT" in stdout
    summary = json.loads((out / "summary.json").read_text())
    assert summary["status"]["interrupted"] and summary["status"]["reason"] == "stopped by SIGINT"
    assert 0 < summary["status"]["time_reached_ms"] < 1000000
    assert summary["spikes"]["recorded"] > 0 and (out / "spikes_E.spikes.npy").exists()


def test_brunel_spikes_are_byte_identical_for_one_and_two_threads(tmp_path):
    files = []
    for threads in (1, 2):
        out = tmp_path / f"t{threads}"
        result = subprocess.run([hibana(), "run", str(BRUNEL), "--duration", "100", "--threads", str(threads),
                                 "--out", str(out), "--quiet"], capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr
        files.append((out / "spikes_E.spikes.npy").read_bytes() + (out / "spikes_I.spikes.npy").read_bytes())
    assert len(files[0]) > 1000 and files[0] == files[1]


def test_invalid_model_exits_1_naming_the_line(tmp_path):
    model = tmp_path / "bad.yaml"
    model.write_text("populations:\n  E: {model: iaf_psc_exp, size: 10, params: {tau_m: -1 ms}}\n")
    result = subprocess.run([hibana(), "run", str(model), "--out", str(tmp_path / "r")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert f"{model}:2:" in result.stderr and "populations.E.params.tau_m" in result.stderr
    assert not (tmp_path / "r").exists(), "nothing is built or written"
