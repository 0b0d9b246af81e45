"""Park-and-ride transfer centres, their shuttles, and the attractions' timed entry.

A transfer centre (facts D) is a car park with a capacity and an overflow
order: a car that finds it full drives on to the next. Its persons queue for a
shuttle. Every headway, within the service hours, an idle shuttle takes up to
its seats from the queue, drives the real network to its stop (so it feels the
same congestion as everyone else), lets its passengers off, takes on those
going back and returns.

A line and a round are small state machines woken by the clock (`ShuttleLine`,
`ShuttleRound`), not SimPy generator processes, so that a running model can be
pickled (a generator cannot). They wake in exactly the order the processes they
replace did: a round starts as a process would, before anything else at that
moment (`first_now`), and a line sleeps as `env.timeout` would (`after`).

Passengers walk to their attraction, wait for a timed-entry slot (facts E:
Zhuozhengyuan 3,000 persons/h, Lion Grove 2,500/h, Museum 600/h), visit, and
queue at the stop for the ride back. When the last person of a car's party is
back at the centre, the car leaves the car park and drives home.

A "transfer" is counted by the scenario's rule (`counting.transfer`): every
shuttle boarding of a person, inbound only or in both directions.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import simpy

from sim.engine.clock import after, first_now
from sim.engine.links import Vehicle
from sim.scenario.schema import TransferCentreSection, parse_hours


@dataclass
class Party:
    """The persons of one car (or walk-ups without one) travelling together."""

    persons: int
    car: Vehicle | None
    centre: TransferCentre
    attraction_zone: int
    visit_h: float
    back: int = 0  # persons returned to the centre


@dataclass
class Waiting:
    """Persons of a party standing in a shuttle queue since `since_s`."""

    party: Party
    persons: int
    since_s: float


class EntryGates:
    """Timed entry: an attraction admits at most its cap of persons per hour."""

    def __init__(self, caps_persons_h: dict[int, float]) -> None:
        self.caps = caps_persons_h
        self.next_slot_s: dict[int, float] = {z: 0.0 for z in caps_persons_h}

    def admit(self, zone: int, persons: int, now: float) -> float:
        """The time the party is in (now, when the attraction has no cap)."""
        cap = self.caps.get(zone)
        if cap is None:
            return now
        t = max(now, self.next_slot_s[zone])
        self.next_slot_s[zone] = t + persons * 3600.0 / cap
        return t


@dataclass
class TransferCentre:
    """A car park with a shuttle line to one stop."""

    cid: str
    index: int
    node: int
    stop_node: int
    stop_zone: int
    spec: TransferCentreSection
    overflow: TransferCentre | None = None
    parked: int = 0
    idle_shuttles: int = 0
    to_stop: deque[Waiting] = field(default_factory=deque)  # queue at the centre
    to_centre: deque[Waiting] = field(default_factory=deque)  # queue at the stop, going back
    persons_away: int = 0  # persons past the stop (walking, queuing for entry, visiting)
    in_service: list[Vehicle] = field(default_factory=list)
    max_load_persons: int = 0  # the most persons ever on one of its shuttles

    @property
    def spaces(self) -> int:
        return self.spec.car_spaces

    def try_park(self, size: int) -> bool:
        if self.spec.open and self.parked + size <= self.spec.car_spaces:
            self.parked += size
            return True
        return False

    def queue_persons(self) -> int:
        return sum(w.persons for w in self.to_stop)


class ShuttleHost(Protocol):
    """What a shuttle needs from the model: drive a vehicle, count, and send cars home."""

    env: simpy.Environment

    def drive(self, veh: Vehicle, origin: int, then: Callable[[Any], None]) -> None:
        """Put veh on the network at origin; call then(event) in a fresh event once it has arrived."""
    def new_shuttle(self, centre: TransferCentre, dest: int) -> Vehicle: ...
    def boarded(self, centre: TransferCentre, waiting: Waiting, persons: int, to_stop: bool) -> None: ...
    def party_at_stop(self, party: Party, persons: int) -> None: ...
    def party_back(self, party: Party) -> None: ...


def take_seats(queue: deque[Waiting], seats: int) -> list[tuple[Waiting, int]]:
    """Board up to `seats` persons in queue order; a party may be split."""
    taken: list[tuple[Waiting, int]] = []
    free = seats
    while queue and free > 0:
        w = queue[0]
        n = min(free, w.persons)
        taken.append((w, n))
        free -= n
        w.persons -= n
        if w.persons == 0:
            queue.popleft()
    return taken


class ShuttleLine:
    """Dispatch a shuttle every headway while the service runs and someone may need it."""

    def __init__(self, host: ShuttleHost, centre: TransferCentre, hour_of: Callable[[float], float]) -> None:
        self.host = host
        self.centre = centre
        self.hour_of = hour_of

    def start(self) -> None:
        """Start the line now, before anything else at this moment (as SimPy starts a process)."""
        first_now(self.host.env, self._first)

    def _first(self, ev: object) -> None:
        self.centre.idle_shuttles = self.centre.spec.shuttle.fleet
        self(ev)

    def __call__(self, _ev: object) -> None:
        env = self.host.env
        centre = self.centre
        spec = centre.spec.shuttle
        start_h, end_h = parse_hours(spec.service_hours)
        hour = self.hour_of(env.now)
        in_hours = start_h <= hour < end_h
        anyone_out = centre.persons_away > 0 or bool(centre.to_centre)
        if (in_hours or anyone_out) and centre.idle_shuttles > 0:
            centre.idle_shuttles -= 1
            first_now(env, ShuttleRound(self.host, centre).start)
        if not in_hours and not anyone_out:
            # sleep until the next service start
            wait_h = (start_h - hour) % 24.0 or 24.0
            after(env, wait_h * 3600.0, self)
        else:
            after(env, spec.headway_min * 60.0, self)


class ShuttleRound:
    """One round trip: centre -> stop -> centre."""

    __slots__ = ("host", "centre", "bus", "on_board", "back")

    def __init__(self, host: ShuttleHost, centre: TransferCentre) -> None:
        self.host = host
        self.centre = centre
        self.bus: Vehicle | None = None
        self.on_board: list[tuple[Waiting, int]] = []
        self.back: list[tuple[Waiting, int]] = []

    def start(self, _ev: object) -> None:
        host, centre = self.host, self.centre
        on_board = self.on_board = take_seats(centre.to_stop, centre.spec.shuttle.seats)
        for w, n in on_board:
            host.boarded(centre, w, n, to_stop=True)
        bus = self.bus = host.new_shuttle(centre, centre.stop_node)
        _load(centre, bus, on_board)
        centre.in_service.append(bus)
        host.drive(bus, centre.node, self._at_stop)

    def _at_stop(self, _ev: object) -> None:
        host, centre, bus = self.host, self.centre, self.bus
        assert bus is not None
        for w, n in self.on_board:
            host.party_at_stop(w.party, n)
        self.on_board = []
        back = self.back = take_seats(centre.to_centre, centre.spec.shuttle.seats)
        for w, n in back:
            host.boarded(centre, w, n, to_stop=False)
        bus.dest = centre.node
        _load(centre, bus, back)
        host.drive(bus, centre.stop_node, self._at_centre)

    def _at_centre(self, _ev: object) -> None:
        host, centre = self.host, self.centre
        centre.in_service.remove(self.bus)  # type: ignore[arg-type]
        for w, n in self.back:
            w.party.back += n
            if w.party.back >= w.party.persons:
                host.party_back(w.party)
        centre.idle_shuttles += 1


def _load(centre: TransferCentre, bus: Vehicle, on_board: list[tuple[Waiting, int]]) -> None:
    bus.persons = sum(n for _, n in on_board)
    centre.max_load_persons = max(centre.max_load_persons, int(bus.persons))
