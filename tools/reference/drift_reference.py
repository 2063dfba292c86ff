#!/usr/bin/env python3
"""Reference values for Portal.Tests/Core/Statistics/*Tests.cs and Portal.Tests/Core/Drift/*Tests.cs (drift statistics).

Run from the repository root with Debian's scipy 1.10 / numpy 1.24:
    /usr/bin/python3 tools/reference/drift_reference.py
The data come from a generator both sides compute bit for bit (no transcendental functions):
an LCG s <- (1664525 s + 1013904223) mod 2^32, u = s / 2^32, and "normal" = mu + sigma * (sum of 12 u - 6)
summed left to right. DriftData.cs in the tests is the C# twin. The Evidently definitions are written out here
(Evidently is not installed): ks = ks_2samp; wasserstein = wasserstein_distance / max(np.std(ref), 0.001);
chisquare = chisquare(cur counts, ref counts * n_cur / n_ref) over the union of values; z = Evidently's
proportions_diff_z_test; binned data = np.histogram over np.histogram_bin_edges(concat, 30) (numeric) or the shares
of each value of the union (categorical); jensenshannon = scipy.spatial.distance.jensenshannon(ref, cur, 2);
psi = sum((r - c) ln(r / c)) with zero shares set to 0.0001.
"""
import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance


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


def normals(seed, n, mu=0.0, sigma=1.0, step=None):
    g = Gen(seed)
    out = []
    for _ in range(n):
        x = g.normal(mu, sigma)
        if step is not None:
            x = np.floor(x / step) * step
        out.append(x)
    return np.array(out)


def categories(seed, n, weights, names):
    g = Gen(seed)
    total = sum(weights)
    out = []
    for _ in range(n):
        x = g.u() * total
        acc = 0.0
        for w, name in zip(weights, names):
            acc += w
            if x < acc:
                out.append(name)
                break
        else:
            out.append(names[-1])
    return out


def binned_numeric(ref, cur, n=30):
    bins = np.histogram_bin_edges(np.concatenate([ref, cur]), bins=n)
    return np.histogram(ref, bins)[0] / len(ref), np.histogram(cur, bins)[0] / len(cur)


def binned_categorical(ref, cur):
    keys = sorted(set(ref) | set(cur))
    r = np.array([ref.count(k) / len(ref) for k in keys])
    c = np.array([cur.count(k) / len(cur) for k in keys])
    return r, c


def psi(r, c):
    r = r.copy(); c = c.copy()
    np.place(r, r == 0, 0.0001)
    np.place(c, c == 0, 0.0001)
    return sum((r[i] - c[i]) * np.log(r[i] / c[i]) for i in range(len(r)))


def chi(ref, cur):
    keys = sorted(set(ref) | set(cur))
    k = len(cur) / len(ref)
    return stats.chisquare([cur.count(x) for x in keys], [ref.count(x) * k for x in keys])


def z(ref, cur):
    keys = sorted(set(ref) | set(cur))
    r = [0 if x == keys[0] else 1 for x in ref]
    c = [0 if x == keys[0] else 1 for x in cur]
    n1, n2 = len(r), len(c)
    p1 = float(sum(r)) / n1; p2 = float(sum(c)) / n2
    P = float(p1 * n1 + p2 * n2) / (n1 + n2)
    zs = (p1 - p2) / np.sqrt(P * (1 - P) * (1.0 / n1 + 1.0 / n2))
    return zs, 2 * (1 - stats.norm.cdf(np.abs(zs)))


print("scipy", scipy.__version__, "numpy", np.__version__)
KS = {
    # name: (seedA, nA, muA, seedB, nB, muB, step)
    "exact_equal_ties": (1, 40, 0.0, 2, 40, 0.3, 0.5),
    "exact_unequal_ties": (3, 60, 0.0, 4, 45, 0.5, 0.1),
    "exact_unequal": (5, 300, 0.0, 6, 250, 0.1, None),
    "exact_equal_large": (7, 2000, 0.0, 8, 2000, 0.12, None),
    "asymp_same": (9, 12000, 0.0, 10, 11000, 0.0, None),
    "asymp_shift_small": (11, 12000, 0.0, 12, 11000, 0.03, None),
    "asymp_shift": (13, 12000, 0.0, 14, 11000, 0.1, None),
    "asymp_n100": (15, 20000, 0.0, 16, 100, 0.0, None),
    "asymp_n100_shift": (17, 20000, 0.0, 18, 100, 0.4, None),
    "asymp_pelzgood": (19, 250000, 0.0, 20, 250000, 0.0, None),
}
for name, (sa, na, ma, sb, nb, mb, step) in KS.items():
    a = normals(sa, na, ma, 1.0, step)
    b = normals(sb, nb, mb, 1.0, step)
    r = stats.ks_2samp(a, b)
    print(f"ks {name}: D={r.statistic!r} p={r.pvalue!r}")

ref = normals(21, 500, 0.0, 2.0)
cur = normals(22, 400, 0.4, 2.5)
w = stats.wasserstein_distance(ref, cur)
print(f"wasserstein: w={w!r} std={np.std(ref)!r} normed={w / max(np.std(ref), 0.001)!r}")
print(f"meanshift: {(np.mean(cur) - np.mean(ref)) / np.std(ref)!r} mean_ref={np.mean(ref)!r} mean_cur={np.mean(cur)!r}")

ref = normals(23, 2000, 0.0, 1.0)
cur = normals(24, 1500, 0.25, 1.2)
r, c = binned_numeric(ref, cur)
print(f"numeric binned: js={distance.jensenshannon(r, c, 2)!r} psi={psi(r, c)!r} w_normed={stats.wasserstein_distance(ref, cur) / max(np.std(ref), 0.001)!r}")

names = ["a", "b", "c", "d", "e"]
cref = categories(25, 800, [5, 4, 3, 2, 1], names)
ccur = categories(26, 600, [4, 4, 3, 3, 2], names)
rs = chi(cref, ccur)
r, c = binned_categorical(cref, ccur)
print(f"categorical: chi2={rs.statistic!r} p={rs.pvalue!r} js={distance.jensenshannon(r, c, 2)!r} psi={psi(r, c)!r}")
ccur_new = categories(27, 600, [5, 4, 3, 2, 1, 1], names + ["f"])
rs = chi(cref, ccur_new)
r, c = binned_categorical(cref, ccur_new)
print(f"categorical new value: chi2={rs.statistic!r} p={rs.pvalue!r} js={distance.jensenshannon(r, c, 2)!r} psi={psi(r, c)!r}")
cref_small = categories(28, 200, [3, 2, 1], ["x", "y", "z"])
ccur_small = categories(29, 150, [2, 2, 2], ["x", "y", "z"])
rs = chi(cref_small, ccur_small)
print(f"chi small: chi2={rs.statistic!r} p={rs.pvalue!r}")

zref = categories(30, 300, [7, 3], ["no", "yes"])
zcur = categories(31, 250, [6, 4], ["no", "yes"])
zs, zp = z(zref, zcur)
print(f"z: z={zs!r} p={zp!r}")
zcur2 = categories(32, 250, [3, 7], ["no", "yes"])
zs, zp = z(zref, zcur2)
print(f"z shifted: z={zs!r} p={zp!r}")

# numeric with few values (chi-square on values; z on two values)
nref = [float(np.floor(x)) for x in normals(33, 400, 0.0, 0.8)]
ncur = [float(np.floor(x)) for x in normals(34, 300, 0.3, 0.8)]
print("few values:", sorted(set(nref) | set(ncur)))
nref = [min(max(x, -2.0), 1.0) for x in nref]
ncur = [min(max(x, -2.0), 1.0) for x in ncur]
rs = chi(nref, ncur)
print(f"numeric 4 values chi: chi2={rs.statistic!r} p={rs.pvalue!r}")
r, c = binned_numeric(np.array(nref), np.array(ncur))
print(f"numeric 4 values psi={psi(r, c)!r}")

# kstwo.sf(x, n) across the branches of kolmogn: Ruben-Gambino, DMTW, Pomeranz, Pelz-Good, 2*smirnov (sum and n > 1e6 not used)
for n, x in [(50, 0.015), (50, 0.1), (50, 0.2), (50, 0.35), (100, 0.2), (5000, 0.005), (5000, 0.03), (150000, 0.003),
             (500000, 0.0021), (500000, 0.004), (500000, 0.01), (1000000, 0.0015)]:
    print(f"kstwo n={n} x={x!r}: sf={stats.kstwo.sf(x, n)!r}")

# kstwo.sf where Portal sums the Birnbaum-Tingey terms by the trapezoidal rule (n >= ~16,400, 2.2 <= n x^2 < 354)
for n, x in [(20000, 0.0108), (20000, 0.039), (20000, 0.1225), (500000, 0.0025), (500000, 0.0087), (500000, 0.0234),
             (500000, 0.026), (1000000, 0.003), (1000000, 0.018)]:
    print(f"kstwo smooth n={n} x={x!r}: sf={stats.kstwo.sf(x, n)!r}")

# Every numeric statistic on 40,000 x 40,000 rounded normals (ties; KS p-value by the smooth Smirnov sum, n = 20,000)
ref = normals(41, 40000, 0.0, 1.0, 0.01)
cur = normals(42, 40000, 0.03, 1.05, 0.01)
ks = stats.ks_2samp(ref, cur)
w = stats.wasserstein_distance(ref, cur)
r, c = binned_numeric(ref, cur)
print(f"all statistics: D={ks.statistic!r} p={ks.pvalue!r} w={w!r} w_normed={w / max(np.std(ref), 0.001)!r} "
      f"psi={psi(r, c)!r} js={distance.jensenshannon(r, c, 2)!r} shift={(np.mean(cur) - np.mean(ref)) / np.std(ref)!r} "
      f"distinct={len(set(ref) | set(cur))}")
