"""The week's figures beside the published ones: this run, the held reference, and what Suzhou reported for 2019.

A dock of its own, so a planner can keep it in view while the map and the
plots fill; the table itself is gui.runs.compare's. It is redrawn only when
its text changes, since it is asked after every update of a run.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea

from gui.runs.compare import table_html
from gui.runs.run_data import RunData


class WeekFigures(QScrollArea):
    """A scrollable table of the week's figures (rich text in `label`)."""

    def __init__(self) -> None:
        super().__init__()
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setWidgetResizable(True)
        self.setWidget(self.label)

    def show_runs(self, current: RunData | None, reference: RunData | None) -> None:
        html = table_html(current, reference)
        if html != self.label.text():
            self.label.setText(html)
