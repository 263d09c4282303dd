#!/usr/bin/env python3
"""End-to-end test of Weir's local engine against a REAL standalone Flink session cluster (stdlib only).

    python3 tests/engine/cluster_e2e.py [--flink 2.3.0]

Starts a JobManager and a TaskManager with scripts/flink-cluster.sh (checks: REST URL on the last stdout
line, one TaskManager with 4 slots of the right Flink version, every listening socket of both JVMs on
127.0.0.1, a second `start` is a no-op, `status`), then starts the engine and opens sessions with
execution.target=remote, rest.address=127.0.0.1, rest.port=<cluster port>, and runs through the engine:
a bounded datagen table; typed batch SELECTs (INT, BIGINT, DOUBLE, DECIMAL, STRING, BOOLEAN, DATE,
TIMESTAMP(3), TIMESTAMP_LTZ, BYTES, ARRAY, MAP, ROW and NULLs: random values from datagen, exact values and
NULLs from VALUES, JSON and PLAIN_TEXT, the helpers of e2e.py); a streaming GROUP BY with
UPDATE_BEFORE/UPDATE_AFTER rows; an INSERT into blackhole from an unbounded datagen whose job id shows up
RUNNING in the cluster's GET /jobs/overview and is then cancelled through the JobManager REST API
(PATCH /jobs/<id>?mode=cancel) until CANCELED. Every job is checked to have run on the cluster, not on the
engine's MiniCluster. The cluster is always stopped at the end (and checked to be gone). Prints timings.

A cluster of the same version that is already running (scripts/flink-cluster.sh start) is stopped first.
"""
import argparse
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from engine_client import Engine, ROOT  # noqa: E402
import e2e  # noqa: E402  (check, by_name, test_types; failures collect in e2e.FAILS)

check = e2e.check
CLUSTER_SH = os.path.join(ROOT, "scripts", "flink-cluster.sh")
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))
TIMES = []


def timed(what, t0):
    dt = time.time() - t0
    TIMES.append((what, dt))
    return dt


def cluster(version, *args, timeout=300):
    return subprocess.run([CLUSTER_SH, *args, "--flink", version], capture_output=True, text=True, timeout=timeout)


def rest(base, method, path, timeout=30):
    """(status, parsed JSON) of a JobManager REST call."""
    req = urllib.request.Request(base + path, method=method, headers={"Accept": "application/json"})
    try:
        with NO_PROXY.open(req, timeout=timeout) as r:
            return r.status, json.loads(r.read().decode() or "null")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def jobs(base):
    st, b = rest(base, "GET", "/jobs/overview")
    assert st == 200, (st, b)
    return {j["jid"]: j for j in b["jobs"]}


def wait_job(base, jid, states, deadline=60):
    """Polls /jobs/overview until the job is in one of states; returns (job or None, seconds)."""
    t0 = time.time()
    job = None
    while time.time() - t0 < deadline:
        job = jobs(base).get(jid)
        if job and job["state"] in states:
            return job, time.time() - t0
        time.sleep(0.1)
    return job, time.time() - t0


def ran_on_cluster(cl, e, jid, what):
    """The job is known to the standalone cluster (and FINISHED there) and unknown to the engine's MiniCluster."""
    job, _ = wait_job(cl, jid, ("FINISHED",), deadline=30)
    local = jobs(e.cluster_rest) if e.cluster_rest else {}
    check(job is not None and job["state"] == "FINISHED" and jid not in local,
          "%s: job %s FINISHED on the standalone cluster, not on the engine's MiniCluster (%s)" % (what, jid, job and job["state"]))


def pids(version):
    state = os.path.join(os.environ.get("WEIR_CACHE", os.path.expanduser("~/.cache/weir")), "cluster", version)
    out = {}
    for name in ("jobmanager", "taskmanager"):
        try:
            with open(os.path.join(state, name + ".pid")) as f:
                out[name] = int(f.read().strip())
        except (OSError, ValueError):
            pass
    return out


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().split()[2] != "Z"
    except OSError:
        return True


def listening(pid_set):
    """{pid: [local addresses]} of the listening TCP sockets of the given processes (Linux ss)."""
    out = subprocess.run(["ss", "-Hltnp"], capture_output=True, text=True).stdout
    res = {p: [] for p in pid_set}
    for line in out.splitlines():
        cols = line.split()
        for p in pid_set:
            if "pid=%d," % p in line:
                res[p].append(cols[3])
    return res


def test_datagen_types(e, sh, cl):
    print("batch SELECT of a typed datagen table (random values)")
    status, _, rows = e.run(sh, """CREATE TEMPORARY TABLE typed (
        c_int INT, c_bigint BIGINT, c_double DOUBLE, c_decimal DECIMAL(10, 2), c_string STRING, c_boolean BOOLEAN,
        c_date DATE, c_ts TIMESTAMP(3), c_ltz TIMESTAMP_LTZ(3), c_bytes BYTES, c_array ARRAY<INT>,
        c_map MAP<STRING, INT>, c_row ROW<x INT, y STRING>, c_null STRING
      ) WITH ('connector' = 'datagen', 'number-of-rows' = '5',
        'fields.c_int.kind' = 'sequence', 'fields.c_int.start' = '1', 'fields.c_int.end' = '5',
        'fields.c_bigint.min' = '10000000000', 'fields.c_bigint.max' = '10000000009',
        'fields.c_double.min' = '0.5', 'fields.c_double.max' = '1.5',
        'fields.c_decimal.min' = '1', 'fields.c_decimal.max' = '99',
        'fields.c_string.length' = '7', 'fields.c_bytes.length' = '4', 'fields.c_array.length' = '3',
        'fields.c_map.length' = '2', 'fields.c_null.null-rate' = '1.0')""")
    check(status == "FINISHED" and rows == [{"kind": "INSERT", "fields": ["OK"]}], "CREATE TABLE typed datagen (bounded)")
    t = time.time()
    status, pages, rows = e.run(sh, "SELECT * FROM typed")
    timed("typed datagen SELECT (submit to EOS)", t)
    check(status == "FINISHED" and pages[-1]["resultType"] == "EOS", "typed SELECT finished with EOS")
    types = {c["name"]: c["logicalType"]["type"] for c in pages[0]["results"]["columns"]}
    check(types == {"c_int": "INTEGER", "c_bigint": "BIGINT", "c_double": "DOUBLE", "c_decimal": "DECIMAL",
                    "c_string": "VARCHAR", "c_boolean": "BOOLEAN", "c_date": "DATE", "c_ts": "TIMESTAMP_WITHOUT_TIME_ZONE",
                    "c_ltz": "TIMESTAMP_WITH_LOCAL_TIME_ZONE", "c_bytes": "VARBINARY", "c_array": "ARRAY", "c_map": "MAP",
                    "c_row": "ROW", "c_null": "VARCHAR"}, "column types %s" % types)
    vals = [e2e.by_name(pages[0], r) for r in rows]
    check(len(rows) == 5 and all(r["kind"] == "INSERT" for r in rows), "5 INSERT rows")
    check(sorted(v["c_int"] for v in vals) == [1, 2, 3, 4, 5], "INT sequence 1..5")
    check(all(isinstance(v["c_bigint"], int) and 10000000000 <= v["c_bigint"] <= 10000000009 for v in vals), "BIGINT in range")
    check(all(isinstance(v["c_double"], float) and 0.5 <= v["c_double"] <= 1.5 for v in vals), "DOUBLE in range")
    check(all(isinstance(v["c_decimal"], (int, float)) and 1 <= v["c_decimal"] <= 99 for v in vals), "DECIMAL as a number in range")
    check(all(isinstance(v["c_string"], str) and len(v["c_string"]) == 7 for v in vals), "STRING of length 7")
    check(all(isinstance(v["c_boolean"], bool) for v in vals), "BOOLEAN")
    check(all(re.fullmatch(r"\d{4}-\d\d-\d\d", v["c_date"]) for v in vals), "DATE as yyyy-mm-dd")
    check(all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,3})?)?", v["c_ts"]) for v in vals), "TIMESTAMP(3) as ISO local")
    check(all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,3})?)?Z", v["c_ltz"]) for v in vals), "TIMESTAMP_LTZ as ISO UTC with Z")
    check(all(len(base64.b64decode(v["c_bytes"])) == 4 for v in vals), "BYTES as base64 of 4 bytes")
    check(all(isinstance(v["c_array"], list) and len(v["c_array"]) == 3 and all(isinstance(x, int) for x in v["c_array"]) for v in vals),
          "ARRAY<INT> of 3")
    check(all(isinstance(v["c_map"], dict) and 1 <= len(v["c_map"]) <= 2
              and all(isinstance(k, str) and isinstance(x, int) for k, x in v["c_map"].items()) for v in vals), "MAP<STRING, INT>")
    check(all(isinstance(v["c_row"], dict) and set(v["c_row"]) == {"x", "y"} and isinstance(v["c_row"]["x"], int) for v in vals),
          "ROW<x INT, y STRING>")
    check(all(v["c_null"] is None for v in vals), "null-rate 1.0 column is NULL")
    ran_on_cluster(cl, e, pages[0].get("jobID", ""), "typed datagen SELECT")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--flink", default=os.environ.get("WEIR_FLINK_VERSION", "2.3.0"))
    args = ap.parse_args()
    v = args.flink
    print("Flink %s: engine against a standalone session cluster" % v)
    subprocess.run([os.path.join(ROOT, "engine", "build.sh"), v], check=True, stdout=subprocess.DEVNULL)
    if cluster(v, "status").returncode == 0:
        print("  (a cluster of this version was running: stopping it first)")
        cluster(v, "stop")

    e = None
    cluster_pids = {}
    t_all = time.time()
    try:
        # the engine starts its MiniCluster in the background while the standalone cluster starts
        t = time.time()
        e = Engine(v, log_path="/tmp/weir-engine-cluster-e2e.log")
        timed("engine first stdout line", t)

        print("cluster start")
        t = time.time()
        r = cluster(v, "start")
        dt = timed("cluster start (TaskManager registered)", t)
        lines = r.stdout.strip().splitlines()
        url = lines[-1] if lines else ""
        check(r.returncode == 0 and re.fullmatch(r"http://127\.0\.0\.1:\d+", url) is not None,
              "start exits 0 and prints the REST URL last (%s, %.1fs)" % (url, dt))
        if r.returncode != 0:
            print(r.stderr)
            raise SystemExit("cluster did not start")
        port = int(url.rsplit(":", 1)[1])
        st, ov = rest(url, "GET", "/overview")
        check(st == 200 and ov["taskmanagers"] == 1 and ov["slots-total"] == 4 and ov["flink-version"] == v,
              "/overview: 1 TaskManager, 4 slots, Flink %s (%s)" % (v, {k: ov.get(k) for k in ("taskmanagers", "slots-total", "flink-version")}))
        cluster_pids = pids(v)
        check(set(cluster_pids) == {"jobmanager", "taskmanager"} and all(alive(p) for p in cluster_pids.values()),
              "pid files of the live JobManager and TaskManager %s" % cluster_pids)
        if shutil.which("ss"):
            socks = listening(set(cluster_pids.values()))
            addrs = [a for l in socks.values() for a in l]
            check(all(socks.values()) and all(re.fullmatch(r"(\[::ffff:)?127\.0\.0\.1\]?:\d+", a) for a in addrs)
                  and any(a.endswith(":%d" % port) for a in addrs), "all listening sockets on 127.0.0.1: %s" % sorted(addrs))
        t = time.time()
        r2 = cluster(v, "start")
        dt = timed("second start (already running)", t)
        check(r2.returncode == 0 and r2.stdout.strip().splitlines()[-1] == url and pids(v) == cluster_pids,
              "second start is a no-op that prints the same URL (%.2fs)" % dt)
        rs = cluster(v, "status")
        check(rs.returncode == 0 and rs.stdout.strip() == "running " + url, "status: %r, exit %d" % (rs.stdout.strip(), rs.returncode))

        print("remote sessions")
        props = {"execution.target": "remote", "rest.address": "127.0.0.1", "rest.port": str(port), "table.local-time-zone": "UTC"}
        sh = e.open_session(dict(props, **{"execution.runtime-mode": "batch"}))
        st, b = e.request("GET", "/%s/sessions/%s" % (e.v, sh))
        p = b.get("properties", {})
        check(p.get("execution.target") == "remote" and p.get("rest.port") == str(port), "session config keeps the remote target")

        print("bounded datagen")
        status, _, rows = e.run(sh, """CREATE TABLE gen (id INT, amount DOUBLE, name STRING) WITH (
            'connector' = 'datagen', 'number-of-rows' = '50', 'fields.id.kind' = 'sequence',
            'fields.id.start' = '1', 'fields.id.end' = '50', 'fields.name.length' = '5')""")
        check(status == "FINISHED" and rows == [{"kind": "INSERT", "fields": ["OK"]}], "CREATE TABLE ... datagen (bounded)")
        t = time.time()
        status, pages, rows = e.run(sh, "SELECT COUNT(*), SUM(id), MIN(CHAR_LENGTH(name)) FROM gen")
        timed("first batch SELECT on the cluster (submit to EOS)", t)
        check(rows == [{"kind": "INSERT", "fields": [50, 1275, 5]}], "bounded datagen: 50 rows, SUM(id) 1275 (%s)" % rows)
        ran_on_cluster(url, e, pages[0].get("jobID", ""), "aggregate SELECT")
        t = time.time()
        _, _, rows = e.run(sh, "SELECT 40 + 2")
        timed("warm SELECT 40 + 2 on the cluster", t)
        check(rows == [{"kind": "INSERT", "fields": [42]}], "SELECT 40 + 2")

        test_datagen_types(e, sh, url)
        before = {j for j, x in jobs(url).items() if x["state"] == "FINISHED"}
        t = time.time()
        e2e.test_types(e, sh)   # VALUES with exact values and NULLs, JSON and PLAIN_TEXT
        timed("typed VALUES SELECTs, JSON and PLAIN_TEXT", t)
        time.sleep(0.5)
        new = {j for j, x in jobs(url).items() if x["state"] == "FINISHED"} - before
        check(len(new) == 2, "the typed VALUES queries ran as 2 jobs on the cluster (%d)" % len(new))

        print("streaming GROUP BY")
        ss = e.open_session(dict(props, **{"execution.runtime-mode": "streaming", "table.exec.mini-batch.enabled": "false"}))
        e.run(ss, """CREATE TEMPORARY TABLE seq (n BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '20',
                     'fields.n.kind' = 'sequence', 'fields.n.start' = '1', 'fields.n.end' = '12')""")
        t = time.time()
        status, pages, rows = e.run(ss, "SELECT n % 3 AS k, COUNT(*) AS cnt, SUM(n) AS total FROM seq GROUP BY n % 3")
        timed("streaming GROUP BY (12 rows at 20/s, submit to EOS)", t)
        kinds = [r["kind"] for r in rows]
        check({"INSERT", "UPDATE_BEFORE", "UPDATE_AFTER"} <= set(kinds) and kinds.count("UPDATE_BEFORE") == kinds.count("UPDATE_AFTER"),
              "changelog row kinds %s" % {k: kinds.count(k) for k in sorted(set(kinds))})
        final, retracts_ok = {}, True
        for r in rows:
            if r["kind"] in ("INSERT", "UPDATE_AFTER"):
                final[r["fields"][0]] = r["fields"][1:]
            elif r["kind"] == "UPDATE_BEFORE":
                retracts_ok = retracts_ok and final.get(r["fields"][0]) == r["fields"][1:]
        check(retracts_ok, "every UPDATE_BEFORE retracts the key's current value")
        check(final == {0: [4, 30], 1: [4, 22], 2: [4, 26]}, "changelog applies to the right totals %s" % final)
        ran_on_cluster(url, e, pages[0].get("jobID", ""), "streaming GROUP BY")

        print("INSERT into blackhole from an unbounded datagen, cancelled through the JobManager REST API")
        e.run(ss, "CREATE TEMPORARY TABLE unb (id BIGINT, v STRING) WITH ('connector' = 'datagen', 'rows-per-second' = '5')")
        e.run(ss, "CREATE TEMPORARY TABLE bh (id BIGINT, v STRING) WITH ('connector' = 'blackhole')")
        t = time.time()
        status, pages, rows = e.run(ss, "INSERT INTO bh SELECT * FROM unb", config={"pipeline.name": "weir-cluster-e2e-insert"})
        timed("INSERT submitted (job id returned)", t)
        job = pages[0].get("jobID", "")
        check(status == "FINISHED" and re.fullmatch(r"[0-9a-f]{32}", job) is not None and rows == [{"kind": "INSERT", "fields": [job]}],
              "INSERT returns a job id (%s)" % job)
        info, dt = wait_job(url, job, ("RUNNING",))
        timed("INSERT job RUNNING in /jobs/overview", t)
        check(info is not None and info["state"] == "RUNNING" and info["name"] == "weir-cluster-e2e-insert",
              "the job is RUNNING in the cluster's /jobs/overview as %r (%s)" % (info and info["name"], info and info["state"]))
        check(job not in (jobs(e.cluster_rest) if e.cluster_rest else {}), "the job is not on the engine's MiniCluster")
        time.sleep(1.0)
        st, ov = rest(url, "GET", "/overview")
        check(ov["jobs-running"] == 1 and ov["slots-available"] < 4, "cluster: 1 running job holding a slot (%s)" % ov)
        check(jobs(url)[job]["state"] == "RUNNING", "the unbounded job is still RUNNING after 1 s")
        t = time.time()
        st, b = rest(url, "PATCH", "/jobs/%s?mode=cancel" % job)
        check(st == 202, "PATCH /jobs/<id>?mode=cancel -> 202 (%s)" % st)
        info, _ = wait_job(url, job, ("CANCELED", "FAILED", "FINISHED"))
        dt = timed("cancel to CANCELED", t)
        check(info is not None and info["state"] == "CANCELED", "the job ends CANCELED (%s, %.2fs)" % (info and info["state"], dt))
        end = time.time() + 30
        while time.time() < end and rest(url, "GET", "/overview")[1]["slots-available"] != 4:
            time.sleep(0.1)
        st, ov = rest(url, "GET", "/overview")
        check(ov["jobs-running"] == 0 and ov["slots-available"] == 4 and ov["jobs-cancelled"] == 1,
              "cluster: no running job, 4 free slots, 1 cancelled job")
        _, _, rows = e.run(sh, "SELECT 2")
        check(rows == [{"kind": "INSERT", "fields": [2]}], "engine session still works after the cancel")
    finally:
        if e is not None:
            e.stop()
        print("cluster stop")
        t = time.time()
        r = cluster(v, "stop")
        dt = timed("cluster stop", t)
        check(r.returncode == 0, "stop exits 0 (%.1fs)" % dt)
        check(cluster_pids != {} and not any(alive(p) for p in cluster_pids.values()), "JobManager and TaskManager JVMs are gone %s" % cluster_pids)
        rs = cluster(v, "status")
        check(rs.returncode == 3 and rs.stdout.strip() == "stopped", "status after stop: %r, exit %d" % (rs.stdout.strip(), rs.returncode))
        check(cluster(v, "stop").returncode == 0, "a second stop exits 0")
        for p in cluster_pids.values():
            if alive(p):
                os.kill(p, 9)

    print("\ntimings (flink %s)" % v)
    for what, dt in TIMES:
        print("  %-52s %6.2f s" % (what + ":", dt))
    print("  %-52s %6.2f s" % ("whole test:", time.time() - t_all))
    print("\n%s" % ("all checks passed" if not e2e.FAILS else "%d check(s) failed: %s" % (len(e2e.FAILS), e2e.FAILS)))
    sys.exit(1 if e2e.FAILS else 0)


if __name__ == "__main__":
    main()
