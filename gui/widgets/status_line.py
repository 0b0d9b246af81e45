"""The status bar's two lasting texts: which file is open (and whether its edits are saved), and the run's state.

A planner glancing down sees "finished · comparing with ..." or "paused · scenario
has invalid values" without opening a menu. Hover messages and export
notices come and go in the same bar (QStatusBar.showMessage). Texts are in
the "MainWindow" translation context.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QStatusBar

translate = QCoreApplication.translate  # by this name, so lupdate still collects every text


def state_text(state: str) -> str:
    """A run's state ("running", "paused", ...) or the window's ("ready", "no scenario") in words."""
    states = {"ready": translate("MainWindow", "ready"), "no scenario": translate("MainWindow", "no scenario"),
              "running": translate("MainWindow", "running"), "pausing": translate("MainWindow", "pausing"),
              "paused": translate("MainWindow", "paused"), "stopping": translate("MainWindow", "stopping"),
              "stalled": translate("MainWindow", "stalled: the model sends nothing"),
              "finished": translate("MainWindow", "finished"), "stopped": translate("MainWindow", "stopped"),
              "failed": translate("MainWindow", "failed")}
    return states.get(state, state)


class StatusLine:
    """The file on the left of `bar`, the state on the right."""

    def __init__(self, bar: QStatusBar) -> None:
        self.file_label = QLabel()
        self.state_label = QLabel()
        bar.addWidget(self.file_label)
        bar.addPermanentWidget(self.state_label)

    def show(self, path: Path | None, dirty: bool, state: str, invalid: bool, reference: str | None) -> None:
        """`invalid`: the form holds values the scenario cannot take; `reference`: the held run's name."""
        unsaved = translate("MainWindow", " (unsaved changes)") if dirty else ""
        self.file_label.setText(f"{path if path is not None else ''}{unsaved}")
        problem = " · " + translate("MainWindow", "scenario has invalid values") if invalid else ""
        ref = " · " + translate("MainWindow", "comparing with {name}").format(name=reference) if reference else ""
        self.state_label.setText(f"{state_text(state)}{problem}{ref}")
