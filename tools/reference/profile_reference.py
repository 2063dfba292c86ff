#!/usr/bin/env python3
"""Reference values for Portal.Tests/Core/Datasets/DatasetProfilerTests.cs.

Run from the repository root with Debian's python3-pandas/python3-numpy:
    /usr/bin/python3 tools/reference/profile_reference.py
Prints pandas/numpy statistics of columns of samples/credit_data.csv and breast_cancer.csv; the tests hold them as literals.
"""
import numpy as np
import pandas as pd

# Only empty cells are missing values, as in CsvTableReader (pandas would also read "NA" etc. as missing).
df = pd.read_csv("samples/credit_data.csv", keep_default_na=False, na_values=[""])
print("pandas", pd.__version__, "numpy", np.__version__)
print("rows", len(df), "columns", df.shape[1])
print("duplicate rows", int(df.duplicated().sum()))
cancer = pd.read_csv("samples/breast_cancer.csv", keep_default_na=False, na_values=[""])
for frame, name in [(df, "Income"), (df, "Age"), (cancer, "mean_radius")]:
    col = frame[name]
    values = col.dropna().to_numpy(dtype=float)
    print(f"== {name}")
    print("missing", int(col.isna().sum()), "distinct", int(col.nunique()))
    d = col.describe()
    print("min", repr(d["min"]), "max", repr(d["max"]))
    print("mean", repr(d["mean"]), "std", repr(d["std"]))
    for q in [0.05, 0.25, 0.5, 0.75, 0.95]:
        print(f"p{int(q * 100)}", repr(float(np.quantile(values, q))))
    bins = min(20, len(np.unique(values)))
    counts, edges = np.histogram(values, bins=bins)
    print("histogram bins", bins, "counts", counts.tolist())
    print("edges", [repr(float(e)) for e in edges])
