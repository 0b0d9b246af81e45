"""Fitting the assumptions to the published figures: `gusu calibrate`.

The hand calibration of 2019 was a loop a person ran: change an assumption, run
the week, compare the transfers and diverted cars with the press conference,
change it again. This module runs the same loop with an optimiser.

- A trial is one set of parameter values. It is run on every scenario a target
  reads, once per seed of the calibration file; a target's model figure is the
  mean over the seeds (replications damp the model's noise; the interval of
  that mean is kept in the journal as the spread of the seeds).
- The loss is the sum over targets of (error / band half-width)^2, so a figure
  exactly on the edge of its band adds 1 and "inside every band" implies a loss
  of at most the number of targets. A normal prior adds ((x - mean) / sd)^2.
- Trials are asked from optuna's seeded TPE sampler in fixed batches (ask k,
  run k x scenarios x seeds together, tell in trial order), so the same seeds
  give the same fit on one worker, two, or a Dask cluster.
- Every finished trial is written to a journal in the output folder, whole and
  atomically, with the fingerprints of the calibration file, the targets and the
  scenarios. A rerun replays the journal: the sampler asks the same trials in
  the same order, the journaled ones are answered from the journal, and only
  the missing ones run. A journal written for other files is refused.
- A leave-one-out refit starts from the same seeded sampler, so its first trials
  (the random start-up ones, asked before any loss is known) are the full fit's
  own. Those, and any trial whose values the full fit already ran, are answered
  from the full fit's journal: the runs are the same, only the loss differs.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import optuna

from sim.engine.atomic_file import atomic_write
from sim.runs.experiments import RunFailure, mean_ci95, run_many, specs_for
from sim.runs.figures import RunSummary
from sim.runs.fit_files import Calibration, Target

Progress = Callable[[int, int], None]
JOURNAL_VERSION = 2   # 2: a scenario's fingerprint masks the keys the fit sets (Calibration.scenario_fingerprint)


class JournalMismatch(Exception):
    """The output folder holds a journal of another fit; it is never silently reused."""


def read_figure(summary: RunSummary, figure: str, statistic: str = "mean",
                dates: Sequence[str] = (), day_types: Sequence[str] = ()) -> float | None:
    """One figure of one run's summary: the one place that knows the summary's shape.

    `totals.KEY` is the run's total; `daily.KEY` is a statistic (sum, mean, max, min) over the
    days chosen by date and day type (all days when none are named)."""
    section, key = figure.split(".", 1)
    if section == "totals":
        value = getattr(summary.totals, key, None)
        return None if value is None else float(value)
    rows = [d for d in summary.daily if (not dates or d.date in dates) and (not day_types or d.day_type in day_types)]
    values = [float(v) for d in rows if (v := getattr(d, key, None)) is not None]
    if not values:
        return None
    if statistic == "sum":
        return sum(values)
    if statistic == "max":
        return max(values)
    if statistic == "min":
        return min(values)
    return sum(values) / len(values)


def target_figure(summary: RunSummary, target: Target) -> float | None:
    return read_figure(summary, target.figure, target.statistic, [d.isoformat() for d in target.days], target.day_types)


def band_error(target: Target, model_value: float | None) -> float:
    """(model - target) in band half-widths: inside the band when |e| <= 1; NaN when the model has no figure."""
    if model_value is None or math.isnan(model_value):
        return math.nan
    return (model_value - target.value) / target.band.half_width(target.value)


@dataclass
class TrialRecord:
    """One evaluated trial, as written to the journal."""

    number: int
    params: dict[str, float]
    figures: dict[str, list[float | None]]      # target id -> value per seed
    means: dict[str, float | None]               # target id -> mean over seeds
    loss: float | None                           # None when a run failed
    failure: str | None = None
    runs: int = 0
    wall_s: float = 0.0

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True, allow_nan=False)


def loss_of(cal: Calibration, params: Mapping[str, float], means: Mapping[str, float | None], exclude: str | None) -> float:
    """Band-scaled squared errors over the fitted targets, plus the priors' penalties; inf if a figure is missing."""
    total = 0.0
    for t in cal.targets:
        if t.id == exclude:
            continue
        e = band_error(t, means.get(t.id))
        if math.isnan(e):
            return math.inf
        total += e * e
    for p in cal.parameters:
        if p.prior is not None:
            total += ((params[p.id] - p.prior.mean) / p.prior.sd) ** 2
    return total


class Journal:
    """journal.jsonl: a header line with the fingerprints, then one line per finished trial."""

    def __init__(self, path: Path, header: dict[str, Any]) -> None:
        self.path, self.header = path, {"journal": JOURNAL_VERSION, **header}
        self.lines: list[str] = [json.dumps(self.header, sort_keys=True)]
        self.records: dict[int, TrialRecord] = {}
        if path.exists():
            self._load()

    def _load(self) -> None:
        lines = [line for line in self.path.read_text(encoding="utf-8").splitlines() if line.strip()]
        try:
            found = json.loads(lines[0]) if lines else {}
        except json.JSONDecodeError:
            found = {}
        if found != self.header:
            changed = sorted(k for k in set(found) | set(self.header) if found.get(k) != self.header.get(k))
            raise JournalMismatch(f"{self.path}: written for another fit (changed: {', '.join(changed) or 'format'}); "
                                  "use another --out folder, or delete the journal to start again")
        for line in lines[1:]:
            rec = TrialRecord(**json.loads(line))
            self.records[rec.number] = rec
            self.lines.append(line)

    def append(self, rec: TrialRecord) -> None:
        self.records[rec.number] = rec
        self.lines.append(rec.to_json())
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(self.path, ("\n".join(self.lines) + "\n").encode("utf-8"))  # whole file: never half a line


def distributions(cal: Calibration) -> dict[str, optuna.distributions.BaseDistribution]:
    out: dict[str, optuna.distributions.BaseDistribution] = {}
    for p in cal.parameters:
        low, high = p.range
        if p.integer:
            out[p.id] = optuna.distributions.IntDistribution(int(low), int(high), log=p.scale == "log")
        else:
            out[p.id] = optuna.distributions.FloatDistribution(float(low), float(high), log=p.scale == "log")
    return out


def make_sampler(cal: Calibration) -> optuna.samplers.BaseSampler:
    # multivariate: the assumptions interact (tourist cars and the transfer penalty both move transfers);
    # constant_liar: the k trials of a batch are asked before any is told, and should not coincide
    return optuna.samplers.TPESampler(seed=cal.fit.sampler_seed, n_startup_trials=cal.fit.startup_trials,
                                      multivariate=True, constant_liar=True)


def evaluate(cal: Calibration, param_sets: Sequence[dict[str, float]], workers: int | None, dask: str | None,
             progress: Progress | None = None) -> list[tuple[dict[str, list[float | None]], str | None, float]]:
    """Run every parameter set on every scenario a target reads, once per seed; figures per target."""
    names, seeds = cal.used_scenarios(), list(cal.fit.seeds)
    specs = [spec for values in param_sets for name in names
             for spec in specs_for(cal.scenarios[name].path, seeds, cal.overrides_for(name, values))]
    results = run_many(specs, workers, progress, dask=dask)
    out = []
    per_set = len(names) * len(seeds)
    for s in range(len(param_sets)):
        chunk = results[s * per_set:(s + 1) * per_set]
        by_scenario = {name: chunk[i * len(seeds):(i + 1) * len(seeds)] for i, name in enumerate(names)}
        failure = next((f"{r.spec.name} seed {r.spec.seed}: {r.message}" for r in chunk if isinstance(r, RunFailure)), None)
        figures: dict[str, list[float | None]] = {}
        wall_s = sum(r.wall_s for r in chunk if not isinstance(r, RunFailure))
        for t in cal.targets:
            figures[t.id] = [None if isinstance(r, RunFailure) else target_figure(r, t) for r in by_scenario[t.scenario]]
        out.append((figures, failure, wall_s))
    return out


@dataclass
class FitResult:
    """The fit as run: every trial, the best one, and what it cost."""

    records: list[TrialRecord]
    best: TrialRecord | None
    runs_evaluated: int
    runs_replayed: int
    wall_s: float
    excluded: str | None = None
    rows: list[dict[str, Any]] = field(default_factory=list)


def target_rows(cal: Calibration, rec: TrialRecord | None) -> list[dict[str, Any]]:
    """Per target: the model's mean at `rec`, its interval over seeds, error, band error, inside or not."""
    rows = []
    for t in cal.targets:
        values = rec.figures.get(t.id, []) if rec else []
        mean, lo, hi = mean_ci95(values)
        e = band_error(t, mean)
        rows.append({
            "id": t.id, "label": t.label or t.id, "figure": t.figure, "scenario": t.scenario, "source": t.source,
            "target": t.value, "band": t.band.text(), "model_mean": mean, "ci95": [lo, hi],
            "error_pct": (mean - t.value) / t.value * 100.0 if t.value and not math.isnan(mean) else math.nan,
            "band_error": e, "inside_band": None if math.isnan(e) else abs(e) <= 1.0,
        })
    return rows


def run_fit(cal: Calibration, out_dir: Path, *, trials: int | None = None, workers: int | None = None,
            dask: str | None = None, progress: Progress | None = None, exclude: str | None = None,
            known: Sequence[TrialRecord] = ()) -> FitResult:
    """Fit (or resume fitting) the calibration; the journal lives in `out_dir`.

    `known`: trials of the same calibration already run elsewhere (the full fit, for a
    leave-one-out refit). An asked trial with exactly their values takes their figures
    and gets its loss computed afresh, without running again."""
    start = time.perf_counter()
    n_total = trials or cal.fit.trials
    journal = Journal(out_dir / "journal.jsonl", {**cal.fingerprint(), "excluded": exclude})
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(direction="minimize", sampler=make_sampler(cal))
    dists = distributions(cal)
    runs_per_trial = len(cal.used_scenarios()) * len(cal.fit.seeds)
    by_values = {_values_key(r.params): r for r in known if r.failure is None}
    missing_total = sum(1 for n in range(n_total) if n not in journal.records) * runs_per_trial
    evaluated = replayed = 0
    while len(study.trials) < n_total:
        asked = [study.ask(dists) for _ in range(min(cal.fit.batch, n_total - len(study.trials)))]
        todo = []
        for trial in asked:
            rec = journal.records.get(trial.number)
            ran = by_values.get(_values_key(trial.params)) if rec is None else None
            if ran is not None:
                scored = loss_of(cal, trial.params, ran.means, exclude)
                rec = TrialRecord(trial.number, dict(trial.params), ran.figures, ran.means,
                                  None if math.isinf(scored) else scored, None, ran.runs, ran.wall_s)
                journal.append(rec)
                replayed += rec.runs
                missing_total -= rec.runs
            elif rec is None:
                todo.append(trial)
            elif rec.params != trial.params:
                raise JournalMismatch(f"{journal.path}: trial {trial.number} was journaled with {rec.params}, "
                                      f"but the sampler now asks {trial.params} (another optuna version?); use another --out folder")
            else:
                replayed += rec.runs

        def tick(done: int, _total: int, base: int = evaluated, total: int = missing_total) -> None:
            if progress:
                progress(base + done, total)

        for trial, (figures, failure, wall_s) in zip(todo, evaluate(cal, [t.params for t in todo], workers, dask, tick)):
            means = {tid: mean_ci95(vals)[0] for tid, vals in figures.items()}
            clean = {k: (None if v is None or math.isnan(v) else v) for k, v in means.items()}
            loss = None if failure else loss_of(cal, trial.params, means, exclude)
            journal.append(TrialRecord(trial.number, dict(trial.params), figures, clean,
                                       None if loss is None or math.isinf(loss) else loss, failure, runs_per_trial, round(wall_s, 3)))
            evaluated += runs_per_trial
        for trial in asked:  # told in trial order, whatever order the runs finished in
            rec = journal.records[trial.number]
            if rec.loss is None:
                study.tell(trial, state=optuna.trial.TrialState.FAIL)
            else:
                study.tell(trial, rec.loss)
    records = [journal.records[n] for n in range(n_total)]
    done = [r for r in records if r.loss is not None]
    best = min(done, key=lambda r: (r.loss, r.number)) if done else None
    return FitResult(records, best, evaluated, replayed, time.perf_counter() - start, exclude, target_rows(cal, best))


def _values_key(params: Mapping[str, float]) -> str:
    return json.dumps(dict(params), sort_keys=True)


def leave_one_out_row(cal: Calibration, out_dir: Path, full: FitResult, target_id: str, *, trials: int | None = None,
                     workers: int | None = None, dask: str | None = None, progress: Progress | None = None) -> dict[str, Any]:
    """Refit without one target (its own journal, so it resumes too) and read that target at the refit's best values.

    Every trial already runs every scenario a target reads, so the held-out figure comes from the
    refit's best trial itself, out of sample, with no extra runs."""
    t = next(t for t in cal.targets if t.id == target_id)
    refit = run_fit(cal, out_dir / "leave_one_out" / t.id, trials=trials, workers=workers, dask=dask, progress=progress,
                    exclude=t.id, known=full.records)
    held = next(r for r in refit.rows if r["id"] == t.id)
    mine = next(r for r in full.rows if r["id"] == t.id)
    return {
        "id": t.id, "label": t.label or t.id, "target": t.value, "band": t.band.text(),
        "in_sample_mean": mine["model_mean"], "in_sample_error_pct": mine["error_pct"], "in_sample_inside": mine["inside_band"],
        "out_of_sample_mean": held["model_mean"], "out_of_sample_error_pct": held["error_pct"], "out_of_sample_inside": held["inside_band"],
        "refit_loss": refit.best.loss if refit.best else None, "refit_params": refit.best.params if refit.best else None,
        "refit_runs": refit.runs_evaluated, "refit_runs_reused": refit.runs_replayed,
        "refit_trial": refit.best.number if refit.best else None, "full_fit_trial": full.best.number if full.best else None,
    }
