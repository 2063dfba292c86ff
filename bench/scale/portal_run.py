#!/usr/bin/python3
"""Portal's side of the scale benchmark (issue 19): upload a CSV, train LightGbm on it through the REST API, and watch
the portal process's memory and CPU while it works. Standard library only (curl sends the upload, streamed from disk).

    /usr/bin/python3 bench/scale/portal_run.py URL PID DATA.csv [--label default] [--positive yes] [--model scale]
        [--password ...] [--rss-limit-mb 8192]

PID is the portal's process. Steps:
  upload   POST /api/datasets (multipart, curl): the 201 comes after the portal has stored and profiled the file.
  train    POST /api/models/{model}/train {"trainer":"LightGbm", testFraction 0.2, seed 1}, then GET /api/runs/{id} every
           0.2 s until it ends; the run's stages are read from its progress (Portal.Core/Training/ModelTrainer.cs
           reports 0.05 once the table is loaded (the upload's, kept in memory), prepared and split, 0.85 once the trainer has fitted, 0.9 after
           scoring the test split, 0.95 after permutation importance, then saves the model, computes SHAP and registers
           the version).
Before each step the process's peak RSS is reset (writing 5 to /proc/PID/clear_refs), so VmHWM afterwards is that
step's own peak; CPU seconds are utime + stime from /proc/PID/stat. A sampler kills the portal (SIGKILL) if its RSS
passes --rss-limit-mb, and the step is reported as killed. SIGTERM stops the wait for a run (the portal goes on): the
training step is reported as stopped, with the stages it reached. Prints one JSON object.
"""
import argparse
import json
import os
import signal
import subprocess
import threading
import time
import urllib.request

TICK = os.sysconf("SC_CLK_TCK")
STAGES = [(0.05, "load"), (0.85, "fit"), (0.9, "score"), (0.95, "importance")]


def status_kb(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime (fields 14 and 15 of stat)


def reset_peak(pid):
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


class Watch:
    """Samples the portal's RSS every 0.1 s; kills it past the limit."""

    def __init__(self, pid, limit_kb):
        self.pid, self.limit_kb, self.killed, self.max_rss_kb = pid, limit_kb, False, 0
        self._stop = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self):
        while not self._stop.wait(0.1):
            try:
                rss = status_kb(self.pid, "VmRSS")
            except OSError:
                return
            self.max_rss_kb = max(self.max_rss_kb, rss)
            if rss > self.limit_kb and not self.killed:
                self.killed = True
                os.kill(self.pid, signal.SIGKILL)

    def stop(self):
        self._stop.set()


def api(url, token, method="GET", body=None, timeout=60):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.load(response)


def step_start(pid):
    return {"peakReset": reset_peak(pid), "cpu0": cpu_seconds(pid), "rssBeforeMb": status_kb(pid, "VmRSS") / 1024,
            "t0": time.perf_counter()}


def step_end(pid, s, watch):
    out = {"seconds": round(time.perf_counter() - s.pop("t0"), 2), "rssBeforeMb": round(s.pop("rssBeforeMb"), 1),
           "peakReset": s.pop("peakReset")}
    cpu0 = s.pop("cpu0")
    if watch.killed:
        return {**out, "killed": True, "maxSampledRssMb": round(watch.max_rss_kb / 1024, 1)}
    return {**out, "cpuSeconds": round(cpu_seconds(pid) - cpu0, 2), "peakRssMb": round(status_kb(pid, "VmHWM") / 1024, 1),
            "rssAfterMb": round(status_kb(pid, "VmRSS") / 1024, 1), "maxSampledRssMb": round(watch.max_rss_kb / 1024, 1)}


STOP = threading.Event()


def main():
    signal.signal(signal.SIGTERM, lambda *_: STOP.set())
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("pid", type=int)
    parser.add_argument("data")
    parser.add_argument("--label", default="default")
    parser.add_argument("--positive", default="yes")
    parser.add_argument("--model", default="scale")
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password", default="Bench-pass-1")
    parser.add_argument("--rss-limit-mb", type=int, default=8192)
    args = parser.parse_args()
    pid, url = args.pid, args.url.rstrip("/")
    token = api(url + "/api/auth/token", None, "POST", {"username": args.user, "password": args.password})["access_token"]
    result = {"startRssMb": round(status_kb(pid, "VmRSS") / 1024, 1), "startPeakRssMb": round(status_kb(pid, "VmHWM") / 1024, 1),
              "startCpuSeconds": round(cpu_seconds(pid), 2), "fileMb": round(os.path.getsize(args.data) / 2**20, 1)}

    watch = Watch(pid, args.rss_limit_mb * 1024)
    s = step_start(pid)
    curl = subprocess.run(["curl", "-sS", "-o", "-", "-w", "\n%{http_code}", "-H", "Authorization: Bearer " + token,
                           "-F", f"file=@{args.data};type=text/csv", "-F", f"name={os.path.basename(args.data)}",
                           url + "/api/datasets"], capture_output=True, text=True)
    result["upload"] = step_end(pid, s, watch)
    body, _, code = curl.stdout.rpartition("\n")
    result["upload"]["status"] = code
    if watch.killed or code != "201":
        result["upload"]["error"] = (body or curl.stderr)[:2000]
        print(json.dumps(result))
        return
    dataset = json.loads(body)
    result["dataset"] = {"id": dataset["id"], "rows": dataset["rows"], "columns": len(dataset["columns"]),
                         "types": {c["name"]: c["type"] for c in dataset["columns"]}}

    s = step_start(pid)
    t0, cpu0 = time.perf_counter(), cpu_seconds(pid)
    # The request is validated (label, classes) before the 202: on a large table that takes a while.
    try:
        run_id = api(url + f"/api/models/{args.model}/train", token, "POST", {
            "datasetId": dataset["id"], "label": args.label, "positiveClass": args.positive, "trainer": "LightGbm",
            "testFraction": 0.2, "seed": 1}, timeout=1800)["runId"]
    except OSError as e:
        result["train"] = {**step_end(pid, s, watch), "error": f"POST train: {e!r}"}
        print(json.dumps(result))
        return
    accepted = (time.perf_counter() - t0, cpu_seconds(pid) - cpu0)
    marks, run, started = {}, None, None
    while not watch.killed and not STOP.is_set():
        try:
            run = api(url + f"/api/runs/{run_id}", token)
        except OSError:
            if watch.killed:
                break
            continue  # a poll that timed out while the process was busy: ask again
        now, cpu = time.perf_counter() - t0, cpu_seconds(pid) - cpu0
        if started is None and run["status"] != "queued":
            started = now
        for threshold, name in STAGES:
            if name not in marks and run["progress"] >= threshold:
                marks[name] = (now, cpu)
        if run["status"] not in ("queued", "running"):
            marks["finish"] = (now, cpu)
            break
        STOP.wait(0.2)
    result["train"] = step_end(pid, s, watch)
    if STOP.is_set() and "finish" not in marks:
        result["train"]["stopped"] = True
    watch.stop()
    if run is not None:
        result["train"].update(status=run["status"], progress=run["progress"], error=run.get("error"), auc=(run.get("metrics") or {}).get("auc"),
                               trainRows=(run.get("metrics") or {}).get("trainRows"), testRows=(run.get("metrics") or {}).get("testRows"))
        # Each stage's wall and CPU seconds, from the poll at which the progress first showed it done.
        previous, stages = accepted, {}
        for name in [n for _, n in STAGES] + ["finish"]:
            if name in marks:
                wall, cpu = marks[name]
                stages[name] = {"seconds": round(wall - previous[0], 2), "cpuSeconds": round(cpu - previous[1], 2)}
                previous = (wall, cpu)
        result["train"]["stages"] = {"accept": {"seconds": round(accepted[0], 2), "cpuSeconds": round(accepted[1], 2)}, **stages}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
