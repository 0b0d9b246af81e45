"""Starting a sweep from the window, with progress over runs and the time left.

A sweep is many runs on worker processes; the window must stay responsive and
a planner must be able to cancel it. So the window starts the same command a
planner would type (`gusu sweep ... --out DIR`) as a QProcess, reads the
progress lines it prints ("3/16 runs done"), shows a progress bar with the
time left, and when the sweep is written opens it as a plot. Wrong input is
refused by the command itself and its message shown as it printed it.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from PySide6.QtCore import QProcess
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gui.widgets.sweep_view import SweepView, read_sweep

PROGRESS = re.compile(r"(\d+)/(\d+) runs done")


def time_left_text(done: int, total: int, elapsed_s: float) -> str:
    """'about 2 min left' from the runs done so far; empty before the first run is done."""
    if done <= 0 or done >= total:
        return ""
    left = elapsed_s / done * (total - done)
    return f"{left:.0f} s" if left < 90 else f"{left / 60:.0f} min"


class SweepRunDialog(QDialog):
    """Keys and values to sweep, seeds, workers and a folder; Run, progress, Cancel."""

    def __init__(self, scenario: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scenario = scenario
        self.setWindowTitle(self.tr("Run sweep"))
        self.resize(640, 420)
        self.sets = QPlainTextEdit()
        self.sets.setPlaceholderText(self.tr("one KEY=V1,V2,... per line, e.g. transfer_centres.north_bus_station.car_spaces=400,800,1200"))
        self.replications = QSpinBox()
        self.replications.setRange(1, 1000)
        self.replications.setValue(3)
        self.workers = QSpinBox()
        self.workers.setRange(1, 256)
        self.workers.setValue(2)
        self.out = QLineEdit(str(scenario.parent / f"sweep_{scenario.stem}"))
        browse = QPushButton(self.tr("Choose..."))
        browse.clicked.connect(self._on_browse_clicked)
        folder = QHBoxLayout()
        folder.addWidget(self.out, 1)
        folder.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("scenario"), QLabel(str(scenario)))
        form.addRow(self.tr("keys and values"), self.sets)
        form.addRow(self.tr("seeds per variant"), self.replications)
        form.addRow(self.tr("worker processes"), self.workers)
        form.addRow(self.tr("results folder"), folder)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.run_button = self.buttons.addButton(self.tr("Run"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.run_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.process: QProcess | None = None
        self.started_at = 0.0
        self.errors = ""
        self.finished_code: int | None = None
        self.view: QWidget | None = None

    def arguments(self) -> list[str]:
        args = ["-m", "sim.cli", "sweep", str(self.scenario), "--out", self.out.text().strip(),
                "--replications", str(self.replications.value()), "--workers", str(self.workers.value()), "--resume"]
        for line in self.sets.toPlainText().splitlines():
            if line.strip():
                args += ["--set", line.strip()]
        return args

    def start(self) -> None:
        if self.process is not None:
            return
        self.errors = ""
        self.finished_code = None
        self.process = proc = QProcess(self)
        proc.readyReadStandardError.connect(self._on_process_stderr)
        proc.finished.connect(self._on_process_finished)
        self.started_at = time.monotonic()
        self.status.setText(self.tr("starting..."))
        self.run_button.setEnabled(False)
        proc.start(sys.executable, self.arguments())

    def _on_process_stderr(self) -> None:
        if self.process is None:
            return
        text = bytes(self.process.readAllStandardError().data()).decode("utf-8", "replace")
        for line in text.splitlines():
            m = PROGRESS.search(line)
            if m:
                done, total = int(m.group(1)), int(m.group(2))
                self.progress.setRange(0, total)
                self.progress.setValue(done)
                left = time_left_text(done, total, time.monotonic() - self.started_at)
                self.status.setText(self.tr("{0} of {1} runs done; about {2} left").format(done, total, left) if left
                                    else self.tr("{0} of {1} runs done").format(done, total))
            elif line.strip() and not line.lstrip().startswith("sweep:"):
                self.errors += line + "\n"

    def _on_process_finished(self, code: int, _status: object) -> None:
        self._on_process_stderr()
        self.finished_code = code
        self.process = None
        self.run_button.setEnabled(True)
        folder = Path(self.out.text().strip())
        if code in (0, 1) and (folder / "sweep.csv").exists():

            self.status.setText(self.tr("done: {0}").format(folder) + ("\n" + self.errors.strip() if self.errors.strip() else ""))
            self.view = SweepView(read_sweep(folder), self.parentWidget())
            self.view.show()
        else:
            self.status.setText(self.errors.strip() or self.tr("the sweep stopped (exit status {0})").format(code))

    def _on_cancel_clicked(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.waitForFinished(3000)
            self.status.setText(self.tr("cancelled; the runs already finished are kept: Run again resumes"))
        else:
            self.reject()

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 (Qt's name)
        if self.process is not None:
            self.process.kill()
            self.process.waitForFinished(3000)
        super().closeEvent(event)

    def _on_browse_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Results folder"), self.out.text())
        if folder:
            self.out.setText(folder)
