"""Many runs at once: replications and variants on a local process pool.

A planner's question is rarely one run. A run's result depends only on its
scenario file, its overrides and its seed, never on which worker ran it or in
what order, so runs are farmed out to worker processes and gathered back in
the order they were asked for.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class RunSpec:
    """One run: a scenario file, key-path overrides, a seed."""

    scenario: str
    seed: int
    overrides: tuple[tuple[str, Any], ...] = field(default_factory=tuple)


def run_summary(spec: RunSpec) -> dict[str, Any]:
    """Run one scenario to the end and return its summary (runs in a worker process)."""
    from sim.model import Model
    from sim.results import summary
    from sim.scenario import load_scenario

    loaded = load_scenario(Path(spec.scenario), overrides=dict(spec.overrides)) if spec.overrides else load_scenario(Path(spec.scenario))
    model = Model(loaded.scenario, loaded.base_dir, seed=spec.seed)
    model.run()
    return summary(model, loaded.path.name, loaded.sha256, loaded.resolved_sha256)


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def run_many(specs: Sequence[RunSpec], workers: int | None = None,
             progress: Callable[[int, int], None] | None = None) -> list[dict[str, Any] | BaseException]:
    """Run every spec; results in the order given. A run that raises returns its exception."""
    workers = workers or default_workers()
    results: list[dict[str, Any] | BaseException | None] = [None] * len(specs)
    if workers == 1:
        for i, spec in enumerate(specs):
            try:
                results[i] = run_summary(spec)
            except Exception as exc:  # a failed run is reported, not fatal
                results[i] = exc
            if progress:
                progress(i + 1, len(specs))
        return results  # type: ignore[return-value]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(run_summary, spec): i for i, spec in enumerate(specs)}
        for done, fut in enumerate(as_completed(futures), 1):
            i = futures[fut]
            try:
                results[i] = fut.result()
            except Exception as exc:
                results[i] = exc
            if progress:
                progress(done, len(specs))
    return results  # type: ignore[return-value]


# two-sided 95% Student t quantiles by degrees of freedom (1..30); normal beyond
_T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
         2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]


def mean_ci95(values: Sequence[float]) -> tuple[float, float, float]:
    """Mean and the 95% confidence interval of the mean (t distribution)."""
    xs = [float(v) for v in values if v is not None and not math.isnan(float(v))]
    n = len(xs)
    if n == 0:
        return math.nan, math.nan, math.nan
    mean = sum(xs) / n
    if n == 1:
        return mean, math.nan, math.nan
    sd = math.sqrt(sum((x - mean) ** 2 for x in xs) / (n - 1))
    t = _T975[n - 2] if n - 1 <= len(_T975) else 1.960
    half = t * sd / math.sqrt(n)
    return mean, mean - half, mean + half
