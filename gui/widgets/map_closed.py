"""Streets a scenario closed, drawn on the map.

A closed street is not driven, so the network the model runs on no longer has
it; a planner must still see it, or a closure looks like a street that never
existed. sim.engine.network.modified keeps the closed segments' ends
(`Network.closed`); here they become a dashed grey line with a cross at the
middle, whose tooltip names the segment id the scenario form asks for.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from gui.i18n import place
from gui.widgets.map_key import CLOSED_COLOUR

Z_LINE, Z_MARK = 13, 36  # above the streets, below the labels


def closed_street_items(net: Any, tip_template: str) -> list[Any]:
    """The line and the marks for `net.closed` (none when nothing is closed); tip_template has {seg} and {name}."""
    if not net.closed:
        return []
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
    return [line, marks]
