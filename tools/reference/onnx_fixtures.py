#!/usr/bin/python3
"""ONNX fixtures for Portal.Tests/Core/Serving/Onnx (OnnxScorerTests, OnnxImportApiTests).

Run from the repository root with Debian's python3-sklearn (1.2.1) and python3-onnx (1.12):
    /usr/bin/python3 tools/reference/onnx_fixtures.py

There is no skl2onnx here, so the graphs are built with onnx.helper the way skl2onnx builds them for these models:
  breast_logistic.onnx  layout (a): one float input 'input' [N, 30] (the numeric features in dataset order),
                        ai.onnx.ml Scaler -> LinearClassifier (post_transform LOGISTIC, labels 0/1).
  breast_gbt.onnx       layout (a): ai.onnx.ml TreeEnsembleClassifier (BRANCH_LEQ, post_transform LOGISTIC,
                        base_values = the prior's log-odds, class weights = leaf value * learning rate).
  credit_logistic.onnx  layout (b): one [N, 1] input per column named like it (float for numeric and boolean
                        columns, string for categorical ones), Imputer/Scaler/OneHotEncoder -> MatMul/Add/Sigmoid.
Every model outputs 'label' int64 [N] and 'probabilities' float [N, 2] (column 1 = the positive class).
Models are trained on Portal's training split (tools/reference/split.py: fraction 0.2, seed 1, over the labelled
rows, positive = the README's positive class) and the expected probabilities are scikit-learn's predict_proba on the
test split, written with the test rows' raw CSV cells to *.expected.csv.

Bad fixtures: bad_truncated.onnx (the logistic's first 200 bytes), bad_no_probability.onnx (outputs only 'label'),
bad_width.onnx (input 'input' takes 29 floats), bad_name.onnx (layout (b) with 'Agee' for 'Age').
"""
import csv
import math
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, os.path.dirname(__file__))
from split import split  # noqa: E402

OUT = "Portal.Tests/Core/Serving/Onnx/Fixtures"
ML = "ai.onnx.ml"
OPSETS = [helper.make_opsetid("", 13), helper.make_opsetid(ML, 1)]


def read(path, label, positive):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    rows = [r for r in rows[1:] if r[header.index(label)] != ""]
    y = np.array([r[header.index(label)] == positive for r in rows], dtype=int)
    return header, rows, y


def model(nodes, inputs, outputs, inits, name):
    graph = helper.make_graph(nodes, name, inputs, outputs, inits)
    m = helper.make_model(graph, opset_imports=OPSETS, producer_name="portal-onnx-fixtures")
    m.ir_version = 8
    onnx.checker.check_model(m)
    return m


def outputs():
    return [helper.make_tensor_value_info("label", TensorProto.INT64, [None]),
            helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [None, 2])]


def save(m, name):
    onnx.save(m, os.path.join(OUT, name))


def expected(name, header, rows, test, proba):
    with open(os.path.join(OUT, name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header + ["expected_probability"])
        for i, p in zip(test, proba):
            w.writerow(rows[i] + [repr(float(p))])


def breast():
    header, rows, y = read("samples/breast_cancer.csv", "diagnosis", "malignant")
    features = [h for h in header if h != "diagnosis"]
    X = np.array([[float(r[header.index(h)]) for h in features] for r in rows])
    train, test = split(y.astype(bool), 0.2, 1)
    mean, std = X[train].mean(axis=0), X[train].std(axis=0)

    lr = LogisticRegression(max_iter=5000).fit((X[train] - mean) / std, y[train])
    x_in = [helper.make_tensor_value_info("input", TensorProto.FLOAT, [None, len(features)])]
    nodes = [
        helper.make_node("Scaler", ["input"], ["scaled"], domain=ML, offset=mean.tolist(), scale=(1 / std).tolist()),
        helper.make_node("LinearClassifier", ["scaled"], ["label", "probabilities"], domain=ML,
                         coefficients=lr.coef_[0].tolist(), intercepts=lr.intercept_.tolist(),
                         classlabels_ints=[0, 1], post_transform="LOGISTIC"),
    ]
    logistic = model(nodes, x_in, outputs(), [], "breast_logistic")
    save(logistic, "breast_logistic.onnx")
    expected("breast_logistic.expected.csv", header, rows, test, lr.predict_proba((X[test] - mean) / std)[:, 1])

    gbt = GradientBoostingClassifier(n_estimators=20, max_depth=3, random_state=0).fit(X[train], y[train])
    prior = gbt.init_.class_prior_[1]
    base = math.log(prior / (1 - prior))
    attrs = {k: [] for k in ["nodes_treeids", "nodes_nodeids", "nodes_featureids", "nodes_modes", "nodes_values",
                             "nodes_truenodeids", "nodes_falsenodeids", "class_treeids", "class_nodeids",
                             "class_ids", "class_weights"]}
    for t, est in enumerate(gbt.estimators_[:, 0]):
        tree = est.tree_
        for n in range(tree.node_count):
            leaf = tree.children_left[n] == -1
            attrs["nodes_treeids"].append(t)
            attrs["nodes_nodeids"].append(n)
            attrs["nodes_featureids"].append(0 if leaf else int(tree.feature[n]))
            attrs["nodes_modes"].append("LEAF" if leaf else "BRANCH_LEQ")
            attrs["nodes_values"].append(0.0 if leaf else float(tree.threshold[n]))
            attrs["nodes_truenodeids"].append(0 if leaf else int(tree.children_left[n]))
            attrs["nodes_falsenodeids"].append(0 if leaf else int(tree.children_right[n]))
            if leaf:
                attrs["class_treeids"].append(t)
                attrs["class_nodeids"].append(n)
                attrs["class_ids"].append(0)
                attrs["class_weights"].append(float(tree.value[n][0][0] * gbt.learning_rate))
    nodes = [helper.make_node("TreeEnsembleClassifier", ["input"], ["label", "probabilities"], domain=ML,
                              classlabels_int64s=[0, 1], post_transform="LOGISTIC", base_values=[base], **attrs)]
    save(model(nodes, x_in, outputs(), [], "breast_gbt"), "breast_gbt.onnx")
    p = gbt.predict_proba(X[test])[:, 1]
    # The runtime compares float32 values with float32 thresholds: check no test row crosses a threshold by that cast.
    raw = np.full(len(test), base)
    for est in gbt.estimators_[:, 0]:
        tree = est.tree_
        for k, x in enumerate(X[test].astype(np.float32)):
            n = 0
            while tree.children_left[n] != -1:
                n = tree.children_left[n] if x[tree.feature[n]] <= np.float32(tree.threshold[n]) else tree.children_right[n]
            raw[k] += tree.value[n][0][0] * gbt.learning_rate
    assert np.max(np.abs(1 / (1 + np.exp(-raw)) - p)) < 1e-12
    expected("breast_gbt.expected.csv", header, rows, test, p)

    truncated = logistic.SerializeToString()[:200]
    with open(os.path.join(OUT, "bad_truncated.onnx"), "wb") as f:
        f.write(truncated)
    hidden = onnx.helper.make_node("LinearClassifier", ["scaled"], ["label", "scores"], domain=ML,
                                   coefficients=lr.coef_[0].tolist(), intercepts=lr.intercept_.tolist(),
                                   classlabels_ints=[0, 1], post_transform="LOGISTIC")
    no_proba = model([logistic.graph.node[0], hidden], x_in,
                     [helper.make_tensor_value_info("label", TensorProto.INT64, [None])], [], "no_proba")
    save(no_proba, "bad_no_probability.onnx")
    # A model trained without the last feature: its single input is one float too narrow for the dataset.
    narrow = [helper.make_tensor_value_info("input", TensorProto.FLOAT, [None, len(features) - 1])]
    lr29 = LogisticRegression(max_iter=5000).fit(((X[train] - mean) / std)[:, :-1], y[train])
    nodes29 = [
        helper.make_node("Scaler", ["input"], ["scaled"], domain=ML, offset=mean[:-1].tolist(), scale=(1 / std[:-1]).tolist()),
        helper.make_node("LinearClassifier", ["scaled"], ["label", "probabilities"], domain=ML,
                         coefficients=lr29.coef_[0].tolist(), intercepts=lr29.intercept_.tolist(),
                         classlabels_ints=[0, 1], post_transform="LOGISTIC"),
    ]
    save(model(nodes29, narrow, outputs(), [], "bad_width"), "bad_width.onnx")


def credit():
    header, rows, y = read("samples/credit_data.csv", "Status", "bad")
    cats = ["Home", "Marital", "Job"]
    nums = [h for h in header if h not in cats and h not in ("Status",)]  # Records (yes/no) is boolean: 0/1 float
    train, test = split(y.astype(bool), 0.2, 1)

    def num(r, h):
        v = r[header.index(h)]
        if h == "Records":
            return {"no": 0.0, "yes": 1.0}.get(v, math.nan)
        return float(v) if v != "" else math.nan

    def cat(r, h):
        v = r[header.index(h)]
        return v if v != "" else "__missing__"

    N = np.array([[num(r, h) for h in nums] for r in rows])
    median = np.nanmedian(N[train], axis=0)
    N = np.where(np.isnan(N), median, N)
    mean, std = N[train].mean(axis=0), N[train].std(axis=0)
    levels = {h: sorted({cat(rows[i], h) for i in train}) for h in cats}
    C = np.hstack([np.array([[1.0 if cat(r, h) == v else 0.0 for v in levels[h]] for r in rows]) for h in cats])
    X = np.hstack([(N - mean) / std, C])
    lr = LogisticRegression(max_iter=5000).fit(X[train], y[train])

    inputs = [helper.make_tensor_value_info(h, TensorProto.FLOAT, [None, 1]) for h in nums]
    inputs += [helper.make_tensor_value_info(h, TensorProto.STRING, [None, 1]) for h in cats]
    nodes = [helper.make_node("Concat", nums, ["numeric"], axis=1),
             helper.make_node("Imputer", ["numeric"], ["imputed"], domain=ML, imputed_value_floats=median.tolist(),
                              replaced_value_float=float("nan")),
             helper.make_node("Scaler", ["imputed"], ["scaled"], domain=ML, offset=mean.tolist(), scale=(1 / std).tolist())]
    parts = ["scaled"]
    inits = [helper.make_tensor("w", TensorProto.FLOAT, [X.shape[1], 1], lr.coef_[0].tolist()),
             helper.make_tensor("b", TensorProto.FLOAT, [1], lr.intercept_.tolist()),
             helper.make_tensor("one_f", TensorProto.FLOAT, [1], [1.0])]
    for h in cats:
        k = len(levels[h])
        inits.append(helper.make_tensor(f"{h}_shape", TensorProto.INT64, [2], [-1, k]))
        nodes += [helper.make_node("OneHotEncoder", [h], [f"{h}_3d"], domain=ML, cats_strings=levels[h], zeros=1),
                  helper.make_node("Reshape", [f"{h}_3d", f"{h}_shape"], [f"{h}_onehot"])]
        parts.append(f"{h}_onehot")
    nodes += [helper.make_node("Concat", parts, ["features"], axis=1),
              helper.make_node("MatMul", ["features", "w"], ["margin0"]),
              helper.make_node("Add", ["margin0", "b"], ["margin"]),
              helper.make_node("Sigmoid", ["margin"], ["p1"]),
              helper.make_node("Sub", ["one_f", "p1"], ["p0"]),
              helper.make_node("Concat", ["p0", "p1"], ["probabilities"], axis=1),
              helper.make_node("ArgMax", ["probabilities"], ["label"], axis=1, keepdims=0)]
    save(model(nodes, inputs, outputs(), inits, "credit_logistic"), "credit_logistic.onnx")
    expected("credit_logistic.expected.csv", header, rows, test, lr.predict_proba(X[test])[:, 1])

    inputs[nums.index("Age")] = helper.make_tensor_value_info("Agee", TensorProto.FLOAT, [None, 1])
    nodes[0] = helper.make_node("Concat", [n if n != "Age" else "Agee" for n in nums], ["numeric"], axis=1)
    save(model(nodes, inputs, outputs(), inits, "bad_name"), "bad_name.onnx")


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    breast()
    credit()
    for f in sorted(os.listdir(OUT)):
        print(f, os.path.getsize(os.path.join(OUT, f)))
