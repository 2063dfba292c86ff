#!/usr/bin/env python3
"""Reference values for Portal.Tests/Core/Training/ThresholdMetricsTests.cs.

Run from the repository root with Debian's python3-sklearn:
    /usr/bin/python3 tools/reference/threshold_reference.py
A row is predicted positive when p >= t, as BinaryMetrics and ThresholdMetrics do. Prints, for fixed labels and
scores, the confusion matrix and precision/recall/F1/accuracy (zero_division=0) at several thresholds, then
precision_recall_curve and average_precision_score.
"""
import numpy as np
import sklearn
from sklearn.metrics import (accuracy_score, average_precision_score, confusion_matrix, f1_score,
                             precision_recall_curve, precision_score, recall_score)

CASES = {
    # Same rows as metrics_reference.py's "ties": ties across both classes and p exactly 0.5.
    "ties": ([1, 0, 1, 1, 0, 0, 1, 0, 1, 0],
             [0.9, 0.9, 0.5, 0.5, 0.5, 0.2, 0.7, 0.1, 0.2, 0.35]),
    # Imbalanced: 2 positives in 12, one ranked below negatives.
    "imbalanced": ([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1],
                   [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.6, 0.55, 0.3]),
}
THRESHOLDS = [0.0, 0.15, 0.3, 0.42, 0.5, 0.7, 0.95]

print("scikit-learn", sklearn.__version__)
for name, (y, p) in CASES.items():
    y = np.array(y)
    p = np.array(p)
    print(f"== {name}")
    for t in THRESHOLDS:
        pred = (p >= t).astype(int)
        tn, fp, fn, tp = confusion_matrix(y, pred, labels=[0, 1]).ravel()
        print(f"t={t!r}: tp={tp} fp={fp} tn={tn} fn={fn} "
              f"precision={precision_score(y, pred, zero_division=0)!r} "
              f"recall={recall_score(y, pred, zero_division=0)!r} "
              f"f1={f1_score(y, pred, zero_division=0)!r} accuracy={accuracy_score(y, pred)!r}")
    precision, recall, thresholds = precision_recall_curve(y, p)
    print("pr precision", [repr(x) for x in precision])
    print("pr recall   ", [repr(x) for x in recall])
    print("pr threshold", [repr(x) for x in thresholds])
    print("average_precision", repr(average_precision_score(y, p)))
