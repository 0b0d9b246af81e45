"""A self-drive tourist's journey, and the transfer centre's side of it.

A tourist car leaves home for an attraction. If the attraction lies in a ring
closed to it right now, it drives to the gate and is turned away there, sent
to the transfer centre for its attraction: a diverted car. Otherwise, if its
driver knows the service, it chooses by logit between driving in and parking
at a centre (sim.oldtown.behaviour). Driving in, it takes a space in the
zone's public parking or cruises round the block and gives up after a while:
a driver who knows the service is then diverted to a centre. At a centre it
parks (or drives on to the overflow centre), its party queues for a shuttle,
rides to the stop, walks to the attraction, waits for a timed-entry slot,
visits, and rides back; when the last of the party is back the car drives home.

When a plan fails (no open centre at the gate, a full chain, a failed search
of a driver who does not know the service) the car falls back: another centre
with space, or by the scenario's weights parking outside the ring and walking,
the kerb after a longer search, another attraction, or home. Each alternative
is driven and counted; a car whose alternative fails too goes home (or to the
kerb, where it may). Nothing vanishes: a car is always driving, parked or home.

`Journeys` decides what happens when a vehicle arrives somewhere, and is the
shuttles' host (sim.oldtown.transfer.ShuttleHost). sim.oldtown.model.Model
builds it with the collaborators it needs, named in its constructor, and asks
it about a tourist's choice, a refusal at a gate and every arrival.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np
import simpy

from sim.engine.clock import after, at, day_of
from sim.engine.links import Vehicle
from sim.engine.network import RING_IDS, Network
from sim.engine.routing import Router
from sim.oldtown import behaviour
from sim.oldtown.parking import ZoneParking
from sim.oldtown.rings import KIND_BUS, RingControl
from sim.oldtown.tally import Tally
from sim.oldtown.transfer import EntryGates, Party, TransferCentre, Waiting
from sim.scenario.schema import Scenario

# what a vehicle is doing; decides what happens when it reaches its destination
TRIP, DRIVE_IN, CRUISE, TO_CENTRE, DIVERTED, RETURN, SHUTTLE = range(7)


class Journeys:
    """Arrivals, turn-aways, parking, transfer centres and shuttles: the tourist's side of the model."""

    def __init__(self, scenario: Scenario, env: simpy.Environment, net: Network, rng: np.random.Generator, router: Router,
                 control: RingControl, parking: ZoneParking, entry: EntryGates, centres: list[TransferCentre],
                 tally: Tally, release: Callable[[Vehicle, int], None]) -> None:
        """`release(veh, node)` puts a vehicle on the entry queue of a node (the model's links)."""
        self.s = scenario
        self.env = env
        self.net = net
        self.rng = rng
        self.router = router
        self.control = control
        self.parking = parking
        self.entry = entry
        self.centres = centres
        self.tally = tally
        self._release = release
        self.n_days = len(scenario.days)
        self.zone_ids = list(net.zones)
        self.zone_ring_mask = [sum(1 << RING_IDS.index(r) for r in z.rings if r in RING_IDS) for z in net.zones.values()]
        zones = list(net.zones.values())
        self.zone_in_old_town = [z.kind == "old_town" for z in zones]
        # where a fallen-back car may park (public spaces) or visit instead (an attraction)
        self.parking_zones = [i for i, z in enumerate(zones) if z.kind in ("old_town", "gusu") and parking.spaces[i] > 0]
        self.attraction_zones = [i for i, z in enumerate(zones) if z.kind in ("old_town", "gusu") and z.visitor_weight > 0]
        # per-car state of the tourist's plan, by vehicle id (Vehicle has fixed slots)
        self.aware: set[int] = set()  # drivers who know park and ride
        self.fallen_back: set[int] = set()  # cars already on their alternative plan
        self.kerb: set[int] = set()  # cars that park at the kerb once their longer search is over
        self.walk_to: dict[int, int] = {}  # cars parked outside: the attraction zone their party walks to
        self.out_links = net.out_links()
        cruise_kmh = scenario.parking.cruise_speed_kmh
        self.cruise_pace_s_per_m = 3.6 / cruise_kmh if cruise_kmh else 0.0
        self.centre_at = {c.node: c for c in centres}
        self.centre_for_zone: dict[int, TransferCentre] = {}
        self.assign_centres()

    def assign_centres(self) -> None:
        """Which centre a tourist bound for a zone is sent to (again when a branch opens or closes one)."""
        self.centre_for_zone = {}
        zone_index = {z: i for i, z in enumerate(self.zone_ids)}
        for c in self.centres:
            if c.spec.open:
                for z in c.spec.serves:
                    self.centre_for_zone.setdefault(zone_index[z], c)

    def _today(self) -> dict[str, float]:
        return self.tally.daily[day_of(self.env.now, self.n_days)]

    # ---- behaviour ----------------------------------------------------------

    def _closed_rings(self, veh: Vehicle) -> int:
        bits = veh.refuse & self.control.active_bits
        return self.control.ring_mask(bits) if bits else 0

    def choose(self, veh: Vehicle, origin: int, dest_zone: int, u: float, informed: bool, aware: bool) -> int:
        """Drive in or park and ride (TO_CENTRE, with veh.dest set to the centre); u is the trip's uniform draw.

        Only a driver who knows the service (`aware`) considers park and ride; a car barred from
        its attraction's ring drives to the gate all the same, where it is turned away.
        """
        if aware:
            self.aware.add(veh.vid)
        closed = self._closed_rings(veh)
        if closed & self.zone_ring_mask[dest_zone] or not aware:
            return DRIVE_IN
        centre = self.centre_for_zone.get(dest_zone)
        if centre is None or not centre.spec.open or centre.spec.shuttle.fleet == 0:
            return DRIVE_IN
        times = self.router.times_s(0)
        lg = self.s.behaviour.logit
        search = self.parking.expected_search_min(dest_zone) if informed else lg.uninformed_search_min
        drive = behaviour.drive_in_cost_min(lg, times[origin, veh.dest], search)
        pr = behaviour.park_and_ride_cost_min(lg, times[origin, centre.node], centre.spec.shuttle.headway_min,
                                             times[centre.node, centre.stop_node])
        if u < behaviour.park_and_ride_probability(lg, drive, pr):
            veh.dest = centre.node
            return TO_CENTRE
        return DRIVE_IN

    # ---- the journey -----------------------------------------------------------

    def turn_away(self, veh: Vehicle, node: int) -> bool:
        """A car refused at a gate. True when it now drives somewhere else, False when its trip ends here."""
        day = self._today()
        if veh.purpose in (DRIVE_IN, CRUISE):
            shown_the_way = self.s.behaviour.park_and_ride.gate_signs or veh.vid in self.aware
            if shown_the_way and self._divert(veh, node):
                day["diverted_at_gate"] += veh.size
            else:
                self._fall_back(veh, node, at_gate=True)
            return True
        day["turned_away"] += veh.size
        veh.purpose = TRIP
        veh.dest = node
        return False

    def _divert(self, veh: Vehicle, node: int) -> bool:
        """Send a tourist car to the transfer centre for its attraction; False when none is open."""
        centre = self.centre_for_zone.get(veh.attraction)
        if centre is None:
            open_centres = [c for c in self.centres if c.spec.open and c.spec.car_spaces > 0]
            if not open_centres:
                return False
            times = self.router.times_s(0)
            centre = min(open_centres, key=lambda c: times[node, c.node])
        veh.purpose = DIVERTED
        veh.dest = centre.node
        self._today()["diverted_cars"] += veh.size
        return True

    def arrive(self, veh: Vehicle, node: int) -> None:
        """A vehicle reached its destination node."""
        if veh.on_arrive is not None:
            callback, veh.on_arrive = veh.on_arrive, None
            callback(veh)
            return
        purpose = veh.purpose
        if purpose == DRIVE_IN:
            self._at_attraction(veh, node)
        elif purpose == CRUISE:
            veh.purpose = DRIVE_IN
            veh.dest = self.net.zones[self.zone_ids[veh.attraction]].node
            self._release(veh, node)
        elif purpose in (TO_CENTRE, DIVERTED):
            self._at_centre(veh, node)
        else:
            self.tally.finished += veh.size

    def _at_attraction(self, veh: Vehicle, node: int) -> None:
        now = self.env.now
        veh.pace_s_per_m = 0.0  # back at normal pace unless it goes round the block again
        zone = veh.attraction
        day = self._today()
        if veh.search_start < 0 and self.zone_in_old_town[zone]:
            day["tourist_cars_arriving_in_old_town"] += veh.size
        if self.parking.try_park(zone, veh.size):
            self._record_search(veh, now)
            day["cars_parked_in_old_town"] += veh.size
            self._park(veh, zone, node, on_kerb=False)
            return
        if veh.search_start < 0:
            veh.search_start = now
        give_up_s = self.s.parking.search_give_up_min * 60.0
        if veh.vid in self.kerb:
            if now - veh.search_start >= give_up_s + self.s.behaviour.fallback.kerbside_extra_search_min * 60.0:
                self._record_search(veh, now)
                self._park(veh, zone, node, on_kerb=True)
                return
        elif now - veh.search_start >= give_up_s:
            self._record_search(veh, now)
            if veh.vid not in self.fallen_back and self._directed_to_centre(veh) and self._divert(veh, node):
                day["diverted_after_search"] += veh.size
            else:
                self._fall_back(veh, node, at_gate=False)
            self._release(veh, node)
            return
        self._cruise(veh, node)
        self._release(veh, node)

    def _directed_to_centre(self, veh: Vehicle) -> bool:
        """After a failed search: a driver who knows the service heads for a centre; police or signs at the
        full car parks send some of the others there too."""
        return veh.vid in self.aware or self.rng.random() < self.s.behaviour.park_and_ride.search_directed_share

    def _cruise(self, veh: Vehicle, node: int) -> None:
        """Round the block: to a neighbouring node, then back to the zone."""
        out = self.out_links[node]
        veh.purpose = CRUISE
        veh.pace_s_per_m = self.cruise_pace_s_per_m
        veh.dest = int(self.net.link_to[out[int(self.rng.integers(len(out)))]])

    def _record_search(self, veh: Vehicle, now: float) -> None:
        day = self._today()
        searched_s = now - veh.search_start if veh.search_start >= 0 else 0.0
        day["parking_search_s_sum"] += searched_s * veh.size
        day["parking_search_cars"] += veh.size

    def _park(self, veh: Vehicle, zone: int, node: int, on_kerb: bool) -> None:
        """Parked in the zone's spaces or at its kerb; the party walks (further, from outside the ring) and visits."""
        self.tally.parked_zone += veh.size  # the kerb is a stock too: conservation counts it with the zones
        self.kerb.discard(veh.vid)
        visit_zone = self.walk_to.pop(veh.vid, zone)
        walk_s = self.s.behaviour.fallback.walk_from_outside_min * 60.0 if visit_zone != zone else 0.0
        t_in = self.entry.admit(visit_zone, veh.persons, self.env.now + walk_s)
        at(self.env, t_in + veh.visit_h * 3600.0 + walk_s, partial(self._leave, veh, zone, node, on_kerb))

    def _leave(self, veh: Vehicle, zone: int, node: int, on_kerb: bool, _ev: object) -> None:
        """The party is back at the car: it leaves its space and drives home."""
        if not on_kerb:
            self.parking.leave(zone, veh.size)
        self.tally.parked_zone -= veh.size
        self._go_home(veh, node)

    # ---- when the plan fails -----------------------------------------------------

    def _fall_back(self, veh: Vehicle, node: int, at_gate: bool) -> None:
        """The car's plan failed at `node`: choose and set its next destination (the caller releases or routes it)."""
        day = self._today()
        zone = veh.attraction
        barred = at_gate or bool(self._closed_rings(veh) & self.zone_ring_mask[zone])
        if veh.vid in self.fallen_back:  # its alternative failed too
            if barred:
                self._send_home(veh)
            else:
                self._to_kerb(veh, zone, node)
            return
        self.fallen_back.add(veh.vid)
        if veh.vid in self.aware:
            centre = self._centre_with_space(node)
            if centre is not None:
                day["cars_to_other_centre"] += veh.size
                veh.purpose = TO_CENTRE
                veh.dest = centre.node
                return
        choice = behaviour.fallback_choice(self.s.behaviour.fallback, float(self.rng.random()), not barred)
        if choice == behaviour.PARK_OUTSIDE:
            outside = self._nearest(node, self.parking_zones, veh)
            if outside is not None:
                day["cars_parked_outside_walked"] += veh.size
                self.walk_to[veh.vid] = zone
                self._head_for(veh, outside)
                return
        elif choice == behaviour.KERBSIDE:
            self._to_kerb(veh, zone, node)
            return
        elif choice == behaviour.OTHER_ATTRACTION:
            other = self._nearest(node, self.attraction_zones, veh)
            if other is not None:
                day["cars_to_other_attraction"] += veh.size
                self._head_for(veh, other)
                return
        self._send_home(veh)

    def _to_kerb(self, veh: Vehicle, zone: int, node: int) -> None:
        """Keep searching near the attraction, then park at the kerb."""
        self._today()["cars_parked_at_kerb"] += veh.size
        self.kerb.add(veh.vid)
        zone_node = self.net.zones[self.zone_ids[zone]].node
        if node == zone_node:
            self._cruise(veh, node)
        else:
            veh.purpose = DRIVE_IN
            veh.dest = zone_node

    def _send_home(self, veh: Vehicle) -> None:
        self._today()["cars_gone_home"] += veh.size
        self._set_home(veh)

    def _head_for(self, veh: Vehicle, zone: int) -> None:
        veh.attraction = zone
        veh.search_start = -1.0
        veh.purpose = DRIVE_IN
        veh.dest = self.net.zones[self.zone_ids[zone]].node

    def _nearest(self, node: int, candidates: list[int], veh: Vehicle) -> int | None:
        """The candidate zone nearest by free-flow time that the car may enter; whether it has a space, it finds out there."""
        closed = self._closed_rings(veh)
        times = self.router.times_s(0)
        best, best_s = None, float("inf")
        for z in candidates:
            if z == veh.attraction or closed & self.zone_ring_mask[z]:
                continue
            t_s = float(times[node, self.net.zones[self.zone_ids[z]].node])
            if t_s < best_s:
                best, best_s = z, t_s
        return best

    def _centre_with_space(self, node: int) -> TransferCentre | None:
        times = self.router.times_s(0)
        open_centres = [c for c in self.centres if c.spec.open and c.parked < c.spaces]
        return min(open_centres, key=lambda c: float(times[node, c.node])) if open_centres else None

    def _go_home(self, veh: Vehicle, node: int) -> None:
        self._set_home(veh)
        self._release(veh, node)

    def _set_home(self, veh: Vehicle) -> None:
        veh.purpose = RETURN
        veh.refuse = 0  # leaving is always allowed; a car inside a ring may drive out
        veh.dest = veh.home
        vid = veh.vid
        self.aware.discard(vid)
        self.fallen_back.discard(vid)
        self.kerb.discard(vid)
        self.walk_to.pop(vid, None)

    def _at_centre(self, veh: Vehicle, node: int) -> None:
        centre = self.centre_at.get(node)
        tried = 0
        while centre is not None and tried <= len(self.centres):
            if centre.node != node:
                veh.dest = centre.node  # drive on to the overflow centre
                self._release(veh, node)
                return
            if centre.try_park(veh.size):
                now = self.env.now
                self.tally.parked_centre += veh.size
                self._today()["cars_parked_at_transfer_centres"] += veh.size
                party = Party(veh.persons, veh, centre, veh.attraction, veh.visit_h)
                centre.to_stop.append(Waiting(party, veh.persons, now))
                return
            centre = centre.overflow
            tried += 1
        # every centre in the chain is full: the plan failed
        self._fall_back(veh, node, at_gate=False)
        self._release(veh, node)

    # ---- shuttles (this is their ShuttleHost) ----------------------------------------------

    def drive(self, veh: Vehicle, origin: int, then: Callable[[Any], None]) -> None:
        veh.on_arrive = partial(self._driven, then)
        self._release(veh, origin)

    def _driven(self, then: Callable[[Any], None], _veh: Vehicle) -> None:
        # a fresh event at this moment, as the SimPy event a shuttle process waited on was
        after(self.env, 0.0, then)

    def new_shuttle(self, centre: TransferCentre, dest: int) -> Vehicle:
        veh = Vehicle(self.tally.new_vid(), KIND_BUS, dest, 0, False, 1)
        veh.purpose = SHUTTLE
        return veh

    def boarded(self, centre: TransferCentre, waiting: Waiting, persons: int, to_stop: bool) -> None:
        now = self.env.now
        day = self._today()
        day["boardings_to_stop" if to_stop else "boardings_to_centre"] += persons
        day["shuttle_wait_s_sum"] += persons * (now - waiting.since_s)
        day["shuttle_wait_persons"] += persons
        counting = self.s.counting
        if waiting.party.car is None and not counting.include_walk_up:
            return
        if to_stop or counting.transfer == "boardings_both_directions":
            day["transfers"] += persons

    def party_at_stop(self, party: Party, persons: int) -> None:
        centre = party.centre
        centre.persons_away += persons
        now = self.env.now
        walk_s = self.s.behaviour.logit.walk_min * 60.0
        t_in = self.entry.admit(party.attraction_zone, persons, now + walk_s)
        t_back = t_in + party.visit_h * 3600.0 + walk_s
        at(self.env, t_back, partial(self._back_at_stop, centre, party, persons))

    def _back_at_stop(self, centre: TransferCentre, party: Party, persons: int, _ev: object) -> None:
        centre.persons_away -= persons
        centre.to_centre.append(Waiting(party, persons, self.env.now))

    def party_back(self, party: Party) -> None:
        car = party.car
        if car is None:
            return
        party.centre.parked -= car.size
        self.tally.parked_centre -= car.size
        self._go_home(car, party.centre.node)

