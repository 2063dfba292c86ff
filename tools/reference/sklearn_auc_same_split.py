#!/usr/bin/python3
"""Test AUC of scikit-learn's GradientBoostingClassifier(n_estimators=100, random_state=0) on Portal's split.

For each sample dataset: rows with a missing label are dropped; the split is split.py's
(test fraction 0.2, seed 1, stratified on the positive class); numeric columns (every value a number)
are mean-imputed, the other columns one-hot encoded with a missing value as its own category.
Portal.Tests/Core/Training/AucParityTests.cs holds the printed figures as literals.

Usage: /usr/bin/python3 sklearn_auc_same_split.py [SAMPLES_DIR]   (default: <repo>/samples; Debian python3-sklearn 1.2.1)
"""
import os
import sys

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from split import split  # noqa: E402

SAMPLES = [
    ("credit_data.csv", "Status", "bad"),
    ("lending_club.csv", "Class", "bad"),
    ("customer_churn.csv", "churn", "yes"),
    ("breast_cancer.csv", "diagnosis", "malignant"),
]


def is_number(value):
    try:
        return np.isfinite(float(value))
    except ValueError:
        return False


def auc_for(path, label, positive, test_fraction=0.2, seed=1):
    # Only empty cells are missing, as in Portal's CSV reader ("NA" stays a value).
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
    train, test = split(list(y), test_fraction, seed)
    prep = ColumnTransformer([
        ("num", SimpleImputer(strategy="mean"), numeric),
        ("cat", OneHotEncoder(handle_unknown="ignore"), categorical),
    ])
    model = make_pipeline(prep, GradientBoostingClassifier(n_estimators=100, random_state=0))
    model.fit(x.iloc[train], y[train])
    p = model.predict_proba(x.iloc[test])[:, 1]
    return roc_auc_score(y[test], p), len(train), len(test)


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    samples_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "samples")
    for file, label, positive in SAMPLES:
        auc, n_train, n_test = auc_for(os.path.join(samples_dir, file), label, positive)
        print(f"{file}\t{label}={positive}\ttrain={n_train}\ttest={n_test}\tauc={auc:.6f}")
