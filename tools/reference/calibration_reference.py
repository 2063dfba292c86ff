#!/usr/bin/env python3
"""Reference values for Portal.Tests/Core/Statistics/ReliabilityDiagramTests.cs.

Run from the repository root with Debian's python3-sklearn (1.2.1):
    /usr/bin/python3 tools/reference/calibration_reference.py

The probabilities are a deterministic pattern that includes the bin edges themselves (0.1, 0.3, 0.5, 1.0 and 0.0),
because scikit-learn's calibration_curve puts an edge value in the lower bin (np.searchsorted, side='left', over
np.linspace(0, 1, 11), whose 0.3 is 0.30000000000000004). ECE = sum over bins of count / n * |mean p - fraction positive|.
"""
import numpy as np
from sklearn.calibration import calibration_curve

n = 200
p = np.array([((i * 7919) % 1000) / 1000.0 for i in range(n)])
p[:6] = [0.0, 0.1, 0.3, 0.5, 1.0, 0.30000000000000004]
# A positive whenever a second pattern falls below p: roughly calibrated, not exactly.
y = np.array([1 if ((i * 104729) % 997) / 997.0 < p[i] ** 1.3 else 0 for i in range(n)])

prob_true, prob_pred = calibration_curve(y, p, n_bins=10, strategy="uniform")
bins = np.linspace(0.0, 1.0, 11)
ids = np.searchsorted(bins[1:-1], p)
counts = np.bincount(ids, minlength=10)
ece = sum(c / n * abs(t - q) for c, t, q in zip(counts[counts > 0], prob_true, prob_pred))
print("positives", int(y.sum()))
print("counts", list(int(c) for c in counts))
print("prob_true", [repr(float(v)) for v in prob_true])
print("prob_pred", [repr(float(v)) for v in prob_pred])
print("ece", repr(float(ece)))

# A few points with empty bins between them: calibration_curve leaves the empty bins out.
p2 = np.array([0.05, 0.05, 0.95, 0.62])
y2 = np.array([0, 1, 1, 0])
t2, q2 = calibration_curve(y2, p2, n_bins=10, strategy="uniform")
print("few prob_true", [repr(float(v)) for v in t2], "prob_pred", [repr(float(v)) for v in q2])

# The first case of BinaryMetricsTests (ties, a probability of exactly 0.5): Evaluate keeps its diagram and ECE.
p3 = np.array([0.9, 0.9, 0.5, 0.5, 0.5, 0.2, 0.7, 0.1, 0.2, 0.35])
y3 = np.array([1, 0, 1, 1, 0, 0, 1, 0, 1, 0])
t3, q3 = calibration_curve(y3, p3, n_bins=10, strategy="uniform")
c3 = np.bincount(np.searchsorted(np.linspace(0.0, 1.0, 11)[1:-1], p3), minlength=10)
print("metrics case counts", list(int(c) for c in c3), "ece", repr(float(sum(c / len(p3) * abs(t - q) for c, t, q in zip(c3[c3 > 0], t3, q3)))))
