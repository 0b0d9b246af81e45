"""A run's figures as types: one day's figures, the run's totals, the published figures.

Every consumer (the terminal, summary.json and daily.csv, the window, sweeps,
calibration) reads these fields; no figure's name is typed as a string anywhere
else. Field names are the column names of daily.csv and the keys of
summary.json, and carry their unit: *_kmh, *_min, *_persons, *_veh; a plain
count of cars says `cars`; `transfers` are persons (boardings by the
scenario's counting rule, facts A); `nonlocal_share` is a fraction 0-1.

They are pydantic models so that a summary read back from a file (a resumed
sweep, a run folder) is checked field by field: a wrong shape is an error, not
a KeyError three calls later.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from pydantic import BaseModel, ConfigDict


class _Figures(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DayFigures(_Figures):
    """One simulated day. Speeds are space-mean speeds 07:00-19:00 (None when nothing drove there)."""

    date: str  # ISO date
    day_type: str  # workday, weekend, holiday
    old_town_speed_kmh: float | None
    gusu_speed_kmh: float | None
    nonlocal_share: float | None  # fraction of old-town traffic with non-Suzhou plates (peaks on workdays, daytime on holidays)
    ring_A_speed_kmh: float | None
    ring_B_speed_kmh: float | None
    ring_C_speed_kmh: float | None
    ring_D_speed_kmh: float | None
    vehicles_generated: int  # vehicles released onto the network
    transfers: int  # persons, by the scenario's counting rule
    diverted_cars: int
    diverted_at_gate: int  # cars
    diverted_after_search: int  # cars
    cars_parked_at_transfer_centres: int
    cars_parked_in_old_town: int
    park_and_ride_by_choice: int  # cars
    turned_away: int  # cars refused at a gate with nowhere to go
    walk_up_persons: int
    boardings_to_stop: int  # persons
    boardings_to_centre: int  # persons
    shuttle_wait_min: float | None
    parking_search_min: float | None


# the day figures that add up over days (the rest are means or shares)
SUMMED = (
    "vehicles_generated", "transfers", "diverted_cars", "diverted_at_gate", "diverted_after_search",
    "cars_parked_at_transfer_centres", "cars_parked_in_old_town", "park_and_ride_by_choice",
    "turned_away", "walk_up_persons", "boardings_to_stop", "boardings_to_centre",
)
DAY_FIGURES = tuple(DayFigures.model_fields)


class Totals(_Figures):
    """The run's sums over its days, and its peak days."""

    vehicles_generated: int
    transfers: int
    diverted_cars: int
    diverted_at_gate: int
    diverted_after_search: int
    cars_parked_at_transfer_centres: int
    cars_parked_in_old_town: int
    park_and_ride_by_choice: int
    turned_away: int
    walk_up_persons: int
    boardings_to_stop: int
    boardings_to_centre: int
    transfers_peak_day: int  # persons on the day with the most
    transfers_peak_date: str
    diverted_cars_peak_day: int
    diverted_cars_peak_date: str

    @classmethod
    def of(cls, daily: Sequence[DayFigures]) -> Totals:
        sums = {key: sum(getattr(d, key) for d in daily) for key in SUMMED}
        peak = max(daily, key=lambda d: d.transfers)
        peak_div = max(daily, key=lambda d: d.diverted_cars)
        return cls(**sums, transfers_peak_day=peak.transfers, transfers_peak_date=peak.date,
                   diverted_cars_peak_day=peak_div.diverted_cars, diverted_cars_peak_date=peak_div.date)


class PublishedFigures(_Figures):
    """Facts A (press conference, 15 Jan 2020): the figures runs are compared with."""

    transfers_week: int  # persons, 1-7 Oct 2019
    transfers_daily_mean: int
    transfers_peak_day: int
    transfers_peak_date: str
    diverted_cars_week: int
    diverted_cars_peak_day: int
    old_town_speed_kmh: float  # the general 2019 figure, not a National Day one
    gusu_speed_kmh: float  # likewise
    congestion_line_kmh: float
    nonlocal_share_normal_peak: float  # fraction, morning and evening peaks on normal days
    nonlocal_share_holiday: float  # fraction, holidays


PUBLISHED = PublishedFigures(
    transfers_week=141_400, transfers_daily_mean=20_200, transfers_peak_day=30_000, transfers_peak_date="2019-10-04",
    diverted_cars_week=18_800, diverted_cars_peak_day=4_000, old_town_speed_kmh=18.6, gusu_speed_kmh=19.7,
    congestion_line_kmh=20.0, nonlocal_share_normal_peak=0.13, nonlocal_share_holiday=0.22,
)


class ScenarioRef(_Figures):
    """Which scenario ran: its file name, the file's sha256 and its meaning's fingerprint."""

    name: str
    sha256: str
    resolved_sha256: str


class Conservation(_Figures):
    """Every car generated is finished, parked, or still on the network."""

    generated: int
    finished: int
    parked_in_zones: int
    parked_at_centres: int
    on_network: int


class RunSummary(_Figures):
    """What summary.json holds: provenance, the day-by-day figures, totals and the published figures."""

    scenario: ScenarioRef
    seed: int
    vehicles_simulated: int
    platoon_size_veh: int
    wall_s: float
    conservation: Conservation
    daily: tuple[DayFigures, ...]
    totals: Totals
    published: PublishedFigures

    def daily_mean(self, figure: Callable[[DayFigures], float | int | None], day_type: str | None = None) -> float:
        """The mean of a day figure (e.g. `lambda d: d.old_town_speed_kmh`) over the days, or the days of one
        day type; days without a value are left out; NaN when none has one."""
        values = [float(v) for d in self.daily if (day_type is None or d.day_type == day_type) and (v := figure(d)) is not None]
        return sum(values) / len(values) if values else math.nan
