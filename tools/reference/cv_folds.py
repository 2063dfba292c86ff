#!/usr/bin/python3
"""Reference folds for Portal.Tests/Core/Training/StratifiedFoldsTests (Portal.Core/Training/StratifiedFolds.cs).

Portal's cross-validation folds: the training rows in the seeded order of the train/test split (tools/reference/split.py:
sorted by (row_key(seed, row), row)), then scikit-learn's StratifiedKFold(n_splits=k, shuffle=False) on that sequence.
Prints each case's fold per row (in the rows' given order) as a C# literal.
Run with Debian's python3-sklearn:  /usr/bin/python3 tools/reference/cv_folds.py
"""
import os
import sys

import numpy as np
import sklearn
from sklearn.model_selection import StratifiedKFold

sys.path.insert(0, os.path.dirname(__file__))
from split import row_key  # noqa: E402


def folds(rows, labels, k, seed):
    order = sorted(range(len(rows)), key=lambda j: (row_key(seed, rows[j]), rows[j]))
    y = np.array([labels[j] for j in order], dtype=int)
    assigned = [0] * len(rows)
    for fold, (_, test) in enumerate(StratifiedKFold(n_splits=k, shuffle=False).split(np.zeros(len(y)), y)):
        for p in test:
            assigned[order[p]] = fold
    return assigned


CASES = {
    # 23 rows, 6 positives, rows numbered 0..22, k = 5, seed 1.
    "small": (list(range(23)), [1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0], 5, 1),
    # A training part with gaps in its row numbers (the test rows taken out), positives first, k = 3, seed 7.
    "gaps": ([0, 2, 3, 5, 8, 9, 11, 12, 14, 15, 17, 20, 21, 24, 26, 27],
             [1, 1, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0], 3, 7),
    # Balanced, 20 rows, k = 4, seed 42.
    "balanced": (list(range(100, 120)), [i % 2 for i in range(20)], 4, 42),
}

if __name__ == "__main__":
    print(f"# scikit-learn {sklearn.__version__}")
    for name, (rows, labels, k, seed) in CASES.items():
        print(f"{name}: [{', '.join(str(f) for f in folds(rows, labels, k, seed))}]")

    # samples/credit_data.csv as a sweep folds it (Portal.Tests/Core/Training/SweepTests): rows with a Status, positive "bad",
    # the training part of the 0.2 split with seed 1, then 5 folds with seed 1. Prints each fold's (rows, positives) and
    # the sum of its rows' numbers.
    import csv
    from split import split

    with open(os.path.join(os.path.dirname(__file__), "..", "..", "samples", "credit_data.csv"), newline="") as f:
        statuses = [r["Status"] for r in csv.DictReader(f) if r["Status"] != ""]
    credit = [s == "bad" for s in statuses]
    train, _ = split(credit, 0.2, 1)
    train_labels = [int(credit[i]) for i in train]
    assigned = folds(train, train_labels, 5, 1)
    sizes = [(sum(1 for a in assigned if a == k), sum(1 for a, y in zip(assigned, train_labels) if a == k and y)) for k in range(5)]
    print(f"credit_data (train {len(train)} of {len(credit)}): {sizes}")
    # Which rows: the sum of the (labelled-row) numbers in each fold, so a test checks membership and not only sizes.
    print(f"credit_data row-number sums: {[sum(r for r, a in zip(train, assigned) if a == k) for k in range(5)]}")
