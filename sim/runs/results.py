"""A run's results as plain data, and the files `gusu run --out` writes.

Three consumers read the same numbers: the CLI prints them, the GUI plots
them, the tests check them. Each day carries the figures the police published
for the 2019 National Day week (facts A), and `published` carries those
figures themselves, so every plot compares against the same values.

The files: summary.json (provenance, daily figures, totals, the published
figures), daily.csv, timeseries.csv (one row per bin), a copy of the
scenario as run, and README.txt saying what each is (sim/runs/readme.py). CSV numbers are written with fixed rounding so two runs with
the same file and seed give byte-identical files.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from sim.engine.atomic_file import atomic_write
from sim.engine.clock import hhmm
from sim.oldtown.model import Model
from sim.oldtown.rings import RING_IDS
from sim.runs.figures import DAY_FIGURES, SUMMED, Conservation, DayFigures, RunSummary, ScenarioRef, Totals, reference_for
from sim.runs.readme import run_readme
from sim.runs.run_files import gusu_version

DAYTIME_H = (7.0, 19.0)
PEAKS_H = [(7.0, 9.0), (16.5, 18.5)]

def _num(x: float, digits: int = 3) -> float | None:
    """Rounded, JSON-safe (NaN becomes None)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    return round(float(x), digits)


def daily_figures(model: Model) -> list[DayFigures]:
    rec = model.recorder
    out = []
    for d, day in enumerate(model.s.days):
        c = model.daily[d]
        row: dict[str, Any] = {
            "date": day.date.isoformat(),
            "day_type": day.day_type,
            "old_town_speed_kmh": _num(rec.window_speed_kmh("old_town", d, *DAYTIME_H), 2),
            "gusu_speed_kmh": _num(rec.window_speed_kmh("gusu", d, *DAYTIME_H), 2),
            "nonlocal_share": _num(rec.nonlocal_share(d, PEAKS_H if day.day_type == "workday" else [DAYTIME_H]), 4),
        }
        for ring in RING_IDS:
            row[f"ring_{ring}_speed_kmh"] = _num(rec.window_speed_kmh(ring, d, *DAYTIME_H), 2)
        for key in SUMMED:
            row[key] = int(round(c[key]))
        row["shuttle_wait_min"] = _num(c["shuttle_wait_s_sum"] / c["shuttle_wait_persons"] / 60.0 if c["shuttle_wait_persons"] else float("nan"), 2)
        row["parking_search_car_h"] = round(c["parking_search_s_sum"] / 3600.0, 2)
        row["parking_search_min"] = _num(c["parking_search_s_sum"] / c["parking_search_cars"] / 60.0 if c["parking_search_cars"] else float("nan"), 2)
        out.append(DayFigures(**row))
    return out


def run_summary(model: Model, scenario_name: str, scenario_sha256: str, resolved_sha256: str) -> RunSummary:
    """The finished (or stopped) run's summary, typed."""
    daily = daily_figures(model)
    return RunSummary(
        scenario=ScenarioRef(name=scenario_name, sha256=scenario_sha256, resolved_sha256=resolved_sha256),
        seed=model.seed,
        vehicles_simulated=model.generated,
        platoon_size_veh=model.platoon,
        wall_s=round(model.wall_s, 3),
        conservation=Conservation(**model.conservation()),
        daily=tuple(daily),
        totals=Totals.of(daily),
        published=reference_for(model.s.compare_with, [d.day_type for d in model.s.days]),
    )


def timeseries_rows(model: Model) -> tuple[list[str], list[list[Any]]]:
    rec = model.recorder
    n = rec.bins_done
    header = ["day", "date", "time", "t_end_s"]
    header += [f"speed_{a}_kmh" for a in ("old_town", "gusu") + RING_IDS]
    header += [f"in_ring_{r}_veh" for r in RING_IDS]
    header += [f"gate_inflow_{r}_veh" for r in RING_IDS] + [f"gate_queue_{r}_veh" for r in RING_IDS]
    header += [f"centre_{c}_cars" for c in rec.centre_ids] + [f"centre_{c}_queue_persons" for c in rec.centre_ids]
    header += [f"parking_{z}_cars" for z in rec.zone_ids]
    header += ["rings_in_force"]
    speeds = {a: rec.speed_series_kmh(a) for a in ("old_town", "gusu") + RING_IDS}
    rows = []
    for b in range(n):
        day = b // rec.bins_per_day
        row: list[Any] = [day, model.s.days[day].date.isoformat(), hhmm((b % rec.bins_per_day) * rec.bin_min * 60.0), int(rec.t_end_s[b])]
        row += ["" if np.isnan(speeds[a][b]) else f"{speeds[a][b]:.2f}" for a in speeds]
        row += [int(rec.in_ring_veh[r][b]) for r in RING_IDS]
        row += [int(rec.gate_inflow_veh[r][b]) for r in RING_IDS] + [int(rec.gate_queue_veh[r][b]) for r in RING_IDS]
        row += [int(rec.centre_cars[c][b]) for c in rec.centre_ids] + [int(rec.centre_queue_persons[c][b]) for c in rec.centre_ids]
        row += [int(rec.zone_parked[z][b]) for z in rec.zone_ids]
        bits = int(rec.rings_in_force[b])
        row += ["".join(r for i, r in enumerate(RING_IDS) if bits >> i & 1)]
        rows.append(row)
    return header, rows


def _csv_text(header: list[str], rows: list[list[Any]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def daily_csv_text(daily: Sequence[DayFigures]) -> str:
    """daily.csv: a row per day, the DayFigures fields as columns (empty for None)."""
    header = list(DAY_FIGURES)
    return _csv_text(header, [["" if (v := getattr(d, k)) is None else v for k in header] for d in daily])


def write_outputs(out_dir: Path, summ: RunSummary, model: Model, scenario_bytes: bytes, scenario_name: str,
                  resolved_toml: str | None = None) -> None:
    """The result files; `resolved_toml`, when given, is the scenario with `extends` merged (scenario_resolved.toml)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    atomic_write(out_dir / "summary.json", (json.dumps(summ.model_dump(), indent=2, ensure_ascii=False) + "\n").encode())
    atomic_write(out_dir / "daily.csv", daily_csv_text(summ.daily).encode())
    h, rows = timeseries_rows(model)
    atomic_write(out_dir / "timeseries.csv", _csv_text(h, rows).encode())
    atomic_write(out_dir / f"scenario_as_run_{Path(scenario_name).name}", scenario_bytes)
    if resolved_toml is not None:
        atomic_write(out_dir / "scenario_resolved.toml", resolved_toml.encode("utf-8"))
    atomic_write(out_dir / "README.txt", run_readme(summ, gusu_version(), Path(scenario_name).name).encode("utf-8"))
