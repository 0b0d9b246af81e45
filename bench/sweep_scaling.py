"""Benchmark: a 16-run sweep of the normal workday on 1 and on 2 workers.

Prints the wall time on each, the speed-up (expect close to 2x on this 2-core
machine, less when the machine is shared), and the overhead per run: the wall
time per run on one worker minus the model's own time per run (process start,
imports, scenario loading, moving results back).

    python bench/sweep_scaling.py [--runs 16] [--scenario scenarios/normal_workday_2019.toml]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from sim.runs.sweep import run_sweep

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=16)
    ap.add_argument("--scenario", default=str(ROOT / "scenarios" / "normal_workday_2019.toml"))
    args = ap.parse_args()
    # 4 variants x (runs / 4) seeds
    grid = [("behaviour.compliance", [0.8, 0.85, 0.9, 0.95])]
    seeds = list(range(1, args.runs // 4 + 1))
    walls = {}
    model_s = []
    for workers in (1, 2):
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            run_sweep(Path(args.scenario), grid, seeds, Path(tmp), workers=workers)
            walls[workers] = time.perf_counter() - t0
            if workers == 1:
                import json
                for f in (Path(tmp) / "runs").glob("*.json"):
                    model_s.append(json.loads(f.read_text())["summary"]["wall_s"])
        print(f"{args.runs} runs on {workers} worker(s): {walls[workers]:.1f} s wall", flush=True)
    per_run = walls[1] / args.runs
    overhead = per_run - statistics.mean(model_s)
    print(f"speed-up 2 vs 1 workers: {walls[1] / walls[2]:.2f}x")
    print(f"per run on 1 worker: {per_run:.2f} s, of which the model {statistics.mean(model_s):.2f} s "
          f"(median {statistics.median(model_s):.2f} s): overhead {overhead:.2f} s per run")


if __name__ == "__main__":
    main()
