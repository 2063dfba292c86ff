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
