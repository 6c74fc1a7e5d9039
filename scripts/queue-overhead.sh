#!/usr/bin/env bash
# The queue's overhead: one small sweep run locally with 2 processes, then through the queue (a private
# redis-server on port 6411) with 2 workers on this machine, alternating, twice; both must give the same
# metrics (timings aside). Usage: bash scripts/queue-overhead.sh [WORK_DIR]   (README: "Sweeps over many machines")
set -euo pipefail
WORK="${1:-$(mktemp -d)}"
cd "$(dirname "$0")/.."
SWEEP=(--config "task=parity&bits=4&hidden=4&batch=4" --tau 0.001,0.01,0.1 --seeds 2 --steps 200 --log-every 10 --eval 100)
PORT=6411
rm -rf "$WORK"/redis "$WORK"/out; mkdir -p "$WORK"/redis "$WORK"/out
redis-server --port $PORT --bind 127.0.0.1 --dir "$WORK"/redis --appendonly yes --save '' > "$WORK"/redis.log 2>&1 &
REDIS=$!
sleep 1
for round in 1 2; do
  start=$(date +%s.%N)
  node --import tsx src/cli/main.ts sweep "${SWEEP[@]}" --workers 2 --out "$WORK"/out/local$round 2> "$WORK"/local$round.log
  end=$(date +%s.%N)
  echo "round $round local (2 processes): $(echo "$end - $start" | bc) s"
  node --import tsx src/cli/main.ts worker --queue redis://127.0.0.1:$PORT/0 --queue-name m$round 2> "$WORK"/w1-$round.log & W1=$!
  node --import tsx src/cli/main.ts worker --queue redis://127.0.0.1:$PORT/0 --queue-name m$round 2> "$WORK"/w2-$round.log & W2=$!
  sleep 8  # the workers start before the clock does: a lab's workers are already up
  start=$(date +%s.%N)
  node --import tsx src/cli/main.ts sweep "${SWEEP[@]}" --queue redis://127.0.0.1:$PORT/0 --queue-name m$round --out "$WORK"/out/queued$round 2> "$WORK"/queued$round.log
  end=$(date +%s.%N)
  echo "round $round queue (2 workers): $(echo "$end - $start" | bc) s"
  kill $W1 $W2 || true
  cmp <(grep -v -E 'msPerStep|wallSeconds' "$WORK"/out/local$round/metrics.csv) <(grep -v -E 'msPerStep|wallSeconds' "$WORK"/out/queued$round/metrics.csv) && echo "round $round: same metrics (timings aside)"
done
kill $REDIS
