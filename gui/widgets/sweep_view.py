"""A sweep folder as a plot: one figure against one swept key, with 95% intervals.

`gusu sweep ... --out DIR` leaves DIR/sweep.csv (one row per variant and
figure) and DIR/sweep.json (the keys and variants). A planner opens the
folder here, picks a figure ("diverted_cars") and a key for the x axis
("transfer_centres.north_bus_station.car_spaces"); every combination of the
other swept keys becomes one line, each point the mean over the seeds with
its 95% interval as an error bar.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QVBoxLayout, QWidget

from sim.runs.sweep import FIGURES

LINE_COLOURS = [(0, 114, 178), (213, 94, 0), (0, 158, 115), (204, 121, 167), (230, 159, 0), (86, 180, 233), (0, 0, 0)]
FIGURE_UNITS = {"transfers": "persons/week", "diverted_cars": "cars/week", "cars_parked_at_transfer_centres": "cars/week",
                "cars_parked_in_old_town": "cars/week", "park_and_ride_by_choice": "cars/week", "turned_away": "vehicles/week",
                "vehicles_generated": "vehicles/week", "transfers_peak_day": "persons/day", "diverted_cars_peak_day": "cars/day",
                "nonlocal_share": "share", "shuttle_wait_min": "min", "parking_search_min": "min"}


class SweepFolderError(ValueError):
    """A folder that is not a readable sweep; the message names the file."""


@dataclass
class SweepTable:
    """sweep.csv read back: keys, and per row the variant's key values and one figure's statistics."""

    folder: Path
    keys: list[str]
    rows: list[dict[str, str]]

    def figures(self) -> list[str]:
        present = {r["figure"] for r in self.rows}
        return [f for f in FIGURES if f in present]

    def series(self, figure: str, x_key: str) -> dict[str, list[tuple[float, float, float, float]]]:
        """Line label -> points (x, mean, ci_low, ci_high), sorted by x; NaN-free points only."""
        out: dict[str, list[tuple[float, float, float, float]]] = {}
        others = [k for k in self.keys if k != x_key]
        for r in self.rows:
            if r["figure"] != figure or r["mean"] == "":
                continue
            try:
                x = float(r[x_key])
            except ValueError:
                continue  # a non-numeric key cannot be an axis
            label = ", ".join(f"{k.split('.')[-1]}={r[k]}" for k in others) or "all"
            mean = float(r["mean"])
            lo = float(r["ci95_low"]) if r["ci95_low"] else mean
            hi = float(r["ci95_high"]) if r["ci95_high"] else mean
            out.setdefault(label, []).append((x, mean, lo, hi))
        return {k: sorted(v) for k, v in out.items()}


def read_sweep(folder: Path) -> SweepTable:
    meta, table = folder / "sweep.json", folder / "sweep.csv"
    try:
        keys = json.loads(meta.read_text(encoding="utf-8"))["keys"]
        with table.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
    except FileNotFoundError as exc:
        raise SweepFolderError(f"{folder}: not a sweep folder (no {Path(exc.filename).name}; make one with `gusu sweep --out`)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, csv.Error) as exc:
        raise SweepFolderError(f"{folder}: cannot read the sweep ({exc})") from None
    needed = {"figure", "mean", "ci95_low", "ci95_high", *keys}
    if not rows or not needed <= set(rows[0]):
        raise SweepFolderError(f"{table}: expected the columns {', '.join(sorted(needed))}")
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        raise SweepFolderError(f"{meta}: keys: expected a list of key paths")
    return SweepTable(folder, keys, rows)


class SweepView(QDialog):
    """Pick a figure and a swept key; see the figure against the key."""

    def __init__(self, table: SweepTable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = table
        self.setWindowTitle(self.tr("Sweep: {0}").format(table.folder.name))
        self.resize(900, 600)
        self.figure_box = QComboBox()
        self.figure_box.addItems(table.figures())
        self.key_box = QComboBox()
        self.key_box.addItems(table.keys)
        form = QFormLayout()
        form.addRow(self.tr("figure"), self.figure_box)
        form.addRow(self.tr("against"), self.key_box)
        self.plot = pg.PlotWidget(background="w")
        self.plot.showGrid(x=True, y=True, alpha=0.3)
        for side in ("bottom", "left"):
            axis = self.plot.getPlotItem().getAxis(side)
            axis.enableAutoSIPrefix(False)  # show 0.95, not 950 (x0.001)
            axis.setTextPen("k")
            axis.setPen("k")
        self.plot.addLegend(offset=(10, 10))
        self.note = QLabel(self.tr("points: mean over the seeds; bars: 95% interval of the mean"))
        self.note.setAlignment(Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.note)
        self.figure_box.currentTextChanged.connect(self._on_choice_changed)
        self.key_box.currentTextChanged.connect(self._on_choice_changed)
        self._on_choice_changed()

    def _on_choice_changed(self, *_args: object) -> None:
        figure, key = self.figure_box.currentText(), self.key_box.currentText()
        self.plot.clear()
        if not figure or not key:
            return
        item = self.plot.getPlotItem()
        item.setLabel("bottom", key)
        item.setLabel("left", f"{figure} ({FIGURE_UNITS.get(figure, 'km/h' if figure.endswith('_kmh') else '')})")
        self.lines = self.table.series(figure, key)
        for i, (label, pts) in enumerate(self.lines.items()):
            colour = LINE_COLOURS[i % len(LINE_COLOURS)]
            xs = [p[0] for p in pts]
            means = [p[1] for p in pts]
            self.plot.plot(xs, means, pen=pg.mkPen(*colour, width=2), symbol="o", symbolBrush=colour, name=label)
            bars = pg.ErrorBarItem(x=np.array(xs), y=np.array(means), top=np.array([p[3] - p[1] for p in pts]),
                                   bottom=np.array([p[1] - p[2] for p in pts]), beam=0.0, pen=pg.mkPen(*colour, width=1.5))
            self.plot.addItem(bars)
