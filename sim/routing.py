"""Shortest-travel-time routes, recomputed every few minutes from what drivers met.

Drivers route by the travel times they would see on a navigation app: the
free-flow time where a street is empty, the recently measured time or the time
to clear the queue where it is not. Every `routing_update_min` the router
rebuilds, for every node, the next link towards every destination (all pairs,
by Floyd-Warshall over the few hundred nodes of the old town, in numpy).

A car that may not enter a ring sees that ring's gates as closed: it gets a
table of its own, one per set of closed rings, built when first needed.
"""

from __future__ import annotations

import numpy as np

from sim.network import Network


def all_pairs_next_link(n_nodes: int, link_from: np.ndarray, link_to: np.ndarray, cost_s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Travel time between all node pairs and the first link of a shortest path.

    Returns (time_s[i, j], next_link[i, j]); next_link is -1 where j cannot be
    reached from i (or i == j).
    """
    inf = np.inf
    dist = np.full((n_nodes, n_nodes), inf)
    nxt = np.full((n_nodes, n_nodes), -1, dtype=np.int64)
    order = np.argsort(-cost_s, kind="stable")  # cheaper links written last, so they win ties of parallel links
    finite = np.isfinite(cost_s[order])
    order = order[finite]
    dist[link_from[order], link_to[order]] = cost_s[order]
    nxt[link_from[order], link_to[order]] = order
    np.fill_diagonal(dist, 0.0)
    np.fill_diagonal(nxt, -1)
    for k in range(n_nodes):
        via = dist[:, k : k + 1] + dist[k : k + 1, :]
        better = via < dist
        if better.any():
            dist = np.where(better, via, dist)
            nxt = np.where(better, nxt[:, k : k + 1], nxt)
    return dist, nxt


class Router:
    """Next-link tables by destination, for each set of rings a car may not enter."""

    def __init__(self, net: Network, ring_order: tuple[str, ...]) -> None:
        self.net = net
        self.ring_order = ring_order
        self.free_time_s = net.free_time_s()
        self.cost_s = self.free_time_s.copy()
        # bit r set on a link that is a gate of ring ring_order[r]
        bits = np.zeros(net.n_links, dtype=np.int64)
        for r, ring in enumerate(ring_order):
            bits |= net.gate_links(ring).astype(np.int64) << r
        self.gate_bits: list[int] = bits.tolist()
        self._tables: dict[int, list[list[int]]] = {}
        self._times: dict[int, np.ndarray] = {}
        self.updates = 0

    def update(self, cost_s: np.ndarray) -> None:
        """New link costs: forget every table, rebuild lazily."""
        self.cost_s = np.maximum(cost_s, self.free_time_s)
        self._tables.clear()
        self._times.clear()
        self.updates += 1

    def _build(self, ring_mask: int) -> None:
        cost = self.cost_s
        if ring_mask:
            closed = (np.array(self.gate_bits) & ring_mask) != 0
            cost = np.where(closed, np.inf, cost)
        dist, nxt = all_pairs_next_link(self.net.n_nodes, self.net.link_from, self.net.link_to, cost)
        # indexed [destination][node] so a lookup is two list subscripts
        self._tables[ring_mask] = nxt.T.tolist()
        self._times[ring_mask] = dist

    def table(self, ring_mask: int) -> list[list[int]]:
        """next_link[dest][node] avoiding the gates of the rings in ring_mask."""
        tab = self._tables.get(ring_mask)
        if tab is None:
            self._build(ring_mask)
            tab = self._tables[ring_mask]
        return tab

    def times_s(self, ring_mask: int = 0) -> np.ndarray:
        """time_s[origin, dest] on the current costs."""
        if ring_mask not in self._times:
            self._build(ring_mask)
        return self._times[ring_mask]
