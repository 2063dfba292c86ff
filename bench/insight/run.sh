#!/usr/bin/env bash
# Insight benchmark (issue 16): single-row predict throughput of the paths issue 16 adds, against the plain path and the
# FastAPI + scikit-learn peer, over HTTP with the same bodies (1,000 real credit_data rows):
#   plain     POST /api/models/credit-risk/predict               the demo champion (FastTree, 100 trees, compiled scorer)
#   explain   POST /api/models/credit-risk/predict?explain=true  the same, with its TreeSHAP explanation
#   onnx      POST /api/models/credit-onnx/predict               a scikit-learn logistic regression exported to ONNX
#             (Portal.Tests/Core/Serving/Onnx/Fixtures/credit_logistic.onnx, one input per column), served by ONNX Runtime
#   peer      bench/peer/server.py: FastAPI + uvicorn + scikit-learn GradientBoostingClassifier(100), one worker
#
#   bench/insight/run.sh      PORT [5971]  PEER_PORT [5972]  DURATION [10s]  WARMUP [20s]  ROUNDS [3]  CONNECTIONS [32]
#                             SERVER_CORE [0]  LOAD_CORE [1]  OUT [bench/results/insight.md]
#
# Servers run pinned to SERVER_CORE, wrk to LOAD_CORE (as bench/run.sh). The portal's three paths alternate within each
# round, so a slow period of a shared machine hits them alike; the report gives medians. Targets: explain >= 0.5x plain,
# onnx >= 20x peer.
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT=${PORT:-5971} PEER_PORT=${PEER_PORT:-5972} DURATION=${DURATION:-10s} WARMUP=${WARMUP:-20s} ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-32} SERVER_CORE=${SERVER_CORE:-0} LOAD_CORE=${LOAD_CORE:-1} OUT=${OUT:-bench/results/insight.md}
PY=/usr/bin/python3
WORK=$(mktemp -d /tmp/portal-insight-bench.XXXXXX)
BASE="http://127.0.0.1:$PORT"
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
trap 'pkill -f "Portal.Web.dll --urls $BASE" || true; pkill -f "uvicorn server:app.*--port $PEER_PORT" || true; rm -rf "$WORK"' EXIT

need=()
command -v wrk >/dev/null || need+=(wrk)
"$PY" -c 'import fastapi, uvicorn, sklearn' 2>/dev/null || need+=(python3-fastapi python3-uvicorn python3-sklearn)
if [ ${#need[@]} -gt 0 ]; then s=""; [ "$(id -u)" -eq 0 ] || s=sudo; $s apt-get update -qq; $s apt-get install -y -qq "${need[@]}" >/dev/null; fi
dotnet build Portal.Web/Portal.Web.csproj -c Release -nologo -v quiet >/dev/null
"$PY" bench/monitoring/make_bodies.py samples/credit_data.csv "$WORK/predict.lua" >/dev/null

log "starting the portal (it trains and promotes the demo model credit-risk)"
env ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
  ConnectionStrings__Portal="Data Source=$WORK/portal.db" Portal__ModelsPath="$WORK/models" Portal__DataPath="$WORK" \
  Portal__Bootstrap__AdminPassword=Bench-pass-1 Portal__Monitoring__DriftIntervalMinutes=0 \
  taskset -c "$SERVER_CORE" dotnet Portal.Web/bin/Release/net10.0/Portal.Web.dll --urls "$BASE" >"$WORK/portal.log" 2>&1 &
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/health/ready")" = 200 ]; do sleep 0.5; done
TOKEN=$(curl -s -X POST "$BASE/api/auth/token" -H 'Content-Type: application/json' -d '{"username":"admin","password":"Bench-pass-1"}' \
  | "$PY" -c 'import sys,json;print(json.load(sys.stdin)["access_token"])')
AUTH="Authorization: Bearer $TOKEN"
export PORTAL_KEY=$(curl -s -X POST "$BASE/api/keys" -H "$AUTH" -H 'Content-Type: application/json' -d '{"name":"bench","role":"Viewer"}' \
  | "$PY" -c 'import sys,json;print(json.load(sys.stdin)["key"])')
until curl -s -H "X-Api-Key: $PORTAL_KEY" "$BASE/api/models/credit-risk" | grep -q '"championVersion":[0-9]'; do sleep 0.5; done
DATASET=$(curl -s -H "$AUTH" "$BASE/api/datasets" | "$PY" -c '
import sys, json
items = json.load(sys.stdin); items = items.get("items", items) if isinstance(items, dict) else items
print(next(d["id"] for d in items if d["name"].startswith("credit_data")))')

log "importing the ONNX logistic regression as credit-onnx and promoting it"
curl -sf -H "$AUTH" -F file=@Portal.Tests/Core/Serving/Onnx/Fixtures/credit_logistic.onnx -F datasetId="$DATASET" \
  -F label=Status -F positiveClass=bad "$BASE/api/models/credit-onnx/versions" > "$WORK/import.json"
curl -sf -H "$AUTH" -H 'Content-Type: application/json' -d '{"reason":"bench"}' "$BASE/api/models/credit-onnx/versions/1/promote" >/dev/null
until curl -s -H "X-Api-Key: $PORTAL_KEY" "$BASE/api/models/credit-onnx" | grep -q '"championVersion":1'; do sleep 0.5; done
curl -s -H "$AUTH" "$BASE/api/models/status" > "$WORK/status.json" || true

rps() { # rps URL DURATION -> requests/s (fails on any non-2xx answer)
  taskset -c "$LOAD_CORE" wrk -t1 -c"$CONNECTIONS" -d"$2" -s "$WORK/predict.lua" "$1" > "$WORK/wrk.txt"
  ! grep -q "Non-2xx" "$WORK/wrk.txt" || { cat "$WORK/wrk.txt" >&2; exit 1; }
  awk '/Requests\/sec/ { printf "%.0f\n", $2 }' "$WORK/wrk.txt"
}
PLAIN="$BASE/api/models/credit-risk/predict" EXPLAIN="$BASE/api/models/credit-risk/predict?explain=true" ONNX="$BASE/api/models/credit-onnx/predict"
curl -sf -X POST "$EXPLAIN" -H "X-Api-Key: $PORTAL_KEY" -H 'Content-Type: application/json' \
  -d '{"features":{"Seniority":9,"Home":"rent","Time":60,"Age":30,"Marital":"married","Records":"no","Job":"freelance","Expenses":73,"Income":129,"Assets":0,"Debt":0,"Amount":800,"Price":846}}' \
  > "$WORK/explained.json"
grep -q '"explanation"' "$WORK/explained.json" || { cat "$WORK/explained.json" >&2; exit 1; }

log "warm-up ($WARMUP per path at full load)"
for url in "$PLAIN" "$EXPLAIN" "$ONNX"; do rps "$url" "$WARMUP" >/dev/null; done
declare -a plain explain onnx peer
for round in $(seq "$ROUNDS"); do
  plain+=("$(rps "$PLAIN" "$DURATION")"); explain+=("$(rps "$EXPLAIN" "$DURATION")"); onnx+=("$(rps "$ONNX" "$DURATION")")
  log "round $round: plain ${plain[-1]}, explain ${explain[-1]}, onnx ${onnx[-1]} requests/s"
done
pkill -f "Portal.Web.dll --urls $BASE" || true
sleep 1

log "starting the peer (FastAPI + scikit-learn)"
env OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 taskset -c "$SERVER_CORE" \
  "$PY" -m uvicorn server:app --app-dir bench/peer --host 127.0.0.1 --port "$PEER_PORT" --workers 1 --no-access-log --log-level warning \
  > "$WORK/peer.log" 2>&1 &
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PEER_PORT/health")" = 200 ]; do sleep 0.5; done
PEER="http://127.0.0.1:$PEER_PORT/api/models/credit-risk/predict"
rps "$PEER" "$WARMUP" >/dev/null
for round in $(seq "$ROUNDS"); do peer+=("$(rps "$PEER" "$DURATION")"); log "round $round: peer ${peer[-1]} requests/s"; done

"$PY" - "${plain[*]}" "${explain[*]}" "${onnx[*]}" "${peer[*]}" "$WORK/import.json" "$DURATION" "$CONNECTIONS" "$SERVER_CORE" "$LOAD_CORE" > "$OUT" <<'PY'
import json, statistics, subprocess, sys
plain, explain, onnx, peer = ([float(x) for x in a.split()] for a in sys.argv[1:5])
imported = json.load(open(sys.argv[5]))
duration, conns, server_core, load_core = sys.argv[6:10]
m = {k: statistics.median(v) for k, v in dict(plain=plain, explain=explain, onnx=onnx, peer=peer).items()}
run = lambda *a: subprocess.run(list(a), capture_output=True, text=True).stdout.strip()
cpu = subprocess.run("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2", shell=True, capture_output=True, text=True).stdout.strip()
fmt = lambda v: ", ".join(f"{x:.0f}" for x in v)
print("# Insight benchmark: explanations and ONNX serving")
print()
print(f"Produced by `bench/insight/run.sh` on {run('date', '-u', '+%Y-%m-%d %H:%M')} UTC, {run('nproc')} cores ({cpu}).")
print(f"Each server pinned to core {server_core}; wrk -t1 -c{conns} on core {load_core}, {duration} per window, bodies cycling through")
print("1,000 real credit_data rows (the same for every server). Medians of the rounds; the portal's paths alternate within a round.")
print()
print("| path | requests/s (median) | rounds | ratio | target |")
print("| --- | --- | --- | --- | --- |")
print(f"| plain predict, demo FastTree (compiled) | {m['plain']:.0f} | {fmt(plain)} | | |")
print(f"| `?explain=true`, same model, TreeSHAP per row | {m['explain']:.0f} | {fmt(explain)} | **{m['explain'] / m['plain']:.2f}x** plain | >= 0.5x {'met' if m['explain'] / m['plain'] >= 0.5 else '**not met**'} |")
print(f"| ONNX logistic regression (ONNX Runtime) | {m['onnx']:.0f} | {fmt(onnx)} | **{m['onnx'] / m['peer']:.1f}x** the peer | >= 20x {'met' if m['onnx'] / m['peer'] >= 20 else '**not met**'} |")
print(f"| peer: FastAPI + scikit-learn GradientBoosting(100) | {m['peer']:.0f} | {fmt(peer)} | | |")
print()
print(f"The ONNX version: test AUC {imported['metrics']['auc']:.3f} on credit_data's held-out split; scorer as the portal reports it: "
      f"{imported.get('scorer', imported.get('scorerKind', 'onnx'))}.")
PY
log "wrote $OUT"
cat "$OUT"
