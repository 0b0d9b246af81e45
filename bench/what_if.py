"""Benchmark: a what-if from 4 Oct 10:00 against a full rerun of the National Day week.

A planner's branch ("close this street from 10:00 on the 4th") needs only the rest
of the week: the state at 10:00 is loaded from a snapshot file and the branch runs
from there. This measures both, each in a fresh process pinned to one core:

- full rerun: build the changed scenario and run the whole week;
- what-if: read the snapshot file, apply the change (sim.runs.snapshot.branch) and run on.

The snapshot itself is made once beforehand (not timed: it is the original run's
by-product). Prints every repetition, the medians and their ratio. Never run by the tests.

    python bench/what_if.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WEEK = ROOT / "scenarios" / "national_day_2019.toml"
MOMENT = "2019-10-04 10:00"

PRELUDE = r"""
import json, os, sys, time
sys.path.insert(0, {root!r})
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {{0}})
from pathlib import Path
from sim.cli.common import load_or_fail
from sim.runs.build import build_model, scenario_network
from sim.runs.snapshot import branch, load_snapshot, moment_s, save_snapshot
loaded = load_or_fail(Path({scenario!r}))
"""

MAKE = PRELUDE + r"""
base = load_or_fail(Path({week!r}))
model = build_model(base.scenario, base.path.name, base_dir=base.base_dir)
model.advance(moment_s(base.scenario, {moment!r}))
t0 = time.perf_counter()
save_snapshot(Path({snapshot!r}), model, base.resolved, base.resolved_sha256)
print(json.dumps(dict(save_s=time.perf_counter() - t0, bytes=Path({snapshot!r}).stat().st_size)))
"""

FULL = PRELUDE + r"""
t0 = time.perf_counter()
model = build_model(loaded.scenario, loaded.path.name, base_dir=loaded.base_dir)
model.run()
print(json.dumps(dict(wall_s=time.perf_counter() - t0)))
"""

BRANCH = PRELUDE + r"""
t0 = time.perf_counter()
snap = load_snapshot(Path({snapshot!r}))
load_s = time.perf_counter() - t0
branch(snap, loaded.resolved, loaded.scenario, scenario_network(loaded.scenario, loaded.base_dir, name=loaded.path.name))
snap.model.run()
print(json.dumps(dict(wall_s=time.perf_counter() - t0, load_s=load_s)))
"""


def _child(template: str, **fields: str) -> dict[str, float]:
    code = template.format(root=str(ROOT), week=str(WEEK), moment=MOMENT, **fields)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        snapshot = str(Path(tmp) / "at_4oct_10.snapshot")
        changed = Path(tmp) / "closed.toml"
        # the what-if: the North bus station gets 400 more spaces and 10 more shuttles from 10:00 on the 4th
        changed.write_text(f'schema_version = 2\nextends = "{os.path.relpath(WEEK, tmp)}"\nname = "what-if from {MOMENT}"\n'
                           '[transfer_centres.north_bus_station]\ncar_spaces = 1200\n'
                           '[transfer_centres.north_bus_station.shuttle]\nfleet = 50\n', encoding="utf-8")
        made = _child(MAKE, scenario=str(WEEK), snapshot=snapshot)
        print(f"snapshot at {MOMENT}: {made['bytes'] / 1e6:.1f} MB, saved in {made['save_s']:.2f} s", flush=True)
        full, what_if = [], []
        for i in range(args.repeat):
            f = _child(FULL, scenario=str(changed), snapshot=snapshot)
            w = _child(BRANCH, scenario=str(changed), snapshot=snapshot)
            full.append(f["wall_s"])
            what_if.append(w["wall_s"])
            print(f"run {i + 1}: full rerun {f['wall_s']:.1f} s, what-if {w['wall_s']:.1f} s (snapshot read in {w['load_s']:.2f} s)", flush=True)
    mf, mw = statistics.median(full), statistics.median(what_if)
    rest = 1.0 - (3 + 10 / 24) / 7
    print(f"median of {args.repeat}: full rerun {mf:.1f} s, what-if {mw:.1f} s, ratio {mw / mf:.2f} "
          f"(the remaining share of the week's simulated time: {rest:.2f})")


if __name__ == "__main__":
    main()
