#!/usr/bin/env bash
# Data races in the GPU kernels, found without a GPU. The emulator's concurrent mode
# (HIBANA_EMULATOR_THREADS=N: a launch's GPU thread g runs on host thread g mod N, atomics are the
# host's) runs the kernels compiled with ThreadSanitizer, whose runtime is preloaded into hibana
# and the test runner. A report is two GPU threads of one launch touching the same memory, one of
# them writing, not both atomically: a race on a GPU, which the sequential emulator cannot show.
# The host's own code is not instrumented; its reports (the CPU engine's threads, whose barriers
# ThreadSanitizer cannot see) are suppressed by library.
#
#   bench/gpu/race-check.sh [--quick] [WORK_DIR]
#
# Runs the examples' networks (short), small Brunel networks (double, float, stdp_synapse) and a
# small microcircuit on the emulated GPU, then (without --quick) the emulated XCTests: every
# plastic rule, short-term plasticity, checkpoints, float, construction. First it proves the
# check can fail: with HIBANA_EMULATOR_PLAIN_ATOMICS the delivery's atomics are plain
# read-modify-writes, which must be reported. Needs .build/release/hibana (swift build -c
# release) and, for the XCTests, the release test runner (swift test -c release
# --disable-swift-testing). Prints each case and each race (its two accesses, kernel source
# lines kept under WORK_DIR/kernels); exits 1 on a race or a failed case. --quick: about 3 min on
# 2 cores; the XCTests add about 55 min. RACE_THREADS sets N (3); a race only between threads g
# and g + kN, which share a host thread, is missed.
set -uo pipefail
cd "$(dirname "$0")/../.."
quick=0
if [ "${1:-}" = --quick ]; then quick=1; shift; fi
work=$(realpath -m "${1:-/tmp/hibana-race-check}")
rm -rf "$work" && mkdir -p "$work/kernels" "$work/reports" "$work/out"
bin=.build/release/hibana
tests=.build/release/HibanaPackageTests.xctest
[ -x "$bin" ] || { echo "race-check: $bin is missing (swift build -c release)" >&2; exit 2; }
tsan=$(readlink -f "$(c++ -print-file-name=libtsan.so)")
[ -f "$tsan" ] || { echo "race-check: no ThreadSanitizer runtime (libtsan2, which g++ brings)" >&2; exit 2; }

lib=$work/libcuda_emulator.so
c++ -std=c++17 -O1 -shared -fPIC -DHB_SHIM="\"\\\"$PWD/Tests/cuda-emulator/kernel_shim.h\\\"\"" -DHB_CXX='"c++"' \
  -o "$lib" Tests/cuda-emulator/cuda_emulator.cpp -ldl || exit 2
# By library (a path's end): the host's Swift code and libraries, and the dynamic loader's
# thread-local storage of the kernels' threadIdx.
cat > "$work/suppressions.txt" <<'EOF'
called_from_lib:/hibana$
called_from_lib:/HibanaPackageTests.xctest$
called_from_lib:libdispatch.so
called_from_lib:libswiftCore.so
called_from_lib:libswift_Concurrency.so
called_from_lib:libFoundation.so
called_from_lib:libFoundationEssentials.so
called_from_lib:libXCTest.so
called_from_lib:ld-linux-x86-64.so.2
EOF

export HIBANA_LIBCUDA=$lib HIBANA_NVRTC=$lib HIBANA_EMULATOR_THREADS=${RACE_THREADS:-3}
export HIBANA_EMULATOR_CXX="c++ -fsanitize=thread -g" HIBANA_EMULATOR_KEEP=$work/kernels
# sanitize NAME LIMIT_SECONDS COMMAND...: the command under the sanitizer, its reports in
# reports/NAME.PID; sets rc and races. Without address-space randomisation (setarch -R), which
# this ThreadSanitizer's fixed memory layout may not survive on kernels that randomise more.
sanitize() {
  local name=$1 seconds=$2; shift 2
  TSAN_OPTIONS="die_after_fork=0 exitcode=0 suppressions=$work/suppressions.txt log_path=$work/reports/$name" \
    LD_PRELOAD=$tsan setarch "$(uname -m)" -R timeout "$seconds" "$@" > "$work/out/$name.log" 2>&1
  rc=$?
  races=$(cat "$work/reports/$name".* 2>/dev/null | grep -c '^WARNING: ThreadSanitizer' || true)
}
failed=0
check() {
  local name=$1 started=$SECONDS
  sanitize "$@"
  printf '%-28s %4d s  exit %d  races %d\n' "$name" $((SECONDS - started)) "$rc" "$races"
  if [ "$rc" -ne 0 ] || [ "$races" -ne 0 ]; then failed=1; fi
}
cuda=(--backend cuda --out "$work/out/run" --force --quiet)

brunel=(Examples/brunel2000/brunel2000.yaml --set NE=800 --set NI=200 --duration 50)
HIBANA_EMULATOR_PLAIN_ATOMICS=1 sanitize control 300 "$bin" run "${brunel[@]}" "${cuda[@]}"
if [ "$races" -eq 0 ]; then
  echo "race-check: plain atomics gave no report, so the check cannot find races (see $work/out/control.log)" >&2
  exit 2
fi
echo "control: plain atomics are reported ($races races), so the check works"
rm -f "$work"/reports/control.*

for model in single-neuron-dc single-neuron-poisson step-current noise-current spike-input; do
  check "$model" 300 "$bin" run "Examples/$model/$model.yaml" --duration 300 "${cuda[@]}"
done
check brunel 300 "$bin" run "${brunel[@]}" "${cuda[@]}"
check brunel-float 300 "$bin" run "${brunel[@]}" --precision float "${cuda[@]}"
check brunel-stdp 300 "$bin" run "${brunel[@]}" --set 'projections[1].synapse=stdp_synapse' \
  --set 'projections[1].synapse_params={lambda: 0.01, Wmax: 0.3}' "${cuda[@]}"
check microcircuit 300 "$bin" run Examples/microcircuit/microcircuit.yaml --set scale=0.02 --duration 50 "${cuda[@]}"
if [ $quick = 1 ]; then
  :
elif [ -x "$tests" ]; then
  # The runner takes tests by name, comma-separated: those whose name matches the pattern.
  pattern=${RACE_TESTS:-'Emulated|StdpGPUTests|GPUConstructionTests|GPUCheckpointTests|ShortTermPlasticityGPUTests'}
  check emulated-xctests 3600 "$tests" "$("$tests" --list-tests 2>/dev/null | grep -E '^HibanaTests\.' | grep -E "$pattern" | paste -sd,)"
else
  echo "emulated XCTests skipped: $tests is missing (swift test -c release --disable-swift-testing builds it)"
fi

# Each race once: its two accesses, symbolized here (the kernels' libraries are kept in WORK_DIR).
python3 - "$work" <<'EOF'
import glob, os, re, subprocess, sys
work = sys.argv[1]
def where(module, offset):
    lib = glob.glob(os.path.join(work, "kernels", "*", module))
    if not lib:
        return module + "+" + offset
    out = subprocess.run(["addr2line", "-f", "-i", "-e", lib[0], offset], capture_output=True, text=True).stdout.splitlines()
    # Function and place per inlined level, innermost first; the last function is the kernel.
    places = [re.sub(r":(\d+).*", r":\1", os.path.basename(p)) for p in out[1::2]]
    return f"{out[-2]}: " + " <- ".join(places)
seen = set()
for path in sorted(glob.glob(os.path.join(work, "reports", "*"))):
    for report in open(path).read().split("WARNING: ThreadSanitizer: ")[1:]:
        accesses = re.findall(r"^  ((?:Previous )?.*?) at 0x\w+ by (.*?):\n +#0 .*?\((\S+?)\+(0x\w+)\)", report, re.M)
        key = tuple((m, o) for _, _, m, o in accesses)
        if not accesses or key in seen:
            continue
        seen.add(key)
        print(f"--- {report.splitlines()[0]} ({os.path.basename(path)})")
        for what, thread, module, offset in accesses:
            print(f"  {what} by {thread}: {where(module, offset)}")
EOF
exit $failed
