#!/usr/bin/env bash
# Sweep benchmark (issue 15): a "trainer":"auto" sweep with 5-fold cross-validation on credit_data (4,454 rows), timed
# alone and while wrk drives single-row predictions at full load, against scikit-learn's GridSearchCV over the same
# candidates, rows, split and folds (bench/sweep/gridsearch.py, Debian's python3-sklearn), in the same run.
#
#   bench/sweep/run.sh      PORT [5961]  CONNECTIONS [32]  WINDOW [5s]  ROUNDS [5]  PORTAL_CORES [0,1]  LOAD_CORE [1]
#
# The portal may use both cores (a 2-core box it owns); its training threads are capped at Portal:Training:MaxThreads
# (default cores - 1 = 1), so serving keeps a core. wrk runs on LOAD_CORE. Each round measures an idle window, then starts a
# sweep and measures a window inside it; the ratio is the median inside a sweep over the idle median. Writes bench/results/sweep.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT=${PORT:-5961} CONNECTIONS=${CONNECTIONS:-32} WINDOW=${WINDOW:-5s} ROUNDS=${ROUNDS:-5}
PORTAL_CORES=${PORTAL_CORES:-0,1} LOAD_CORE=${LOAD_CORE:-1}
OUT=${OUT:-bench/results/sweep.md}
WORK=$(mktemp -d /tmp/portal-sweep-bench.XXXXXX)
URL="http://127.0.0.1:$PORT"
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
trap 'pkill -f "Portal.Web.dll --urls $URL" || true; rm -rf "$WORK"' EXIT

command -v wrk >/dev/null || { s=""; [ "$(id -u)" -eq 0 ] || s=sudo; $s apt-get update -qq; $s apt-get install -y -qq wrk >/dev/null; }
dotnet build Portal.Web/Portal.Web.csproj -c Release -nologo -v quiet >/dev/null
python3 bench/monitoring/make_bodies.py samples/credit_data.csv "$WORK/predict.lua" >/dev/null

log "starting the portal (it trains and promotes the demo model credit-risk)"
env ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning ${PORTAL_ENV:-} \
  ConnectionStrings__Portal="Data Source=$WORK/portal.db" Portal__ModelsPath="$WORK/models" Portal__DataPath="$WORK" \
  Portal__Bootstrap__AdminPassword=Bench-pass-1 Portal__Monitoring__DriftIntervalMinutes=0 \
  taskset -c "$PORTAL_CORES" dotnet Portal.Web/bin/Release/net10.0/Portal.Web.dll --urls "$URL" >"$WORK/portal.log" 2>&1 &
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/health/ready")" = 200 ]; do sleep 0.5; done
TOKEN=$(curl -s -X POST "$URL/api/auth/token" -H 'Content-Type: application/json' -d '{"username":"admin","password":"Bench-pass-1"}' \
  | python3 -c 'import sys,json;print(json.load(sys.stdin)["access_token"])')
AUTH="Authorization: Bearer $TOKEN"
export PORTAL_KEY=$(curl -s -X POST "$URL/api/keys" -H "$AUTH" -H 'Content-Type: application/json' -d '{"name":"bench","role":"Admin"}' \
  | python3 -c 'import sys,json;print(json.load(sys.stdin)["key"])')
until curl -s -H "X-Api-Key: $PORTAL_KEY" "$URL/api/models/credit-risk" | grep -q '"championVersion":[0-9]'; do sleep 0.5; done
DATASET=$(curl -s -H "$AUTH" "$URL/api/datasets" | python3 -c '
import sys, json
items = json.load(sys.stdin); items = items.get("items", items) if isinstance(items, dict) else items
print(next(d["id"] for d in items if d["name"].startswith("credit_data")))')

rps() { taskset -c "$LOAD_CORE" wrk -t1 -c"$CONNECTIONS" -d"$1" -s "$WORK/predict.lua" "$URL/api/models/credit-risk/predict" | awk '/Requests\/sec/ { print $2 }'; }
train() { # $1 model name -> run id
  curl -s -X POST "$URL/api/models/$1/train" -H "$AUTH" -H 'Content-Type: application/json' \
    -d "{\"datasetId\":$DATASET,\"label\":\"Status\",\"positiveClass\":\"bad\",\"trainer\":\"auto\",\"seed\":1}" \
    | python3 -c 'import sys,json;print(json.load(sys.stdin)["runId"])'
}
status() { curl -s -H "$AUTH" "$URL/api/runs/$1" > "$WORK/run-$1.json"; python3 -c 'import sys,json;print(json.load(open(sys.argv[1]))["status"])' "$WORK/run-$1.json"; }
seconds() { python3 -c '
import sys, json
from datetime import datetime
r = json.load(open(sys.argv[1]))
f = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))
print("%.1f" % (f(r["finishedAt"]) - f(r["createdAt"])).total_seconds())' "$WORK/run-$1.json"; }

log "warm-up (20 s at full load)"
rps 20s >/dev/null
log "sweep alone"
alone=$(train sweep-alone)
while [[ "$(status "$alone")" =~ ^(queued|running)$ ]]; do sleep 1; done
[ "$(status "$alone")" = succeeded ] || { cat "$WORK/run-$alone.json" >&2; exit 1; }
alone_s=$(seconds "$alone")
log "sweep alone: $alone_s s"

# Rounds alternate an idle window and a window inside a sweep, so a slow period of a shared machine hits both alike.
declare -a idle during loaded_times
for round in $(seq "$ROUNDS"); do
  idle+=("$(rps "$WINDOW")")
  run=$(train "sweep-loaded-$round")
  during+=("$(rps "$WINDOW")")
  # A window that ended after its sweep was partly idle: the round is not counted.
  if [[ ! "$(status "$run")" =~ ^(queued|running)$ ]]; then log "round $round: the sweep ended inside the window; not counted"; unset 'during[-1]'; fi
  while [[ "$(status "$run")" =~ ^(queued|running)$ ]]; do sleep 0.5; done
  [ "$(status "$run")" = succeeded ] || { cat "$WORK/run-$run.json" >&2; exit 1; }
  loaded_times+=("$(seconds "$run")")
  log "round $round: idle ${idle[-1]} requests/s, during the sweep ${during[-1]:-?} requests/s, sweep ${loaded_times[-1]} s"
done
pkill -f "Portal.Web.dll --urls $URL" || true
sleep 1

log "scikit-learn GridSearchCV over the same candidates"
/usr/bin/python3 bench/sweep/gridsearch.py samples/credit_data.csv Status bad "$WORK/run-$alone.json" > "$WORK/sklearn.json"

python3 - "$WORK/run-$alone.json" "$WORK/sklearn.json" "$alone_s" "${loaded_times[*]}" "${idle[*]}" "${during[*]}" "$PORTAL_CORES" "$LOAD_CORE" "$CONNECTIONS" "$WINDOW" > "$OUT" <<'PY'
import json, statistics, subprocess, sys
run, sk = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
alone = float(sys.argv[3])
loaded_times, idles, during = ([float(x) for x in a.split()] for a in sys.argv[4:7])
loaded = statistics.median(loaded_times)
cores, load_core, conns, window = sys.argv[7:11]
idle = statistics.median(idles)
med_during = statistics.median(during) if during else float("nan")
cpu = subprocess.run("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2", shell=True, capture_output=True, text=True).stdout.strip()
sweep = run["sweep"]
cands = sorted(sweep["candidates"], key=lambda c: -c["meanAuc"])
print("# Sweep benchmark")
print()
print(f"Produced by `bench/sweep/run.sh` on {subprocess.run(['date', '-u', '+%Y-%m-%d %H:%M'], capture_output=True, text=True).stdout.strip()} UTC, "
      f"{subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores ({cpu}).")
print(f"Portal (Release) on cores {cores}, training threads capped at Portal:Training:MaxThreads (default: cores - 1); "
      f"wrk -t1 -c{conns} on core {load_core} sending single-row predictions of real credit_data rows to the demo champion.")
print()
print(f"`\"trainer\":\"auto\"`, {sweep['folds']}-fold stratified CV on the training part of credit_data (4,454 rows, test fraction 0.2, seed 1), "
      f"{len(cands)} candidates, best by mean fold AUC refitted and evaluated on the test split.")
print()
print("| measure | value | target |")
print("| --- | --- | --- |")
print(f"| sweep alone (run created -> finished) | **{alone:.1f} s** | < 60 s |")
print(f"| sweep under full predict load (median of {len(loaded_times)}: {', '.join(f'{t:.1f}' for t in loaded_times)}) | **{loaded:.1f} s** | < 60 s |")
print(f"| idle single-row throughput, windows of {window} (median of {', '.join(f'{r:.0f}' for r in idles)}) | {idle:.0f} requests/s | |")
print(f"| throughput inside a sweep, windows of {window} (median of {', '.join(f'{r:.0f}' for r in during)}) | {med_during:.0f} requests/s: **{med_during / idle:.2f}x** idle | >= 0.7x |")
print(f"| scikit-learn GridSearchCV, same candidates, rows, split and folds, n_jobs=1 (read + search + refit) | **{sk['seconds']:.1f} s** | |")
print(f"| Portal / scikit-learn time | {alone / sk['seconds']:.2f}x | |")
print()
chosen = next(c for c in cands if c.get("chosen"))
print(f"Portal chose {chosen['trainer']} {json.dumps(chosen['options'], sort_keys=True)}: mean fold AUC {chosen['meanAuc']:.4f}, "
      f"test AUC {run['metrics']['auc']:.4f}. scikit-learn chose {sk['best']}: mean fold AUC {sk['bestMeanAuc']:.4f}, test AUC {sk['testAuc']:.4f}.")
print()
print("| candidate | Portal mean fold AUC (std) | scikit-learn mean fold AUC |")
print("| --- | --- | --- |")
by_input = sweep["candidates"]
for i, c in enumerate(by_input):
    mark = " (chosen)" if c.get("chosen") else ""
    print(f"| {c['trainer']} {json.dumps(c['options'], sort_keys=True)}{mark} | {c['meanAuc']:.4f} ({c['stdAuc']:.4f}) | {sk['meanAucs'][i]:.4f} |")
print()
print("scikit-learn's estimators are the nearest equivalents (bench/sweep/gridsearch.py): GradientBoosting for FastTree, HistGradientBoosting for")
print("LightGbm, RandomForest for FastForest, LogisticRegression(C = 1/l2) for L-BFGS; their AUCs are close, not equal.")
PY
cat "$OUT"
