#!/usr/bin/env bash
# Runs the packed bench (bench/gpu/pack.sh) on a machine with an NVIDIA GPU: `--dawn` WebGPU beside one-thread
# WASM. Writes gpu.json and log.txt into $OUT (default /tmp/gpu-bench).
set -uo pipefail
cd "$(dirname "$0")/../.."
G=$PWD/.gpu
OUT=${OUT:-/tmp/gpu-bench}
R=/tmp/gpu-bench-root
mkdir -p "$OUT" $R
xz -dc "$G/node.xz" >$R/node && chmod +x $R/node
dawn=$(cd "$G" && ls *-dawn.node.xz) && xz -dc "$G/$dawn" >"$R/${dawn%.xz}"
for deb in "$G"/libvulkan1_*.deb; do dpkg -x "$deb" $R; done
export LD_LIBRARY_PATH=$R/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
# The NVIDIA driver's Vulkan ICD, where the container mounts it outside the loader's search path.
for icd in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json; do
  [ -f "$icd" ] && export VK_DRIVER_FILES=$icd VK_ICD_FILENAMES=$icd && break
done
nvidia-smi --query-gpu=name,driver_version,clocks.sm,memory.used --format=csv 2>&1 | tee "$OUT/gpu.txt"
echo "node $($R/node --version), Vulkan ICD ${VK_DRIVER_FILES:-none found}" | tee -a "$OUT/gpu.txt"
BENCH_TEXT=$G/enwik8-head.xml $R/node "$G/bench.mjs" --dawn "$R/${dawn%.xz}" --out "$OUT/gpu.json" 2>&1 | tee "$OUT/log.txt"
