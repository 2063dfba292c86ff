#!/usr/bin/env python3
"""Predict bodies from real credit_data rows (rows with a missing value are skipped, so every server accepts them).

  make_bodies.py SAMPLES.csv OUT.lua [--rows 1000] [--jsonl OUT.jsonl] [--batch OUT.json --batch-rows 10000]

OUT.lua      a wrk script cycling through the first --rows rows as {"features": {...}} bodies, sending the
             X-Api-Key header from $PORTAL_KEY (harmless to servers that need no key)
OUT.jsonl    the same bodies, one per line (for bench/LoadGen)
--batch      one {"instances": [...]} body of --batch-rows rows, cycling through all complete rows
"""
import argparse, csv, json

parser = argparse.ArgumentParser()
parser.add_argument("samples")
parser.add_argument("lua")
parser.add_argument("--rows", type=int, default=1000)
parser.add_argument("--jsonl")
parser.add_argument("--batch")
parser.add_argument("--batch-rows", type=int, default=10000)
args = parser.parse_args()

numeric = {"Seniority", "Time", "Age", "Expenses", "Income", "Assets", "Debt", "Amount", "Price"}
rows = []
with open(args.samples, newline="") as f:
    for row in csv.DictReader(f):
        if any(v == "" for v in row.values()):
            continue
        rows.append({k: (float(v) if k in numeric else v) for k, v in row.items() if k != "Status"})
bodies = [json.dumps({"features": r}) for r in rows[:args.rows]]
with open(args.lua, "w") as f:
    f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.headers["X-Api-Key"] = os.getenv("PORTAL_KEY")\n')
    f.write("bodies = {\n" + ",\n".join("[[" + b + "]]" for b in bodies) + "\n}\n")
    f.write("local i = 0\nrequest = function()\n  i = i % #bodies + 1\n  return wrk.format(nil, nil, nil, bodies[i])\nend\n")
if args.jsonl:
    with open(args.jsonl, "w") as f:
        f.write("\n".join(bodies) + "\n")
if args.batch:
    with open(args.batch, "w") as f:
        json.dump({"instances": [rows[i % len(rows)] for i in range(args.batch_rows)]}, f)
