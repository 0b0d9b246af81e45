"""Public parking in the old town's zones, where self-drive tourists try to park.

The old town is about 10,000 spaces short (facts B); the Zhuozhengyuan /
Lion Grove / Museum / Pingjiang cluster had about 300 spaces against more than
3,000 tourist cars on peak days (facts D). A tourist car that reaches its zone
takes a space if one is free; otherwise it cruises round the block, staying on
the streets and slowing them, and gives up after `search_give_up_min` to drive
to a transfer centre. Residents, commuters and coaches park off-street and are
not modelled here (an assumption stated in the scenario files).
"""

from __future__ import annotations

from sim.scenario.schema import ParkingSection


class ZoneParking:
    """Spaces and occupancy per zone, and the search time drivers expect."""

    def __init__(self, zone_ids: list[str], section: ParkingSection, search_min_at_full: float) -> None:
        self.zone_ids = zone_ids
        self.spaces = [section.zone_spaces.get(z, section.default_zone_spaces) for z in zone_ids]
        self.occupied = [0] * len(zone_ids)
        self.search_min_at_full = search_min_at_full

    def try_park(self, zone: int, size: int) -> bool:
        if self.occupied[zone] + size <= self.spaces[zone]:
            self.occupied[zone] += size
            return True
        return False

    def leave(self, zone: int, size: int) -> None:
        self.occupied[zone] -= size

    def occupancy(self, zone: int) -> float:
        spaces = self.spaces[zone]
        return 1.0 if spaces <= 0 else min(1.0, self.occupied[zone] / spaces)

    def expected_search_min(self, zone: int) -> float:
        """What a driver expects to cruise: nothing when empty, rising steeply as the zone fills."""
        return self.search_min_at_full * self.occupancy(zone) ** 4
