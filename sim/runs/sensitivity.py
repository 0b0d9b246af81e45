"""Which assumptions move the answer: a global sensitivity analysis (Morris elementary effects).

A planner who reads "the rings divert 18,000 cars" should know which of the
fitted assumptions that number leans on. Morris's method moves one parameter at
a time along random trajectories through the whole box of declared ranges, so
each parameter is tried at many settings of the others. For every headline
output it gives mu* (the mean absolute change the parameter causes when moved
across its range, in the output's unit) with a bootstrap 95% interval, and
sigma (large when the effect depends on the other parameters, or is not
linear). It costs trajectories x (parameters + 1) evaluations, far fewer than
Sobol' indices, which need thousands; each evaluation is the mean over the
calibration file's seeds, so the noise of one run is damped as in the fit.

The chart data is written as JSON and CSV here; the PNG is drawn outside sim/
(tools/tornado_png.py), since sim/ draws nothing.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from typing import Any

import numpy as np
from SALib.analyze import morris as morris_analyze
from SALib.sample import morris as morris_sample

from sim.runs.experiments import RunFailure, run_many, specs_for
from sim.runs.fit import read_figure
from sim.runs.fit_files import Calibration

Progress = Callable[[int, int], None]
MORRIS_LEVELS = 4

# the headline outputs: (id, figure, statistic over days, unit)
HEADLINE: list[tuple[str, str, str, str]] = [
    ("transfers", "totals.transfers", "sum", "persons"),
    ("diverted_cars", "totals.diverted_cars", "sum", "cars"),
    ("old_town_speed_kmh", "daily.old_town_speed_kmh", "mean", "km/h"),
    ("ring_C_speed_kmh", "daily.ring_C_speed_kmh", "mean", "km/h"),
    ("shuttle_wait_min", "daily.shuttle_wait_min", "mean", "min"),
    ("parking_search_min", "daily.parking_search_min", "mean", "min"),
]


def _problem(cal: Calibration) -> dict[str, Any]:
    # log-scaled parameters are sampled on the log of their range, so a ratio scale is explored evenly
    bounds = [[math.log(p.range[0]), math.log(p.range[1])] if p.scale == "log" else list(p.range) for p in cal.parameters]
    return {"num_vars": len(cal.parameters), "names": [p.id for p in cal.parameters], "bounds": bounds}


def _values(cal: Calibration, row: np.ndarray) -> dict[str, float]:
    out: dict[str, float] = {}
    for p, x in zip(cal.parameters, row):
        v = math.exp(float(x)) if p.scale == "log" else float(x)
        out[p.id] = int(round(v)) if p.integer else v
    return out


def morris_design(cal: Calibration, trajectories: int, seed: int) -> tuple[dict[str, Any], np.ndarray]:
    problem = _problem(cal)
    return problem, morris_sample.sample(problem, N=trajectories, num_levels=MORRIS_LEVELS, seed=seed)


def run_sensitivity(cal: Calibration, scenario: str, trajectories: int, seed: int, workers: int | None = None,
                    dask: str | None = None, progress: Progress | None = None) -> dict[str, Any]:
    """Morris indices of every declared parameter for every headline output of one scenario."""
    problem, design = morris_design(cal, trajectories, seed)
    seeds = list(cal.fit.seeds)
    path = cal.scenarios[scenario].path
    specs = [spec for row in design for spec in specs_for(path, seeds, cal.overrides_for(scenario, _values(cal, row)))]
    results = run_many(specs, workers, progress, dask=dask)
    failed = [r for r in results if isinstance(r, RunFailure)]
    if failed:
        raise RuntimeError(f"{failed[0].spec.name} seed {failed[0].spec.seed}: {failed[0].message}")
    summaries = [r for r in results if not isinstance(r, RunFailure)]
    # a parameter declared for other scenarios only (2018's awareness, in a run of the 2019 week) stays in the
    # design, so the design is the file's, but its effect is nil by construction: it is flagged, not charted
    read = {p.id for p in cal.parameters if not p.scenarios or scenario in p.scenarios}
    outputs: dict[str, Any] = {}
    for out_id, figure, statistic, unit in HEADLINE:
        y = np.array([np.mean([v if (v := read_figure(r, figure, statistic)) is not None else math.nan
                               for r in summaries[i * len(seeds):(i + 1) * len(seeds)]]) for i in range(len(design))])
        if np.isnan(y).any():
            outputs[out_id] = {"unit": unit, "skipped": "the model has no value for it in some runs"}
            continue
        res = morris_analyze.analyze(problem, design, y, conf_level=0.95, num_resamples=1000, num_levels=MORRIS_LEVELS, seed=seed)
        outputs[out_id] = {
            "unit": unit, "mean": float(y.mean()),
            "indices": [{"parameter": name, "mu_star": float(res["mu_star"][j]), "mu_star_conf95": float(res["mu_star_conf"][j]),
                         "mu": float(res["mu"][j]), "sigma": float(res["sigma"][j]), "read_by_scenario": name in read}
                        for j, name in enumerate(problem["names"])],
        }
    return {"method": "morris", "scenario": scenario, "trajectories": trajectories, "levels": MORRIS_LEVELS, "seed": seed,
            "seeds": seeds, "evaluations": len(design), "runs": len(specs),
            "parameters": [{"id": p.id, "key": p.key, "range": list(p.range), "scale": p.scale, "scenarios": list(p.scenarios)}
                           for p in cal.parameters], "outputs": outputs}


def tornado_csv(result: dict[str, Any]) -> str:
    """One row per output and parameter, largest effect first: the tornado chart's data."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["output", "unit", "parameter", "mu_star", "mu_star_conf95", "sigma", "mu_star_share_of_mean"])
    for out_id, out in result["outputs"].items():
        for row in sorted(out.get("indices", []), key=lambda r: -r["mu_star"]):
            if not row.get("read_by_scenario", True):
                continue
            share = row["mu_star"] / abs(out["mean"]) if out["mean"] else math.nan
            w.writerow([out_id, out["unit"], row["parameter"], f"{row['mu_star']:.4g}", f"{row['mu_star_conf95']:.4g}",
                        f"{row['sigma']:.4g}", "" if math.isnan(share) else f"{share:.4f}"])
    return buf.getvalue()
