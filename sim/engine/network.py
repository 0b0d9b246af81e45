"""The road network of the old town: nodes, directed links, rings and zones.

The network is data (docs/network-format.md): a planner's scenario names a
network file and then closes segments, cuts capacity for road works and turns
streets one-way on top of it. This module reads and checks that file, expands
street segments into directed links, works out which nodes lie in which
control ring (by the ring polygons) and which links are the gates of a ring,
and applies the scenario's changes. The result is plain arrays that the link
model, the router and the GUI's map all read.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

RING_IDS = ("A", "B", "C", "D")
VEHICLE_LENGTH_M = 7.5  # jam spacing per vehicle per lane (design: storage = length x lanes / 7.5 m)
MAX_NETWORK_BYTES = 4 * 1024 * 1024

_Id = Annotated[str, Field(pattern=r"^[a-z0-9_]{1,64}$")]
_Name = Annotated[str, Field(max_length=200)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class RingSpec(_Strict):
    id: Literal["A", "B", "C", "D"]
    name_zh: _Name
    name_pinyin: _Name
    polygon_m: list[Annotated[list[float], Field(min_length=2, max_length=2)]] = Field(min_length=3, max_length=1000)


class NodeSpec(_Strict):
    id: _Id
    x_m: float = Field(ge=-100_000, le=100_000)
    y_m: float = Field(ge=-100_000, le=100_000)
    name_zh: _Name = ""
    name_pinyin: _Name = ""


class SegmentSpec(_Strict):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, populate_by_name=True)

    id: _Id
    from_: _Id = Field(alias="from")
    to: _Id
    name_zh: _Name = ""
    name_pinyin: _Name = ""
    kind: Literal["arterial", "secondary", "ring_road", "bridge", "access", "expressway"]
    lanes: int = Field(ge=1, le=8)
    free_speed_kmh: float = Field(ge=5, le=120)
    capacity_veh_h: float = Field(ge=100, le=10_000)
    signal_delay_s: float = Field(0.0, ge=0, le=180)
    directions: Literal["both", "forward"] = "both"
    length_m: float | None = Field(None, gt=0, le=20_000)


class ZoneSpec(_Strict):
    id: _Id
    node: _Id
    kind: Literal["old_town", "gusu", "external", "transfer_centre"]
    name_zh: _Name = ""
    name_pinyin: _Name = ""
    residents_weight: float = Field(0.0, ge=0, le=1e6)
    jobs_weight: float = Field(0.0, ge=0, le=1e6)
    visitor_weight: float = Field(0.0, ge=0, le=1e6)


class NetworkSpec(_Strict):
    schema_version: Literal[1]
    name: _Name
    rings: list[RingSpec] = Field(default_factory=list, max_length=4)
    nodes: list[NodeSpec] = Field(min_length=2, max_length=20_000)
    segments: list[SegmentSpec] = Field(min_length=1, max_length=50_000)
    zones: list[ZoneSpec] = Field(min_length=1, max_length=5_000)


class NetworkError(ValueError):
    """A network file that cannot be used; the message names the file and the key."""


@dataclass
class Zone:
    id: str
    node: int
    kind: str
    name_zh: str
    name_pinyin: str
    residents_weight: float
    jobs_weight: float
    visitor_weight: float
    rings: frozenset[str]


@dataclass
class Network:
    """Directed links as parallel arrays; indices are link and node numbers."""

    name: str
    node_ids: list[str]
    node_xy_m: np.ndarray  # (n_nodes, 2)
    node_names: list[tuple[str, str]]  # (zh, pinyin)
    node_rings: list[frozenset[str]]
    ring_polygons_m: dict[str, np.ndarray]
    ring_names: dict[str, tuple[str, str]]
    link_ids: list[str]
    link_segment: list[str]
    link_from: np.ndarray  # int
    link_to: np.ndarray  # int
    link_length_m: np.ndarray
    link_lanes: np.ndarray
    link_free_speed_kmh: np.ndarray
    link_capacity_veh_h: np.ndarray
    link_signal_delay_s: np.ndarray
    link_kind: list[str]
    link_names: list[tuple[str, str]]
    zones: dict[str, Zone]
    node_index: dict[str, int] = field(default_factory=dict)
    link_index: dict[str, int] = field(default_factory=dict)
    # segments a scenario closed: (segment id, from node, to node, name), so a map can still draw them
    closed: list[tuple[str, int, int, tuple[str, str]]] = field(default_factory=list)
    # directed link ids a scenario removed (closed segments, the other way of a one-way link)
    removed_link_ids: frozenset[str] = frozenset()

    @property
    def n_nodes(self) -> int:
        return len(self.node_ids)

    @property
    def n_links(self) -> int:
        return len(self.link_ids)

    def free_time_s(self) -> np.ndarray:
        """Free-flow time of every link, signal delay included."""
        return self.link_length_m / (self.link_free_speed_kmh / 3.6) + self.link_signal_delay_s

    def storage_veh(self) -> np.ndarray:
        """How many vehicles a link holds when jammed."""
        return np.maximum(1.0, self.link_length_m * self.link_lanes / VEHICLE_LENGTH_M)

    def links_inside(self, ring: str) -> np.ndarray:
        """Mask of links with both ends in the ring."""
        inside = np.array([ring in r for r in self.node_rings])
        return inside[self.link_from] & inside[self.link_to]

    def gate_links(self, ring: str) -> np.ndarray:
        """Mask of links that cross into the ring from outside it."""
        inside = np.array([ring in r for r in self.node_rings])
        return ~inside[self.link_from] & inside[self.link_to]

    def out_links(self) -> list[list[int]]:
        out: list[list[int]] = [[] for _ in range(self.n_nodes)]
        for i, f in enumerate(self.link_from.tolist()):
            out[f].append(i)
        return out


def point_in_polygon(x: float, y: float, poly: np.ndarray) -> bool:
    """Ray casting; points on an edge count as inside."""
    n = len(poly)
    inside = False
    for i in range(n):
        x1, y1 = poly[i]
        x2, y2 = poly[(i + 1) % n]
        # on the edge
        cross = (x2 - x1) * (y - y1) - (y2 - y1) * (x - x1)
        if abs(cross) < 1e-6 and min(x1, x2) - 1e-6 <= x <= max(x1, x2) + 1e-6 and min(y1, y2) - 1e-6 <= y <= max(y1, y2) + 1e-6:
            return True
        if (y1 > y) != (y2 > y):
            xin = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if x < xin:
                inside = not inside
    return inside


def _format_validation(path: Path, err: ValidationError) -> str:
    lines = []
    for e in err.errors():
        loc = ".".join(str(p) for p in e["loc"])
        lines.append(f"{path.name}: {loc}: {e['msg']}")
    return "\n".join(lines)


def read_network_spec(path: Path) -> NetworkSpec:
    """Read and validate a network file; NetworkError names the file and key."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise NetworkError(f"{path}: cannot read network file ({exc.strerror})") from None
    if len(raw) > MAX_NETWORK_BYTES:
        raise NetworkError(f"{path.name}: network file is {len(raw)} bytes, more than the {MAX_NETWORK_BYTES} allowed")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise NetworkError(f"{path.name}: not UTF-8 text (byte {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise NetworkError(f"{path.name}: TOML syntax: {exc}") from None
    try:
        return NetworkSpec.model_validate(data)
    except ValidationError as exc:
        raise NetworkError(_format_validation(path, exc)) from None


def build_network(spec: NetworkSpec, source: str = "network") -> Network:
    """Expand segments into directed links and derive ring membership."""
    node_index: dict[str, int] = {}
    for i, node in enumerate(spec.nodes):
        if node.id in node_index:
            raise NetworkError(f"{source}: nodes[{i}].id: duplicate node id {node.id!r}")
        node_index[node.id] = i
    xy = np.array([[n.x_m, n.y_m] for n in spec.nodes], dtype=float)
    polygons: dict[str, np.ndarray] = {r.id: np.array(r.polygon_m, dtype=float) for r in spec.rings}
    node_rings = [
        frozenset(rid for rid, poly in polygons.items() if point_in_polygon(float(x), float(y), poly))
        for x, y in xy
    ]
    ids: list[str] = []
    seg_of: list[str] = []
    frm: list[int] = []
    to: list[int] = []
    rows: list[tuple[float, int, float, float, float, str, tuple[str, str]]] = []
    seen: set[str] = set()
    for i, seg in enumerate(spec.segments):
        if seg.id in seen:
            raise NetworkError(f"{source}: segments[{i}].id: duplicate segment id {seg.id!r}")
        seen.add(seg.id)
        for key, end in (("from", seg.from_), ("to", seg.to)):
            if end not in node_index:
                raise NetworkError(f"{source}: segments[{i}].{key}: no node {end!r}")
        a, b = node_index[seg.from_], node_index[seg.to]
        if a == b:
            raise NetworkError(f"{source}: segments[{i}]: 'from' and 'to' are the same node")
        straight = float(np.hypot(*(xy[b] - xy[a])))
        length = seg.length_m if seg.length_m is not None else straight
        if length < straight - 1.0:
            raise NetworkError(f"{source}: segments[{i}].length_m: {length} m is shorter than the straight line {straight:.0f} m")
        length = max(length, 10.0)
        row = (length, seg.lanes, seg.free_speed_kmh, seg.capacity_veh_h, seg.signal_delay_s, seg.kind, (seg.name_zh, seg.name_pinyin))
        pairs = [("ab", a, b)] + ([("ba", b, a)] if seg.directions == "both" else [])
        for suffix, f, t in pairs:
            ids.append(f"{seg.id}:{suffix}")
            seg_of.append(seg.id)
            frm.append(f)
            to.append(t)
            rows.append(row)
    zones: dict[str, Zone] = {}
    for i, z in enumerate(spec.zones):
        if z.id in zones:
            raise NetworkError(f"{source}: zones[{i}].id: duplicate zone id {z.id!r}")
        if z.node not in node_index:
            raise NetworkError(f"{source}: zones[{i}].node: no node {z.node!r}")
        n = node_index[z.node]
        zones[z.id] = Zone(z.id, n, z.kind, z.name_zh, z.name_pinyin, z.residents_weight, z.jobs_weight, z.visitor_weight, node_rings[n])
    net = Network(
        name=spec.name,
        node_ids=[n.id for n in spec.nodes],
        node_xy_m=xy,
        node_names=[(n.name_zh, n.name_pinyin) for n in spec.nodes],
        node_rings=node_rings,
        ring_polygons_m=polygons,
        ring_names={r.id: (r.name_zh, r.name_pinyin) for r in spec.rings},
        link_ids=ids,
        link_segment=seg_of,
        link_from=np.array(frm, dtype=np.int64),
        link_to=np.array(to, dtype=np.int64),
        link_length_m=np.array([r[0] for r in rows], dtype=float),
        link_lanes=np.array([r[1] for r in rows], dtype=float),
        link_free_speed_kmh=np.array([r[2] for r in rows], dtype=float),
        link_capacity_veh_h=np.array([r[3] for r in rows], dtype=float),
        link_signal_delay_s=np.array([r[4] for r in rows], dtype=float),
        link_kind=[r[5] for r in rows],
        link_names=[r[6] for r in rows],
        zones=zones,
    )
    net.node_index = node_index
    net.link_index = {lid: i for i, lid in enumerate(ids)}
    return net


def modified(
    net: Network,
    closed_segments: list[str],
    one_way_links: list[str],
    works: list[tuple[list[str], float]],
    source: str = "scenario",
) -> Network:
    """A copy of the network with the scenario's closures, one-way rules and works applied."""
    segments = set(net.link_segment)
    keep = np.ones(net.n_links, dtype=bool)
    for i, seg in enumerate(closed_segments):
        if seg not in segments:
            raise NetworkError(f"{source}: network.closed_segments[{i}]: no segment {seg!r} in the network")
        keep &= np.array([s != seg for s in net.link_segment])
    for i, lid in enumerate(one_way_links):
        if lid not in net.link_index:
            raise NetworkError(f"{source}: network.one_way_links[{i}]: no link {lid!r} in the network")
        seg, direction = lid.split(":")
        opposite = f"{seg}:{'ba' if direction == 'ab' else 'ab'}"
        if opposite in net.link_index:
            keep[net.link_index[opposite]] = False
    capacity = net.link_capacity_veh_h.copy()
    lanes = net.link_lanes.copy()
    for w, (segs, factor) in enumerate(works):
        for i, seg in enumerate(segs):
            if seg not in segments:
                raise NetworkError(f"{source}: network.works[{w}].segments[{i}]: no segment {seg!r} in the network")
            mask = np.array([s == seg for s in net.link_segment])
            capacity[mask] *= factor
            lanes[mask] *= factor
    idx = np.flatnonzero(keep)
    out = Network(
        name=net.name,
        node_ids=net.node_ids,
        node_xy_m=net.node_xy_m,
        node_names=net.node_names,
        node_rings=net.node_rings,
        ring_polygons_m=net.ring_polygons_m,
        ring_names=net.ring_names,
        link_ids=[net.link_ids[i] for i in idx],
        link_segment=[net.link_segment[i] for i in idx],
        link_from=net.link_from[idx],
        link_to=net.link_to[idx],
        link_length_m=net.link_length_m[idx],
        link_lanes=lanes[idx],
        link_free_speed_kmh=net.link_free_speed_kmh[idx],
        link_capacity_veh_h=capacity[idx],
        link_signal_delay_s=net.link_signal_delay_s[idx],
        link_kind=[net.link_kind[i] for i in idx],
        link_names=[net.link_names[i] for i in idx],
        zones=net.zones,
        node_index=net.node_index,
    )
    out.link_index = {lid: i for i, lid in enumerate(out.link_ids)}
    shut = set(closed_segments)
    out.closed = net.closed + [(net.link_segment[i], int(net.link_from[i]), int(net.link_to[i]), net.link_names[i])
                               for i in range(net.n_links) if net.link_segment[i] in shut and net.link_ids[i].endswith(":ab")]
    out.removed_link_ids = net.removed_link_ids | {net.link_ids[i] for i in np.flatnonzero(~keep).tolist()}
    return out


def load_network(path: Path) -> Network:
    return build_network(read_network_spec(path), path.name)

