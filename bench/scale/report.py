#!/usr/bin/python3
"""Writes bench/results/scale.md from the raw figures of bench/scale/run.sh (also usable alone on a kept scratch folder).

    NOTE="..." /usr/bin/python3 bench/scale/report.py OUT.md CORES PORTAL_THREADS SKLEARN_THREADS [ROWS PORTAL.json SKLEARN.json]...

PORTAL.json is bench/scale/portal_run.py's output, SKLEARN.json bench/scale/sklearn_baseline.py's ("-" when not run).
Writes OUT.md and the figures together as OUT.json.
"""
import json, os, subprocess, sys
out, cores, portal_threads, sk_threads, rest = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
load = lambda path: {} if path == "-" else json.load(open(path))
runs = [(int(rest[i]), load(rest[i + 1]), load(rest[i + 2])) for i in range(0, len(rest), 3)]
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
def add(a, b):
    return None if a is None or b is None else a + b


for rows, p, s in runs:
    up, tr = p.get("upload", {}), p.get("train", {})

    def cell(step):
        if step.get("killed"):
            return f"killed at {step['maxSampledRssMb']:.0f} MB RSS after {step['seconds']:.0f} s"
        if step.get("stopped"):
            return f"stopped unfinished after {step['seconds']:.0f} ({step['cpuSeconds']:.0f}), progress {step.get('progress')}"
        return f"{f(step.get('seconds'))} ({f(step.get('cpuSeconds'))})" if step else "not run"

    def rss(step):
        return "n/a" if not step else f"{step.get('peakRssMb', step.get('maxSampledRssMb', 0)):.0f} MB"

    n, size = f"{rows:,}", f"{p.get('fileMb', 0):.0f} MB"
    sk_read = s.get("readSeconds")
    sk_train = add(add(s.get("splitSeconds"), s.get("fitSeconds")), s.get("scoreSeconds"))
    sk_train_cpu = add(s.get("splitCpuSeconds"), s.get("fitCpuSeconds"))
    sk_total = add(s.get("totalSeconds"), s.get("scoreSeconds"))
    lines.append(f"| {n} | {size} | upload + profile | {cell(up)} | read {f(sk_read)} ({f(s.get('readCpuSeconds'))}) | "
                 f"{ratio(up.get('seconds'), sk_read)} | | | {rss(up)} | |")
    lines.append(f"| {n} | {size} | LightGbm training | {cell(tr)} | split + fit + score {f(sk_train)} ({f(sk_train_cpu)} without score) | "
                 f"{'> ' if tr.get('stopped') else ''}{ratio(tr.get('seconds'), sk_train)} | {f(tr.get('auc'), 4)} | {f(s.get('testAuc'), 4)} | {rss(tr)} | |")
    total_p = None if up.get("killed") or tr.get("killed") or tr.get("stopped") or not tr else up["seconds"] + tr["seconds"]
    peak_p = max(up.get("peakRssMb", up.get("maxSampledRssMb", 0)), tr.get("peakRssMb", tr.get("maxSampledRssMb", 0)))
    lines.append(f"| {n} | {size} | **total** | **{f(total_p)}** | **{f(sk_total)}** | **{ratio(total_p, sk_total)}** | | | "
                 f"{peak_p:.0f} MB | {f(s.get('peakRssMb'), 0)} MB |")
    if tr.get("stages"):
        st = tr["stages"]
        names = ("accept", "load", "fit", "score", "importance", "finish")
        if tr.get("stopped"):
            # The stage the run was in when the wait stopped: at least the time left over.
            current = next(k for k in names[1:] if k not in st)
            left = (tr["seconds"] - sum(v["seconds"] for v in st.values()), tr["cpuSeconds"] - sum(v["cpuSeconds"] for v in st.values()))
            st = {**st, current: {"text": f"> {left[0]:.0f} (> {left[1]:.0f}), unfinished"}}
        stage_rows.append(f"| {n} | " + " | ".join(
            st[k].get("text") or f"{st[k]['seconds']:.1f} ({st[k]['cpuSeconds']:.1f})" if k in st else "n/a"
            for k in ("accept", "load", "fit", "score", "importance", "finish")) + f" | {f(s.get('fitSeconds'))} ({f(s.get('fitCpuSeconds'))}) | "
            + (f"{ratio(st['fit']['seconds'], s.get('fitSeconds'))} ({ratio(st['fit']['cpuSeconds'], s.get('fitCpuSeconds'))}) |" if "fit" in st else "n/a |"))
lines += ["", "Where Portal's training spends its time, from the run's progress polled every 0.2 s (wall s (CPU s of the process));",
          "stages as Portal.Core/Training/ModelTrainer.cs reports them: accept = POST train until its 202 (the request is validated\n"
          "against the table first); load = the table (kept in memory since the upload, so",
          "not parsed again), feature preparation and the split; fit = the ML.NET pipeline (mean imputation, one-hot, LightGbm);",
          "score = the test split scored and its metrics;",
          "importance = permutation importance; finish = save the zip, SHAP background and mean |SHAP|, register the version.", "",
          "| rows | accept | load | fit | score | importance | finish | scikit-learn fit | fit Portal / sklearn (CPU) |",
          "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
lines += stage_rows
lines += ["", "Raw figures: the JSON file beside this one."]
open(out, "w").write("\n".join(lines) + "\n")
json.dump([{"rows": r, "portal": p, "sklearn": s} for r, p, s in runs], open(out[:-3] + ".json", "w"), indent=1)
