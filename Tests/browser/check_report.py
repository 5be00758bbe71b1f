#!/usr/bin/env python3
"""Open a run's report.html in headless Chromium and check it.

    python3 Tests/browser/check_report.py RUN_DIR [--chromium PATH] [--self-test]

Loads RUN_DIR/report.html with `chromium --headless --dump-dom` (console messages captured with
`--enable-logging=stderr --v=0`) and fails when
  - the page wrote anything to the console (the report has no script, so every console message,
    an SVG attribute error for instance, is a fault),
  - a plot element is missing: <svg id="raster">, <svg id="rates">, <svg id="rate-bars">,
    an element with id="traces" (holding <svg class="trace"> when summary.json lists multimeter rows),
  - the page references anything outside itself (src= or href= other than data: or #).
Then saves a full-page screenshot as RUN_DIR/report.png.

--self-test first checks that the console detection works with this Chromium, on a page that
logs an error. Debian: `apt-get install -y chromium`. Exit status 0 when every check passes,
1 on a failed check, 2 when Chromium cannot be found or run.
"""
import argparse
import html.parser
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

CONSOLE = re.compile(r":CONSOLE[:(]\d*\)?\]\s*(.*)")


def find_chromium(given):
    for candidate in [given, os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome", "chrome"]:
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    return None


def run_chromium(chromium, url, *extra, timeout=180):
    """Runs headless Chromium on url; returns (stdout, console messages)."""
    command = [
        chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--no-first-run", "--disable-extensions", "--enable-logging=stderr", "--v=0", *extra, url,
    ]
    with tempfile.TemporaryDirectory(prefix="hibana-chromium-") as profile:
        command.insert(1, f"--user-data-dir={profile}")
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    console = [m.group(1) for line in result.stderr.splitlines() if (m := CONSOLE.search(line))]
    if result.returncode != 0:
        raise RuntimeError(f"chromium exited with {result.returncode}:\n{result.stderr[-3000:]}")
    return result.stdout, console


class Elements(html.parser.HTMLParser):
    """Every start tag with its attributes and the ids of its open ancestors."""

    def __init__(self):
        super().__init__()
        self.elements = []
        self.stack = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs, [a.get("id") for _, a in self.stack if a.get("id")]))
        if tag not in ("meta", "link", "br", "img", "input", "hr", "path", "line", "rect", "circle", "polyline"):
            self.stack.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs), [a.get("id") for _, a in self.stack if a.get("id")]))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break


def check_dom(dom, expect_traces):
    problems = []
    parser = Elements()
    parser.feed(dom)
    by_id = {attrs["id"]: tag for tag, attrs, _ in parser.elements if "id" in attrs}
    for ident in ("raster", "rates", "rate-bars"):
        if by_id.get(ident) != "svg":
            problems.append(f'no <svg id="{ident}"> in the DOM')
    if "traces" not in by_id:
        problems.append('no element with id="traces" in the DOM')
    trace_svgs = [1 for tag, attrs, ancestors in parser.elements
                  if tag == "svg" and "trace" in attrs.get("class", "").split() and "traces" in ancestors]
    if expect_traces and not trace_svgs:
        problems.append('summary.json lists multimeter samples but #traces holds no <svg class="trace">')
    for tag, attrs, _ in parser.elements:
        for key in ("src", "href"):
            value = attrs.get(key)
            if value is not None and not (value.startswith("data:") or value.startswith("#")):
                problems.append(f"<{tag} {key}={value!r}> refers to something outside the page")
    if not any(tag == "path" and "raster" in ancestors for tag, _, ancestors in parser.elements):
        problems.append("the raster has no spikes drawn (no <path> inside #raster)")
    return problems


def self_test(chromium):
    with tempfile.TemporaryDirectory() as directory:
        page = pathlib.Path(directory, "bad.html")
        page.write_text('<!DOCTYPE html><html><body><svg><path d="Mnan 0"/></svg>'
                        '<script>console.error("hibana-self-test")</script></body></html>')
        _, console = run_chromium(chromium, page.as_uri(), "--dump-dom")
    found = any("hibana-self-test" in m for m in console) and any("<path>" in m for m in console)
    print("self-test:", "console errors are detected" if found else f"NOT detected (got {console})")
    return found


def main():
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("run_dir", type=pathlib.Path)
    arguments.add_argument("--chromium", help="the Chromium executable (default: chromium on PATH, or $CHROMIUM)")
    arguments.add_argument("--self-test", action="store_true", help="first check that console errors are detected")
    arguments.add_argument("--width", type=int, default=1100)
    arguments.add_argument("--height", type=int, default=2600)
    options = arguments.parse_args()

    chromium = find_chromium(options.chromium)
    if chromium is None:
        print("chromium not found: apt-get install -y chromium, or pass --chromium PATH", file=sys.stderr)
        return 2
    report = (options.run_dir / "report.html").resolve()
    if not report.is_file():
        print(f"{report} does not exist", file=sys.stderr)
        return 1
    try:
        if options.self_test and not self_test(chromium):
            return 1
        dom, console = run_chromium(chromium, report.as_uri(), "--dump-dom")
        screenshot = options.run_dir.resolve() / "report.png"
        run_chromium(chromium, report.as_uri(), f"--screenshot={screenshot}",
                     f"--window-size={options.width},{options.height}", "--hide-scrollbars")
    except (OSError, RuntimeError, subprocess.TimeoutExpired) as error:
        print(f"chromium could not run: {error}", file=sys.stderr)
        return 2

    expect_traces = False
    summary_path = options.run_dir / "summary.json"
    if summary_path.is_file():
        summary = json.loads(summary_path.read_text())
        expect_traces = any(r.get("kind") == "multimeter" and r.get("rows", 0) > 0 for r in summary.get("recorders", []))
    problems = [f"console: {m}" for m in console] + check_dom(dom, expect_traces)
    if not screenshot.is_file() or screenshot.stat().st_size == 0:
        problems.append(f"no screenshot written to {screenshot}")
    for problem in problems:
        print("FAIL", problem)
    if problems:
        return 1
    print(f"report OK: no console messages, raster, rates, rate-bars and traces present; screenshot {screenshot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
