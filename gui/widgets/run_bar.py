"""The run toolbar: how fast a run goes, how far it has got, and where its simulated clock stands.

A planner watching a week run reads one line: day, date, time of day, the
rings in force and the vehicles on the roads. The line has a fixed width, so
the toolbar is not laid out again on every frame. The map's corner shows the
same clock (`clock_html`). Texts are in the "MainWindow" translation context,
where the committed translation has them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QLabel, QProgressBar, QToolBar

from gui.i18n import day_date
from sim.engine.clock import hhmm

PACES: list[float | None] = [None, 10.0, 30.0, 60.0, 120.0, 300.0]  # simulated minutes per wall second
WIDEST_CLOCK_S = 23 * 3600 + 59 * 60  # 23:59, the widest time of day the readout is sized for
translate = QCoreApplication.translate  # by this name, so lupdate still collects every text


def pace_text(value: float | None) -> str:
    if value is None:
        return translate("MainWindow", "as fast as possible")
    if value < 60:
        return translate("MainWindow", "{n} sim-min/s").format(n=f"{value:g}")
    return translate("MainWindow", "{n} sim-hour(s)/s").format(n=f"{value / 60:g}")


def readout_text(day: int, days: int, date: dt.date, t_s: float, rings: str, vehicles: int) -> str:
    """The toolbar's line: day k of n, date, HH:MM, rings in force and vehicles on the roads."""
    return " " + translate("MainWindow", "Day {day}/{days} · {date} {time} · rings in force: {rings} · {veh} veh on the roads").format(
        day=day, days=days, date=day_date(date), time=hhmm(t_s), rings=rings, veh=f"{vehicles:,}") + " "


def snapshot_clock(snap: Any) -> tuple[dt.date, float, str]:
    """A run snapshot's date, time of day (s) and rings in force ("A B" or "none"), as the readouts show them."""
    t_s = max(0.0, snap.t_s - 1.0)  # a bin's end belongs to that bin: the last one of a day reads 23:59, not 00:00
    rings = " ".join(sorted(snap.rings_in_force)) or translate("MainWindow", "none")
    return dt.date.fromisoformat(snap.date), t_s, rings


def clock_html(snap: Any) -> str:
    """The map's corner: date, HH:MM and the rings in force, in bold."""
    date, t_s, rings = snapshot_clock(snap)
    return f"<b>{day_date(date, year=False)} {hhmm(t_s)}</b> · " + translate("MainWindow", "rings in force:") + f" <b>{rings}</b> "


class RunBar(QToolBar):
    """The toolbar above the map: the file and run actions, the pace, the progress and the clock readout."""

    pace_changed = Signal(object)  # simulated minutes per wall second, or None: as fast as possible

    def __init__(self, file_actions: list[QAction], run_actions: list[QAction], compare_actions: list[QAction]) -> None:
        super().__init__()
        self.setObjectName("toolbar_run")  # stable whatever the language: the saved layout finds it
        for act in file_actions:
            self.addAction(act)
        self.addSeparator()
        for act in run_actions:
            self.addAction(act)
        self.pace = QComboBox()
        for value in PACES:
            self.pace.addItem(pace_text(value), value)
        self.pace.currentIndexChanged.connect(self._on_pace_current_index_changed)
        self.pace_label = QLabel()
        self.addWidget(self.pace_label)
        self.addWidget(self.pace)
        self.addSeparator()
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(220)
        self.progress.setFormat("%p%")
        self.addWidget(self.progress)
        self.readout = QLabel("")
        self.addWidget(self.readout)
        self.addSeparator()
        for act in compare_actions:
            self.addAction(act)

    def pace_min_per_s(self) -> float | None:
        value: float | None = self.pace.currentData()
        return value

    def _on_pace_current_index_changed(self, _index: int) -> None:
        self.pace_changed.emit(self.pace.currentData())

    def retranslate_ui(self) -> None:
        self.setWindowTitle(translate("MainWindow", "Run"))
        self.pace_label.setText(" " + translate("MainWindow", "speed") + " ")
        self.pace.setToolTip(translate("MainWindow", "Simulated time per wall-clock second: as fast as possible, or slower for demonstration"))
        for i, value in enumerate(PACES):
            self.pace.setItemText(i, pace_text(value))
        self.progress.setToolTip(translate("MainWindow", "Share of the scenario's simulated days done"))
        self.readout.setToolTip(translate("MainWindow", "Simulated day and time, rings in force, vehicles on the network (veh)"))
        self.readout.setFixedWidth(self.readout.fontMetrics().horizontalAdvance(readout_text(
            7, 7, dt.date(2019, 10, 30), WIDEST_CLOCK_S, "A B C D", 999_999) + "  "))  # no re-layout per frame

    def show_run(self, run: Any) -> None:
        """The clock and progress of `run` (a gui.runs.run_data.RunData, or None: nothing to show)."""
        if run is None or run.snapshot is None:
            self.readout.setText("")
            self.progress.setValue(0)
            return
        snap = run.snapshot
        date, t_s, rings = snapshot_clock(snap)
        self.readout.setText(readout_text(snap.day + 1, len(run.dates), date, t_s, rings, snap.vehicles_on_network))
        value = int(run.progress * 100)
        if value != self.progress.value():
            self.progress.setValue(value)
