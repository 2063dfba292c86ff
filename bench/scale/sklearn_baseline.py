#!/usr/bin/python3
"""scikit-learn's side of the scale benchmark (issue 19): HistGradientBoostingClassifier on Portal's split.

    /usr/bin/python3 bench/scale/sklearn_baseline.py DATA.csv [--label default] [--positive yes]

Reads the CSV as Portal does (only an empty cell is missing; rows without a label are dropped), splits it with Portal's
stratified seeded split (tools/reference/split.py: test fraction 0.2, seed 1), encodes each non-numeric column as
category codes for HistGradientBoosting's native categorical support (missing stays missing; a column with more than
255 categories would be ordinal instead) and fits HistGradientBoostingClassifier with Portal's LightGbm defaults
(Portal.Core/Training/TrainerCatalog.cs: 100 iterations, 8 leaves, learning rate 0.1, at least 10 rows a leaf) and
LightGBM's 255 bins, no early stopping. Its thread count is OpenMP's (set OMP_NUM_THREADS to match Portal's
Portal:Training:MaxThreads). Prints one JSON object: wall and CPU seconds of read, split and fit, their total, the test
AUC, train/test rows and the peak RSS (getrusage ru_maxrss).

The split is split.py's rule computed with numpy (uint64 arithmetic wraps modulo 2^64 as split.py masks it); every run
checks it against split.py itself: row keys at sampled indices, and the whole split of the first 20,000 rows.
"""
import argparse
import json
import os
import resource
import sys
import time

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools", "reference"))
import split as reference  # noqa: E402

TEST_FRACTION, SEED = 0.2, 1
GOLDEN = np.uint64(reference.GOLDEN)


def row_keys(seed, n):
    """split.py's row_key(seed, i) for i in 0..n-1, vectorised."""
    with np.errstate(over="ignore"):
        x = np.uint64(seed & reference.MASK) * GOLDEN + np.arange(n, dtype=np.uint64)
        z = x + GOLDEN
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def split(labels, test_fraction=TEST_FRACTION, seed=SEED):
    """split.py's split(labels, test_fraction, seed) as boolean test mask: per class, sorted by (key, i), the first
    floor(n_class * fraction + 0.5) rows are test."""
    keys = row_keys(seed, len(labels))
    is_test = np.zeros(len(labels), dtype=bool)
    for cls in (False, True):
        rows = np.flatnonzero(labels == cls)
        # A stable sort of ascending row numbers by key is the sort by (key, i).
        ordered = rows[np.argsort(keys[rows], kind="stable")]
        is_test[ordered[:reference.test_count(len(rows), test_fraction)]] = True
    return is_test


def check_split_matches_reference(labels):
    sample = np.unique(np.linspace(0, len(labels) - 1, 1000).astype(np.int64))
    keys = row_keys(SEED, len(labels))
    bad = [int(i) for i in sample if int(keys[i]) != reference.row_key(SEED, int(i))]
    if bad:
        raise SystemExit(f"row keys differ from tools/reference/split.py at rows {bad[:5]}")
    prefix = labels[:20_000]
    _, expected = reference.split(prefix.tolist(), TEST_FRACTION, SEED)
    if np.flatnonzero(split(prefix)).tolist() != expected:
        raise SystemExit("the split of the first 20,000 rows differs from tools/reference/split.py")


class Clock:
    def __init__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def lap(self):
        wall, cpu = time.perf_counter(), time.process_time()
        lap = (wall - self.wall, cpu - self.cpu)
        self.wall, self.cpu = wall, cpu
        return lap


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data")
    parser.add_argument("--label", default="default")
    parser.add_argument("--positive", default="yes")
    args = parser.parse_args()
    clock = Clock()
    frame = pd.read_csv(args.data, keep_default_na=False, na_values=[""], low_memory=False)
    frame = frame[frame[args.label].notna()].reset_index(drop=True)
    y = (frame.pop(args.label).astype(str) == args.positive).to_numpy()
    categorical = []
    for column in frame.columns:
        if frame[column].dtype == object:
            codes = pd.Categorical(frame[column]).codes
            categorical.append(int(codes.max()) < 255)
            frame[column] = np.where(codes < 0, np.nan, codes).astype(np.float32)
        else:
            categorical.append(False)
            frame[column] = frame[column].astype(np.float32)
    x = frame.to_numpy(dtype=np.float32)
    del frame
    read = clock.lap()

    check_split_matches_reference(y)
    checked = clock.lap()
    is_test = split(y)
    split_time = clock.lap()

    model = HistGradientBoostingClassifier(max_iter=100, max_leaf_nodes=8, learning_rate=0.1, min_samples_leaf=10,
                                           max_bins=255, l2_regularization=0.0, early_stopping=False,
                                           categorical_features=np.array(categorical), random_state=0)
    model.fit(x[~is_test], y[~is_test])
    fit = clock.lap()
    auc = roc_auc_score(y[is_test], model.predict_proba(x[is_test])[:, 1])
    score = clock.lap()
    print(json.dumps({
        "rows": int(len(y)), "trainRows": int((~is_test).sum()), "testRows": int(is_test.sum()),
        "categoricalColumns": int(sum(categorical)), "threads": os.environ.get("OMP_NUM_THREADS", "all cores"),
        "readSeconds": round(read[0], 2), "readCpuSeconds": round(read[1], 2),
        "splitSeconds": round(split_time[0], 2), "splitCpuSeconds": round(split_time[1], 2),
        "splitCheckSeconds": round(checked[0], 2),
        "fitSeconds": round(fit[0], 2), "fitCpuSeconds": round(fit[1], 2),
        "scoreSeconds": round(score[0], 2),
        "totalSeconds": round(read[0] + split_time[0] + fit[0], 2),
        "totalCpuSeconds": round(read[1] + split_time[1] + fit[1], 2),
        "testAuc": round(float(auc), 5),
        "peakRssMb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }))


if __name__ == "__main__":
    main()
