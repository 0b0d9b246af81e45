"""How a self-drive tourist chooses: drive into the old town, or park and ride.

A tourist whose attraction lies in a ring closed to its car has no choice: it is
turned away at the gate and diverted to a transfer centre. Everyone else weighs
two options in generalised minutes, by a binary logit:

- drive in: the drive to the attraction, the parking search expected from how
  full the zone is, and the parking fee;
- park and ride: the drive to the transfer centre, half a shuttle headway of
  waiting, the shuttle ride, the walk at the far end, a transfer penalty and
  the fares.

Weights, fees and the logit scale are assumptions, stated in each scenario.
"""

from __future__ import annotations

import math

from sim.scenario.schema import LogitSection


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
