"""Where the tests find the repository and the `hibana` executable they run."""
import os
import pathlib
import signal
import subprocess
import time

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


def interrupt_once_running(command, timeout=300):
    """Starts `command` (a `hibana run`), waits until it announces the built network, lets it
    simulate for a second, sends SIGINT; returns (exit status, stdout, stderr)."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + timeout
    line = ""
    while "built" not in line and time.time() < deadline:
        line = process.stdout.readline()
    time.sleep(1.0)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=timeout)
    return process.returncode, stdout, stderr
