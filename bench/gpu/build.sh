#!/usr/bin/env bash
# Builds a self-contained `hibana` for a GPU machine, which has no Swift toolchain: the Swift
# runtime and Foundation are linked statically; CUDA is not linked at all (dlopen at run time).
# Its own scratch path keeps the ordinary release build untouched.
#   bench/gpu/build.sh            → bench/gpu/out/hibana.gz (stripped, ~24 MB) to carry:
#                                   the device tool carries at most 64 MiB, the binary is ~85 MB;
#                                   and the XCTest runner (tests.gz) with the Swift runtime it loads
#                                   (swift-runtime.tgz, ~27 MB; XCTest has no static build), so that
#                                   device-check.sh runs the real-GPU twins of the emulated tests;
#                                   and NEST's statistics for bench/validate-stats (reference.tgz)
# On the GPU machine (driver + NVRTC from the CUDA toolkit, or HIBANA_NVRTC=/path/libnvrtc.so.12):
#   ./hibana bench-gpu MODEL.yaml          # e.g. the full-scale microcircuit model file
#   ./hibana run MODEL.yaml --backend cuda
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then export PATH=/opt/swift/usr/bin:$PATH; fi
swift build -c release --static-swift-stdlib --scratch-path .build-static --product hibana
mkdir -p bench/gpu/out
# Only compressed files stay in out/, so the folder can be carried as it is (device-check.sh unpacks).
rm -f bench/gpu/out/hibana
binary=.build-static/release/hibana
# It must run here, without the toolchain's libraries on the loader path.
env -u LD_LIBRARY_PATH "$binary" --help >/dev/null
echo "non-system libraries it needs (should be none):"
ldd "$binary" | grep -v -E 'linux-vdso|libc\.so|libm\.so|libdl|libpthread|librt|ld-linux|libgcc_s|libstdc\+\+|libutil' || true
strip -o bench/gpu/out/hibana.stripped "$binary"
gzip -9 -c bench/gpu/out/hibana.stripped > bench/gpu/out/hibana.gz
rm bench/gpu/out/hibana.stripped
ls -l "$binary" bench/gpu/out/hibana.gz
# The test runner as `swift test -c release` builds it (testable imports), stripped, and the
# toolchain libraries it links, taken from its own ldd.
swift test -c release --list-tests >/dev/null
runner=.build/release/HibanaPackageTests.xctest
strip -o bench/gpu/out/tests "$runner"
gzip -9 -f bench/gpu/out/tests
libs=$(ldd "$runner" | awk '$3 ~ /\/swift\/linux\// { print $3 }')
tar czf bench/gpu/out/swift-runtime.tgz -C "$(dirname "$(echo "$libs" | head -1)")" $(for l in $libs; do basename "$l"; done)
# NEST's statistics that bench/validate-stats reads (a few kB), for its --backend cuda run there.
tar czf bench/gpu/out/reference.tgz -C ../shared reference/microcircuit/seeds_scale0.1.json \
  reference/microcircuit/rates_scale1.0_threads4_seed55.json reference/microcircuit/rates_scale1.0_threads2_splitsyn_seed55.json \
  reference/brunel/brunel_AI_stats.json
ls -l bench/gpu/out/tests.gz bench/gpu/out/swift-runtime.tgz bench/gpu/out/reference.tgz
