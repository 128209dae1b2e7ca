#!/usr/bin/env python3
"""The quality guard for speed work: two builds of the CLI (the previous engine and the new one)
plan the presets at seeds 1-10, and the new one is kept only if no model's mean coverage drops
by more than 0.002 and no model's mean km per visit rises by more than 1 %.

    scripts/quality-guard.py OLD_BINARY NEW_BINARY [county,urban,rural]

Prints each model's means, how many calendars are identical, and PASS or FAIL (exit code 1)."""
import json, subprocess, sys
from concurrent.futures import ThreadPoolExecutor
old, new = sys.argv[1], sys.argv[2]
presets = sys.argv[3].split(",") if len(sys.argv) > 3 else ["county", "urban", "rural"]
seeds = range(1, 11)
def run(b, p, s):
    out = subprocess.run([b, "compare", "--preset", p, "--seed", str(s), "--json", "--no-headcount-search"],
                         capture_output=True, text=True, check=True, env={"VISIT_SANDBOX_THREADS": "1"}).stdout
    d = json.loads(out)
    return {m["model"]: (m["metrics"]["coverage_rate"], m["metrics"]["travel_km_per_visit"], m["calendar_fingerprint"]) for m in d["models"]}
jobs = [(p, s) for p in presets for s in seeds]
res = {}
with ThreadPoolExecutor(2) as ex:
    for b in (old, new):
        res[b] = list(ex.map(lambda ps: run(b, *ps), jobs))
models = list(res[old][0].keys())
same = sum(1 for a, b in zip(res[old], res[new]) for m in models if a[m][2] == b[m][2])
print(f"runs: {len(jobs)} ({','.join(presets)} x seeds 1-10); identical calendars {same}/{len(jobs)*len(models)}")
print(f"{'model':<12}{'cov old':>9}{'cov new':>9}{'d cov':>9}{'km old':>9}{'km new':>9}{'d km %':>9}")
worst_cov, worst_km = 0.0, -1e9
for m in models + ["all"]:
    ms = models if m == "all" else [m]
    def mean(b, k): 
        v = [r[x][k] for r in res[b] for x in ms]; return sum(v) / len(v)
    co, cn, ko, kn = mean(old, 0), mean(new, 0), mean(old, 1), mean(new, 1)
    print(f"{m:<12}{co:9.4f}{cn:9.4f}{cn-co:+9.4f}{ko:9.3f}{kn:9.3f}{100*(kn/ko-1):+9.2f}")
    if m != "all": worst_cov = min(worst_cov, cn - co); worst_km = max(worst_km, 100*(kn/ko-1))
ok = worst_cov >= -0.002 and worst_km <= 1.0
print(f"worst model: coverage {worst_cov:+.4f} (limit -0.002), km/visit {worst_km:+.2f} % (limit +1 %): {'PASS' if ok else 'FAIL'}")
sys.exit(0 if ok else 1)
