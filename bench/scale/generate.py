#!/usr/bin/python3
"""Credit-like CSV for the scale benchmark (issue 19): N rows x 20 columns, numpy only, deterministic for a seed.

    /usr/bin/python3 bench/scale/generate.py OUT.csv [--rows 5000000] [--seed 19]

Columns (an empty cell is a missing value, as Portal's CSV reader takes it):
  12 numeric   age, years_employed (integer, 9% missing), income (log-normal, 6% missing), loan_amount (log-normal,
               integer), term_months (12..60), interest_rate, credit_score (integer, 3% missing), debt_to_income (gamma),
               open_accounts (Poisson), delinquencies (zero-inflated Poisson), utilization (beta, 8% missing),
               balance (log-normal with 15% zeros)
  7 categorical home_ownership (3), employment (5, 4% missing), education (6), channel (8), purpose (14),
               region (50), employer (200, Zipf-like long tail: a few employers hold most rows)
  label        default "yes"/"no", about 20% "yes"
The label is drawn from a logistic model with non-linear terms (a U-shape in age, thresholds in credit score and
debt-to-income, an interaction of utilization and delinquencies, category effects), so boosted trees reach a test AUC
around 0.85 rather than 0.99. Row blocks are seeded by (seed, block number), so the first rows of a larger file equal
a smaller file with the same seed. Written in blocks of 200,000 rows: memory stays flat whatever --rows is.
"""
import argparse
import sys
import time

import numpy as np

BLOCK = 200_000
HEADER = ["age", "years_employed", "income", "loan_amount", "term_months", "interest_rate", "credit_score",
          "debt_to_income", "open_accounts", "delinquencies", "utilization", "balance",
          "home_ownership", "employment", "education", "channel", "purpose", "region", "employer", "default"]

HOME = np.array(["rent", "own", "mortgage"])
EMPLOYMENT = np.array(["salaried", "self_employed", "contractor", "retired", "unemployed"])
EDUCATION = np.array(["primary", "secondary", "vocational", "bachelor", "master", "doctorate"])
CHANNEL = np.array(["branch", "web", "mobile", "broker", "partner", "phone", "mail", "kiosk"])
PURPOSE = np.array(["car", "home_improvement", "debt_consolidation", "education", "medical", "wedding", "holiday",
                    "business", "furniture", "electronics", "moving", "renewable_energy", "taxes", "other"])
REGION = np.array([f"R{i:02d}" for i in range(1, 51)])
EMPLOYER = np.array([f"EMP{i:03d}" for i in range(1, 201)])
# Fixed category effects on the log-odds (drawn once from seed 0, not from the data seed, so the task is the same).
_effects = np.random.default_rng(0)
PURPOSE_EFFECT = _effects.normal(0, 0.35, len(PURPOSE))
REGION_EFFECT = _effects.normal(0, 0.25, len(REGION))
EMPLOYER_EFFECT = _effects.normal(0, 0.5, len(EMPLOYER))
EMPLOYER_P = 1.0 / np.arange(1, len(EMPLOYER) + 1) ** 1.1
EMPLOYER_P /= EMPLOYER_P.sum()
# Chosen so that about 20% of rows are positive.
INTERCEPT = -1.18
SCALE = 1.5  # strength of the signal: a test AUC of about 0.86 with boosted trees


def block(rng, n):
    """One block of n rows: a list of 20 string columns (lists of str)."""
    age = rng.integers(18, 81, n)
    years_employed = np.minimum(rng.poisson(np.maximum(age - 20, 1) / 3.0), age - 16)
    income = np.round(np.exp(rng.normal(10.6, 0.55, n) + 0.004 * (age - 40)), 2)
    loan_amount = np.round(np.exp(rng.normal(9.3, 0.8, n))).astype(np.int64)
    term_months = rng.choice(np.array([12, 24, 36, 48, 60]), n, p=[0.1, 0.2, 0.35, 0.15, 0.2])
    credit_score = np.clip(np.round(rng.normal(680, 70, n)), 300, 850).astype(np.int64)
    interest_rate = np.round(np.clip(22 - (credit_score - 300) / 40 + rng.normal(0, 2, n) + term_months / 30, 2.5, 35), 2)
    debt_to_income = np.round(np.minimum(rng.gamma(2.0, 0.14, n) + loan_amount / income / 6, 3.0), 3)
    open_accounts = rng.poisson(6, n)
    delinquencies = np.where(rng.random(n) < 0.75, 0, rng.poisson(1.8, n) + 1)
    utilization = np.round(rng.beta(2, 3.5, n), 3)
    balance = np.where(rng.random(n) < 0.15, 0.0, np.round(np.exp(rng.normal(8.0, 1.3, n)), 2))
    home = rng.choice(3, n, p=[0.4, 0.2, 0.4])
    employment = rng.choice(5, n, p=[0.62, 0.14, 0.1, 0.1, 0.04])
    education = rng.choice(6, n, p=[0.06, 0.3, 0.2, 0.28, 0.13, 0.03])
    channel = rng.choice(8, n)
    purpose = rng.choice(14, n)
    region = rng.choice(50, n)
    employer = rng.choice(200, n, p=EMPLOYER_P)

    logit = INTERCEPT + SCALE * (
             + 0.0009 * (age - 45) ** 2 - 0.35                                # U-shape: the young and the old
             + 1.1 * np.tanh((620 - credit_score) / 45.0)                     # a soft threshold in credit score
             + 1.2 * (debt_to_income > 0.55) + 0.6 * (debt_to_income > 0.9)
             + 1.3 * utilization * np.minimum(delinquencies, 4) / 2.0         # utilization matters with delinquencies
             - 0.25 * np.log1p(income / 20000.0) * (employment != 4)
             + 0.5 * (employment == 4) + 0.15 * (home == 0)
             + 0.012 * (interest_rate - 12) + 0.004 * (term_months - 36)
             - 0.03 * np.minimum(years_employed, 10)
             + PURPOSE_EFFECT[purpose] + REGION_EFFECT[region] + EMPLOYER_EFFECT[employer])
    default = rng.random(n) < 1.0 / (1.0 + np.exp(-logit))

    def text(values, missing_share=0.0, decimals=None):
        # map over Python values: about twice as fast as numpy's own string conversions.
        strings = list(map(str if decimals is None else f"{{:.{decimals}f}}".format, values.tolist()))
        if missing_share:
            for i in np.flatnonzero(rng.random(n) < missing_share).tolist():
                strings[i] = ""
        return strings

    return [
        text(age), text(years_employed, 0.09), text(income, 0.06, 2), text(loan_amount), text(term_months),
        text(interest_rate, 0.0, 2), text(credit_score, 0.03), text(debt_to_income, 0.0, 3), text(open_accounts),
        text(delinquencies), text(utilization, 0.08, 3), text(balance, 0.0, 2),
        text(HOME[home]), text(EMPLOYMENT[employment], 0.04), text(EDUCATION[education]), text(CHANNEL[channel]),
        text(PURPOSE[purpose]), text(REGION[region]), text(EMPLOYER[employer]),
        ["yes" if d else "no" for d in default.tolist()],
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--seed", type=int, default=19)
    args = parser.parse_args()
    started = time.perf_counter()
    with open(args.out, "w", encoding="ascii", newline="") as f:
        f.write(",".join(HEADER) + "\n")
        for b, start in enumerate(range(0, args.rows, BLOCK)):
            columns = block(np.random.default_rng([args.seed, b]), min(BLOCK, args.rows - start))
            f.write("\n".join(map(",".join, zip(*columns))))
            f.write("\n")
    print(f"{args.out}: {args.rows} rows in {time.perf_counter() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
