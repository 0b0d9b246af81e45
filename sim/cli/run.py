"""The command line: run a scenario headless and write its results.

`gusu run [SCENARIO] [--seed N] [--out DIR]` runs a scenario (by default the
bundled National Day 2019 week) with a progress bar in simulated day and time,
prints the day-by-day figures beside the published ones, and writes the result
files. `--snapshot-at "YYYY-MM-DD HH:MM" --snapshot FILE` saves the run's
state at that moment on the way; `--from-snapshot FILE` continues such a state
under this (changed) scenario: a what-if from that moment (docs/what-if.md).
Input that is wrong (a missing file, a broken scenario, a bad argument)
gets a message naming the file and the key, and exit status 2, never a
traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from sim.cli.common import (
    DEFAULT_SCENARIO,
    EXIT_INPUT,
    InputError,
    RunsProgress,
    check_out,
    check_scenario,
    check_seed,
    check_workers,
    console,
    executor_options,
    load_or_fail,
    lock_or_fail,
    not_saved,
)
from sim.engine.atomic_file import atomic_folder, atomic_write
from sim.engine.network import NetworkError
from sim.oldtown.model import Model
from sim.runs.build import BuildError, build_model, scenario_network
from sim.runs.disk_space import outputs_bytes, run_file_bytes
from sim.runs.figures import RunSummary
from sim.runs.folder_lock import LOCK_NAME
from sim.runs.readme import replications_readme
from sim.runs.results import run_summary, write_outputs
from sim.runs.run_files import gusu_version
from sim.runs.scenario_checks import blame
from sim.runs.snapshot import BranchRefused, branch, load_snapshot, moment_s, save_snapshot
from sim.runs.sweep import replicate, replication_daily_csv, replication_summary
from sim.scenario import LoadedScenario
from sim.scenario.saving import as_run_text

# what `run --out` writes; anything else in the folder (a person's notes) is kept when the results are replaced
RESULT_FILES = ("summary.json", "daily.csv", "timeseries.csv", "scenario_resolved.toml")


def _kept_in_out(name: str) -> bool:
    return name not in RESULT_FILES and not name.startswith("scenario_as_run_") and name != LOCK_NAME


def model_or_fail(loaded: LoadedScenario, seed: int | None = None) -> Model:
    """The scenario's model, or InputError naming the file of the chain that holds the key."""
    try:
        return build_model(loaded.scenario, loaded.path.name, seed, base_dir=loaded.base_dir)
    except BuildError as exc:
        raise InputError(blame(str(exc), loaded, loaded.path.name)) from None
    except NetworkError as exc:
        raise InputError(str(exc)) from None


def run_once(loaded: LoadedScenario, seed: int | None, show_progress: bool = True, model: Model | None = None) -> tuple[Model, RunSummary]:
    """Run the scenario (or go on with `model`, built or branched already) to its end."""
    if model is None:
        model = model_or_fail(loaded, seed)
    if show_progress and sys.stderr.isatty():

        with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"), TimeRemainingColumn(), transient=True) as bar:
            task = bar.add_task("simulating", total=model.end_s)

            def tick(t: float) -> None:
                day = model.day_of(t - 1)
                minutes = int((t - 1) % 86400 // 60)
                bar.update(task, completed=t, description=f"{model.s.days[day].date} {minutes // 60:02d}:{minutes % 60:02d}")

            model.run(progress=tick, step_s=900.0)
    else:
        model.run()
    return model, run_summary(model, loaded.path.name, loaded.sha256, loaded.resolved_sha256)


def _cell(value: float | int | str | None, share: bool = False) -> str:
    return "-" if value is None else f"{value:.0%}" if share else str(value)


def print_daily(run: RunSummary) -> None:
    """The day-by-day table, with the published figures that fit the run (a week's totals, or per day)."""
    table = Table(title=f"{run.scenario.name} (seed {run.seed})")
    for title in ("date", "day", "old-town km/h", "Gusu km/h", "non-local", "transfers", "diverted cars", "cars at P+R",
                  "wait min", "search min", "vehicles"):
        table.add_column(title, justify="right")
    for d in run.daily:
        table.add_row(d.date, d.day_type, _cell(d.old_town_speed_kmh), _cell(d.gusu_speed_kmh), _cell(d.nonlocal_share, share=True),
                      _cell(d.transfers), _cell(d.diverted_cars), _cell(d.cars_parked_at_transfer_centres), _cell(d.shuttle_wait_min),
                      _cell(d.parking_search_min), _cell(d.vehicles_generated))
    t, p = run.totals, run.published
    whole_week = len(run.daily) == p.days == 7
    if len(run.daily) > 1:
        table.add_row("total", "", "", "", "", str(t.transfers), str(t.diverted_cars), str(t.cars_parked_at_transfer_centres), "", "",
                      str(t.vehicles_generated))

    def count(x: int | None) -> str:
        return "-" if x is None else f"{x:,}"

    # a whole week is compared with the week's totals, anything shorter with the published daily means
    transfers, diverted = (p.transfers_week, p.diverted_cars_week) if whole_week else (p.transfers_daily_mean, p.diverted_cars_daily_mean)
    table.add_row("published", "week total" if whole_week else "per day", "-" if p.old_town_speed_kmh is None else str(p.old_town_speed_kmh),
                  "-" if p.gusu_speed_kmh is None else str(p.gusu_speed_kmh), "-" if p.nonlocal_share is None else f"{p.nonlocal_share:.0%}",
                  count(transfers), count(diverted), "", "", "", "")
    console().print(table)
    print(f"published: {p.title}; {p.source}" + (f", ±{p.band_pct:.0f}%" if p.band_pct else "") + f". Speeds: {p.speeds_source}.")
    print(f"vehicles simulated: {run.vehicles_simulated:,}  wall: {run.wall_s:.1f} s")


def resolved_toml(loaded: LoadedScenario) -> str:
    """The scenario as run, self-contained: `extends` merged, defaults filled in (as `gusu show` prints it)."""
    return as_run_text(loaded.scenario, loaded.path.name, loaded.base_dir)


def cmd_run(args: argparse.Namespace) -> int:
    loaded = load_or_fail(args.scenario)
    check_seed(args)
    if (args.snapshot or args.snapshot_at or args.from_snapshot) and args.replications != 1:
        raise InputError("--snapshot-at, --snapshot and --from-snapshot: one run only, not with --replications")
    if args.replications != 1:
        return run_replications(args, loaded)
    check_scenario(loaded, args.scenario)
    expected = outputs_bytes(len(loaded.scenario.days))
    if args.out:
        check_out(Path(args.out), expected)
    _model, summ = run_once(loaded, args.seed, model=snapshot_options(args, loaded))
    print_daily(summ)
    if args.out:
        out = Path(args.out)
        try:  # filled beside the folder and moved into place: never a mix of this run and an older one
            with atomic_folder(out, keep=_kept_in_out) as tmp:
                write_outputs(tmp, summ, _model, loaded.path.read_bytes(), loaded.path.name, resolved_toml(loaded))
        except OSError as exc:
            print(f"gusu: {not_saved(out, exc, [str(out / f) for f in RESULT_FILES[:3]], expected)}; {out} is unchanged", file=sys.stderr)
            return EXIT_INPUT
        print(f"results written to {args.out}")
    return 0


def snapshot_options(args: argparse.Namespace, loaded: LoadedScenario) -> Model | None:
    """The model to run when a snapshot option is given (branched from a snapshot, and run up to the moment to save);
    None otherwise. InputError (exit 2) for a snapshot that cannot be read or a change that cannot take effect mid-run."""
    if bool(args.snapshot) != bool(args.snapshot_at):
        raise InputError("--snapshot-at and --snapshot go together: the moment to save and the file to save it in")
    if not (args.snapshot or args.from_snapshot):
        return None
    model = _branched(args, loaded) if args.from_snapshot else model_or_fail(loaded, args.seed)
    if args.snapshot_at:
        try:
            t_s = moment_s(loaded.scenario, args.snapshot_at)
        except ValueError as exc:
            raise InputError(f"--snapshot-at: {exc}") from None
        if t_s < model.env.now:
            raise InputError(f"--snapshot-at: {args.snapshot_at} is before the snapshot this run starts from")
        model.advance(t_s)
        try:
            header = save_snapshot(Path(args.snapshot), model, loaded.resolved, loaded.resolved_sha256)
        except OSError as exc:
            raise InputError(f"{args.snapshot}: cannot write the snapshot ({exc.strerror})") from None
        print(f"snapshot at {header.moment} written to {args.snapshot}")
    return model


def _branched(args: argparse.Namespace, loaded: LoadedScenario) -> Model:
    if args.seed is not None:
        raise InputError("--seed: a run from a snapshot goes on with the snapshot's random generator")
    try:
        snap = load_snapshot(Path(args.from_snapshot))
        net = scenario_network(loaded.scenario, loaded.base_dir, name=loaded.path.name)
    except OSError as exc:
        raise InputError(f"{args.from_snapshot}: cannot read the snapshot ({exc.strerror})") from None
    except (ValueError, NetworkError) as exc:
        raise InputError(str(exc)) from None
    try:
        keys = branch(snap, loaded.resolved, loaded.scenario, net)
    except BranchRefused as exc:
        raise InputError(f"{loaded.path.name}: {exc}") from None
    what = ", ".join(keys) if keys else "nothing changed"
    print(f"continuing from {snap.header.moment} ({snap.header.scenario_name}); from then on: {what}")
    return snap.model


def run_replications(args: argparse.Namespace, loaded: LoadedScenario) -> int:
    """Several seeds; with --out, each finished run goes to OUT/runs/seedN.json at once (signed), and
    summary.json when all are done. The folder is locked for this command while it runs."""
    if not 2 <= args.replications <= 1000:
        raise InputError(f"--replications: expected 1-1000, got {args.replications}")
    check_workers(args)
    check_scenario(loaded, args.scenario)
    base = loaded.scenario.run.seed if args.seed is None else args.seed
    seeds = [base + i for i in range(args.replications)]
    out = Path(args.out) if args.out else None
    expected = len(seeds) * run_file_bytes(len(loaded.scenario.days)) + outputs_bytes(len(loaded.scenario.days))
    lock = lock_or_fail(out) if out else None
    try:
        if out:
            check_out(out, expected)
        with RunsProgress(len(seeds), "replications") as progress:
            result = replicate(loaded.path, seeds, args.workers, args.dask, progress, out / "runs" if out else None, loaded)
        for line in result.retried + result.failed:
            print(f"gusu: {line}", file=sys.stderr)
        if not result.runs:
            print("gusu: every run failed", file=sys.stderr)
            return 1
        summ = replication_summary(result.runs)
        print_replications(summ)
        if out:
            for name, text in (("summary.json", json.dumps(summ, indent=2, ensure_ascii=False) + "\n"),
                               ("daily.csv", replication_daily_csv(summ)), ("scenario_resolved.toml", resolved_toml(loaded)),
                               ("README.txt", replications_readme(result.runs[0], summ["seeds"], gusu_version()))):
                try:
                    atomic_write(out / name, text.encode("utf-8"))
                except OSError as exc:
                    result.unsaved.append(str(out / name))
                    result.unsaved_error = result.unsaved_error or exc
            if result.unsaved:
                print(f"gusu: {not_saved(out, result.unsaved_error, result.unsaved, expected)}", file=sys.stderr)
                return EXIT_INPUT
            print(f"results written to {out}")
    except KeyboardInterrupt:
        kept = len(list((out / "runs").glob("seed*.json"))) if out and (out / "runs").is_dir() else 0
        print("gusu: interrupted: the workers were stopped" + (f"; {kept} finished runs kept in {out / 'runs'}" if out else ""),
              file=sys.stderr)
        return 130
    finally:
        if lock:
            lock.release()
    return 1 if result.failed else 0


def print_replications(summ: dict[str, Any]) -> None:

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


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    run = sub.add_parser("run", help="run a scenario headless and write its results")
    run.add_argument("scenario", nargs="?", default=str(DEFAULT_SCENARIO), help="scenario TOML (default: National Day 2019)")
    run.add_argument("--seed", type=int, default=None, help="seed (default: the scenario's run.seed)")
    run.add_argument("--out", default=None, help="folder for summary.json, daily.csv, timeseries.csv")
    run.add_argument("--replications", type=int, default=1, help="run this many seeds (seed, seed+1, ...) and report means with 95%% intervals")
    run.add_argument("--snapshot-at", default=None, metavar="'YYYY-MM-DD HH:MM'", help="save the run's state at this moment (with --snapshot)")
    run.add_argument("--snapshot", default=None, metavar="FILE", help="the file --snapshot-at writes")
    run.add_argument("--from-snapshot", default=None, metavar="FILE",
                     help="continue a saved state under this scenario from its moment (a what-if; see docs/what-if.md)")
    executor_options(run)
    run.set_defaults(func=cmd_run)
