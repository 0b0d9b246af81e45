"""The link model against hand-worked cases.

Each case is small enough to work out on paper: a car leaves a link at
max(entry + length / free speed + signal delay, previous exit + 3600 / capacity),
and a full downstream link holds the upstream queue until a car leaves it.
"""

from __future__ import annotations

import numpy as np
import pytest
import simpy

from sim.engine.links import Link, Vehicle
from sim.engine.network import NetworkError, NetworkSpec, build_network, modified
from sim.engine.routing import Router


class Chain:
    """Links in a row: a -> b -> c ...; cars drive to the end and are logged on arrival."""

    def __init__(self, specs: list[dict], stuck_s: float = 10_000.0) -> None:
        self.env = simpy.Environment()
        self.arrivals: list[tuple[int, float]] = []
        self.links: list[Link] = []
        for i, s in enumerate(specs):
            self.links.append(Link(self.env, i, i + 1, s["length_m"], s["free_time_s"], s["capacity_veh_h"],
                                   s["storage"], self.route, self.arrive, stuck_s))

    def route(self, veh: Vehicle, link: Link) -> Link | None:
        nxt = link.idx + 1
        return self.links[nxt] if nxt < len(self.links) else None

    def arrive(self, veh: Vehicle, node: int) -> None:
        self.arrivals.append((veh.vid, self.env.now))

    def put(self, n: int, at_s: float = 0.0) -> None:
        def go(_ev: object) -> None:
            for i in range(n):
                self.links[0].enter(Vehicle(i, 0, len(self.links), 0, False, 1), self.env.now)
        ev = self.env.timeout(at_s)
        ev.callbacks.append(go)


def test_free_flow_travel_time() -> None:
    # 500 m at 36 km/h is 50 s, plus 10 s signal delay: the car leaves at 60 s
    c = Chain([dict(length_m=500.0, free_time_s=500 / 10 + 10, capacity_veh_h=1800, storage=100)])
    c.put(1)
    c.env.run()
    assert c.arrivals == [(0, 60.0)]


def test_capacity_limited_discharge() -> None:
    # 360 veh/h is one car every 10 s: five cars entering together leave at 60, 70, 80, 90, 100 s
    c = Chain([dict(length_m=500.0, free_time_s=60.0, capacity_veh_h=360, storage=100)])
    c.put(5)
    c.env.run()
    assert [t for _, t in c.arrivals] == pytest.approx([60.0, 70.0, 80.0, 90.0, 100.0])
    assert [v for v, _ in c.arrivals] == [0, 1, 2, 3, 4]  # first in, first out


def test_spillback_blocks_the_upstream_link() -> None:
    # link 0: fast (10 s, 3600 veh/h); link 1: holds 2 cars, lets one out every 100 s.
    # Cars 0 and 1 fill link 1 at 10 and 11 s. Car 2 reaches the head of link 0 at 12 s but
    # must wait for room: it enters link 1 only when car 0 leaves it (110 s).
    c = Chain([
        dict(length_m=100.0, free_time_s=10.0, capacity_veh_h=3600, storage=50),
        dict(length_m=100.0, free_time_s=100.0, capacity_veh_h=36, storage=2),
    ])
    c.put(4)
    seen: list[tuple[float, int, int]] = []

    def watch(env: simpy.Environment):  # type: ignore[no-untyped-def]
        for t in (50.0, 105.0, 111.0):
            yield env.timeout(t - env.now)
            seen.append((env.now, c.links[0].occ, c.links[1].occ))
    c.env.process(watch(c.env))
    c.env.run()
    assert seen[0] == (50.0, 2, 2)  # two cars held on link 0 by the full link 1
    assert seen[1] == (105.0, 2, 2)
    assert seen[2] == (111.0, 1, 2)  # car 0 left link 1 at 110 s, car 2 moved up at once
    exits = [t for _, t in c.arrivals]
    # link 1 discharges one car per 100 s: 110, 210, 310, 410
    assert exits == pytest.approx([110.0, 210.0, 310.0, 410.0])
    assert c.links[0].blocked is False


def test_gridlock_release_after_stuck_time() -> None:
    # link 1 never lets anybody out (its only car stays because link 2 is full forever);
    # with stuck_s = 30 the head of link 0 enters anyway after waiting 30 s
    c = Chain([
        dict(length_m=100.0, free_time_s=10.0, capacity_veh_h=3600, storage=50),
        dict(length_m=100.0, free_time_s=1000.0, capacity_veh_h=3600, storage=1),
    ], stuck_s=30.0)
    c.put(2)
    c.env.run(until=100)
    # car 0 entered link 1 at 10 s; car 1 reached the head at 11 s, was blocked, and forced in at 41 s
    assert c.links[1].occ == 2
    assert c.links[0].occ == 0


def _grid_spec(one_way: bool = False) -> NetworkSpec:
    """A square a-b-c-d with a diagonal shortcut a-c."""
    nodes = [dict(id=i, x_m=x, y_m=y) for i, x, y in (("a", 0, 0), ("b", 1000, 0), ("c", 1000, 1000), ("d", 0, 1000))]
    seg = dict(kind="arterial", lanes=1, free_speed_kmh=36.0, capacity_veh_h=900.0, signal_delay_s=0.0)
    segments = [
        dict(id="ab", **{"from": "a"}, to="b", **seg), dict(id="bc", **{"from": "b"}, to="c", **seg),
        dict(id="cd", **{"from": "c"}, to="d", **seg), dict(id="da", **{"from": "d"}, to="a", **seg),
        dict(id="ac", **{"from": "a"}, to="c", **seg, directions="forward" if one_way else "both"),
    ]
    return NetworkSpec.model_validate(dict(schema_version=1, name="grid", nodes=nodes, segments=segments,
                                           zones=[dict(id="z", node="a", kind="old_town")]))


def _first_link(net, router: Router, a: str, b: str) -> str | None:  # type: ignore[no-untyped-def]
    nxt = router.table(0)[net.node_index[b]][net.node_index[a]]
    return None if nxt < 0 else net.link_ids[nxt]


def test_routes_take_the_shortcut_and_avoid_a_closed_link() -> None:
    net = build_network(_grid_spec())
    router = Router(net, ("A",), np.random.default_rng(0), groups=1)
    assert _first_link(net, router, "a", "c") == "ac:ab"  # 1414 m beats 2000 m
    closed = modified(net, ["ac"], [], [])
    assert "ac:ab" not in closed.link_ids and "ac:ba" not in closed.link_ids
    router = Router(closed, ("A",), np.random.default_rng(0), groups=1)
    assert _first_link(closed, router, "a", "c") in ("ab:ab", "da:ba")
    assert router.times_s()[closed.node_index["a"], closed.node_index["c"]] == pytest.approx(200.0)


def test_one_way_street_is_driven_one_way_only() -> None:
    net = build_network(_grid_spec(one_way=True))
    assert "ac:ab" in net.link_ids and "ac:ba" not in net.link_ids
    router = Router(net, ("A",), np.random.default_rng(0), groups=1)
    assert _first_link(net, router, "a", "c") == "ac:ab"
    assert _first_link(net, router, "c", "a") in ("bc:ba", "cd:ab")  # the long way round
    # a scenario can also make a two-way street one-way
    both = build_network(_grid_spec())
    made = modified(both, [], ["ac:ba"], [])
    assert "ac:ab" not in made.link_ids and "ac:ba" in made.link_ids


def test_road_works_cut_capacity_and_storage() -> None:
    net = build_network(_grid_spec())
    cut = modified(net, [], [], [(["ab"], 0.5)])
    i = cut.link_index["ab:ab"]
    assert cut.link_capacity_veh_h[i] == pytest.approx(450.0)
    assert cut.storage_veh()[i] == pytest.approx(net.storage_veh()[net.link_index["ab:ab"]] / 2)


def test_unknown_segment_in_a_scenario_is_named() -> None:
    net = build_network(_grid_spec())
    with pytest.raises(NetworkError, match=r"network.closed_segments\[0\]: no segment 'nope'"):
        modified(net, ["nope"], [], [], source="team.toml")


def test_a_car_cruising_for_a_space_holds_up_the_cars_behind_it() -> None:
    # 600 m, free time 60 s. A cruising car at 12 km/h (0.3 s/m) needs 180 s; the car behind it
    # entered together and could leave at 60 s + headway, but the queue is one file: it leaves
    # one headway (2 s at 1800 veh/h) after the cruiser
    c = Chain([dict(length_m=600.0, free_time_s=60.0, capacity_veh_h=1800, storage=100)])
    cruiser, follower = Vehicle(0, 0, 1, 0, False, 1), Vehicle(1, 0, 1, 0, False, 1)
    cruiser.pace_s_per_m = 3.6 / 12.0
    c.links[0].enter(cruiser, 0.0)
    c.links[0].enter(follower, 0.0)
    c.env.run()
    assert c.arrivals == [(0, pytest.approx(180.0)), (1, pytest.approx(182.0))]


def test_a_cruising_pace_never_makes_a_car_faster_than_the_street() -> None:
    # the same car on a street whose free time (with its signal delay) is longer than the cruise takes
    c = Chain([dict(length_m=100.0, free_time_s=60.0, capacity_veh_h=1800, storage=100)])
    car = Vehicle(0, 0, 1, 0, False, 1)
    car.pace_s_per_m = 3.6 / 12.0  # 30 s for 100 m
    c.links[0].enter(car, 0.0)
    c.env.run()
    assert c.arrivals == [(0, 60.0)]
