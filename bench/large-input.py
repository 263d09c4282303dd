#!/usr/bin/env python3
"""`weir check`, `weir format` and `weir lineage` on 10 MB inputs: peak memory (≤ 10× the input)
and time, with no crash.

Shapes (each ~SIZE bytes):
  one-line-chain   `SELECT a+a+…` on one line (the audit's 10 MB line, 1.1 GB before)
  and-chains       200,000-term AND chains, one statement per ~0.4 MB
  union-chains     20,000-branch UNION ALL statements
  big-values       INSERT … VALUES statements just under Weir's 256 KiB statement limit
  many-statements  ordinary statements (CREATE TABLE, INSERT … SELECT with joins and windows)
  over-limit       INSERT … VALUES statements of 1.5 MiB (over the limit: a warning each)

Prints one line per (command, shape): exit code, wall time, peak RSS and its ratio to the input,
the size of what it wrote; fails (exit 1) when a command crashes (a signal or an exit code other
than 0/1) or its peak RSS is over LIMIT × the input — also when the answer is far larger than the
input (the lineage of 19,000 INSERTs is 122 MB of JSON from 10 MB: it is written as it is
serialised, and its edges share their table and column names).

Usage: bench/large-input.py [--weir PATH] [--size BYTES] [--limit RATIO] [--only SHAPE,…]
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time


def shapes(size):
    def fill(stmt):
        return (stmt * (size // len(stmt) + 1))[:size].rsplit(";", 1)[0] + ";\n"

    head = "CREATE TABLE t (a INT, b STRING) WITH ('connector' = 'datagen');\n"
    chain = "SELECT a FROM t WHERE " + " AND ".join(["a > 1"] * 200_000) + ";\n"
    union = " UNION ALL ".join(["SELECT a FROM t"] * 20_000) + ";\n"
    row = "(1, 'abc', 2.5, TIMESTAMP '2024-01-01 00:00:00'), "
    values = "INSERT INTO t VALUES " + row * ((256 << 10) // len(row) - 2) + "(1, 'x', 1, NULL);\n"
    over = "INSERT INTO t VALUES " + row * ((3 << 19) // len(row)) + "(1, 'x', 1, NULL);\n"
    ordinary = (
        "CREATE TABLE orders (id BIGINT, cust BIGINT, price DECIMAL(10, 2), ts TIMESTAMP(3),\n"
        "  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH ('connector' = 'kafka', 'topic' = 'o');\n"
        "INSERT INTO sink SELECT o.cust, window_start, SUM(o.price) AS total\n"
        "FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) AS o\n"
        "JOIN customers FOR SYSTEM_TIME AS OF o.ts AS c ON o.cust = c.id\n"
        "WHERE o.price > 0 AND c.country IN ('DE', 'FR')\n"
        "GROUP BY o.cust, window_start, window_end;\n"
    )
    return {
        "one-line-chain": "SELECT " + ("a+" * (size // 2))[: size - 20] + "a FROM t;\n",
        "and-chains": head + fill(chain),
        "union-chains": head + fill(union),
        "big-values": head + fill(values),
        "many-statements": fill(ordinary),
        "over-limit": head + fill(over),
    }


def run(cmd, out_path):
    """Runs `cmd` under /usr/bin/time (a small parent: the peak RSS a child inherits from a fork of
    this Python, which holds the inputs, would count otherwise), its output into `out_path`."""
    start = time.monotonic()
    with open(out_path, "wb") as out:
        proc = subprocess.run(
            ["/usr/bin/time", "-f", "WEIR-PEAK-KB %M", *cmd],
            stdout=out,
            stderr=subprocess.PIPE,
        )
    wall = time.monotonic() - start
    err = proc.stderr.decode(errors="replace")
    peak = 0
    for line in err.splitlines():
        if line.startswith("WEIR-PEAK-KB "):
            peak = int(line.split()[1]) * 1024
    err = "\n".join(l for l in err.splitlines() if not l.startswith("WEIR-PEAK-KB ") and "Command exited" not in l)
    return proc.returncode, wall, peak, err


def main():
    ap = argparse.ArgumentParser()
    target = os.environ.get("CARGO_TARGET_DIR", os.path.expanduser("~/.cache/weir/target"))
    ap.add_argument("--weir", default=os.path.join(target, "release", "weir"))
    ap.add_argument("--size", type=int, default=10 << 20)
    ap.add_argument("--limit", type=float, default=10.0)
    ap.add_argument("--only", default="")
    a = ap.parse_args()
    if not os.path.exists(a.weir):
        sys.exit(f"no weir binary at {a.weir}: cargo build --release -p weir-cli")
    only = set(filter(None, a.only.split(",")))
    bad = []
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for shape, text in shapes(a.size).items():
            if only and shape not in only:
                continue
            path = os.path.join(tmp, f"{shape}.sql")
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            files.append((shape, path))
        for shape, path in files:
            n = os.path.getsize(path)
            for cmd in (["check", path], ["format", path], ["lineage", path, "--format", "json"]):
                out_path = os.path.join(tmp, "out")
                code, wall, rss, err = run([a.weir, *cmd], out_path)
                produced = os.path.getsize(out_path)
                os.remove(out_path)
                ratio = rss / n
                ok = code in (0, 1) and rss <= a.limit * n
                print(
                    f"{cmd[0]:8} {shape:16} {n / 1048576:5.1f} MB  exit {code:3}  {wall:6.2f} s  "
                    f"peak {rss / 1048576:7.1f} MB  {ratio:5.2f}× input  output {produced / 1048576:6.1f} MB  "
                    f"{'ok' if ok else 'FAIL'}",
                    flush=True,
                )
                if not ok:
                    bad.append((cmd[0], shape, code, err.strip().splitlines()[-3:]))
    for b in bad:
        print("FAILED:", *b, file=sys.stderr)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
