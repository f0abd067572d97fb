#!/usr/bin/env python3
"""Every path of the crate on one roster, side by side with polars (issue 14).

    python3 scripts/bench_paths.py [--runs N] [--roster FILE] [--paths a,b,...]

Builds `benches/paths.rs` and the `analyze_roster` example in release mode,
then runs, interleaved, N rounds of: every path of the bench in its own
process (`--runs 1`, under `/usr/bin/time` for the peak memory), the
example with `--format csv|json|text` into /dev/null, and polars in one
process: `read_csv`, then the summary's aggregation on the frame already in
memory (the aggregation of `../shared/bench/peer_polars.py`). Prints one
markdown row per path: the median wall time, its ratio to the streaming
summary (and to polars' in-memory aggregation for `analyze`), the median
peak memory. The lenient path also runs on a copy of the roster with 1% of
its rows made bad (a weight of `x`, spread through the file).

The roster defaults to the million-member file of `../shared/bench/`
(`/tmp/teamrole-bench/roster-1000000-100000.csv`, written by
`gen_roster.py` if missing). Needs polars.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.join(ROOT, "..", "shared", "bench")
DEFAULT = "/tmp/teamrole-bench/roster-1000000-100000.csv"
PATHS = ["summary", "read_roster", "analyze", "accumulate", "accumulate1", "lenient", "lenient_bad",
         "json", "text", "html", "cli_csv", "cli_json", "cli_text"]


def build():
    out = subprocess.run(["cargo", "bench", "--bench", "paths", "--no-run", "--message-format=json"],
                         cwd=ROOT, check=True, capture_output=True, text=True).stdout
    exe = None
    for line in out.splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg.get("target", {}).get("name") == "paths":
            exe = msg.get("executable") or exe
    subprocess.run(["cargo", "build", "--release", "--example", "analyze_roster"], cwd=ROOT, check=True)
    if exe is None:
        sys.exit("no bench executable found")
    return exe, os.path.join(ROOT, "target", "release", "examples", "analyze_roster")


def with_bad_rows(path):
    """A copy of `path` with the weight of every 100th row set to `x`."""
    bad = path.replace(".csv", "-bad1pct.csv")
    if os.path.exists(bad):
        return bad
    with open(path) as src, open(bad, "w") as dst:
        header = src.readline()
        dst.write(header)
        col = [c.strip().lower() for c in header.rstrip("\n").split(",")].index("weight")
        for i, line in enumerate(src):
            if i % 100 == 50:
                fields = line.rstrip("\n").split(",")
                fields[col] = "x"
                line = ",".join(fields) + "\n"
            dst.write(line)
    return bad


def timed(cmd):
    """Wall seconds and peak KiB of one process; its stdout."""
    t = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed: {p.stderr[-2000:]}")
    kib = int(p.stderr.strip().splitlines()[-1])
    return wall, kib, p.stdout


def polars_round(roster):
    """polars: read_csv, then the summary's aggregation on the frame in memory."""
    code = f"""
import sys, time
sys.path.insert(0, {SHARED!r})
import polars as pl
import peer_polars as pp
schema = {{"id": pl.String, "name": pl.String, "team": pl.String, "weight": pl.Float64}}
schema.update({{p: pl.Float64 for p in pp.POLES}})
t = time.perf_counter()
df = pl.read_csv({roster!r}, schema_overrides=schema)
r = time.perf_counter() - t
t = time.perf_counter()
contrib = [(pl.col("weight") * pl.col(p)).alias(p) for p in pp.POLES]
lead_mean = pl.mean_horizontal([pl.col(p) for p in pp.LEAD])
mgmt_mean = pl.mean_horizontal([pl.col(p) for p in pp.MGMT])
active = pl.col("weight") > 0
bridge = (active & (pl.min_horizontal(lead_mean, mgmt_mean) >= pp.BRIDGE_T - pp.EPS)).alias("bridge")
rows = df.select("team", "weight", bridge, active.alias("active"), *contrib)
aggs = [pl.len().alias("members"), pl.col("weight").sum().alias("total_weight"),
        pl.col("bridge").any().alias("has_bridge"), pl.col("active").sum().alias("active")]
for p in pp.POLES:
    c = pl.col(p)
    aggs += [c.max().alias(p), (c >= pp.POLE_T - pp.EPS).sum().alias(p + "__depth")]
g = rows.group_by("team").agg(aggs)
g = g.with_columns(direction=pl.mean_horizontal([pl.col(p) for p in pp.LEAD]),
                   control=pl.mean_horizontal([pl.col(p) for p in pp.MGMT]))
g = g.with_columns(balance=1.0 - (pl.col("direction") - pl.col("control")).abs()).sort("team")
a = time.perf_counter() - t
print(r, a, len(g))
"""
    wall, kib, out = timed([sys.executable, "-c", code])
    r, a, _ = out.split()
    return float(r), float(a), wall, kib


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--roster", default=DEFAULT)
    ap.add_argument("--paths", default=",".join(PATHS))
    args = ap.parse_args()
    if not os.path.exists(args.roster):
        os.makedirs(os.path.dirname(args.roster), exist_ok=True)
        with open(args.roster, "w") as f:
            subprocess.run([sys.executable, os.path.join(SHARED, "gen_roster.py"), "--members", "1000000",
                            "--teams", "100000"], stdout=f, check=True)
    exe, cli = build()
    bad = with_bad_rows(args.roster)
    paths = args.paths.split(",")
    walls = {p: [] for p in paths}
    peaks = {p: [] for p in paths}
    inner = {p: [] for p in paths}
    pol = {"read_csv": [], "aggregate": [], "process": [], "peak": []}
    for _ in range(args.runs):
        for p in paths:
            if p.startswith("cli_"):
                cmd = [cli, "--format", p[4:], args.roster]
            elif p == "lenient_bad":
                cmd = [exe, "--runs", "1", "lenient", bad]
            else:
                cmd = [exe, "--runs", "1", p, args.roster]
            wall, kib, out = timed(cmd)
            walls[p].append(wall)
            peaks[p].append(kib)
            if not p.startswith("cli_"):
                # "PATH median S s ...": the time inside the process (the
                # roster of analyze/html/accumulate read first, not timed).
                inner[p].append(float(out.split()[2]))
        r, a, wall, kib = polars_round(args.roster)
        pol["read_csv"].append(r)
        pol["aggregate"].append(a)
        pol["process"].append(wall)
        pol["peak"].append(kib)
    med = statistics.median
    base = med(inner["summary"]) if "summary" in inner and inner["summary"] else None
    agg = med(pol["aggregate"])
    print(f"{args.runs} interleaved rounds on {args.roster}\n")
    print("| path | median in process (s) | x summary | process wall (s) | peak (MiB) |")
    print("|---|---|---|---|---|")
    for p in paths:
        t = med(inner[p]) if inner[p] else None
        ratio = f"{t / base:.2f}" if (t is not None and base) else ""
        if p == "analyze" and t is not None:
            ratio += f" ({t / agg:.2f} x polars' aggregation)"
        shown = f"{t:.3f}" if t is not None else ""
        if p.startswith("cli_") and base:
            ratio = f"{med(walls[p]) / med(walls['summary']) if 'summary' in walls else 0:.2f} (process walls)"
        print(f"| {p} | {shown} | {ratio} | {med(walls[p]):.3f} | {med(peaks[p]) / 1024:.1f} |")
    print(f"| polars read_csv | {med(pol['read_csv']):.3f} | | | |")
    print(f"| polars aggregation (frame in memory) | {agg:.3f} | | {med(pol['process']):.3f} | "
          f"{med(pol['peak']) / 1024:.1f} |")


if __name__ == "__main__":
    main()
