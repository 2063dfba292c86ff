"""The peer: how a typical Python team serves the same model (FastAPI + uvicorn + scikit-learn).

A GradientBoostingClassifier(n_estimators=100) in an ordinary sklearn Pipeline (ColumnTransformer:
mean-imputed numeric columns, most-frequent-imputed one-hot categoricals) is trained at start-up on
samples/credit_data.csv, the same data, features, label (Status, positive class "bad") and 80/20 split as
the portal's demo model credit-risk. It answers the portal's predict contract on the same route:

  POST /api/models/credit-risk/predict {"features": {...}}     -> {"predictionId","model","version","label","probability"}
  POST /api/models/credit-risk/predict {"instances": [{...}]}  -> {"model","version","predictions":[{"predictionId","label","probability"}]}

the way FastAPI model servers usually do it: a pydantic request model validates the body, the rows go into
a pandas DataFrame, pipeline.predict_proba scores them. No auth and no prediction log: the peer does less
work than the portal per request. Run it with one uvicorn worker and BLAS/OpenMP threads at 1 (bench/run.sh).
"""
import os
import sys
import time
import uuid
from typing import List, Optional

import pandas as pd
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder

MODEL = "credit-risk"
LABEL, POSITIVE = "Status", "bad"
NUMERIC = ["Seniority", "Time", "Age", "Expenses", "Income", "Assets", "Debt", "Amount", "Price"]
CATEGORICAL = ["Home", "Marital", "Records", "Job"]
REPO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
DATA = os.environ.get("PEER_DATA", os.path.join(REPO, "samples", "credit_data.csv"))
SEED = int(os.environ.get("PEER_SEED", "1"))

# The portal's own stratified split (Portal.Core/Training/DataSplit.cs, reimplemented in tools/reference/split.py),
# so both models train on the same rows and their test AUCs are measured on the same held-out rows.
sys.path.insert(0, os.path.join(REPO, "tools", "reference"))
from split import split  # noqa: E402


class Features(BaseModel):
    """One applicant; a missing value may be sent as null (imputed like in training)."""
    Seniority: Optional[float]
    Home: Optional[str]
    Time: Optional[float]
    Age: Optional[float]
    Marital: Optional[str]
    Records: Optional[str]
    Job: Optional[str]
    Expenses: Optional[float]
    Income: Optional[float]
    Assets: Optional[float]
    Debt: Optional[float]
    Amount: Optional[float]
    Price: Optional[float]


class PredictRequest(BaseModel):
    features: Optional[Features] = None
    instances: Optional[List[Features]] = None


def train() -> Pipeline:
    started = time.perf_counter()
    frame = pd.read_csv(DATA).dropna(subset=[LABEL]).reset_index(drop=True)
    x, y = frame[NUMERIC + CATEGORICAL], (frame[LABEL] == POSITIVE).astype(int)
    train_rows, test_rows = split(list(y == 1), 0.2, SEED)
    x_train, x_test, y_train, y_test = x.iloc[train_rows], x.iloc[test_rows], y.iloc[train_rows], y.iloc[test_rows]
    pipeline = Pipeline([
        ("prep", ColumnTransformer([
            ("num", SimpleImputer(strategy="mean"), NUMERIC),
            ("cat", make_pipeline(SimpleImputer(strategy="most_frequent"), OneHotEncoder(handle_unknown="ignore")), CATEGORICAL),
        ])),
        ("model", GradientBoostingClassifier(n_estimators=100, random_state=SEED)),
    ])
    pipeline.fit(x_train, y_train)
    auc = roc_auc_score(y_test, pipeline.predict_proba(x_test)[:, 1])
    print(f"peer: trained GradientBoostingClassifier(100) on {len(x_train)} rows in {time.perf_counter() - started:.1f} s, "
          f"test AUC {auc:.3f}", file=sys.stderr, flush=True)
    return pipeline


pipeline = train()
NEGATIVE = "good"
app = FastAPI(title="peer")


@app.get("/health")
def health():
    return {"status": "healthy", "model_loaded": True, "model_name": MODEL}


@app.post("/api/models/{name}/predict")
def predict(name: str, request: PredictRequest):
    if name != MODEL:
        raise HTTPException(status_code=404, detail=f"Unknown model {name}")
    if request.instances is not None:
        frame = pd.DataFrame([row.dict() for row in request.instances], columns=NUMERIC + CATEGORICAL)
        probabilities = pipeline.predict_proba(frame)[:, 1]
        return {"model": MODEL, "version": 1, "predictions": [
            {"predictionId": str(uuid.uuid4()), "label": POSITIVE if p >= 0.5 else NEGATIVE, "probability": float(p)}
            for p in probabilities]}
    if request.features is None:
        raise HTTPException(status_code=400, detail="The body needs a 'features' object or an 'instances' array.")
    frame = pd.DataFrame([request.features.dict()], columns=NUMERIC + CATEGORICAL)
    p = float(pipeline.predict_proba(frame)[0, 1])
    return {"predictionId": str(uuid.uuid4()), "model": MODEL, "version": 1,
            "label": POSITIVE if p >= 0.5 else NEGATIVE, "probability": p}
