#!/usr/bin/env bash
# Builds a self-contained `hibana` for a GPU machine, which has no Swift toolchain: the Swift
# runtime and Foundation are linked statically; CUDA is not linked at all (dlopen at run time).
# Its own scratch path keeps the ordinary release build untouched.
#   bench/gpu/build.sh            → bench/gpu/out/hibana, and hibana.gz (stripped, ~24 MB) to carry:
#                                   the device tool carries at most 64 MiB, the binary is ~85 MB
# On the GPU machine (driver + NVRTC from the CUDA toolkit, or HIBANA_NVRTC=/path/libnvrtc.so.12):
#   ./hibana bench-gpu MODEL.yaml          # e.g. the full-scale microcircuit model file
#   ./hibana run MODEL.yaml --backend cuda
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then export PATH=/opt/swift/usr/bin:$PATH; fi
swift build -c release --static-swift-stdlib --scratch-path .build-static --product hibana
mkdir -p bench/gpu/out
cp .build-static/release/hibana bench/gpu/out/hibana
# It must run here, without the toolchain's libraries on the loader path.
env -u LD_LIBRARY_PATH bench/gpu/out/hibana --help >/dev/null
echo "non-system libraries it needs (should be none):"
ldd bench/gpu/out/hibana | grep -v -E 'linux-vdso|libc\.so|libm\.so|libdl|libpthread|librt|ld-linux|libgcc_s|libstdc\+\+|libutil' || true
strip -o bench/gpu/out/hibana.stripped bench/gpu/out/hibana
gzip -9 -c bench/gpu/out/hibana.stripped > bench/gpu/out/hibana.gz
rm bench/gpu/out/hibana.stripped
ls -l bench/gpu/out/hibana bench/gpu/out/hibana.gz
