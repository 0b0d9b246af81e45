"""A run's results as plain data, and the files `gusu run --out` writes.

Three consumers read the same numbers: the CLI prints them, the GUI plots
them, the tests check them. Each day carries the figures the police published
for the 2019 National Day week (facts A), and `published` carries those
figures themselves, so every plot compares against the same values.

The files: summary.json (provenance, daily figures, totals, the published
figures), daily.csv, timeseries.csv (one row per bin), and a copy of the
scenario as run. CSV numbers are written with fixed rounding so two runs with
the same file and seed give byte-identical files.
"""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from sim.engine.atomic_file import atomic_write
from sim.oldtown.model import Model
from sim.oldtown.rings import RING_ORDER

DAYTIME_H = (7.0, 19.0)
PEAKS_H = [(7.0, 9.0), (16.5, 18.5)]

# facts A (press conference, 15 Jan 2020); the GUI and the reports plot against these
PUBLISHED: dict[str, Any] = {
    "transfers_week": 141_400,
    "transfers_daily_mean": 20_200,
    "transfers_peak_day": 30_000,
    "transfers_peak_date": "2019-10-04",
    "diverted_cars_week": 18_800,
    "diverted_cars_peak_day": 4_000,
    "old_town_speed_kmh": 18.6,
    "gusu_speed_kmh": 19.7,
    "congestion_line_kmh": 20.0,
    "nonlocal_share_normal_peak": 0.13,
    "nonlocal_share_holiday": 0.22,
}

SUMMED = (
    "vehicles_generated", "transfers", "diverted_cars", "diverted_at_gate", "diverted_after_search",
    "cars_parked_at_transfer_centres", "cars_parked_in_old_town", "park_and_ride_by_choice",
    "turned_away", "walk_up_persons", "boardings_to_stop", "boardings_to_centre",
)


def _num(x: float, digits: int = 3) -> float | None:
    """Rounded, JSON-safe (NaN becomes None)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    return round(float(x), digits)


def daily_figures(model: Model) -> list[dict[str, Any]]:
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
        for ring in RING_ORDER:
            row[f"ring_{ring}_speed_kmh"] = _num(rec.window_speed_kmh(ring, d, *DAYTIME_H), 2)
        for key in SUMMED:
            row[key] = int(round(c[key]))
        row["shuttle_wait_min"] = _num(c["shuttle_wait_s_sum"] / c["shuttle_wait_persons"] / 60.0 if c["shuttle_wait_persons"] else float("nan"), 2)
        row["parking_search_min"] = _num(c["parking_search_s_sum"] / c["parking_search_cars"] / 60.0 if c["parking_search_cars"] else float("nan"), 2)
        out.append(row)
    return out


def totals(daily: list[dict[str, Any]]) -> dict[str, Any]:
    t: dict[str, Any] = {key: sum(d[key] for d in daily) for key in SUMMED}
    peak = max(daily, key=lambda d: d["transfers"])
    t["transfers_peak_day"] = peak["transfers"]
    t["transfers_peak_date"] = peak["date"]
    peak_div = max(daily, key=lambda d: d["diverted_cars"])
    t["diverted_cars_peak_day"] = peak_div["diverted_cars"]
    t["diverted_cars_peak_date"] = peak_div["date"]
    return t


def summary(model: Model, scenario_name: str, scenario_sha256: str, resolved_sha256: str) -> dict[str, Any]:
    daily = daily_figures(model)
    return {
        "scenario": {"name": scenario_name, "sha256": scenario_sha256, "resolved_sha256": resolved_sha256},
        "seed": model.seed,
        "vehicles_simulated": model.generated,
        "platoon_size_veh": model.platoon,
        "wall_s": round(model.wall_s, 3),
        "conservation": model.conservation(),
        "daily": daily,
        "totals": totals(daily),
        "published": PUBLISHED,
    }


def timeseries_rows(model: Model) -> tuple[list[str], list[list[Any]]]:
    rec = model.recorder
    n = rec.bins_done
    header = ["day", "date", "time", "t_end_s"]
    header += [f"speed_{a}_kmh" for a in ("old_town", "gusu") + RING_ORDER]
    header += [f"in_ring_{r}_veh" for r in RING_ORDER]
    header += [f"gate_inflow_{r}_veh" for r in RING_ORDER] + [f"gate_queue_{r}_veh" for r in RING_ORDER]
    header += [f"centre_{c}_cars" for c in rec.centre_ids] + [f"centre_{c}_queue_persons" for c in rec.centre_ids]
    header += [f"parking_{z}_cars" for z in rec.zone_ids]
    header += ["rings_in_force"]
    speeds = {a: rec.speed_series_kmh(a) for a in ("old_town", "gusu") + RING_ORDER}
    rows = []
    for b in range(n):
        day = b // rec.bins_per_day
        minute = (b % rec.bins_per_day) * rec.bin_min
        row: list[Any] = [day, model.s.days[day].date.isoformat(), f"{minute // 60:02d}:{minute % 60:02d}", int(rec.t_end_s[b])]
        row += ["" if np.isnan(speeds[a][b]) else f"{speeds[a][b]:.2f}" for a in speeds]
        row += [int(rec.in_ring_veh[r][b]) for r in RING_ORDER]
        row += [int(rec.gate_inflow_veh[r][b]) for r in RING_ORDER] + [int(rec.gate_queue_veh[r][b]) for r in RING_ORDER]
        row += [int(rec.centre_cars[c][b]) for c in rec.centre_ids] + [int(rec.centre_queue_persons[c][b]) for c in rec.centre_ids]
        row += [int(rec.zone_parked[z][b]) for z in rec.zone_ids]
        bits = int(rec.rings_in_force[b])
        row += ["".join(r for i, r in enumerate(RING_ORDER) if bits >> i & 1)]
        rows.append(row)
    return header, rows


def _csv_text(header: list[str], rows: list[list[Any]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def write_outputs(out_dir: Path, summ: dict[str, Any], model: Model, scenario_bytes: bytes, scenario_name: str,
                  resolved_toml: str | None = None) -> None:
    """The result files; `resolved_toml`, when given, is the scenario with `extends` merged (scenario_resolved.toml)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    atomic_write(out_dir / "summary.json", (json.dumps(summ, indent=2, ensure_ascii=False) + "\n").encode())
    daily = summ["daily"]
    header = list(daily[0].keys())
    atomic_write(out_dir / "daily.csv", _csv_text(header, [[d[k] if d[k] is not None else "" for k in header] for d in daily]).encode())
    h, rows = timeseries_rows(model)
    atomic_write(out_dir / "timeseries.csv", _csv_text(h, rows).encode())
    atomic_write(out_dir / f"scenario_as_run_{Path(scenario_name).name}", scenario_bytes)
    if resolved_toml is not None:
        atomic_write(out_dir / "scenario_resolved.toml", resolved_toml.encode("utf-8"))
