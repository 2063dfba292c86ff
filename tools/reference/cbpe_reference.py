#!/usr/bin/env python3
"""Reference values for Portal.Tests/Core/Performance/PerformanceEstimatorTests.cs (CBPE, NannyML's method).

Run from the repository root with Debian's python3-sklearn (1.2.1) and numpy:
    /usr/bin/python3 tools/reference/cbpe_reference.py

NannyML is not installed, so its steps are written out here with numpy and scikit-learn:
- calibration: sklearn IsotonicRegression(out_of_bounds='clip') fitted on the reference (test split) probabilities
  and labels (nannyml.calibration.IsotonicCalibrator);
- sampling-error components: nannyml.sampling_error.binary_classification (auroc, f1, precision, recall, accuracy),
  except that the AUROC ranks come from a stable argsort (NannyML's default quicksort may order tied scores otherwise);
- estimate: expected confusion matrix over the chunk (predicted label from the served probability at 0.5, counts from
  the calibrated probability); expected ROC over the distinct served probabilities (isotonic calibration is monotone,
  so this is the curve NannyML draws over the calibrated ones: tied calibrated rows lie on one straight segment);
- band: estimate +- 3 * std / sqrt(n_chunk * fraction), clipped to [0, 1].
The reference has tied probabilities; the chunk has probabilities outside the reference's range (clipped).
"""
import numpy as np
from sklearn.isotonic import IsotonicRegression
from sklearn.metrics import auc

n = 300
p_ref = np.array([round(0.02 + 0.95 * ((i * 7919) % 1000) / 1000.0, 2) for i in range(n)])
y_ref = np.array([1 if ((i * 104729) % 997) / 997.0 < p_ref[i] ** 1.5 else 0 for i in range(n)])
m = 57
p_chunk = np.array([((i * 613) % 1000) / 1000.0 for i in range(m)])
p_chunk[:3] = [0.0, 1.0, 0.5]

iso = IsotonicRegression(out_of_bounds="clip").fit(p_ref, y_ref)
c_chunk = iso.predict(p_chunk)


def auroc_components(y_true, y_pred_proba):
    y_true = np.asarray(y_true)
    y_pred_proba = np.asarray(y_pred_proba, dtype=float)
    if np.mean(y_true) > 0.5:
        y_true = abs(y_true - 1)
        y_pred_proba = 1 - y_pred_proba
    idx = np.argsort(y_pred_proba, kind="stable")
    y_true = y_true[idx]
    ranks = y_true * np.arange(len(y_true))
    indexes = np.unique(ranks)[1:]
    ser = np.array([index - i for i, index in enumerate(indexes)])
    n_pos = np.sum(y_true)
    n_neg = len(y_true) - n_pos
    return np.std(ser / n_neg), n_pos / len(y_true)


def f1_components(y_true, y_pred):
    tp = np.ones(np.sum((y_true == 1) & (y_pred == 1)))
    fn = np.zeros(np.sum((y_true == 1) & (y_pred == 0)))
    fp = np.zeros(np.sum((y_true == 0) & (y_pred == 1)))
    rows = np.concatenate([tp, fn, fp])
    factor = len(rows) / ((len(fn) + len(fp)) * 0.5 + len(tp))
    return np.std(rows * factor), len(rows) / len(y_pred)


def precision_components(y_true, y_pred):
    rows = np.concatenate([np.ones(np.sum((y_true == 1) & (y_pred == 1))), np.zeros(np.sum((y_true == 0) & (y_pred == 1)))])
    return np.std(rows), np.sum(y_pred) / len(y_pred)


def recall_components(y_true, y_pred):
    rows = np.concatenate([np.ones(np.sum((y_true == 1) & (y_pred == 1))), np.zeros(np.sum((y_true == 1) & (y_pred == 0)))])
    return np.std(rows), np.sum(y_true) / len(y_pred)


def accuracy_components(y_true, y_pred):
    return np.std((y_true == y_pred).astype(int)), 1.0


def expected_roc_auc(served, calibrated):
    """The expected ROC curve: at each distinct served probability t (descending), expected TP = sum of calibrated p
    over rows served at least t, expected FP = sum of 1 - p there; starts at (0, 0); sklearn.metrics.auc (trapezoid)."""
    tpr, fpr = [0.0], [0.0]
    for t in np.unique(served)[::-1]:
        above = served >= t
        tpr.append(calibrated[above].sum() / calibrated.sum())
        fpr.append((1 - calibrated[above]).sum() / (1 - calibrated).sum())
    return auc(fpr, tpr)


pred_ref = (p_ref >= 0.5).astype(int)
pred_chunk = p_chunk >= 0.5
tp = c_chunk[pred_chunk].sum()
fp = (1 - c_chunk[pred_chunk]).sum()
fn = c_chunk[~pred_chunk].sum()
tn = (1 - c_chunk[~pred_chunk]).sum()
estimates = {
    "auc": expected_roc_auc(p_chunk, c_chunk),
    "f1": 2 * tp / (2 * tp + fp + fn),
    "precision": tp / (tp + fp),
    "recall": tp / (tp + fn),
    "accuracy": (tp + tn) / m,
}
components = {
    "auc": auroc_components(y_ref, p_ref),
    "f1": f1_components(y_ref, pred_ref),
    "precision": precision_components(y_ref, pred_ref),
    "recall": recall_components(y_ref, pred_ref),
    "accuracy": accuracy_components(y_ref, pred_ref),
}

print("positives", int(y_ref.sum()))
print("X_thresholds", len(iso.X_thresholds_), "[" + ", ".join(repr(float(v)) for v in iso.X_thresholds_) + "]")
print("y_thresholds", "[" + ", ".join(repr(float(v)) for v in iso.y_thresholds_) + "]")
print("calibrated chunk", "[" + ", ".join(repr(float(v)) for v in c_chunk) + "]")
print("confusion", repr(float(tp)), repr(float(fp)), repr(float(tn)), repr(float(fn)))
for name, value in estimates.items():
    std, fraction = components[name]
    se = std / np.sqrt(m * fraction)
    print(name, "estimate", repr(float(value)), "std", repr(float(std)), "fraction", repr(float(fraction)),
          "lower", repr(float(max(0.0, value - 3 * se))), "upper", repr(float(min(1.0, value + 3 * se))))
