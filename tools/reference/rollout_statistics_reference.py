#!/usr/bin/env python3
"""Reference values for Portal.Tests/Core/Statistics/{McNemar,DeLong,MixtureSprt,SampleRatio,WilsonInterval,LatencyQuantile}Tests.cs
(the statistics of rollouts, issue 14).

Run from the repository root with Debian's scipy 1.10 / numpy 1.24 / statsmodels 0.13 / scikit-learn 1.2:
    apt-get install -y python3-scipy python3-statsmodels python3-sklearn
    /usr/bin/python3 tools/reference/rollout_statistics_reference.py
Generated data use the LCG of drift_reference.py (DriftData.cs is its C# twin): s <- (1664525 s + 1013904223) mod 2^32,
u = s / 2^32, "normal" = mu + sigma * (sum of 12 u - 6), rounded down to a step where ties are wanted.

- McNemar: statsmodels.stats.contingency_tables.mcnemar(table, exact=True) and (exact=False, correction=True).
- DeLong: no Debian library has it; written out here with numpy/scipy after Sun & Xu (2014), "Fast implementation of
  DeLong's algorithm for comparing the areas under correlated receiver operating characteristic curves", IEEE SPL 21(11)
  (midranks by scipy.stats.rankdata, covariances with np.cov, ddof = 1); each AUC checked against sklearn's roc_auc_score.
- mSPRT: no library has it; the normal-mixture likelihood ratio of Johari, Koomen, Pekelis & Walsh (2017), "Peeking at
  A/B tests", KDD, for two streams, Lambda = sqrt(V / (V + tau^2)) exp(tau^2 (d - theta0)^2 / (2 V (V + tau^2))) with
  d the difference of the arms' means and V its variance (for n per arm and variance sigma^2 per row, V = 2 sigma^2 / n,
  which is the paper's sqrt(2 sigma^2 / (2 sigma^2 + n tau^2)) exp(n^2 tau^2 d^2 / (4 sigma^2 (2 sigma^2 + n tau^2))));
  always-valid p = running minimum of 1 / Lambda (Johari, Pekelis & Walsh, "Always valid inference", Oper. Res. 2022).
- Sample ratio: scipy.stats.chisquare(observed, total * weights / sum(weights)).
- Wilson: statsmodels.stats.proportion.proportion_confint(count, nobs, alpha, method='wilson').
- Latency quantile: numpy.percentile(x, q) (linear interpolation, numpy's default).
"""
import numpy as np
import scipy
import sklearn
import statsmodels
from scipy import stats
from sklearn.metrics import roc_auc_score
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.proportion import proportion_confint


class Gen:
    def __init__(self, seed):
        self.s = seed % 4294967296

    def u(self):
        self.s = (1664525 * self.s + 1013904223) % 4294967296
        return self.s / 4294967296.0

    def normal(self, mu, sigma):
        acc = 0.0
        for _ in range(12):
            acc += self.u()
        return mu + sigma * (acc - 6.0)


def floor_step(x, step):
    return x if step is None else float(np.floor(x / step) * step)


print("scipy", scipy.__version__, "numpy", np.__version__, "statsmodels", statsmodels.__version__, "sklearn", sklearn.__version__)

# ---- McNemar: table [[both correct, champion only], [candidate only, both wrong]], b = table[0][1], c = table[1][0]
for b, c in [(0, 0), (3, 9), (10, 14), (12, 13), (5, 5), (0, 30), (40, 60), (150, 90), (1000, 1100), (7, 0)]:
    table = [[500, b], [c, 80]]
    e = mcnemar(table, exact=True)
    with np.errstate(divide="ignore"):  # b = c = 0: statsmodels divides 1 by 0 (inf, p = 0); Portal answers p = 1
        a = mcnemar(table, exact=False, correction=True)
    print(f"mcnemar b={b} c={c}: exact stat={float(e.statistic)!r} p={float(e.pvalue)!r}; "
          f"chi2 stat={float(a.statistic)!r} p={float(a.pvalue)!r}")


# ---- DeLong (Sun & Xu 2014) with midranks
def delong(y, scores):
    y = np.asarray(y, dtype=bool)
    pos = [np.asarray(s)[y] for s in scores]
    neg = [np.asarray(s)[~y] for s in scores]
    m, n = len(pos[0]), len(neg[0])
    k = len(scores)
    tx = np.array([stats.rankdata(p) for p in pos])
    ty = np.array([stats.rankdata(q) for q in neg])
    tz = np.array([stats.rankdata(np.concatenate([p, q])) for p, q in zip(pos, neg)])
    aucs = tz[:, :m].sum(axis=1) / m / n - (m + 1.0) / 2.0 / n
    v01 = (tz[:, :m] - tx) / n
    v10 = 1.0 - (tz[:, m:] - ty) / m
    sx = np.atleast_2d(np.cov(v01))
    sy = np.atleast_2d(np.cov(v10))
    cov = sx / m + sy / n
    for i in range(k):
        sk = roc_auc_score(y.astype(int), scores[i])
        assert abs(sk - aucs[i]) < 1e-12, (sk, aucs[i])
    return aucs, cov


Z95 = stats.norm.isf(0.025)
print(f"z95={Z95!r}")


def delong_data(seed, n, prevalence, shift_a, shift_b, corr, step):
    g = Gen(seed)
    y, a, b = [], [], []
    for _ in range(n):
        label = g.u() < prevalence
        na = g.normal(0.0, 1.0)
        nb = g.normal(0.0, 1.0)
        sa = (shift_a if label else 0.0) + na
        sb = (shift_b if label else 0.0) + corr * na + nb
        y.append(label)
        a.append(floor_step(sa, step))
        b.append(floor_step(sb, step))
    return np.array(y), np.array(a), np.array(b)


DELONG = {
    # name: (seed, n, prevalence, shiftA, shiftB, corr, step)
    "ties_n200": (101, 200, 0.4, 1.0, 0.8, 0.6, 0.1),
    "no_ties_n1000": (102, 1000, 0.3, 0.9, 0.85, 0.5, None),
    "heavy_ties_n60": (103, 60, 0.5, 1.2, 0.4, 0.3, 0.5),
    "rare_positives_n3000": (104, 3000, 0.05, 1.5, 1.3, 0.8, 0.01),
}
for name, (seed, n, prev, sa, sb, corr, step) in DELONG.items():
    y, a, b = delong_data(seed, n, prev, sa, sb, corr, step)
    aucs, cov = delong(y, [a, b])
    diff = aucs[1] - aucs[0]  # candidate (B) minus champion (A)
    var = cov[0, 0] + cov[1, 1] - 2 * cov[0, 1]
    z = diff / np.sqrt(var)
    p = 2 * stats.norm.sf(abs(z))
    half = Z95 * np.sqrt(var)
    print(f"delong {name} (B - A): positives={int(y.sum())} aucA={aucs[0]!r} aucB={aucs[1]!r} varA={cov[0, 0]!r} varB={cov[1, 1]!r} "
          f"cov={cov[0, 1]!r} z={z!r} p={p!r} lo={diff - half!r} hi={diff + half!r}")
    for label, s in (("A", a), ("B", b)):
        auc1, v1 = delong(y, [s])
        h = Z95 * np.sqrt(v1[0, 0])
        print(f"delong single {name} {label}: auc={auc1[0]!r} var={v1[0, 0]!r} lo={max(0.0, auc1[0] - h)!r} hi={min(1.0, auc1[0] + h)!r}")


# ---- mSPRT (normal mixture), running minimum of 1 / Lambda
def log_lambda(d, v, tau2, theta0=0.0):
    return 0.5 * np.log(v / (v + tau2)) + tau2 * (d - theta0) ** 2 / (2.0 * v * (v + tau2))


# The generic form equals the paper's two-stream formula when both arms hold n rows of variance sigma^2 (V = 2 sigma^2 / n).
for n, sigma2, tau, d in [(100, 0.25, 0.05, 0.04), (2500, 0.16, 0.05, 0.05), (40, 30.0, 5.0, 2.1)]:
    paper = 0.5 * np.log(2 * sigma2 / (2 * sigma2 + n * tau ** 2)) + n ** 2 * tau ** 2 * d ** 2 / (4 * sigma2 * (2 * sigma2 + n * tau ** 2))
    assert abs(paper - log_lambda(d, 2 * sigma2 / n, tau ** 2)) < 1e-12 * max(1.0, abs(paper)), (paper, n)


def msprt_rates(looks, tau, alpha):
    p_run = 1.0
    for sa, na, sb, nb in looks:
        pooled = (sa + sb) / (na + nb)
        v = pooled * (1 - pooled) * (1.0 / na + 1.0 / nb)
        d = sb / nb - sa / na
        ll = log_lambda(d, v, tau * tau)
        p_run = min(p_run, min(1.0, float(np.exp(-ll))))
        half = np.sqrt(2 * v * (v + tau * tau) / (tau * tau) * (np.log(1 / alpha) + 0.5 * np.log((v + tau * tau) / v)))
        print(f"  look champion {sa}/{na} candidate {sb}/{nb}: d={d!r} v={v!r} logLambda={ll!r} p={p_run!r} "
              f"lo={d - half!r} hi={d + half!r}")


print("msprt rates tau=0.05 alpha=0.05 (error rates: candidate worse)")
msprt_rates([(10, 100, 14, 100), (45, 500, 70, 500), (100, 1000, 160, 1000), (150, 1500, 240, 1500), (210, 2000, 300, 2000)], 0.05, 0.05)
print("msprt rates tau=0.05 alpha=0.05 (unequal arms, candidate higher)")
msprt_rates([(190, 950, 14, 50), (1900, 9500, 120, 500), (4750, 23750, 400, 1250)], 0.05, 0.05)
print("msprt rates tau=0.1 alpha=0.01 (A/A)")
msprt_rates([(120, 400, 118, 400), (600, 2000, 611, 2000), (3010, 10000, 2993, 10000)], 0.1, 0.01)


def msprt_means(looks, tau, alpha):
    p_run = 1.0
    for ma, va, na, mb, vb, nb in looks:
        v = va / na + vb / nb
        d = mb - ma
        ll = log_lambda(d, v, tau * tau)
        p_run = min(p_run, min(1.0, float(np.exp(-ll))))
        half = np.sqrt(2 * v * (v + tau * tau) / (tau * tau) * (np.log(1 / alpha) + 0.5 * np.log((v + tau * tau) / v)))
        print(f"  look champion {ma}/{va}/{na} candidate {mb}/{vb}/{nb}: d={d!r} v={v!r} logLambda={ll!r} p={p_run!r} "
              f"lo={d - half!r} hi={d + half!r}")


print("msprt means tau=0.02 alpha=0.05 (Brier: candidate lower)")
msprt_means([(0.180, 0.04, 200, 0.172, 0.038, 200), (0.181, 0.041, 1000, 0.168, 0.037, 1000), (0.179, 0.04, 3000, 0.165, 0.036, 3000)], 0.02, 0.05)
print("msprt means tau=5 alpha=0.05 (latency ms)")
msprt_means([(12.0, 30.0, 100, 13.5, 36.0, 100), (12.1, 31.0, 400, 14.2, 40.0, 400)], 5.0, 0.05)

# ---- Sample ratio mismatch
for obs, w in [([5210, 4790], [50, 50]), ([5050, 4950], [50, 50]), ([9310, 690], [95, 5]), ([3340, 3330, 3330], [1, 1, 1]),
               ([1010, 8990], [10, 90]), ([7600, 2400], [75, 25]), ([52, 48], [50, 50])]:
    w = np.asarray(w, dtype=float)
    exp = sum(obs) * w / w.sum()
    r = stats.chisquare(obs, exp)
    print(f"srm {obs} {list(w)}: chi2={r.statistic!r} p={r.pvalue!r}")

# ---- Wilson
for count, nobs, alpha in [(0, 10, 0.05), (3, 10, 0.05), (50, 100, 0.05), (1, 1000, 0.05), (1000, 1000, 0.05), (437, 5000, 0.05),
                           (437, 5000, 0.1), (12, 40, 0.01)]:
    lo, hi = proportion_confint(count, nobs, alpha=alpha, method="wilson")
    print(f"wilson {count}/{nobs} alpha={alpha}: lo={lo!r} hi={hi!r}")

# ---- Latency quantiles (ms): 5 + 2 |normal|, rounded down to 0.01 ms
for seed, n, q in [(201, 1000, 95), (202, 37, 95), (203, 5000, 99), (204, 1, 95), (205, 2, 50)]:
    g = Gen(seed)
    x = np.array([floor_step(5.0 + 2.0 * abs(g.normal(0.0, 1.0)), 0.01) for _ in range(n)])
    print(f"quantile seed={seed} n={n} q={q}: {np.percentile(x, q)!r}")
