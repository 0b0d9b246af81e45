"""The map: the old town to scale, drawn from the same network data the model drives on.

Coordinates are the network's metres (x east, y north, the moat's south-west
corner at the origin), so what a planner sees is what the model computes with:
the moat, the streets (name and speed on hover), the rings A-D as translucent
zones (strong when in force at the simulated time, faint and dashed when not),
the gates with the vehicles standing on them, the transfer centres with a fill
gauge, links coloured by their speed in the last bin, and the shuttles moving.
Each kind of thing is a handful of graphics items created once and updated in
place; links are grouped by speed class, one curve per class, so recolouring
the whole network is a few `setData` calls. The palette and the legend are
gui.widgets.map_key's, the centre gauges gui.widgets.map_centres', the
highlight and the hover text gui.widgets.map_pointing's.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsPolygonItem, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from gui.i18n import place
from gui.widgets.map_centres import CentreGauge
from gui.widgets.map_closed import closed_street_items
from gui.widgets.map_key import (
    MOAT_COLOUR,
    NO_DATA_COLOUR,
    RING_COLOURS,
    SHUTTLE_COLOUR,
    SPEED_COLOURS,
    centre_title,
    day_type,
    join_words,
    legend_html,
    speed_class,
    vehicle_class,
)
from gui.widgets.map_pointing import describe_link, highlight_items, nearest_segment
from sim.engine.network import RING_IDS

DRAW_ORDER = ("D", "A", "B", "C")  # rings drawn outer first, so the nested ones lie on top
LABEL_ROOM_M = 250.0  # room above a transfer-centre gauge for its two-line label when fitting the view
DIRECTION_OFFSET_M = 18.0  # draw the two directions of a street side by side, right-hand traffic
MAJOR_KINDS = ("arterial", "ring_road", "expressway", "bridge")


def _link_geometry(net: Any) -> tuple[np.ndarray, np.ndarray]:
    """Start and end points of every directed link, shifted to the right of travel."""
    xy = net.node_xy_m
    a, b = xy[net.link_from], xy[net.link_to]
    d = b - a
    length = np.maximum(np.hypot(d[:, 0], d[:, 1]), 1e-9)
    right = np.stack([d[:, 1], -d[:, 0]], axis=1) / length[:, None] * DIRECTION_OFFSET_M
    return a + right, b + right


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
        self.view.sigRangeChanged.connect(lambda v, _r: [g.keep_inside(v.viewRect(), v.viewRect().width() / max(1.0, v.width()))
                                                         for g in getattr(self, "gauges", {}).values()])
        self.fit_all_button = fit_all = QPushButton()
        fit_all.clicked.connect(self.fit_all)
        self.fit_town_button = fit_town = QPushButton()
        fit_town.clicked.connect(self.fit_old_town)
        self.title = QLabel()
        self.title_text = ""  # set by the owner (a scenario's label in the side-by-side view); "Map" when empty
        self.clock = QLabel("")
        bar = QHBoxLayout()
        bar.addWidget(self.title)
        bar.addStretch(1)
        bar.addWidget(self.clock)
        bar.addWidget(fit_town)
        bar.addWidget(fit_all)
        self.legend = QLabel()
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
        self.scenario: Any = None
        self.presentation = False
        self.highlighted: tuple[str, str] | None = None
        self._highlight_items: list[Any] = []
        self.retranslate_ui()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        self.plot.setToolTip(self.tr("Scroll to zoom, drag to pan; hover a street for its name and speed"))
        self.fit_all_button.setText(self.tr("Fit all"))
        self.fit_all_button.setToolTip(self.tr("Show the whole network, transfer centres included"))
        self.fit_town_button.setText(self.tr("Old town"))
        self.fit_town_button.setToolTip(self.tr("Zoom to the old town inside the moat (3.9 km x 3.7 km)"))
        self.set_title(self.title_text)
        self.legend.setText(legend_html())
        if self.net is not None:
            self._relabel()

    def set_title(self, text: str) -> None:
        self.title_text = text
        shown = text or self.tr("Map")
        self.title.setText(f"<b>{shown}</b>")

    def _relabel(self) -> None:
        """Every text drawn on the map that holds a name or a word (after a language change)."""
        for ring, (item, _label) in self.rings.items():
            item.setToolTip(self._ring_tip(ring))
        for cid, gauge in self.gauges.items():
            gauge.retitle(self._gauge_title(cid))
        self._name_gates()
        self._gate_items_tips()
        self.attractions.setData(self._att_xy[0], self._att_xy[1], data=self._attraction_tips())
        self.moat_tip()
    # ---- building ---------------------------------------------------------

    def set_network(self, net: Any, scenario: Any) -> None:
        """Draw a network from scratch (a new scenario)."""
        self.view.clear()
        self.net = net
        self.scenario = scenario
        self._highlight_items = []
        self._a, self._b = _link_geometry(net)
        self._major = np.array([k in MAJOR_KINDS for k in net.link_kind])
        self._storage = np.maximum(1.0, net.link_length_m * net.link_lanes / 7.5)
        self._draw_rings(net, scenario)
        self._draw_links()
        self.closed_items = closed_street_items(net, self.tr("closed by this scenario: segment {seg}, {name}"), scenario)
        for item in self.closed_items:
            self.view.addItem(item)
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
        if self.presentation:
            self._apply_presentation()
        self.fit_default()

    def _draw_rings(self, net: Any, scenario: Any) -> None:
        self.rings: dict[str, tuple[QGraphicsPolygonItem, pg.TextItem]] = {}
        self._ring_state: dict[str, bool] = {}
        for ring in DRAW_ORDER:
            if ring not in net.ring_polygons_m:
                continue
            poly = net.ring_polygons_m[ring]
            item = QGraphicsPolygonItem(QPolygonF([QPointF(float(x), float(y)) for x, y in poly]))
            item.setZValue(1 + DRAW_ORDER.index(ring))
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
            item.setToolTip(self._ring_tip(ring))
        if "A" in net.ring_polygons_m:  # the moat runs just outside ring A's polygon
            poly = net.ring_polygons_m["A"]
            lo, hi = poly.min(axis=0) - 70.0, poly.max(axis=0) + 70.0
            xs = [lo[0], hi[0], hi[0], lo[0], lo[0]]
            ys = [lo[1], lo[1], hi[1], hi[1], lo[1]]
            self.moat = pg.PlotCurveItem(xs, ys, pen=pg.mkPen(*MOAT_COLOUR, width=6))
            self.moat.setZValue(5)
            self.moat_tip()
            self.view.addItem(self.moat)

    def moat_tip(self) -> None:
        if getattr(self, "moat", None) is not None:
            self.moat.setToolTip(self.tr("The moat (护城河), about 15.5 km round the old town"))

    def _ring_tip(self, ring: str) -> str:
        net, scenario = self.net, self.scenario
        zh, pinyin = net.ring_names.get(ring, ("", ""))
        section = scenario.rings.get(ring) if scenario is not None else None
        if section is None or not (section.enabled and section.rules):
            rule_text = self.tr("no rule in this scenario")
        else:
            rule_text = self.tr("rules: ") + "; ".join(
                self.tr("{who} refused {hours} on {days}").format(
                    who=join_words([vehicle_class(c) for c in r.refuse]), hours=join_words(list(r.hours)),
                    days=join_words([day_type(d) for d in r.day_types])) for r in section.rules)
        now = self.tr("IN FORCE now") if self._ring_state.get(ring) else self.tr("not in force now")
        return self.tr("Ring {ring}: {name}").format(ring=ring, name=place(zh, pinyin)) + f"\n{rule_text}\n\n{now}"

    def _style_ring(self, ring: str, in_force: bool) -> None:
        if self._ring_state.get(ring) == in_force:
            return
        self._ring_state[ring] = in_force
        item, label = self.rings[ring]
        r, g, b = RING_COLOURS[ring]
        pen = QPen(QColor(r, g, b, 230 if in_force else 150))
        pen.setCosmetic(True)
        pen.setWidthF((2.5 if in_force else 1.5) * (2.0 if self.presentation else 1.0))
        pen.setStyle(Qt.PenStyle.SolidLine if in_force else Qt.PenStyle.DashLine)
        item.setPen(pen)
        item.setBrush(QBrush(QColor(r, g, b, 85 if in_force else 22)))
        label.setText(f"{ring} ●" if in_force else ring)
        if self.net is not None and self.scenario is not None:
            item.setToolTip(self._ring_tip(ring))

    def _draw_links(self) -> None:
        self.link_items: list[tuple[pg.PlotCurveItem, int, bool]] = []
        colours = list(SPEED_COLOURS) + [NO_DATA_COLOUR]
        for cls, colour in enumerate(colours):
            for major in (False, True):
                item = pg.PlotCurveItem(connect="pairs", pen=pg.mkPen(*colour, width=self._link_width(major)), antialias=True)
                item.setZValue(12 if major else 11)
                self.view.addItem(item)
                self.link_items.append((item, cls, major))

    def _draw_gates(self, net: Any) -> None:
        self.gate_idx: list[int] = []
        self.gate_ring: list[str] = []
        for ring in RING_IDS:
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
        xy = self._b[self.gate_idx] if self.gate_idx else np.zeros((0, 2))
        self._name_gates()
        self.gate_items.setData(x=xy[:, 0], y=xy[:, 1], size=7.0 * self._gate_scale(),
                                brush=[pg.mkBrush(*RING_COLOURS[r]) for r in self.gate_ring], data=self._tips())

    def _name_gates(self) -> None:
        net = self.net
        self._gate_names = []
        for i, ring in zip(self.gate_idx, self.gate_ring):
            zh, pinyin = net.link_names[i]
            self._gate_names.append(self.tr("Gate into ring {ring}: {name}").format(ring=ring, name=place(zh, pinyin)))

    def _gate_items_tips(self) -> None:
        if self.gate_idx:
            self.gate_items.setPointData(self._tips())

    def _gate_scale(self) -> float:
        return 1.4 if self.presentation else 1.0

    def _link_width(self, major: bool) -> float:
        return (3.2 if major else 1.8) * (2.2 if self.presentation else 1.0)

    def _tips(self) -> list[str]:
        text = self.tr("{name}\n{veh} vehicles on the gate link (veh)")
        return [text.format(name=name, veh=f"{veh:.0f}") for name, veh in zip(self._gate_names, self._gate_vehicles)]

    def _resize_gates(self) -> None:
        if not self.gate_idx:
            return
        self.gate_items.setSize((7.0 + np.minimum(16.0, 2.0 * np.sqrt(np.maximum(self._gate_vehicles, 0.0)))) * self._gate_scale())
        self.gate_items.setPointData(self._tips())

    def _draw_centres(self, net: Any, scenario: Any) -> None:
        self.gauges: dict[str, CentreGauge] = {}
        for cid, spec in scenario.transfer_centres.items():
            zone = net.zones.get(cid)
            if zone is None:
                continue
            x, y = net.node_xy_m[zone.node]
            gauge = CentreGauge(self.view, float(x), float(y), "", cid, label_left=x > float(np.median(net.node_xy_m[:, 0])))
            self.gauges[cid] = gauge
            gauge.retitle(self._gauge_title(cid))
            gauge.set_fill(0, spec.car_spaces)

    def _gauge_title(self, cid: str) -> str:
        title = centre_title(cid, self.net)
        spec = self.scenario.transfer_centres.get(cid) if self.scenario is not None else None
        return title if spec is None or spec.open else self.tr("{title} (closed)").format(title=title)

    def _draw_attractions(self, net: Any, scenario: Any) -> None:
        xs, ys = [], []
        self._att_ids = []
        for aid, att in scenario.attractions.items():
            zone = net.zones.get(att.zone)
            if zone is None:
                continue
            x, y = net.node_xy_m[zone.node]
            xs.append(float(x))
            ys.append(float(y))
            self._att_ids.append(aid)
        self._att_xy = (xs, ys)
        self.attractions = pg.ScatterPlotItem(xs, ys, symbol="star", size=13, brush=pg.mkBrush(255, 215, 0), pen=pg.mkPen(60, 60, 60),
                                              data=self._attraction_tips(), hoverable=True, tip=lambda x, y, data: data)
        self.attractions.setZValue(36)
        self.view.addItem(self.attractions)

    def _attraction_tips(self) -> list[str]:
        out = []
        for aid in self._att_ids:
            att = self.scenario.attractions[aid]
            zone = self.net.zones[att.zone]
            out.append(self.tr("{name}: timed entry {cap} persons/h").format(
                name=place(zone.name_zh, zone.name_pinyin or aid), cap=f"{att.entry_cap_persons_h:,.0f}"))
        return out

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
            p = np.array([[g.x, g.y], [g.x, g.y + g.HEIGHT_M + LABEL_ROOM_M]])  # its name and count above it too
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

    # ---- demonstration -------------------------------------------------------

    def highlight(self, what: tuple[str, str] | None) -> None:
        """Outline a ring, a gate (by its network segment id) or a transfer centre in thick yellow; None clears."""
        for item in self._highlight_items:
            self.view.removeItem(item)
        self.highlighted = what
        self._highlight_items = [] if what is None or self.net is None else highlight_items(
            what, self.net, self._a, self._b, self.gauges, self.presentation)
        for z, item in enumerate(self._highlight_items):
            item.setZValue(80 + z)
            self.view.addItem(item)

    def set_presentation(self, on: bool) -> None:
        """Thick lines, big gates and labels for a room: what survives a projector."""
        if on == self.presentation:
            return
        self.presentation = on
        self._apply_presentation()

    def _apply_presentation(self) -> None:
        on = self.presentation
        if self.net is None:
            return
        for item, _cls, major in self.link_items:
            pen = QPen(item.opts["pen"])
            pen.setWidthF(self._link_width(major))
            item.setPen(pen)
        state, self._ring_state = self._ring_state, {}
        for ring, in_force in state.items():
            self._style_ring(ring, in_force)
        font = QFont()
        font.setPointSizeF(14.0 if on else font.pointSizeF())
        font.setBold(on)
        for g in self.gauges.values():
            g.label.setFont(font)
        ring_font = QFont()
        ring_font.setBold(True)
        ring_font.setPointSizeF(ring_font.pointSizeF() * (2.6 if on else 1.3))
        for _item, label in self.rings.values():
            label.setFont(ring_font)
        self.shuttles.setSize(14 if on else 8)
        self._resize_gates()
        self.highlight(self.highlighted)

    # ---- hover ------------------------------------------------------------

    def nearest_link(self, x: float, y: float, max_m: float) -> int | None:
        """The link whose drawn segment passes closest to (x, y), within max_m."""
        if self.net is None or self.net.n_links == 0:
            return None
        return nearest_segment(self._a, self._b, x, y, max_m)

    def describe_link(self, i: int) -> str:
        return describe_link(self.net, i, self._speed, self.scenario)

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
