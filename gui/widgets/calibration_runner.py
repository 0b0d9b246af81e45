"""Long calibration commands run from the window: the report over seeds, and a fit, with progress and Cancel.

A calibration report is some dozens of week runs and a fit some hundreds: hours
on a two-core machine. As with a sweep (gui.widgets.sweep_runner), the window
starts the command a planner would type (`gusu calibrate-report`, `gusu
calibrate`) as a QProcess, reads its progress lines ("3/16 runs done"), shows
the runs done and the time left, and Cancel ends the process. A fit journals
every finished trial (sim/runs/fit.py, journal.jsonl in its folder), so while
it runs the journal is read every few seconds and its best trial so far shown:
a cancelled fit keeps its trials, and running it again resumes.
"""

from __future__ import annotations

import json
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QProcess, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from gui.widgets.sweep_runner import PROGRESS, time_left_text

JOURNAL_POLL_MS = 2000  # how often a running fit's journal is read again


@dataclass
class JournalState:
    """What a fit's journal says so far."""

    trials: int                    # finished trials, failed ones included
    best_number: int | None        # the best trial's number (lowest loss), None before one finished
    best_loss: float | None        # band-scaled squared errors summed over targets (dimensionless)
    best_params: dict[str, float]  # scenario key -> value at the best trial


def read_journal(path: Path) -> JournalState:
    """The best trial of journal.jsonl (header line, then one trial per line); an empty state if there is none yet."""
    try:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except OSError:
        return JournalState(0, None, None, {})
    best: dict | None = None
    trials = 0
    for line in lines[1:]:
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            continue  # the journal is rewritten whole, so this is a file of another kind; skip, never crash
        trials += 1
        loss = rec.get("loss")
        if isinstance(loss, (int, float)) and not math.isinf(loss) and (best is None or loss < best["loss"]):
            best = rec
    if best is None:
        return JournalState(trials, None, None, {})
    return JournalState(trials, int(best.get("number", -1)), float(best["loss"]), {str(k): float(v) for k, v in best.get("params", {}).items()})


class CommandRunner(QWidget):
    """One `gusu` command as a process: a progress bar over runs, the time left, Run and Cancel."""

    finished_run = Signal(int)  # the exit status; -1 when cancelled

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.run_button = QPushButton()
        self.cancel_button = QPushButton()
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.run_button)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.status)
        self.process: QProcess | None = None
        self.started_at = 0.0
        self.output = ""
        self.finished_code: int | None = None
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.run_button.setText(self.tr("Run"))
        self.cancel_button.setText(self.tr("Cancel"))

    def running(self) -> bool:
        return self.process is not None

    def start(self, gusu_args: list[str]) -> None:
        """Run `gusu ARGS` (as `python -m sim.cli ARGS`, the same interpreter as the window)."""
        if self.process is not None:
            return
        self.output = ""
        self.finished_code = None
        self.progress.setRange(0, 0)  # busy until the first progress line
        self.process = proc = QProcess(self)
        proc.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        proc.readyReadStandardOutput.connect(self._on_process_output)
        proc.finished.connect(self._on_process_finished)
        self.started_at = time.monotonic()
        self.status.setText(self.tr("starting..."))
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        proc.start(sys.executable, ["-m", "sim.cli", *gusu_args])

    def _on_process_output(self) -> None:
        if self.process is None:
            return
        text = bytes(self.process.readAllStandardOutput().data()).decode("utf-8", "replace")
        for line in text.splitlines():
            m = PROGRESS.search(line)
            if not m:
                if line.strip():
                    self.output += line + "\n"
                continue
            done, total = int(m.group(1)), int(m.group(2))
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(done)
            left = time_left_text(done, total, time.monotonic() - self.started_at)
            self.status.setText(self.tr("{0} of {1} runs done; about {2} left").format(done, total, left) if left
                                else self.tr("{0} of {1} runs done").format(done, total))

    def _on_process_finished(self, code: int, _status: object) -> None:
        self._on_process_output()
        self.process = None
        self.finished_code = code
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.setRange(0, 1)
        self.progress.setValue(1 if code == 0 else 0)
        if code != 0:
            self.status.setText(self.last_lines() or self.tr("the command stopped (exit status {0})").format(code))
        self.finished_run.emit(code)

    def last_lines(self, n: int = 6) -> str:
        return "\n".join(self.output.strip().splitlines()[-n:])

    def cancel(self) -> None:
        """End the process now; what it journaled is kept."""
        proc = self.process
        if proc is None:
            return
        proc.finished.disconnect(self._on_process_finished)
        proc.kill()
        proc.waitForFinished(5000)
        self.process = None
        self.finished_code = -1
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status.setText(self.tr("cancelled"))
        self.finished_run.emit(-1)


class JournalWatch(QWidget):
    """Reads a running fit's journal every few seconds and shows its best loss and parameter values."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel("")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        self.path: Path | None = None
        self.state = JournalState(0, None, None, {})
        self.timer = QTimer(self)
        self.timer.setInterval(JOURNAL_POLL_MS)
        self.timer.timeout.connect(self.refresh)

    def watch(self, path: Path) -> None:
        self.path = path
        self.refresh()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self.refresh()

    def refresh(self) -> None:
        if self.path is None:
            return
        self.state = s = read_journal(self.path)
        if s.best_loss is None:
            self.label.setText(self.tr("{0} trials finished; no best trial yet").format(s.trials))
            return
        params = "<br>".join(f"&nbsp;&nbsp;{key} = {value:.4g}" for key, value in s.best_params.items())
        self.label.setText(self.tr("{0} trials finished. Best so far: trial {1}, loss {2} "
                                   "(sum of squared errors in band half-widths; at most the number of targets when all are inside)")
                           .format(s.trials, s.best_number, f"{s.best_loss:.3f}") + "<br>" + params)
