"""`gusu sweep`: a grid of scenario variants, each over several seeds, with a table of means.

Before any run: the scenario and every variant are validated (the messages of
`gusu validate`), the output folder is locked for this sweep and must have room
for the results. While it runs, each finished run is written at once; Ctrl-C
stops the workers and keeps the finished runs for `--resume`. At the end, runs
that were redone, retried or failed are listed with the reason, and results a
full disk refused are said to be unsaved (exit 2).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rich.table import Table

from sim.cli.common import (
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
from sim.runs.disk_space import sweep_bytes
from sim.runs.sweep import FIGURES, grid, run_sweep
from sim.scenario.overrides import parse_assignment


def cmd_sweep(args: argparse.Namespace) -> int:

    loaded = load_or_fail(args.scenario)
    check_workers(args)
    check_seed(args)
    if not 1 <= args.replications <= 1000:
        raise InputError(f"--replications: expected 1-1000, got {args.replications}")
    assignments = []
    for text in args.set or []:
        try:
            assignments.append(parse_assignment(text))
        except ValueError as exc:
            raise InputError(f"--set: {exc}") from None
    # every variant must be a valid scenario before anything runs
    try:
        variants = grid(assignments)
    except ValueError as exc:
        raise InputError(f"--set: {exc}") from None
    if len(variants) * args.replications > 100_000:
        raise InputError(f"--set: {len(variants)} variants x {args.replications} replications is more than 100,000 runs")
    check_scenario(loaded, args.scenario, [dict(v.values) for v in variants])
    base = loaded.scenario.run.seed if args.seed is None else args.seed
    seeds = [base + i for i in range(args.replications)]
    out = Path(args.out)
    expected = sweep_bytes(len(variants), len(seeds), len(loaded.scenario.days), len(FIGURES))
    lock = lock_or_fail(out)
    try:
        check_out(out, expected)
        with RunsProgress(len(variants) * len(seeds), "sweep") as progress:
            report = run_sweep(loaded.path, assignments, seeds, out, args.workers, args.dask, args.resume, progress, loaded=loaded)
    except KeyboardInterrupt:
        kept = len(list((out / "runs").glob("*.json"))) if (out / "runs").is_dir() else 0
        print(f"gusu: interrupted: the workers were stopped; {kept} finished run file{'s' if kept != 1 else ''} kept in "
              f"{out / 'runs'}; run the same command with --resume to finish", file=sys.stderr)
        return 130
    finally:
        lock.release()
    variants, rows, failed = report.variants, report.rows, report.failed
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
    if report.reused:
        print(f"gusu: {report.reused} run{'s' if report.reused != 1 else ''} reused from {out / 'runs'} (checked: scenario, overrides, seed, version, sum)",
              file=sys.stderr)
    for line in report.redone + report.retried + failed:
        print(f"gusu: {line}", file=sys.stderr)
    if report.unsaved:
        print(f"gusu: {not_saved(out, report.unsaved_error, report.unsaved, expected)}", file=sys.stderr)
        return EXIT_INPUT
    print(f"{len(rows)} rows ({len(variants)} variants x figures) written to {out / 'sweep.csv'}" + (f" for keys {', '.join(keys)}" if keys else ""))
    return 1 if failed else 0


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sweep = sub.add_parser("sweep", help="run a grid of scenario variants, each over several seeds")
    sweep.add_argument("scenario", help="the base scenario TOML")
    sweep.add_argument("--set", action="append", metavar="KEY=V1,V2", help="a key path as in scenario files and its values (repeatable)")
    sweep.add_argument("--replications", type=int, default=1, help="seeds per variant")
    sweep.add_argument("--seed", type=int, default=None, help="first seed (default: the scenario's run.seed)")
    sweep.add_argument("--out", required=True, help="folder for sweep.csv and the finished runs")
    sweep.add_argument("--resume", action="store_true", help="keep the runs already in --out; run only what is missing")
    executor_options(sweep)
    sweep.set_defaults(func=cmd_sweep)
