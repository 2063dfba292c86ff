#!/usr/bin/env python3
"""Promotion propagation across two replicas (issue 18, "Speed"); standard library only. Driven by propagation.sh.

  propagation.py ready URL [--model NAME] [--password P] [--timeout S]
      waits until URL/health/ready answers 200 (and, with --model, until the model answers a prediction)
  propagation.py run --a URL --b URL --s3 URL --bucket B --n N --out FILE [--model NAME] [--password P] [--meta k=v ...]
      registers v2 on A (v1's artefact read back from the shared bucket and imported, gates off, as the fleet tests do),
      then N promotions through A alternating v2/v1; for each, t0 is taken just before A's request is sent while a
      second thread polls B's predict back to back from t0 until B answers the new version. Writes the report to FILE.
"""
import argparse, csv, http.client, json, os, statistics, sys, threading, time, urllib.parse, uuid

NUMERIC = {"Seniority", "Time", "Age", "Expenses", "Income", "Assets", "Debt", "Amount", "Price"}
POLL_LIMIT_S = 10.0  # a promotion B has not served after this long is counted as failed, not waited for
TARGET_MISSED = 3  # the exit status when a propagation took 1000 ms or more (1 is an error, 2 a usage error)
FLEET_LIMIT_S = 20.0  # GET /api/fleet must say the fleet agrees within this long after the last promotion


class Client:
    """One keep-alive connection to one replica (a fresh connection per request would add its set-up to every poll)."""

    def __init__(self, base, token=None):
        url = urllib.parse.urlsplit(base)
        self.host, self.port = url.hostname, url.port
        self.token = token
        self.conn = None

    def request(self, method, path, body=None, headers=None, timeout=30):
        headers = dict(headers or {})
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                return response.status, data
            except (ConnectionError, http.client.HTTPException, OSError):
                # The server closed an idle keep-alive connection: open a new one once.
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise

    def json(self, method, path, body=None, expect=200):
        status, data = self.request(method, path, body)
        if status != expect:
            sys.exit(f"{method} {path} on {self.host}:{self.port}: {status} {data[:500].decode(errors='replace')}")
        return json.loads(data) if data else None


def token(base, password):
    status, data = Client(base).request("POST", "/api/auth/token", {"username": "admin", "password": password})
    if status != 200:
        raise RuntimeError(f"sign-in on {base}: {status} {data[:200]!r}")
    return json.loads(data)["access_token"]


def predict_body():
    """The first complete row of the demo's dataset, as a predict body."""
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    with open(os.path.join(root, "samples", "credit_data.csv"), newline="") as f:
        for row in csv.DictReader(f):
            if all(v != "" for v in row.values()):
                return {"features": {k: (float(v) if k in NUMERIC else v) for k, v in row.items() if k != "Status"}}
    raise RuntimeError("no complete row in samples/credit_data.csv")


def ready(args):
    deadline = time.monotonic() + args.timeout
    probe = Client(args.url)
    body = predict_body()
    last = ""
    while time.monotonic() < deadline:
        try:
            status, data = probe.request("GET", "/health/ready", timeout=5)
            last = f"/health/ready {status}"
            if status == 200 and not args.model:
                return
            if status == 200:
                probe.token = probe.token or token(args.url, args.password)
                status, data = probe.request("POST", f"/api/models/{args.model}/predict", body, timeout=5)
                last = f"predict {status} {data[:200]!r}"
                if status == 200:
                    return
        except (OSError, http.client.HTTPException, RuntimeError) as e:
            probe.conn = None
            last = str(e)
        time.sleep(0.25)  # waiting for a process to start, not measuring
    sys.exit(f"{args.url} was not ready within {args.timeout} s (last: {last})")


def multipart(fields, file_field, file_name, file_bytes):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{file_name}"\r\n'
                 f'Content-Type: application/zip\r\n\r\n'.encode() + file_bytes + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def artefact_from_bucket(s3, bucket, model, version):
    """v1's zip as the portal stored it (s3rver serves unsigned reads): found by listing, so a key prefix does not matter."""
    store = Client(s3)
    status, data = store.request("GET", f"/{bucket}?list-type=2")
    if status != 200:
        sys.exit(f"listing bucket {bucket}: {status} {data[:300]!r}")
    suffix = f"{model}/v{version}.zip"
    keys = [k.split("</Key>")[0] for k in data.decode().split("<Key>")[1:]]
    key = next((k for k in keys if k.endswith(suffix)), None)
    if key is None:
        sys.exit(f"no key ending {suffix} in bucket {bucket}: {keys}")
    status, data = store.request("GET", f"/{bucket}/{urllib.parse.quote(key)}")
    if status != 200:
        sys.exit(f"reading {key}: {status}")
    return data


def setup(a, args):
    """Gates off and a second version of the same artefact, so that every promotion is allowed and costs the same."""
    model = args.model
    a.json("PUT", f"/api/models/{model}/gates", {"minAuc": None})
    info = a.json("GET", f"/api/models/{model}")
    numbers = sorted(v["version"] for v in info.get("versions", []))
    if 2 not in numbers:
        dataset = a.json("GET", f"/api/models/{model}/versions/1")["datasetId"]
        zip_bytes = artefact_from_bucket(args.s3, args.bucket, model, 1)
        body, content_type = multipart({"datasetId": dataset, "label": "Status", "positiveClass": "bad"}, "file", "model.zip", zip_bytes)
        status, data = a.request("POST", f"/api/models/{model}/versions", body, {"Content-Type": content_type}, timeout=120)
        if status != 201:
            sys.exit(f"importing v2: {status} {data[:500]!r}")
    if info["championVersion"] != 1:
        promote(a, model, 1)


def promote(a, model, version):
    status, data = a.request("POST", f"/api/models/{model}/versions/{version}/promote", {"alias": "champion", "reason": "propagation bench"})
    if status != 200:
        sys.exit(f"promote v{version}: {status} {data[:500]!r}")
    return json.loads(data)


def one_promotion(a, b, model, target, body):
    """(propagation ms, promote ms, B's polls, B's first answered version); propagation None past POLL_LIMIT_S."""
    seen = {}
    started = threading.Event()

    def watch():
        polls = 0
        started.wait()
        t0 = seen["t0"]
        while True:
            status, data = b.request("POST", f"/api/models/{model}/predict", body)
            polls += 1
            now = time.perf_counter()
            if status != 200:
                seen["error"] = f"B predict {status} {data[:200]!r}"
                break
            if json.loads(data)["version"] == target:
                seen["propagation"] = (now - t0) * 1000
                break
            if now - t0 > POLL_LIMIT_S:
                break
        seen["polls"] = polls

    watcher = threading.Thread(target=watch)
    watcher.start()
    seen["t0"] = time.perf_counter()
    started.set()
    result = promote(a, model, target)
    promote_ms = (time.perf_counter() - seen["t0"]) * 1000
    watcher.join()
    if "error" in seen:
        sys.exit(seen["error"])
    if not result.get("promoted"):
        sys.exit(f"promote v{target} did not move the champion: {result}")
    return seen.get("propagation"), promote_ms, seen["polls"]


def nearest_rank(values, q):
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * q // 100) - 1)]


def summary(values):
    return {"n": len(values), "median": statistics.median(values), "p90": nearest_rank(values, 90), "max": max(values), "min": min(values)}


def run(args):
    a = Client(args.a, token(args.a, args.password))
    b = Client(args.b, token(args.b, args.password))
    model = args.model
    setup(a, args)
    body = predict_body()
    # B answers with v1 before the first promotion (it may have just started): the bench starts from agreement.
    status, data = b.request("POST", f"/api/models/{model}/predict", body)
    if status != 200 or json.loads(data)["version"] != 1:
        sys.exit(f"B before the first promotion: {status} {data[:300]!r}")

    rows = []
    current = 1
    for i in range(1, args.n + 1):
        target = 2 if current == 1 else 1
        propagation, promote_ms, polls = one_promotion(a, b, model, target, body)
        rows.append({"i": i, "to": target, "propagation": propagation, "promote": promote_ms, "polls": polls})
        shown = f"{propagation:7.1f} ms" if propagation is not None else f"  > {POLL_LIMIT_S * 1000:.0f} ms (not served)"
        print(f"promotion {i:3d} -> v{target}: B serves it after {shown}; A answered the promote in {promote_ms:6.1f} ms; {polls} polls of B", flush=True)
        current = target

    fleet, agreed_after = fleet_agreement(a)
    served = [r["propagation"] for r in rows if r["propagation"] is not None]
    failed = len(rows) - len(served)
    prop = summary(served) if served else None
    prom = summary([r["promote"] for r in rows])
    over = sum(1 for v in served if v >= 1000) + failed
    verdict = "met" if over == 0 else f"NOT met ({over} of {len(rows)} at or over 1000 ms)"
    if prop:
        print(f"propagation A -> B over {len(rows)} promotions: median {prop['median']:.1f} ms, p90 {prop['p90']:.1f} ms, max {prop['max']:.1f} ms"
              + (f", {failed} not served within {POLL_LIMIT_S:.0f} s" if failed else ""))
    print(f"promote answered by A: median {prom['median']:.1f} ms, p90 {prom['p90']:.1f} ms, max {prom['max']:.1f} ms")
    print(f"target (every propagation < 1000 ms): {verdict}; {agreement_text(fleet, agreed_after)}")
    write_report(args, rows, prop, prom, failed, verdict, fleet, agreed_after)
    print(f"report: {args.out}")
    return 0 if over == 0 else TARGET_MISSED


def fleet_agreement(a):
    """GET /api/fleet until it says the fleet agrees (replicas report what they serve with their heartbeat, every 5 s by
    default, so the status lags the serving itself) or FLEET_LIMIT_S passes; returns the last answer and the wait."""
    start = time.monotonic()
    while True:
        fleet = a.json("GET", "/api/fleet")
        waited = time.monotonic() - start
        if fleet.get("agrees") or waited > FLEET_LIMIT_S:
            return fleet, (waited if fleet.get("agrees") else None)
        time.sleep(0.25)  # a status that refreshes every few seconds, not a measurement


def agreement_text(fleet, agreed_after):
    live = len([r for r in fleet.get("replicas", []) if r.get("alive")])
    if agreed_after is None:
        return f"GET /api/fleet did NOT say the fleet agrees within {FLEET_LIMIT_S:.0f} s of the last promotion ({live} live replicas, disagreeing: {fleet.get('disagreeing')})"
    return f"GET /api/fleet said the fleet agrees {agreed_after:.1f} s after the last promotion ({live} live replicas)"


def write_report(args, rows, prop, prom, failed, verdict, fleet, agreed_after):
    meta = dict(kv.split("=", 1) for kv in args.meta)
    polls = [r["polls"] for r in rows]
    with open(args.out, "w") as f:
        f.write("# Promotion propagation across two replicas (issue 18)\n\n")
        f.write(f"Command: `{meta.get('command', 'bench/fleet/propagation.sh')}`\n\n")
        f.write("## Machine\n\n")
        for key, label in [("date", "Date (UTC)"), ("commit", "Commit"), ("cpu", "CPU"), ("cores", "Cores"), ("load", "Load average at start"),
                           ("dotnet", ".NET runtime"), ("postgres", "PostgreSQL"), ("s3", "S3-compatible store")]:
            if key in meta:
                f.write(f"- {label}: {meta[key]}\n")
        f.write("\n## Method\n\n")
        f.write(
            "Two replicas of the Release build (`Portal.Web.dll` on Kestrel, Production, log level Warning) on one throwaway "
            "PostgreSQL cluster (one database) and one s3rver bucket, as a fleet runs: A with the demo on (it trains credit-risk v1), "
            "B started once A served. v2 is v1's artefact read back from the bucket and imported on A (`POST /api/models/credit-risk/versions`), "
            "and A's gates are off, as in the fleet tests, so every promotion is allowed and every version costs the same to load. "
            f"Then {len(rows)} promotions through A (`POST /api/models/credit-risk/versions/{{v}}/promote` `{{\"alias\":\"champion\"}}`), "
            "alternating v2 and v1, one after the other. For each: t0 is taken just before A's request is sent, while a second thread "
            "polls B's `POST /api/models/credit-risk/predict` back to back on one keep-alive connection from t0 until B's answer carries "
            "the new `version`; propagation = that answer's arrival - t0 (so it includes A's promote). Promote latency = A's answer - t0. "
            f"The client is Python's http.client on the same machine. A promotion B does not serve within {POLL_LIMIT_S:.0f} s counts as failed. "
            "v2's artefact has v1's bytes (and digest), so no promotion waits for a download; the first promotion to v2 is the one in which B first loads v2.\n\n")
        f.write("## Results\n\n")
        f.write("| Measure | n | median ms | p90 ms | max ms | min ms |\n|---|---:|---:|---:|---:|---:|\n")
        if prop:
            f.write(f"| Propagation A -> B (B serves the new champion) | {prop['n']} | {prop['median']:.1f} | {prop['p90']:.1f} | {prop['max']:.1f} | {prop['min']:.1f} |\n")
        f.write(f"| Promote answered by A | {prom['n']} | {prom['median']:.1f} | {prom['p90']:.1f} | {prom['max']:.1f} | {prom['min']:.1f} |\n\n")
        if failed:
            f.write(f"{failed} promotion(s) were not served by B within {POLL_LIMIT_S:.0f} s.\n\n")
        f.write(f"Target: every propagation < 1000 ms, max reported: **{verdict}** (max {prop['max']:.1f} ms).\n\n" if prop else f"Target: {verdict}.\n\n")
        f.write(f"B's predictions per promotion while polling: median {statistics.median(polls):g}, max {max(polls)}. "
                f"{agreement_text(fleet, agreed_after).replace('GET /api/fleet', '`GET /api/fleet`')}; it reports what each replica serves with its heartbeat, so it lags serving by up to a heartbeat.\n\n")
        f.write("<details><summary>Every promotion</summary>\n\n| # | to | propagation ms | promote ms | polls of B |\n|---:|---:|---:|---:|---:|\n")
        for r in rows:
            p = f"{r['propagation']:.1f}" if r["propagation"] is not None else "not served"
            f.write(f"| {r['i']} | v{r['to']} | {p} | {r['promote']:.1f} | {r['polls']} |\n")
        f.write("\n</details>\n")


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("ready")
    r.add_argument("url")
    r.add_argument("--model")
    r.add_argument("--password", default=os.environ.get("ADMIN_PASSWORD", ""))
    r.add_argument("--timeout", type=float, default=300)
    b = sub.add_parser("run")
    b.add_argument("--a", required=True)
    b.add_argument("--b", required=True)
    b.add_argument("--s3", required=True)
    b.add_argument("--bucket", required=True)
    b.add_argument("--n", type=int, default=50)
    b.add_argument("--out", required=True)
    b.add_argument("--model", default="credit-risk")
    b.add_argument("--password", default=os.environ.get("ADMIN_PASSWORD", ""))
    b.add_argument("--meta", action="append", default=[])
    args = parser.parse_args()
    if args.command == "run" and args.n < 1:
        parser.error("--n: at least one promotion")
    if args.command == "ready":
        ready(args)
        return 0
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
