"""How a self-drive tourist chooses: drive in, park and ride, and what to do when the plan fails.

Before 2019 few tourists used park and ride: the service was small and little
known. The 2019 scheme changed three things at once, and a tourist's choice
depends on each:

- knowing the service at all (publicity, signs, navigation apps): a driver who
  does not know it never considers it (`park_and_ride.awareness_share`);
- a ring barring the car: it is turned away at the gate, where signs and police
  show the way to the centre (`park_and_ride.gate_signs`);
- the parking search expected at the destination: a driver with live
  information sees how full the zone is, the others expect a fixed search.

A driver who knows the service weighs two options in generalised minutes by a
binary logit: drive in (the drive, the expected search, the fee) or park and
ride (the drive to the centre, half a headway of waiting, the ride, the walk,
a transfer penalty and the fares).

A car that cannot do what it planned (turned away with no open centre, every
centre of its chain full, a failed search) has real alternatives: another
centre if the driver knows the service, else, by weights, park outside the
ring and walk, park at the kerb after a longer search, another attraction, or
home. Weights, fees and shares are assumptions, stated in each scenario.
"""

from __future__ import annotations

import math

from sim.scenario.schema import FallbackSection, LogitSection

# the alternatives of a car whose plan failed, besides another centre
PARK_OUTSIDE, KERBSIDE, OTHER_ATTRACTION, GO_HOME = range(4)


def drive_in_cost_min(logit: LogitSection, drive_s: float, expected_search_min: float) -> float:
    return drive_s / 60.0 + logit.search_weight * expected_search_min + logit.parking_cost_yuan / logit.value_of_time_yuan_h * 60.0


def park_and_ride_cost_min(logit: LogitSection, drive_to_centre_s: float, headway_min: float, shuttle_s: float) -> float:
    return (
        drive_to_centre_s / 60.0
        + logit.wait_weight * headway_min / 2.0
        + shuttle_s / 60.0
        + logit.walk_weight * logit.walk_min
        + logit.transfer_penalty_min
        + logit.transfer_cost_yuan / logit.value_of_time_yuan_h * 60.0
    )


def park_and_ride_probability(logit: LogitSection, drive_in_min: float, park_and_ride_min: float) -> float:
    """Binary logit; a large cost difference saturates instead of overflowing."""
    x = logit.scale_per_min * (park_and_ride_min - drive_in_min)
    if x > 50.0:
        return 0.0
    if x < -50.0:
        return 1.0
    return 1.0 / (1.0 + math.exp(x))


def fallback_choice(fallback: FallbackSection, u: float, kerbside_allowed: bool) -> int:
    """One of PARK_OUTSIDE, KERBSIDE, OTHER_ATTRACTION, GO_HOME, by the scenario's weights; u is a uniform draw.

    Kerbside parking is out of the question where a ring bars the car (it is outside the ring).
    """
    weights = (fallback.park_outside_weight, fallback.kerbside_weight if kerbside_allowed else 0.0,
               fallback.other_attraction_weight, fallback.go_home_weight)
    total = sum(weights)
    if total <= 0.0:
        return GO_HOME
    edge = 0.0
    for choice, weight in enumerate(weights):
        edge += weight / total
        if u < edge:
            return choice
    return GO_HOME
