#!/usr/bin/env python3
"""Python side of the drift benchmark (issue 5): data, scipy/numpy statistics and their timings.

    /usr/bin/python3 bench/drift/reference.py OUTDIR [--rows 1000000] [--features 20] [--seed 20261]

Writes OUTDIR/ref.bin and OUTDIR/cur.bin (raw little-endian float64, feature-major: feature 0's rows, then
feature 1's, ...), OUTDIR/meta.json (sizes and feature descriptions) and OUTDIR/python.json (statistics and timings).

Per feature, with the definitions Portal uses (Portal.Core/Statistics and Portal.Core/Drift):
  ks_statistic, ks_pvalue  scipy.stats.ks_2samp(ref, cur) (method 'auto': asymptotic kstwo above 10,000 rows)
  wasserstein              scipy.stats.wasserstein_distance(ref, cur), the raw distance
  wasserstein_normed       that / max(np.std(ref), 0.001) (Evidently's normed distance, what Portal reports)
  psi, js                  Evidently's binning: np.histogram_bin_edges(concat(ref, cur), 30), np.histogram of each
                           side, shares; PSI = sum((r - c) ln(r / c)) with zero shares set to 0.0001;
                           JS = scipy.spatial.distance.jensenshannon(r, c, 2)

What is timed (time.perf_counter wall time, and time.process_time CPU time as *_cpu_s; one pass per variant, as a
scipy pass takes ~20 s; numpy/scipy run these on one thread, so CPU time is about wall time on an idle machine):
  ref_prep        once per model version: np.sort of each reference column, its min/max and np.std.
  ks_w            per run: ks_2samp + wasserstein_distance given the *pre-sorted* reference (scipy sorts its inputs
                  internally; re-sorting sorted data is cheaper, which is the advantage Portal's cached profile has).
  psi_js          per run: edges from the cached reference min/max and the current min/max (identical to
                  histogram_bin_edges of the concatenation), reference counts by np.searchsorted on the sorted
                  reference, np.histogram of the current window, PSI and JS.
  ks_w_plain, psi_js_plain   the same statistics as one would write them without a cached reference (unsorted
                  reference, Evidently's concat + two np.histogram): context only.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance

BINS = 30


def make_features(rng, n_ref, n_cur, count):
    """(name, reference, current) per feature: a mix of shapes, ties (rounded values, -0.0 and 0.0), drifted or not."""
    def normal(mu=0.0, sd=1.0):
        return lambda n: rng.normal(mu, sd, n)

    specs = [
        ("normal_same", normal(), normal()),
        ("normal_shift_0.005", normal(), normal(0.005)),      # KS p-value by Pelz-Good or Smirnov (n D^2 near 2)
        ("normal_shift_0.02", normal(), normal(0.02)),        # small p-value by 2 * smirnov
        ("normal_scale_1.1", normal(), normal(0, 1.1)),
        ("lognormal_same", lambda n: rng.lognormal(0, 0.5, n), lambda n: rng.lognormal(0, 0.5, n)),
        ("lognormal_shift", lambda n: rng.lognormal(0, 0.5, n), lambda n: rng.lognormal(0.1, 0.5, n)),
        ("exponential_same", lambda n: rng.exponential(2.0, n), lambda n: rng.exponential(2.0, n)),
        ("uniform_shift", lambda n: rng.uniform(0, 1, n), lambda n: rng.uniform(0.01, 1.01, n)),
        # Rounded to 0.1: heavy ties, and np.round gives -0.0 for small negatives, so -0.0 and 0.0 both occur.
        ("normal_round1_same", lambda n: np.round(rng.normal(0, 1, n), 1), lambda n: np.round(rng.normal(0, 1, n), 1)),
        ("normal_round1_shift", lambda n: np.round(rng.normal(0, 1, n), 1), lambda n: np.round(rng.normal(0.003, 1, n), 1)),
        ("integer_normal_shift", lambda n: np.round(rng.normal(50, 10, n)), lambda n: np.round(rng.normal(50.5, 10, n))),
        ("poisson_same", lambda n: rng.poisson(3.0, n).astype(float), lambda n: rng.poisson(3.0, n).astype(float)),
        ("zero_inflated_lognormal", lambda n: np.where(rng.uniform(size=n) < 0.1, 0.0, rng.lognormal(1, 1, n)),
         lambda n: np.where(rng.uniform(size=n) < 0.12, 0.0, rng.lognormal(1, 1, n))),
        ("student_t3_same", lambda n: rng.standard_t(3, n), lambda n: rng.standard_t(3, n)),
        ("gamma_shape", lambda n: rng.gamma(2.0, 1.0, n), lambda n: rng.gamma(2.2, 1.0, n)),
        ("beta_same", lambda n: rng.beta(2, 5, n), lambda n: rng.beta(2, 5, n)),
        ("income_like_large", lambda n: np.round(rng.lognormal(10.5, 0.8, n), 2) + 1e5,
         lambda n: np.round(rng.lognormal(10.52, 0.8, n), 2) + 1e5),
        ("bimodal_weights", lambda n: np.where(rng.uniform(size=n) < 0.5, rng.normal(-2, 1, n), rng.normal(2, 1, n)),
         lambda n: np.where(rng.uniform(size=n) < 0.55, rng.normal(-2, 1, n), rng.normal(2, 1, n))),
        ("three_levels", lambda n: rng.choice([-1.0, 0.0, 1.0], n, p=[0.2, 0.5, 0.3]),
         lambda n: rng.choice([-1.0, 0.0, 1.0], n, p=[0.2, 0.49, 0.31])),
        ("laplace_small_shift", lambda n: rng.laplace(0, 1, n), lambda n: rng.laplace(0.002, 1, n)),
    ]
    out = []
    for k in range(count):
        name, fr, fc = specs[k % len(specs)]
        if k >= len(specs):
            name = f"{name}_{k // len(specs)}"
        out.append((name, fr(n_ref).astype("<f8"), fc(n_cur).astype("<f8")))
    return out


def psi_of(r, c):
    r = np.where(r == 0, 0.0001, r)
    c = np.where(c == 0, 0.0001, c)
    return float(np.sum((r - c) * np.log(r / c)))


def shares_plain(ref, cur):
    edges = np.histogram_bin_edges(np.concatenate([ref, cur]), bins=BINS)
    return np.histogram(ref, edges)[0] / len(ref), np.histogram(cur, edges)[0] / len(cur)


def shares_cached(prof, cur):
    lo = min(prof["min"], cur.min())
    hi = max(prof["max"], cur.max())
    if lo == hi:
        lo, hi = lo - 0.5, hi + 0.5
    edges = np.linspace(lo, hi, BINS + 1)          # what histogram_bin_edges computes
    idx = np.searchsorted(prof["sorted"], edges[:-1], side="left")
    idx = np.append(idx, np.searchsorted(prof["sorted"], edges[-1], side="right"))
    ref_counts = np.diff(idx)
    cur_counts = np.histogram(cur, edges)[0]
    return ref_counts / len(prof["sorted"]), cur_counts / len(cur)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--rows", type=int, default=1_000_000, help="rows on each side")
    ap.add_argument("--features", type=int, default=20)
    ap.add_argument("--seed", type=int, default=20261)
    ap.add_argument("--no-plain", action="store_true", help="skip the context timings without a cached reference")
    args = ap.parse_args()
    os.makedirs(args.outdir, exist_ok=True)

    rng = np.random.default_rng(args.seed)
    feats = make_features(rng, args.rows, args.rows, args.features)
    with open(os.path.join(args.outdir, "ref.bin"), "wb") as f:
        for _, r, _ in feats:
            r.tofile(f)
    with open(os.path.join(args.outdir, "cur.bin"), "wb") as f:
        for _, _, c in feats:
            c.tofile(f)
    with open(os.path.join(args.outdir, "meta.json"), "w") as f:
        json.dump({"rows_reference": args.rows, "rows_current": args.rows, "seed": args.seed,
                   "features": [n for n, _, _ in feats]}, f, indent=1)

    # One-off reference preparation (cached per model version in Portal).
    t0, c0 = time.perf_counter(), time.process_time()
    profiles = []
    for _, r, _ in feats:
        s = np.sort(r)
        profiles.append({"sorted": s, "min": s[0], "max": s[-1], "std": float(np.std(r))})
    ref_prep, ref_prep_cpu = time.perf_counter() - t0, time.process_time() - c0

    results = []
    ks_w = ks_w_cpu = psi_js = psi_js_cpu = 0.0
    for (name, _, cur), prof in zip(feats, profiles):
        t0, c0 = time.perf_counter(), time.process_time()
        ks = stats.ks_2samp(prof["sorted"], cur)
        w = stats.wasserstein_distance(prof["sorted"], cur)
        ks_w += time.perf_counter() - t0
        ks_w_cpu += time.process_time() - c0

        t0, c0 = time.perf_counter(), time.process_time()
        rs, cs = shares_cached(prof, cur)
        psi = psi_of(rs, cs)
        js = float(distance.jensenshannon(rs, cs, 2))
        psi_js += time.perf_counter() - t0
        psi_js_cpu += time.process_time() - c0

        results.append({"name": name, "ks_statistic": float(ks.statistic), "ks_pvalue": float(ks.pvalue),
                        "wasserstein": float(w), "wasserstein_normed": float(w) / max(prof["std"], 0.001),
                        "psi": psi, "js": js})
        print(f"  {name}: D={ks.statistic:.6g} p={ks.pvalue:.6g} W={w:.6g} psi={psi:.6g} js={js:.6g}", file=sys.stderr)

    timings = {"ref_prep_s": ref_prep, "ks_w_s": ks_w, "psi_js_s": psi_js,
               "ref_prep_cpu_s": ref_prep_cpu, "ks_w_cpu_s": ks_w_cpu, "psi_js_cpu_s": psi_js_cpu}
    if not args.no_plain:
        plain_ksw = 0.0
        plain_psi = 0.0
        for (name, r, cur), res in zip(feats, results):
            t0 = time.perf_counter()
            ks = stats.ks_2samp(r, cur)
            w = stats.wasserstein_distance(r, cur)
            plain_ksw += time.perf_counter() - t0
            t0 = time.perf_counter()
            rs, cs = shares_plain(r, cur)
            psi = psi_of(rs, cs)
            js = float(distance.jensenshannon(rs, cs, 2))
            plain_psi += time.perf_counter() - t0
            # The cached variants must not change a statistic.
            same = (ks.statistic == res["ks_statistic"] and ks.pvalue == res["ks_pvalue"] and psi == res["psi"]
                    and js == res["js"] and abs(w - res["wasserstein"]) <= 1e-12 * max(1.0, abs(w)))
            if not same:
                print(f"warning: {name}: plain and cached python statistics differ", file=sys.stderr)
        timings.update({"ks_w_plain_s": plain_ksw, "psi_js_plain_s": plain_psi})

    out = {"versions": {"scipy": scipy.__version__, "numpy": np.__version__}, "rows_reference": args.rows, "rows_current": args.rows,
           "features": results, "timings": timings}
    with open(os.path.join(args.outdir, "python.json"), "w") as f:
        json.dump(out, f, indent=1)
    print(json.dumps(timings), file=sys.stderr)


if __name__ == "__main__":
    main()
