"""How every plot of the window looks: its colours, its time axis, its grid and the published figures drawn across it.

Shared by the planner's plots (gui.widgets.plots) and the demonstration's
(gui.widgets.demo), so a published figure is the same grey line and a ring
the same colour wherever it shows. The time axis counts hours from the first
midnight and labels midnight with the date. Texts are in the "PlotPanel"
translation context.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt

from gui.i18n import short_date

OLD_TOWN_COLOUR = (20, 20, 20)
PUBLISHED_COLOUR = (90, 90, 90)
CONGESTION_COLOUR = (200, 0, 0)
CURRENT_BAR = (0, 121, 107)
REFERENCE_BAR = (170, 170, 170)
CENTRE_COLOURS = [
    (31, 119, 180),
    (255, 127, 14),
    (44, 160, 44),
    (214, 39, 40),
    (148, 103, 189),
    (140, 86, 75),
    (227, 119, 194),
    (127, 127, 127),
    (188, 189, 34),
    (23, 190, 207),
]
TITLE_SIZE = "10pt"
PRESENTATION_TITLE_SIZE = "16pt"
PRESENTATION_WIDTH = 2.0  # curves this many times thicker in the presentation view


def fmt_count(n: float) -> str:
    return f"{n:,.0f}"


class TimeAxis(pg.AxisItem):
    """Hours from the first midnight, labelled with the date at midnight and the clock otherwise."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.dates: list[str] = []

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        multi_day = len(self.dates) > 2
        out = []
        for v in values:
            day, hour = divmod(round(v), 24)
            if hour == 0:
                d = dt.date.fromisoformat(self.dates[0]) + dt.timedelta(days=int(day)) if self.dates else None
                out.append(short_date(d) if d else QCoreApplication.translate("PlotPanel", "day {n}").format(n=day + 1))
            else:
                out.append("" if multi_day and spacing < 24 else f"{hour:02d}:00")
        return out


def style_plot(plot: pg.PlotItem) -> None:
    plot.showGrid(x=True, y=True, alpha=0.2)
    plot.setMenuEnabled(True)


def published_line(plot: pg.PlotItem, y: float, colour: tuple[int, int, int], style: Qt.PenStyle, label: Any, position: float) -> pg.InfiniteLine:
    """A published figure as a horizontal line; `label` is a function giving its text (called again on a language change)."""
    line = pg.InfiniteLine(
        pos=y,
        angle=0,
        movable=False,
        pen=pg.mkPen(*colour, width=2, style=style),
        label=label(),
        labelOpts={"position": position, "color": colour, "fill": pg.mkBrush(255, 255, 255, 200), "anchors": [(0, 1), (0, 1)]},
    )
    line.setZValue(5)  # over the bars: a published figure must never hide behind the model
    line.text_of = label
    plot.addItem(line)
    return line
