#!/usr/bin/env bash
# Runs the seed tutorial (../shared/acceptance/tutorial.sh) against the built server on a fast clock.
# Starts the server on a free 127.0.0.1 port, waits for /_mock/health, and always stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
TUTORIAL="${TUTORIAL:-../shared/acceptance/tutorial.sh}"
if [ ! -f "$TUTORIAL" ]; then
  echo "acceptance: $TUTORIAL not found; skipping" >&2
  exit 0
fi
[ -f dist/server.js ] || npm run build --silent

port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
log=$(mktemp)
MOCK_TIME_SCALE="${MOCK_TIME_SCALE:-3600}" PORT="$port" HOST=127.0.0.1 LOG_LEVEL=warn node dist/server.js >"$log" 2>&1 &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -f "$log"
}
trap cleanup EXIT

for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/_mock/health" >/dev/null 2>&1 && break
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "acceptance: the server exited early:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.1
done
curl -fs "http://127.0.0.1:$port/_mock/health" >/dev/null || { echo "acceptance: server not healthy" >&2; cat "$log" >&2; exit 1; }

DATAROBOT_ENDPOINT="http://127.0.0.1:$port/api/v2" bash "$TUTORIAL"
