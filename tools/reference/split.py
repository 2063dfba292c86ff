#!/usr/bin/python3
"""Portal's stratified, seeded train/test split (Portal.Core/Training/DataSplit.cs), reimplemented.

Rows are those with a non-missing label, numbered 0..n-1 in file order. For row i:
    key(i) = SplitMix64((seed * 0x9E3779B97F4A7C15 + i) mod 2**64)
where seed is taken as a 64-bit two's-complement value and SplitMix64(x) is
    z = (x + 0x9E3779B97F4A7C15) mod 2**64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) mod 2**64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) mod 2**64
    return z ^ (z >> 31)
Within each class (positive / negative) rows are sorted by (key, i) and the first
floor(n_class * test_fraction + 0.5) go to the test split; the rest train.

Usage: split.py LABELS [TEST_FRACTION] [SEED]   (LABELS like 1101000110: 1 = positive)
       prints the sorted test-row indices, comma-separated.
"""
import math
import sys

MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15


def splitmix64(x):
    z = (x + GOLDEN) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def row_key(seed, i):
    return splitmix64(((seed & MASK) * GOLDEN + i) & MASK)


def test_count(n, test_fraction):
    return int(math.floor(n * test_fraction + 0.5))


def split(labels, test_fraction=0.2, seed=1):
    """labels: sequence of bools. Returns (train_indices, test_indices), each sorted ascending."""
    test = []
    for cls in (False, True):
        rows = [i for i, y in enumerate(labels) if bool(y) == cls]
        rows.sort(key=lambda i: (row_key(seed, i), i))
        test.extend(rows[:test_count(len(rows), test_fraction)])
    test_set = set(test)
    train = [i for i in range(len(labels)) if i not in test_set]
    return train, sorted(test)


if __name__ == "__main__":
    labels = [c == "1" for c in sys.argv[1]]
    fraction = float(sys.argv[2]) if len(sys.argv) > 2 else 0.2
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    _, test = split(labels, fraction, seed)
    print(",".join(str(i) for i in test))
