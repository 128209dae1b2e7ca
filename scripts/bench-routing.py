#!/usr/bin/env python3
"""Rerun the routing benchmark table: TSPLIB (route), Solomon VRPTW, Cordeau PVRP (pvrp).

Usage: scripts/bench-routing.py [BENCHMARKS_DIR] [--only tsplib,solomon,pvrp]
                                [--tsp-ms 1000] [--vrptw-ms 1000] [--pvrp-ms 10000]

BENCHMARKS_DIR is the folder of the public instances (TSPLIB, Solomon, Cordeau PVRP) with their
checkers, which the repository does not carry (docs/routing.md says where to get them). Without
it the script reads the environment variable VISIT_SANDBOX_BENCHMARKS, else uses
../shared/benchmarks; those two are taken relative to the repository root. When the folder is
absent the script prints a note and exits 0 without building anything. Otherwise it builds the
release binary, runs one configuration on every instance (no per-instance parameters), checks
every output with the independent checkers in BENCHMARKS_DIR (check_tour.py, check_vrptw.py,
check_pvrp.py) and prints one table per family with the mean gaps. Exits 1 if any output is
invalid or infeasible.

Every instance runs through the `visit-sandbox` binary: `route`, `pvrp`, and `vrptw` for the
Solomon instances, solved as the full multi-vehicle VRPTW (all 100 customers, up to 25
vehicles, distance objective, exact distances) by the same day-route engine the product uses
(`core::routing::tw::solve_day`).
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sh(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def target_dir():
    return os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))


def build():
    """Builds the release CLI and returns its command prefix."""
    r = sh(["cargo", "build", "--release", "--bin", "visit-sandbox"], cwd=ROOT)
    if r.returncode != 0:
        sys.exit("build of visit-sandbox failed:\n" + r.stderr[-3000:])
    return [os.path.join(target_dir(), "release", "visit-sandbox")]


def read_tsv(path):
    with open(path) as fh:
        cols = fh.readline().rstrip("\n").split("\t")
        return [dict(zip(cols, l.rstrip("\n").split("\t"))) for l in fh if l.strip()]


def timed(cmd):
    t0 = time.monotonic()
    r = sh(cmd)
    return r, time.monotonic() - t0


def field(text, name):
    m = re.search(r"^%s\s*:\s*(\S+)" % name, text, re.M)
    return m.group(1) if m else None


def table(title, header, rows, widths):
    print("\n### " + title + "\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for r in rows:
        print("| " + " | ".join(str(x) for x in r) + " |")


def mean(xs):
    return sum(xs) / len(xs) if xs else float("nan")


def run_tsplib(bench, runner, ms, tmp):
    opt = {r["instance"]: r for r in read_tsv(os.path.join(bench, "tsplib", "known-optima.tsv"))}
    rows, gaps, bad = [], [], 0
    for name in sorted(opt, key=lambda k: int(opt[k]["nodes"])):
        inst = os.path.join(bench, "tsplib", name + ".tsp")
        tour = os.path.join(tmp, name + ".tour")
        r, secs = timed(runner + ["route", inst, "--time-limit-ms", str(ms), "--tour-out", tour])
        if r.returncode != 0:
            rows.append((name, opt[name]["nodes"], "error", opt[name]["best_known_value"], "-", "-"))
            bad += 1
            continue
        c = sh([sys.executable, os.path.join(bench, "check_tour.py"), inst, tour])
        length = field(c.stdout, "length")
        valid = c.returncode == 0 and length is not None
        bk = float(opt[name]["best_known_value"])
        stated = float(r.stdout.strip().splitlines()[-1])
        if not valid or abs(float(length) - stated) > 1e-6:
            bad += 1
            rows.append((name, opt[name]["nodes"], "INVALID", bk, "-", "%.2f" % secs))
            continue
        gap = 100.0 * (float(length) - bk) / bk
        gaps.append(gap)
        rows.append((name, opt[name]["nodes"], length, int(bk), "%.2f" % gap, "%.2f" % secs))
    table("TSPLIB (route, %d ms per instance, checked by check_tour.py)" % ms,
          ["instance", "nodes", "length", "optimum", "gap %", "time s"], rows, None)
    print("\nTSPLIB mean gap: %.3f %% over %d instances (invalid: %d)" % (mean(gaps), len(gaps), bad))
    return bad


def run_solomon(bench, runner, ms, tmp):
    rows_tsv = read_tsv(os.path.join(bench, "solomon", "known-optima.tsv"))
    ref = {r["instance"]: r for r in rows_tsv
           if r.get("objective") == "distance" and r.get("rounding") == "exact"}
    rows, gaps, bad = [], [], 0
    for name in sorted(ref):
        inst = os.path.join(bench, "solomon", name + ".txt")
        sol = os.path.join(tmp, name + ".sol")
        r, secs = timed(runner + ["vrptw", inst, "--time-limit-ms", str(ms), "--out", sol])
        if r.returncode != 0:
            bad += 1
            rows.append((name, "error", "", "", "", "", "%.2f" % secs))
            continue
        c = sh([sys.executable, os.path.join(bench, "check_vrptw.py"), inst, sol,
                "--rounding", "exact", "--objective", "distance"])
        feasible = c.returncode == 0 and field(c.stdout, "feasible") == "yes"
        dist = float(field(c.stdout, "distance") or "nan")
        veh = field(c.stdout, "vehicles")
        bk = float(ref[name]["best_known_value"])
        if not feasible:
            bad += 1
        gap = 100.0 * (dist - bk) / bk
        gaps.append(gap)
        rows.append((name, veh, "%.2f" % dist, "%s/%.2f" % (ref[name]["vehicles"], bk),
                     "%.2f" % gap, "yes" if feasible else "NO", "%.2f" % secs))
    table("Solomon VRPTW, full multi-vehicle mode (all 100 customers, <= 25 vehicles, distance "
          "objective, exact distances; %d ms per instance; checked by check_vrptw.py)" % ms,
          ["instance", "vehicles", "distance", "best known (veh/dist)", "gap %", "feasible", "time s"],
          rows, None)
    print("\nSolomon mean distance gap: %.3f %% over %d instances (infeasible: %d)"
          % (mean(gaps), len(gaps), bad))
    return bad


def run_pvrp(bench, runner, ms, tmp):
    ref = read_tsv(os.path.join(bench, "pvrp", "known-optima.tsv"))
    rows, g_bk, g_ver, bad = [], [], [], 0
    for rec in ref:
        name = rec["instance"]
        inst = os.path.join(bench, "pvrp", name)
        res = os.path.join(tmp, name + ".res")
        r, secs = timed(runner + ["pvrp", inst, "--time-limit-ms", str(ms), "--out", res])
        if r.returncode != 0:
            bad += 1
            rows.append((name, rec["nodes"], "error", "", "", "", "", "", "%.2f" % secs))
            continue
        c = sh([sys.executable, os.path.join(bench, "check_pvrp.py"), inst, res])
        feasible = c.returncode == 0 and field(c.stdout, "feasible") == "yes"
        cost = float(field(c.stdout, "cost") or "nan")
        bk = float(rec["best_known_value"])
        ver = float(rec["verified_solution_cost"])
        note = ""
        if not feasible:
            bad += 1
            note = "INFEASIBLE: " + "; ".join(l for l in c.stdout.splitlines() if "INFEASIBLE" in l)[:120]
        gb, gv = 100.0 * (cost - bk) / bk, 100.0 * (cost - ver) / ver
        g_bk.append(gb)
        g_ver.append(gv)
        rows.append((name, rec["nodes"], "%.2f" % cost, "%.2f" % bk, "%.2f" % gb, "%.2f" % ver,
                     "%.2f" % gv, "yes" if feasible else "NO " + note, "%.2f" % secs))
    table("Cordeau PVRP (pvrp, %d ms per instance, checked by check_pvrp.py)" % ms,
          ["instance", "nodes", "cost", "best known", "gap %", "Cordeau 1997", "gap % (Cordeau)",
           "feasible", "time s"], rows, None)
    print("\nPVRP mean gap: %.3f %% vs best_known_value, %.3f %% vs verified_solution_cost "
          "over %d instances (infeasible: %d)" % (mean(g_bk), mean(g_ver), len(g_bk), bad))
    return bad


def default_bench():
    """VISIT_SANDBOX_BENCHMARKS, else ../shared/benchmarks (relative paths from the root)."""
    return os.environ.get("VISIT_SANDBOX_BENCHMARKS") or os.path.join("..", "shared", "benchmarks")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("bench", nargs="?", default=None)
    ap.add_argument("--only", default="tsplib,solomon,pvrp")
    ap.add_argument("--tsp-ms", type=int, default=1000)
    ap.add_argument("--vrptw-ms", type=int, default=1000)
    ap.add_argument("--pvrp-ms", type=int, default=10000)
    a = ap.parse_args()
    if a.bench:
        bench = os.path.abspath(a.bench)
    else:
        bench = os.path.abspath(os.path.join(ROOT, default_bench()))
    if not os.path.isdir(bench):
        print("skipped: benchmark folder %s not found (pass BENCHMARKS_DIR or set "
              "VISIT_SANDBOX_BENCHMARKS; see docs/routing.md)" % bench)
        return 0
    runner = build()
    print("runner: %s" % " ".join(runner))
    only = set(a.only.split(","))
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        if "tsplib" in only:
            bad += run_tsplib(bench, runner, a.tsp_ms, tmp)
        if "solomon" in only:
            bad += run_solomon(bench, runner, a.vrptw_ms, tmp)
        if "pvrp" in only:
            bad += run_pvrp(bench, runner, a.pvrp_ms, tmp)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
