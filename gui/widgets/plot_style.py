"""How every plot of the window looks: its colours, its time axis, its grid and the published figures drawn across it.

The published lines are those of the run's own set (a workday has no transfer
line at all, and its speed is the general 2019 figure); each label names the set.

Shared by the planner's plots (gui.widgets.plots) and the demonstration's
(gui.widgets.demo), so a published figure is the same grey line and a ring
the same colour wherever it shows. The time axis counts hours from the first
midnight and labels midnight with the date. Texts are in the "PlotPanel"
translation context.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from gui.i18n import short_date
from gui.runs.compare import set_short
from sim.interop.palette import PUBLISHED_COLOUR
from sim.runs.figures import PublishedFigures

# the colours are the report's too: one copy, in sim.interop.palette
TITLE_SIZE = "10pt"
PRESENTATION_TITLE_SIZE = "16pt"
translate = QCoreApplication.translate  # by this name, so lupdate collects every text
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


def _with_band(v: float, p: PublishedFigures) -> str:
    return fmt_count(v) + (f" ±{p.band_pct:g}%" if p.band_pct else "")


def published_set_lines(speed: pg.PlotItem, transfers: pg.PlotItem, diverted: pg.PlotItem, p: PublishedFigures) -> list[pg.InfiniteLine]:
    """The set's figures as lines: the old-town speed, and the daily mean and peak day of transfers and diverted cars.

    A figure the set does not have (None) gets no line."""
    dot, dash = Qt.PenStyle.DotLine, Qt.PenStyle.DashLine
    wanted: list[tuple[pg.PlotItem, float | None, Qt.PenStyle, Callable[[], str], float]] = [
        (speed, p.old_town_speed_kmh, dot,
         lambda: translate("PlotPanel", "old town {v} km/h: general 2019 figure").format(v=f"{p.old_town_speed_kmh:g}"), 0.45),
        (transfers, p.transfers_daily_mean, dash,
         lambda: translate("PlotPanel", "{set}: daily mean {v}").format(set=set_short(p), v=_with_band(p.transfers_daily_mean or 0, p)), 0.0),
        (transfers, p.transfers_peak_day, dot,
         lambda: translate("PlotPanel", "{set}: peak day {v} ({date})").format(
             set=set_short(p), v=fmt_count(p.transfers_peak_day or 0),
             date=short_date(dt.date.fromisoformat(p.transfers_peak_date)) if p.transfers_peak_date else "–"), 0.0),
        (diverted, p.diverted_cars_daily_mean, dash,
         lambda: translate("PlotPanel", "{set}: daily mean {v}").format(set=set_short(p), v=_with_band(p.diverted_cars_daily_mean or 0, p)), 0.0),
        (diverted, p.diverted_cars_peak_day, dot,
         lambda: translate("PlotPanel", "{set}: peak day ~{v}").format(set=set_short(p), v=fmt_count(p.diverted_cars_peak_day or 0)), 0.0),
    ]
    return [published_line(plot, value, PUBLISHED_COLOUR, style, label, pos) for plot, value, style, label, pos in wanted if value is not None]


def with_note(plot: QWidget, note: QLabel) -> QWidget:
    """A plot with a line of text under it that wraps to the plot's width (never drawn over the data)."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(plot, 1)
    layout.addWidget(note)
    return box

