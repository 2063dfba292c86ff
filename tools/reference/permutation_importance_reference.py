#!/usr/bin/env python3
"""Reference values for Portal.Tests/Core/Explanations/PermutationImportanceTests.cs.

Run from the repository root with Debian's python3-sklearn (1.2.1):
    /usr/bin/python3 tools/reference/permutation_importance_reference.py

scikit-learn's permutation_importance(est, X, y, scoring='roc_auc', n_repeats=R, random_state=S) on an estimator
whose predict_proba is a fixed logistic formula over 4 columns (one of them a small integer, so permuted scores tie).
scikit-learn 1.2.1 draws one seed (RandomState(S).randint(2**31)) and gives every column the same RandomState(seed)
sequence: per repeat it shuffles an index array in place (cumulatively) and takes the column through it. The script
replays that to print, per repeat, the effective permutation of the original rows (row i of the permuted column is the
original row perm[i]), checks that replaying them gives scikit-learn's importances, and prints both.
"""
import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.inspection import permutation_importance
from sklearn.metrics import roc_auc_score

W = np.array([1.5, -2.0, 0.75, 0.0])
B = -0.25


class FixedLogistic(ClassifierMixin, BaseEstimator):
    def fit(self, X, y):
        self.classes_ = np.array([0, 1])
        return self

    def predict_proba(self, X):
        z = np.asarray(X, dtype=float) @ W + B
        p = 1.0 / (1.0 + np.exp(-z))
        return np.column_stack([1 - p, p])

    def decision_function(self, X):
        return np.asarray(X, dtype=float) @ W + B


n = 40
X = np.array([[((i * 37) % 41) / 41.0 * 2 - 1,
               ((i * 13) % 17) / 17.0,
               float(i % 3),
               ((i * 29) % 23) / 23.0] for i in range(n)])
noise = np.array([((i * 7919) % 101) / 101.0 for i in range(n)])
z = X @ W + B
y = (noise < 1.0 / (1.0 + np.exp(-z))).astype(int)

R, S = 5, 42
est = FixedLogistic().fit(X, y)
result = permutation_importance(est, X, y, scoring="roc_auc", n_repeats=R, random_state=S)

# Replay scikit-learn 1.2.1's RandomState sequence (sklearn/inspection/_permutation_importance.py).
seed = np.random.RandomState(S).randint(np.iinfo(np.int32).max + 1)
rs = np.random.RandomState(seed)
idx = np.arange(n)
effective = np.arange(n)
perms = []
for _ in range(R):
    rs.shuffle(idx)
    effective = effective[idx]
    perms.append(effective.copy())

proba = lambda A: est.predict_proba(A)[:, 1]
baseline = roc_auc_score(y, proba(X))
means, stds = [], []
for j in range(X.shape[1]):
    drops = []
    for perm in perms:
        Xp = X.copy()
        Xp[:, j] = X[perm, j]
        drops.append(baseline - roc_auc_score(y, proba(Xp)))
    means.append(np.mean(drops))
    stds.append(np.std(drops))
assert np.allclose(means, result.importances_mean, rtol=0, atol=1e-15), (means, result.importances_mean)
assert np.allclose(stds, result.importances_std, rtol=0, atol=1e-15), (stds, result.importances_std)

print("labels", "[" + ", ".join("true" if v else "false" for v in y) + "]")
print("positives", int(y.sum()))
print("baseline", repr(float(baseline)))
for perm in perms:
    print("perm", "[" + ", ".join(str(int(v)) for v in perm) + "]")
print("importances_mean", [repr(float(v)) for v in result.importances_mean])
print("importances_std", [repr(float(v)) for v in result.importances_std])
