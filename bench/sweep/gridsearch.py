#!/usr/bin/python3
"""scikit-learn's GridSearchCV over the grid a Portal sweep ran, on the same rows, split and folds (bench/sweep/run.sh).

Reads the sweep's run (GET /api/runs/{id} as JSON): every candidate's trainer and options become the nearest
scikit-learn estimator with the same settings -
  FastTree            GradientBoostingClassifier(n_estimators, max_leaf_nodes, min_samples_leaf, learning_rate)
  LightGbm            HistGradientBoostingClassifier(max_iter, max_leaf_nodes, min_samples_leaf, learning_rate, no early stop)
  FastForest          RandomForestClassifier(n_estimators, max_leaf_nodes, min_samples_leaf)
  LogisticRegression  StandardScaler + LogisticRegression(C = 1 / l2, max_iter) (L2 only; an L1 weight is reported, not used)
with the same preparation as tools/reference/sklearn_auc_same_split.py (mean imputation, one-hot categories), Portal's
train/test split (tools/reference/split.py) and Portal's folds (tools/reference/cv_folds.py) as a PredefinedSplit, one job.
Prints one JSON object: seconds (read + fit the search + refit, as GridSearchCV does it), best candidate, its mean fold
AUC, its test AUC, and every candidate's mean fold AUC.

Usage: /usr/bin/python3 bench/sweep/gridsearch.py DATASET.csv LABEL POSITIVE RUN.json
"""
import json
import os
import sys
import time

start = time.perf_counter()
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from sklearn.compose import ColumnTransformer  # noqa: E402
from sklearn.ensemble import GradientBoostingClassifier, HistGradientBoostingClassifier, RandomForestClassifier  # noqa: E402
from sklearn.impute import SimpleImputer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402
from sklearn.model_selection import GridSearchCV, PredefinedSplit  # noqa: E402
from sklearn.pipeline import Pipeline  # noqa: E402
from sklearn.preprocessing import OneHotEncoder, StandardScaler  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools", "reference"))
from cv_folds import folds  # noqa: E402
from split import split  # noqa: E402


def is_number(value):
    try:
        return np.isfinite(float(value))
    except ValueError:
        return False


def estimator(trainer, o):
    if trainer == "FastTree":
        return GradientBoostingClassifier(n_estimators=int(o["numberOfTrees"]), max_leaf_nodes=int(o["numberOfLeaves"]),
                                          min_samples_leaf=int(o["minimumExampleCountPerLeaf"]), learning_rate=o["learningRate"], random_state=0)
    if trainer == "LightGbm":
        return HistGradientBoostingClassifier(max_iter=int(o["numberOfIterations"]), max_leaf_nodes=int(o["numberOfLeaves"]),
                                              min_samples_leaf=int(o["minimumExampleCountPerLeaf"]), learning_rate=o["learningRate"],
                                              early_stopping=False, random_state=0)
    if trainer == "FastForest":
        return RandomForestClassifier(n_estimators=int(o["numberOfTrees"]), max_leaf_nodes=int(o["numberOfLeaves"]),
                                      min_samples_leaf=int(o["minimumExampleCountPerLeaf"]), n_jobs=1, random_state=0)
    if trainer == "LogisticRegression":
        l2 = o.get("l2Regularization", 1.0)
        return Pipeline([("scale", StandardScaler()),
                         ("lr", LogisticRegression(C=1.0 / l2 if l2 > 0 else 1e6, max_iter=int(o["maximumNumberOfIterations"])))])
    raise SystemExit(f"unknown trainer {trainer}")


def main(path, label, positive, run_path):
    run = json.load(open(run_path))
    sweep = run["sweep"]
    candidates = sweep["candidates"]
    k = sweep["folds"]
    seed = 1  # bench/sweep/run.sh trains with the default seed

    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    frame = frame[frame[label].notna()].reset_index(drop=True)
    y = (frame[label] == positive).to_numpy()
    features = frame.drop(columns=[label])
    numeric = [c for c in features.columns if features[c].dropna().map(is_number).all()]
    categorical = [c for c in features.columns if c not in numeric]
    x = features.copy()
    for c in numeric:
        x[c] = x[c].astype(float)
    for c in categorical:
        x[c] = x[c].fillna("__missing__")
    train, test = split(list(y), 0.2, seed)
    fold_of = folds(train, [int(v) for v in y[train]], k, seed)

    prep = ColumnTransformer([
        ("num", SimpleImputer(strategy="mean"), numeric),
        ("cat", OneHotEncoder(handle_unknown="ignore", sparse_output=False), categorical),
    ])
    pipe = Pipeline([("prep", prep), ("clf", GradientBoostingClassifier())])
    grid = [{"clf": [estimator(c["trainer"], c["options"])]} for c in candidates]
    search = GridSearchCV(pipe, grid, scoring="roc_auc", cv=PredefinedSplit(fold_of), n_jobs=1, refit=True)
    search.fit(x.iloc[train], y[train])
    test_auc = roc_auc_score(y[test], search.predict_proba(x.iloc[test])[:, 1])
    seconds = time.perf_counter() - start
    means = search.cv_results_["mean_test_score"]
    print(json.dumps({
        "seconds": round(seconds, 2),
        "candidates": len(candidates),
        "folds": k,
        "best": candidates[int(search.best_index_)]["trainer"] + " " + json.dumps(candidates[int(search.best_index_)]["options"], sort_keys=True),
        "bestMeanAuc": round(float(search.best_score_), 4),
        "testAuc": round(float(test_auc), 4),
        "meanAucs": [round(float(m), 4) for m in means],
    }))


if __name__ == "__main__":
    main(*sys.argv[1:5])
