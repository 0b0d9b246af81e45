"""The signalised grid of the peer benchmark, and the trips driven on it.

Our engine, SUMO and UXsim drive the same trips on the same 10 x 10 grid
(bench/peers.py); the tests check the grid and the signal mapping too. This is
benchmark scaffolding, not part of the model, so it lives beside the benchmarks.
"""

from __future__ import annotations

import numpy as np

from sim.engine.clock import DAY_S
from sim.engine.network import Network, NetworkSpec, build_network

SAT_FLOW_VEH_H_LANE = 1800.0  # saturation flow of one lane at a green stop line (HCM base)


def signal_as_delay(cycle_s: float, green_s: float, lanes: int, sat_flow_veh_h_lane: float = SAT_FLOW_VEH_H_LANE) -> tuple[float, float]:
    """A fixed-time signal as the link model sees it: (mean delay s, stop-line capacity veh/h).

    A car arriving at a random moment meets red with probability r/C and then
    waits r/2 on average, so the mean delay of an uncongested approach is
    r^2 / (2C) (Webster's uniform term at low flow); the stop line passes
    saturation flow for g/C of the time.
    """
    red = cycle_s - green_s
    return red * red / (2.0 * cycle_s), sat_flow_veh_h_lane * lanes * green_s / cycle_s


def grid_node_id(row: int, col: int) -> str:
    return f"g{row}_{col}"


def grid_network(size: int = 10, spacing_m: float = 450.0, lanes: int = 2, free_speed_kmh: float = 50.0,
                 cycle_s: float = 90.0, green_s: float = 45.0) -> Network:
    """A size x size grid of two-way links, signalised at every node but the corners; every node a zone.

    Node k is row k // size, column k % size; segment h<r>_<c> runs east from (r, c), v<r>_<c> north.
    """
    delay_s, capacity = signal_as_delay(cycle_s, green_s, lanes)
    nodes = [{"id": grid_node_id(r, c), "x_m": c * spacing_m, "y_m": r * spacing_m} for r in range(size) for c in range(size)]
    segments = []
    for r in range(size):
        for c in range(size):
            for dr, dc, axis in ((0, 1, "h"), (1, 0, "v")):
                if r + dr < size and c + dc < size:
                    segments.append({
                        "id": f"{axis}{r}_{c}", "from": grid_node_id(r, c), "to": grid_node_id(r + dr, c + dc),
                        "kind": "arterial", "lanes": lanes, "free_speed_kmh": free_speed_kmh,
                        "capacity_veh_h": capacity, "signal_delay_s": delay_s,
                    })
    zones = [{"id": f"z{n['id']}", "node": n["id"], "kind": "gusu", "residents_weight": 1.0, "jobs_weight": 1.0} for n in nodes]
    spec = NetworkSpec.model_validate({"schema_version": 1, "name": f"{size}x{size} signalised grid", "nodes": nodes,
                                       "segments": segments, "zones": zones})
    net = build_network(spec, "grid")
    # the four corners join two streets only: no signal there (nor in SUMO and UXsim)
    corners = np.isin(net.link_to, list(grid_corners(size)))
    net.link_signal_delay_s[corners] = 0.0
    net.link_capacity_veh_h[corners] = SAT_FLOW_VEH_H_LANE * lanes
    return net


def grid_corners(size: int) -> set[int]:
    """Node numbers of the grid's four corners."""
    return {0, size - 1, size * (size - 1), size * size - 1}


def uniform_trips(rng: np.random.Generator, n_trips: int, n_nodes: int, profile: np.ndarray | None = None,
                  day_s: float = DAY_S) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """n trips between distinct random nodes, departures by an hourly profile (flat when None), sorted."""
    p = np.ones(24) if profile is None else np.asarray(profile, dtype=float)
    counts = rng.multinomial(n_trips, p / p.sum())
    depart = (np.repeat(np.arange(24, dtype=float), counts) + rng.random(n_trips)) * (day_s / 24)
    origin = rng.integers(0, n_nodes, n_trips)
    dest = (origin + rng.integers(1, n_nodes, n_trips)) % n_nodes
    order = np.argsort(depart, kind="stable")
    return depart[order], origin[order], dest[order]
