#!/usr/bin/env python3
"""Records real JobManager REST exchanges into tests/fixtures/jobmanager/flink-<version>/ (stdlib only).

    python3 scripts/record-jobmanager.py [--flink 2.3.0,1.20.3]

For each version: starts a standalone session cluster (scripts/flink-cluster.sh; jars from
scripts/flink-jars.sh) unless one is already running, starts Flink's own SQL Gateway
(../shared/servers/flink-sql-gateway, see its README) in front of it, and submits through the gateway:
  - weir-rec-running: datagen (with a watermark) -> GROUP BY -> blackhole, checkpoints every 2 s
  - weir-rec-cancel:  datagen -> blackhole
  - weir-rec-failing: CAST of random strings AS INT, restart-strategy none -> FAILED (NumberFormatException)
then records, one file per scenario, what the JobManager answers (overview, job details, plan, config,
checkpoints, vertices, metrics, watermarks, exceptions, savepoints incl. one into a directory that cannot
be created, stop-with-savepoint, cancel, unknown ids). The gateway is stopped at the end, and the
cluster too when this script started it. Local paths are rewritten to /var/lib/flink-<version>/...
"""
import argparse
import datetime
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLUSTER_SH = os.path.join(ROOT, "scripts", "flink-cluster.sh")
JARS_SH = os.path.join(ROOT, "scripts", "flink-jars.sh")
GATEWAY_DIR = os.path.join(ROOT, "..", "shared", "servers", "flink-sql-gateway")
if not os.path.isdir(GATEWAY_DIR):
    GATEWAY_DIR = "/work/shared/servers/flink-sql-gateway"
QUARTZ = "/usr/share/java/quartz2.jar"
OUT = os.path.join(ROOT, "tests", "fixtures", "jobmanager")
CACHE = os.environ.get("WEIR_CACHE", os.path.expanduser("~/.cache/weir"))
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))
ZERO_JOB = "0" * 32
# A directory no process can create, even as root: a savepoint into it fails on the JobManager.
NOT_WRITABLE = "file:///proc/weir-not-writable/savepoints"


def log(*a):
    print("record-jobmanager:", *a, file=sys.stderr, flush=True)


def http(method, url, body=None, timeout=30):
    data = None if body is None else json.dumps(body).encode()
    headers = {"Accept": "application/json"}
    if data is not None:
        headers["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    t0 = time.time()
    try:
        with NO_PROXY.open(req, timeout=timeout) as r:
            status, reason, rh, raw = r.status, r.reason, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        status, reason, rh, raw = e.code, e.reason, dict(e.headers), e.read()
    return status, reason, rh, raw, int((time.time() - t0) * 1000)


class Recorder:
    """Collects the exchanges of one fixture file."""

    def __init__(self, base, version, rewrites):
        self.base, self.version, self.rewrites = base, version, rewrites
        self.exchanges = []

    def call(self, method, path, body=None):
        status, reason, rh, raw, ms = http(method, self.base + path, body)
        text = raw.decode("utf-8", "replace")
        for old, new in self.rewrites:
            text = text.replace(old, new)
        try:
            parsed, raw_text = (json.loads(text) if text else None), None
        except ValueError:
            parsed, raw_text = None, text
        resp = {"status": status, "reason": reason,
                "headers": {k.lower(): v for k, v in rh.items() if k.lower() in ("content-type", "content-length")},
                "body": parsed}
        if raw_text is not None:
            resp["body_raw"] = raw_text
        shown = body
        if body is not None:
            shown = json.dumps(body)
            for old, new in self.rewrites:
                shown = shown.replace(old, new)
            shown = json.loads(shown)
        self.exchanges.append({
            "seq": len(self.exchanges) + 1,
            "at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "request": {"method": method, "path": path, "url": self.base + path,
                        "headers": {"Accept": "application/json"}, "body": shown},
            "response": resp,
            "elapsed_ms": ms,
        })
        return status, parsed

    def save(self, name, title, notes):
        folder = os.path.join(OUT, f"flink-{self.version}")
        os.makedirs(folder, exist_ok=True)
        doc = {"title": title, "notes": notes, "flink_version": self.version,
               "component": "JobManager REST (standalone session cluster)",
               "base_url": "http://127.0.0.1:8081", "exchange_count": len(self.exchanges),
               "exchanges": self.exchanges}
        text = json.dumps(doc, indent=1, ensure_ascii=False)
        text = text.replace(self.base, "http://127.0.0.1:8081")
        with open(os.path.join(folder, name + ".json"), "w") as f:
            f.write(text + "\n")
        log(f"{self.version}: {name}.json ({len(self.exchanges)} exchanges)")
        self.exchanges = []


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_for(what, fn, timeout=90, every=0.3):
    deadline = time.time() + timeout
    while True:
        r = fn()
        if r:
            return r
        if time.time() > deadline:
            raise SystemExit(f"record-jobmanager: timed out waiting for {what}")
        time.sleep(every)


class Gateway:
    """Flink's own SQL Gateway in front of the cluster, driven over its REST API (v1)."""

    def __init__(self, version, cluster_port, state):
        flink_home = os.path.join(CACHE, "flink", version)
        libs = sorted(os.path.join(flink_home, "lib", j) for j in os.listdir(os.path.join(flink_home, "lib")))
        dist = [j for j in libs if os.path.basename(j).startswith("flink-dist")]
        cp = [j for j in libs if j not in dist] + dist + [
            os.path.join(GATEWAY_DIR, f"flink-sql-gateway-{version}.jar"),
            os.path.join(flink_home, "opt", f"flink-python-{version}.jar"), QUARTZ]
        self.port = free_port()
        conf = os.path.join(state, "gateway-conf")
        os.makedirs(conf, exist_ok=True)
        yaml = (f"execution.target: remote\nrest.address: 127.0.0.1\nrest.port: {cluster_port}\n"
                "sql-gateway.endpoint.type: rest\nsql-gateway.endpoint.rest.address: 127.0.0.1\n"
                f"sql-gateway.endpoint.rest.bind-address: 127.0.0.1\nsql-gateway.endpoint.rest.port: {self.port}\n")
        for name in ("config.yaml", "flink-conf.yaml"):
            with open(os.path.join(conf, name), "w") as f:
                f.write(yaml)
        with open(os.path.join(state, "conf", "config.yaml")) as f:
            opens = next((l.split(":", 1)[1].strip() for l in f if l.startswith("env.java.opts.all:")), "")
        self.log = open(os.path.join(state, "logs", "record-gateway.out"), "w")
        env = dict(os.environ, FLINK_CONF_DIR=conf, FLINK_HOME=flink_home)
        self.proc = subprocess.Popen(
            ["java", "-Xmx1g", *opens.split(), f"-Dlog.file={state}/logs/record-gateway.log",
             f"-Dlog4j.configurationFile=file:{state}/conf/log4j.properties",
             "-cp", ":".join(cp), "org.apache.flink.table.gateway.SqlGateway"],
            env=env, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        self.base = f"http://127.0.0.1:{self.port}"
        wait_for("the SQL Gateway", lambda: self._up(), timeout=120)
        _, _, _, raw, _ = http("POST", self.base + "/v1/sessions", {"sessionName": "weir-record"})
        self.session = json.loads(raw)["sessionHandle"]

    def _up(self):
        if self.proc.poll() is not None:
            raise SystemExit(f"record-jobmanager: the SQL Gateway exited (see {self.log.name})")
        try:
            return http("GET", self.base + "/v1/info", timeout=2)[0] == 200
        except OSError:
            return False

    def run(self, sql):
        """Runs one statement; returns the job id it started, if any."""
        s = self.base + f"/v1/sessions/{self.session}"
        status, _, _, raw, _ = http("POST", s + "/statements", {"statement": sql})
        if status != 200:
            raise SystemExit(f"record-jobmanager: {sql!r}: HTTP {status}: {raw[:2000]!r}")
        op = json.loads(raw)["operationHandle"]

        def done():
            st = json.loads(http("GET", f"{s}/operations/{op}/status")[3])["status"]
            return st if st in ("FINISHED", "ERROR", "CANCELED", "CLOSED") else None
        wait_for(sql, done)
        status, _, _, raw, _ = http("GET", f"{s}/operations/{op}/result/0")
        if status != 200:
            raise SystemExit(f"record-jobmanager: {sql!r} failed: {raw[:3000]!r}")
        return json.loads(raw).get("jobID")

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()


def job_state(base, jid):
    return json.loads(http("GET", f"{base}/jobs/{jid}")[3]).get("state")


def poll_savepoint(rec, jid, trigger, timeout=90):
    deadline = time.time() + timeout
    while True:
        _, body = rec.call("GET", f"/jobs/{jid}/savepoints/{trigger}")
        if (body or {}).get("status", {}).get("id") == "COMPLETED":
            return body
        if time.time() > deadline:
            raise SystemExit("record-jobmanager: savepoint did not complete")
        time.sleep(0.5)


def poll_state(rec, jid, states, timeout=90):
    deadline = time.time() + timeout
    while True:
        _, body = rec.call("GET", f"/jobs/{jid}")
        if body.get("state") in states:
            return body
        if time.time() > deadline:
            raise SystemExit(f"record-jobmanager: job {jid} never reached {states}")
        time.sleep(0.5)


METRIC = re.compile(r"^\d+\.(numRecordsIn|numRecordsOut|numRecordsInPerSecond|numRecordsOutPerSecond|"
                    r"busyTimeMsPerSecond|backPressuredTimeMsPerSecond)$")


def record(version):
    state = os.path.join(CACHE, "cluster", version)
    subprocess.run([JARS_SH, version], check=True, stdout=subprocess.DEVNULL)
    was_running = subprocess.run([CLUSTER_SH, "status", "--flink", version], capture_output=True).returncode == 0
    out = subprocess.run([CLUSTER_SH, "start", "--flink", version], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    base = out.stdout.strip().splitlines()[-1]
    cluster_port = int(base.rsplit(":", 1)[1])
    savepoints = os.path.join(state, "savepoints-record")
    shutil.rmtree(savepoints, ignore_errors=True)
    os.makedirs(savepoints)
    neutral = f"/var/lib/flink-{version}"
    rewrites = [(savepoints, f"{neutral}/savepoints"), (state, neutral),
                (os.path.join(CACHE, "flink", version), f"/opt/flink-{version}")]
    gw = None
    try:
        gw = Gateway(version, cluster_port, state)
        for sql in [
            "SET 'execution.checkpointing.interval' = '2s'",
            "CREATE TABLE gen (k INT, v BIGINT, ts AS LOCALTIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)"
            " WITH ('connector' = 'datagen', 'rows-per-second' = '50', 'fields.k.min' = '1', 'fields.k.max' = '10')",
            "CREATE TABLE counts (k INT, c BIGINT) WITH ('connector' = 'blackhole')",
            "CREATE TABLE copy (k INT, v BIGINT) WITH ('connector' = 'blackhole')",
            "CREATE TABLE strs (s STRING) WITH ('connector' = 'datagen', 'number-of-rows' = '5', 'fields.s.length' = '6')",
            "CREATE TABLE ints (i INT) WITH ('connector' = 'blackhole')",
        ]:
            gw.run(sql)
        gw.run("SET 'pipeline.name' = 'weir-rec-running'")
        running = gw.run("INSERT INTO counts SELECT k, COUNT(*) FROM gen GROUP BY k")
        gw.run("SET 'pipeline.name' = 'weir-rec-cancel'")
        to_cancel = gw.run("INSERT INTO copy SELECT k, v FROM gen")
        gw.run("SET 'restart-strategy.type' = 'none'")
        gw.run("SET 'pipeline.name' = 'weir-rec-failing'")
        failing = gw.run("INSERT INTO ints SELECT CAST(s AS INT) FROM strs")
        log(f"{version}: running {running}, to cancel {to_cancel}, failing {failing}")
        wait_for("the running job RUNNING", lambda: job_state(base, running) == "RUNNING")
        wait_for("the failing job FAILED", lambda: job_state(base, failing) == "FAILED")

        # metrics and a completed checkpoint take a few seconds to show up
        def ready():
            cps = json.loads(http("GET", f"{base}/jobs/{running}/checkpoints")[3])
            if not ((cps.get("latest") or {}).get("completed")):
                return None
            for v in json.loads(http("GET", f"{base}/jobs/{running}")[3])["vertices"]:
                names = json.loads(http("GET", f"{base}/jobs/{running}/vertices/{v['id']}/metrics")[3])
                if not any(METRIC.match(m["id"]) for m in names):
                    return None
            return True
        wait_for("checkpoints and metrics", ready, timeout=60, every=1)
        time.sleep(2)

        rec = Recorder(base, version, rewrites)
        rec.call("GET", "/overview")
        rec.call("GET", "/jobs/overview")
        rec.call("GET", "/taskmanagers")
        rec.save("01-overview", "GET /overview, /jobs/overview, /taskmanagers",
                 ["a running job (weir-rec-running), a second running one (weir-rec-cancel) and a FAILED one"])

        _, job = rec.call("GET", f"/jobs/{running}")
        rec.call("GET", f"/jobs/{running}/plan")
        rec.call("GET", f"/jobs/{running}/config")
        _, cps = rec.call("GET", f"/jobs/{running}/checkpoints")
        rec.call("GET", f"/jobs/{running}/checkpoints/config")
        cid = cps["latest"]["completed"]["id"]
        rec.call("GET", f"/jobs/{running}/checkpoints/details/{cid}")
        for v in job["vertices"]:
            vid = v["id"]
            rec.call("GET", f"/jobs/{running}/vertices/{vid}")
            _, names = rec.call("GET", f"/jobs/{running}/vertices/{vid}/metrics")
            wanted = [m["id"] for m in names if METRIC.match(m["id"])]
            rec.call("GET", f"/jobs/{running}/vertices/{vid}/metrics?get=" + ",".join(wanted))
            rec.call("GET", f"/jobs/{running}/vertices/{vid}/watermarks")
        rec.save("02-running-job", "a RUNNING streaming job: details, plan, config, checkpoints, vertices, metrics",
                 ["datagen with a watermark -> GROUP BY -> blackhole, checkpoints every 2 s",
                  "per vertex: /vertices/:vid, the metric names, the values of the subtask metrics "
                  "(records in/out and per second, busy and backpressured ms per second), /watermarks"])

        rec.call("GET", f"/jobs/{failing}")
        rec.call("GET", f"/jobs/{failing}/exceptions")
        rec.save("03-failed-job", "a job FAILED at runtime: details and /exceptions",
                 ["CAST of random strings AS INT with restart-strategy.type none",
                  "the root cause is the last 'Caused by:' line of exceptionHistory.entries[].stacktrace "
                  "(NumberFormatException)"])

        target = "file://" + savepoints
        _, t = rec.call("POST", f"/jobs/{running}/savepoints",
                        {"target-directory": target, "cancel-job": False, "formatType": "CANONICAL"})
        poll_savepoint(rec, running, t["request-id"])
        rec.call("GET", f"/jobs/{running}/checkpoints")
        rec.save("04-trigger-savepoint", "POST /jobs/:id/savepoints, polled to COMPLETED with its location",
                 ["the job keeps running; the savepoint shows up in the checkpoint statistics"])

        _, t = rec.call("POST", f"/jobs/{running}/savepoints",
                        {"target-directory": NOT_WRITABLE, "cancel-job": False, "formatType": "CANONICAL"})
        poll_savepoint(rec, running, t["request-id"])
        rec.save("05-savepoint-not-writable", "a savepoint into a directory that cannot be created",
                 [f"target {NOT_WRITABLE}: status COMPLETED with operation.failure-cause (Flink's cause)"])

        _, t = rec.call("POST", f"/jobs/{running}/stop", {"targetDirectory": target, "drain": False})
        poll_savepoint(rec, running, t["request-id"])
        poll_state(rec, running, ("FINISHED",))
        rec.save("06-stop-with-savepoint", "POST /jobs/:id/stop (no drain), polled to COMPLETED; the job FINISHED",
                 ["the savepoint location is in operation.location; the job ends FINISHED"])

        rec.call("PATCH", f"/jobs/{to_cancel}?mode=cancel")
        poll_state(rec, to_cancel, ("CANCELED",))
        rec.save("07-cancel", "PATCH /jobs/:id?mode=cancel, then GET /jobs/:id until CANCELED", [])

        rec.call("GET", f"/jobs/{ZERO_JOB}")
        rec.call("GET", f"/jobs/{ZERO_JOB}/exceptions")
        rec.call("PATCH", f"/jobs/{ZERO_JOB}?mode=cancel")
        _, t = rec.call("POST", f"/jobs/{ZERO_JOB}/savepoints",
                        {"target-directory": target, "cancel-job": False, "formatType": "CANONICAL"})
        if t and t.get("request-id"):  # accepted: the failure arrives through the status
            poll_savepoint(rec, ZERO_JOB, t["request-id"])
        rec.call("GET", f"/jobs/{running}/savepoints/{ZERO_JOB}")
        rec.call("GET", f"/jobs/{running}/checkpoints/details/999999")
        rec.call("GET", "/jobs/not-a-job-id")
        rec.save("08-not-found", "unknown job, trigger and checkpoint ids; a malformed job id",
                 ["a savepoint of an unknown job is accepted (202) and fails in its status"])
    finally:
        if gw:
            gw.stop()
        if not was_running:
            subprocess.run([CLUSTER_SH, "stop", "--flink", version], capture_output=True)
        shutil.rmtree(savepoints, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--flink", default="2.3.0,1.20.3")
    args = ap.parse_args()
    for v in args.flink.split(","):
        record(v.strip())


if __name__ == "__main__":
    main()
