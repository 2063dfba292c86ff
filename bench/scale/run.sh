#!/usr/bin/env bash
# Scale benchmark (issue 19): upload + profile and LightGbm training of a generated 20-column credit-like CSV through the
# published portal's REST API, against scikit-learn's HistGradientBoostingClassifier on the same file and split.
#
#   bench/scale/run.sh      SIZES ["1000000 5000000"]  PORT [5620]  RSS_LIMIT_MB [8192]  SKLEARN_THREADS [Portal's training threads]
#                           OUT [bench/results/scale.md]  KEEP_WORK [0]  NOTE [""]: a sentence on the machine's state, into OUT
#
# For each size: bench/scale/generate.py writes the file once into artifacts/scale/ (seed 19; kept for later runs); the
# published portal (artifacts/publish: `dotnet publish Portal.Web -c Release -o artifacts/publish --no-build`) starts
# fresh in a scratch data folder, demo off, upload limit raised (Portal__Datasets__MaxUploadMegabytes, default 200 MB);
# bench/scale/portal_run.py uploads the file and trains LightGbm (label "default", positive class "yes", Portal's
# defaults: 100 iterations, 8 leaves) and reads the peak RSS (VmHWM, reset before each step) and CPU time of the process;
# the portal is stopped; then bench/scale/sklearn_baseline.py reads, splits and fits the same file, with as many
# OpenMP threads as Portal's trainer gets (Portal:Training:MaxThreads, default cores - 1). A portal past RSS_LIMIT_MB is
# killed and the step reported as such. Writes OUT (a markdown table) and the raw JSON beside it (OUT without .md + .json).
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZES=${SIZES:-"1000000 5000000"}
PORT=${PORT:-5620}
RSS_LIMIT_MB=${RSS_LIMIT_MB:-8192}
CORES=$(nproc)
PORTAL_THREADS=$(( CORES > 1 ? CORES - 1 : 1 ))
SKLEARN_THREADS=${SKLEARN_THREADS:-$PORTAL_THREADS}
OUT=${OUT:-bench/results/scale.md}
PY=/usr/bin/python3
DLL=artifacts/publish/Portal.Web.dll
URL="http://127.0.0.1:$PORT"
WORK=$(mktemp -d /tmp/portal-scale-bench.XXXXXX)
PORTAL_PID=""
log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
stop_portal() { if [ -n "$PORTAL_PID" ]; then kill "$PORTAL_PID" 2>/dev/null || true; wait "$PORTAL_PID" 2>/dev/null || true; PORTAL_PID=""; fi; }
trap 'stop_portal; if [ "${KEEP_WORK:-0}" = 1 ]; then log "scratch folder kept: $WORK"; else rm -rf "$WORK"; fi' EXIT

[ -f "$DLL" ] || { echo "$DLL is missing: dotnet build Portal.sln -c Release && dotnet publish Portal.Web -c Release -o artifacts/publish --no-build" >&2; exit 1; }
"$PY" -c 'import numpy, pandas, sklearn' 2>/dev/null || { s=""; [ "$(id -u)" -eq 0 ] || s=sudo; $s apt-get install -y -qq python3-sklearn python3-pandas >/dev/null; }
mkdir -p artifacts/scale

results=()
for rows in $SIZES; do
  data=artifacts/scale/credit-$rows.csv
  if [ ! -s "$data" ]; then
    log "generating $data"
    "$PY" bench/scale/generate.py "$data.tmp" --rows "$rows" && mv "$data.tmp" "$data"
  fi
  mb=$(( $(stat -c %s "$data") / 1048576 + 64 ))
  root="$WORK/portal-$rows"; mkdir -p "$root"
  log "starting the published portal for $rows rows (upload limit $mb MB)"
  # Started from its own data folder, as tests' PortalProcess does: the portal finds its files relative to itself.
  ( cd "$root" && exec env ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
      ConnectionStrings__Portal="Data Source=$root/portal.db" Portal__ModelsPath="$root/models" Portal__DataPath="$root" \
      Portal__Bootstrap__AdminPassword=Bench-pass-1 Portal__Demo__Enabled=false Portal__Datasets__MaxUploadMegabytes="$mb" \
      Portal__Monitoring__DriftIntervalMinutes=0 Portal__Retraining__Enabled=false \
      dotnet "$OLDPWD/$DLL" --urls "$URL" >"$root/portal.log" 2>&1 ) &
  PORTAL_PID=$!
  for _ in $(seq 240); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/health/ready")" = 200 ] && break
    kill -0 "$PORTAL_PID" 2>/dev/null || { cat "$root/portal.log" >&2; exit 1; }
    sleep 0.5
  done
  log "uploading and training through the API"
  "$PY" bench/scale/portal_run.py "$URL" "$PORTAL_PID" "$data" --model "scale-$rows" --rss-limit-mb "$RSS_LIMIT_MB" > "$WORK/portal-$rows.json"
  cat "$WORK/portal-$rows.json" >&2
  stop_portal
  log "scikit-learn HistGradientBoostingClassifier ($SKLEARN_THREADS threads)"
  OMP_NUM_THREADS=$SKLEARN_THREADS "$PY" bench/scale/sklearn_baseline.py "$data" > "$WORK/sklearn-$rows.json"
  cat "$WORK/sklearn-$rows.json" >&2
  results+=("$rows" "$WORK/portal-$rows.json" "$WORK/sklearn-$rows.json")
done

"$PY" bench/scale/report.py "$OUT" "$CORES" "$PORTAL_THREADS" "$SKLEARN_THREADS" "${results[@]}"
cat "$OUT"
