#!/usr/bin/env bash
# The GPU checks in one short run, for a GPU machine's limited time (no Swift toolchain there):
# every example on both backends with the spike files compared, the full-scale microcircuit
# benchmark (static synapses built on the GPU), the real-GPU XCTests, bench/validate-stats on the
# GPU, Brunel with static and with plastic E→E synapses, then the microcircuit benchmark in float,
# with synapses built on the host and without CUDA graphs. Each part has a time limit.
# Build the binary here first (bench/gpu/build.sh), carry bench/gpu/out/hibana.gz (the
# uncompressed binary is over the device tool's 64 MiB), and run
#   bench/gpu/device-check.sh [OUT_DIR [RESULTS_DIR]]   # results and a summary under OUT_DIR (default
#                                                      # out/device-check); RESULTS_DIR gets only
#                                                      # summary.txt and logs.tgz (the device tool
#                                                      # brings back at most 8 files)
# (HIBANA_BIN picks another binary, BENCH_MS the microcircuit's simulated time; with
# HIBANA_LIBCUDA and HIBANA_NVRTC set to Tests/cuda-emulator's library it runs here, slowly.)
# Examples whose neurons see one input term per ring slot (single neurons, spike trains, Poisson and
# noise devices: the CPU's variates) must give identical spike files; Brunel is compared by its
# rates (a GPU's atomics may sum simultaneous spikes in another order) and must give identical
# spike files run to run (its equal weights make any order exact: a difference is a race). Then
# the real-GPU twins of the emulated XCTests (tests.gz with swift-runtime.tgz, from build.sh),
# when carried. Exit 1 if a check fails.
set -uo pipefail
cd "$(dirname "$0")/../.."
bin=${HIBANA_BIN:-bench/gpu/out/hibana}
if [ ! -x "$bin" ] && [ -f bench/gpu/out/hibana.gz ]; then
  gunzip -c bench/gpu/out/hibana.gz > bench/gpu/out/hibana && chmod +x bench/gpu/out/hibana
fi
bench_ms=${BENCH_MS:-500}
# Every step has a time limit, so that one slow or hung part leaves the others' results (the
# device tool's command limit is 10 minutes).
# All of it ends within CHECK_SECONDS (default 540), before the device tool's own limit, so that
# the results are packed: a part gets its own limit or what is left, whichever is less.
deadline=$(( $(date +%s) + ${CHECK_SECONDS:-540} ))
limit() {
  local seconds=$1 left=$(( deadline - $(date +%s) - 15 ))
  shift
  [ "$left" -lt "$seconds" ] && seconds=$left
  if [ "$seconds" -le 0 ]; then echo "skipped (no time left): $*" >&2; return 124; fi
  timeout --kill-after=10 "$seconds" "$@"
}
out=${1:-out/device-check}
mkdir -p "$out"
# With RESULTS_DIR the summary is written there as it grows: it survives a run cut short.
if [ $# -ge 2 ]; then mkdir -p "$2"; summary="$2/summary.txt"; else summary="$out/summary.txt"; fi
: > "$summary"
say() { echo "$*" | tee -a "$summary"; }
failed=0
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null | sed 's/^/GPU: /' | tee -a "$summary"
# What hibana finds (driver, NVRTC, each GPU and its kernels' architecture): a setup problem shows here first.
limit 30 "$bin" gpus 2>&1 | tee -a "$summary" || { say "FAIL hibana gpus: --backend cuda cannot run here"; failed=1; }

# Total spike counts of a CPU and a GPU run within 2 %: the seed spread of Brunel's count (NEST's
# three seeds span about 1 %), for runs whose atomics sum simultaneous spikes in another order.
same_rates() {
  local cpu gpu
  cpu=$(grep -o '"total" *: *[0-9]*' "$2/summary.json" | head -1 | grep -o '[0-9]*$')
  gpu=$(grep -o '"total" *: *[0-9]*' "$3/summary.json" | head -1 | grep -o '[0-9]*$')
  if [ $(( (gpu - cpu) * (gpu - cpu) * 2500 )) -le $(( cpu * cpu )) ]; then
    say "ok   $1: $gpu spikes on the GPU, $cpu on the CPU ($4 s)"
  else
    say "FAIL $1: $gpu spikes on the GPU, $cpu on the CPU"; failed=1
  fi
}

# Whether two runs' directories hold the same spike files.
identical() {
  local f
  for f in "$1"/*.spikes.csv; do cmp -s "$f" "$2/$(basename "$f")" || return 1; done
}

for model in spike-input step-current single-neuron-dc single-neuron-poisson noise-current brunel2000; do
  yaml=Examples/$model/$model.yaml
  limit 120 "$bin" run "$yaml" --backend cpu --quiet --force --out "$out/cpu/$model" >"$out/$model.cpu.log" 2>&1
  start=$(date +%s%N)
  if ! limit 120 "$bin" run "$yaml" --backend cuda --force --out "$out/cuda/$model" >"$out/$model.cuda.log" 2>&1; then
    say "FAIL $model: the cuda run failed (see $model.cuda.log)"; failed=1; continue
  fi
  wall=$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
  if [ "$model" = brunel2000 ]; then
    same_rates "$model" "$out/cpu/$model" "$out/cuda/$model" "$wall"
    identical "$out/cpu/$model" "$out/cuda/$model" && say "     and the CPU's spike files exactly"
    # Run to run: Brunel's constant weights make every ring sum exact in any order, so a second
    # GPU run that differs shows a race.
    if limit 120 "$bin" run "$yaml" --backend cuda --force --out "$out/cuda/$model-again" >"$out/$model.again.log" 2>&1 \
      && identical "$out/cuda/$model" "$out/cuda/$model-again"; then
      say "ok   $model: a second GPU run gives identical spike files"
    else
      say "FAIL $model: a second GPU run differs (a race?) or failed (see $model.again.log)"; failed=1
    fi
    # And in float precision, against the same CPU run.
    start=$(date +%s%N)
    if limit 120 "$bin" run "$yaml" --backend cuda --precision float --force --out "$out/float/$model" >"$out/$model.float.log" 2>&1; then
      same_rates "$model in float" "$out/cpu/$model" "$out/float/$model" \
        "$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')"
    else
      say "FAIL $model in float: the run failed (see $model.float.log)"; failed=1
    fi
    continue
  fi
  if identical "$out/cpu/$model" "$out/cuda/$model"; then
    say "ok   $model: identical spike files (${wall} s)"
  else
    say "FAIL $model: spike files differ"; failed=1
  fi
done

limit 300 "$bin" bench-gpu Examples/microcircuit/microcircuit.yaml --duration "$bench_ms" 2>&1 | tee "$out/microcircuit-bench.txt" | tee -a "$summary"
# The XCTests that skip without a GPU, run here against the CPU engine (from the repository root,
# where they find their fixtures).
if [ -f bench/gpu/out/tests.gz ] && [ -f bench/gpu/out/swift-runtime.tgz ]; then
  runner=$(mktemp -d)
  gunzip -c bench/gpu/out/tests.gz > "$runner/tests" && chmod +x "$runner/tests"
  tar xzf bench/gpu/out/swift-runtime.tgz -C "$runner"
  twins=HibanaTests.CUDASimulationTests,HibanaTests.StdpGPUTests/testStdpLearnsTheCPUsWeights
  twins=$twins,HibanaTests.StdpGPUTests/testPowerLawAndInhibitoryStdpLearnTheCPUsWeights,HibanaTests.StdpGPUTests/testDopamineStdpLearnsTheCPUsWeights
  twins=$twins,HibanaTests.StdpGPUTests/testCerebellarRuleLearnsTheCPUsWeights,HibanaTests.StdpGPUTests/testPlasticBatchesRunOnTheDevice
  twins=$twins,HibanaTests.GPUConstructionTests/testGPUBuildsTheHostsSynapsesOnAGPU,HibanaTests.KernelCompileTests
  twins=$twins,HibanaTests.ShortTermPlasticityGPUTests/testShortTermPlasticityIsTheCPUs
  twins=$twins,HibanaTests.GPUCheckpointTests/testCheckpointsContinueOnAGPU,HibanaTests.FloatPrecisionGPUTests
  if limit 180 env LD_LIBRARY_PATH="$runner" HIBANA_REQUIRE_NVRTC=1 "$runner/tests" "$twins" >"$out/gpu-tests.log" 2>&1; then
    say "ok   GPU tests: $(grep -E 'Executed [0-9]+ tests' "$out/gpu-tests.log" | tail -1 | sed 's/^[[:space:]]*//')"
  else
    say "FAIL GPU tests (see gpu-tests.log):"; grep -E 'error:|Executed [0-9]+ tests' "$out/gpu-tests.log" | head -20 | tee -a "$summary"
    failed=1
  fi
  grep -q "skipped" "$out/gpu-tests.log" && say "     skipped: $(grep -c 'skipped (' "$out/gpu-tests.log") (no GPU seen by the tests?)"
fi

# The statistics against NEST's (the CPU backend's validation command): the microcircuit at scale 0.1
# and full scale, Brunel's four regimes, with the references build.sh packed.
if [ -f bench/gpu/out/reference.tgz ]; then
  shared=$(mktemp -d)
  tar xzf bench/gpu/out/reference.tgz -C "$shared"
  say "--- bench/validate-stats --backend cuda:"
  if limit 240 env HIBANA_BIN="$(realpath "$bin")" HIBANA_SHARED="$shared" python3 bench/validate-stats --backend cuda --threads 8 \
      >"$out/validate-stats.log" 2>&1; then
    say "ok   validate-stats: every check passes"
  else
    say "FAIL validate-stats (see validate-stats.log):"; grep -E 'FAIL|Error|error' "$out/validate-stats.log" | head -20 | tee -a "$summary"
    failed=1
  fi
  tail -45 "$out/validate-stats.log" >> "$summary"
fi

# Plasticity's cost on the GPU: Brunel's network with its 10^7 E→E synapses as stdp_synapse (the
# CPU's `hibana plasticity bench` network), after the same network with static ones.
brunel=Examples/brunel2000/brunel2000.yaml
say "--- Brunel, static E→E:"
limit 90 "$bin" bench-gpu "$brunel" --duration 500 --profile-duration 20 --bandwidth-bytes 65536 2>&1 \
  | tee "$out/brunel-static.txt" | grep -E 'skipped|real-time factor|per step|construction: total|bytes per synapse' | tee -a "$summary"
say "--- Brunel, E→E as stdp_synapse:"
limit 120 "$bin" bench-gpu "$brunel" --set 'projections[1].synapse=stdp_synapse' \
  --set 'projections[1].synapse_params={lambda: 0.01, Wmax: 0.3}' --duration 500 --profile-duration 20 --bandwidth-bytes 65536 2>&1 \
  | tee "$out/brunel-stdp.txt" | grep -E 'skipped|real-time factor|per step|construction: total|bytes per synapse|neuron update|spike delivery|overhead' \
  | tee -a "$summary"

# Float precision's price and gain: the microcircuit with float state and rings.
say "--- the microcircuit in float:"
limit 120 "$bin" bench-gpu Examples/microcircuit/microcircuit.yaml --precision float --duration 200 --profile-duration 10 2>&1 \
  | tee "$out/microcircuit-float.txt" | grep -E 'skipped|precision|real-time factor|per step|neuron update|spike delivery|overhead|floor' \
  | tee -a "$summary"
# The same network built on the host's cores and uploaded, for the construction comparison.
say "--- every synapse built on the host:"
limit 150 "$bin" bench-gpu Examples/microcircuit/microcircuit.yaml --host-construction --duration 100 --profile-duration 10 2>&1 \
  | tee "$out/microcircuit-host-construction.txt" | tee -a "$summary"
# Batches launched kernel by kernel instead of as CUDA graphs, for the launch-overhead comparison.
say "--- without CUDA graphs:"
limit 150 env HIBANA_CUDA_GRAPHS=0 "$bin" bench-gpu Examples/microcircuit/microcircuit.yaml --duration 200 --profile-duration 10 2>&1 \
  | tee "$out/microcircuit-no-graphs.txt" | tee -a "$summary"
if [ $# -ge 2 ]; then
  (cd "$out" && tar czf - --exclude='*.csv' --exclude='*.npy' --exclude='*.html' .) > "$2/logs.tgz"
fi
exit $failed
