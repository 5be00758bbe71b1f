"""Where the tests find the repository and the `hibana` executable they run."""
import os
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]


def hibana():
    """HIBANA_BIN if set (CI), else the newest configuration built, else a debug build made now."""
    if os.environ.get("HIBANA_BIN"):
        return os.environ["HIBANA_BIN"]
    for configuration in ("release", "debug"):
        candidate = ROOT / ".build" / configuration / "hibana"
        if candidate.exists():
            return str(candidate)
    subprocess.run(["swift", "build", "--product", "hibana"], cwd=ROOT, check=True)
    return str(ROOT / ".build" / "debug" / "hibana")
