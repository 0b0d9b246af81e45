"""`gusu calibrate-report`: the model against every published figure, and its response to the controls, over several seeds."""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import Any

from rich.table import Table

from sim.cli.common import SCENARIO_DIR, InputError, RunsProgress, check_workers, console, executor_options, load_or_fail
from sim.runs.calibration import calibration_report, report_json

REPORT_SCENARIOS = ("national_day_2019.toml", "normal_workday_2019.toml", "national_day_no_control.toml", "national_day_2018.toml")
RESPONSE_VARIANTS = 3  # the 2019 week with centres closed, half the centre spaces, longer headways (sim.runs.calibration)


def cmd_calibrate(args: argparse.Namespace) -> int:
    if args.seeds < 2 or args.seeds > 100:
        raise InputError(f"--seeds: expected 2-100, got {args.seeds}")
    scenario_dir = Path(args.scenarios)
    for name in REPORT_SCENARIOS:
        load_or_fail(scenario_dir / name)
    runs = (len(REPORT_SCENARIOS) + RESPONSE_VARIANTS) * args.seeds
    check_workers(args)
    with RunsProgress(runs, "calibration") as progress:
        report = calibration_report(scenario_dir, args.seeds, args.workers, progress, dask=args.dask)
    print_report(report)
    if args.json:
        Path(args.json).write_text(report_json(report))
        print(f"report written to {args.json}")
    return 0


def print_report(report: dict[str, Any]) -> None:

    def fmt(x: float | None, unit: str) -> str:
        if x is None or (isinstance(x, float) and math.isnan(x)):
            return "-"
        if unit == "share":
            return f"{x:.1%}"
        return f"{x:,.0f}" if abs(x) >= 100 else f"{x:.2f}"

    t = Table(title=f"Calibration against the published 2019 figures ({len(report['seeds'])} seeds)")
    for col in ("figure", "target", "model mean", "95% interval", "error", "band", "inside"):
        t.add_column(col, justify="left" if col == "figure" else "right")
    for c in report["checks"]:
        lo, hi = c["ci95"]
        err = c["error_pct"]
        t.add_row(
            f"{c['figure']} ({c['unit']})",
            fmt(c["target"], c["unit"]),
            fmt(c["mean"], c["unit"]),
            f"{fmt(lo, c['unit'])} - {fmt(hi, c['unit'])}",
            "-" if math.isnan(err) else f"{err:+.1f}%",
            c["band"],
            {True: "yes", False: "NO", None: "-"}[c["inside_band"]],
        )
    con = console()
    con.print(t)
    s = Table(title="With and without the control rings (means over seeds)")
    for col in ("figure", "National Day 2019", "no control"):
        s.add_column(col, justify="left" if col == "figure" else "right")
    for row in report["with_and_without_control"]:
        s.add_row(row["figure"], fmt(row["national_day"], ""), fmt(row["no_control"], ""))
    con.print(s)
    r = Table(title="Responses of the 2019 week (variant minus base, paired by seed; the interval must exclude the wrong direction)")
    for col in ("control", "figure", "expected", "mean difference", "95% interval", "holds"):
        r.add_column(col, justify="left" if col in ("control", "figure", "expected") else "right")
    for row in report["responses"]:
        lo, hi = row["ci95"]
        r.add_row(row["control"], row["figure"], row["direction"], fmt(row["mean_difference"], ""), f"{fmt(lo, '')} - {fmt(hi, '')}",
                  {True: "yes", False: "NO", None: "-"}[row["holds"]])
    con.print(r)
    e = Table(title="Elasticities (means over seeds)")
    for col in ("figure", "mean", "95% interval"):
        e.add_column(col, justify="left" if col == "figure" else "right")
    for row in report["elasticities"]:
        lo, hi = row["ci95"]
        e.add_row(row["figure"], fmt(row["mean"], ""), f"{fmt(lo, '')} - {fmt(hi, '')}")
    con.print(e)
    f = Table(title="The assumptions these figures rest on, as declared for gusu calibrate (scenarios/calibration/)")
    for col in ("parameter", "scenario", "value", "range", "set in", "fitted by"):
        f.add_column(col, justify="right" if col == "value" else "left")
    for row in report.get("fitted", []):
        fit = row["fit"]  # "gusu calibrate DATE: fitted to TARGETS (ids); loss L over N targets"
        by = f"{row['calibration']}, {fit.split(':')[0].removeprefix('gusu calibrate ')}, {fit.rsplit('; ', 1)[-1]}" if fit else \
            "not fitted: a stated assumption"
        f.add_row(row["parameter"], row["scenario"], f"{row['value']:g}", f"{row['range'][0]:g}-{row['range'][1]:g}", row["file"], by)
    con.print(f)


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    cal = sub.add_parser("calibrate-report", help="the model against the published 2019 and 2018 figures, and its responses, over several seeds")
    cal.add_argument("--seeds", type=int, default=5, help="seeds per scenario (default 5)")
    executor_options(cal)
    cal.add_argument("--scenarios", default=str(SCENARIO_DIR), help="folder with the bundled scenarios (2019 week, workday, no control, 2018 week)")
    cal.add_argument("--json", default=None, help="also write the report as JSON here")
    cal.set_defaults(func=cmd_calibrate)
