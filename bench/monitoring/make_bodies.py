#!/usr/bin/env python3
"""Writes a wrk Lua script that cycles through real credit_data rows as predict bodies."""
import csv, json, sys

samples, out = sys.argv[1], sys.argv[2]
numeric = {"Seniority", "Time", "Age", "Expenses", "Income", "Assets", "Debt", "Amount", "Price"}
bodies = []
with open(samples, newline="") as f:
    for row in csv.DictReader(f):
        if any(v == "" for v in row.values()):
            continue
        features = {k: (float(v) if k in numeric else v) for k, v in row.items() if k != "Status"}
        bodies.append(json.dumps({"features": features}))
        if len(bodies) == 1000:
            break
with open(out, "w") as f:
    f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.headers["X-Api-Key"] = os.getenv("PORTAL_KEY")\n')
    f.write("bodies = {\n" + ",\n".join("[[" + b + "]]" for b in bodies) + "\n}\n")
    f.write("local i = 0\nrequest = function()\n  i = i % #bodies + 1\n  return wrk.format(nil, nil, nil, bodies[i])\nend\n")
