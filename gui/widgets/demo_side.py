"""One side of the demonstration: a scenario, its run, its map, and its key figures large under the map.

The two sides differ only in their scenario and their colour (deep blue and
deep orange, gui.widgets.demo.SIDE_COLOURS); everything else about the pair,
the shared clock above all, is gui.widgets.demo's. Texts are in the "DemoView"
translation context.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout

from gui.runs.run_data import RunData
from gui.widgets.callouts import last_hour_speed
from gui.widgets.demo_style import FIGURE_PT
from gui.widgets.map_view import MapView
from sim.interop.lessons import Text

MAP_MIN_H_PX = 150
translate = QCoreApplication.translate  # by this name, so lupdate still collects every text


def rgb(c: tuple[int, int, int]) -> str:
    return f"rgb({c[0]},{c[1]},{c[2]})"


class DemoSide:
    """One scenario of the pair: its file, its network, its run and its map."""

    def __init__(self, colour: tuple[int, int, int]) -> None:
        self.colour = colour
        self.path: Path | None = None
        self.label: Text | None = None
        self.loaded: Any = None
        self.scenario: Any = None
        self.net: Any = None
        self.run: RunData | None = None
        self.map = MapView()
        self.map.legend.hide()
        self.map.setMinimumHeight(MAP_MIN_H_PX)  # the figures under it may wrap; the map never becomes a strip
        self.figures = QLabel()
        self.figures.setTextFormat(Qt.TextFormat.RichText)
        self.figures.setObjectName("figures")
        self.figures.setWordWrap(True)
        self.figures.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # wraps, never widens the window
        self.box = QFrame()
        self.box.setObjectName("side")
        lay = QVBoxLayout(self.box)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addWidget(self.map, 1)
        lay.addWidget(self.figures)


def figures_html(side: DemoSide, presentation: bool, scale: float = 1.0) -> str:
    """The side's key figures in a row, large and in its colour (larger still for a projector)."""
    run = side.run
    if run is None:
        return ""
    speed = last_hour_speed(run, "old_town") if run.bins_done else float("nan")
    parked = sum(p for p, _s in run.snapshot.centre_fill.values()) if run.snapshot is not None else 0
    spaces = sum(s for _p, s in run.snapshot.centre_fill.values()) if run.snapshot is not None else 0
    rings = " ".join(sorted(run.snapshot.rings_in_force)) if run.snapshot is not None else ""
    cells = [
        (translate("DemoView", "old-town speed"), f"{speed:.1f}" if np.isfinite(speed) else "–", translate("DemoView", "km/h")),
        (translate("DemoView", "transfers today"), f"{run.today('transfers'):,.0f}", ""),
        (translate("DemoView", "diverted cars today"), f"{run.today('diverted_cars'):,.0f}", ""),
        (translate("DemoView", "cars at transfer centres"), f"{parked:,}/{spaces:,}", ""),
        (translate("DemoView", "rings in force"), rings or translate("DemoView", "none"), ""),
    ]
    colour = rgb(side.colour)
    big = round(FIGURE_PT * scale) if presentation else 14
    # a figure's number never breaks; its name wraps between words, not letter by letter
    tds = "".join(f"<td style='padding-right:12px'>{html.escape(k)}<br>"
                  f"<b style='color:{colour}; font-size:{big}pt; white-space:nowrap'>{html.escape(v)}</b>&nbsp;{html.escape(u)}</td>"
                  for k, v, u in cells)
    return f"<table width='100%'><tr>{tds}</tr></table>"
