"""Streets a scenario closed, drawn on the map: for the whole run, or one direction for some hours.

A closed street is not driven, so the network the model runs on no longer has
it; a planner must still see it, or a closure looks like a street that never
existed. sim.engine.network.modified keeps the closed segments' ends
(`Network.closed`); here they become a dashed grey line with a cross at the
middle, whose tooltip names the segment id the scenario form asks for.

A closure for some hours of one day (network.closures) keeps its link in the
network: it is drawn over the street as a dashed orange line on its side of
the road (the direction closed), with a cross whose tooltip gives the window.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt

from gui.i18n import place
from gui.widgets.edit_closure import day_text, link_heading
from gui.widgets.map_key import CLOSED_COLOUR

Z_LINE, Z_MARK = 13, 36  # above the streets, below the labels
TIMED_COLOUR = (230, 110, 0)  # a street closed for some hours: dashed orange, with a cross
SIDE_M = 18.0  # the closed direction, to the right of travel: map_view.DIRECTION_OFFSET_M, where the map draws it


def closed_street_items(net: Any, tip_template: str, scenario: Any = None) -> list[Any]:
    """The line and the marks for `net.closed`, and for the scenario's timed closures; tip_template has {seg} and {name}."""
    items = timed_closure_items(net, scenario) if scenario is not None else []
    if not net.closed:
        return items
    xy = net.node_xy_m
    ends = np.array([[xy[a], xy[b]] for _seg, a, b, _name in net.closed]).reshape(-1, 2)
    line = pg.PlotCurveItem(ends[:, 0], ends[:, 1], connect="pairs", antialias=True,
                            pen=pg.mkPen(*CLOSED_COLOUR, width=2, style=Qt.PenStyle.DashLine))
    line.setZValue(Z_LINE)
    mid = (ends[0::2] + ends[1::2]) / 2.0
    tips = [tip_template.format(seg=seg, name=place(*name)) for seg, _a, _b, name in net.closed]
    marks = pg.ScatterPlotItem(x=mid[:, 0], y=mid[:, 1], symbol="x", size=11, pen=pg.mkPen(*CLOSED_COLOUR, width=2),
                               brush=pg.mkBrush(*CLOSED_COLOUR), hoverable=True, data=tips, tip=lambda x, y, data: data)
    marks.setZValue(Z_MARK)
    return [line, marks] + items


def timed_closure_tip(net: Any, link_id: str, date: Any, hours: list[str]) -> str:
    """"干将西路 Ganjiang Xilu eastbound: closed 4 Oct 10:00-18:00 (ganjiang_3:ab)"."""
    i = net.link_index[link_id]
    name = place(*net.link_names[i]) or net.link_segment[i]
    return QCoreApplication.translate("MapEdit", "{street} {heading}: closed {date} {hours} ({link})").format(
        street=name, heading=link_heading(net, link_id), date=day_text(date), hours=", ".join(hours), link=link_id)


def timed_closure_items(net: Any, scenario: Any) -> list[Any]:
    """A dashed line on the closed side of each timed closure's street, and a cross whose tooltip gives the window."""
    closures = [c for c in scenario.network.closures if c.link in net.link_index]
    if not closures:
        return []
    xy = net.node_xy_m
    idx = np.array([net.link_index[c.link] for c in closures])
    a, b = xy[net.link_from[idx]], xy[net.link_to[idx]]
    d = b - a
    right = np.stack([d[:, 1], -d[:, 0]], axis=1) / np.maximum(np.hypot(d[:, 0], d[:, 1]), 1e-9)[:, None] * SIDE_M
    a, b = a + right, b + right
    ends = np.stack([a, b], axis=1).reshape(-1, 2)
    line = pg.PlotCurveItem(ends[:, 0], ends[:, 1], connect="pairs", antialias=True,
                            pen=pg.mkPen(*TIMED_COLOUR, width=3, style=Qt.PenStyle.DashLine))
    line.setZValue(Z_LINE)
    mid = (a + b) / 2.0
    tips = [timed_closure_tip(net, c.link, c.date, c.hours) for c in closures]
    marks = pg.ScatterPlotItem(x=mid[:, 0], y=mid[:, 1], symbol="x", size=12, pen=pg.mkPen(*TIMED_COLOUR, width=2),
                               brush=pg.mkBrush(*TIMED_COLOUR), hoverable=True, data=tips, tip=lambda x, y, data: data)
    marks.setZValue(Z_MARK)
    labels = []
    for (x, y), c in zip(mid, closures):  # the window, readable without hovering
        text = QCoreApplication.translate("MapEdit", "{heading} closed {date} {hours}").format(
            heading=link_heading(net, c.link), date=day_text(c.date), hours=", ".join(c.hours))
        label = pg.TextItem(text, color=TIMED_COLOUR, anchor=(0.5, 1.2))
        label.setPos(float(x), float(y))
        label.setZValue(Z_MARK)
        labels.append(label)
    return [line, marks, *labels]
