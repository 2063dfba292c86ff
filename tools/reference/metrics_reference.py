#!/usr/bin/env python3
"""Reference values for Portal.Tests/Core/Training/BinaryMetricsTests.cs.

Run from the repository root with Debian's python3-sklearn:
    /usr/bin/python3 tools/reference/metrics_reference.py
A row is predicted positive when p >= 0.5, as BinaryMetrics does. log_loss uses sklearn's default eps:
in scikit-learn 1.2 eps="auto" is np.finfo(float64).eps (2.220446049250313e-16), and probabilities are
clipped to [eps, 1 - eps].
"""
import numpy as np
import sklearn
from sklearn.metrics import (accuracy_score, brier_score_loss, f1_score, log_loss, precision_score,
                             recall_score, roc_auc_score)

CASES = {
    # Ties in probability across both classes, and p exactly 0.5 (predicted positive).
    "ties": ([1, 0, 1, 1, 0, 0, 1, 0, 1, 0],
             [0.9, 0.9, 0.5, 0.5, 0.5, 0.2, 0.7, 0.1, 0.2, 0.35]),
    # Imbalanced: 2 positives in 12, one ranked below negatives.
    "imbalanced": ([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1],
                   [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.6, 0.55, 0.3]),
    # Extreme probabilities inside (0, 1), some below eps, which clipping changes.
    "extreme": ([1, 0, 1, 0, 1, 0],
                [1e-17, 1e-9, 0.999999999, 1 - 1e-12, 0.75, 0.25]),
    # No row predicted positive: precision, recall and F1 are 0 (zero_division=0).
    "no_positive_predictions": ([1, 0, 1, 0],
                                [0.4, 0.3, 0.49, 0.1]),
}

print("scikit-learn", sklearn.__version__, "log_loss eps", repr(np.finfo(np.float64).eps))
for name, (y, p) in CASES.items():
    y = np.array(y)
    p = np.array(p, dtype=np.float64)
    y_pred = (p >= 0.5).astype(int)
    print(f"== {name}")
    print("auc", repr(roc_auc_score(y, p)))
    print("f1", repr(f1_score(y, y_pred, zero_division=0)))
    print("accuracy", repr(accuracy_score(y, y_pred)))
    print("precision", repr(precision_score(y, y_pred, zero_division=0)))
    print("recall", repr(recall_score(y, y_pred, zero_division=0)))
    print("brier", repr(brier_score_loss(y, p)))
    print("log_loss", repr(log_loss(y, p)))
