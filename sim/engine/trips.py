"""A day of fixed trips on any network: the link model and the router, and nothing else.

The old-town model adds rings, parking, transfer centres and shuttles on top of
the link queues; a benchmark against other simulators needs the bare engine on
the same trips they get. This module is that engine: each trip (departure
time, origin node, destination node) is released onto its origin's entry
queue, drives link by link (sim.engine.links.Link, the same queues with spillback as
the model) along the next link the router gives it (sim.engine.routing.Router, the
same tables refreshed every `routing_update_min` from the measured link times),
and ends when the head of its last link reaches the destination node.

A trip may carry a ring mask (bit r = RING_IDS[r]): the gates of those rings
are closed to it for the whole trip, the way a SUMO edge permission is.

Travel time runs from the scheduled departure to arrival (the wait on the
entry queue included); distance is the sum of the lengths of the links left;
mean speed is total distance over total travel time of the completed trips.
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass

import numpy as np
import simpy
from simpy.events import NORMAL

from sim.engine.links import SOURCE_CAPACITY_VEH_H, Link, Vehicle, Wake
from sim.engine.network import RING_IDS, Network
from sim.engine.routing import Router


@dataclass
class TripRunResult:
    """What a run of fixed trips gave: the figures the peer benchmark compares."""

    trips: int
    completed: int
    mean_travel_time_s: float  # completed trips, scheduled departure to arrival
    mean_speed_kmh: float  # completed trips: total km / total hours
    veh_km: float  # driven by the completed trips
    wall_s: float  # building the links and running
    events: int  # SimPy events scheduled
    end_s: float  # simulated time of the last trip's end


class _Trip(Vehicle):
    """A car with its scheduled departure, the distance it has driven and its ring mask."""

    __slots__ = ("depart_s", "dist_m", "last_link", "ring_mask")
    depart_s: float
    dist_m: float
    last_link: Link | None
    ring_mask: int


class TripRun:
    """Fixed trips through the link model; `run()` drives until every trip ended or `horizon_s`."""

    def __init__(self, net: Network, depart_s: np.ndarray, origin: np.ndarray, dest: np.ndarray, *,
                 ring_mask: np.ndarray | None = None, seed: int = 0, routing_update_min: float = 15.0,
                 stuck_time_s: float = 180.0, groups: int = 3, perception_sd: float = 0.15,
                 horizon_s: float | None = None) -> None:
        n = len(depart_s)
        if not (len(origin) == len(dest) == n) or (ring_mask is not None and len(ring_mask) != n):
            raise ValueError("depart_s, origin, dest (and ring_mask) must have the same length")
        if n and (min(origin.min(), dest.min()) < 0 or max(origin.max(), dest.max()) >= net.n_nodes):
            raise ValueError(f"origin and dest must be node numbers 0..{net.n_nodes - 1}")
        self.net = net
        self.env = simpy.Environment()
        order = np.argsort(depart_s, kind="stable")
        masks = np.zeros(n, dtype=np.int64) if ring_mask is None else np.asarray(ring_mask, dtype=np.int64)
        self._rows = list(zip(np.asarray(depart_s, float)[order].tolist(), np.asarray(origin)[order].tolist(),
                              np.asarray(dest)[order].tolist(), masks[order].tolist()))
        self.n_trips = n
        self.period_s = routing_update_min * 60.0
        last = self._rows[-1][0] if self._rows else 0.0
        self.horizon_s = last + 12 * 3600.0 if horizon_s is None else horizon_s
        self.router = Router(net, RING_IDS, np.random.default_rng(seed), groups=groups, perception_sd=perception_sd)
        free = net.free_time_s()
        storage = net.storage_veh()
        # the same links and entry queues as sim.oldtown.model.Model._build_links
        self.links = [
            Link(self.env, i, int(net.link_to[i]), float(net.link_length_m[i]), float(free[i]),
                 float(net.link_capacity_veh_h[i]), float(storage[i]), self.route, self.arrive, stuck_time_s)  # type: ignore[arg-type]
            for i in range(net.n_links)
        ]
        self.sources = [
            Link(self.env, -1, n_, 0.0, 0.0, SOURCE_CAPACITY_VEH_H, float("inf"), self.route, self.arrive, stuck_time_s)  # type: ignore[arg-type]
            for n_ in range(net.n_nodes)
        ]
        self._free = [self.router.table(0, g) for g in range(self.router.groups)]
        self.completed = 0
        self.ended = 0  # completed plus trips that found no way on
        self.tt_sum_s = 0.0
        self.dist_sum_m = 0.0
        self.last_end_s = 0.0
        self.wall_s = 0.0
        self._next = 0
        if self._rows:
            self._at(self._rows[0][0], self._on_departures)
            self._at(self.period_s, self._on_routing)

    def _at(self, t: float, fn) -> None:  # type: ignore[no-untyped-def]
        w = Wake()
        w.callbacks = [fn]
        self.env.schedule(w, NORMAL, max(0.0, t - self.env.now))  # type: ignore[arg-type]

    def _on_departures(self, _ev: object) -> None:
        rows, now, i = self._rows, self.env.now, self._next
        while i < len(rows) and rows[i][0] <= now:
            t, o, d, mask = rows[i]
            veh = _Trip(i, 0, d, 0, False, 1)
            veh.depart_s = t
            veh.dist_m = 0.0
            veh.last_link = None
            veh.ring_mask = mask
            if o == d:
                self._ended(veh, o)
            else:
                self.sources[o].enter(veh, now)
            i += 1
        self._next = i
        if i < len(rows):
            self._at(rows[i][0], self._on_departures)

    def _on_routing(self, _ev: object) -> None:
        # the model's measured cost: free time plus the time to discharge what is on the link
        cost = np.array([lk.free_time_s + lk.occ * lk.headway_s for lk in self.links])
        self.router.update(cost)
        self._free = [self.router.table(0, g) for g in range(self.router.groups)]
        if self.ended < self.n_trips and self.env.now + self.period_s <= self.horizon_s:
            self._at(self.env.now + self.period_s, self._on_routing)

    def route(self, veh: _Trip, link: Link) -> Link | None:
        """The next link for the car at the head of `link` (None: it has arrived)."""
        if veh.last_link is not link:  # count each link once, however often a blocked head asks
            veh.last_link = link
            veh.dist_m += link.length_m
        node = link.to_node
        if node == veh.dest:
            return None
        group = veh.vid % self.router.groups
        if veh.ring_mask:
            nh = self.router.table(veh.ring_mask, group)[veh.dest][node]
        else:
            nh = self._free[group][veh.dest][node]
        if nh < 0:  # no way on: the trip ends here, not completed
            veh.dest = -1
            return None
        return self.links[nh]

    def arrive(self, veh: Vehicle, node: int) -> None:
        self._ended(veh, node)  # type: ignore[arg-type]

    def _ended(self, veh: _Trip, node: int) -> None:
        self.ended += 1
        self.last_end_s = self.env.now
        if veh.dest == node:
            self.completed += 1
            self.tt_sum_s += self.env.now - veh.depart_s
            self.dist_sum_m += veh.dist_m

    def run(self) -> TripRunResult:
        start = time.perf_counter()
        self.env.run(until=self.horizon_s)
        self.wall_s += time.perf_counter() - start
        return self.result()

    def result(self, build_wall_s: float = 0.0) -> TripRunResult:
        c = self.completed
        return TripRunResult(
            trips=self.n_trips, completed=c,
            mean_travel_time_s=self.tt_sum_s / c if c else float("nan"),
            mean_speed_kmh=(self.dist_sum_m / 1000.0) / (self.tt_sum_s / 3600.0) if self.tt_sum_s > 0 else float("nan"),
            veh_km=self.dist_sum_m / 1000.0, wall_s=self.wall_s + build_wall_s,
            events=next(copy.copy(self.env._eid)), end_s=float(self.last_end_s),  # type: ignore[attr-defined]
        )


def run_trips(net: Network, depart_s: np.ndarray, origin: np.ndarray, dest: np.ndarray, **options) -> TripRunResult:  # type: ignore[no-untyped-def]
    """Build the links, run every trip to its end, and report; wall time includes building."""
    start = time.perf_counter()
    runner = TripRun(net, depart_s, origin, dest, **options)
    build_s = time.perf_counter() - start
    runner.run()
    return runner.result(build_s)
