"""Reference values for Portal.Tests/Core/Performance/RealizedPerformanceTests.cs (scikit-learn).

Run: /usr/bin/python3 tools/reference/realized_performance_reference.py
"""
from sklearn.metrics import accuracy_score, brier_score_loss, f1_score, roc_auc_score

day1 = ([1, 0, 1, 1, 0, 0, 1, 0], [0.9, 0.3, 0.6, 0.4, 0.45, 0.7, 0.8, 0.2])
day2 = ([1, 1, 0, 0], [0.55, 0.65, 0.5, 0.1])
day3 = ([1, 1], [0.7, 0.4])


def report(name, y, p):
    pred = [1 if v >= 0.5 else 0 for v in p]
    auc = roc_auc_score(y, p) if len(set(y)) == 2 else None
    print(f"{name}: auc={auc!r} f1={f1_score(y, pred, zero_division=0)!r} "
          f"brier={brier_score_loss(y, p)!r} accuracy={accuracy_score(y, pred)!r}")


report("day1", *day1)
report("day2", *day2)
report("day3", *day3)
report("total", day1[0] + day2[0] + day3[0], day1[1] + day2[1] + day3[1])
