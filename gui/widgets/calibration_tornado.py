"""Which assumptions the figures rest on: the tornado chart of a `gusu sensitivity` folder.

Morris screening moves each declared assumption across its range and records
how far each headline output (transfers, diverted cars, speeds, shuttle wait,
parking search) moves: mu*, the mean absolute effect, in the output's own unit,
with a bootstrap 95% interval. One panel per output, one bar per assumption,
largest first, so a planner reading a transfer figure sees which assumption
it leans on. Read from tornado.csv (sim/runs/sensitivity.py `tornado_csv`), the
same file tools/tornado_png.py draws for docs/.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QVBoxLayout, QWidget

from gui.widgets.plot_style import style_plot

BAR_RGB = (70, 110, 170)


class TornadoFileError(Exception):
    """Not a tornado.csv; the message names the file."""


@dataclass
class Effect:
    """One assumption's effect on one output."""

    parameter: str     # the scenario key
    mu_star: float     # mean absolute elementary effect, in the output's unit
    conf95: float      # half-width of its bootstrap 95% interval, same unit


def read_tornado(path: Path) -> dict[str, tuple[str, list[Effect]]]:
    """Output id -> (unit, effects largest first), from tornado.csv or a sensitivity folder holding it."""
    csv_path = path / "tornado.csv" if path.is_dir() else path
    out: dict[str, tuple[str, list[Effect]]] = {}
    grouped: dict[str, list[Effect]] = defaultdict(list)
    units: dict[str, str] = {}
    try:
        with open(csv_path, newline="", encoding="utf-8") as f:
            for i, r in enumerate(csv.DictReader(f), start=2):
                try:
                    grouped[r["output"]].append(Effect(r["parameter"], float(r["mu_star"]), float(r["mu_star_conf95"])))
                    units[r["output"]] = r["unit"]
                except (KeyError, TypeError, ValueError) as exc:
                    raise TornadoFileError(f"{csv_path}: line {i}: expected output, unit, parameter, mu_star, mu_star_conf95 ({exc})") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise TornadoFileError(f"{csv_path}: cannot be read ({exc})") from exc
    if not grouped:
        raise TornadoFileError(f"{csv_path}: no rows; expected the tornado.csv of `gusu sensitivity`")
    for output, effects in grouped.items():
        out[output] = (units[output], sorted(effects, key=lambda e: -e.mu_star))
    return out


def not_drawn(path: Path) -> tuple[str, list[str]]:
    """The scenario of a sensitivity folder's run and the parameters it does not read (not drawn), from
    sensitivity.json beside tornado.csv; ("", []) when there is none or it cannot be read."""
    folder = path if path.is_dir() else path.parent
    try:
        result = json.loads((folder / "sensitivity.json").read_text(encoding="utf-8"))
        rows = next(iter(o for o in result["outputs"].values() if "indices" in o))["indices"]
        return str(result["scenario"]), [str(r["parameter"]) for r in rows if r.get("read_by_scenario") is False]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, StopIteration, AttributeError):
        return "", []


class TornadoPanel(QWidget):
    """One horizontal bar chart per output: mu* of each assumption with its 95% whisker."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground("w")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.graphics)
        self.data: dict[str, tuple[str, list[Effect]]] = {}
        self.plots: dict[str, pg.PlotItem] = {}

    def retranslate_ui(self) -> None:
        if self.data:
            self.show_effects(self.data)

    def output_name(self, output: str) -> str:
        """The headline output in words (sim.runs.sensitivity.HEADLINE's ids); an unknown id as it is."""
        names = {"transfers": self.tr("Transfers"), "diverted_cars": self.tr("Diverted cars"),
                 "old_town_speed_kmh": self.tr("Old-town speed"), "ring_C_speed_kmh": self.tr("Ring C speed"),
                 "shuttle_wait_min": self.tr("Shuttle wait"), "parking_search_min": self.tr("Parking search")}
        return names.get(output, output)

    def show_effects(self, data: dict[str, tuple[str, list[Effect]]]) -> None:
        self.data = data
        self.graphics.clear()
        self.plots = {}
        columns = 2 if len(data) > 1 else 1
        for n, (output, (unit, effects)) in enumerate(data.items()):
            plot = self.graphics.addPlot(row=n // columns, col=n % columns)
            style_plot(plot)
            plot.showGrid(x=True, y=False, alpha=0.12)
            for axis in ("left", "bottom"):  # dark on white, also where the window's plots have not set pyqtgraph's defaults
                plot.getAxis(axis).setPen("k")
                plot.getAxis(axis).setTextPen("k")
            plot.setMouseEnabled(x=False, y=False)
            plot.setTitle(self.tr("{0}: mu* ({1}) with 95% interval").format(self.output_name(output), unit), size="10pt", color="k")
            y = np.arange(len(effects), dtype=float)[::-1]
            mu = np.array([e.mu_star for e in effects])
            conf = np.array([e.conf95 for e in effects])
            plot.addItem(pg.BarGraphItem(x0=np.zeros(len(mu)), x1=mu, y=y, height=0.6, brush=pg.mkBrush(*BAR_RGB), pen=pg.mkPen(None)))
            plot.addItem(pg.ErrorBarItem(x=mu, y=y, left=np.minimum(conf, mu), right=conf, beam=0.25, pen=pg.mkPen(40, 40, 40, width=1.5)))
            plot.getAxis("left").setTicks([[(float(yy), e.parameter) for yy, e in zip(y, effects)]])
            left = plot.getAxis("left")
            metrics = QFontMetrics(left.font())
            # the whole key, never cut: a planner must read which assumption it is (2019's and 2018's keys differ by a word)
            left.setWidth(max(120, max((metrics.horizontalAdvance(e.parameter) for e in effects), default=0) + 18))
            plot.setLabel("bottom", unit)
            plot.getAxis("bottom").enableAutoSIPrefix(False)  # "300 (x0.001) km/h" reads as 300 km/h at a glance: plain numbers
            top = float((mu + conf).max(initial=0.0)) or 1.0  # an output no assumption moves: an empty 0-1 axis, not 1e-9
            plot.setXRange(0, top * 1.08, padding=0)
            plot.setYRange(-0.6, len(effects) - 0.4, padding=0)
            self.plots[output] = plot
