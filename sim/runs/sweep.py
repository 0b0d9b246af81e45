"""Replications and parameter sweeps: the figures of many runs, with their spread.

"How many shuttles, at which headway, with how many spaces at the North bus
station, keep the old town above 20 km/h on 4 October?" is a grid of variants,
each run with several seeds. This module builds the grid from `--set KEY=V1,V2`
options, keeps every finished run on disk (so an interrupted sweep resumes
where it stopped), and reduces the runs to one row per variant and figure:
mean, 95% interval, and the per-seed values, in `sweep.csv`.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.engine.atomic_file import atomic_write
from sim.runs.experiments import Outcome, Progress, RunFailure, mean_ci95, run_many, specs_for

# figures reported per run: week totals, peak days, and daily means
TOTAL_FIGURES = ("transfers", "diverted_cars", "cars_parked_at_transfer_centres", "cars_parked_in_old_town",
                 "park_and_ride_by_choice", "turned_away", "vehicles_generated", "transfers_peak_day", "diverted_cars_peak_day")
MEAN_FIGURES = ("old_town_speed_kmh", "gusu_speed_kmh", "ring_A_speed_kmh", "ring_B_speed_kmh", "ring_C_speed_kmh",
                "ring_D_speed_kmh", "nonlocal_share", "shuttle_wait_min", "parking_search_min")
FIGURES = TOTAL_FIGURES + MEAN_FIGURES


def figures_of(summary: dict[str, Any]) -> dict[str, float]:
    """The run's figures: week totals and the mean over its days of the daily ones."""
    out: dict[str, float] = {k: float(summary["totals"][k]) for k in TOTAL_FIGURES}
    for key in MEAN_FIGURES:
        vals = [d[key] for d in summary["daily"] if d[key] is not None]
        out[key] = sum(vals) / len(vals) if vals else float("nan")
    return out


def _fmt(x: float) -> str:
    return "" if math.isnan(x) else f"{x:.6g}"  # NaN -> empty


@dataclass(frozen=True)
class Variant:
    """One point of the grid: the overridden keys and their values."""

    index: int
    values: tuple[tuple[str, Any], ...]

    def label(self) -> str:
        return ", ".join(f"{k}={v}" for k, v in self.values) or "(base)"


def grid(assignments: list[tuple[str, list[Any]]]) -> list[Variant]:
    """Every combination of the assigned values, in the order given (the last key varies fastest)."""
    keys = [k for k, _ in assignments]
    if len(set(keys)) != len(keys):
        raise ValueError("each key may be --set only once")
    combos = itertools.product(*[vals for _, vals in assignments]) if assignments else [()]
    return [Variant(i, tuple(zip(keys, combo))) for i, combo in enumerate(combos)]


def _run_file(out_dir: Path, variant: Variant, seed: int) -> Path:
    return out_dir / "runs" / f"variant{variant.index:03d}_seed{seed}.json"


def run_sweep(scenario: Path, assignments: list[tuple[str, list[Any]]], seeds: list[int], out_dir: Path,
              workers: int | None = None, dask: str | None = None, resume: bool = False,
              progress: Progress | None = None) -> tuple[list[Variant], list[dict[str, Any]], list[str]]:
    """Run the grid; returns (variants, rows of sweep.csv, messages about failed runs)."""
    variants = grid(assignments)
    (out_dir / "runs").mkdir(parents=True, exist_ok=True)
    todo: list[tuple[Variant, int]] = []
    for v in variants:
        for seed in seeds:
            path = _run_file(out_dir, v, seed)
            if resume and path.exists():
                try:
                    stored = json.loads(path.read_text())
                    if stored.get("variant") == [[k, _plain(x)] for k, x in v.values] and stored.get("seed") == seed:
                        continue
                except (OSError, json.JSONDecodeError):
                    pass  # a damaged file is run again
            todo.append((v, seed))
    specs = [specs_for(scenario, [seed], dict(v.values))[0] for v, seed in todo]

    def save(i: int, outcome: Outcome) -> None:
        if not isinstance(outcome, RunFailure):
            v, seed = todo[i]
            record = {"variant": [[k, _plain(x)] for k, x in v.values], "seed": seed, "summary": outcome}
            atomic_write(_run_file(out_dir, v, seed), json.dumps(record, default=str).encode())

    outcomes = run_many(specs, workers, progress, dask=dask)
    failures: dict[tuple[int, int], str] = {}
    for i, outcome in enumerate(outcomes):
        save(i, outcome)
        if isinstance(outcome, RunFailure):
            v, seed = todo[i]
            failures[(v.index, seed)] = outcome.message
    rows = []
    for v in variants:
        per_seed: list[dict[str, float]] = []
        for seed in seeds:
            path = _run_file(out_dir, v, seed)
            if (v.index, seed) in failures or not path.exists():
                continue
            per_seed.append(figures_of(json.loads(path.read_text())["summary"]))
        n_failed = len(seeds) - len(per_seed)
        for fig in FIGURES:
            vals = [r[fig] for r in per_seed]
            mean, lo, hi = mean_ci95(vals)
            row: dict[str, Any] = {"variant": v.index}
            row.update({k: _plain(x) for k, x in v.values})
            row.update({"figure": fig, "mean": _fmt(mean), "ci95_low": _fmt(lo), "ci95_high": _fmt(hi),
                        "runs": len(per_seed), "failed": n_failed, "values": ";".join(_fmt(x) for x in vals)})
            rows.append(row)
    messages = [f"variant {vi} ({variants[vi].label()}), seed {seed}: FAILED: {msg}" for (vi, seed), msg in sorted(failures.items())]
    keys = [k for k, _ in assignments]
    header = ["variant", *keys, "figure", "mean", "ci95_low", "ci95_high", "runs", "failed", "values"]
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    atomic_write(out_dir / "sweep.csv", buf.getvalue().encode())
    atomic_write(out_dir / "sweep.json", json.dumps({
        "scenario": str(scenario), "keys": keys, "seeds": seeds,
        "variants": [{"index": v.index, "values": {k: _plain(x) for k, x in v.values}} for v in variants],
        "failed": messages,
    }, indent=2).encode())
    return variants, rows, messages


def _plain(x: Any) -> Any:
    """A JSON/CSV-safe form of a TOML value (dates as ISO text)."""
    return x.isoformat() if hasattr(x, "isoformat") else x


def replicate(scenario: Path, seeds: list[int], workers: int | None = None, dask: str | None = None,
              progress: Progress | None = None) -> tuple[list[dict[str, Any]], list[str]]:
    """Run one scenario over several seeds; returns the summaries and messages about failed runs."""
    outcomes = run_many(specs_for(scenario, seeds), workers, progress, dask=dask)
    ok = [o for o in outcomes if not isinstance(o, RunFailure)]
    failed = [f"seed {o.spec.seed}: FAILED: {o.message}" for o in outcomes if isinstance(o, RunFailure)]
    return ok, failed  # type: ignore[return-value]


def replication_summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Every daily figure and total as mean, 95% interval and per-seed values."""
    first = runs[0]

    def stat(values: list[Any]) -> dict[str, Any]:
        mean, lo, hi = mean_ci95(values)
        def rounded(x: float) -> float | None:
            return None if math.isnan(x) else round(x, 4)
        clean = [None if v is None or math.isnan(v) else v for v in values]
        return {"mean": rounded(mean), "ci95": [rounded(lo), rounded(hi)], "values": clean}

    daily = []
    for d, day in enumerate(first["daily"]):
        entry: dict[str, Any] = {"date": day["date"], "day_type": day["day_type"]}
        for key, value in day.items():
            if key in ("date", "day_type") or not isinstance(value, (int, float, type(None))):
                continue
            entry[key] = stat([r["daily"][d][key] for r in runs])
        daily.append(entry)
    totals = {k: stat([r["totals"][k] for r in runs]) for k, v in first["totals"].items() if isinstance(v, (int, float))}
    return {
        "scenario": first["scenario"], "replications": len(runs), "seeds": [r["seed"] for r in runs],
        "vehicles_simulated": stat([r["vehicles_simulated"] for r in runs]),
        "daily": daily, "totals": totals, "published": first["published"],
        "per_seed": [{k: r[k] for k in ("seed", "wall_s", "vehicles_simulated", "totals", "conservation")} for r in runs],
    }
