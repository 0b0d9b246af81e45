"""Who drives where and when: one day's trips, drawn from the scenario's demand.

Six kinds of traveller fill the old town's streets: residents of the old town
(to work and errands inside and out), commuters who work inside and live
outside (in in the morning, out in the evening), through traffic that only
crosses the Gusu area, self-drive tourists bound for an attraction, tour
coaches, and buses. Each kind has a daily total per day type, scaled by the
day's factor (the holiday week peaks on 4 October), and an hourly profile.
Tourists without a car who reach a transfer centre by coach, rail or bus
(walk-ups) are persons, not vehicles.

All draws come from the one seeded generator, in a fixed order, so a file and
a seed give the same trips on any machine.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.engine.clock import DAY_S
from sim.engine.network import Network
from sim.scenario.schema import DaySection, Scenario

RESIDENT, COMMUTER, THROUGH, TOURIST, COACH, BUS = range(6)
CLASS_NAMES = ("resident", "commuter", "through", "tourist", "coach", "bus")


@dataclass
class DayTrips:
    """One day's vehicle trips, sorted by departure time (parallel arrays)."""

    depart_s: np.ndarray
    origin: np.ndarray  # node
    dest: np.ndarray  # node
    home_zone: np.ndarray  # zone index (tourists: where they return to)
    dest_zone: np.ndarray  # zone index
    cls: np.ndarray
    nonlocal_plate: np.ndarray  # bool
    new_energy: np.ndarray  # bool
    complies: np.ndarray  # bool
    walkup_s: np.ndarray  # walk-up persons arrival times at transfer centres
    walkup_centre: np.ndarray  # index into the list of centres with a shuttle line

    def __len__(self) -> int:
        return len(self.depart_s)


class ZonePicker:
    """Weighted choice among zones of some kinds."""

    def __init__(self, net: Network, zone_ids: list[str], kinds: tuple[str, ...], weight: str,
                 exclude_rings: frozenset[str] = frozenset()) -> None:
        chosen = [
            i for i, zid in enumerate(zone_ids)
            if net.zones[zid].kind in kinds and not (net.zones[zid].rings & exclude_rings)
        ]
        weights = np.array([sum(getattr(net.zones[zone_ids[i]], f"{w}_weight") for w in weight.split("+")) for i in chosen])
        if not chosen or weights.sum() <= 0:
            raise ValueError(f"the network has no zone of kind {'/'.join(kinds)} with a positive {weight} weight")
        self.zones = np.array(chosen, dtype=np.int64)
        self.p = weights / weights.sum()

    def draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return self.zones[rng.choice(len(self.zones), size=n, p=self.p)]


class DemandModel:
    """Draws each day's trips for a scenario on a network."""

    def __init__(self, scenario: Scenario, net: Network, centre_ids: list[str]) -> None:
        self.s = scenario
        self.net = net
        self.zone_ids = list(net.zones)
        self.zone_node = np.array([net.zones[z].node for z in self.zone_ids], dtype=np.int64)
        self.centre_ids = centre_ids
        ids = self.zone_ids
        self.old_home = ZonePicker(net, ids, ("old_town",), "residents")
        self.old_work = ZonePicker(net, ids, ("old_town",), "jobs+visitor")
        self.old_jobs = ZonePicker(net, ids, ("old_town",), "jobs")
        self.outside_any = ZonePicker(net, ids, ("gusu", "external"), "jobs+residents")
        self.outside_home = ZonePicker(net, ids, ("gusu", "external"), "residents")
        self.external = ZonePicker(net, ids, ("external",), "residents+jobs")
        self.attraction = ZonePicker(net, ids, ("old_town", "gusu"), "visitor")
        self.coach_dest = ZonePicker(net, ids, ("old_town", "gusu"), "visitor", exclude_rings=frozenset({"C"}))
        self.bus_ends = ZonePicker(net, ids, ("old_town", "gusu"), "residents+jobs")
        self.profiles = {k: np.array(v, dtype=float) / sum(v) for k, v in scenario.demand.profiles.items()}

    def _times(self, rng: np.random.Generator, n: int, profile: str, day_start_s: float) -> np.ndarray:
        counts = rng.multinomial(n, self.profiles[profile])
        hours = np.repeat(np.arange(24, dtype=float), counts)
        return day_start_s + (hours + rng.random(n)) * 3600.0

    def _distinct(self, rng: np.random.Generator, a: np.ndarray, picker: ZonePicker) -> np.ndarray:
        b = picker.draw(rng, len(a))
        for _ in range(8):
            same = a == b
            if not same.any():
                break
            b[same] = picker.draw(rng, int(same.sum()))
        return b

    def day(self, rng: np.random.Generator, day: DaySection, day_index: int, platoon: int) -> DayTrips:
        d = self.s.demand
        dtype = day.day_type
        start = day_index * DAY_S
        parts = []

        def count(cls_demand, factor: float) -> int:
            return int(round(cls_demand.vehicles_per_day.of(dtype) * factor / platoon))

        # residents: home inside; some stay inside, the rest go out; half the trips are the way home
        n = count(d.resident, day.traffic_factor)
        t = self._times(rng, n, d.resident.profile, start)
        home = self.old_home.draw(rng, n)
        inside = rng.random(n) < d.resident_inside_share
        other = np.where(inside, self._distinct(rng, home, self.old_work), self.outside_any.draw(rng, n))
        back = rng.random(n) < 0.5
        parts.append((t, np.where(back, other, home), np.where(back, home, other), home, RESIDENT))
        # commuters: live outside, work inside; inbound before 13:00, outbound after
        n = count(d.commuter, day.traffic_factor)
        t = self._times(rng, n, d.commuter.profile, start)
        home = self.outside_home.draw(rng, n)
        work = self.old_jobs.draw(rng, n)
        inbound = (t - start) < 13 * 3600.0
        parts.append((t, np.where(inbound, home, work), np.where(inbound, work, home), work, COMMUTER))
        # through traffic between outside zones
        n = count(d.through, day.traffic_factor)
        t = self._times(rng, n, d.through.profile, start)
        a = self.outside_any.draw(rng, n)
        parts.append((t, a, self._distinct(rng, a, self.outside_any), a, THROUGH))
        # self-drive tourists: from outside the city to an attraction (their return trip comes later)
        n = count(d.tourist, day.tourist_factor)
        t = self._times(rng, n, d.tourist.profile, start)
        a = self.external.draw(rng, n)
        parts.append((t, a, self.attraction.draw(rng, n), a, TOURIST))
        # tour coaches to coach parks outside ring C
        n = count(d.coach, day.tourist_factor)
        t = self._times(rng, n, d.coach.profile, start)
        a = self.external.draw(rng, n)
        parts.append((t, a, self.coach_dest.draw(rng, n), a, COACH))
        # buses between old-town and Gusu stops
        n = count(d.bus, day.traffic_factor)
        t = self._times(rng, n, d.bus.profile, start)
        a = self.bus_ends.draw(rng, n)
        parts.append((t, a, self._distinct(rng, a, self.bus_ends), a, BUS))

        depart = np.concatenate([p[0] for p in parts])
        o_zone = np.concatenate([p[1] for p in parts])
        d_zone = np.concatenate([p[2] for p in parts])
        home_zone = np.concatenate([p[3] for p in parts])
        cls = np.concatenate([np.full(len(p[0]), p[4], dtype=np.int64) for p in parts])
        n_all = len(depart)
        share = np.where(cls == TOURIST, d.tourist_nonlocal_share.of(dtype), d.nonlocal_share.of(dtype))
        share = np.where((cls == RESIDENT) | (cls == BUS), 0.0, share)
        nonlocal_plate = rng.random(n_all) < share
        new_energy = (rng.random(n_all) < d.new_energy_share) & ((cls != COACH) & (cls != BUS))
        complies = rng.random(n_all) < self.s.behaviour.compliance
        order = np.argsort(depart, kind="stable")
        # walk-up tourists at the centres with a shuttle line, shared by the centres' car spaces
        n_walk = int(round(d.walk_up.persons_per_day.of(dtype) * day.tourist_factor))
        walk_t = self._times(rng, n_walk, d.walk_up.profile, start) if self.centre_ids else np.zeros(0)
        if self.centre_ids and n_walk:
            spaces = np.array([max(1, self.s.transfer_centres[c].car_spaces) for c in self.centre_ids], dtype=float)
            walk_c = rng.choice(len(self.centre_ids), size=n_walk, p=spaces / spaces.sum())
            w_order = np.argsort(walk_t, kind="stable")
            walk_t, walk_c = walk_t[w_order], walk_c[w_order]
        else:
            walk_t, walk_c = np.zeros(0), np.zeros(0, dtype=np.int64)
        return DayTrips(
            depart_s=depart[order],
            origin=self.zone_node[o_zone[order]],
            dest=self.zone_node[d_zone[order]],
            home_zone=home_zone[order],
            dest_zone=d_zone[order],
            cls=cls[order],
            nonlocal_plate=nonlocal_plate[order],
            new_energy=new_energy[order],
            complies=complies[order],
            walkup_s=walk_t,
            walkup_centre=walk_c,
        )
