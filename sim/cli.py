"""The command line: run a scenario headless and write its results.

`gusu run [SCENARIO] [--seed N] [--out DIR]` runs a scenario (by default the
bundled National Day 2019 week) with a progress bar in simulated day and time,
prints the day-by-day figures beside the published ones, and writes the result
files. Input that is wrong (a missing file, a broken scenario, a bad argument)
gets a message naming the file and the key, and exit status 2, never a
traceback.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from sim.network import NetworkError
from sim.scenario import LoadedScenario, ScenarioError, load_scenario

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
SCENARIO_DIR = PACKAGE_ROOT / "scenarios"
DEFAULT_SCENARIO = SCENARIO_DIR / "national_day_2019.toml"
EXIT_INPUT = 2


class InputError(Exception):
    """Wrong input from outside: print it and exit 2."""


def resolved_sha256(loaded: LoadedScenario) -> str:
    return loaded.resolved_sha256


def load_or_fail(path: str | Path) -> LoadedScenario:
    try:
        return load_scenario(Path(path))
    except ScenarioError as exc:
        raise InputError(str(exc)) from None


def build_model(loaded: LoadedScenario, seed: int | None = None):  # type: ignore[no-untyped-def]
    from sim.model import Model

    try:
        return Model(loaded.scenario, loaded.base_dir, seed=seed)
    except NetworkError as exc:
        raise InputError(str(exc)) from None
    except ValueError as exc:  # a scenario key that names something the network lacks
        raise InputError(f"{loaded.path.name}: {exc}") from None


def run_once(loaded: LoadedScenario, seed: int | None, show_progress: bool = True) -> tuple[Any, dict[str, Any]]:
    from sim.results import summary

    model = build_model(loaded, seed)
    if show_progress and sys.stderr.isatty():
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                      TimeRemainingColumn(), transient=True) as bar:
            task = bar.add_task("simulating", total=model.end_s)

            def tick(t: float) -> None:
                day = model.day_of(t - 1)
                minutes = int((t - 1) % 86400 // 60)
                bar.update(task, completed=t, description=f"{model.s.days[day].date} {minutes // 60:02d}:{minutes % 60:02d}")
            model.run(progress=tick, step_s=900.0)
    else:
        model.run()
    return model, summary(model, loaded.path.name, loaded.sha256, resolved_sha256(loaded))


def console():  # type: ignore[no-untyped-def]
    """A rich console; wide enough for the tables when the output is a file or a pipe."""
    from rich.console import Console

    return Console() if sys.stdout.isatty() else Console(width=160)


def print_daily(summ: dict[str, Any]) -> None:
    from rich.table import Table

    table = Table(title=f"{summ['scenario']['name']} (seed {summ['seed']})")
    cols = [("date", "date"), ("day", "day_type"), ("old-town km/h", "old_town_speed_kmh"), ("Gusu km/h", "gusu_speed_kmh"),
            ("non-local", "nonlocal_share"), ("transfers", "transfers"), ("diverted cars", "diverted_cars"),
            ("cars at P+R", "cars_parked_at_transfer_centres"), ("wait min", "shuttle_wait_min"),
            ("search min", "parking_search_min"), ("vehicles", "vehicles_generated")]
    for title, _ in cols:
        table.add_column(title, justify="right")
    for d in summ["daily"]:
        table.add_row(*("-" if d[k] is None else f"{d[k]:.0%}" if k == "nonlocal_share" else str(d[k]) for _, k in cols))
    t, p = summ["totals"], summ["published"]
    table.add_row("week", "", "", "", "", str(t["transfers"]), str(t["diverted_cars"]), str(t["cars_parked_at_transfer_centres"]), "", "", str(t["vehicles_generated"]))
    table.add_row("2019", "published", str(p["old_town_speed_kmh"]), str(p["gusu_speed_kmh"]), "", f"{p['transfers_week']:,}", f"{p['diverted_cars_week']:,}", "", "", "", "")
    console().print(table)
    print(f"vehicles simulated: {summ['vehicles_simulated']:,}  wall: {summ['wall_s']:.1f} s")


def cmd_run(args: argparse.Namespace) -> int:
    from sim.results import write_outputs

    loaded = load_or_fail(args.scenario)
    _model, summ = run_once(loaded, args.seed)
    print_daily(summ)
    if args.out:
        try:
            write_outputs(Path(args.out), summ, _model, loaded.path.read_bytes(), loaded.path.name)
        except OSError as exc:
            raise InputError(f"{args.out}: cannot write results ({exc.strerror})") from None
        print(f"results written to {args.out}")
    return 0


def cmd_calibrate(args: argparse.Namespace) -> int:
    from sim.calibration import calibration_report, print_report, report_json

    if args.seeds < 2 or args.seeds > 100:
        raise InputError(f"--seeds: expected 2-100, got {args.seeds}")
    scenario_dir = Path(args.scenarios)
    for name in ("national_day_2019.toml", "normal_workday_2019.toml", "national_day_no_control.toml"):
        load_or_fail(scenario_dir / name)
    runs = 3 * args.seeds
    print(f"running {runs} weeks and days ({args.seeds} seeds x 3 scenarios) ...", file=sys.stderr)

    def progress(done: int, total: int) -> None:
        print(f"  {done}/{total} runs done", file=sys.stderr)
    report = calibration_report(scenario_dir, args.seeds, args.workers, progress)
    print_report(report)
    if args.json:
        Path(args.json).write_text(report_json(report))
        print(f"report written to {args.json}")
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gusu", description="Gusu: the old-town traffic control lab")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    run = sub.add_parser("run", help="run a scenario headless and write its results")
    run.add_argument("scenario", nargs="?", default=str(DEFAULT_SCENARIO), help="scenario TOML (default: National Day 2019)")
    run.add_argument("--seed", type=int, default=None, help="seed (default: the scenario's run.seed)")
    run.add_argument("--out", default=None, help="folder for summary.json, daily.csv, timeseries.csv")
    run.set_defaults(func=cmd_run)
    cal = sub.add_parser("calibrate-report", help="the model against the published 2019 figures, over several seeds")
    cal.add_argument("--seeds", type=int, default=5, help="seeds per scenario (default 5)")
    cal.add_argument("--workers", type=int, default=None, help="worker processes (default: one per core)")
    cal.add_argument("--scenarios", default=str(SCENARIO_DIR), help="folder with the three bundled scenarios")
    cal.add_argument("--json", default=None, help="also write the report as JSON here")
    cal.set_defaults(func=cmd_calibrate)
    from sim.scenario.commands import add_commands

    add_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_INPUT
    try:
        return int(args.func(args))
    except InputError as exc:
        print(f"gusu: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("gusu: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
