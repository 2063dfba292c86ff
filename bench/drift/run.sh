#!/usr/bin/env bash
# Drift benchmark (issue 5): Portal's per-feature drift statistics (KS D + p-value, Wasserstein, PSI, Jensen-Shannon)
# on 1,000,000 reference x 1,000,000 current rows x 20 numeric features, against scipy/numpy on the same arrays:
# statistics must agree to 1e-9 (relative), times are compared. Prints a markdown section and writes it to
# bench/results/drift.md; exits non-zero when a statistic disagrees.
# Knobs (environment): ROWS (rows per side, 1000000), FEATURES (20), RUNS (Portal runs, median, 5),
# PLAIN=0 skips the context timings of Python without a cached reference (saves ~25 s).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${ROWS:-1000000}
FEATURES=${FEATURES:-20}
RUNS=${RUNS:-5}
PLAIN=${PLAIN:-1}
PY=/usr/bin/python3   # Debian's python with python3-scipy; the pyenv python3 on PATH has no scipy
OUT=bench/results/drift.md
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

if ! "$PY" -c 'import numpy, scipy' 2>/dev/null; then
  echo "Installing python3-scipy and python3-numpy for the reference side..." >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq python3-scipy python3-numpy >/dev/null
fi

echo "Building Portal.DriftBench (Release)..." >&2
dotnet build bench/Portal.DriftBench/Portal.DriftBench.csproj -c Release -nologo -v quiet >&2

echo "Python: generating ${FEATURES} x ${ROWS} x 2 values and timing scipy/numpy (about a minute)..." >&2
plain_flag=()
[ "$PLAIN" = 1 ] || plain_flag=(--no-plain)
"$PY" bench/drift/reference.py "$WORK" --rows "$ROWS" --features "$FEATURES" "${plain_flag[@]}"

echo "Portal: ${RUNS} timed runs..." >&2
mkdir -p "$(dirname "$OUT")"
status=0
dotnet bench/Portal.DriftBench/bin/Release/net10.0/Portal.DriftBench.dll --data "$WORK" --python "$WORK/python.json" \
  --out "$WORK/dotnet.json" --markdown "$OUT" --runs "$RUNS" || status=$?
[ $status -eq 0 ] && echo "Wrote $OUT" >&2 || echo "Drift benchmark: statistics disagree or the run failed (exit $status)" >&2
exit $status
