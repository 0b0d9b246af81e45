"""The model against the published figures: what `gusu calibrate-report --json` wrote, drawn for a planner.

A planner trusts a what-if only as far as the model matches what was measured.
The report's figures have different units (persons, cars, km/h, shares), so the
chart puts every one on one scale, the model's error in percent of its target:
the target's band is a shaded range around 0, the model's mean a dot with its
95% interval as a whisker, green inside the band and red outside. The table
beside it gives every figure in its own unit, with the source of its target
(the targets file, scenarios/calibration/targets_2019.toml, when it is there).
A file that is not such a report is refused with its name, never a crash.
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from gui.widgets.plot_style import style_plot
from sim.engine.bundled import bundled_dir

INSIDE_RGB = (40, 140, 60)
OUTSIDE_RGB = (200, 40, 40)
BAND_RGBA = (120, 190, 120, 80)
BAND_PCT = re.compile(r"±\s*([\d.]+)\s*%")
BAND_PT = re.compile(r"±\s*([\d.]+)\s*pt")
translate = QCoreApplication.translate  # by this name, so lupdate collects every text


class ReportFileError(Exception):
    """The file is not a calibration report; the message names it."""


@dataclass
class ReportRow:
    """One published figure of the report, and the model's mean over seeds."""

    figure: str
    unit: str          # "persons", "cars", "km/h" or "share" (0-1)
    target: float | None
    band: str          # as the report words it: "±10%", "±2 pt", ">= 0 (no congestion)"
    mean: float | None
    lo: float | None
    hi: float | None
    inside: bool | None
    source: str = ""

    def band_half_pct(self) -> float | None:
        """The band's half-width in percent of the target, or None when it is not a band around the target."""
        if self.target in (None, 0):
            return None
        if m := BAND_PCT.search(self.band):
            return float(m.group(1))
        if m := BAND_PT.search(self.band):
            return float(m.group(1)) / 100.0 / abs(self.target) * 100.0  # type: ignore[arg-type]
        return None

    def error_pct(self, value: float | None) -> float | None:
        if value is None or self.target in (None, 0):
            return None
        return (value - self.target) / abs(self.target) * 100.0  # type: ignore[operator]


def _number(x: Any) -> float | None:
    if isinstance(x, bool) or not isinstance(x, (int, float)) or math.isnan(x):
        return None
    return float(x)


def target_sources(targets_file: Path | None = None) -> dict[str, str]:
    """Target label -> its source, from the targets file (empty when it is not shipped)."""
    path = targets_file or bundled_dir("scenarios") / "calibration" / "targets_2019.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    return {str(t.get("label", "")): str(t.get("source", "")) for t in data.get("targets", []) if t.get("label")}


def _source_of(figure: str, sources: dict[str, str]) -> str:
    # the report's figure names are the targets file's labels without their unit: "7-day transfers" / "7-day transfers (persons)"
    for label, source in sources.items():
        if label == figure or label.startswith(figure + " ") or figure.startswith(label):
            return source
    return ""


def read_report(path: Path, sources: dict[str, str] | None = None) -> list[ReportRow]:
    """The checks of a report JSON; ReportFileError naming the file when it is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReportFileError(f"{path}: cannot be read as JSON ({exc})") from exc
    checks = data.get("checks") if isinstance(data, dict) else None
    if not isinstance(checks, list) or not checks:
        raise ReportFileError(f"{path}: no \"checks\" list; expected the JSON of `gusu calibrate-report --json`")
    known = target_sources() if sources is None else sources
    rows = []
    for i, c in enumerate(checks):
        if not isinstance(c, dict) or not isinstance(c.get("figure"), str):
            raise ReportFileError(f"{path}: checks[{i}] has no figure name")
        ci = c.get("ci95") if isinstance(c.get("ci95"), list) and len(c["ci95"]) == 2 else [None, None]
        inside = c.get("inside_band")
        rows.append(ReportRow(c["figure"], str(c.get("unit", "")), _number(c.get("target")), str(c.get("band", "")),
                              _number(c.get("mean")), _number(ci[0]), _number(ci[1]), inside if isinstance(inside, bool) else None,
                              str(c.get("source") or _source_of(c["figure"], known))))
    return rows


def with_unit(value: float | None, unit: str) -> str:
    """A figure in its unit: '141,400 persons', '22.0%', '18.60 km/h'; '-' when there is none."""
    if value is None:
        return "-"
    if unit == "share":
        return f"{value * 100:.1f}%"
    if unit in ("persons", "cars"):
        words = {"persons": translate("TargetsPanel", "persons"), "cars": translate("TargetsPanel", "cars")}
        return f"{value:,.0f} {words[unit]}"
    return f"{value:,.2f} {unit}".strip()


class TargetsPanel(QWidget):
    """The chart (error in % of target, band shaded, 95% whiskers) above the table of every figure."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ReportRow] = []
        self.plot_widget = pg.PlotWidget(background="w")
        self.plot = self.plot_widget.getPlotItem()
        style_plot(self.plot)
        for axis in ("left", "bottom"):  # dark on white, also where the window's plots have not set pyqtgraph's defaults
            self.plot.getAxis(axis).setPen("k")
            self.plot.getAxis(axis).setTextPen("k")
        self.plot.showGrid(x=True, y=False, alpha=0.15)
        self.plot.getAxis("left").setWidth(260)
        self.plot.setMouseEnabled(x=True, y=False)
        self.band_item = pg.BarGraphItem(x0=[], x1=[], y=[], height=0.6, brush=pg.mkBrush(*BAND_RGBA), pen=pg.mkPen(None))
        self.whiskers = pg.ErrorBarItem(x=np.zeros(0), y=np.zeros(0), pen=pg.mkPen(30, 30, 30, width=2), beam=0.25)
        self.dots = pg.ScatterPlotItem(size=11)
        self.zero = pg.InfiniteLine(0, angle=90, pen=pg.mkPen(80, 80, 80, style=Qt.PenStyle.DashLine))
        for item in (self.band_item, self.zero, self.whiskers, self.dots):
            self.plot.addItem(item)
        self.table = QTableWidget(0, 8)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.plot_widget)
        split.addWidget(self.table)
        split.setSizes([420, 320])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.plot.setLabel("bottom", self.tr("model minus target, % of the target (shaded: the target's band; whisker: 95% interval)"))
        self.table.setHorizontalHeaderLabels([self.tr("figure"), self.tr("target"), self.tr("band"), self.tr("model mean"),
                                              self.tr("95% interval"), self.tr("error, % of target"), self.tr("inside band"),
                                              self.tr("source of the target")])
        if self.rows:
            self.show_rows(self.rows)

    def show_rows(self, rows: list[ReportRow]) -> None:
        self.rows = rows
        self._fill_table(rows)
        drawn = [r for r in rows if r.error_pct(r.mean) is not None]
        y = np.arange(len(drawn), dtype=float)[::-1]  # the report's first figure at the top
        half = [r.band_half_pct() or 0.0 for r in drawn]
        self.band_item.setOpts(x0=[-h for h in half], x1=half, y=y, height=0.6)
        err = np.array([r.error_pct(r.mean) for r in drawn], dtype=float)
        lo = np.array([r.error_pct(r.lo) if r.lo is not None else e for r, e in zip(drawn, err)], dtype=float)
        hi = np.array([r.error_pct(r.hi) if r.hi is not None else e for r, e in zip(drawn, err)], dtype=float)
        self.whiskers.setData(x=err, y=y, left=err - lo, right=hi - err, height=None)
        colours = [pg.mkBrush(*(OUTSIDE_RGB if r.inside is False else INSIDE_RGB)) for r in drawn]
        self.dots.setData(x=err, y=y, brush=colours, pen=pg.mkPen("k"))
        self.plot.getAxis("left").setTicks([[(float(yy), self._tick(r)) for yy, r in zip(y, drawn)]])
        self.plot.setYRange(-0.7, max(len(drawn) - 0.3, 0.7), padding=0)
        span = max([abs(v) for v in (*lo, *hi, *half) if not math.isnan(v)] + [5.0]) * 1.15
        self.plot.setXRange(-span, span, padding=0)

    def _tick(self, r: ReportRow) -> str:
        mark = "✓" if r.inside else ("✗" if r.inside is False else "")
        return f"{r.figure} {mark}".strip()

    def _fill_table(self, rows: list[ReportRow]) -> None:
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            ci = f"{with_unit(r.lo, r.unit)} - {with_unit(r.hi, r.unit)}" if r.lo is not None and r.hi is not None else "-"
            err = r.error_pct(r.mean)
            inside = self.tr("yes") if r.inside else (self.tr("NO") if r.inside is False else "-")
            cells = [r.figure, with_unit(r.target, r.unit), r.band, with_unit(r.mean, r.unit), ci,
                     "-" if err is None else f"{err:+.1f}%", inside, r.source or "-"]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)  # the source may be cut on a small screen
                if j in (1, 3, 4, 5):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if j == 6 and r.inside is not None:
                    item.setForeground(QColor(*(INSIDE_RGB if r.inside else OUTSIDE_RGB)))
                self.table.setItem(i, j, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
