"""What the model measures, bin by bin and day by day, as plain numpy arrays.

Speed is what the police publish: space-mean speed, vehicle-kilometres over
vehicle-hours, on surface arterials (facts A: 18.6 km/h in the old town, 19.7
km/h Gusu-wide, against a 20 km/h congestion warning line). A vehicle's
traversal of a link counts in the bin in which it leaves the link.

Per bin the recorder keeps: speed on old-town arterials, in each ring and
Gusu-wide; vehicles inside each ring; vehicles entering each ring through its
gates and standing in the gates' queues (per ring and per gate link); cars in every transfer centre and
every zone's public parking; persons waiting for shuttles; and every link's
speed, so the map can be replayed. The GUI, the CLI and the tests read the
same arrays.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sim.engine.links import Link
from sim.engine.network import Network
from sim.oldtown.rings import RING_IDS

SPEED_AREAS = ("old_town", "gusu") + RING_IDS
STREET_KINDS = ("arterial", "secondary", "ring_road")


def area_masks(net: Network) -> dict[str, np.ndarray]:
    """Which links count towards each reported speed."""
    street = np.array([k in STREET_KINDS for k in net.link_kind])
    arterial = np.array([k in ("arterial", "secondary") for k in net.link_kind])
    gusu_kind = np.array([k in STREET_KINDS + ("bridge",) for k in net.link_kind])
    in_a = net.links_inside("A") if "A" in net.ring_polygons_m else np.zeros(net.n_links, bool)
    masks = {"old_town": arterial & in_a}
    xy = net.node_xy_m
    # Gusu-wide: the streets between the moat and the inner ring road, and inside
    ring_road = np.array([k == "ring_road" for k in net.link_kind])
    if ring_road.any():
        ends = np.concatenate([net.link_from[ring_road], net.link_to[ring_road]])
        lo, hi = xy[ends].min(axis=0) - 1.0, xy[ends].max(axis=0) + 1.0
        inside = np.all((xy >= lo) & (xy <= hi), axis=1)
        masks["gusu"] = gusu_kind & inside[net.link_from] & inside[net.link_to]
    else:
        masks["gusu"] = gusu_kind
    for ring in RING_IDS:
        if ring in net.ring_polygons_m:
            masks[ring] = street & net.links_inside(ring)
        else:
            masks[ring] = np.zeros(net.n_links, bool)
    return masks


def speed_kmh(veh_m: np.ndarray, veh_s: np.ndarray) -> np.ndarray:
    """Space-mean speed; NaN where nobody drove."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(veh_s > 0, veh_m / np.maximum(veh_s, 1e-9) * 3.6, np.nan)


@dataclass
class Recorder:
    """Time series on a fixed bin for the whole run."""

    net: Network
    n_days: int
    bin_min: int
    centre_ids: list[str]
    zone_ids: list[str]
    masks: dict[str, np.ndarray] = field(init=False)
    n_bins: int = field(init=False)
    bins_done: int = 0

    def __post_init__(self) -> None:
        self.masks = area_masks(self.net)
        self.bins_per_day = 24 * 60 // self.bin_min
        self.n_bins = self.n_days * self.bins_per_day
        nb, nl = self.n_bins, self.net.n_links
        self.t_end_s = (np.arange(nb) + 1) * self.bin_min * 60.0
        self.veh_m = {a: np.zeros(nb) for a in SPEED_AREAS}
        self.veh_s = {a: np.zeros(nb) for a in SPEED_AREAS}
        self.nonlocal_m = np.zeros(nb)  # Gusu-wide
        self.gusu_m = np.zeros(nb)
        self.in_ring_veh = {r: np.zeros(nb) for r in RING_IDS}
        self.gate_inflow_veh = {r: np.zeros(nb) for r in RING_IDS}
        self.gate_queue_veh = {r: np.zeros(nb) for r in RING_IDS}
        self.centre_cars = {c: np.zeros(nb) for c in self.centre_ids}
        self.centre_queue_persons = {c: np.zeros(nb) for c in self.centre_ids}
        self.zone_parked = {z: np.zeros(nb) for z in self.zone_ids}
        self.rings_in_force = np.zeros(nb, dtype=np.int64)
        self.link_speed_kmh = np.full((nb, nl), np.nan, dtype=np.float32)
        self.link_load = np.zeros((nb, nl), dtype=np.float32)  # occupancy / storage at bin end
        self.storage_veh = self.net.storage_veh()  # what the links were built with (sim.oldtown.model)
        self.gates = {r: np.flatnonzero(self.net.gate_links(r)) if r in self.net.ring_polygons_m else np.zeros(0, int) for r in RING_IDS}
        self.inside = {r: np.flatnonzero(self.net.links_inside(r)) if r in self.net.ring_polygons_m else np.zeros(0, int) for r in RING_IDS}
        # every link that is a gate of some ring, and its queue per bin (for the map and the gate plots)
        self.gate_link_idx = np.unique(np.concatenate([self.gates[r] for r in RING_IDS])).astype(np.int64)
        self.gate_link_queue_veh = np.zeros((nb, len(self.gate_link_idx)), dtype=np.float32)

    def record(self, links: list[Link], now: float, rings_bits: int,
               centre_cars: list[int], centre_queue: list[int], zone_parked: list[int]) -> None:
        b = self.bins_done
        if b >= self.n_bins:
            return
        stats = np.array([lk.read_and_reset() for lk in links])
        vm, vs, nl, _exits, entries = stats.T
        for area, mask in self.masks.items():
            self.veh_m[area][b] = vm[mask].sum()
            self.veh_s[area][b] = vs[mask].sum()
        gusu = self.masks["gusu"]
        self.nonlocal_m[b] = nl[gusu].sum()
        self.gusu_m[b] = vm[gusu].sum()
        occ = np.array([lk.occ for lk in links], dtype=float)
        queue = np.zeros(len(links))
        queue[self.gate_link_idx] = [links[g].ready_count(now) for g in self.gate_link_idx]
        self.gate_link_queue_veh[b] = queue[self.gate_link_idx]
        for r in RING_IDS:
            self.in_ring_veh[r][b] = occ[self.inside[r]].sum()
            gates = self.gates[r]
            self.gate_inflow_veh[r][b] = entries[gates].sum()
            self.gate_queue_veh[r][b] = queue[gates].sum()
        for i, c in enumerate(self.centre_ids):
            self.centre_cars[c][b] = centre_cars[i]
            self.centre_queue_persons[c][b] = centre_queue[i]
        for i, z in enumerate(self.zone_ids):
            self.zone_parked[z][b] = zone_parked[i]
        self.rings_in_force[b] = rings_bits
        self.link_speed_kmh[b] = speed_kmh(vm, vs)
        self.link_load[b] = occ / self.storage_veh
        self.bins_done = b + 1

    def speed_series_kmh(self, area: str) -> np.ndarray:
        n = self.bins_done
        return speed_kmh(self.veh_m[area][:n], self.veh_s[area][:n])

    def window_speed_kmh(self, area: str, day: int, start_h: float, end_h: float) -> float:
        b0 = day * self.bins_per_day + int(start_h * 60 // self.bin_min)
        b1 = day * self.bins_per_day + int(end_h * 60 // self.bin_min)
        vm, vs = self.veh_m[area][b0:b1].sum(), self.veh_s[area][b0:b1].sum()
        return float(vm / vs * 3.6) if vs > 0 else float("nan")

    def nonlocal_share(self, day: int, windows_h: list[tuple[float, float]]) -> float:
        nl = tot = 0.0
        for a, b in windows_h:
            b0 = day * self.bins_per_day + int(a * 60 // self.bin_min)
            b1 = day * self.bins_per_day + int(b * 60 // self.bin_min)
            nl += self.nonlocal_m[b0:b1].sum()
            tot += self.gusu_m[b0:b1].sum()
        return float(nl / tot) if tot > 0 else float("nan")
