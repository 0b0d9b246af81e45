"""Marks on the time plots: a vertical line and a few words where the run changed, or where a what-if parts.

A live change (Change from the window, Changed from the model) and the start of
a what-if happen at one simulated moment; the speed, occupancy and gate-queue
plots (gui.widgets.plots) each get a vertical line there with a short label, so
whoever reads a curve sees which part of it came after the change. Kept apart
from plots.py, which is at its size limit; the marks belong to the run shown and
go with it (`clear`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import Qt

from gui.i18n import short_date

MARK_COLOUR = (106, 27, 154)  # purple: apart from the rings', the centres' and the congestion line's colours


def moment_words(moment: str) -> str:
    """'2019-10-04 10:00' -> '4 Oct 10:00' (10月4日 10:00)."""
    day, _, clock = moment.partition(" ")
    return f"{short_date(dt.date.fromisoformat(day))} {clock}"


@dataclass(frozen=True)
class Mark:
    t_s: float  # seconds from the run's first midnight
    label: str


class PlotMarks:
    """The marks of the run shown, on every time plot of a PlotPanel."""

    def __init__(self, panel: object) -> None:
        self._panel = panel
        self.marks: list[Mark] = []
        self.lines: list[tuple[pg.PlotItem, pg.InfiniteLine]] = []

    def _plots(self) -> list[pg.PlotItem]:
        p = self._panel
        return [w.getPlotItem() for w in (p.speed, p.occupancy, p.queues)]  # type: ignore[attr-defined]

    def add(self, t_s: float, label: str) -> None:
        """A vertical line at t_s on each time plot; the label on the speed plot, right of the line and low,
        under the curves and clear of the legend and the published lines' words."""
        self.marks.append(Mark(t_s, label))
        pen = pg.mkPen(*MARK_COLOUR, width=2, style=Qt.PenStyle.DashDotLine)
        for i, item in enumerate(self._plots()):
            line = pg.InfiniteLine(pos=t_s / 3600.0, angle=90, movable=False, pen=pen,
                                   label=label if i == 0 else None,
                                   labelOpts={"position": 0.28, "color": MARK_COLOUR, "anchors": [(0, 0.5), (0, 0.5)],
                                              "fill": pg.mkBrush(255, 255, 255, 230)})
            line.setZValue(20)
            line.setToolTip(label)
            item.addItem(line)
            self.lines.append((item, line))

    def clear(self) -> None:
        for item, line in self.lines:
            item.removeItem(line)
        self.marks, self.lines = [], []
