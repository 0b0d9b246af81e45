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

A junction may ban a movement (no left turn from this street into that one),
for some vehicle categories at some hours. A node table cannot say that: the
next link from a node is the same whichever street a car came in on. So the
router splits the junction: the in-link of a banned movement ends at a copy of
its junction node, which has every out-link of the original except the banned
ones. Floyd-Warshall over the few hundred nodes plus one copy per banned in-link
then gives shortest paths on the link graph, and the detour is the next
shortest path. A car looks its next link up at `via_node[link]` (the copy
where its link ends at one). Tables without a ban in force are the plain node
tables, computed exactly as before.

A street closed for some hours of a date (network.closures, one directed link)
is the same mechanism: a "ban" whose from_link is CLOSED_LINK bans every
movement into its link, and starting on it too. Its bit in a ban mask sets the
link's time to infinity in that table, so no route enters it while it holds;
a car already on it looks its next link up as usual and drives off. The clock
knows dates as well as day types, so a closure holds on its date only.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from sim.engine.clock import hour_of
from sim.engine.network import Network


def all_pairs_next_link(n_nodes: int, link_from: np.ndarray, link_to: np.ndarray, cost_s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Travel time between all node pairs and the first link of a shortest path.

    Returns (time_s[i, j], next_link[i, j]); next_link is -1 where j cannot be
    reached from i (or i == j). Floyd-Warshall gives the times; the first link
    from i towards j is then the out-link l of i that minimises cost[l] + time[to(l), j].
    """
    dist = _all_pairs_time(n_nodes, link_from, link_to, cost_s)
    nxt = _first_links(n_nodes, link_from, link_to, cost_s, dist)
    np.fill_diagonal(nxt, -1)
    return dist, nxt


def _all_pairs_time(n_nodes: int, link_from: np.ndarray, link_to: np.ndarray, cost_s: np.ndarray) -> np.ndarray:
    """Floyd-Warshall: the shortest time between every pair of nodes."""
    dist = np.full((n_nodes, n_nodes), np.inf)
    finite = np.isfinite(cost_s)
    np.minimum.at(dist, (link_from[finite], link_to[finite]), cost_s[finite])
    np.fill_diagonal(dist, 0.0)
    via = np.empty_like(dist)
    for k in range(n_nodes):
        np.add(dist[:, k : k + 1], dist[k : k + 1, :], out=via)
        np.minimum(dist, via, out=dist)
    return dist


def _first_links(n_nodes: int, link_from: np.ndarray, link_to: np.ndarray, cost_s: np.ndarray, dist: np.ndarray) -> np.ndarray:
    """next[i, j]: the out-link l of i minimising cost[l] + dist[to(l), j]; -1 where j is out of reach."""
    out_table = _out_table(n_nodes, link_from, np.isfinite(cost_s))
    # cost of leaving i by each of its out-links and going on to every j: (n, max_out, n)
    padded = np.where(out_table >= 0, out_table, 0)
    via_link = np.where((out_table >= 0)[:, :, None], cost_s[padded][:, :, None] + dist[link_to[padded]], np.inf)
    best = via_link.argmin(axis=1)
    nxt = np.take_along_axis(out_table, best, axis=1)
    nxt[~np.isfinite(dist)] = -1
    return nxt


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


CLOSED_LINK = -1  # the from_link of a closure: every movement into to_link is banned


@dataclass(frozen=True)
class TurnBan:
    """A banned movement, compiled: from link to link (indices), for whom (category bits), when.

    from_link CLOSED_LINK: to_link is closed (no movement into it, no start on it); `dates`, when
    given, are the only dates the ban holds on."""

    from_link: int
    to_link: int
    category_mask: int  # bit c set: the ban applies to vehicle category c
    day_types: frozenset[str]
    windows_h: tuple[tuple[float, float], ...]  # [start, end) hours of the day
    dates: frozenset[dt.date] | None = None

    def in_force(self, day_type: str, hour: float, date: dt.date | None = None) -> bool:
        return (day_type in self.day_types and (self.dates is None or date in self.dates)
                and any(a <= hour < b for a, b in self.windows_h))


class TurnBanClock:
    """Which bans are in force, per vehicle category, at the current minute.

    Ban windows are whole minutes (HH:MM), so the state is worked out once per
    simulated minute, on the first question asked in it; `day_type_at(t_s)` names
    the kind of day at t_s, `date_at(t_s)` its date (needed by bans with dates).
    Bit b of a mask is ban b (the router's movement b).
    """

    def __init__(self, bans: Sequence[TurnBan], n_categories: int, day_type_at: Callable[[float], str],
                 date_at: Callable[[float], dt.date] | None = None) -> None:
        self.bans = list(bans)
        self.n_categories = n_categories
        self.day_type_at = day_type_at
        self.date_at = date_at
        self.masks = [0] * n_categories
        self._until_s = -1.0

    def mask(self, category: int, t_s: float) -> int:
        """The bans in force for a vehicle of this category index at t_s."""
        if t_s >= self._until_s:
            minute_s = (t_s // 60.0) * 60.0
            day_type, hour = self.day_type_at(minute_s), hour_of(minute_s)
            date = None if self.date_at is None else self.date_at(minute_s)
            self.masks = [
                sum(1 << b for b, ban in enumerate(self.bans) if ban.category_mask >> c & 1 and ban.in_force(day_type, hour, date))
                for c in range(self.n_categories)
            ]
            self._until_s = minute_s + 60.0
        return self.masks[category]


def turn_ban(net: Network, from_id: str, to_id: str, category_mask: int, day_types: Sequence[str],
             windows_h: Sequence[tuple[float, float]], key: str) -> TurnBan | None:
    """Compile one ban on the network as driven; None when the scenario removed one of its links.

    ValueError names `key` (e.g. "network.turn_bans[0]") and what is wrong: a link the
    network never had (with the nearest ids), or two links that do not meet at a junction.
    """
    ends: list[int] = []
    for name, lid in (("from_link", from_id), ("to_link", to_id)):
        if lid in net.removed_link_ids:
            return None  # closed or made one-way by the scenario: the movement cannot happen anyway
        if lid not in net.link_index:
            close = difflib.get_close_matches(lid, net.link_ids, n=3)
            hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
            raise ValueError(f"{key}.{name}: no link {lid!r} in the network{hint}")
        ends.append(net.link_index[lid])
    a, b = ends
    junction = int(net.link_to[a])
    if int(net.link_from[b]) != junction:
        leaving = ", ".join(repr(net.link_ids[i]) for i in np.flatnonzero(net.link_from == junction).tolist())
        raise ValueError(f"{key}.to_link: {to_id!r} does not leave the junction {net.node_ids[junction]!r} where "
                         f"{from_id!r} ends, so the two do not meet; links leaving it: {leaving or 'none'}")
    return TurnBan(a, b, category_mask, frozenset(day_types), tuple(windows_h))


def closure(net: Network, link_id: str, category_mask: int, date: dt.date, windows_h: Sequence[tuple[float, float]],
            key: str) -> TurnBan | None:
    """Compile a closure of one directed link on one date; None when the scenario removed the link already.

    ValueError names `key` (e.g. "network.closures[0]") when the network never had the link."""
    if link_id in net.removed_link_ids:
        return None  # closed for the whole run or made one-way the other way: closed anyway
    if link_id not in net.link_index:
        close = difflib.get_close_matches(link_id, net.link_ids, n=3)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise ValueError(f"{key}.link: no link {link_id!r} in the network{hint}")
    day_types = ("workday", "weekend", "holiday")
    return TurnBan(CLOSED_LINK, net.link_index[link_id], category_mask, frozenset(day_types), tuple(windows_h), frozenset([date]))


@dataclass
class _SplitGraph:
    """The link graph of one set of bans in force: each banned in-link ends at a copy of its junction."""

    n_nodes: int  # nodes plus copies
    link_from: np.ndarray
    link_to: np.ndarray
    original: np.ndarray  # link index in the network of every link here (copies map to their original)
    copy_of: list[tuple[int, int]]  # (copy node, the junction it copies)


def _split_graph(net: Network, in_links: list[int], banned: set[tuple[int, int]]) -> _SplitGraph:
    n, m = net.n_nodes, net.n_links
    link_to = net.link_to.copy()
    for k, a in enumerate(in_links):
        link_to[a] = n + k
    out = net.out_links()
    frm: list[int] = []
    to: list[int] = []
    orig: list[int] = []
    for k, a in enumerate(in_links):
        for lk in out[int(net.link_to[a])]:
            if (a, lk) not in banned:
                frm.append(n + k)
                to.append(int(link_to[lk]))
                orig.append(lk)
    return _SplitGraph(
        n + len(in_links),
        np.concatenate([net.link_from, np.array(frm, dtype=np.int64)]),
        np.concatenate([link_to, np.array(to, dtype=np.int64)]),
        np.concatenate([np.arange(m, dtype=np.int64), np.array(orig, dtype=np.int64)]),
        [(n + k, int(net.link_to[a])) for k, a in enumerate(in_links)],
    )


def split_next_link(g: _SplitGraph, n_dest: int, cost_s: np.ndarray) -> np.ndarray:
    """next_link[node or copy, dest] (network link indices) on a split graph, -1 where out of reach or arrived."""
    cost_x = cost_s[g.original]
    dist = _all_pairs_time(g.n_nodes, g.link_from, g.link_to, cost_x)
    for copy, junction in g.copy_of:
        # reaching the copy is reaching its junction, for a car bound there
        np.minimum(dist[:, junction], dist[:, copy], out=dist[:, junction])
    dist = dist[:, :n_dest]
    nxt = _first_links(g.n_nodes, g.link_from, g.link_to, cost_x, dist)
    nxt = np.where(nxt >= 0, g.original[np.maximum(nxt, 0)], -1)
    np.fill_diagonal(nxt[:n_dest], -1)
    for copy, junction in g.copy_of:
        nxt[copy, junction] = -1
    return nxt


class Router:
    """Next-link tables by destination, for each set of rings a car may not enter."""

    def __init__(self, net: Network, ring_order: tuple[str, ...], rng: np.random.Generator,
                 groups: int = 3, perception_sd: float = 0.15, smoothing: float = 0.5,
                 movements: Sequence[tuple[int, int]] = ()) -> None:
        """`movements[b]` is the (from link, to link) that bit b of a table's `ban_mask` bans."""
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
        self.movements = list(movements)
        self._in_links = sorted({a for a, _b in self.movements if a != CLOSED_LINK})
        self._closure_bits = sum(1 << b for b, (a, _l) in enumerate(self.movements) if a == CLOSED_LINK)
        # where a car at the head of each link looks its next link up: the junction, or its copy
        self.via_node: list[int] = net.link_to.tolist()
        for k, a in enumerate(self._in_links):
            self.via_node[a] = net.n_nodes + k
        self._splits: dict[int, _SplitGraph] = {}
        self._tables: dict[tuple[int, int, int], list[list[int]]] = {}
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

    def table(self, ring_mask: int, group: int = 0, ban_mask: int = 0) -> list[list[int]]:
        """next_link[dest][node] for a driver group, avoiding the gates of the rings in ring_mask.

        With bans in force (bit b: `movements[b]`), look up at `via_node[link]`, not at the link's end node."""
        key = (ring_mask, group, ban_mask)
        tab = self._tables.get(key)
        if tab is None:
            if ban_mask:
                cost = self._cost(ring_mask, group)
                if ban_mask & self._closure_bits:
                    closed = [lk for b, (a, lk) in enumerate(self.movements) if ban_mask >> b & 1 and a == CLOSED_LINK]
                    cost = cost.copy()
                    cost[closed] = np.inf
                nxt = split_next_link(self._split(ban_mask & ~self._closure_bits), self.net.n_nodes, cost)
            else:
                _dist, nxt = all_pairs_next_link(self.net.n_nodes, self.net.link_from, self.net.link_to, self._cost(ring_mask, group))
            # indexed [destination][node] so a lookup is two list subscripts
            tab = self._tables[key] = nxt.T.tolist()
        return tab

    def _split(self, ban_mask: int) -> _SplitGraph:
        g = self._splits.get(ban_mask)
        if g is None:
            banned = {mv for b, mv in enumerate(self.movements) if ban_mask >> b & 1}
            g = self._splits[ban_mask] = _split_graph(self.net, self._in_links, banned)
        return g

    def times_s(self, ring_mask: int = 0) -> np.ndarray:
        """time_s[origin, dest] on the current (unperturbed) costs."""
        dist = self._times.get(ring_mask)
        if dist is None:
            dist, _nxt = all_pairs_next_link(self.net.n_nodes, self.net.link_from, self.net.link_to, self._cost(ring_mask, None))
            self._times[ring_mask] = dist
        return dist
