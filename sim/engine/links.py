"""Links as queues with spillback, driven by one pending exit event per link head.

A street link is a first-in first-out queue (MATSim's JDEQSim, Newell's
simplified kinematic wave). A car that enters at time t may leave no earlier
than t + length / free speed + signal delay, and no earlier than one capacity
headway after the car in front left. When the next link is full (its storage,
length x lanes / 7.5 m, is taken) the car waits at the stop line and everything
behind it waits too: that is spillback, and it is what turns a full car park or a
closed gate into a queue over the moat bridges.

Only the head of each link has an event in SimPy's schedule. When it fires the
head moves on, the next car becomes the head and gets its own event. A link
blocked by a full downstream link registers with that link and is woken when a
car leaves it. So the number of pending events is the number of links, not the
number of cars, and a whole holiday week with every car runs in seconds.

A car blocked longer than `stuck_time_s` enters anyway (the gridlock release
every queue model of this kind needs; a stated assumption in the scenario).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

import simpy
from simpy.events import NORMAL

SOURCE_CAPACITY_VEH_H = 3600.0  # how fast cars can leave a zone onto the street (assumption: one a second)


class Wake:
    """A minimal SimPy event: the environment pops it and calls its callbacks.

    SimPy's own Event carries more state than a link's head needs; this one is
    reused by its link (callbacks are set again before every scheduling).
    """

    __slots__ = ("callbacks", "_ok", "_value", "stamp")

    def __init__(self) -> None:
        self.callbacks: list[Callable[[Any], None]] | None = None
        self._ok = True
        self._value = None
        self.stamp = 0.0


class Vehicle:
    """One car (or a platoon of `size` cars) with its trip and state."""

    __slots__ = (
        "vid", "kind", "dest", "refuse", "nonlocal_plate", "size", "t_enter", "t_ready",
        "purpose", "home", "attraction", "search_start", "persons", "visit_h", "on_arrive", "link", "pace_s_per_m",
    )

    def __init__(self, vid: int, kind: int, dest: int, refuse: int, nonlocal_plate: bool, size: int) -> None:
        self.vid = vid
        self.kind = kind
        self.dest = dest
        self.refuse = refuse
        self.nonlocal_plate = nonlocal_plate
        self.size = size
        self.t_enter = 0.0
        self.t_ready = 0.0
        self.purpose = 0
        self.home = -1
        self.attraction = -1  # zone index of a tourist's attraction
        self.search_start = -1.0
        self.persons = 0
        self.visit_h = 0.0
        self.on_arrive: Callable[[Vehicle], None] | None = None
        self.link: Link | None = None
        self.pace_s_per_m = 0.0  # > 0 while cruising for a space: it drives no faster than 1 / pace, holding up those behind


Router = Callable[[Vehicle, "Link"], "Link | None"]
Arrival = Callable[[Vehicle, int], None]


class Link:
    """A directed link: a FIFO queue with a free-flow time, a capacity headway and a storage."""

    __slots__ = (
        "idx", "to_node", "length_m", "free_time_s", "headway_s", "storage", "env", "route", "arrive",
        "stuck_s", "queue", "occ", "next_free", "pending", "blocked", "blocked_on", "waiting",
        "wake", "force", "stuck_stamp", "veh_m", "veh_s", "nl_m", "exits", "entries",
    )

    def __init__(
        self, env: simpy.Environment, idx: int, to_node: int, length_m: float, free_time_s: float,
        capacity_veh_h: float, storage_veh: float, route: Router, arrive: Arrival, stuck_s: float,
    ) -> None:
        self.env = env
        self.idx = idx
        self.to_node = to_node
        self.length_m = length_m
        self.free_time_s = free_time_s
        self.headway_s = 3600.0 / capacity_veh_h
        self.storage = storage_veh
        self.route = route
        self.arrive = arrive
        self.stuck_s = stuck_s
        self.queue: deque[Vehicle] = deque()
        self.occ = 0
        self.next_free = 0.0
        self.pending = False
        self.blocked = False
        self.blocked_on: Link | None = None
        self.waiting: deque[Link] = deque()
        self.wake = Wake()
        self.force = False
        self.stuck_stamp = -1.0
        self.veh_m = 0.0  # vehicle-metres driven to the end of the link since the last reading
        self.veh_s = 0.0  # vehicle-seconds spent on it by those vehicles
        self.nl_m = 0.0  # vehicle-metres by non-Suzhou plates
        self.exits = 0
        self.entries = 0

    def enter(self, veh: Vehicle, now: float) -> None:
        """Put a vehicle at the tail; the caller has checked there is room (or forces it)."""
        veh.t_enter = now
        veh.t_ready = now + self.free_time_s
        if veh.pace_s_per_m:  # a car cruising for a space: slower than the street allows, and FIFO behind it
            slow_s = self.length_m * veh.pace_s_per_m
            if slow_s > self.free_time_s:
                veh.t_ready = now + slow_s
        veh.link = self
        self.queue.append(veh)
        self.occ += veh.size
        self.entries += veh.size
        if not self.pending and not self.blocked and len(self.queue) == 1:
            self._schedule(max(veh.t_ready, self.next_free) - now)

    def _schedule(self, delay: float) -> None:
        self.pending = True
        wake = self.wake
        wake.callbacks = [self._on_head]
        self.env.schedule(wake, NORMAL, delay if delay > 0.0 else 0.0)  # type: ignore[arg-type]

    def _on_head(self, _event: object) -> None:
        self.pending = False
        queue = self.queue
        veh = queue[0]
        now = self.env.now
        nxt = self.route(veh, self)
        if nxt is not None and nxt.occ + veh.size > nxt.storage and not self.force:
            self._block_on(nxt, now)
            return
        self.force = False
        queue.popleft()
        size = veh.size
        self.occ -= size
        self.exits += size
        self.veh_m += self.length_m * size
        self.veh_s += (now - veh.t_enter) * size
        if veh.nonlocal_plate:
            self.nl_m += self.length_m * size
        self.next_free = now + self.headway_s * size
        if nxt is not None:
            nxt.enter(veh, now)
        if nxt is None:
            veh.link = None
            self.arrive(veh, self.to_node)
        if self.waiting:
            self._wake_upstream(now)
        if queue and not self.pending:
            head = queue[0]
            self._schedule((head.t_ready if head.t_ready > self.next_free else self.next_free) - now)

    def _block_on(self, nxt: Link, now: float) -> None:
        self.blocked = True
        self.blocked_on = nxt
        nxt.waiting.append(self)
        check = Wake()
        check.stamp = now
        check.callbacks = [self._on_stuck]
        self.env.schedule(check, NORMAL, self.stuck_s)  # type: ignore[arg-type]
        self.stuck_stamp = now

    def _wake_upstream(self, now: float) -> None:
        waiter = self.waiting.popleft()
        waiter.blocked = False
        waiter.blocked_on = None
        if not waiter.pending and waiter.queue:
            waiter._schedule(max(now, waiter.next_free) - now)

    def _on_stuck(self, event: Wake) -> None:
        if not self.blocked or self.stuck_stamp != event.stamp:
            return
        target = self.blocked_on
        if target is not None:
            try:
                target.waiting.remove(self)
            except ValueError:
                pass
        self.blocked = False
        self.blocked_on = None
        self.force = True
        if not self.pending:
            self._schedule(0.0)

    # what it waits on and what waits on it are saved by the model as one flat list (Model.__getstate__):
    # pickled from link to link, a long spillback chain would recurse once per link
    _WIRING = ("waiting", "blocked_on")

    def __getstate__(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__ if k not in self._WIRING}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for k, v in state.items():
            setattr(self, k, v)
        self.waiting = deque()
        self.blocked_on = None

    def ready_count(self, now: float) -> int:
        """Vehicles standing at the stop line (past their free-flow time): the queue."""
        return sum(v.size for v in self.queue if v.t_ready <= now)

    def read_and_reset(self) -> tuple[float, float, float, int, int]:
        out = (self.veh_m, self.veh_s, self.nl_m, self.exits, self.entries)
        self.veh_m = self.veh_s = self.nl_m = 0.0
        self.exits = self.entries = 0
        return out
