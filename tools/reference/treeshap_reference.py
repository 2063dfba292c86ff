#!/usr/bin/env python3
"""Reference Shapley values for Portal.Tests/Core/Explanations/TreeShapReferenceTests (issue 16, exact explanations).

Input: tools/reference/treeshap_model.json, dumped by the test's ShapReferenceDump from a FastTree (10 trees x 8 leaves)
trained on credit_data: per tree the node arrays (feature index in the feature vector, threshold, left/right child,
a child c < 0 being leaf ~c) with covers (training rows through each node and leaf), the Platt calibration, the user
feature owning each feature-vector index, and five featurized rows.

Brute force, no TreeSHAP: for each tree and each subset S of the features that tree splits on, the path-dependent
expectation v(S) follows the row at a split on a feature in S and otherwise averages both children weighted by their
covers (half and half when neither has any); the Shapley value of feature i is the sum over S not holding i of
|S|! (M - |S| - 1)! / M! (v(S + i) - v(S)). Values add over trees (raw score = sum of leaves), move to the logit
space of the Platt calibration P = 1 / (1 + exp(slope * raw + offset)) as -slope * value (base: -(slope * sum of
v(empty) + offset)), and are summed per user feature.

Run with Debian's python3:  /usr/bin/python3 tools/reference/treeshap_reference.py
"""
import itertools
import json
import math
import os

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "treeshap_model.json")) as f:
    dump = json.load(f)


def expectation(tree, x, subset, child=0):
    if child < 0:
        return tree["leafValue"][~child]
    left, right = tree["left"][child], tree["right"][child]
    if tree["feature"][child] in subset:
        return expectation(tree, x, subset, left if x[tree["feature"][child]] <= tree["threshold"][child] else right)

    def cover(c):
        return tree["leafCover"][~c] if c < 0 else tree["nodeCover"][c]

    total = cover(left) + cover(right)
    wl, wr = (cover(left) / total, cover(right) / total) if total > 0 else (0.5, 0.5)
    return wl * expectation(tree, x, subset, left) + wr * expectation(tree, x, subset, right)


def tree_shapley(tree, x):
    """(v(empty), {feature index: Shapley value}) for one tree, by enumerating every subset of its features."""
    if not tree["feature"]:
        return 0.0, {}
    features = sorted(set(tree["feature"]))
    m = len(features)
    values = {}
    for i in features:
        others = [f for f in features if f != i]
        phi = 0.0
        for size in range(m):
            weight = math.factorial(size) * math.factorial(m - size - 1) / math.factorial(m)
            for subset in itertools.combinations(others, size):
                s = set(subset)
                phi += weight * (expectation(tree, x, s | {i}) - expectation(tree, x, s))
        values[i] = phi
    return expectation(tree, x, set()), values


slope, offset, owner, names = dump["slope"], dump["offset"], dump["owner"], dump["features"]
for r, x in enumerate(dump["rows"]):
    base_raw = 0.0
    raw = 0.0
    per_feature = [0.0] * len(names)
    for tree in dump["trees"]:
        empty, values = tree_shapley(tree, x)
        base_raw += empty
        raw += expectation(tree, x, set(tree["feature"]))
        for index, value in values.items():
            per_feature[owner[index]] += -slope * value
    base = -(slope * base_raw + offset)
    logit = -(slope * raw + offset)
    assert abs(base + sum(per_feature) - logit) < 1e-12, "Shapley values must add up to the logit"
    print(f"row {r}: base {base!r}, logit {logit!r}")
    print("  values [" + ", ".join(repr(v) for v in per_feature) + "]")
