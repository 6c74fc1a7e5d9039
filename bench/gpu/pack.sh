#!/usr/bin/env bash
# Packs the bench for a machine with a GPU and no Node (the workplace's lent GPU machines): into .gpu/ (ignored,
# ~35 MB) go this machine's node binary (xz), the bench bundled into one file with TF.js and its WASM binaries,
# Dawn's dawn.node from the `webgpu` npm package, the Vulkan loader (Debian's libvulkan1) and 1 MB of enwik8.
# Needs the npm registry and Debian's package lists once. Then run bench/gpu/run.sh there (README.md beside this).
set -euo pipefail
cd "$(dirname "$0")/../.."
DAWN_VERSION=0.6.2
OUT=.gpu
TEXT=${BENCH_TEXT:-../shared/data/enwik8-head.xml}
rm -rf "$OUT" && mkdir -p "$OUT"

# The bench bundled; its Chromium half (Vite, Playwright: not there) is a chunk of its own that a --dawn run never loads.
npx esbuild bench/run.ts --bundle --splitting --platform=node --format=esm --target=node20 --log-level=warning \
  --external:playwright-core --external:vite --outdir="$OUT" --entry-names=bench --out-extension:.js=.mjs \
  --banner:js="import { createRequire as __cr } from 'node:module'; import { fileURLToPath as __fu } from 'node:url'; const require = __cr(import.meta.url); const __filename = __fu(import.meta.url); const __dirname = __filename.replace(/\/[^/]*$/, '');"
# TF.js's WASM backend looks for its binaries beside the script that loads it.
cp node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm "$OUT/"

work=$(mktemp -d)
(cd "$work" && npm pack --silent "webgpu@$DAWN_VERSION" >/dev/null && tar xzf "webgpu-$DAWN_VERSION.tgz")
xz -T0 -6 -c "$work/package/dist/linux-x64/dawn.node" >"$OUT/webgpu-$DAWN_VERSION-dawn.node.xz"
(cd "$work" && apt-get download libvulkan1 >/dev/null 2>&1 || { apt-get update -qq && apt-get download libvulkan1; })
cp "$work"/libvulkan1_*.deb "$OUT/"
rm -rf "$work"

head -c 1000000 "$TEXT" >"$OUT/enwik8-head.xml"
xz -T0 -6 -c "$(command -v node)" >"$OUT/node.xz"
du -sh "$OUT"
