"""Write the golden results: one day of each bundled scenario, run with its own seed.

    python tests/golden/make_golden.py          # rewrite tests/golden/<scenario>/
    python tests/golden/make_golden.py --check  # compare, byte for byte; exit 1 on a difference

A restructuring of the code must leave these files identical: the numbers a
planner sees do not change because a module moved. Regenerate them only in a
commit that changes the model on purpose, and say in that commit which figures
moved. wall_s is the machine's speed, not the model's result, so it is written as 0.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SCENARIOS = ("national_day_2019", "normal_workday_2019", "national_day_no_control", "national_day_2018")
FILES = ("summary.json", "daily.csv", "timeseries.csv")


def one_day(name: str, out_dir: Path) -> None:
    """Run the first day of a bundled scenario and write its result files into out_dir."""
    sys.path.insert(0, str(ROOT))
    from sim.cli.common import load_or_fail
    from sim.runs.build import build_model
    from sim.runs.results import run_summary, write_outputs
    from sim.scenario.overrides import with_overrides

    loaded = load_or_fail(ROOT / "scenarios" / f"{name}.toml")
    first = with_overrides(loaded, {"days": loaded.resolved["days"][:1]}, source="golden")
    model = build_model(first.scenario, first.path.name, base_dir=first.base_dir)
    model.run()
    model.wall_s = 0.0
    summ = run_summary(model, first.path.name, first.sha256, first.resolved_sha256)
    write_outputs(out_dir, summ, model, first.path.read_bytes(), first.path.name)


def main(argv: list[str]) -> int:
    check = "--check" in argv
    bad = 0
    for name in SCENARIOS:
        target = HERE / name
        with tempfile.TemporaryDirectory() as tmp:
            one_day(name, Path(tmp))
            for f in FILES:
                new = (Path(tmp) / f).read_bytes()
                if check:
                    if not (target / f).exists() or (target / f).read_bytes() != new:
                        print(f"{name}/{f}: differs from the golden file")
                        bad += 1
                else:
                    target.mkdir(exist_ok=True)
                    (target / f).write_bytes(new)
    print("golden files " + ("differ" if bad else "match" if check else "written"))
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
