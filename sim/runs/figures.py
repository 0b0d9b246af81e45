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
    parking_search_car_h: float  # car-hours tourists spent cruising for a space (cars that ended a search)
    tourist_cars_arriving_in_old_town: int  # arrivals of tourist cars at an old-town zone (a car that moves on counts again)
    cars_to_other_centre: int  # plan failed: drove to another transfer centre with space
    cars_parked_outside_walked: int  # plan failed: parked in the nearest zone it may enter, and walked
    cars_parked_at_kerb: int  # plan failed: searched longer and parked at the kerb (illegally)
    cars_to_other_attraction: int  # plan failed: drove to another attraction
    cars_gone_home: int  # plan failed: gave up the visit and drove home


# the day figures that add up over days (the rest are means or shares)
SUMMED = (
    "vehicles_generated", "transfers", "diverted_cars", "diverted_at_gate", "diverted_after_search",
    "cars_parked_at_transfer_centres", "cars_parked_in_old_town", "park_and_ride_by_choice",
    "turned_away", "walk_up_persons", "boardings_to_stop", "boardings_to_centre",
    "tourist_cars_arriving_in_old_town", "cars_to_other_centre", "cars_parked_outside_walked",
    "cars_parked_at_kerb", "cars_to_other_attraction", "cars_gone_home",
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
    tourist_cars_arriving_in_old_town: int
    cars_to_other_centre: int
    cars_parked_outside_walked: int
    cars_parked_at_kerb: int
    cars_to_other_attraction: int
    cars_gone_home: int
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
    """One set of published figures a run is compared with, and where each comes from (facts file).

    A field is None where the set has no such figure: a workday has no transfer or
    diversion figure, the 2018 week has no peak day. Per-day means are what a day or a
    partial run is compared with; week totals only ever with a whole week.
    """

    key: str  # national_day_2019, workday_2019, national_day_2018
    title: str  # what the set describes, for labels
    source: str  # where the numbers come from
    days: int  # how many days the totals cover (7 for a week, 1 for a day)
    band_pct: float | None  # a stated uncertainty, where the figures are derived (2018: ±25%)
    transfers_week: int | None  # persons
    transfers_daily_mean: int | None
    transfers_peak_day: int | None
    transfers_peak_date: str | None
    diverted_cars_week: int | None
    diverted_cars_daily_mean: int | None
    diverted_cars_peak_day: int | None
    old_town_speed_kmh: float | None  # the general 2019 figure (facts A, first part), not a National Day one
    gusu_speed_kmh: float | None  # likewise
    speeds_source: str
    congestion_line_kmh: float
    nonlocal_share: float | None  # fraction: workday peaks, or holiday daytime
    nonlocal_share_source: str


_PRESS = "Suzhou PSB press conference, 15 Jan 2020, answer 5 (facts A)"
_SPEEDS = "general 2019 arterial speeds (press conference, first part; facts A): not National Day figures"
CONGESTION_LINE_KMH = 20.0  # the international congestion warning line (facts A)

REFERENCE_SETS: dict[str, PublishedFigures] = {
    "national_day_2019": PublishedFigures(
        key="national_day_2019", title="National Day week 2019 (1-7 Oct)", source=_PRESS, days=7, band_pct=None,
        transfers_week=141_400, transfers_daily_mean=20_200, transfers_peak_day=30_000, transfers_peak_date="2019-10-04",
        diverted_cars_week=18_800, diverted_cars_daily_mean=round(18_800 / 7), diverted_cars_peak_day=4_000,
        old_town_speed_kmh=18.6, gusu_speed_kmh=19.7, speeds_source=_SPEEDS, congestion_line_kmh=CONGESTION_LINE_KMH,
        nonlocal_share=0.22, nonlocal_share_source="about 22% of old-town traffic on holidays (facts B)",
    ),
    "workday_2019": PublishedFigures(
        key="workday_2019", title="a normal 2019 workday", source=_PRESS, days=1, band_pct=None,
        transfers_week=None, transfers_daily_mean=None, transfers_peak_day=None, transfers_peak_date=None,
        diverted_cars_week=None, diverted_cars_daily_mean=None, diverted_cars_peak_day=None,
        old_town_speed_kmh=18.6, gusu_speed_kmh=19.7, speeds_source=_SPEEDS, congestion_line_kmh=CONGESTION_LINE_KMH,
        nonlocal_share=0.13, nonlocal_share_source="about 13% in the morning and evening peaks on normal days (facts B)",
    ),
    "national_day_2018": PublishedFigures(
        key="national_day_2018", title="National Day week 2018 (no control in force)",
        source="derived: the 2019 figures over the published rises, +700% transfers and +768% diverted cars (facts A)",
        days=7, band_pct=25.0,
        transfers_week=round(141_400 / 8), transfers_daily_mean=round(141_400 / 8 / 7), transfers_peak_day=None, transfers_peak_date=None,
        diverted_cars_week=round(18_800 / 8.68), diverted_cars_daily_mean=round(18_800 / 8.68 / 7), diverted_cars_peak_day=None,
        old_town_speed_kmh=None, gusu_speed_kmh=None, speeds_source="no 2018 speed was published", congestion_line_kmh=CONGESTION_LINE_KMH,
        nonlocal_share=None, nonlocal_share_source="no 2018 share was published",
    ),
}
PUBLISHED = REFERENCE_SETS["national_day_2019"]
WORKDAY = REFERENCE_SETS["workday_2019"]
REFERENCE_KEYS = tuple(REFERENCE_SETS)


def reference_for(declared: str | None, day_types: Sequence[str]) -> PublishedFigures:
    """The set a scenario declares (`compare_with`), else the one that fits its days: a holiday week or a workday."""
    if declared is not None:
        return REFERENCE_SETS[declared]
    return PUBLISHED if "holiday" in day_types else WORKDAY


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
