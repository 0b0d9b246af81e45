"""Shortest-travel-time routes, recomputed every few minutes from what drivers met.

Drivers route by the travel times they would see on a navigation app: the
free-flow time where a street is empty, the recently measured time or the time
to clear the queue where it is not. Every `routing_update_min` the router
rebuilds, for every node, the next link towards every destination (all pairs,
by Floyd-Warshall over the few hundred nodes of the old town, in numpy).

A car that may not enter a ring sees that ring's gates as closed: it gets a
table of its own, one per set of closed rings, built when first needed.

Drivers do not all see the same times (and if they did, all of them would
swap to the same street at every refresh and flip congestion back and forth).
So there are `groups` perceptions: each refresh draws, per group, a
multiplicative noise on every link's time (lognormal, `perception_sd`), and a
car routes by its group's table. Measured costs are also smoothed between
refreshes (`smoothing` is the weight of the new measurement).
"""

from __future__ import annotations

import numpy as np

from sim.engine.network import Network


def all_pairs_next_link(n_nodes: int, link_from: np.ndarray, link_to: np.ndarray, cost_s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Travel time between all node pairs and the first link of a shortest path.

    Returns (time_s[i, j], next_link[i, j]); next_link is -1 where j cannot be
    reached from i (or i == j). Floyd-Warshall gives the times; the first link
    from i towards j is then the out-link l of i that minimises cost[l] + time[to(l), j].
    """
    dist = np.full((n_nodes, n_nodes), np.inf)
    finite = np.isfinite(cost_s)
    np.minimum.at(dist, (link_from[finite], link_to[finite]), cost_s[finite])
    np.fill_diagonal(dist, 0.0)
    via = np.empty_like(dist)
    for k in range(n_nodes):
        np.add(dist[:, k : k + 1], dist[k : k + 1, :], out=via)
        np.minimum(dist, via, out=dist)
    out_table = _out_table(n_nodes, link_from, finite)
    # cost of leaving i by each of its out-links and going on to every j: (n, max_out, n)
    padded = np.where(out_table >= 0, out_table, 0)
    via_link = np.where((out_table >= 0)[:, :, None], cost_s[padded][:, :, None] + dist[link_to[padded]], np.inf)
    best = via_link.argmin(axis=1)
    nxt = np.take_along_axis(out_table, best, axis=1)
    nxt[~np.isfinite(dist)] = -1
    np.fill_diagonal(nxt, -1)
    return dist, nxt


def _out_table(n_nodes: int, link_from: np.ndarray, usable: np.ndarray) -> np.ndarray:
    """out_table[i, k] = the k-th usable link leaving node i, -1 padded."""
    links = np.flatnonzero(usable)
    order = links[np.argsort(link_from[links], kind="stable")]
    counts = np.bincount(link_from[order], minlength=n_nodes)
    table = np.full((n_nodes, max(1, int(counts.max(initial=0)))), -1, dtype=np.int64)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    for i in range(n_nodes):
        table[i, : counts[i]] = order[starts[i] : starts[i] + counts[i]]
    return table


class Router:
    """Next-link tables by destination, for each set of rings a car may not enter."""

    def __init__(self, net: Network, ring_order: tuple[str, ...], rng: np.random.Generator,
                 groups: int = 3, perception_sd: float = 0.15, smoothing: float = 0.5) -> None:
        self.net = net
        self.ring_order = ring_order
        self.rng = rng
        self.groups = groups
        self.perception_sd = perception_sd
        self.smoothing = smoothing
        self.free_time_s = net.free_time_s()
        self.cost_s = self.free_time_s.copy()
        self._noise = np.ones((groups, net.n_links))
        # bit r set on a link that is a gate of ring ring_order[r]
        bits = np.zeros(net.n_links, dtype=np.int64)
        for r, ring in enumerate(ring_order):
            bits |= net.gate_links(ring).astype(np.int64) << r
        self.gate_bits: list[int] = bits.tolist()
        self._gate_bits = bits
        self._tables: dict[tuple[int, int], list[list[int]]] = {}
        self._times: dict[int, np.ndarray] = {}
        self.updates = 0

    def update(self, measured_cost_s: np.ndarray) -> None:
        """New measured link costs: smooth, draw the groups' perceptions, forget every table."""
        new = np.maximum(measured_cost_s, self.free_time_s)
        self.cost_s = self.smoothing * new + (1.0 - self.smoothing) * self.cost_s
        if self.groups > 1 and self.perception_sd > 0:
            self._noise = self.rng.lognormal(0.0, self.perception_sd, size=(self.groups, self.net.n_links))
        self._tables.clear()
        self._times.clear()
        self.updates += 1

    def _cost(self, ring_mask: int, group: int | None) -> np.ndarray:
        cost = self.cost_s if group is None else self.cost_s * self._noise[group]
        if ring_mask:
            cost = np.where((self._gate_bits & ring_mask) != 0, np.inf, cost)
        return cost

    def table(self, ring_mask: int, group: int = 0) -> list[list[int]]:
        """next_link[dest][node] for a driver group, avoiding the gates of the rings in ring_mask."""
        key = (ring_mask, group)
        tab = self._tables.get(key)
        if tab is None:
            _dist, nxt = all_pairs_next_link(self.net.n_nodes, self.net.link_from, self.net.link_to, self._cost(ring_mask, group))
            # indexed [destination][node] so a lookup is two list subscripts
            tab = self._tables[key] = nxt.T.tolist()
        return tab

    def times_s(self, ring_mask: int = 0) -> np.ndarray:
        """time_s[origin, dest] on the current (unperturbed) costs."""
        dist = self._times.get(ring_mask)
        if dist is None:
            dist, _nxt = all_pairs_next_link(self.net.n_nodes, self.net.link_from, self.net.link_to, self._cost(ring_mask, None))
            self._times[ring_mask] = dist
        return dist
