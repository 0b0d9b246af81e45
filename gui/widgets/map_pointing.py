"""Pointing at things on the map: the thick yellow outline a lesson puts round a ring, gate or centre, and the street under the mouse.

A trainer's highlight must be seen from the back of a room, so it is yellow
with a dark rim (yellow alone fades on a projector) and, for gates and centres,
a ring sized in screen pixels, as visible zoomed out as in. Hovering finds the
drawn link segment closest to the mouse and says its name, kind, lanes, free
speed, capacity and last-bin speed, and its segment id (the id a scenario's
closed_segments and works name) with the rules on it. Texts are in the "MapView" translation context.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication

from gui.i18n import place
from gui.widgets.map_centres import CentreGauge
from gui.widgets.map_key import HIGHLIGHT_COLOUR

translate = QCoreApplication.translate  # by this name, so lupdate still collects every text


def highlight_items(what: tuple[str, str], net: Any, a: np.ndarray, b: np.ndarray, gauges: dict[str, CentreGauge],
                    presentation: bool) -> list[Any]:
    """The graphics items outlining `what` ("ring", "gate" or "centre", and its id); `a`, `b`: drawn link ends (m)."""
    kind, ident = what
    width = 9.0 if presentation else 6.0
    pen = pg.mkPen(*HIGHLIGHT_COLOUR, width=width)
    edge = pg.mkPen(20, 20, 20, width=width + 4)  # a dark rim: yellow alone fades on a projector
    items: list[Any] = []
    if kind == "ring" and ident in net.ring_polygons_m:
        poly = np.vstack([net.ring_polygons_m[ident], net.ring_polygons_m[ident][:1]])
        for p in (edge, pen):
            items.append(pg.PlotCurveItem(poly[:, 0], poly[:, 1], pen=p))
    elif kind == "gate":
        idx = [i for i, seg in enumerate(net.link_segment) if seg == ident]
        if idx:
            xy = (a[idx] + b[idx]) / 2
            for p in (edge, pen):
                items.append(pg.ScatterPlotItem(xy[:, 0], xy[:, 1], size=46 if presentation else 34, symbol="o",
                                                brush=pg.mkBrush(0, 0, 0, 0), pen=p))
    elif kind == "centre" and ident in gauges:
        g = gauges[ident]
        for p in (edge, pen):  # a ring in screen pixels: as visible zoomed out as in
            items.append(pg.ScatterPlotItem([g.x], [g.y + g.HEIGHT_M / 2], size=70 if presentation else 50, symbol="o",
                                            brush=pg.mkBrush(0, 0, 0, 0), pen=p))
    return items


def nearest_segment(a: np.ndarray, b: np.ndarray, x: float, y: float, max_m: float) -> int | None:
    """The index of the segment a[i]-b[i] passing closest to (x, y), within max_m."""
    d = b - a
    p = np.array([x, y])
    t = np.clip(((p - a) * d).sum(axis=1) / np.maximum((d * d).sum(axis=1), 1e-9), 0.0, 1.0)
    closest = a + t[:, None] * d
    dist = np.hypot(*(closest - p).T)
    i = int(np.argmin(dist))
    return i if dist[i] <= max_m else None


def link_rules(net: Any, i: int, scenario: Any = None) -> list[str]:
    """What holds on link i: one-way (by the network or by the scenario), works and their capacity factor."""
    lid, seg = net.link_ids[i], net.link_segment[i]
    nw = scenario.network if scenario is not None else None
    rules = []
    direction = lid.rsplit(":", 1)[-1]
    opposite = f"{seg}:{'ba' if direction == 'ab' else 'ab'}"
    if nw is not None and lid in nw.one_way_links:
        rules.append(translate("MapView", "one-way by this scenario (network.one_way_links)"))
    elif opposite not in net.link_index:
        rules.append(translate("MapView", "one-way"))
    for w in (nw.works if nw is not None else []):
        if seg in w.segments:
            rules.append(translate("MapView", "works: capacity x{factor}").format(factor=f"{w.capacity_factor:g}"))
    return rules


def describe_link(net: Any, i: int, speed_kmh: np.ndarray | None, scenario: Any = None) -> str:
    """Link i's name, its segment id (the id the form's closed_segments and works ask for) and its rules,
    kind, lanes, free speed and capacity, and its speed in the last bin (`speed_kmh`, per link)."""
    zh, pinyin = net.link_names[i]
    name = place(zh, pinyin) or net.link_ids[i]
    speed = speed_kmh[i] if speed_kmh is not None and len(speed_kmh) == net.n_links else float("nan")
    speed_text = (translate("MapView", "{speed} km/h in the last bin").format(speed=f"{speed:.0f}") if np.isfinite(speed)
                  else translate("MapView", "no traffic in the last bin"))
    kinds = {"arterial": translate("MapView", "arterial"), "secondary": translate("MapView", "secondary street"),
             "ring_road": translate("MapView", "ring road"), "expressway": translate("MapView", "expressway"),
             "bridge": translate("MapView", "bridge"), "access": translate("MapView", "access road")}
    detail = translate("MapView", "{kind}, {lanes} lane(s), free {free} km/h, {cap} veh/h").format(
        kind=kinds.get(net.link_kind[i], net.link_kind[i]), lanes=f"{net.link_lanes[i]:.0f}",
        free=f"{net.link_free_speed_kmh[i]:.0f}", cap=f"{net.link_capacity_veh_h[i]:,.0f}")
    seg = translate("MapView", "segment {segment}, link {link}").format(segment=net.link_segment[i], link=net.link_ids[i])
    rules = link_rules(net, i, scenario)
    return f"{name}\n{seg}" + (f" · {', '.join(rules)}" if rules else "") + f"\n{detail}\n{speed_text}"
