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

        with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"), TimeRemainingColumn(), transient=True) as bar:
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
    cols = [
        ("date", "date"),
        ("day", "day_type"),
        ("old-town km/h", "old_town_speed_kmh"),
        ("Gusu km/h", "gusu_speed_kmh"),
        ("non-local", "nonlocal_share"),
        ("transfers", "transfers"),
        ("diverted cars", "diverted_cars"),
        ("cars at P+R", "cars_parked_at_transfer_centres"),
        ("wait min", "shuttle_wait_min"),
        ("search min", "parking_search_min"),
        ("vehicles", "vehicles_generated"),
    ]
    for title, _ in cols:
        table.add_column(title, justify="right")
    for d in summ["daily"]:
        table.add_row(*("-" if d[k] is None else f"{d[k]:.0%}" if k == "nonlocal_share" else str(d[k]) for _, k in cols))
    t, p = summ["totals"], summ["published"]
    table.add_row(
        "week", "", "", "", "", str(t["transfers"]), str(t["diverted_cars"]), str(t["cars_parked_at_transfer_centres"]), "", "", str(t["vehicles_generated"])
    )
    table.add_row(
        "2019",
        "published",
        str(p["old_town_speed_kmh"]),
        str(p["gusu_speed_kmh"]),
        "",
        f"{p['transfers_week']:,}",
        f"{p['diverted_cars_week']:,}",
        "",
        "",
        "",
        "",
    )
    console().print(table)
    print(f"vehicles simulated: {summ['vehicles_simulated']:,}  wall: {summ['wall_s']:.1f} s")


def resolved_toml(loaded: LoadedScenario) -> str:
    """The scenario as run, self-contained: `extends` merged, defaults filled in (as `gusu show` prints it)."""
    from sim.scenario.saving import dumps_resolved

    header = [f"{loaded.path.name} as run, fully resolved: extends merged, old versions migrated, defaults filled in.",
              f"network.file is relative to {loaded.base_dir}", f"resolved sha256: {loaded.resolved_sha256}"]
    return dumps_resolved(loaded.resolved, header)


def cmd_run(args: argparse.Namespace) -> int:
    from sim.results import write_outputs

    loaded = load_or_fail(args.scenario)
    _check_seed(args)
    if args.out:
        _check_out(Path(args.out))
    if args.replications != 1:
        return run_replications(args, loaded)
    _model, summ = run_once(loaded, args.seed)
    print_daily(summ)
    if args.out:
        try:
            write_outputs(Path(args.out), summ, _model, loaded.path.read_bytes(), loaded.path.name, resolved_toml(loaded))
        except OSError as exc:
            raise InputError(f"{args.out}: cannot write results ({exc.strerror})") from None
        print(f"results written to {args.out}")
    return 0


class RunsProgress:
    """A terminal progress bar over runs, with the time left; silent when not on a terminal."""

    def __init__(self, total: int, what: str) -> None:
        self.total, self.what = total, what
        self.bar = None
        if sys.stderr.isatty():
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

            self.bar = Progress(
                TextColumn(what), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn(), transient=True
            )

    def __enter__(self) -> RunsProgress:
        if self.bar is not None:
            self.bar.start()
            self.task = self.bar.add_task(self.what, total=self.total)
        else:
            print(f"{self.what}: {self.total} runs", file=sys.stderr)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()

    def __call__(self, done: int, total: int) -> None:
        if self.bar is not None:
            self.bar.update(self.task, completed=done, total=total)
        else:
            print(f"  {done}/{total} runs done", file=sys.stderr, flush=True)


def _check_seed(args: argparse.Namespace) -> None:
    if args.seed is not None and not 0 <= args.seed <= 2**63 - 1:
        raise InputError(f"--seed: expected a whole number from 0 to 2^63-1, got {args.seed}")


def _check_out(folder: Path) -> None:
    """Fail before a long run, not after it, when the results cannot be written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".gusu-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise InputError(f"{folder}: cannot write results there ({exc.strerror or exc})") from None


def _check_workers(args: argparse.Namespace) -> None:
    if args.workers is not None and not 1 <= args.workers <= 256:
        raise InputError(f"--workers: expected 1-256, got {args.workers}")


def run_replications(args: argparse.Namespace, loaded: LoadedScenario) -> int:
    from sim.atomic_file import atomic_write
    from sim.sweep import replicate, replication_summary

    if not 2 <= args.replications <= 1000:
        raise InputError(f"--replications: expected 1-1000, got {args.replications}")
    _check_workers(args)
    base = loaded.scenario.run.seed if args.seed is None else args.seed
    seeds = [base + i for i in range(args.replications)]
    with RunsProgress(len(seeds), "replications") as progress:
        runs, failed = replicate(loaded.path, seeds, args.workers, args.dask, progress)
    for line in failed:
        print(f"gusu: {line}", file=sys.stderr)
    if not runs:
        print("gusu: every run failed", file=sys.stderr)
        return 1
    summ = replication_summary(runs)
    print_replications(summ)
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        atomic_write(out / "summary.json", (json.dumps(summ, indent=2, ensure_ascii=False) + "\n").encode())
        print(f"results written to {out}")
    return 1 if failed else 0


def print_replications(summ: dict[str, Any]) -> None:
    from rich.table import Table

    def cell(stat: dict[str, Any], pct: bool = False) -> str:
        m, hi = stat["mean"], stat["ci95"][1]
        if m is None:
            return "-"
        if pct:
            return f"{m:.1%} ± {(hi - m) if hi is not None else 0:.1%}"
        half = (hi - m) if hi is not None else 0.0
        return f"{m:,.1f} ± {half:,.1f}" if abs(m) < 100 else f"{m:,.0f} ± {half:,.0f}"

    table = Table(title=f"{summ['scenario']['name']}: mean ± 95% interval over {summ['replications']} seeds")
    cols = [
        ("old-town km/h", "old_town_speed_kmh", False),
        ("Gusu km/h", "gusu_speed_kmh", False),
        ("non-local", "nonlocal_share", True),
        ("transfers", "transfers", False),
        ("diverted cars", "diverted_cars", False),
        ("cars at P+R", "cars_parked_at_transfer_centres", False),
    ]
    table.add_column("date")
    for title, _, _ in cols:
        table.add_column(title, justify="right")
    for d in summ["daily"]:
        table.add_row(d["date"], *(cell(d[k], pct) for _, k, pct in cols))
    t = summ["totals"]
    table.add_row("week", "", "", "", cell(t["transfers"]), cell(t["diverted_cars"]), cell(t["cars_parked_at_transfer_centres"]))
    console().print(table)


def cmd_sweep(args: argparse.Namespace) -> int:
    from rich.table import Table

    from sim.overrides import parse_assignment
    from sim.sweep import run_sweep

    loaded = load_or_fail(args.scenario)
    _check_workers(args)
    _check_seed(args)
    _check_out(Path(args.out))
    if not 1 <= args.replications <= 1000:
        raise InputError(f"--replications: expected 1-1000, got {args.replications}")
    assignments = []
    for text in args.set or []:
        try:
            assignments.append(parse_assignment(text))
        except ValueError as exc:
            raise InputError(f"--set: {exc}") from None
    # every variant must be a valid scenario before anything runs
    from sim.overrides import with_overrides
    from sim.sweep import grid

    try:
        variants = grid(assignments)
    except ValueError as exc:
        raise InputError(f"--set: {exc}") from None
    if len(variants) * args.replications > 100_000:
        raise InputError(f"--set: {len(variants)} variants x {args.replications} replications is more than 100,000 runs")
    for v in variants:
        try:
            with_overrides(loaded, dict(v.values))
        except ScenarioError as exc:
            raise InputError(str(exc)) from None
    base = loaded.scenario.run.seed if args.seed is None else args.seed
    seeds = [base + i for i in range(args.replications)]
    out = Path(args.out)
    with RunsProgress(len(variants) * len(seeds), "sweep") as progress:
        variants, rows, failed = run_sweep(loaded.path, assignments, seeds, out, args.workers, args.dask, args.resume, progress)
    keys = [k for k, _ in assignments]
    table = Table(title=f"sweep of {loaded.path.name}: mean over {len(seeds)} seeds")
    table.add_column("variant")
    for title in ("transfers", "diverted cars", "old-town km/h", "ring C km/h", "shuttle wait min", "failed"):
        table.add_column(title, justify="right")
    by = {(r["variant"], r["figure"]): r for r in rows}

    def m(v: Any, fig: str) -> str:
        x = by[(v.index, fig)]["mean"]
        return "-" if x == "" else f"{float(x):,.1f}" if float(x) < 100 else f"{float(x):,.0f}"

    for v in variants:
        table.add_row(
            ", ".join(f"{k.split('.')[-1]}={x}" for k, x in v.values) or "(base)",
            m(v, "transfers"),
            m(v, "diverted_cars"),
            m(v, "old_town_speed_kmh"),
            m(v, "ring_C_speed_kmh"),
            m(v, "shuttle_wait_min"),
            str(by[(v.index, "transfers")]["failed"]),
        )
    console().print(table)
    for line in failed:
        print(f"gusu: {line}", file=sys.stderr)
    print(f"{len(rows)} rows ({len(variants)} variants x figures) written to {out / 'sweep.csv'}" + (f" for keys {', '.join(keys)}" if keys else ""))
    return 1 if failed else 0


def cmd_calibrate(args: argparse.Namespace) -> int:
    from sim.calibration import calibration_report, print_report, report_json

    if args.seeds < 2 or args.seeds > 100:
        raise InputError(f"--seeds: expected 2-100, got {args.seeds}")
    scenario_dir = Path(args.scenarios)
    for name in ("national_day_2019.toml", "normal_workday_2019.toml", "national_day_no_control.toml"):
        load_or_fail(scenario_dir / name)
    runs = 3 * args.seeds
    _check_workers(args)
    with RunsProgress(runs, "calibration") as progress:
        report = calibration_report(scenario_dir, args.seeds, args.workers, progress, dask=args.dask)
    print_report(report)
    if args.json:
        Path(args.json).write_text(report_json(report))
        print(f"report written to {args.json}")
    return 0


def _executor_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workers", type=int, default=None, help="local worker processes (default: one per core)")
    p.add_argument("--dask", default=None, metavar="ADDRESS", help="run on a Dask scheduler (tcp://host:8786), or 'local' for a LocalCluster")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gusu", description="Gusu: the old-town traffic control lab")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    run = sub.add_parser("run", help="run a scenario headless and write its results")
    run.add_argument("scenario", nargs="?", default=str(DEFAULT_SCENARIO), help="scenario TOML (default: National Day 2019)")
    run.add_argument("--seed", type=int, default=None, help="seed (default: the scenario's run.seed)")
    run.add_argument("--out", default=None, help="folder for summary.json, daily.csv, timeseries.csv")
    run.add_argument("--replications", type=int, default=1, help="run this many seeds (seed, seed+1, ...) and report means with 95%% intervals")
    _executor_options(run)
    run.set_defaults(func=cmd_run)
    sweep = sub.add_parser("sweep", help="run a grid of scenario variants, each over several seeds")
    sweep.add_argument("scenario", help="the base scenario TOML")
    sweep.add_argument("--set", action="append", metavar="KEY=V1,V2", help="a key path as in scenario files and its values (repeatable)")
    sweep.add_argument("--replications", type=int, default=1, help="seeds per variant")
    sweep.add_argument("--seed", type=int, default=None, help="first seed (default: the scenario's run.seed)")
    sweep.add_argument("--out", required=True, help="folder for sweep.csv and the finished runs")
    sweep.add_argument("--resume", action="store_true", help="keep the runs already in --out; run only what is missing")
    _executor_options(sweep)
    sweep.set_defaults(func=cmd_sweep)
    cal = sub.add_parser("calibrate-report", help="the model against the published 2019 figures, over several seeds")
    cal.add_argument("--seeds", type=int, default=5, help="seeds per scenario (default 5)")
    _executor_options(cal)
    cal.add_argument("--scenarios", default=str(SCENARIO_DIR), help="folder with the three bundled scenarios")
    cal.add_argument("--json", default=None, help="also write the report as JSON here")
    cal.set_defaults(func=cmd_calibrate)
    from sim.scenario.commands import add_commands

    add_commands(sub)
    from sim.export_sumo import add_commands as add_sumo

    add_sumo(sub)
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
    except RuntimeError as exc:  # an executor that cannot start (Dask missing, scheduler unreachable)
        print(f"gusu: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("gusu: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
