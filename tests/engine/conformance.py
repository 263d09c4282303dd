#!/usr/bin/env python3
"""Replay the recorded Flink SQL Gateway transcripts against Weir's local engine and compare the answers.

    python3 tests/engine/conformance.py [--versions 2.3.0,1.20.3] [--only 06,10] [-v]

For every fixture exchange under tests/fixtures/gateway/ (copied from ../shared/fixtures/gateway/)flink-<ver>/gateway/ (in file order, one engine
per Flink version, so state such as sessions and tables carries over as it did when recording) the request
is sent to the engine with recorded handles / job ids replaced by the engine's own, and the answer is
compared with the recorded one field by field: status code, keys, value types, columns (logical types),
row kinds and values (where the data is deterministic), error texts (last "Caused by:" message), and the
meaning of a result's page sequence (NOT_READY repeats the token, PAYLOAD pages may be empty, rows add up,
EOS ends without nextResultUri, re-fetching a token returns the same page). Timing-dependent page
boundaries are not compared; the rows of an operation are compared as a whole.

Requests to the recorded JobManager (another port) go to the engine's local cluster REST endpoint and are
compared loosely (status and top-level keys).

Exit status: 0 when every divergence is a known one (listed with its reason), 1 otherwise.
Needs only the Python 3 standard library; builds and starts the engine through engine/run.sh.
"""
import argparse
import glob
import json
import os
import re
import sys
import time
import urllib.parse
import urllib.request
import urllib.error

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from engine_client import Engine, ROOT  # noqa: E402

FIXTURES = os.environ.get("WEIR_GATEWAY_FIXTURES", os.path.join(ROOT, "tests", "fixtures", "gateway"))
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
JOBID_RE = re.compile(r"\b[0-9a-f]{32}\b")

# How rows of an operation are compared, per fixture (default: exact multiset of (kind, fields)).
ROWS_POLICY = {
    "02": "ignore", "04": "ignore",          # SET listing: the engine's defaults are not a standalone cluster's flink-conf
    "08": "shape", "09b": "shape",           # datagen random values
    "12": "shape", "13": "shape",            # job ids / savepoint paths / SHOW JOBS history
    "21": "ignore", "22": "ignore",          # unbounded random source: row count depends on timing
    "16": "plan",                            # EXPLAIN text
}

# Divergences we keep on purpose: (fixture prefix, substring of the divergence) -> reason.
KNOWN = [
    ("", "properties: cluster key", "session config: the engine's own defaults (local MiniCluster, data dir) differ from the recording cluster's flink-conf; session properties themselves are compared exactly"),
    ("", "jobmanager", "JobManager REST answers come from the engine's MiniCluster with a different job history; only status and top-level keys are compared"),
    ("26", "scripts", "application-mode deployment is not offered by the local engine (the recording cluster refused it too, with another message)"),
    ("13", "row count", "SHOW JOBS lists the whole job history of the cluster; the recording cluster had run one job that is not in the transcripts"),
    ("24", "candidates", "completion hints come from the same Flink parser; name candidates depend on the catalog contents"),
]


def known_reason(fixture, msg):
    for pre, sub, why in KNOWN:
        if fixture.startswith(pre) and sub in msg:
            return why
    return None


class Subst:
    """Maps recorded handles and job ids to the engine's."""

    def __init__(self):
        self.map = {}

    def learn(self, recorded, ours):
        if isinstance(recorded, str) and isinstance(ours, str) and recorded != ours:
            self.map[recorded] = ours

    def apply(self, s):
        if not isinstance(s, str):
            return s
        for a, b in self.map.items():
            if a in s:
                s = s.replace(a, b)
        return s

    def apply_deep(self, v):
        if isinstance(v, str):
            return self.apply(v)
        if isinstance(v, list):
            return [self.apply_deep(x) for x in v]
        if isinstance(v, dict):
            return {k: self.apply_deep(x) for k, x in v.items()}
        return v


def jtype(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, (int, float)):
        return "number"
    return type(v).__name__


def last_message(errors):
    """Message of the last "Caused by:" line (class name stripped) or of the first line."""
    text = errors[-1] if errors else ""
    lines = [l for l in text.splitlines() if l.startswith("Caused by: ")]
    line = lines[-1][len("Caused by: "):] if lines else (text.splitlines()[0] if text else "")
    line = line.replace("<Exception on server side:", "").strip()
    m = re.match(r"^[\w.$]+(?:Exception|Error)[\w$]*: (.*)$", line, re.S)
    return m.group(1) if m else line


class Checker:
    def __init__(self, fixture, verbose):
        self.fixture = fixture
        self.diverge = []
        self.verbose = verbose

    def d(self, where, msg):
        self.diverge.append("%s: %s" % (where, msg))

    def same_keys(self, where, rec, ours, optional=()):
        rk, ok = set(rec), set(ours)
        if rk - ok - set(optional):
            self.d(where, "missing keys %s" % sorted(rk - ok))
        if ok - rk - set(optional):
            self.d(where, "extra keys %s" % sorted(ok - rk))


def op_of(path):
    m = re.search(r"/operations/([0-9a-f-]{36})/", path)
    return m.group(1) if m else None


def token_of(path):
    m = re.search(r"/result/(\d+)", path)
    return int(m.group(1)) if m else None


def rows_key(rows):
    return sorted(json.dumps(r, sort_keys=True) for r in rows)


def compare_rows(ck, where, policy, rec_rows, our_rows, rec_cols):
    if policy == "ignore":
        return
    if policy in ("shape", "plan"):
        if len(rec_rows) != len(our_rows):
            ck.d(where, "row count %d != recorded %d" % (len(our_rows), len(rec_rows)))
            return
        for a, b in zip(rec_rows, our_rows):
            if a["kind"] != b["kind"] or [jtype(x) for x in a["fields"]] != [jtype(x) for x in b["fields"]]:
                ck.d(where, "row shape %s != recorded %s" % (json.dumps(b)[:200], json.dumps(a)[:200]))
                return
        if policy == "plan":
            for a, b in zip(rec_rows, our_rows):
                ra = [re.sub(r"\[\d+\]", "", x) if isinstance(x, str) else x for x in a["fields"]]
                rb = [re.sub(r"\[\d+\]", "", x) if isinstance(x, str) else x for x in b["fields"]]
                if ra != rb:
                    ck.d(where, "plan text differs: %r vs recorded %r" % (json.dumps(rb)[:300], json.dumps(ra)[:300]))
        return
    if rows_key(rec_rows) != rows_key(our_rows):
        ck.d(where, "rows differ:\n      ours     %s\n      recorded %s" % (json.dumps(our_rows, ensure_ascii=False)[:600],
                                                                          json.dumps(rec_rows, ensure_ascii=False)[:600]))


def compare_page_meta(ck, where, rec, ours):
    """Fields of a PAYLOAD/EOS page that do not depend on timing."""
    for k in ("isQueryResult", "resultKind"):
        if rec.get(k) != ours.get(k):
            ck.d(where, "%s %r != recorded %r" % (k, ours.get(k), rec.get(k)))
    if ("jobID" in rec) != ("jobID" in ours):
        ck.d(where, "jobID presence %s != recorded %s" % ("jobID" in ours, "jobID" in rec))
    rr, orr = rec.get("results", {}), ours.get("results", {})
    ck.same_keys(where + " results", rr, orr)
    if rr.get("rowFormat") != orr.get("rowFormat"):
        ck.d(where, "rowFormat %r != recorded %r" % (orr.get("rowFormat"), rr.get("rowFormat")))
    if rr.get("columns") != orr.get("columns"):
        ck.d(where, "columns differ:\n      ours     %s\n      recorded %s" % (json.dumps(orr.get("columns"))[:800], json.dumps(rr.get("columns"))[:800]))


def compare_generic(ck, where, rec, ours, subst):
    """Structural comparison for small bodies (keys, types, equal strings after handle substitution)."""
    if isinstance(rec, dict) and isinstance(ours, dict):
        if "errors" in rec:
            if "errors" not in ours:
                ck.d(where, "expected an errors body, got %s" % json.dumps(ours)[:200])
                return
            if len(rec["errors"]) != len(ours["errors"]):
                ck.d(where, "errors has %d strings, recorded %d" % (len(ours["errors"]), len(rec["errors"])))
            a, b = subst.apply(last_message(rec["errors"])), last_message(ours["errors"])
            if a != b:
                ck.d(where, "error message %r != recorded %r" % (b[:300], a[:300]))
            return
        if "properties" in rec:
            ours_p = ours.get("properties", {})
            if not all(isinstance(v, str) for v in ours_p.values()):
                ck.d(where, "properties values must all be strings")
            return
        ck.same_keys(where, rec, ours)
        for k in rec:
            if k in ours:
                compare_generic(ck, where + "." + k, rec[k], ours[k], subst)
        return
    if jtype(rec) != jtype(ours):
        ck.d(where, "type %s != recorded %s" % (jtype(ours), jtype(rec)))
        return
    if isinstance(rec, str):
        r = subst.apply(rec)
        if UUID_RE.fullmatch(r) or JOBID_RE.fullmatch(r):
            return
        if r != ours and not where.endswith(".status"):
            ck.d(where, "%r != recorded %r" % (ours, r))
    elif isinstance(rec, list):
        if rec != ours:
            ck.d(where, "%s != recorded %s" % (json.dumps(ours)[:300], json.dumps(subst.apply_deep(rec))[:300]))


def finish_sequence(ck, engine, where, o):
    """The recording reached EOS: follow our own nextResultUri until EOS too (page timing differs)."""
    uri = o.get("last_uri")
    end = time.time() + 120
    while uri and time.time() < end:
        st, ob = engine.request("GET", uri)
        if st != 200:
            ck.d(where, "HTTP %s while finishing the page sequence: %s" % (st, json.dumps(ob)[:300]))
            return
        tok = token_of(uri)
        if ob.get("resultType") == "NOT_READY":
            if set(ob) != {"resultType", "nextResultUri"} or token_of(ob["nextResultUri"]) != tok:
                ck.d(where, "NOT_READY page must carry only the same token's nextResultUri: %s" % json.dumps(ob)[:200])
        elif ob.get("resultType") in ("PAYLOAD", "EOS"):
            o["ours"].extend(ob["results"]["data"])
            if (ob["resultType"] == "EOS") == ("nextResultUri" in ob):
                ck.d(where, "%s page with a wrong nextResultUri presence" % ob["resultType"])
            elif ob["resultType"] == "PAYLOAD" and token_of(ob["nextResultUri"]) != tok + 1:
                ck.d(where, "PAYLOAD nextResultUri must point at token %d" % (tok + 1))
        else:
            ck.d(where, "unknown resultType %r" % ob.get("resultType"))
        if ob.get("resultType") == "EOS":
            o["our_eos"] = True
            return
        uri = ob.get("nextResultUri")
        time.sleep(0.05)


def replay_fixture(engine, path, subst, state, verbose):
    fx = json.load(open(path))
    name = os.path.basename(path)
    short = name.split("-")[0]
    ck = Checker(short, verbose)
    policy = ROWS_POLICY.get(short, "exact")
    gw_port = urllib.parse.urlparse(fx["base_url"]).port
    exs = fx["exchanges"]
    # per operation: recorded rows, our rows, recorded EOS seen, our EOS seen, last page per token
    ops = {}
    for i, ex in enumerate(exs):
        req, res = ex["request"], ex["response"]
        url = urllib.parse.urlparse(req.get("url") or req["path"])
        rpath = req["path"]
        where = "#%d %s %s" % (i, req["method"], re.sub(UUID_RE, "<h>", rpath))
        rec_body = res.get("body")
        if url.port and url.port != gw_port:
            # JobManager REST: ask the engine's local cluster
            if not engine.cluster_rest:
                ck.d(where, "jobmanager REST not available")
                continue

            try:
                jm_path = url.path + ("?" + url.query if url.query else "")
                with urllib.request.urlopen(engine.cluster_rest + subst.apply(jm_path), timeout=30) as r:
                    st, body = r.status, json.loads(r.read().decode())
            except urllib.error.HTTPError as e:
                st, body = e.code, {}
            except Exception as e:  # noqa: BLE001
                st, body = 0, {"exception": str(e), "url": engine.cluster_rest + subst.apply(jm_path)}
            if st != res["status"]:
                ck.d(where, "jobmanager status %s != recorded %s %s" % (st, res["status"], json.dumps(body)[:200]))
            elif isinstance(rec_body, dict) and set(rec_body) - set(body):
                ck.d(where, "jobmanager keys missing %s" % sorted(set(rec_body) - set(body)))
            continue
        opath = subst.apply(rpath)
        body = req.get("body")
        raw = None
        if isinstance(body, str):
            raw = subst.apply(body)
            body = None
        elif body is not None:
            body = subst.apply_deep(body)
        rop = op_of(rpath)
        is_status = rpath.endswith("/status") and req["method"] == "GET"
        is_fetch = token_of(rpath) is not None and req["method"] == "GET"
        rec_status = rec_body.get("status") if isinstance(rec_body, dict) else None

        if is_status and res["status"] == 200 and rec_status not in ("RUNNING", "PENDING"):
            # the recording saw a terminal status: wait for ours to get there too
            end = time.time() + 120
            while True:
                st, ob = engine.request(req["method"], opath, body, raw)
                if st != 200 or ob.get("status") not in ("RUNNING", "PENDING") or time.time() > end:
                    break
                time.sleep(0.05)
        elif is_fetch and res["status"] == 200 and isinstance(rec_body, dict) and rec_body.get("resultType") != "NOT_READY":
            # the recording got a page here: make sure ours is past RUNNING first (timing, not behaviour)
            sp = re.sub(r"/result/\d+.*$", "/status", opath)
            end = time.time() + 120
            while time.time() < end:
                s2, b2 = engine.request("GET", sp)
                if s2 != 200 or b2.get("status") not in ("RUNNING", "PENDING"):
                    break
                time.sleep(0.05)
            st, ob = engine.request(req["method"], opath, body, raw)
        else:
            st, ob = engine.request(req["method"], opath, body, raw)

        if verbose:
            print("   ", where, "->", st, json.dumps(ob)[:160])
        if st != res["status"]:
            ck.d(where, "HTTP %s != recorded %s: %s" % (st, res["status"], json.dumps(ob)[:400]))
            continue
        if not isinstance(rec_body, dict):
            continue
        # learn handles
        for k in ("sessionHandle", "operationHandle"):
            if k in rec_body and isinstance(ob, dict) and k in ob:
                subst.learn(rec_body[k], ob[k])
        if is_fetch and st == 200:
            o = ops.setdefault(rop, {"rec": [], "ours": [], "rec_eos": False, "our_eos": False, "pages": {}, "rec_pages": {},
                                     "cols": None, "fetches": []})
            tok = token_of(rpath)
            rt, ot = rec_body.get("resultType"), ob.get("resultType")
            if "jobID" in rec_body and "jobID" in ob:
                subst.learn(rec_body["jobID"], ob["jobID"])
            # page layout per its own type
            if ot == "NOT_READY":
                if set(ob) != {"resultType", "nextResultUri"}:
                    ck.d(where, "NOT_READY page keys %s" % sorted(ob))
                elif token_of(ob["nextResultUri"]) != tok:
                    ck.d(where, "NOT_READY must repeat the token")
            elif ot in ("PAYLOAD", "EOS"):
                if (ot == "EOS") == ("nextResultUri" in ob):
                    ck.d(where, "%s page %s nextResultUri" % (ot, "with" if ot == "EOS" else "without"))
                if ot == "PAYLOAD" and token_of(ob["nextResultUri"]) != tok + 1:
                    ck.d(where, "PAYLOAD nextResultUri must point at token %d" % (tok + 1))
                if ot == "PAYLOAD":
                    q = urllib.parse.urlparse(ob["nextResultUri"]).query
                    rq = urllib.parse.urlparse(rec_body["nextResultUri"]).query if "nextResultUri" in rec_body else q
                    if q != rq:
                        ck.d(where, "nextResultUri query %r != recorded %r" % (q, rq))
                if rt in ("PAYLOAD", "EOS"):
                    compare_page_meta(ck, where, rec_body, ob)
                # re-fetch semantics: the same token twice gives the same page
                if tok in o["pages"]:
                    if o["rec_pages"].get(tok) == rec_body and o["pages"][tok] != ob:
                        ck.d(where, "re-fetching token %d did not return the same page" % tok)
                else:
                    o["ours"].extend(ob["results"]["data"])
                    o["our_eos"] = o["our_eos"] or ot == "EOS"
                o["pages"][tok] = ob
                o["cols"] = ob["results"]["columns"]
            else:
                ck.d(where, "unknown resultType %r" % ot)
            if rt in ("PAYLOAD", "EOS") and tok not in o["rec_pages"]:
                o["rec"].extend(rec_body["results"]["data"])
                o["rec_eos"] = o["rec_eos"] or rt == "EOS"
            o["rec_pages"][tok] = rec_body
            o["last_uri"] = ob.get("nextResultUri")
            if o["rec_eos"] and not o["our_eos"]:
                finish_sequence(ck, engine, "operation %s" % rop[:8], o)
            continue
        if is_status:
            if rec_status in ("RUNNING", "PENDING"):
                # ours may simply be faster; the terminal status is checked where the recording saw it
                if ob.get("status") not in ("RUNNING", "PENDING", "FINISHED", "ERROR"):
                    ck.d(where, "status %s where the recording was still %s" % (ob.get("status"), rec_status))
            elif ob.get("status") != rec_status:
                ck.d(where, "status %s != recorded %s" % (ob.get("status"), rec_status))
            continue
        compare_generic(ck, where, rec_body, ob, subst)

    # whole-operation checks: finish our page sequences where the recording reached EOS, then compare rows
    for rop, o in ops.items():
        where = "operation %s" % rop[:8]
        if o["rec_eos"] and not o["our_eos"]:
            ck.d(where, "no EOS although the recording reached it")
        compare_rows(ck, where, policy, subst.apply_deep(o["rec"]), o["ours"], o["cols"])
    return fx, ck


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--versions", default="2.3.0,1.20.3")
    ap.add_argument("--only", default="", help="comma-separated fixture prefixes (note: later fixtures depend on earlier ones)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    unexpected = 0
    table = []
    known = []
    for ver in [v for v in args.versions.split(",") if v]:
        folder = os.path.join(FIXTURES, "flink-%s" % ver, "gateway")
        files = sorted(glob.glob(os.path.join(folder, "*.json")))
        if not files:
            print("no fixtures for %s in %s" % (ver, folder))
            continue
        try:
            engine = Engine(ver, log_path="/tmp/weir-engine-conformance-%s.log" % ver)
        except Exception as e:  # noqa: BLE001
            print("flink %s: engine not available (%s) -- skipped" % (ver, e))
            if ver == "2.3.0":
                unexpected += 1
            continue
        try:
            end = time.time() + 60
            while engine.cluster_rest is None and time.time() < end:
                time.sleep(0.1)
            subst = Subst()
            for f in files:
                short = os.path.basename(f).split("-")[0]
                if args.only and short not in args.only.split(","):
                    continue
                t0 = time.time()
                fx, ck = replay_fixture(engine, f, subst, {}, args.verbose)
                kept, bad = [], []
                for msg in ck.diverge:
                    why = known_reason(short, msg)
                    (kept if why else bad).append((msg, why))
                unexpected += len(bad)
                status = "pass" if not ck.diverge else ("pass*" if not bad else "DIVERGE")
                table.append((ver, os.path.basename(f), status, len(fx["exchanges"]), time.time() - t0))
                for msg, why in kept:
                    known.append((ver, os.path.basename(f), msg, why))
                for msg, _ in bad:
                    print("  DIVERGE %s %s\n    %s" % (ver, os.path.basename(f), msg))
                sys.stdout.flush()
        finally:
            engine.stop()
    print()
    print("%-8s %-58s %-8s %5s %7s" % ("flink", "fixture", "result", "exch", "secs"))
    for ver, f, status, n, secs in table:
        print("%-8s %-58s %-8s %5d %7.1f" % (ver, f, status, n, secs))
    if known:
        print("\nknown divergences (pass*):")
        for ver, f, msg, why in known:
            print("  %s %s: %s\n      reason: %s" % (ver, f, msg.splitlines()[0][:200], why))
    print("\n%d unexpected divergence(s)" % unexpected)
    sys.exit(1 if unexpected else 0)


if __name__ == "__main__":
    main()
