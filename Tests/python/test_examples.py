"""Runs every example in Examples/ with `hibana run` (short durations and, for large models, the
`--set` overrides that make them small, from each example's expected.json) and checks the
statistics in summary.json against the ranges written there."""
import json
import subprocess

import pytest

from hibana_binary import ROOT, hibana

EXAMPLES = sorted(p for p in (ROOT / "Examples").iterdir() if (p / "expected.json").exists())


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example(example, tmp_path):
    expected = json.loads((example / "expected.json").read_text())
    out = tmp_path / "run"
    result = subprocess.run(
        [hibana(), "run", str(example / f"{example.name}.yaml"), "--duration", str(expected["duration_ms"]),
         "--out", str(out), "--json"] + [a for s in expected.get("set", []) for a in ("--set", s)],
        capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary == json.loads((out / "summary.json").read_text())
    assert not summary["status"]["interrupted"]
    populations = {p["name"]: p for p in summary["populations"]}
    for name, ranges in expected["populations"].items():
        stats = {"rate_hz": populations[name]["mean_rate_hz"], "cv_isi": populations[name]["cv_isi"],
                 "fano_factor": populations[name]["fano_factor"]}
        for key, (low, high) in ranges.items():
            assert stats[key] is not None, f"{example.name}: {name} {key} undefined"
            assert low <= stats[key] <= high, f"{example.name}: {name} {key} = {stats[key]}, expected [{low}, {high}]"
    assert (out / "report.html").exists()
