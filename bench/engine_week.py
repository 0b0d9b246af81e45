"""Benchmark: the full-scale National Day week, every car, on one core.

Prints vehicles simulated, SimPy events, wall seconds, vehicles per wall
second and peak memory for each repetition and their medians. The target
(issue: the traffic engine) is the week in under 60 s and under 1 GB on this
2-core machine. Each repetition runs in a fresh process pinned to one core,
so the peak memory is that run's own.

    python bench/engine_week.py [--repeat 3] [--scenario scenarios/national_day_2019.toml] [--platoon N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, os, resource, sys, time
sys.path.insert(0, {root!r})
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {{0}})
from sim.scenario import load_scenario
from sim.runs.build import build_model
loaded = load_scenario({scenario!r})
scenario = loaded.scenario
if {platoon} > 1:
    scenario = scenario.model_copy(update={{"run": scenario.run.model_copy(update={{"platoon_size_veh": {platoon}}})}})
t0 = time.perf_counter()
model = build_model(scenario, loaded.path.name, None, base_dir=loaded.base_dir)
model.run()
wall = time.perf_counter() - t0
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(dict(vehicles=model.generated, events=model.events_scheduled, wall_s=wall,
                      sim_wall_s=model.wall_s, peak_mb=peak_mb, days=model.n_days)))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--scenario", default=str(ROOT / "scenarios" / "national_day_2019.toml"))
    ap.add_argument("--platoon", type=int, default=1)
    args = ap.parse_args()
    rows = []
    for i in range(args.repeat):
        code = CHILD.format(root=str(ROOT), scenario=args.scenario, platoon=args.platoon)
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(r)
        print(f"run {i + 1}: {r['days']} days, {r['vehicles']:,} vehicles, {r['events']:,} events, "
              f"{r['wall_s']:.1f} s wall (build + run), {r['vehicles'] / r['wall_s']:,.0f} vehicles/s, "
              f"{r['events'] / r['wall_s']:,.0f} events/s, peak {r['peak_mb']:.0f} MB", flush=True)
    med = {k: statistics.median(r[k] for r in rows) for k in ("wall_s", "peak_mb", "events", "vehicles")}
    print(f"median of {len(rows)}: {med['wall_s']:.1f} s wall, {med['vehicles'] / med['wall_s']:,.0f} vehicles/s, "
          f"{med['events'] / med['wall_s']:,.0f} events/s, peak {med['peak_mb']:.0f} MB "
          f"(targets: < 60 s, < 1024 MB) on {os.cpu_count()} cores, one used")


if __name__ == "__main__":
    main()
