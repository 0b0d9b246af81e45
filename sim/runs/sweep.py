"""Replications and parameter sweeps: the figures of many runs, with their spread.

"How many shuttles, at which headway, with how many spaces at the North bus
station, keep the old town above 20 km/h on 4 October?" is a grid of variants,
each run with several seeds. This module builds the grid from `--set KEY=V1,V2`
options, writes every run to disk the moment it finishes, signed with what it
was made from (so an interrupted sweep resumes where it stopped, and a run file
that no longer matches is run again, never trusted blindly), and reduces the runs to one row per variant and figure:
mean, 95% interval, and the per-seed values, in `sweep.csv`.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Any

from sim.engine.atomic_file import atomic_write
from sim.engine.network import read_network_spec
from sim.runs.experiments import Outcome, Progress, RunFailure, RunSpec, mean_ci95, run_many, specs_for_loaded
from sim.runs.figures import DAY_FIGURES, DayFigures, RunSummary, Totals
from sim.runs.results import daily_csv_text
from sim.runs.run_files import RunIdentity, check_run_file, gusu_version, run_record, write_run_file
from sim.scenario import LoadedScenario, load_scenario

# figures reported per run: totals and peak days, and the mean over the run's days of the daily ones
TOTAL_FIGURES = ("transfers", "diverted_cars", "cars_parked_at_transfer_centres", "cars_parked_in_old_town",
                 "park_and_ride_by_choice", "turned_away", "vehicles_generated", "transfers_peak_day", "diverted_cars_peak_day")
MEAN_FIGURES = ("old_town_speed_kmh", "gusu_speed_kmh", "ring_A_speed_kmh", "ring_B_speed_kmh", "ring_C_speed_kmh",
                "ring_D_speed_kmh", "nonlocal_share", "shuttle_wait_min", "parking_search_min")
FIGURES = TOTAL_FIGURES + MEAN_FIGURES
# a name here that is not a field fails at import, not in a sweep hours later
assert set(TOTAL_FIGURES) <= set(Totals.model_fields) and set(MEAN_FIGURES) <= set(DayFigures.model_fields)


def figures_of(summary: RunSummary) -> dict[str, float]:
    """The run's figures (sweep.csv's rows): totals, and the mean over its days of the daily ones."""
    out: dict[str, float] = {k: float(getattr(summary.totals, k)) for k in TOTAL_FIGURES}
    for key in MEAN_FIGURES:
        out[key] = summary.daily_mean(attrgetter(key))
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


@dataclass
class SweepReport:
    """What a sweep did: the variants, the rows of sweep.csv, and every run that did not go plainly.

    `unsaved` is set when results could not be written (a full disk): the rows are
    complete in memory, the files on disk are not."""

    variants: list[Variant]
    rows: list[dict[str, Any]]
    failed: list[str] = field(default_factory=list)
    redone: list[str] = field(default_factory=list)
    retried: list[str] = field(default_factory=list)
    reused: int = 0
    unsaved: list[str] = field(default_factory=list)
    unsaved_error: OSError | None = None

    def __iter__(self) -> Iterator[Any]:  # `variants, rows, failed = run_sweep(...)` as before
        return iter((self.variants, self.rows, self.failed))


def run_sweep(scenario: Path, assignments: list[tuple[str, list[Any]]], seeds: list[int], out_dir: Path,
              workers: int | None = None, dask: str | None = None, resume: bool = False,
              progress: Progress | None = None, loaded: LoadedScenario | None = None) -> SweepReport:
    """Run the grid; every run is written to out_dir/runs as it finishes, signed (run_files.py).

    With `resume`, a run file is reused only when it checks out for this scenario, variant, seed
    and version; any other is run again and listed in `redone`. A write that fails (a full disk)
    does not stop the sweep: its results stay in memory and are listed in `unsaved`."""
    variants = grid(assignments)
    loaded = loaded if loaded is not None else load_scenario(Path(scenario))
    network = read_network_spec(loaded.base_dir / loaded.scenario.network.file)
    version = gusu_version()
    report = SweepReport(variants, [])
    summaries: dict[tuple[int, int], RunSummary] = {}
    todo: list[tuple[Variant, int, RunSpec, RunIdentity]] = []
    for v in variants:
        overrides = tuple((k, _plain(x)) for k, x in v.values)
        for seed, spec in zip(seeds, specs_for_loaded(loaded, seeds, dict(v.values), network)):
            identity = RunIdentity(spec.resolved_sha256, loaded.resolved_sha256, overrides, seed, version)
            path = _run_file(out_dir, v, seed)
            if resume and path.exists():
                stored, why = check_run_file(path, identity)
                if stored is not None:
                    summaries[(v.index, seed)] = stored
                    report.reused += 1
                    continue
                report.redone.append(f"variant {v.index} ({v.label()}), seed {seed}: redone: {path.name} {why}")
            todo.append((v, seed, spec, identity))

    def save(i: int, outcome: Outcome, retried: str) -> None:
        v, seed, _spec, identity = todo[i]
        if retried:
            report.retried.append(f"variant {v.index} ({v.label()}), seed {seed}: retried: {retried}")
        if isinstance(outcome, RunFailure):
            return
        summaries[(v.index, seed)] = outcome
        path = _run_file(out_dir, v, seed)
        try:
            write_run_file(path, run_record(identity, outcome, {"variant": [[k, _plain(x)] for k, x in v.values]}))
        except OSError as exc:  # kept in memory; the sweep goes on and says so at the end
            report.unsaved.append(str(path))
            report.unsaved_error = report.unsaved_error or exc

    (out_dir / "runs").mkdir(parents=True, exist_ok=True)
    outcomes = run_many([spec for _, _, spec, _ in todo], workers, progress, dask=dask, on_done=save)
    failures: dict[tuple[int, int], str] = {}
    for (v, seed, _spec, _identity), outcome in zip(todo, outcomes):
        if isinstance(outcome, RunFailure):
            failures[(v.index, seed)] = outcome.message
    for v in variants:
        per_seed = [figures_of(summaries[(v.index, seed)]) for seed in seeds if (v.index, seed) in summaries]
        n_failed = len(seeds) - len(per_seed)
        for fig in FIGURES:
            vals = [r[fig] for r in per_seed]
            mean, lo, hi = mean_ci95(vals)
            row: dict[str, Any] = {"variant": v.index}
            row.update({k: _plain(x) for k, x in v.values})
            row.update({"figure": fig, "mean": _fmt(mean), "ci95_low": _fmt(lo), "ci95_high": _fmt(hi),
                        "runs": len(per_seed), "failed": n_failed, "values": ";".join(_fmt(x) for x in vals)})
            report.rows.append(row)
    report.failed = [f"variant {vi} ({variants[vi].label()}), seed {seed}: FAILED: {msg}" for (vi, seed), msg in sorted(failures.items())]
    keys = [k for k, _ in assignments]
    header = ["variant", *keys, "figure", "mean", "ci95_low", "ci95_high", "runs", "failed", "values"]
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(report.rows)
    record = json.dumps({
        "scenario": str(scenario), "scenario_resolved_sha256": loaded.resolved_sha256, "gusu_version": version,
        "keys": keys, "seeds": seeds,
        "variants": [{"index": v.index, "values": {k: _plain(x) for k, x in v.values}} for v in variants],
        "failed": report.failed, "redone": report.redone, "retried": report.retried, "reused": report.reused,
        "not_saved": report.unsaved,
    }, indent=2).encode()
    for name, data in (("sweep.csv", buf.getvalue().encode()), ("sweep.json", record)):
        try:
            atomic_write(out_dir / name, data)
        except OSError as exc:
            report.unsaved.append(str(out_dir / name))
            report.unsaved_error = report.unsaved_error or exc
    return report


def _plain(x: Any) -> Any:
    """A JSON/CSV-safe form of a TOML value (dates as ISO text)."""
    return x.isoformat() if hasattr(x, "isoformat") else x


@dataclass
class Replications:
    """Finished runs of one scenario over several seeds, and what did not go plainly."""

    runs: list[RunSummary]
    failed: list[str] = field(default_factory=list)
    retried: list[str] = field(default_factory=list)
    unsaved: list[str] = field(default_factory=list)
    unsaved_error: OSError | None = None

    def __iter__(self) -> Iterator[Any]:  # `runs, failed = replicate(...)` as before
        return iter((self.runs, self.failed))


def replicate(scenario: Path, seeds: list[int], workers: int | None = None, dask: str | None = None,
              progress: Progress | None = None, runs_dir: Path | None = None,
              loaded: LoadedScenario | None = None) -> Replications:
    """Run one scenario over several seeds; each finished run is written to `runs_dir` at once, when given."""
    loaded = loaded if loaded is not None else load_scenario(Path(scenario))
    specs = specs_for_loaded(loaded, seeds)
    version = gusu_version()
    out = Replications([])

    def save(i: int, outcome: Outcome, retried: str) -> None:
        if retried:
            out.retried.append(f"seed {seeds[i]}: retried: {retried}")
        if runs_dir is None or isinstance(outcome, RunFailure):
            return
        path = runs_dir / f"seed{seeds[i]}.json"
        identity = RunIdentity(specs[i].resolved_sha256, loaded.resolved_sha256, (), seeds[i], version)
        try:
            write_run_file(path, run_record(identity, outcome))
            atomic_write(runs_dir / f"seed{seeds[i]}_daily.csv", daily_csv_text(outcome.daily).encode())
        except OSError as exc:
            out.unsaved.append(str(path))
            out.unsaved_error = out.unsaved_error or exc

    outcomes = run_many(specs, workers, progress, dask=dask, on_done=save)
    out.runs = [o for o in outcomes if not isinstance(o, RunFailure)]
    out.failed = [f"seed {o.spec.seed}: FAILED: {o.message}" for o in outcomes if isinstance(o, RunFailure)]
    return out


def replication_daily_csv(summ: dict[str, Any]) -> str:
    """daily.csv of a replications folder: per day, each figure's mean and 95% interval over the seeds."""
    numeric = [k for k in DAY_FIGURES if k not in ("date", "day_type")]
    header = ["date", "day_type"] + [f"{k}_{part}" for k in numeric for part in ("mean", "ci95_low", "ci95_high")]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for day in summ["daily"]:
        row: list[Any] = [day["date"], day["day_type"]]
        for k in numeric:
            row += ["" if x is None else x for x in (day[k]["mean"], *day[k]["ci95"])]
        writer.writerow(row)
    return buf.getvalue()


def replication_summary(runs: list[RunSummary]) -> dict[str, Any]:
    """Every daily figure and total as mean, 95% interval and per-seed values."""
    first = runs[0]

    def stat(values: list[Any]) -> dict[str, Any]:
        mean, lo, hi = mean_ci95(values)

        def rounded(x: float) -> float | None:
            return None if math.isnan(x) else round(x, 4)
        clean = [None if v is None or math.isnan(v) else v for v in values]
        return {"mean": rounded(mean), "ci95": [rounded(lo), rounded(hi)], "values": clean}

    numeric_day = [k for k in DAY_FIGURES if k not in ("date", "day_type")]
    numeric_total = [k for k, f in Totals.model_fields.items() if f.annotation is int]
    daily = []
    for d, day in enumerate(first.daily):
        entry: dict[str, Any] = {"date": day.date, "day_type": day.day_type}
        entry.update({key: stat([getattr(r.daily[d], key) for r in runs]) for key in numeric_day})
        daily.append(entry)
    return {
        "scenario": first.scenario.model_dump(), "replications": len(runs), "seeds": [r.seed for r in runs],
        "vehicles_simulated": stat([r.vehicles_simulated for r in runs]),
        "daily": daily, "totals": {k: stat([getattr(r.totals, k) for r in runs]) for k in numeric_total},
        "published": first.published.model_dump(),
        "per_seed": [{"seed": r.seed, "wall_s": r.wall_s, "vehicles_simulated": r.vehicles_simulated,
                      "totals": r.totals.model_dump(), "conservation": r.conservation.model_dump()} for r in runs],
    }
