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

NOTE=${NOTE:-} "$PY" - "$OUT" "$CORES" "$PORTAL_THREADS" "$SKLEARN_THREADS" "${results[@]}" <<'PY'
import json, os, subprocess, sys
out, cores, portal_threads, sk_threads, rest = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
runs = [(int(rest[i]), json.load(open(rest[i + 1])), json.load(open(rest[i + 2]))) for i in range(0, len(rest), 3)]
cpu = subprocess.run("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2", shell=True, capture_output=True, text=True).stdout.strip()
mem = subprocess.run("free -g | awk '/Mem:/ {print $2}'", shell=True, capture_output=True, text=True).stdout.strip()
date = subprocess.run(["date", "-u", "+%Y-%m-%d %H:%M"], capture_output=True, text=True).stdout.strip()
f = lambda v, d=1: "n/a" if v is None else f"{v:.{d}f}"
ratio = lambda a, b: "n/a" if a is None or not b else f"{a / b:.2f}x"
lines = [
    "# Scale benchmark (issue 19)", "",
    f"Produced by `bench/scale/run.sh` on {date} UTC: {cores} cores ({cpu}), {mem} GiB. Portal: the published Release app, SQLite,",
    f"LightGbm with its defaults (100 iterations, 8 leaves, learning rate 0.1, 10 rows a leaf) on {portal_threads} training thread(s)",
    f"(Portal:Training:MaxThreads, default cores - 1); scikit-learn {__import__('sklearn').__version__} HistGradientBoostingClassifier with the same",
    f"options, max_bins 255, no early stopping, native categorical support, OMP_NUM_THREADS={sk_threads}; both on the same file and",
    "the same split (test fraction 0.2, seed 1; tools/reference/split.py). Data: bench/scale/generate.py (seed 19), 20 columns:",
    "12 numeric (3 with missing values), 7 categorical (3 to 200 categories, one with missing values), label `default` (about 20% yes).", "",
    "Portal seconds are wall time measured by the client (upload: curl's request until the 201, which comes after the",
    "profile; training: the POST until the run's poll shows it finished); CPU seconds are the portal process's utime + stime",
    "over the step (/proc/PID/stat). Peak RSS is VmHWM after the step, reset before it (/proc/PID/clear_refs), so each",
    "step's own peak; the process's whole-run peak is the larger of the two. scikit-learn: read = pandas.read_csv + encoding,",
    "peak RSS = ru_maxrss of the whole script.", "",
] + ([os.environ["NOTE"], ""] if os.environ.get("NOTE") else []) + [
    "| rows | file | step | Portal s (CPU s) | scikit-learn s (CPU s) | Portal / sklearn | test AUC Portal | test AUC sklearn | peak RSS Portal | peak RSS sklearn |",
    "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
]
stage_rows = []
for rows, p, s in runs:
    up, tr = p.get("upload", {}), p.get("train", {})
    def cell(step):
        if step.get("killed"):
            return f"killed at {step['maxSampledRssMb']:.0f} MB RSS after {step['seconds']:.0f} s"
        return f"{f(step.get('seconds'))} ({f(step.get('cpuSeconds'))})" if step else "n/a"
    def rss(step):
        return "n/a" if not step else f"{step.get('peakRssMb', step.get('maxSampledRssMb', 0)):.0f} MB"
    n = f"{rows:,}"
    size = f"{p['fileMb']:.0f} MB"
    lines.append(f"| {n} | {size} | upload + profile | {cell(up)} | read {f(s['readSeconds'])} ({f(s['readCpuSeconds'])}) | "
                 f"{ratio(up.get('seconds'), s['readSeconds'])} | | | {rss(up)} | |")
    sk_train = s["splitSeconds"] + s["fitSeconds"] + s["scoreSeconds"]
    sk_train_cpu = s["splitCpuSeconds"] + s["fitCpuSeconds"]
    lines.append(f"| {n} | {size} | LightGbm training | {cell(tr)} | split + fit + score {f(sk_train)} ({f(sk_train_cpu)}+) | "
                 f"{ratio(tr.get('seconds'), sk_train)} | {f(tr.get('auc'), 4)} | {f(s['testAuc'], 4)} | {rss(tr)} | |")
    total_p = None if up.get("killed") or tr.get("killed") or not tr else up["seconds"] + tr["seconds"]
    lines.append(f"| {n} | {size} | **total** | **{f(total_p)}** | **{f(s['totalSeconds'] + s['scoreSeconds'])}** | "
                 f"**{ratio(total_p, s['totalSeconds'] + s['scoreSeconds'])}** | | | "
                 f"{max(up.get('peakRssMb', 0), tr.get('peakRssMb', 0)):.0f} MB | {s['peakRssMb']:.0f} MB |")
    if tr.get("stages"):
        st = tr["stages"]
        stage_rows.append(f"| {n} | " + " | ".join(
            f"{st[k]['seconds']:.1f} ({st[k]['cpuSeconds']:.1f})" if k in st else "n/a"
            for k in ("load", "fit", "score", "importance", "finish")) + f" | {s['fitSeconds']:.1f} ({s['fitCpuSeconds']:.1f}) |")
lines += ["", "Where Portal's training spends its time, from the run's progress polled every 0.2 s (wall s (CPU s of the process));",
          "stages as Portal.Core/Training/ModelTrainer.cs reports them: load = the table (kept in memory since the upload, so",
          "not parsed again), feature preparation and the split; fit = the ML.NET pipeline (mean imputation, one-hot, LightGbm); score = test split scored and metrics;",
          "importance = permutation importance; finish = save the zip, SHAP background and mean |SHAP|, register the version.", "",
          "| rows | load | fit | score | importance | finish | scikit-learn fit |", "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
lines += stage_rows
lines += ["", "Raw figures: the JSON file beside this one."]
open(out, "w").write("\n".join(lines) + "\n")
json.dump([{"rows": r, "portal": p, "sklearn": s} for r, p, s in runs], open(out[:-3] + ".json", "w"), indent=1)
PY
cat "$OUT"
