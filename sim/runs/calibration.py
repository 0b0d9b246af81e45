"""The calibration report: the model against every published figure, and its response to the controls.

For each published figure (facts A, B; the 2018 week derived from the published
rises) the report runs the bundled scenarios over N seeds and prints the target,
the model's mean, the 95% interval of that mean, the error and whether the mean
lies inside the agreed band. The bands are the ones the project committed to; a
figure outside its band is reported as it is, never nudged. The no-control week
is printed beside the National Day week.

A model fitted to one week can still answer "what does this control do?"
wrongly, so the report also runs the 2019 week with each control changed (rings
off, centres closed, half the centre spaces, longer shuttle headways) on the same
seeds and checks the direction of each response: the 95% interval of the
paired difference must exclude the wrong direction. It prints the elasticities
planners ask for: transfers per 100 extra centre spaces and per minute of
shuttle headway.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.runs.experiments import RunFailure, mean_ci95, run_many, specs_for, specs_for_loaded
from sim.runs.figures import PUBLISHED, REFERENCE_SETS, WORKDAY, RunSummary
from sim.runs.fitted_values import fitted_values
from sim.scenario.loader import load_scenario


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


def build_checks(holiday: list[RunSummary], workday: list[RunSummary], week_2018: list[RunSummary] | None = None) -> list[Check]:
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
    if week_2018:
        Y = REFERENCE_SETS["national_day_2018"]  # derived from rounded percentages: ±25% (facts A)
        band = need(Y.band_pct) / 100.0
        checks += [
            (Check("2018 7-day transfers", "persons", need(Y.transfers_week), f"±{Y.band_pct:.0f}%", [r.totals.transfers for r in week_2018]),
             _rel(need(Y.transfers_week), band)),
            (Check("2018 7-day diverted cars", "cars", need(Y.diverted_cars_week), f"±{Y.band_pct:.0f}%",
                   [r.totals.diverted_cars for r in week_2018]), _rel(need(Y.diverted_cars_week), band)),
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


# ---- responses ------------------------------------------------------------------

LOWER, HIGHER, NOT_HIGHER, NOT_LOWER = "lower", "higher", "not higher", "not lower"


@dataclass
class Response:
    """One response check: a figure's paired difference (variant minus base, seed by seed) and its direction."""

    control: str
    figure: str
    direction: str  # LOWER, HIGHER, NOT_HIGHER or NOT_LOWER
    diffs: list[float]
    mean: float = math.nan
    lo: float = math.nan
    hi: float = math.nan
    ok: bool | None = None


def response_check(control: str, figure: str, direction: str, base: list[float], variant: list[float]) -> Response:
    """The 95% interval of the paired difference must exclude the wrong direction (None with fewer than two seeds)."""
    r = Response(control, figure, direction, [v - b for b, v in zip(base, variant)])
    r.mean, r.lo, r.hi = mean_ci95(r.diffs)
    if not math.isnan(r.lo):
        r.ok = {LOWER: r.hi < 0.0, HIGHER: r.lo > 0.0, NOT_HIGHER: r.hi <= 0.0, NOT_LOWER: r.lo >= 0.0}[direction]
    return r


def _week(f: Callable[[RunSummary], float]) -> Callable[[list[RunSummary]], list[float]]:
    return lambda runs: [float(f(r)) for r in runs]


TRANSFERS = _week(lambda r: r.totals.transfers)
DIVERTED = _week(lambda r: r.totals.diverted_cars)
ENTERING = _week(lambda r: r.totals.tourist_cars_arriving_in_old_town)
SEARCH_H = _week(lambda r: sum(d.parking_search_car_h for d in r.daily))
OLD_TOWN_KMH = _week(lambda r: r.daily_mean(lambda d: d.old_town_speed_kmh))
RING_C_KMH = _week(lambda r: r.daily_mean(lambda d: d.ring_C_speed_kmh))
WAIT_MIN = _week(lambda r: r.daily_mean(lambda d: d.shuttle_wait_min))

# (control, figure, direction, the figure of a run set)
RESPONSE_CHECKS: dict[str, list[tuple[str, str, Callable[[list[RunSummary]], list[float]]]]] = {
    "rings off": [("transfers", LOWER, TRANSFERS), ("diverted cars", LOWER, DIVERTED),
                  ("tourist cars arriving in the old town", HIGHER, ENTERING), ("parking search, car-h", HIGHER, SEARCH_H),
                  ("ring C speed, km/h", LOWER, RING_C_KMH)],
    "centres closed": [("old-town speed, km/h", NOT_HIGHER, OLD_TOWN_KMH), ("parking search, car-h", HIGHER, SEARCH_H)],
    "half the centre spaces": [("transfers", NOT_HIGHER, TRANSFERS)],
    "longer shuttle headway": [("transfers", NOT_HIGHER, TRANSFERS), ("shuttle wait, min", NOT_LOWER, WAIT_MIN)],
}

# The variants change enough to bind: on the 2019 week a quarter more spaces or a minute more
# headway moves transfers by less than the noise between seeds, so no interval could say
# "not lower". Halving every car park and adding four minutes to every line does bind.
SPACES_KEPT_SHARE = 0.5  # "half the centre spaces": every open centre's car park halved
EXTRA_HEADWAY_MIN = 4.0  # "longer shuttle headway": every line four minutes between departures more


def variant_overrides(path: Path) -> dict[str, dict[str, Any]]:
    """The response variants of a scenario, as --set overrides: closed centres, fewer spaces, longer headways."""
    s = load_scenario(path).scenario
    centres = sorted(s.transfer_centres.items())
    return {
        "centres closed": {f"transfer_centres.{cid}.open": False for cid, _ in centres},
        "half the centre spaces": {f"transfer_centres.{cid}.car_spaces": round(c.car_spaces * SPACES_KEPT_SHARE)
                                   for cid, c in centres if c.open},
        "longer shuttle headway": {f"transfer_centres.{cid}.shuttle.headway_min": c.shuttle.headway_min + EXTRA_HEADWAY_MIN
                                   for cid, c in centres},
    }


def spaces_removed(path: Path) -> int:
    s = load_scenario(path).scenario
    return sum(c.car_spaces - round(c.car_spaces * SPACES_KEPT_SHARE) for c in s.transfer_centres.values() if c.open)


def response_checks(base: list[RunSummary], variants: dict[str, list[RunSummary]]) -> list[Response]:
    """Every response check whose variant ran, base and variants on the same seeds in the same order."""
    out = []
    for control, rows in RESPONSE_CHECKS.items():
        if control not in variants:
            continue
        for figure, direction, values in rows:
            out.append(response_check(control, figure, direction, values(base), values(variants[control])))
    return out


def elasticities(base: list[RunSummary], variants: dict[str, list[RunSummary]], spaces_cut: int) -> list[dict[str, Any]]:
    """Transfers per 100 extra centre spaces (from halving the car parks) and per minute of shuttle headway,
    with 95% intervals (paired by seed)."""
    rows = []
    if "half the centre spaces" in variants and spaces_cut > 0:
        per = [(b - v) / spaces_cut * 100.0 for b, v in zip(TRANSFERS(base), TRANSFERS(variants["half the centre spaces"]))]
        mean, lo, hi = mean_ci95(per)
        rows.append({"figure": "transfers per 100 extra centre spaces", "mean": mean, "ci95": [lo, hi]})
    if "longer shuttle headway" in variants:
        per = [(v - b) / EXTRA_HEADWAY_MIN for b, v in zip(TRANSFERS(base), TRANSFERS(variants["longer shuttle headway"]))]
        mean, lo, hi = mean_ci95(per)
        rows.append({"figure": "transfers per minute of shuttle headway", "mean": mean, "ci95": [lo, hi]})
    return rows


def calibration_report(
    scenario_dir: Path,
    seeds: int,
    workers: int | None,
    progress=None,  # type: ignore[no-untyped-def]
    dask: str | None = None,
) -> dict[str, Any]:
    seed_list = range(1, seeds + 1)
    names = ("national_day_2019.toml", "normal_workday_2019.toml", "national_day_no_control.toml", "national_day_2018.toml")
    specs = [spec for name in names for spec in specs_for(scenario_dir / name, seed_list)]
    week = scenario_dir / "national_day_2019.toml"
    variants = variant_overrides(week)
    loaded = load_scenario(week)
    specs += [spec for over in variants.values() for spec in specs_for_loaded(loaded, seed_list, over)]
    results = run_many(specs, workers, progress, dask=dask)
    failed = [r for r in results if isinstance(r, RunFailure)]
    if failed:
        raise RuntimeError(f"{failed[0].spec.name} seed {failed[0].spec.seed}: {failed[0].message}")
    runs = [RunSummary.model_validate(r) for r in results]
    sets = [runs[i * seeds:(i + 1) * seeds] for i in range(len(runs) // seeds)]
    holiday, workday, no_control, week_2018 = sets[:4]
    by_control = {"rings off": no_control, **dict(zip(variants, sets[4:]))}
    checks = build_checks(holiday, workday, week_2018)
    responses = response_checks(holiday, by_control)
    return {
        "seeds": list(seed_list),
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
        "responses": [{"control": r.control, "figure": r.figure, "direction": r.direction, "mean_difference": r.mean,
                       "ci95": [r.lo, r.hi], "holds": r.ok} for r in responses],
        "elasticities": elasticities(holiday, by_control, spaces_removed(week)),
        "wall_s_per_week": mean_ci95([r.wall_s for r in holiday])[0],
        "fitted": fitted_values(scenario_dir),
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
