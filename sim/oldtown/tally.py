"""The model's counters: what happened each day, and where every car is now.

The daily counters are the raw material of the published figures (transfers,
diverted cars, cars parked at the centres; sums of waits and searches whose
means become the shuttle wait and the parking search). The stock counters hold
the conservation law a run must keep: every car generated has finished, is
parked in a zone or at a centre, or is still on the network. The model and the
tourist's journey both write here; results and the window read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DAY_COUNTERS = (
    "vehicles_generated", "transfers", "boardings_to_stop", "boardings_to_centre",
    "diverted_cars", "diverted_at_gate", "diverted_after_search", "cars_parked_at_transfer_centres",
    "cars_parked_in_old_town", "park_and_ride_by_choice", "turned_away", "walk_up_persons",
    "shuttle_wait_s_sum", "shuttle_wait_persons", "parking_search_s_sum", "parking_search_cars",
    # where tourist cars went, and what a car did when its plan failed (sim.oldtown.journeys)
    "tourist_cars_arriving_in_old_town", "cars_to_other_centre", "cars_parked_outside_walked",
    "cars_parked_at_kerb", "cars_to_other_attraction", "cars_gone_home",
)


@dataclass
class Tally:
    """Counters per day (keys DAY_COUNTERS), and the stocks of cars."""

    n_days: int
    daily: list[dict[str, float]] = field(init=False)
    next_vid: int = 0  # the next vehicle id
    generated: int = 0  # cars (not shuttles) released onto the network
    finished: int = 0  # cars whose last trip ended
    parked_zone: int = 0  # cars parked in the zones now, in public spaces or at the kerb
    parked_centre: int = 0  # cars parked at transfer centres now

    def __post_init__(self) -> None:
        self.daily = [dict.fromkeys(DAY_COUNTERS, 0.0) for _ in range(self.n_days)]

    def new_vid(self) -> int:
        vid = self.next_vid
        self.next_vid += 1
        return vid
