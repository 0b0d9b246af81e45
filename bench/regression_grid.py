"""Regression guard: the peer benchmark's grid at a few thousand trips, in seconds, figures to JSON.

Runs our trip runner on the 10 x 10 signalised grid of bench/peers.py with
TRIPS trips (same seed, so the same trips every day) REPEAT times in fresh
processes, and SUMO meso with junction control once when SUMO is installed, so
the ratio to a peer measured in the same minute is there even on a busy
machine. Appends the figures to bench/results/regression_grid.json (the last
100 runs are kept) and compares with the previous entry: a slowdown of more
than SLOWER_LIMIT, or any change in the simulated figures (the run is
deterministic), is printed, and with --check exits 1.

    python bench/regression_grid.py [--trips 5000] [--repeat 3] [--check] [--no-peer]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from sim.interop.export_sumo import sumo_tool

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import peers  # noqa: E402  (a sibling script, found through the path set just above)

RESULTS = ROOT / "bench" / "results" / "regression_grid.json"
SLOWER_LIMIT = 1.3  # a median wall time 30 % above the previous run's is flagged
KEEP = 100


def git_commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, check=False, capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trips", type=int, default=5_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--check", action="store_true", help="exit 1 on a slowdown or changed figures")
    ap.add_argument("--no-peer", action="store_true", help="skip SUMO even when installed")
    ap.add_argument("--out", default=str(RESULTS))
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="gusu-regression-") as tmp:
        work = Path(tmp)
        cfg = peers.prepare_grid(work, args.trips)["cfg"]
        runs = [peers.run_child(["--child", "ours:grid", "--work", str(work)]) for _ in range(args.repeat)]
        sumo = None
        if not args.no_peer and sumo_tool("sumo"):
            sumo = peers.run_sumo(cfg, ["--meso-junction-control", "true"])
    r0 = runs[0]
    entry = {
        "date": dt.datetime.now().isoformat(timespec="seconds"), "commit": git_commit(), "machine": peers.machine(),
        "trips": args.trips, "repeat": args.repeat,
        "wall_s": statistics.median(r["wall_s"] for r in runs), "wall_s_runs": [round(r["wall_s"], 4) for r in runs],
        "peak_mb": statistics.median(r["peak_mb"] for r in runs),
        "completed": r0["completed"], "mean_travel_time_s": round(r0["tt_s"], 6), "mean_speed_kmh": round(r0["speed_kmh"], 6),
        "events": r0["events"], "trips_per_s": args.trips / statistics.median(r["wall_s"] for r in runs),
    }
    if sumo is not None:
        entry["sumo_meso_junction_control"] = {"wall_s": sumo["wall_s"], "peak_mb": sumo["peak_mb"], "completed": sumo["completed"],
                                               "mean_travel_time_s": sumo["tt_s"], "mean_speed_kmh": sumo["speed_kmh"]}
        entry["sumo_over_ours"] = sumo["wall_s"] / entry["wall_s"]
    out = Path(args.out)
    history = json.loads(out.read_text())["history"] if out.exists() else []
    prev = next((h for h in reversed(history) if h["trips"] == args.trips), None)
    print(f"grid {peers.GRID_SIZE}x{peers.GRID_SIZE}, {args.trips:,} trips: median {entry['wall_s']:.3f} s of {args.repeat} "
          f"({entry['trips_per_s']:,.0f} trips/s), peak {entry['peak_mb']:.0f} MB, {entry['completed']:,} completed, "
          f"mean {entry['mean_travel_time_s']:.1f} s at {entry['mean_speed_kmh']:.1f} km/h, {entry['events']:,} events")
    if sumo is not None:
        print(f"SUMO meso + junction control: {sumo['wall_s']:.2f} s, {entry['sumo_over_ours']:.1f}x ours; "
              f"mean {sumo['tt_s']:.1f} s ({entry['mean_travel_time_s'] / sumo['tt_s'] - 1:+.1%} ours vs SUMO)")
    problems = []
    if prev is not None:
        slower = entry["wall_s"] / prev["wall_s"]
        print(f"against {prev['date']} ({prev['commit']}): wall x{slower:.2f}")
        if slower > SLOWER_LIMIT:
            problems.append(f"SLOWER: median wall {entry['wall_s']:.3f} s is x{slower:.2f} the previous {prev['wall_s']:.3f} s")
        for key in ("completed", "mean_travel_time_s", "mean_speed_kmh", "events"):
            if entry[key] != prev[key]:
                problems.append(f"CHANGED: {key} {prev[key]} -> {entry[key]} (same trips, same seed)")
    history = (history + [entry])[-KEEP:]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"about": __doc__.splitlines()[0], "latest": entry, "history": history}, indent=1) + "\n")
    print(f"written to {out}")
    for p in problems:
        print(p)
    return 1 if problems and args.check else 0


if __name__ == "__main__":
    raise SystemExit(main())
