"""What a calibration costs on 1 and on 2 workers: runs, wall time, and the ratio.

Scenario: the fit of the two demand totals on the fit test day (tests/data/fit_day.toml),
TRIALS trials in batches of BATCH, SEEDS seeds each, run once with one worker and once
with two, each from an empty journal, REPEATS times in turn (1, 2, 1, 2, ...: the shared
machine's noise falls on both). The fits must be the same fit; the median ratio of the wall
times is what the second worker buys. Not run by the tests.

    .venv/bin/python bench/calibrate_cost.py [TRIALS [REPEATS]]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from sim.runs.fit import run_fit
from sim.runs.fit_files import load_calibration

ROOT = Path(__file__).resolve().parent.parent
DAY = ROOT / "tests" / "data" / "fit_day.toml"
TRIALS = 8          # parameter sets
BATCH = 4           # trials run together
SEEDS = [1, 2]      # replications per trial
REPEATS = 3         # fits on each executor

TARGETS = """schema_version = 1
[[targets]]
id = "diverted"
value = 330
band = { relative = 0.05 }
source = "a run at 6,000 tourist cars"
scenario = "day"
figure = "totals.diverted_cars"
[[targets]]
id = "walk_up"
value = 150
band = { relative = 0.05 }
source = "a run at 1,500 walk-ups"
scenario = "day"
figure = "daily.walk_up_persons"
"""


def calibration(folder: Path, trials: int) -> Path:
    (folder / "targets.toml").write_text(TARGETS)
    (folder / "cal.toml").write_text(f"""schema_version = 1
name = "bench"
targets = "targets.toml"
[scenarios]
day = "{DAY}"
[fit]
trials = {trials}
batch = {BATCH}
seeds = {SEEDS}
startup_trials = {BATCH}
[[parameters]]
key = "demand.tourist.vehicles_per_day.holiday"
range = [2000, 10000]
integer = true
[[parameters]]
key = "demand.walk_up.persons_per_day.holiday"
range = [0, 3000]
integer = true
""")
    return folder / "cal.toml"


def main() -> None:
    trials = int(sys.argv[1]) if len(sys.argv) > 1 else TRIALS
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else REPEATS
    walls: dict[int, list[float]] = {1: [], 2: []}
    fits = {}
    for repeat in range(repeats):
        for workers in (1, 2):
            with tempfile.TemporaryDirectory() as tmp:
                cal = load_calibration(calibration(Path(tmp), trials))
                start = time.perf_counter()
                fit = run_fit(cal, Path(tmp) / "out", workers=workers)
                wall = time.perf_counter() - start
                walls[workers].append(wall)
                fits[(workers, repeat)] = [(r.params, r.loss) for r in fit.records]
                print(f"{workers} worker(s): {trials} trials, {fit.runs_evaluated} runs, {wall:.1f} s "
                      f"({wall / fit.runs_evaluated:.2f} s a run), best loss {fit.best.loss if fit.best else None}")
    ratios = [one / two for one, two in zip(walls[1], walls[2])]
    same = all(f == fits[(1, 0)] for f in fits.values())
    print(f"median wall: 1 worker {statistics.median(walls[1]):.1f} s, 2 workers {statistics.median(walls[2]):.1f} s; "
          f"median ratio 1 / 2 workers: {statistics.median(ratios):.2f} (pairs {min(ratios):.2f}-{max(ratios):.2f}); "
          f"the same fit every time: {same}")


if __name__ == "__main__":
    main()
