"""`gusu calibrate` and `gusu sensitivity`: fit the assumptions, cross-validate the fit, rank the assumptions.

Both read a calibration file (scenarios/calibration/*.toml) and its targets
file; a wrong file is named with its key path and exits 2 before anything runs.
"""

from __future__ import annotations

import argparse
import math
import shlex
import sys
from pathlib import Path
from typing import Any

from rich.table import Table

from sim.cli.common import InputError, RunsProgress, check_out, check_workers, console, executor_options
from sim.runs.fit import FitResult, JournalMismatch, leave_one_out_row, run_fit
from sim.runs.fit_files import Calibration, FitFileError, load_calibration
from sim.runs.fit_report import fit_markdown, fit_summary, loo_markdown, write_back, write_json
from sim.runs.sensitivity import run_sensitivity, tornado_csv
from sim.scenario import ScenarioError


def _load(args: argparse.Namespace) -> Calibration:
    try:
        return load_calibration(args.calibration)
    except FitFileError as exc:
        raise InputError(str(exc)) from None


def _out(args: argparse.Namespace, cal: Calibration, what: str) -> Path:
    out = Path(args.out) if args.out else Path("calibration_runs") / f"{cal.path.stem}{what}"
    check_out(out)
    return out


def _fit(cal: Calibration, out: Path, args: argparse.Namespace, label: str) -> FitResult:
    trials = args.trials or cal.fit.trials
    runs = trials * len(cal.used_scenarios()) * len(cal.fit.seeds)
    try:
        with RunsProgress(runs, label) as progress:
            return run_fit(cal, out, trials=args.trials, workers=args.workers, dask=args.dask, progress=progress)
    except (JournalMismatch, ScenarioError) as exc:
        raise InputError(str(exc)) from None


def _print_targets(rows: list[dict[str, Any]], title: str) -> None:

    t = Table(title=title)
    for col in ("target", "scenario", "published", "model mean", "error", "band", "band errors", "inside"):
        t.add_column(col, justify="left" if col in ("target", "scenario") else "right")
    for r in rows:
        mean = r["model_mean"]
        t.add_row(r["label"], r["scenario"], f"{r['target']:,.4g}", "-" if math.isnan(mean) else f"{mean:,.4g}",
                  "-" if math.isnan(r["error_pct"]) else f"{r['error_pct']:+.1f}%", r["band"],
                  "-" if math.isnan(r["band_error"]) else f"{r['band_error']:+.2f}", {True: "yes", False: "NO", None: "-"}[r["inside_band"]])
    console().print(t)


def cmd_calibrate(args: argparse.Namespace) -> int:
    cal = _load(args)
    check_workers(args)
    if args.trials is not None and not 1 <= args.trials <= 10_000:
        raise InputError(f"--trials: expected 1-10000, got {args.trials}")
    left_out = _left_out(args, cal)
    out = _out(args, cal, "")
    command = "gusu calibrate " + " ".join(shlex.quote(a) for a in sys.argv[2:]) if sys.argv[1:2] == ["calibrate"] else f"gusu calibrate {cal.path}"
    fit = _fit(cal, out, args, "calibration")
    summary = fit_summary(cal, fit, command)
    write_json(out / "fit.json", summary)
    (out / "fit.md").write_text(fit_markdown(summary), encoding="utf-8")
    con = console()
    con.print(f"{len(fit.records)} trials, {fit.runs_evaluated} runs now, {fit.runs_replayed} replayed from the journal, {fit.wall_s:.1f} s")
    if fit.best is None:
        con.print("no trial finished: every one had a failed run (see the journal)")
        return 1
    con.print(f"best trial {fit.best.number}: loss {fit.best.loss:.3f} over {len(cal.targets)} targets "
              f"(inside every band implies at most {len(cal.targets)})")
    for key, value in fit.best.params.items():
        con.print(f"  {key} = {value:.6g}")
    _print_targets(fit.rows, f"in-sample errors at the best trial, mean over seeds {list(cal.fit.seeds)}")
    con.print(f"written: {out / 'fit.json'}, {out / 'fit.md'}, journal {out / 'journal.jsonl'}")
    if left_out:
        rows = [_loo_row(cal, out, fit, args, target_id) for target_id in left_out]
        write_json(out / "leave_one_out.json", rows)
        (out / "leave_one_out.md").write_text(loo_markdown(rows), encoding="utf-8")
        con.print(loo_markdown(rows))
        con.print(f"written: {out / 'leave_one_out.json'}, {out / 'leave_one_out.md'}")
    if args.write:
        if not summary["all_inside"]:
            con.print("--write: not written; some target is outside its band (fit.md lists them)")
            return 1
        for path, key, value in write_back(cal, fit):
            con.print(f"wrote {key} = {value} into {path}")
    return 0


def _left_out(args: argparse.Namespace, cal: Calibration) -> list[str]:
    """The targets to cross-validate: every one with --leave-one-out, or those named by --leave-out."""
    ids = [t.id for t in cal.targets]
    if args.leave_one_out:
        return ids
    unknown = [name for name in args.leave_out if name not in ids]
    if unknown:
        raise InputError(f"--leave-out: {unknown[0]!r} is no target of {cal.path.name}; expected one of {', '.join(ids)}")
    return list(dict.fromkeys(args.leave_out))


def _loo_row(cal: Calibration, out: Path, full: FitResult, args: argparse.Namespace, target_id: str) -> dict[str, Any]:
    trials = args.trials or cal.fit.trials
    try:
        with RunsProgress(trials * len(cal.used_scenarios()) * len(cal.fit.seeds), f"leave out {target_id}") as progress:
            return leave_one_out_row(cal, out, full, target_id, trials=args.trials, workers=args.workers, dask=args.dask, progress=progress)
    except (JournalMismatch, ScenarioError) as exc:
        raise InputError(str(exc)) from None


def cmd_sensitivity(args: argparse.Namespace) -> int:
    cal = _load(args)
    check_workers(args)
    scenario = args.scenario or next(iter(cal.spec.scenarios))
    if scenario not in cal.scenarios:
        raise InputError(f"--scenario: expected one of {', '.join(cal.scenarios)}, got {scenario!r}")
    if not 2 <= args.trajectories <= 1000:
        raise InputError(f"--trajectories: expected 2-1000, got {args.trajectories}")
    out = _out(args, cal, "_sensitivity")
    runs = args.trajectories * (len(cal.parameters) + 1) * len(cal.fit.seeds)
    with RunsProgress(runs, "sensitivity") as progress:
        result = run_sensitivity(cal, scenario, args.trajectories, args.seed, args.workers, args.dask, progress)
    write_json(out / "sensitivity.json", result)
    (out / "tornado.csv").write_text(tornado_csv(result), encoding="utf-8")
    con = console()
    con.print(f"Morris, {result['trajectories']} trajectories x {len(cal.parameters) + 1} points x {len(result['seeds'])} seeds = {result['runs']} runs "
              f"of {scenario}")
    for out_id, o in result["outputs"].items():
        if "skipped" in o:
            con.print(f"{out_id}: skipped ({o['skipped']})")
            continue
        con.print(f"{out_id} (mean {o['mean']:.4g} {o['unit']}): mu* ± 95% interval")
        for r in sorted(o["indices"], key=lambda r: -r["mu_star"]):
            if not r["read_by_scenario"]:
                con.print(f"  {r['parameter']:<50} not read by {scenario}")
                continue
            con.print(f"  {r['parameter']:<50} {r['mu_star']:>10.4g} ± {r['mu_star_conf95']:<10.3g} sigma {r['sigma']:.3g}")
    con.print(f"written: {out / 'sensitivity.json'}, {out / 'tornado.csv'} (PNG: python tools/tornado_png.py {out / 'tornado.csv'})")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    cal = sub.add_parser("calibrate", help="fit the declared assumptions to the published figures (optuna TPE, resumable)")
    cal.add_argument("calibration", help="calibration file (TOML), e.g. scenarios/calibration/national_day_2019.toml")
    cal.add_argument("--trials", type=int, default=None, help="trials in all (default: the file's fit.trials); more resumes a finished fit")
    cal.add_argument("--out", default=None, help="output folder with the journal (default calibration_runs/<file stem>)")
    cal.add_argument("--leave-one-out", action="store_true", help="also refit once without each target and predict it")
    cal.add_argument("--leave-out", action="append", default=[], metavar="TARGET",
                     help="refit without this target only and predict it (repeatable; each refit keeps its own journal)")
    cal.add_argument("--write", action="store_true", help="write the fitted values into the scenario files (only if every band holds)")
    executor_options(cal)
    cal.set_defaults(func=cmd_calibrate)
    sen = sub.add_parser("sensitivity", help="Morris global sensitivity of the headline outputs to every declared assumption")
    sen.add_argument("calibration", help="calibration file (TOML)")
    sen.add_argument("--scenario", default=None, help="which scenario of the file (default: the first)")
    sen.add_argument("--trajectories", type=int, default=10, help="Morris trajectories (runs = trajectories x (parameters + 1) x seeds)")
    sen.add_argument("--seed", type=int, default=2019, help="seed of the Morris design and the bootstrap")
    sen.add_argument("--out", default=None, help="output folder (default calibration_runs/<file stem>_sensitivity)")
    executor_options(sen)
    sen.set_defaults(func=cmd_sensitivity)
