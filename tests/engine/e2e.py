#!/usr/bin/env python3
"""End-to-end test of Weir's local engine (Python 3 stdlib only).

    python3 tests/engine/e2e.py [--flink 2.3.0]

Starts the engine through engine/run.sh (building it when needed) and checks: a bounded datagen table; a
batch SELECT of INT, BIGINT, DOUBLE, DECIMAL, STRING, BOOLEAN, DATE, TIMESTAMP(3), TIMESTAMP_LTZ, BYTES,
ARRAY, MAP, ROW and NULLs (JSON and PLAIN_TEXT); a streaming GROUP BY with UPDATE_BEFORE/UPDATE_AFTER; an
INSERT into blackhole returning a job id that runs on the engine's cluster; SET/RESET/USE persisting in the
session; a session that targets a remote cluster (execution.target=remote, the engine's own cluster REST);
syntax and unknown-table errors as HTTP 500 with a readable root cause while the engine stays up; and that
killing the engine's parent process ends the engine (no orphan JVM). Prints measurements: cold start to
the first row of SELECT 1, warm small batch SELECT latency, idle RSS.
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
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from engine_client import Engine, ROOT, last_caused_by  # noqa: E402

FAILS = []


def check(cond, what):
    print(("  ok   " if cond else "  FAIL ") + what)
    if not cond:
        FAILS.append(what)


def by_name(page, row):
    cols = [c["name"] for c in page["results"]["columns"]]
    return dict(zip(cols, row["fields"]))


def test_types(e, sh):
    print("batch SELECT of typed columns")
    q = """SELECT * FROM (VALUES
      (CAST(7 AS INT), CAST(10000000000 AS BIGINT), CAST(2.5 AS DOUBLE), CAST(12.34 AS DECIMAL(10, 2)), 'text "q" äö',
       TRUE, DATE '2024-02-29', TIMESTAMP '2024-02-29 12:34:56.789',
       CAST(TIMESTAMP '2024-02-29 12:34:56.789' AS TIMESTAMP_LTZ(3)), X'CAFE', ARRAY[1, 2, 3], MAP['a', 1, 'b', 2],
       CAST(ROW(1, 'x') AS ROW<id INT, name STRING>)),
      (CAST(NULL AS INT), CAST(NULL AS BIGINT), CAST(NULL AS DOUBLE), CAST(NULL AS DECIMAL(10, 2)), CAST(NULL AS STRING),
       CAST(NULL AS BOOLEAN), CAST(NULL AS DATE), CAST(NULL AS TIMESTAMP(3)), CAST(NULL AS TIMESTAMP_LTZ(3)),
       CAST(NULL AS BYTES), CAST(NULL AS ARRAY<INT>), CAST(NULL AS MAP<STRING, INT>), CAST(NULL AS ROW<id INT, name STRING>))
    ) AS t(c_int, c_bigint, c_double, c_decimal, c_string, c_boolean, c_date, c_ts, c_ltz, c_bytes, c_array, c_map, c_row)"""
    status, pages, rows = e.run(sh, q)
    check(status == "FINISHED", "SELECT finished")
    check(pages[-1]["resultType"] == "EOS" and "nextResultUri" not in pages[-1], "page sequence ends with EOS")
    check(all(p.get("isQueryResult") is True and re.fullmatch(r"[0-9a-f]{32}", p.get("jobID", "")) for p in pages), "isQueryResult and jobID on every page")
    types = {c["name"]: c["logicalType"] for c in pages[0]["results"]["columns"]}
    check(types["c_int"] == {"type": "INTEGER", "nullable": True}, "INT column type")
    check(types["c_decimal"] == {"type": "DECIMAL", "nullable": True, "precision": 10, "scale": 2}, "DECIMAL column type")
    check(types["c_string"] == {"type": "VARCHAR", "nullable": True, "length": 2147483647}, "STRING column type")
    check(types["c_ts"] == {"type": "TIMESTAMP_WITHOUT_TIME_ZONE", "nullable": True, "precision": 3}, "TIMESTAMP(3) column type")
    check(types["c_ltz"]["type"] == "TIMESTAMP_WITH_LOCAL_TIME_ZONE", "TIMESTAMP_LTZ column type")
    check(types["c_bytes"] == {"type": "VARBINARY", "nullable": True, "length": 2147483647}, "BYTES column type")
    check(types["c_map"]["keyType"]["type"] == "VARCHAR" and types["c_map"]["valueType"]["type"] == "INTEGER", "MAP column type")
    check([f["name"] for f in types["c_row"]["fields"]] == ["id", "name"], "ROW column type")
    check(len(rows) == 2 and all(r["kind"] == "INSERT" for r in rows), "two INSERT rows")
    vals = [by_name(pages[0], r) for r in rows]
    full = [v for v in vals if v["c_int"] is not None][0]
    nulls = [v for v in vals if v["c_int"] is None][0]
    check(full["c_int"] == 7 and full["c_bigint"] == 10000000000 and full["c_double"] == 2.5, "numbers")
    check(full["c_decimal"] == 12.34, "DECIMAL as a JSON number")
    check(full["c_string"] == 'text "q" äö' and full["c_boolean"] is True, "STRING and BOOLEAN")
    check(full["c_date"] == "2024-02-29" and full["c_ts"] == "2024-02-29T12:34:56.789", "DATE and TIMESTAMP")
    check(full["c_ltz"] == "2024-02-29T12:34:56.789Z", "TIMESTAMP_LTZ in UTC with Z")
    check(base64.b64decode(full["c_bytes"]) == b"\xca\xfe", "BYTES as base64")
    check(full["c_array"] == [1, 2, 3] and full["c_map"] == {"a": 1, "b": 2} and full["c_row"] == {"id": 1, "name": "x"}, "ARRAY, MAP, ROW")
    check(all(v is None for v in nulls.values()), "a row of NULLs")
    _, tpages, trows = e.run(sh, q, fmt="PLAIN_TEXT")
    t = [by_name(tpages[0], r) for r in trows if r["fields"][0] is not None][0]
    check(t["c_boolean"] == "TRUE" and t["c_ts"] == "2024-02-29 12:34:56.789" and t["c_bytes"] == "x'cafe'", "PLAIN_TEXT values")
    check(t["c_map"] == "{a=1, b=2}" and t["c_row"] == "(1, x)", "PLAIN_TEXT collections")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--flink", default="2.3.0")
    args = ap.parse_args()
    subprocess.run([os.path.join(ROOT, "engine", "build.sh"), args.flink], check=True, stdout=subprocess.DEVNULL)

    t0 = time.time()
    e = Engine(args.flink, log_path="/tmp/weir-engine-e2e.log")
    try:
        print("engine on port %d (first line after %.2fs)" % (e.port, e.started_in))
        sh = e.open_session({"execution.runtime-mode": "batch", "table.local-time-zone": "UTC"})
        _, _, rows = e.run(sh, "SELECT 1")
        cold = time.time() - t0
        check(rows == [{"kind": "INSERT", "fields": [1]}], "SELECT 1")

        print("datagen table")
        status, _, rows = e.run(sh, """CREATE TABLE gen (id INT, amount DOUBLE, name STRING) WITH (
            'connector' = 'datagen', 'number-of-rows' = '50', 'fields.id.kind' = 'sequence',
            'fields.id.start' = '1', 'fields.id.end' = '50', 'fields.name.length' = '5')""")
        check(status == "FINISHED" and rows == [{"kind": "INSERT", "fields": ["OK"]}], "CREATE TABLE ... datagen (bounded)")
        _, _, rows = e.run(sh, "SELECT COUNT(*), SUM(id), MIN(CHAR_LENGTH(name)) FROM gen")
        check(rows == [{"kind": "INSERT", "fields": [50, 1275, 5]}], "bounded datagen: 50 rows")

        test_types(e, sh)

        print("session state: SET / RESET / USE")
        e.run(sh, "SET 'pipeline.name' = 'weir-e2e'")
        st, b = e.request("GET", "/%s/sessions/%s" % (e.v, sh))
        check(b["properties"].get("pipeline.name") == "weir-e2e", "SET persists in the session config")
        e.run(sh, "CREATE DATABASE db2")
        e.run(sh, "USE db2")
        _, _, rows = e.run(sh, "SHOW CURRENT DATABASE")
        check(rows and rows[0]["fields"] == ["db2"], "USE persists")
        e.run(sh, "RESET 'pipeline.name'")
        st, b = e.request("GET", "/%s/sessions/%s" % (e.v, sh))
        check("pipeline.name" not in b["properties"], "RESET removes the key")
        e.run(sh, "USE default_database")
        e.run(sh, "SET 'execution.runtime-mode' = 'streaming'")
        _, _, rows = e.run(sh, "SELECT COUNT(*) FROM gen")
        check(rows and rows[-1]["kind"] in ("INSERT", "UPDATE_AFTER") and rows[-1]["fields"] == [50],
              "switching to streaming keeps the session's tables (changelog ends at 50)")
        e.run(sh, "SET 'execution.runtime-mode' = 'batch'")

        print("warm latency")
        lat = []
        for i in range(5):
            t = time.time()
            _, _, rows = e.run(sh, "SELECT %d AS i, 'x' AS s" % i)
            lat.append(time.time() - t)
            check(rows == [{"kind": "INSERT", "fields": [i, "x"]}], "warm SELECT %d" % i)
        warm = sorted(lat)[len(lat) // 2]

        print("streaming GROUP BY")
        ss = e.open_session({"execution.runtime-mode": "streaming", "table.exec.mini-batch.enabled": "false"})
        e.run(ss, """CREATE TEMPORARY TABLE seq (n BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '20',
                     'fields.n.kind' = 'sequence', 'fields.n.start' = '1', 'fields.n.end' = '12')""")
        status, pages, rows = e.run(ss, "SELECT n % 3 AS k, COUNT(*) AS cnt, SUM(n) AS total FROM seq GROUP BY n % 3")
        kinds = {r["kind"] for r in rows}
        check({"INSERT", "UPDATE_BEFORE", "UPDATE_AFTER"} <= kinds, "changelog row kinds %s" % sorted(kinds))
        final = {}
        for r in rows:
            if r["kind"] in ("INSERT", "UPDATE_AFTER"):
                final[r["fields"][0]] = r["fields"][1:]
        check(final == {0: [4, 30], 1: [4, 22], 2: [4, 26]}, "changelog applies to the right totals")

        print("INSERT into blackhole")
        e.run(ss, "CREATE TEMPORARY TABLE unb (id BIGINT, v STRING) WITH ('connector' = 'datagen', 'rows-per-second' = '5')")
        e.run(ss, "CREATE TEMPORARY TABLE bh (id BIGINT, v STRING) WITH ('connector' = 'blackhole')")
        status, pages, rows = e.run(ss, "INSERT INTO bh SELECT * FROM unb", config={"pipeline.name": "weir-e2e-insert"})
        job = pages[0].get("jobID", "")
        check(status == "FINISHED" and re.fullmatch(r"[0-9a-f]{32}", job) is not None, "INSERT finishes with a job id")
        check(rows == [{"kind": "INSERT", "fields": [job]}] and pages[0]["results"]["columns"][0]["name"] == "job id", "\"job id\" column")
        with urllib.request.urlopen("%s/jobs/%s" % (e.cluster_rest, job), timeout=30) as r:
            info = json.loads(r.read())
        check(info.get("state") in ("RUNNING", "CREATED", "INITIALIZING") and info.get("name") == "weir-e2e-insert", "the job runs on the engine's cluster")
        _, _, rows = e.run(ss, "STOP JOB '%s'" % job)
        check(rows == [{"kind": "INSERT", "fields": ["OK"]}], "STOP JOB")

        print("remote target")
        host, port = e.cluster_rest.rsplit("//", 1)[1].split(":")
        rs = e.open_session({"execution.runtime-mode": "batch", "execution.target": "remote", "rest.address": host, "rest.port": port})
        _, _, rows = e.run(rs, "SELECT 40 + 2")
        check(rows == [{"kind": "INSERT", "fields": [42]}], "a session with execution.target=remote runs on that cluster")

        print("validate and lineage (no jobs run)")
        script = ("CREATE TEMPORARY TABLE dim (id INT, region STRING) WITH ('connector' = 'datagen', 'number-of-rows' = '3');\n"
                  "-- comment; with a semicolon\n"
                  "CREATE TEMPORARY TABLE sink_t (region STRING, total DOUBLE, n BIGINT) WITH ('connector' = 'blackhole');\n"
                  "INSERT INTO sink_t SELECT d.region, SUM(g.amount) * 2, COUNT(*)\n  FROM gen g JOIN dim d ON g.id = d.id GROUP BY d.region;\n"
                  "SELECT nope FROM gen;\n"
                  "SELECT * FROM gen WHERE")
        st, b = e.request("POST", "/weir/validate", {"sessionHandle": sh, "script": script})
        oks = [x["ok"] for x in b.get("statements", [])]
        check(st == 200 and b["valid"] is False and oks == [True, True, True, False, False], "validate: 5 statements, 2 errors %s" % oks)
        err = b["statements"][3]["error"]
        check((err["line"], err["column"], err["endColumn"]) == (6, 8, 11) and "nope" in err["message"], "validation error at line 6, column 8-11")
        err = b["statements"][4]["error"]
        check((err["line"], err["column"]) == (7, 23) and "Encountered" in err["message"], "syntax error at line 7, column 23")
        _, _, rows = e.run(sh, "SHOW TABLES")
        check(["dim"] not in [r["fields"] for r in rows], "validation does not touch the session's catalog")
        st, b = e.request("POST", "/weir/lineage", {"sessionHandle": sh, "script": script.split("INSERT")[0],
                                                     "statement": "INSERT INTO sink_t SELECT d.region, SUM(g.amount) * 2, COUNT(*) FROM gen g JOIN dim d ON g.id = d.id GROUP BY d.region"})
        cols = {c["name"]: [(o["table"].split(".")[-1], o["column"], o["derived"]) for o in c["origins"]] for c in b.get("columns", [])}
        check(st == 200 and b["sink"].endswith("sink_t") and cols == {"region": [("dim", "region", False)], "total": [("gen", "amount", True)], "n": []},
              "lineage of an INSERT: %s" % cols)

        print("errors")
        for stmt, expect in (("SELECT * FROM gen WHERE", "Encountered"), ("SELECT * FROM no_such_table", "Object 'no_such_table' not found")):
            oh = e.submit(sh, stmt)
            status = e.wait(sh, oh)
            st, b = e.request("GET", "/%s/sessions/%s/operations/%s/result/0" % (e.v, sh, oh))
            msg = last_caused_by(b.get("errors", []))
            check(status == "ERROR" and st == 500 and b["errors"][0] == "Internal server error." and expect in msg,
                  "%r -> 500, root cause %r" % (stmt, msg[:90]))
        _, _, rows = e.run(sh, "SELECT 2")
        check(rows == [{"kind": "INSERT", "fields": [2]}], "engine still answers after errors")

        time.sleep(2)
        rss = e.rss_kb()
        print("\nmeasurements (flink %s)" % args.flink)
        print("  engine first stdout line:                  %.2f s" % e.started_in)
        print("  cold start to first row of SELECT 1:       %.2f s" % cold)
        print("  warm small batch SELECT (median of 5):     %.3f s  (%s)" % (warm, ", ".join("%.3f" % x for x in lat)))
        print("  RSS after the test (idle):                 %d MB" % (rss // 1024))
    finally:
        e.stop()

    print("\nparent death")
    parent = subprocess.Popen([sys.executable, "-c", """
import sys, time
sys.path.insert(0, %r)
from engine_client import Engine
e = Engine(%r, log_path="/tmp/weir-engine-e2e-orphan.log")
print(e.proc.pid, e.tmp, flush=True)
time.sleep(600)
""" % (os.path.dirname(os.path.abspath(__file__)), args.flink)], stdout=subprocess.PIPE, text=True)
    engine_pid, engine_tmp = parent.stdout.readline().split(" ", 1)
    engine_pid, engine_tmp = int(engine_pid), engine_tmp.strip()
    parent.kill()
    parent.wait()
    t = time.time()
    gone = False
    while time.time() - t < 15:
        try:
            os.kill(engine_pid, 0)
            with open("/proc/%d/stat" % engine_pid) as f:
                if f.read().split()[2] == "Z":
                    gone = True
                    break
        except (ProcessLookupError, FileNotFoundError):
            gone = True
            break
        time.sleep(0.1)
    check(gone, "engine (pid %d) exits %.1fs after its parent was killed" % (engine_pid, time.time() - t))
    if not gone:
        os.kill(engine_pid, 9)
    # the killed parent could not remove its engine's private temp dir
    shutil.rmtree(engine_tmp, ignore_errors=True)

    print("\n%s" % ("all checks passed" if not FAILS else "%d check(s) failed: %s" % (len(FAILS), FAILS)))
    sys.exit(1 if FAILS else 0)


if __name__ == "__main__":
    main()
