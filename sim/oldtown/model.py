"""The old town in motion: the SimPy model that ties network, rings, demand and transfer together.

One SimPy environment, one seeded generator. Each simulated day the demand
model draws the day's trips; a departure callback releases them in time
order onto the origin's entry queue. Cars move link by link (sim.engine.links); at
every link head the router picks the next link from the table that matches
the rings closed to that car right now. A restricted tourist that reaches a
closed ring's gate is turned away there and diverted to a transfer centre;
what happens when a vehicle arrives anywhere is the tourist's journey
(sim.oldtown.journeys.Journeys), a collaborator the model builds and holds.
The counters live in a Tally the two share. Around this run four periodic
callbacks: the ring controller (every minute),
the router refresh (every `routing_update_min`), the recorder (every bin) and
the shuttle lines (every headway).

The model never imports Qt: the GUI and the CLI drive it through `advance`
and read its `Recorder` and `snapshot`.

Everything it schedules is a bound method, a partial or a small callable
object, so the whole model pickles between two steps (`snapshot_state`,
`restore`: the state of the run, continued here or in another process), and
`change_scenario` lets a run go on from its present moment under a changed
scenario (a what-if branch; sim.runs.snapshot decides which changes may).
"""

from __future__ import annotations

import pickle
import time
from dataclasses import dataclass

import numpy as np

from sim.engine.clock import DAY_S, END_EPSILON_S, SimEnvironment, at, day_of, every, hour_of
from sim.engine.links import SOURCE_CAPACITY_VEH_H, Link, Vehicle
from sim.engine.network import Network
from sim.engine.routing import Router, TurnBan, TurnBanClock, turn_ban
from sim.oldtown.closures import DateAt, bans_changed, closure_bans
from sim.oldtown.demand import COMMUTER, RESIDENT, TOURIST, DemandModel
from sim.oldtown.journeys import TO_CENTRE, Journeys
from sim.oldtown.parking import ZoneParking
from sim.oldtown.recorder import Recorder
from sim.oldtown.rings import CATEGORY_BITS, RING_IDS, RingControl, vehicle_category
from sim.oldtown.tally import Tally
from sim.oldtown.transfer import EntryGates, Party, ShuttleLine, TransferCentre, Waiting
from sim.scenario.schema import Scenario, parse_hours


@dataclass
class Snapshot:
    """The state the window draws, at one moment."""

    t_s: float
    day: int
    date: str
    bins_done: int
    rings_in_force: set[str]
    centre_fill: dict[str, tuple[int, int]]  # parked, spaces
    shuttles: list[tuple[float, float]]  # x, y of shuttles on the road
    vehicles_on_network: int


class Model:
    """Build once from a scenario; `advance(t)` runs to t; `run()` runs to the end."""

    def __init__(self, scenario: Scenario, net: Network, seed: int | None = None) -> None:
        """`net` is the scenario's network as driven (sim.runs.build.scenario_network)."""
        self.s = scenario
        self.seed = scenario.run.seed if seed is None else seed
        self.rng = np.random.default_rng(self.seed)
        self.net = net
        self.env = SimEnvironment()
        self.n_days = len(scenario.days)
        self.end_s = self.n_days * DAY_S
        self.platoon = scenario.run.platoon_size_veh
        self.control = RingControl(scenario)
        self._build_router(net)
        self.zone_ids = list(self.net.zones)
        self.zone_index = {z: i for i, z in enumerate(self.zone_ids)}
        self.parking = ZoneParking(self.zone_ids, scenario.parking, scenario.behaviour.logit.search_min_at_full)
        self._build_links()
        self._build_centres()
        self.entry = EntryGates({self.zone_index[a.zone]: a.entry_cap_persons_h for _, a in sorted(scenario.attractions.items()) if a.zone in self.zone_index})
        # a closed car park keeps its shuttle line for tourists who come without a car (schema:
        # transfer_centres.*.open); a centre without shuttles (fleet 0) serves nobody
        self.walkup_centres = [c for c in self.centres if c.spec.shuttle.fleet > 0]
        self.demand = DemandModel(scenario, self.net, [c.cid for c in self.walkup_centres])
        self.recorder = Recorder(self.net, self.n_days, scenario.run.bin_min, [c.cid for c in self.centres], self._parking_zone_ids())
        self.tally = Tally(self.n_days)
        self.journeys = Journeys(scenario, self.env, self.net, self.rng, self.router, self.control, self.parking, self.entry,
                                 self.centres, self.tally, self._release)
        self.wall_s = 0.0
        self._start_processes()

    @property
    def daily(self) -> list[dict[str, float]]:
        """The day counters (sim.oldtown.tally.DAY_COUNTERS), one dict per day."""
        return self.tally.daily

    @property
    def generated(self) -> int:
        """Cars (not shuttles) released onto the network so far."""
        return self.tally.generated

    # ---- construction -------------------------------------------------------

    @staticmethod
    def _turn_bans(scenario: Scenario, net: Network) -> list[TurnBan]:
        """The scenario's turn bans on `net` (links named by a ban that the network lacks: ValueError with the key)."""
        bans = [turn_ban(net, b.from_link, b.to_link, sum(CATEGORY_BITS[c] for c in b.categories), b.day_types,
                         [parse_hours(h) for h in b.hours], f"network.turn_bans[{i}]")
                for i, b in enumerate(scenario.network.turn_bans)]
        return [b for b in bans if b is not None] + closure_bans(scenario, net)  # timed closures: bans into a link

    def _build_router(self, net: Network) -> None:
        """The router on `net`, with the scenario's turn bans."""
        in_use = self._turn_bans(self.s, net)
        self.router = Router(net, RING_IDS, self.rng, movements=[(b.from_link, b.to_link) for b in in_use])
        self.turn_bans = TurnBanClock(in_use, len(CATEGORY_BITS), self.day_type_at, DateAt(self.s)) if in_use else None
        # ban category index (bit of CATEGORY_BITS) by [vehicle kind][non-Suzhou plate]
        index = {cat: bit.bit_length() - 1 for cat, bit in CATEGORY_BITS.items()}
        self._ban_category = [[index["local_car"], index["nonlocal_car"]], [index["coach"]] * 2, [index["bus"]] * 2]

    def _build_links(self) -> None:
        net, env = self.net, self.env
        free = net.free_time_s()
        storage = net.storage_veh()
        stuck = self.s.run.stuck_time_s
        self.links = [
            Link(env, i, int(net.link_to[i]), float(net.link_length_m[i]), float(free[i]),
                 float(net.link_capacity_veh_h[i]), float(storage[i]), self.route, self._arrive, stuck)
            for i in range(net.n_links)
        ]
        # one entry queue per node where trips start: infinite storage, no length
        self.sources = {
            n: Link(env, -1, n, 0.0, 0.0, SOURCE_CAPACITY_VEH_H, float("inf"), self.route, self._arrive, stuck)
            for n in range(net.n_nodes)
        }
        self.out_links = net.out_links()
        # the router's link b is self._next_link[b]; a branch that closes streets routes on fewer links than
        # there are (sim.oldtown.model.Model.change_scenario), otherwise the two are the same list
        self._next_link = self.links
        self._via_node = self.router.via_node  # by link index: where its head looks up the next link
        self._router_links: list[int] | None = None  # the router's links, as indices of self.links

    def _build_centres(self) -> None:
        self.centres: list[TransferCentre] = []
        by_id: dict[str, TransferCentre] = {}
        # by id, so results never depend on the order keys were written in a file
        for cid, spec in sorted(self.s.transfer_centres.items()):
            if cid not in self.net.zones:
                raise ValueError(f"transfer_centres.{cid}: the network has no zone {cid!r}")
            if spec.shuttle.to_zone not in self.net.zones:
                raise ValueError(f"transfer_centres.{cid}.shuttle.to_zone: the network has no zone {spec.shuttle.to_zone!r}")
            for i, z in enumerate(spec.serves):
                if z not in self.net.zones:
                    raise ValueError(f"transfer_centres.{cid}.serves[{i}]: the network has no zone {z!r}")
            stop = self.net.zones[spec.shuttle.to_zone]
            c = TransferCentre(cid, len(self.centres), self.net.zones[cid].node, stop.node, self.zone_index[stop.id], spec)
            self.centres.append(c)
            by_id[cid] = c
        for c in self.centres:
            if c.spec.overflow_to:
                c.overflow = by_id[c.spec.overflow_to]

    def _parking_zone_ids(self) -> list[str]:
        return [z for i, z in enumerate(self.zone_ids) if self.parking.spaces[i] > 0 and self.net.zones[z].kind in ("old_town", "gusu")]

    def _start_processes(self) -> None:
        env = self.env
        self._free: list[list[list[int]] | None] = [None] * self.router.groups
        self._evaluate_rings()
        every(env, 60.0, self.end_s, self._on_minute)
        every(env, self.s.run.routing_update_min * 60.0, self.end_s, self._on_routing)
        every(env, self.s.run.bin_min * 60.0, self.end_s, self._on_bin)
        at(env, 0.0, self._on_day)
        self.shuttle_lines: list[ShuttleLine] = []
        for c in self.walkup_centres:
            line = ShuttleLine(self.journeys, c, hour_of)
            self.shuttle_lines.append(line)
            line.start()

    def day_type_at(self, t: float) -> str:
        """The scenario's day type at t (a method, not a lambda, so the model pickles)."""
        return self.s.days[self.day_of(t)].day_type

    def day_of(self, t: float) -> int:
        """The scenario's day index at t (held to the last day at the very end)."""
        return day_of(t, self.n_days)

    def _evaluate_rings(self) -> None:
        t = self.env.now
        self.control.evaluate(self.s.days[self.day_of(t)].day_type, hour_of(t))

    def _on_minute(self) -> None:
        self._evaluate_rings()

    def _on_routing(self) -> None:
        cost = np.empty(self.net.n_links)
        for i, lk in enumerate(self.links):
            queue_s = lk.occ * lk.headway_s  # time to discharge what is on the link now
            cost[i] = lk.free_time_s + queue_s
        self.router.update(cost if self._router_links is None else cost[self._router_links])
        # built when first asked for: while a ban holds for every car, nobody asks for the tables without it
        self._free = [None] * self.router.groups

    def _on_bin(self) -> None:
        now = self.env.now
        rec = self.recorder
        pz = [self.parking.occupied[self.zone_index[z]] for z in rec.zone_ids]
        rec.record(self.links, now, self.control.active_bits and self.control.ring_mask(self.control.active_bits),
                   [c.parked for c in self.centres], [c.queue_persons() for c in self.centres], pz)
        self._update_triggers()

    def _update_triggers(self) -> None:
        rec = self.recorder
        b = rec.bins_done - 1
        for rule in self.control.rules:
            if rule.trigger_metric is None:
                continue
            if rule.trigger_metric == "accumulation_veh":
                value = rec.in_ring_veh[rule.ring][b]
            elif rule.trigger_metric == "speed_kmh":
                vm, vs = rec.veh_m[rule.ring][b], rec.veh_s[rule.ring][b]
                value = vm / vs * 3.6 if vs > 0 else 99.0
            else:
                zones = [i for i, z in enumerate(self.zone_ids) if rule.ring in self.net.zones[z].rings]
                spaces = sum(self.parking.spaces[i] for i in zones)
                value = sum(self.parking.occupied[i] for i in zones) / spaces if spaces else 0.0
            rule.update_trigger(float(value))
        self._evaluate_rings()

    # ---- demand -------------------------------------------------------------

    def _on_day(self, _ev: object) -> None:
        day = int(round(self.env.now / DAY_S))
        if day >= self.n_days:
            return
        tr = self.demand.day(self.rng, self.s.days[day], day, self.platoon)
        self._rows = list(zip(tr.depart_s.tolist(), tr.origin.tolist(), tr.dest.tolist(), tr.home_zone.tolist(),
                              tr.dest_zone.tolist(), tr.cls.tolist(), tr.nonlocal_plate.tolist(),
                              tr.new_energy.tolist(), tr.complies.tolist()))
        self._next_row = 0
        occupancy = self.s.behaviour.car_occupancy_persons
        # party sizes drawn now, in a fixed order, so the stream of draws does not depend on timing
        self._party = (np.floor(occupancy) + (self.rng.random(len(self._rows)) < occupancy % 1.0)).astype(int).tolist()
        self._logit_u = self.rng.random(len(self._rows)).tolist()
        self._informed = (self.rng.random(len(self._rows)) < self.s.behaviour.logit.informed_share).tolist()
        self._visit_h = (self.s.behaviour.visit_h * (0.5 + self.rng.random(len(self._rows)))).tolist()
        self._aware = (self.rng.random(len(self._rows)) < self.s.behaviour.park_and_ride.awareness_share).tolist()
        self._walkups = list(zip(tr.walkup_s.tolist(), tr.walkup_centre.tolist()))
        self._next_walkup = 0
        self._walk_visit_h = (self.s.behaviour.visit_h * (0.5 + self.rng.random(len(self._walkups)))).tolist()
        if self._rows:
            at(self.env, self._rows[0][0], self._on_departures)
        if self._walkups:
            at(self.env, self._walkups[0][0], self._on_walkups)
        at(self.env, (day + 1) * DAY_S, self._on_day)

    def _on_departures(self, _ev: object) -> None:
        rows, now = self._rows, self.env.now
        i = self._next_row
        while i < len(rows) and rows[i][0] <= now:
            self._depart(i, *rows[i][1:])
            i += 1
        self._next_row = i
        if i < len(rows):
            at(self.env, rows[i][0], self._on_departures)

    def _on_walkups(self, _ev: object) -> None:
        now = self.env.now
        rows = self._walkups
        i = self._next_walkup
        while i < len(rows) and rows[i][0] <= now:
            c = self.walkup_centres[rows[i][1]]
            self.daily[self.day_of(now)]["walk_up_persons"] += 1
            c.to_stop.append(Waiting(Party(1, None, c, c.stop_zone, self._walk_visit_h[i]), 1, now))
            i += 1
        self._next_walkup = i
        if i < len(rows):
            at(self.env, rows[i][0], self._on_walkups)

    def _depart(self, row: int, origin: int, dest: int, anchor_zone: int, dest_zone: int, cls: int,
                nonlocal_plate: bool, new_energy: bool, complies: bool) -> None:
        kind, category = vehicle_category(cls, nonlocal_plate)
        permits = self.net.zones[self.zone_ids[anchor_zone]].rings if cls in (RESIDENT, COMMUTER) else frozenset()
        refuse = self.control.refuse_bits(category, new_energy, permits) if complies else 0
        veh = Vehicle(self.tally.new_vid(), kind, dest, refuse, nonlocal_plate, self.platoon)
        self.tally.generated += self.platoon
        day = self.day_of(self.env.now)
        self.daily[day]["vehicles_generated"] += self.platoon
        if cls == TOURIST:
            veh.home = origin
            veh.attraction = dest_zone
            veh.persons = self._party[row] * self.platoon
            veh.visit_h = self._visit_h[row]
            veh.purpose = self.journeys.choose(veh, origin, dest_zone, self._logit_u[row], self._informed[row],
                                                 self._aware[row])
            if veh.purpose == TO_CENTRE:
                self.daily[day]["park_and_ride_by_choice"] += self.platoon
        self._release(veh, origin)

    def _arrive(self, veh: Vehicle, node: int) -> None:
        """A vehicle reached its destination node: the journey decides what next."""
        self.journeys.arrive(veh, node)

    def _release(self, veh: Vehicle, origin: int) -> None:
        """Put a vehicle on the entry queue of its origin node."""
        self.sources[origin].enter(veh, self.env.now)

    # ---- moving -------------------------------------------------------------

    def route(self, veh: Vehicle, link: Link) -> Link | None:
        """The next link for the vehicle at the head of `link`; None when it has arrived."""
        node = link.to_node
        dest = veh.dest
        if node == dest:
            return None
        bits = veh.refuse & self.control.active_bits
        group = veh.vid % self.router.groups
        bans = 0 if self.turn_bans is None else self.turn_bans.mask(self._ban_category[veh.kind][veh.nonlocal_plate], self.env.now)
        if bans:  # on the split junctions of the bans in force, looked up where this link ends
            at_node = node if link.idx < 0 else self._via_node[link.idx]
            free = self.router.table(0, group, bans)
        else:
            at_node, free = node, self._free[group] or self._free_table(group)
        if bits:
            mask = self.control.ring_mask(bits)
            nh = self.router.table(mask, group, bans)[dest][at_node]
            if nh < 0:
                nh = free[dest][at_node]
                if nh >= 0 and self.router.gate_bits[nh] & mask:
                    if self.journeys.turn_away(veh, node):
                        return self.route(veh, link)
                    return None
        else:
            nh = free[dest][at_node]
        if nh < 0:  # unreachable on any route (a scenario closed every way in): the trip ends here
            veh.dest = node
            return None
        return self._next_link[nh]

    def _free_table(self, group: int) -> list[list[int]]:
        """The group's table with no ring closed and no ban in force, built on first use after a refresh."""
        table = self._free[group] = self.router.table(0, group)
        return table

    # ---- running ------------------------------------------------------------

    def advance(self, t_s: float) -> None:
        """Run the model up to simulated time t_s (seconds from the first midnight)."""
        if t_s >= self.end_s:
            # SimPy stops before the events at `until`; the last bin is recorded at end_s itself
            t_s = self.end_s + END_EPSILON_S
        if t_s > self.env.now:
            start = time.perf_counter()
            self.env.run(until=t_s)
            self.wall_s += time.perf_counter() - start

    def run(self, progress=None, step_s: float = 3600.0) -> None:  # type: ignore[no-untyped-def]
        """Run to the end, calling progress(t_s) after every step."""
        t = self.env.now
        while t < self.end_s:
            t = min(self.end_s, t + step_s)
            self.advance(t)
            if progress is not None:
                progress(t)

    # ---- snapshots and branches -------------------------------------------------

    def __getstate__(self) -> dict[str, object]:
        state = self.__dict__.copy()
        # last, once every link is saved: which link waits on which (sim.engine.links.Link.__getstate__)
        state["_wiring"] = [(list(lk.waiting), lk.blocked_on) for lk in self._all_links()]
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        wiring = state.pop("_wiring")
        self.__dict__.update(state)
        for lk, (waiting, blocked_on) in zip(self._all_links(), wiring):  # type: ignore[call-overload]
            lk.waiting.extend(waiting)
            lk.blocked_on = blocked_on

    def _all_links(self) -> list[Link]:
        return self.links + list(self.sources.values())

    def snapshot_state(self) -> bytes:
        """The whole state of the run now (between two steps): every link queue, parked car, shuttle, party,
        the random generator and the pending events, as bytes `restore` continues from."""
        return pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def restore(state: bytes) -> Model:
        """The model saved by `snapshot_state`, ready to `advance` (a pickle: restore only your own snapshots)."""
        model = pickle.loads(state)
        if not isinstance(model, Model):
            raise TypeError(f"not a model snapshot: {type(model).__name__}")
        return model

    def change_scenario(self, scenario: Scenario, net: Network) -> None:
        """Go on from now under a changed scenario, keeping every vehicle, queue, party and pending event.

        `net` is the changed scenario's network as driven: the same junctions and the same streets,
        or fewer (a closure from now: cars already on a closed street drive off it, no new one turns
        in). The changed ring rules, centres and shuttles take effect now. ValueError for a change
        that cannot: see docs/what-if.md.
        """
        old = self.s
        ids = self.router.net.link_index  # the streets open now
        if list(net.node_ids) != list(self.net.node_ids) or any(lid not in ids for lid in net.link_ids):
            raise ValueError("network: a branch may close streets, not reopen or add them")
        if [c.cid for c in self.centres] != sorted(scenario.transfer_centres):
            raise ValueError("transfer_centres: a branch may change a centre, not add or remove one")
        for c in self.centres:
            was, now = c.spec.shuttle.fleet, scenario.transfer_centres[c.cid].shuttle.fleet
            if (was > 0) != (now > 0):
                raise ValueError(f"transfer_centres.{c.cid}.shuttle.fleet: a line cannot start or stop running mid-run ({was} -> {now})")
        control = RingControl(scenario)
        shape = [(r.ring, r.refuse_mask, r.exempt_new_energy, r.exempt_permit) for r in control.rules]
        if shape != [(r.ring, r.refuse_mask, r.exempt_new_energy, r.exempt_permit) for r in self.control.rules]:
            raise ValueError("rings: which vehicles a rule refuses cannot change mid-run (the cars on the road carry the rules "
                             "they were given); hours, day types and triggers can")
        self._turn_bans(scenario, net)  # a ban naming a link the network lacks: refused before anything changes
        self.s = scenario
        self.journeys.s = scenario
        for new, was_rule in zip(control.rules, self.control.rules):
            if (new.trigger_metric, new.trigger_on, new.trigger_off) == (was_rule.trigger_metric, was_rule.trigger_on, was_rule.trigger_off):
                new.latched = was_rule.latched
        self.control.rules = control.rules
        self._evaluate_rings()
        if list(net.link_ids) != list(self.router.net.link_ids) or bans_changed(old, scenario):
            self._reroute(net)
        by_id = {c.cid: c for c in self.centres}
        for c in self.centres:
            spec = scenario.transfer_centres[c.cid]
            c.idle_shuttles += spec.shuttle.fleet - c.spec.shuttle.fleet  # below 0: returning shuttles are retired
            c.spec = spec
            c.overflow = by_id[spec.overflow_to] if spec.overflow_to else None
        self.journeys.assign_centres()

    def _reroute(self, net: Network) -> None:
        """Route on `net` from now, starting from the link costs measured so far (perception noise from the next update)."""
        old = self.router
        links = [self.net.link_index[lid] for lid in net.link_ids]
        self._build_router(net)
        self.router.cost_s = old.cost_s[[old.net.link_index[lid] for lid in net.link_ids]]
        self.router.updates = old.updates
        identity = links == list(range(self.net.n_links))
        self._router_links = None if identity else links
        self._next_link = self.links if identity else [self.links[i] for i in links]
        via = self.net.link_to.tolist()
        for b, i in enumerate(links):
            via[i] = self.router.via_node[b]
        self._via_node = via
        self._free = [None] * self.router.groups
        self.journeys.router = self.router

    @property
    def events_scheduled(self) -> int:
        """How many events SimPy has scheduled so far (read off its event-id counter)."""
        return self.env.events_scheduled

    @property
    def done(self) -> bool:
        return self.env.now >= self.end_s

    def on_network(self) -> tuple[int, int]:
        """(cars, shuttles) on links or in entry queues now."""
        total = sum(lk.occ for lk in self.links) + sum(s.occ for s in self.sources.values())
        shuttles = sum(len(c.in_service) for c in self.centres)
        return total - shuttles, shuttles

    def conservation(self) -> dict[str, int]:
        """Every car generated is finished, parked, or still on the network."""
        cars, _ = self.on_network()
        return {
            "generated": self.tally.generated, "finished": self.tally.finished, "parked_in_zones": self.tally.parked_zone,
            "parked_at_centres": self.tally.parked_centre, "on_network": cars,
        }

    def snapshot(self) -> Snapshot:
        now = self.env.now
        xy = self.net.node_xy_m
        shuttles = []
        for c in self.centres:
            for bus in c.in_service:
                lk = bus.link
                if lk is None or lk.idx < 0:
                    continue
                a, b = xy[self.net.link_from[lk.idx]], xy[self.net.link_to[lk.idx]]
                frac = min(1.0, max(0.0, (now - bus.t_enter) / max(lk.free_time_s, 1.0)))
                shuttles.append((float(a[0] + frac * (b[0] - a[0])), float(a[1] + frac * (b[1] - a[1]))))
        day = self.day_of(now)
        return Snapshot(
            t_s=now, day=day, date=self.s.days[day].date.isoformat(), bins_done=self.recorder.bins_done,
            rings_in_force=self.control.rings_in_force(),
            centre_fill={c.cid: (c.parked, c.spaces) for c in self.centres},
            shuttles=shuttles, vehicles_on_network=self.on_network()[0],
        )
