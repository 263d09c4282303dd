"""Start Weir's local engine and talk to it (Python 3 stdlib only). Shared by conformance.py and e2e.py."""
import json
import os
import subprocess
import shutil
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class Engine:
    """A running engine process started through engine/run.sh (the engine is this process's child)."""

    def __init__(self, flink_version="2.3.0", extra_args=(), log_path=None):
        self.flink_version = flink_version
        self.v = "v4" if int(flink_version.split(".")[0]) >= 2 else "v3"  # highest gateway API version
        t0 = time.time()
        self.log = open(log_path or os.devnull, "w")
        # A private java.io.tmpdir: Flink unpacks its 45 MB planner jar there and keeps it when
        # the JVM is killed; stop() removes it.
        self.tmp = tempfile.mkdtemp(prefix="weir-engine-test-")
        env = dict(os.environ)
        env["WEIR_ENGINE_JAVA_EXTRA"] = (env.get("WEIR_ENGINE_JAVA_EXTRA", "") + " -Djava.io.tmpdir=" + self.tmp).strip()
        self.proc = subprocess.Popen(
            [os.path.join(ROOT, "engine", "run.sh"), "--flink", flink_version, "--parent-pid", str(os.getpid()), *extra_args],
            stdout=subprocess.PIPE, stderr=self.log, text=True, bufsize=1, env=env)
        line = self.proc.stdout.readline()
        if not line.startswith("WEIR_ENGINE_LISTENING port="):
            self.proc.kill()
            raise RuntimeError("engine did not start: first line %r" % line)
        self.port = int(line.strip().split("=", 1)[1])
        self.started_in = time.time() - t0
        self.base = "http://127.0.0.1:%d" % self.port
        self.cluster_rest = None
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self):
        for line in self.proc.stdout:
            if line.startswith("WEIR_ENGINE_CLUSTER rest="):
                self.cluster_rest = line.strip().split("=", 1)[1]

    def request(self, method, path, body=None, raw=None, timeout=120):
        """Returns (status, parsed JSON body)."""
        data = None
        if raw is not None:
            data = raw.encode()
        elif body is not None:
            data = json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json", "Accept": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return r.status, json.loads(r.read().decode() or "null")
        except urllib.error.HTTPError as e:
            txt = e.read().decode()
            try:
                return e.code, json.loads(txt)
            except ValueError:
                return e.code, txt

    # --- conveniences -------------------------------------------------------------------------------
    def open_session(self, props=None, v=None):
        v = v or self.v
        st, b = self.request("POST", "/%s/sessions" % v, {"properties": props or {}})
        assert st == 200, b
        return b["sessionHandle"]

    def submit(self, sh, stmt, v=None, config=None):
        v = v or self.v
        body = {"statement": stmt}
        if config:
            body["executionConfig"] = config
        st, b = self.request("POST", "/%s/sessions/%s/statements" % (v, sh), body)
        assert st == 200, b
        return b["operationHandle"]

    def wait(self, sh, oh, v=None, deadline=120):
        v = v or self.v
        end = time.time() + deadline
        while time.time() < end:
            st, b = self.request("GET", "/%s/sessions/%s/operations/%s/status" % (v, sh, oh))
            if st != 200 or b["status"] not in ("PENDING", "RUNNING"):
                return b.get("status") if isinstance(b, dict) else b
            time.sleep(0.02)
        raise TimeoutError("operation %s still running" % oh)

    def fetch_all(self, sh, oh, v=None, fmt="JSON", deadline=120, max_pages=100000):
        """Follows nextResultUri until EOS; returns (pages, rows) or raises on HTTP errors."""
        v = v or self.v
        uri = "/%s/sessions/%s/operations/%s/result/0?rowFormat=%s" % (v, sh, oh, fmt)
        pages, rows = [], []
        end = time.time() + deadline
        while uri and len(pages) < max_pages:
            if time.time() > end:
                raise TimeoutError("no EOS before the deadline")
            st, b = self.request("GET", uri)
            if st != 200:
                raise RuntimeError("HTTP %d: %s" % (st, b))
            pages.append(b)
            if b.get("resultType") in ("PAYLOAD", "EOS"):
                rows.extend(b["results"]["data"])
            uri = b.get("nextResultUri")
            if b.get("resultType") == "NOT_READY" or (b.get("resultType") == "PAYLOAD" and not b["results"]["data"]):
                time.sleep(0.02)
        return pages, rows

    def run(self, sh, stmt, v=None, fmt="JSON", config=None):
        oh = self.submit(sh, stmt, v, config)
        status = self.wait(sh, oh, v)
        pages, rows = self.fetch_all(sh, oh, v, fmt)
        return status, pages, rows

    def rss_kb(self):
        """Resident set size of the engine JVM (Linux)."""
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return -1

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.log.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


def last_caused_by(errors):
    """The most specific message of a gateway error body: its last "Caused by:" line."""
    text = errors[-1] if errors else ""
    lines = [l for l in text.splitlines() if l.startswith("Caused by:")]
    return lines[-1][len("Caused by: "):] if lines else text.splitlines()[0] if text else ""


if __name__ == "__main__":
    e = Engine(sys.argv[1] if len(sys.argv) > 1 else "2.3.0", log_path="/tmp/weir-engine-smoke.log")
    try:
        print("listening after %.2fs on %d" % (e.started_in, e.port))
        t = time.time()
        sh = e.open_session({"execution.runtime-mode": "batch"})
        print("session", time.time() - t)
        print(e.run(sh, "SELECT 1"), "first SELECT 1 at %.2fs" % (time.time() - t))
        t = time.time()
        print(e.run(sh, "SELECT 1 AS x, 'a' AS y")[2], "warm %.3fs" % (time.time() - t))
    finally:
        e.stop()
