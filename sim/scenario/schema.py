"""The scenario schema: every key a scenario file may hold, with its unit and range.

A scenario is what a planner changes: which network and which road works, which
ring rules on which days and hours, how many parking spaces and shuttles, how
much demand of each kind, how drivers choose. This module is the single
declaration of that shape. The loader validates against it, the reference page
docs/scenario-format.md is generated from it, and the GUI builds its form from
it, so the three can never disagree.

Every number carries its unit in its name (`_min`, `_kmh`, `_veh_h`, ...) and
its allowed range; unknown keys are refused. Ranges are generous enough for
any plausible plan and tight enough that a typo (or a hostile file) cannot
exhaust memory: no class may ask for more than 2 million vehicles a day.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

SCHEMA_VERSION = 2

DayType = Literal["workday", "weekend", "holiday"]
DAY_TYPES: tuple[DayType, ...] = ("workday", "weekend", "holiday")
VehicleCategory = Literal["nonlocal_car", "local_car", "coach", "bus"]
VEHICLE_CATEGORIES: tuple[VehicleCategory, ...] = ("nonlocal_car", "local_car", "coach", "bus")
Exemption = Literal["new_energy", "permit"]
TriggerMetric = Literal["accumulation_veh", "speed_kmh", "parking_occupancy"]
TransferRule = Literal["boardings_inbound", "boardings_both_directions"]

_HOURS_RE = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$")
_ID_RE = r"^[a-z0-9_]{1,64}$"
_LINK_RE = r"^[a-z0-9_]{1,64}:(ab|ba)$"

# The error code of a problem found across keys (a model validator); its
# context lists (relative key path, message) pairs, so every problem is
# reported at its own key (sim/scenario/errors.py expands them).
AT_KEYS = "scenario_at_keys"


class Expect:
    """What a value must look like, in words, for error messages and the reference page."""

    def __init__(self, text: str) -> None:
        self.text = text


def fail_at(problems: list[tuple[tuple[str | int, ...], str]]) -> None:
    """Raise one validation error carrying every (key path, message) problem found."""
    if problems:
        detail = "; ".join(f"{'.'.join(map(str, path))}: {msg}" for path, msg in problems)
        raise PydanticCustomError(AT_KEYS, "{detail}", {"detail": detail, "problems": problems})


def _check_hours(text: str) -> str:
    parse_hours(text)
    return text


Share = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
VehiclesPerDay = Annotated[int, Field(ge=0, le=2_000_000)]
Identifier = Annotated[str, Field(pattern=_ID_RE), Expect('an id (lowercase letters, digits and "_", 1 to 64 characters)')]
HoursWindow = Annotated[str, Field(max_length=11), AfterValidator(_check_hours), Expect('"HH:MM-HH:MM"')]
DirectedLinkId = Annotated[str, Field(pattern=_LINK_RE), Expect('a directed link id "<segment>:ab" or "<segment>:ba"')]
HourlyShare = Annotated[float, Field(ge=0.0, le=1e6, allow_inf_nan=False)]


class Strict(BaseModel):
    """Base of every section: unknown keys are an error, numbers must be finite."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, validate_default=True)


def parse_hours(text: str) -> tuple[float, float]:
    """'07:00-19:00' -> (7.0, 19.0) in hours; raises ValueError when malformed."""
    m = _HOURS_RE.match(text)
    if not m:
        raise ValueError(f'expected "HH:MM-HH:MM", got {json.dumps(text, ensure_ascii=False)}')
    h0, m0, h1, m1 = (int(g) for g in m.groups())
    start, end = h0 + m0 / 60, h1 + m1 / 60
    if start > 24 or end > 24 or end <= start:
        raise ValueError(f'expected "HH:MM-HH:MM" with the start before the end within one day, got {json.dumps(text)}')
    return start, end


class PerDayType(Strict):
    """A value for each day type."""

    workday: float = Field(ge=0.0, le=2_000_000)
    weekend: float = Field(ge=0.0, le=2_000_000)
    holiday: float = Field(ge=0.0, le=2_000_000)

    def of(self, day_type: str) -> float:
        return float(getattr(self, day_type))


class SharePerDayType(Strict):
    """A share (0-1) for each day type."""

    workday: Share
    weekend: Share
    holiday: Share

    def of(self, day_type: str) -> float:
        return float(getattr(self, day_type))


class RunSection(Strict):
    """How the model runs: seed, reporting bin, routing refresh, platoons."""

    seed: int = Field(2019, ge=0, le=2**63 - 1, description="seed of the one random generator")
    bin_min: Literal[1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60] = Field(15, description="reporting bin, minutes (a divisor of 60)")
    routing_update_min: int = Field(15, ge=1, le=240, description="how often routes are recomputed, minutes")
    platoon_size_veh: int = Field(1, ge=1, le=50, description="vehicles moved as one; 1 = every car")
    stuck_time_s: float = Field(180.0, ge=10.0, le=3600.0, description="a blocked head enters anyway after this long (gridlock release)")


class WorksSection(Strict):
    """Road works: segments partly closed (capacity and storage cut)."""

    segments: list[Identifier] = Field(default_factory=list, max_length=2000)
    capacity_factor: float = Field(0.6, gt=0.0, le=1.0, description="share of capacity and storage left open")
    note: str = Field("", max_length=500, description="free text: what the works are, and the source")


class TurnBanSection(Strict):
    """A banned movement at a junction: from one directed link into the next, for some vehicles, days and hours."""

    from_link: DirectedLinkId = Field(description="the directed link the movement comes in on, '<segment>:ab' or '<segment>:ba'")
    to_link: DirectedLinkId = Field(description="the directed link it would leave by; it must start where from_link ends")
    categories: list[VehicleCategory] = Field(
        default_factory=lambda: list(VEHICLE_CATEGORIES), min_length=1, max_length=4,
        description="vehicle categories the ban applies to (all four when left out)")
    day_types: list[DayType] = Field(default_factory=lambda: list(DAY_TYPES), min_length=1, max_length=3,
                                     description="day types the ban is in force on (every day when left out)")
    hours: list[HoursWindow] = Field(default_factory=lambda: ["00:00-24:00"], min_length=1, max_length=12,
                                     description='"HH:MM-HH:MM" windows (all day when left out)')
    note: str = Field("", max_length=500, description="free text: the rule and its source")


class ClosureSection(Strict):
    """A directed link closed on one date of the calendar, for some hours (both directions: two tables).

    While it holds no vehicle turns into the link or starts on it, vehicles already on it drive off, and
    routes take the next shortest way; a trip with no other way ends where it is. After its hours the
    link is used again. `gusu export-sumo` leaves it out (SUMO's plain files have no time window).
    """

    link: DirectedLinkId = Field(description="the directed link closed, '<segment>:ab' or '<segment>:ba'")
    date: dt.date = Field(description="the date it is closed on: one of the scenario's days")
    hours: list[HoursWindow] = Field(default_factory=lambda: ["00:00-24:00"], min_length=1, max_length=12,
                                     description='"HH:MM-HH:MM" windows on that date (all day when left out)')
    note: str = Field("", max_length=500, description="free text: why, and the source")


class NetworkSection(Strict):
    """Which network file, and what this scenario changes on it."""

    file: str = Field(description="network TOML, relative to this scenario file", max_length=500)
    closed_segments: list[Identifier] = Field(default_factory=list, max_length=2000, description="segment ids closed both ways")
    one_way_links: list[DirectedLinkId] = Field(
        default_factory=list, max_length=2000,
        description="directed link ids '<segment>:ab' or '<segment>:ba'; the opposite direction is removed",
    )
    works: list[WorksSection] = Field(default_factory=list, max_length=50, description="road works, one table each")
    turn_bans: list[TurnBanSection] = Field(default_factory=list, max_length=500, description="banned turns, one table each")
    closures: list[ClosureSection] = Field(
        default_factory=list, max_length=500,
        description="a directed link closed on a date for some hours, one table each (closed_segments: the whole run)")


class DaySection(Strict):
    """One simulated day of the calendar."""

    date: dt.date = Field(description="the date simulated")
    day_type: DayType = Field(description="selects the demand totals, profiles and ring rules of that type")
    traffic_factor: float = Field(1.0, ge=0.0, le=5.0, description="scales residents, commuters, through traffic, buses")
    tourist_factor: float = Field(1.0, ge=0.0, le=5.0, description="scales tourist cars, coaches and walk-up transfers")


class TriggerSection(Strict):
    """A graded step: the rule applies only while the metric is past `on`, until it is back past `off`."""

    metric: TriggerMetric = Field(description="what the trigger watches in the ring")
    on: float = Field(ge=0.0, le=1_000_000, description="switches the rule on, in the metric's unit (vehicles, km/h or a 0-1 share)")
    off: float = Field(ge=0.0, le=1_000_000, description="switches it off again, in the metric's unit")

    @model_validator(mode="after")
    def _hysteresis(self) -> TriggerSection:
        falling = self.metric == "speed_kmh"  # low speed switches the rule on
        if falling and self.off < self.on:
            fail_at([(("off",), f"expected at least on ({self.on}) for speed_kmh (on below 'on', off above 'off'), got {self.off}")])
        if not falling and self.off > self.on:
            fail_at([(("off",), f"expected at most on ({self.on}) for {self.metric} (on above 'on', off below 'off'), got {self.off}")])
        return self


class RuleSection(Strict):
    """Who may not enter a ring, on which days and hours."""

    refuse: list[VehicleCategory] = Field(min_length=1, max_length=4, description="vehicle categories that may not enter")
    exempt: list[Exemption] = Field(default_factory=list, max_length=2, description="who may enter all the same")
    day_types: list[DayType] = Field(min_length=1, max_length=3, description="day types the rule is in force on")
    hours: list[HoursWindow] = Field(min_length=1, max_length=12, description='"HH:MM-HH:MM" windows')
    trigger: TriggerSection | None = Field(None, description="optional: in force only while the ring is crowded, slow or full")


class RingSection(Strict):
    """A control ring: whether it is in force, and its rules."""

    enabled: bool = Field(True, description="false switches every rule of the ring off")
    rules: list[RuleSection] = Field(default_factory=list, max_length=20, description="the ring's rules, one table each")


class ParkingSection(Strict):
    """Public parking in the zones, used by self-drive tourists."""

    zone_spaces: dict[Identifier, Annotated[int, Field(ge=0, le=100_000)]] = Field(
        default_factory=dict, max_length=500, description="spaces per zone id")
    default_zone_spaces: int = Field(200, ge=0, le=100_000, description="spaces in a zone not listed")
    search_give_up_min: float = Field(20.0, ge=1.0, le=240.0, description="a cruising car gives up after this long")
    cruise_speed_kmh: float | None = Field(
        None, ge=2.0, le=60.0,
        description="a car cruising for a space drives no faster than this, and the cars behind it on the street wait "
                    "for it; left out, it drives at the street's free speed")


class ShuttleSection(Strict):
    """The shuttle line of one transfer centre."""

    to_zone: Identifier = Field(description="the stop the shuttles drive to")
    seats: int = Field(40, ge=1, le=200, description="seats per shuttle")
    headway_min: float = Field(6.0, ge=1.0, le=120.0, description="time between departures")
    fleet: int = Field(10, ge=0, le=500, description="shuttles in service")
    service_hours: HoursWindow = Field("08:00-19:00", description="when shuttles leave the centre")


class TransferCentreSection(Strict):
    """A park-and-ride transfer centre: a car park and its shuttle line."""

    open: bool = Field(True, description="false closes the car park (its shuttles still run for walk-ups)")
    car_spaces: int = Field(ge=0, le=100_000, description="car park size")
    serves: list[Identifier] = Field(default_factory=list, max_length=50, description="attraction zones it is the centre for")
    overflow_to: Identifier | None = Field(None, description="the centre a car drives on to when this one is full")
    shuttle: ShuttleSection


class ClassDemand(Strict):
    """Daily vehicles of one traveller class per day type."""

    vehicles_per_day: PerDayType = Field(description="vehicles a day, per day type")
    profile: str = Field(description="name of an hourly profile in demand.profiles")


class WalkUpDemand(Strict):
    """Tourists who reach a transfer centre without a car (coach, rail, bus, taxi)."""

    persons_per_day: PerDayType = Field(description="persons a day, per day type")
    profile: str = Field(description="name of an hourly profile in demand.profiles")


class DemandSection(Strict):
    """Traffic by class, its plates and its timing."""

    nonlocal_share: SharePerDayType = Field(description="non-Suzhou plates among cars other than residents' and tourists'")
    tourist_nonlocal_share: SharePerDayType = Field(description="non-Suzhou plates among self-drive tourist cars")
    new_energy_share: Share = Field(description="new-energy (green) plates among cars")
    resident: ClassDemand
    commuter: ClassDemand
    through: ClassDemand
    tourist: ClassDemand
    coach: ClassDemand
    bus: ClassDemand
    walk_up: WalkUpDemand
    resident_inside_share: Share = Field(0.5, description="share of residents' trips that stay inside the old town")
    profiles: dict[Identifier, Annotated[list[HourlyShare], Field(min_length=24, max_length=24)]] = Field(
        max_length=50, description="hourly shares, 24 values each (normalised)")

    @model_validator(mode="after")
    def _profile_names(self) -> DemandSection:
        problems: list[tuple[tuple[str | int, ...], str]] = []
        for name, shares in self.profiles.items():
            if sum(shares) <= 0:
                problems.append((("profiles", name), "expected 24 hourly values with a positive sum, got all zeros"))
        have = ", ".join(f'"{p}"' for p in sorted(self.profiles))
        for cls_name in ("resident", "commuter", "through", "tourist", "coach", "bus", "walk_up"):
            profile = getattr(self, cls_name).profile
            if profile not in self.profiles:
                problems.append(((cls_name, "profile"),
                                 f"expected the name of a profile in demand.profiles ({have}), got {json.dumps(profile, ensure_ascii=False)}"))
        fail_at(problems)
        return self


class LogitSection(Strict):
    """Drive in or park and ride: a binary logit on generalised minutes."""

    scale_per_min: float = Field(0.08, gt=0.0, le=5.0, description="logit scale on generalised minutes")
    value_of_time_yuan_h: float = Field(40.0, gt=0.0, le=1000.0, description="turns fees into generalised minutes")
    wait_weight: float = Field(1.5, ge=0.0, le=10.0, description="weight of a shuttle-wait minute")
    walk_weight: float = Field(1.5, ge=0.0, le=10.0, description="weight of a walking minute")
    search_weight: float = Field(1.5, ge=0.0, le=10.0, description="weight of an expected parking-search minute")
    transfer_penalty_min: float = Field(10.0, ge=0.0, le=240.0, description="the bother of changing from car to shuttle")
    parking_cost_yuan: float = Field(20.0, ge=0.0, le=1000.0, description="parking in the old town, per visit")
    transfer_cost_yuan: float = Field(0.0, ge=0.0, le=1000.0, description="car park plus shuttle fares, per car")
    walk_min: float = Field(5.0, ge=0.0, le=120.0, description="walk between the shuttle stop and a served attraction")
    search_min_at_full: float = Field(30.0, ge=0.0, le=240.0, description="expected search when the zone is full")
    informed_share: Share = Field(0.3, description="drivers who see live parking occupancy (guidance signs, apps)")
    uninformed_search_min: float = Field(5.0, ge=0.0, le=240.0, description="search expected by a driver without live information")


class ParkAndRideSection(Strict):
    """Whether a self-drive tourist even considers park and ride (before any cost is weighed)."""

    awareness_share: Share = Field(
        1.0, description="tourist drivers who know the service exists (publicity, signs, navigation apps); the rest never "
                         "consider it unless a ring's gate sends them there")
    search_directed_share: Share = Field(
        0.0, description="of the drivers who give up a parking search without knowing the service, the share that police or "
                         "signs at the full car parks send to a centre (a diverted car)")
    gate_signs: bool = Field(True, description="a car turned away at a gate is shown the way to the centre (signs, police), aware or not")


class FallbackSection(Strict):
    """What a tourist car does when it cannot do what it planned.

    The plan fails when the car is turned away at a gate and no centre is open, when every
    centre of its overflow chain is full, or when its parking search fails. A driver who knows
    park and ride first tries an open centre with space; otherwise it picks one of four
    alternatives with these weights (normalised): park outside the ring and walk, park at the
    kerb (illegally) after a longer search, drive to another attraction, or go home.
    """

    park_outside_weight: float = Field(0.4, ge=0.0, le=100.0, description="weight of parking in the nearest zone it may enter and walking")
    kerbside_weight: float = Field(0.3, ge=0.0, le=100.0, description="weight of searching on and parking at the kerb (not where a ring bars the car)")
    other_attraction_weight: float = Field(0.15, ge=0.0, le=100.0, description="weight of driving to the nearest other attraction instead")
    go_home_weight: float = Field(0.15, ge=0.0, le=100.0, description="weight of giving up the visit and driving home")
    kerbside_extra_search_min: float = Field(15.0, ge=0.0, le=240.0, description="further cruising before a car parks at the kerb")
    walk_from_outside_min: float = Field(15.0, ge=0.0, le=120.0, description="walk from a car parked outside the ring to the attraction")

    @model_validator(mode="after")
    def _some_weight(self) -> FallbackSection:
        if self.park_outside_weight + self.kerbside_weight + self.other_attraction_weight + self.go_home_weight <= 0:
            fail_at([(("go_home_weight",), "expected at least one alternative with a positive weight, got all zero")])
        return self


class BehaviourSection(Strict):
    """How drivers and tourists behave."""

    compliance: Share = Field(description="share of restricted drivers who obey a ring rule")
    car_occupancy_persons: float = Field(2.8, ge=1.0, le=9.0, description="persons per self-drive tourist car")
    visit_h: float = Field(3.0, ge=0.25, le=12.0, description="mean time at the attraction")
    logit: LogitSection = Field(default_factory=LogitSection)
    park_and_ride: ParkAndRideSection = Field(default_factory=ParkAndRideSection)
    fallback: FallbackSection = Field(default_factory=FallbackSection)


class AttractionSection(Strict):
    """An attraction with timed entry (facts E)."""

    zone: Identifier
    entry_cap_persons_h: float = Field(ge=1.0, le=100_000, description="timed-entry cap")


class CountingSection(Strict):
    """How the published figures are counted in the model."""

    transfer: TransferRule = Field("boardings_both_directions", description="what one published transfer (人次) is")
    include_walk_up: bool = Field(True, description="count tourists who came without a car")


class Scenario(Strict):
    """A whole scenario, after `extends` is resolved and old versions migrated."""

    schema_version: Literal[2] = Field(2, description="the file's format version; put it at the top of every file")
    name: str = Field(max_length=200, description="shown in the window, the plots and the results")
    description: str = Field("", max_length=4000, description="one or two sentences: what the scenario is")
    run: RunSection = Field(default_factory=RunSection)
    network: NetworkSection
    days: list[DaySection] = Field(min_length=1, max_length=31, description="the calendar: consecutive days, one table each")
    rings: dict[Literal["A", "B", "C", "D"], RingSection] = Field(default_factory=dict, description="control rings by name; a ring not listed has no rules")
    parking: ParkingSection = Field(default_factory=ParkingSection)
    transfer_centres: dict[Identifier, TransferCentreSection] = Field(default_factory=dict, max_length=50, description="park-and-ride centres by zone id")
    attractions: dict[Identifier, AttractionSection] = Field(default_factory=dict, max_length=200, description="attractions with timed entry, by id")
    demand: DemandSection
    behaviour: BehaviourSection
    counting: CountingSection = Field(default_factory=CountingSection)
    compare_with: Literal["national_day_2019", "workday_2019", "national_day_2018"] | None = Field(
        None, description="which published figures runs are compared with (facts A): the 2019 National Day week, a normal 2019 "
                          "workday, or the 2018 week (derived, ±25%); when left out, the holiday week if any day is a holiday, else the workday")

    @field_validator("days")
    @classmethod
    def _consecutive(cls, value: list[DaySection]) -> list[DaySection]:
        fail_at([
            ((i + 1, "date"), f"expected {prev.date + dt.timedelta(days=1)} (days are consecutive dates), got {day.date}")
            for i, (prev, day) in enumerate(itertools.pairwise(value))
            if (day.date - prev.date).days != 1
        ])
        return value

    @model_validator(mode="after")
    def _centres(self) -> Scenario:
        problems: list[tuple[tuple[str | int, ...], str]] = []
        have = ", ".join(f'"{c}"' for c in self.transfer_centres)
        for cid, centre in self.transfer_centres.items():
            if centre.overflow_to == cid:
                problems.append((("transfer_centres", cid, "overflow_to"), f'expected another transfer centre, got "{cid}" itself'))
            elif centre.overflow_to is not None and centre.overflow_to not in self.transfer_centres:
                problems.append((("transfer_centres", cid, "overflow_to"),
                                 f'expected the id of a transfer centre ({have}), got "{centre.overflow_to}"'))
        fail_at(problems)
        return self

    @model_validator(mode="after")
    def _closure_dates(self) -> Scenario:
        dates = [d.date for d in self.days]
        fail_at([
            (("network", "closures", i, "date"), f"expected one of the scenario's days ({dates[0]} to {dates[-1]}), got {c.date}")
            for i, c in enumerate(self.network.closures) if c.date not in dates
        ])
        return self
