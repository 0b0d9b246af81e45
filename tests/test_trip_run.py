"""The fixed-trip runner against hand-worked cases, and the benchmark grid.

A trip's time is the sum of its links' times (length / free speed + signal
delay) when the streets are empty, and a stop line passes one car per
3600 / capacity seconds when they are not.
"""

from __future__ import annotations

import numpy as np
import pytest

from bench.grid import grid_corners, grid_network, signal_as_delay, uniform_trips
from sim.engine.network import NetworkSpec, build_network
from sim.engine.routing import all_pairs_next_link
from sim.engine.trips import TripRun, run_trips


def chain(capacity_veh_h: float = 1800.0, ring: bool = False):  # type: ignore[no-untyped-def]
    """a -> b -> c, 500 m at 36 km/h with 10 s signal delay: 60 s a link; with `ring`, b is in ring C
    and a 2 km bypass a -> d -> c avoids it."""
    nodes = [{"id": "a", "x_m": 0, "y_m": 0}, {"id": "b", "x_m": 500, "y_m": 0}, {"id": "c", "x_m": 1000, "y_m": 0}]
    seg = {"kind": "arterial", "lanes": 1, "free_speed_kmh": 36.0, "capacity_veh_h": capacity_veh_h, "signal_delay_s": 10.0, "directions": "forward"}
    segments = [{"id": "ab", "from": "a", "to": "b", **seg}, {"id": "bc", "from": "b", "to": "c", **seg}]
    spec = {"schema_version": 1, "name": "chain", "nodes": nodes, "segments": segments,
            "zones": [{"id": "za", "node": "a", "kind": "gusu"}]}
    if ring:
        nodes.append({"id": "d", "x_m": 500, "y_m": 500})
        segments += [{"id": "ad", "from": "a", "to": "d", **seg, "length_m": 1000.0}, {"id": "dc", "from": "d", "to": "c", **seg, "length_m": 1000.0}]
        spec["rings"] = [{"id": "C", "name_zh": "c", "name_pinyin": "c", "polygon_m": [[400, -100], [600, -100], [600, 100], [400, 100]]}]
    return build_network(NetworkSpec.model_validate(spec))


def test_one_trip_on_empty_streets_takes_the_free_time() -> None:
    r = run_trips(chain(), np.array([100.0]), np.array([0]), np.array([2]))
    assert (r.trips, r.completed) == (1, 1)
    assert r.mean_travel_time_s == pytest.approx(120.0)  # two links of 500 / 10 + 10 s
    assert r.veh_km == pytest.approx(1.0)
    assert r.mean_speed_kmh == pytest.approx(30.0)  # 1 km in 2 min
    assert r.end_s == pytest.approx(220.0)


def test_a_stop_line_passes_one_car_per_headway() -> None:
    # 360 veh/h is one car every 10 s; five cars leave the entry queue 1 s apart (3600 veh/h) and
    # reach b at 60, 70, 80, 90, 100 s; the second link's headway keeps them 10 s apart to c
    r = run_trips(chain(capacity_veh_h=360.0), np.zeros(5), np.zeros(5, dtype=int), np.full(5, 1))
    assert r.completed == 5
    assert r.mean_travel_time_s == pytest.approx(80.0)
    r2 = run_trips(chain(capacity_veh_h=360.0), np.zeros(5), np.zeros(5, dtype=int), np.full(5, 2))
    assert r2.mean_travel_time_s == pytest.approx(140.0)  # 120, 130, ..., 160


def test_a_ring_mask_closes_the_gates_for_the_whole_trip() -> None:
    net = chain(ring=True)
    free = run_trips(net, np.array([0.0]), np.array([0]), np.array([2]))
    assert free.mean_travel_time_s == pytest.approx(120.0)  # straight through b
    around = run_trips(net, np.array([0.0]), np.array([0]), np.array([2]), ring_mask=np.array([0b100]))
    assert around.mean_travel_time_s == pytest.approx(2 * (100.0 + 10.0))  # by d: 2 x (1000 m / 10 m/s + 10 s)
    assert around.veh_km == pytest.approx(2.0)
    into = run_trips(net, np.array([0.0]), np.array([0]), np.array([1]), ring_mask=np.array([0b100]))
    assert (into.trips, into.completed) == (1, 0)  # b is inside C: no way in


def test_light_traffic_on_the_grid_drives_shortest_paths() -> None:
    net = grid_network(5)
    rng = np.random.default_rng(3)
    depart, origin, dest = uniform_trips(rng, 300, net.n_nodes)
    r = run_trips(net, depart, origin, dest, groups=1, perception_sd=0.0)  # no perception noise: true shortest paths
    assert r.completed == 300
    dist, _ = all_pairs_next_link(net.n_nodes, net.link_from, net.link_to, net.free_time_s())
    assert r.mean_travel_time_s == pytest.approx(dist[origin, dest].mean(), rel=1e-3)
    # every shortest path on a grid is a Manhattan path of 450 m links
    size = 5
    manhattan = np.abs(origin // size - dest // size) + np.abs(origin % size - dest % size)
    assert r.veh_km == pytest.approx(0.45 * manhattan.sum())


def test_the_same_trips_give_the_same_figures() -> None:
    net = grid_network(6)
    trips = uniform_trips(np.random.default_rng(5), 4000, net.n_nodes, day_s=3600.0)  # a busy hour
    a, b = run_trips(net, *trips, seed=1), run_trips(net, *trips, seed=1)
    assert (a.completed, a.mean_travel_time_s, a.veh_km, a.events) == (b.completed, b.mean_travel_time_s, b.veh_km, b.events)
    assert a.completed == 4000


def test_grid_and_signal_mapping() -> None:
    assert signal_as_delay(90.0, 45.0, 2) == pytest.approx((11.25, 1800.0))
    net = grid_network(10, spacing_m=450.0)
    assert (net.n_nodes, net.n_links) == (100, 360)
    assert np.allclose(net.link_length_m, 450.0)
    into_corner = np.isin(net.link_to, list(grid_corners(10)))
    assert into_corner.sum() == 8
    assert np.all(net.link_signal_delay_s[~into_corner] == 11.25) and np.all(net.link_signal_delay_s[into_corner] == 0.0)
    assert np.all(net.link_capacity_veh_h[~into_corner] == 1800.0)


def test_wrong_input_is_refused() -> None:
    net = chain()
    with pytest.raises(ValueError, match="same length"):
        TripRun(net, np.zeros(2), np.zeros(1, dtype=int), np.zeros(2, dtype=int))
    with pytest.raises(ValueError, match="node numbers"):
        TripRun(net, np.zeros(1), np.array([0]), np.array([7]))
