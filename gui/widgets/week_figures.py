"""The run's figures beside the published ones for its kind of day, the held reference, and a comparison over seeds.

A dock of its own, so a planner can keep it in view while the map and the
plots fill; the tables themselves are gui.runs.compare's. Above them: how many
seeds a comparison runs, the button that starts it, its progress and Cancel.
The table is redrawn only when its text changes, since it is asked after every
update of a run; it wraps to the dock's width, so no column is ever cut.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QScrollArea, QSizePolicy, QSpinBox, QVBoxLayout, QWidget

from gui.runs.compare import seed_table_html, source_tooltip, table_html
from gui.runs.run_data import RunData
from gui.runs.seed_compare import DEFAULT_SEEDS, SeedResult, SeedRunner
from sim.runs.figures import PublishedFigures

MAX_SEEDS = 30


BUTTON_MIN_W_PX = 60


class WeekFigures(QWidget):
    """Seed controls on top, a scrollable table (rich text in `label`) below."""

    seeds_requested = Signal()  # compare the reference and this scenario over `seeds.value()` seeds
    cancel_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.seeds = QSpinBox()
        self.seeds.setRange(2, MAX_SEEDS)
        self.seeds.setValue(DEFAULT_SEEDS)
        self.seeds_label = QLabel()
        self.compare_button = QPushButton()
        self.compare_button.clicked.connect(self.seeds_requested.emit)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancel_requested.emit)
        self.cancel_button.hide()
        self.progress = QProgressBar()
        self.progress.setMaximumHeight(14)
        self.progress.hide()
        for button in (self.compare_button, self.cancel_button):  # the dock stays narrow: long texts are clipped, the tooltip says
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            button.setMinimumWidth(BUTTON_MIN_W_PX)
        row = QHBoxLayout()
        row.setContentsMargins(2, 2, 2, 0)
        row.addWidget(self.seeds_label)
        row.addWidget(self.seeds)
        row.addWidget(self.compare_button, 1)
        row.addWidget(self.cancel_button, 1)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.label.setWordWrap(True)  # the table takes the dock's width: text wraps, columns are never cut
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.progress)
        layout.addWidget(self.scroll, 1)
        self.retranslate_ui()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        self.seeds_label.setText(self.tr("seeds"))
        self.seeds.setToolTip(self.tr("How many seeds each side runs: more seeds, narrower intervals, longer wait"))
        self.compare_button.setText(self.tr("Compare over seeds"))
        self.compare_button.setToolTip(self.tr("Run the held reference and this scenario over the same seeds on the local "
                                               "process pool, and show each figure with its 95% interval"))
        self.cancel_button.setText(self.tr("Cancel"))

    def attach(self, runner: SeedRunner) -> None:
        """Show `runner`'s progress; Cancel cancels it."""
        runner.progressed.connect(self.show_progress)
        self.cancel_requested.connect(runner.cancel)

    def set_can_compare(self, can: bool, busy: bool) -> None:
        """`can`: a reference is held and nothing runs; `busy`: a seed comparison runs now."""
        self.compare_button.setEnabled(can and not busy)
        self.compare_button.setVisible(not busy)
        self.cancel_button.setVisible(busy)
        self.seeds.setEnabled(not busy)
        self.progress.setVisible(busy)

    def show_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.progress.setFormat(self.tr("{done} of {total} runs").format(done=done, total=total))

    def show_runs(self, current: RunData | None, reference: RunData | None, published: PublishedFigures,
                  seeds: SeedResult | None = None) -> None:
        html = seed_table_html(seeds, published) if seeds is not None else table_html(current, reference, published)
        if html != self.label.text():
            self.label.setText(html)
            self.label.setToolTip(source_tooltip(published))

    def fits(self) -> bool:
        """True when the table needs no more width than the dock gives it (the tests ask this)."""
        width = self.scroll.viewport().width() - 2 * self.label.margin()
        doc = QTextDocument()
        doc.setDefaultFont(self.label.font())
        doc.setHtml(self.label.text())
        doc.setTextWidth(width)  # laid out as the label lays it out: a table that cannot shrink comes out wider
        return doc.size().width() <= width + 1
