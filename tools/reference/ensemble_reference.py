#!/usr/bin/env python3
"""Reference figures for Portal.Tests/Core/Registry/EnsembleScoringTests (issue 14, ensembles).

An ensemble scores the weighted mean of its components' probabilities (weights normalised to shares); a component's
contribution is the ensemble's ROC AUC minus the AUC of the weighted mean of the others (shares renormalised).
AUC is scikit-learn's roc_auc_score. Run with Debian's python3-sklearn:  /usr/bin/python3 tools/reference/ensemble_reference.py
"""
import numpy as np
from sklearn.metrics import roc_auc_score

actual = np.array([1, 0, 1, 0, 1, 0])
p = [np.array([0.9, 0.8, 0.4, 0.3, 0.6, 0.2]),
     np.array([0.6, 0.1, 0.7, 0.5, 0.2, 0.4]),
     np.array([0.5, 0.5, 0.5, 0.5, 0.9, 0.1])]


def mean(components, weights):
    w = np.array([weights[c] for c in components], dtype=float)
    return sum(s * p[c] for s, c in zip(w / w.sum(), components))


print("weighted mean of P1, P2 with weights 1, 3:", mean([0, 1], [1, 3, 2]).round(12).tolist())
full = roc_auc_score(actual, mean([0, 1, 2], [1, 3, 2]))
print(f"AUC of the three-way mean (weights 1, 3, 2): {full!r}")
for left in range(3):
    rest = [c for c in range(3) if c != left]
    print(f"contribution of component {left + 1}: {full - roc_auc_score(actual, mean(rest, [1, 3, 2]))!r}")
two = roc_auc_score(actual, mean([0, 1], [1, 3, 2]))
print(f"two components (1, 3): AUC {two!r}, P1 alone {roc_auc_score(actual, p[0])!r}, P2 alone {roc_auc_score(actual, p[1])!r}")
