"""The calibration report: the model against every published 2019 figure, over several seeds.

For each published figure (facts A, B) the report runs the bundled scenarios
over N seeds and prints the target, the model's mean, the 95% interval of that
mean, the error and whether the mean lies inside the agreed band. The bands
are the ones the project committed to; a figure outside its band is reported
as it is, never nudged. The no-control week is printed beside the National Day
week, so a trainer sees what the rings and the transfer centres change.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.runs.experiments import RunFailure, mean_ci95, run_many, specs_for
from sim.runs.figures import PUBLISHED, WORKDAY, RunSummary


@dataclass
class Check:
    """One row of the report."""

    figure: str
    unit: str
    target: float | None
    band: str
    values: list[float]
    ok: bool | None = None
    mean: float = math.nan
    lo: float = math.nan
    hi: float = math.nan

    def error_pct(self) -> float:
        if self.target in (None, 0) or math.isnan(self.mean):
            return math.nan
        return (self.mean - self.target) / self.target * 100.0  # type: ignore[operator]


def _rel(target: float, tol: float):  # type: ignore[no-untyped-def]
    return lambda m: abs(m - target) <= tol * target


def _abs(target: float, tol: float):  # type: ignore[no-untyped-def]
    return lambda m: abs(m - target) <= tol


def need(value: float | None) -> float:
    """A published figure the check needs (the set has it: PUBLISHED and WORKDAY are fixed data)."""
    if value is None:
        raise ValueError("a calibration check names a figure its published set does not have")
    return value


def build_checks(holiday: list[RunSummary], workday: list[RunSummary]) -> list[Check]:
    P, W = PUBLISHED, WORKDAY  # the holiday week is compared with the week's figures, the workday with the general ones
    checks: list[tuple[Check, Any]] = [
        (Check("7-day transfers", "persons", need(P.transfers_week), "±10%", [r.totals.transfers for r in holiday]), _rel(need(P.transfers_week), 0.10)),
        (Check("peak-day transfers", "persons", need(P.transfers_peak_day), "±15%", [r.totals.transfers_peak_day for r in holiday]),
         _rel(need(P.transfers_peak_day), 0.15)),
        (
            Check("peak on 4 Oct (share of seeds)", "share", 1.0, "all seeds",
                  [1.0 if r.totals.transfers_peak_date == P.transfers_peak_date else 0.0 for r in holiday]),
            lambda m: m >= 0.999,
        ),
        (Check("7-day diverted cars", "cars", need(P.diverted_cars_week), "±10%", [r.totals.diverted_cars for r in holiday]),
         _rel(need(P.diverted_cars_week), 0.10)),
        (
            Check("peak-day diverted cars", "cars", need(P.diverted_cars_peak_day), "±15%", [r.totals.diverted_cars_peak_day for r in holiday]),
            _rel(need(P.diverted_cars_peak_day), 0.15),
        ),
        (
            Check("non-local share, holiday", "share", need(P.nonlocal_share), "±2 pt", [r.daily_mean(lambda d: d.nonlocal_share) for r in holiday]),
            _abs(need(P.nonlocal_share), 0.02),
        ),
        (
            Check("old-town speed, workday 07-19", "km/h", need(W.old_town_speed_kmh), "±5%", [r.daily_mean(lambda d: d.old_town_speed_kmh) for r in workday]),
            _rel(need(W.old_town_speed_kmh), 0.05),
        ),
        (
            Check("non-local share, workday peaks", "share", need(W.nonlocal_share), "±2 pt",
                  [r.daily_mean(lambda d: d.nonlocal_share) for r in workday]),
            _abs(need(W.nonlocal_share), 0.02),
        ),
        (
            Check("Gusu-wide speed, workday 07-19", "km/h", need(W.gusu_speed_kmh), "near (±10%)", [r.daily_mean(lambda d: d.gusu_speed_kmh) for r in workday]),
            _rel(need(W.gusu_speed_kmh), 0.10),
        ),
    ]
    hol_speed = [r.daily_mean(lambda d: d.old_town_speed_kmh) for r in holiday]
    wd_speed = mean_ci95([r.daily_mean(lambda d: d.old_town_speed_kmh) for r in workday])[0]
    checks.append((Check("holiday old-town speed minus workday", "km/h", None, ">= 0 (no congestion)", [v - wd_speed for v in hol_speed]), lambda m: m >= 0.0))
    out = []
    for check, inside in checks:
        check.mean, check.lo, check.hi = mean_ci95(check.values)
        check.ok = None if math.isnan(check.mean) else bool(inside(check.mean))
        out.append(check)
    return out


WEEK_FIGURES: tuple[tuple[str, Callable[[RunSummary], float]], ...] = (
    ("7-day transfers", lambda r: r.totals.transfers),
    ("7-day diverted cars", lambda r: r.totals.diverted_cars),
    ("cars parked at transfer centres", lambda r: r.totals.cars_parked_at_transfer_centres),
    ("cars parked in the old town", lambda r: r.totals.cars_parked_in_old_town),
    ("old-town speed 07-19, km/h", lambda r: r.daily_mean(lambda d: d.old_town_speed_kmh)),
    ("ring C speed 07-19, km/h", lambda r: r.daily_mean(lambda d: d.ring_C_speed_kmh)),
    ("parking search, min", lambda r: r.daily_mean(lambda d: d.parking_search_min)),
    ("shuttle wait, min", lambda r: r.daily_mean(lambda d: d.shuttle_wait_min)),
)


def side_by_side(holiday: list[RunSummary], no_control: list[RunSummary]) -> list[tuple[str, float, float]]:
    """Each figure's mean over seeds, with the rings and without."""
    return [(label, mean_ci95([f(r) for r in holiday])[0], mean_ci95([f(r) for r in no_control])[0]) for label, f in WEEK_FIGURES]


def calibration_report(
    scenario_dir: Path,
    seeds: int,
    workers: int | None,
    progress=None,  # type: ignore[no-untyped-def]
    dask: str | None = None,
) -> dict[str, Any]:
    names = ("national_day_2019.toml", "normal_workday_2019.toml", "national_day_no_control.toml")
    specs = [spec for name in names for spec in specs_for(scenario_dir / name, range(1, seeds + 1))]
    results = run_many(specs, workers, progress, dask=dask)
    failed = [r for r in results if isinstance(r, RunFailure)]
    if failed:
        raise RuntimeError(f"{failed[0].spec.name} seed {failed[0].spec.seed}: {failed[0].message}")
    runs = [RunSummary.model_validate(r) for r in results]
    holiday, workday, no_control = runs[:seeds], runs[seeds : 2 * seeds], runs[2 * seeds :]
    checks = build_checks(holiday, workday)
    return {
        "seeds": list(range(1, seeds + 1)),
        "checks": [
            {
                "figure": c.figure,
                "unit": c.unit,
                "target": c.target,
                "band": c.band,
                "mean": c.mean,
                "ci95": [c.lo, c.hi],
                "error_pct": c.error_pct(),
                "inside_band": c.ok,
                "values": c.values,
            }
            for c in checks
        ],
        "with_and_without_control": [{"figure": f, "national_day": a, "no_control": b} for f, a, b in side_by_side(holiday, no_control)],
        "wall_s_per_week": mean_ci95([r.wall_s for r in holiday])[0],
    }


def report_json(report: dict[str, Any]) -> str:
    def clean(x: Any) -> Any:
        if isinstance(x, float) and math.isnan(x):
            return None
        if isinstance(x, dict):
            return {k: clean(v) for k, v in x.items()}
        if isinstance(x, list):
            return [clean(v) for v in x]
        return x

    return json.dumps(clean(report), indent=2)
