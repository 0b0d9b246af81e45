"""The map: the old town to scale, drawn from the same network data the model drives on.

Coordinates are the network's metres (x east, y north, the moat's south-west
corner at the origin), so what a planner sees is what the model computes with:
the moat, the streets (name and speed on hover), the rings A-D as translucent
zones (strong when in force at the simulated time, faint and dashed when not),
the gates with the vehicles standing on them, the transfer centres with a fill
gauge, links coloured by their speed in the last bin, and the shuttles moving.
Each kind of thing is a handful of graphics items created once and updated in
place; links are grouped by speed class, one curve per class, so recolouring
the whole network is a few `setData` calls.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsPolygonItem, QGraphicsRectItem, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

RING_COLOURS = {"A": (66, 133, 244), "B": (251, 140, 0), "C": (229, 57, 53), "D": (142, 36, 170)}
RING_SHORT = {"A": "A moat ring", "B": "B Guanqian/Pingjiang", "C": "C Zhuozhengyuan core", "D": "D Shantang/Liuyuan (holiday)"}
# speed classes (km/h) and their colours, slow to fast; the last is "no car left the link in this bin"
SPEED_EDGES = (10.0, 15.0, 20.0, 30.0, 40.0)
SPEED_COLOURS = ((127, 0, 0), (215, 48, 31), (252, 141, 89), (230, 200, 40), (145, 207, 96), (26, 152, 80))
SPEED_LABELS = ("&lt; 10", "10-15", "15-20", "20-30", "30-40", "≥ 40")
NO_DATA_COLOUR = (175, 175, 175)
MOAT_COLOUR = (100, 170, 230)
SHUTTLE_COLOUR = (0, 150, 170)
DIRECTION_OFFSET_M = 18.0  # draw the two directions of a street side by side, right-hand traffic
MAJOR_KINDS = ("arterial", "ring_road", "expressway", "bridge")


def centre_title(cid: str) -> str:
    """A transfer centre's short English name from its id (north_bus_station -> North bus station)."""
    return cid.replace("_", " ").replace(" station", " stn").capitalize()


def legend_html() -> str:
    """The map's key, as rich text (readable at any screen size, and no graphics items to lay out)."""
    parts = ["<b>Link speed, last bin (km/h):</b>"]
    for (r, g, b), label in zip(SPEED_COLOURS, SPEED_LABELS):
        parts.append(f"<span style='color:rgb({r},{g},{b})'>&#9632;</span>&nbsp;{label}")
    r, g, b = NO_DATA_COLOUR
    parts.append(f"<span style='color:rgb({r},{g},{b})'>&#9632;</span>&nbsp;no traffic")
    rings = []
    for ring, (r, g, b) in RING_COLOURS.items():
        rings.append(f"<span style='color:rgb({r},{g},{b})'>&#9632;</span>&nbsp;{RING_SHORT[ring]}")
    line2 = ("<b>Rings</b> (strong, solid, ● = in force now; faint, dashed = not): " + " &nbsp;".join(rings))
    line3 = ("<b>&#9632;</b> gate (size = vehicles on it) &nbsp; <b>&#9646;</b> transfer centre, fill = cars / spaces &nbsp; "
             f"<span style='color:rgb{SHUTTLE_COLOUR}'>&#9679;</span> shuttle &nbsp; "
             f"<span style='color:rgb{MOAT_COLOUR}'>&#9472;&#9472;</span> moat")
    return " &nbsp;".join(parts) + "<br>" + line2 + "<br>" + line3


def _link_geometry(net: Any) -> tuple[np.ndarray, np.ndarray]:
    """Start and end points of every directed link, shifted to the right of travel."""
    xy = net.node_xy_m
    a, b = xy[net.link_from], xy[net.link_to]
    d = b - a
    length = np.maximum(np.hypot(d[:, 0], d[:, 1]), 1e-9)
    right = np.stack([d[:, 1], -d[:, 0]], axis=1) / length[:, None] * DIRECTION_OFFSET_M
    return a + right, b + right


def speed_class(speed_kmh: np.ndarray) -> np.ndarray:
    """0..5 by SPEED_EDGES, 6 where there is no speed (NaN)."""
    cls = np.searchsorted(np.asarray(SPEED_EDGES), np.nan_to_num(speed_kmh, nan=0.0), side="right")
    cls[~np.isfinite(speed_kmh)] = len(SPEED_COLOURS)
    return cls


class _Gauge:
    """A transfer centre: an upright bar that fills with its parked cars, and its name and count."""

    WIDTH_M, HEIGHT_M = 220.0, 600.0

    def __init__(self, view: pg.ViewBox, x: float, y: float, title: str) -> None:
        self.frame = QGraphicsRectItem(QRectF(x - self.WIDTH_M / 2, y, self.WIDTH_M, self.HEIGHT_M))
        pen = QPen(QColor(40, 40, 40))
        pen.setCosmetic(True)
        pen.setWidthF(1.5)
        self.frame.setPen(pen)
        self.frame.setBrush(QBrush(QColor(255, 255, 255, 220)))
        self.fill = QGraphicsRectItem(QRectF(x - self.WIDTH_M / 2, y, self.WIDTH_M, 0.0))
        self.fill.setPen(QPen(Qt.PenStyle.NoPen))
        self.fill.setBrush(QBrush(QColor(0, 121, 107)))
        self.x, self.y, self.title = x, y, title
        self.spaces = 0
        self._shown: tuple[int, int] = (-1, -1)
        self.label = pg.TextItem(title, color=(30, 30, 30), anchor=(0, 1))
        self.label.setPos(x + self.WIDTH_M * 0.7, y + self.HEIGHT_M)
        for item in (self.frame, self.fill):
            item.setZValue(30)
            view.addItem(item)
        self.label.setZValue(31)
        view.addItem(self.label)

    def set_fill(self, parked: int, spaces: int) -> None:
        if (parked, spaces) == self._shown:
            return  # nothing moved: no repaint
        self._shown = (parked, spaces)
        self.spaces = spaces
        share = min(1.0, parked / spaces) if spaces > 0 else 0.0
        self.fill.setRect(QRectF(self.x - self.WIDTH_M / 2, self.y, self.WIDTH_M, self.HEIGHT_M * share))
        colour = QColor(198, 40, 40) if share >= 0.95 else QColor(245, 124, 0) if share >= 0.75 else QColor(0, 121, 107)
        self.fill.setBrush(QBrush(colour))
        self.label.setText(f"{self.title}\n{parked:,}/{spaces:,} cars ({share:.0%})")
        self.frame.setToolTip(f"{self.title}: {parked:,} of {spaces:,} spaces taken ({share:.0%})")


class MapView(QWidget):
    """The to-scale map with pan, zoom and fit; `set_network` once per scenario, `show_run` per update."""

    link_hovered = Signal(str)  # what the hover label says, for the status bar

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = pg.PlotWidget()
        self.plot.setObjectName("map")
        self.plot.setBackground((248, 248, 244))
        self.plot.hideAxis("left")
        self.plot.hideAxis("bottom")
        self.plot.setMenuEnabled(False)
        self.view: pg.ViewBox = self.plot.getViewBox()
        self.view.setAspectLocked(True)
        self.plot.setToolTip("Scroll to zoom, drag to pan; hover a street for its name and speed")
        fit_all = QPushButton("Fit all")
        fit_all.setToolTip("Show the whole network, transfer centres included")
        fit_all.clicked.connect(self.fit_all)
        fit_town = QPushButton("Old town")
        fit_town.setToolTip("Zoom to the old town inside the moat (3.9 km x 3.7 km)")
        fit_town.clicked.connect(self.fit_old_town)
        self.title = QLabel("<b>Map</b>")
        self.clock = QLabel("")
        bar = QHBoxLayout()
        bar.addWidget(self.title)
        bar.addStretch(1)
        bar.addWidget(self.clock)
        bar.addWidget(fit_town)
        bar.addWidget(fit_all)
        self.legend = QLabel(legend_html())
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.legend)
        self.net: Any = None
        self._hover = pg.TextItem("", color=(0, 0, 0), fill=pg.mkBrush(255, 255, 255, 230), anchor=(0, 1))
        self._hover.setZValue(100)
        self._hover.hide()
        self.plot.scene().sigMouseMoved.connect(self._on_scene_mouse_moved)
        self._shown_bin = -1

    # ---- building ---------------------------------------------------------

    def set_network(self, net: Any, scenario: Any) -> None:
        """Draw a network from scratch (a new scenario)."""
        self.view.clear()
        self.net = net
        self._a, self._b = _link_geometry(net)
        self._major = np.array([k in MAJOR_KINDS for k in net.link_kind])
        self._storage = np.maximum(1.0, net.link_length_m * net.link_lanes / 7.5)
        self._draw_rings(net, scenario)
        self._draw_links()
        self._draw_gates(net)
        self._draw_centres(net, scenario)
        self._draw_attractions(net, scenario)
        self.shuttles = pg.ScatterPlotItem(size=8, pen=pg.mkPen(255, 255, 255, width=1), brush=pg.mkBrush(*SHUTTLE_COLOUR))
        self.shuttles.setZValue(40)
        self.view.addItem(self.shuttles)
        scale = pg.ScaleBar(size=1000, suffix="m")
        scale.setParentItem(self.view)
        scale.anchor((1, 1), (1, 1), offset=(-20, -20))
        self.view.addItem(self._hover)
        self._shown_bin = -1
        self.show_links(None)
        self.fit_default()

    def _draw_rings(self, net: Any, scenario: Any) -> None:
        self.rings: dict[str, tuple[QGraphicsPolygonItem, pg.TextItem]] = {}
        self._ring_state: dict[str, bool] = {}
        enabled = {r: s.enabled and bool(s.rules) for r, s in scenario.rings.items()}
        for ring in ("D", "A", "B", "C"):  # outer first, nested ones on top
            if ring not in net.ring_polygons_m:
                continue
            poly = net.ring_polygons_m[ring]
            item = QGraphicsPolygonItem(QPolygonF([QPointF(float(x), float(y)) for x, y in poly]))
            item.setZValue(1 + "DABC".index(ring))
            zh, pinyin = net.ring_names.get(ring, ("", ""))
            rule_text = "no rule in this scenario" if not enabled.get(ring) else "rules: " + "; ".join(
                f"{', '.join(r.refuse)} refused {', '.join(r.hours)} on {', '.join(r.day_types)}" for r in scenario.rings[ring].rules)
            item.setToolTip(f"Ring {ring}: {zh} ({pinyin})\n{rule_text}")
            self.view.addItem(item)
            x0, y1 = float(poly[:, 0].min()), float(poly[:, 1].max())
            label = pg.TextItem(ring, color=RING_COLOURS[ring], anchor=(0, 0))
            font = label.textItem.font()
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 1.3)
            label.setFont(font)
            label.setPos(x0 + 40, y1 - 40)
            label.setZValue(60)
            self.view.addItem(label)
            self.rings[ring] = (item, label)
            self._style_ring(ring, False)
        if "A" in net.ring_polygons_m:  # the moat runs just outside ring A's polygon
            poly = net.ring_polygons_m["A"]
            lo, hi = poly.min(axis=0) - 70.0, poly.max(axis=0) + 70.0
            xs = [lo[0], hi[0], hi[0], lo[0], lo[0]]
            ys = [lo[1], lo[1], hi[1], hi[1], lo[1]]
            moat = pg.PlotCurveItem(xs, ys, pen=pg.mkPen(*MOAT_COLOUR, width=6))
            moat.setZValue(5)
            moat.setToolTip("The moat (护城河), about 15.5 km round the old town")
            self.view.addItem(moat)

    def _style_ring(self, ring: str, in_force: bool) -> None:
        if self._ring_state.get(ring) == in_force:
            return
        self._ring_state[ring] = in_force
        item, label = self.rings[ring]
        r, g, b = RING_COLOURS[ring]
        pen = QPen(QColor(r, g, b, 230 if in_force else 150))
        pen.setCosmetic(True)
        pen.setWidthF(2.5 if in_force else 1.5)
        pen.setStyle(Qt.PenStyle.SolidLine if in_force else Qt.PenStyle.DashLine)
        item.setPen(pen)
        item.setBrush(QBrush(QColor(r, g, b, 85 if in_force else 22)))
        label.setText(f"{ring} ●" if in_force else ring)
        item.setToolTip(item.toolTip().split("\n\n")[0] + f"\n\n{'IN FORCE now' if in_force else 'not in force now'}")

    def _draw_links(self) -> None:
        self.link_items: list[tuple[pg.PlotCurveItem, int, bool]] = []
        colours = list(SPEED_COLOURS) + [NO_DATA_COLOUR]
        for cls, colour in enumerate(colours):
            for major in (False, True):
                item = pg.PlotCurveItem(connect="pairs", pen=pg.mkPen(*colour, width=3.2 if major else 1.8), antialias=True)
                item.setZValue(12 if major else 11)
                self.view.addItem(item)
                self.link_items.append((item, cls, major))

    def _draw_gates(self, net: Any) -> None:
        self.gate_idx: list[int] = []
        self.gate_ring: list[str] = []
        for ring in ("A", "B", "C", "D"):
            if ring not in net.ring_polygons_m:
                continue
            for i in np.flatnonzero(net.gate_links(ring)).tolist():
                self.gate_idx.append(i)
                self.gate_ring.append(ring)
        self.gate_items = pg.ScatterPlotItem(symbol="s", pen=pg.mkPen(20, 20, 20, width=1), hoverable=True,
                                             tip=lambda x, y, data: data)
        self.gate_items.setZValue(35)
        self.view.addItem(self.gate_items)
        self._gate_vehicles = np.zeros(len(self.gate_idx))
        self._set_gates()

    def _set_gates(self) -> None:
        """Place the gate markers once; later bins only resize them (rebuilding every spot costs a frame)."""
        net = self.net
        xy = self._b[self.gate_idx] if self.gate_idx else np.zeros((0, 2))
        self._gate_names = []
        for i, ring in zip(self.gate_idx, self.gate_ring):
            zh, pinyin = net.link_names[i]
            self._gate_names.append(f"Gate into ring {ring}: {pinyin or zh} {zh}")
        self.gate_items.setData(x=xy[:, 0], y=xy[:, 1], size=7.0,
                                brush=[pg.mkBrush(*RING_COLOURS[r]) for r in self.gate_ring], data=self._tips())

    def _tips(self) -> list[str]:
        return [f"{name}\n{veh:.0f} vehicles on the gate link (veh)" for name, veh in zip(self._gate_names, self._gate_vehicles)]

    def _resize_gates(self) -> None:
        if not self.gate_idx:
            return
        self.gate_items.setSize(7.0 + np.minimum(16.0, 2.0 * np.sqrt(np.maximum(self._gate_vehicles, 0.0))))
        self.gate_items.setPointData(self._tips())

    def _draw_centres(self, net: Any, scenario: Any) -> None:
        self.gauges: dict[str, _Gauge] = {}
        for cid, spec in scenario.transfer_centres.items():
            zone = net.zones.get(cid)
            if zone is None:
                continue
            x, y = net.node_xy_m[zone.node]
            title = centre_title(cid)
            gauge = _Gauge(self.view, float(x), float(y), title if spec.open else f"{title} (closed)")
            gauge.set_fill(0, spec.car_spaces)
            self.gauges[cid] = gauge

    def _draw_attractions(self, net: Any, scenario: Any) -> None:
        xs, ys, tips = [], [], []
        for aid, att in scenario.attractions.items():
            zone = net.zones.get(att.zone)
            if zone is None:
                continue
            x, y = net.node_xy_m[zone.node]
            xs.append(float(x))
            ys.append(float(y))
            tips.append(f"{zone.name_pinyin or aid} {zone.name_zh}: timed entry {att.entry_cap_persons_h:,.0f} persons/h")
        item = pg.ScatterPlotItem(xs, ys, symbol="star", size=13, brush=pg.mkBrush(255, 215, 0), pen=pg.mkPen(60, 60, 60),
                                  data=tips, hoverable=True, tip=lambda x, y, data: data)
        item.setZValue(36)
        self.view.addItem(item)

    # ---- views ------------------------------------------------------------

    def fit_all(self) -> None:
        if self.net is None:
            return
        xy = self.net.node_xy_m
        lo, hi = xy.min(axis=0), xy.max(axis=0)
        self.view.setRange(QRectF(lo[0], lo[1], hi[0] - lo[0], hi[1] - lo[1]), padding=0.03)

    def fit_old_town(self) -> None:
        poly = self.net.ring_polygons_m.get("A") if self.net is not None else None
        if poly is None:
            self.fit_all()
            return
        lo, hi = poly.min(axis=0), poly.max(axis=0)
        self.view.setRange(QRectF(lo[0], lo[1], hi[0] - lo[0], hi[1] - lo[1]), padding=0.06)

    def fit_default(self) -> None:
        """The rings and the transfer centres near them: what a planner looks at first."""
        if self.net is None:
            return
        pts = [p for p in self.net.ring_polygons_m.values()]
        centre = np.array([1950.0, 1850.0])
        for g in self.gauges.values():
            p = np.array([[g.x, g.y], [g.x, g.y + g.HEIGHT_M]])
            if np.hypot(*(p[0] - centre)) < 7000:
                pts.append(p)
        if not pts:
            self.fit_all()
            return
        allp = np.concatenate(pts)
        lo, hi = allp.min(axis=0), allp.max(axis=0)
        self.view.setRange(QRectF(lo[0], lo[1], hi[0] - lo[0], hi[1] - lo[1]), padding=0.05)

    # ---- updating ---------------------------------------------------------

    def show_links(self, speed_kmh: np.ndarray | None) -> None:
        n = self.net.n_links
        cls = np.full(n, len(SPEED_COLOURS)) if speed_kmh is None or len(speed_kmh) != n else speed_class(speed_kmh)
        self._speed = speed_kmh
        for item, c, major in self.link_items:
            m = (cls == c) & (self._major == major)
            if not m.any():
                item.setData([], [])
                continue
            x = np.empty(2 * int(m.sum()))
            y = np.empty_like(x)
            x[0::2], x[1::2] = self._a[m, 0], self._b[m, 0]
            y[0::2], y[1::2] = self._a[m, 1], self._b[m, 1]
            item.setData(x, y)

    def show_run(self, run: Any) -> None:
        """Draw the state of a run (current or finished)."""
        if self.net is None or run is None:
            return
        snap = run.snapshot
        if run.bins_done != self._shown_bin and run.link_speed_kmh is not None:
            self._shown_bin = run.bins_done
            self.show_links(run.link_speed_kmh)
            if run.link_load is not None and len(run.link_load) == self.net.n_links and self.gate_idx:
                self._gate_vehicles = run.link_load[self.gate_idx] * self._storage[self.gate_idx]
                self._resize_gates()
        if snap is None:
            return
        for ring in self.rings:
            self._style_ring(ring, ring in snap.rings_in_force)
        for cid, (parked, spaces) in snap.centre_fill.items():
            if cid in self.gauges:
                self.gauges[cid].set_fill(int(parked), int(spaces))
        if snap.shuttles:
            pts = np.asarray(snap.shuttles, dtype=float)
            self.shuttles.setData(pts[:, 0], pts[:, 1])
        else:
            self.shuttles.setData([], [])

    def reset_run(self) -> None:
        if self.net is None:
            return
        self._shown_bin = -1
        self.show_links(None)
        for ring in self.rings:
            self._style_ring(ring, False)
        for g in self.gauges.values():
            g.set_fill(0, g.spaces)
        self.shuttles.setData([], [])

    # ---- hover ------------------------------------------------------------

    def nearest_link(self, x: float, y: float, max_m: float) -> int | None:
        """The link whose drawn segment passes closest to (x, y), within max_m."""
        if self.net is None or self.net.n_links == 0:
            return None
        a, b = self._a, self._b
        d = b - a
        p = np.array([x, y])
        t = np.clip(((p - a) * d).sum(axis=1) / np.maximum((d * d).sum(axis=1), 1e-9), 0.0, 1.0)
        closest = a + t[:, None] * d
        dist = np.hypot(*(closest - p).T)
        i = int(np.argmin(dist))
        return i if dist[i] <= max_m else None

    def describe_link(self, i: int) -> str:
        net = self.net
        zh, pinyin = net.link_names[i]
        name = f"{pinyin} {zh}".strip() or net.link_ids[i]
        speed = self._speed[i] if self._speed is not None and len(self._speed) == net.n_links else float("nan")
        speed_text = f"{speed:.0f} km/h in the last bin" if np.isfinite(speed) else "no traffic in the last bin"
        return (f"{name}\n{net.link_kind[i]}, {net.link_lanes[i]:.0f} lane(s), free {net.link_free_speed_kmh[i]:.0f} km/h, "
                f"{net.link_capacity_veh_h[i]:,.0f} veh/h\n{speed_text}")

    def _on_scene_mouse_moved(self, pos: QPointF) -> None:
        if self.net is None or not self.view.sceneBoundingRect().contains(pos):
            self._hover.hide()
            return
        p = self.view.mapSceneToView(pos)
        px = self.view.viewPixelSize()[0]
        i = self.nearest_link(p.x(), p.y(), max_m=8.0 * px)
        if i is None:
            self._hover.hide()
            return
        text = self.describe_link(i)
        self._hover.setText(text)
        self._hover.setPos(p.x() + 6 * px, p.y() + 6 * px)
        self._hover.show()
        self.link_hovered.emit(text.replace("\n", " · "))
