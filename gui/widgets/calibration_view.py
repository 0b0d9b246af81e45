"""The Calibration view: how well the model matches what was published, fitting it, and what its figures rest on.

Three pages, for the three questions a planner asks before trusting a what-if.
Targets: the model against every published figure (a `gusu calibrate-report`
JSON, opened or made here over N seeds), each with its band and 95% interval.
Fit: `gusu calibrate FILE --out DIR` run as a process with progress, the time
left and Cancel, its journal's best loss and values shown as trials finish.
Sensitivity: the tornado of a `gusu sensitivity` folder. The long commands run
in gui.widgets.calibration_runner; the drawing is calibration_report's and
calibration_tornado's.

Before anyone has run hours of week runs, the view shows the results shipped
with Gusu (scenarios/calibration/results/shipped.toml names each one with the
command that made it and the date), so the figures on screen are never without
the assumptions they rest on; opening another file replaces them.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui.widgets.calibration_report import ReportFileError, TargetsPanel, read_report
from gui.widgets.calibration_runner import CommandRunner, JournalWatch
from gui.widgets.calibration_tornado import TornadoFileError, TornadoPanel, not_drawn, read_tornado
from sim.engine.bundled import bundled_dir

TARGETS, FIT, SENSITIVITY = range(3)  # the pages, in order


@dataclass
class Shipped:
    """A result shipped with Gusu: where it is, the command that made it, and when."""

    path: Path
    command: str
    made: dt.date


def shipped_results(folder: Path | None = None) -> dict[str, Shipped]:
    """'report' and 'sensitivity' from shipped.toml; a missing or damaged entry is left out (the view then starts empty)."""
    folder = folder or bundled_dir("scenarios") / "calibration" / "results"
    try:
        doc = tomllib.loads((folder / "shipped.toml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
    out = {}
    for kind in ("report", "sensitivity"):
        entry = doc.get(kind)
        if (isinstance(entry, dict) and isinstance(entry.get("path"), str) and isinstance(entry.get("command"), str)
                and isinstance(entry.get("made"), dt.date)):
            if (folder / entry["path"]).exists():
                out[kind] = Shipped(folder / entry["path"], entry["command"], entry["made"])
    return out


def _folder_row(edit: QLineEdit, browse: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(edit, 1)
    row.addWidget(browse)
    return row


class CalibrationView(QDialog):
    """Targets against the model, a fit with its progress, and the sensitivity tornado, as three tabs."""

    def __init__(self, parent: QWidget | None = None, work_dir: Path | None = None) -> None:
        super().__init__(parent)
        work = work_dir or Path.cwd() / "calibration_runs"
        cal_dir = bundled_dir("scenarios") / "calibration"
        self.resize(1200, 800)
        self.tabs = QTabWidget()
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.error_box: QMessageBox | None = None
        # Targets
        self.targets = TargetsPanel()
        self.report_label = QLabel("")
        self.report_label.setWordWrap(True)
        self.open_report_button = QPushButton()
        self.open_report_button.clicked.connect(self._on_open_report_clicked)
        self.seeds = QSpinBox()
        self.seeds.setRange(2, 100)
        self.seeds.setValue(5)
        self.report_workers = QSpinBox()
        self.report_workers.setRange(1, 256)
        self.report_workers.setValue(2)
        self.report_json = QLineEdit(str(work / "calibrate_report.json"))
        self.report_runner = CommandRunner()
        self.report_runner.run_button.clicked.connect(self.run_report)
        self.report_runner.finished_run.connect(self._on_report_runner_finished)
        top = QHBoxLayout()
        top.addWidget(self.open_report_button)
        top.addWidget(self.report_label, 1)
        self.report_labels = [QLabel(), QLabel(), QLabel()]
        self.report_box = QGroupBox()
        row = QHBoxLayout()
        for label, field, stretch in zip(self.report_labels, (self.seeds, self.report_workers, self.report_json), (0, 0, 1)):
            row.addWidget(label)
            row.addWidget(field, stretch)
        box = QVBoxLayout(self.report_box)
        box.addLayout(row)
        box.addWidget(self.report_runner)
        page = QWidget()
        v = QVBoxLayout(page)
        v.addLayout(top)
        v.addWidget(self.targets, 1)
        v.addWidget(self.report_box)
        self.tabs.addTab(page, "")
        # Fit
        default_cal = cal_dir / "workday_2019.toml"
        self.fit_file = QLineEdit(str(default_cal))
        self.fit_out = QLineEdit(str(work / default_cal.stem))
        self.fit_file_browse, self.fit_out_browse = QPushButton(), QPushButton()
        self.fit_file_browse.clicked.connect(self._on_fit_file_browse_clicked)
        self.fit_out_browse.clicked.connect(self._on_fit_out_browse_clicked)
        self.trials = QSpinBox()
        self.trials.setRange(0, 10000)  # 0: the file's own [fit].trials
        self.fit_workers = QSpinBox()
        self.fit_workers.setRange(1, 256)
        self.fit_workers.setValue(2)
        self.fit_runner = CommandRunner()
        self.fit_runner.run_button.clicked.connect(self.run_fit)
        self.fit_runner.finished_run.connect(self._on_fit_runner_finished)
        self.journal = JournalWatch()
        self.fit_note = QLabel("")
        self.fit_note.setWordWrap(True)
        self.fit_form = QFormLayout()
        self.fit_form.addRow(QLabel(), _folder_row(self.fit_file, self.fit_file_browse))
        self.fit_form.addRow(QLabel(), _folder_row(self.fit_out, self.fit_out_browse))
        self.fit_form.addRow(QLabel(), self.trials)
        self.fit_form.addRow(QLabel(), self.fit_workers)
        page = QWidget()
        v = QVBoxLayout(page)
        v.addWidget(self.fit_note)
        v.addLayout(self.fit_form)
        v.addWidget(self.fit_runner)
        v.addWidget(self.journal)
        v.addStretch(1)
        self.tabs.addTab(page, "")
        # Sensitivity
        self.tornado = TornadoPanel()
        self.open_sens_button = QPushButton()
        self.open_sens_button.clicked.connect(self._on_open_sensitivity_clicked)
        self.sens_label = QLabel("")
        self.sens_label.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.open_sens_button)
        top.addWidget(self.sens_label, 1)
        page = QWidget()
        v = QVBoxLayout(page)
        v.addLayout(top)
        v.addWidget(self.tornado, 1)
        self.tabs.addTab(page, "")
        self.report_path: Path | None = None
        self.sens_path: Path | None = None
        self.shipped: dict[str, Shipped] = {}
        self.retranslate_ui()
        self._open_shipped()

    def _open_shipped(self) -> None:
        found = shipped_results()
        if "report" in found and self._load_report(found["report"].path):
            self.shipped["report"] = found["report"]
        if "sensitivity" in found and self._load_sensitivity(found["sensitivity"].path):
            self.shipped["sensitivity"] = found["sensitivity"]
        self.report_label.setText(self._report_text())
        self.sens_label.setText(self._sens_text())

    def _shipped_note(self, kind: str) -> str:
        made = self.shipped.get(kind)
        if made is None:
            return ""
        return self.tr("shipped with Gusu, made by `{0}` on {1}").format(made.command, made.made.isoformat())

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Calibration"))
        for i, text in enumerate((self.tr("Targets against the model"), self.tr("Fit"), self.tr("Sensitivity"))):
            self.tabs.setTabText(i, text)
        self.open_report_button.setText(self.tr("Open report (JSON)..."))
        self.open_sens_button.setText(self.tr("Open sensitivity folder..."))
        self.fit_file_browse.setText(self.tr("Choose..."))
        self.fit_out_browse.setText(self.tr("Choose..."))
        self.trials.setSpecialValueText(self.tr("as the file says"))
        self.report_box.setTitle(self.tr("Make a new report: gusu calibrate-report (every scenario and control, once per seed)"))
        for label, text in zip(self.report_labels, (self.tr("seeds per scenario"), self.tr("worker processes"), self.tr("report file (JSON)"))):
            label.setText(text)
        for row, text in enumerate((self.tr("calibration file"), self.tr("output folder (journal)"), self.tr("trials in all"),
                                    self.tr("worker processes"))):
            label = self.fit_form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget()
            if isinstance(label, QLabel):
                label.setText(text)
        self.fit_note.setText(self.tr("Fits the declared assumptions to the published figures (gusu calibrate). Every finished trial is "
                                      "kept in the folder's journal: a cancelled fit resumes where it stopped when run again."))
        self.report_label.setText(self._report_text())
        self.sens_label.setText(self._sens_text())
        for w in (self.targets, self.tornado, self.report_runner, self.fit_runner):
            w.retranslate_ui()
        self.journal.refresh()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _report_text(self) -> str:
        if self.report_path is None:
            return self.tr("Open the JSON of gusu calibrate-report, or make one below (a few dozen week runs: hours on two cores).")
        rows = self.targets.rows
        inside = sum(1 for r in rows if r.inside)
        where = self._shipped_note("report") or str(self.report_path)
        return self.tr("{0}: {1} of {2} figures inside their band").format(where, inside, len(rows))

    def _sens_text(self) -> str:
        if self.sens_path is None:
            return self.tr("Open the folder of gusu sensitivity: how far each output moves when one assumption crosses its range.")
        where = self._shipped_note("sensitivity") or str(self.sens_path)
        text = self.tr("{0}: mu* is the mean absolute change of the output when one assumption moves across its whole declared "
                       "range, from Morris steps (scaled to the range); the longer the bar, the more the figure rests on that "
                       "assumption.").format(where)
        scenario, unread = not_drawn(self.sens_path)
        if scenario:
            text += " " + self.tr("Run on the scenario '{0}'.").format(scenario)
        if unread:
            text += " " + self.tr("Not drawn, because this scenario does not read them: {0}.").format(", ".join(unread))
        return text

    def _error(self, title: str, text: str) -> None:
        # not modal-blocking, so a test (and a running fit) goes on; the box names the file
        self.error_box = box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self)
        box.open()

    # Targets
    def open_report(self, path: Path) -> bool:
        try:
            rows = read_report(path)
        except ReportFileError as exc:
            self._error(self.tr("Not a calibration report"), str(exc))
            return False
        self.shipped.pop("report", None)
        self.report_path = path
        self.targets.show_rows(rows)
        self.report_label.setText(self._report_text())
        self.tabs.setCurrentIndex(TARGETS)
        return True

    def _load_report(self, path: Path) -> bool:
        try:
            self.targets.show_rows(read_report(path))
        except ReportFileError:
            return False
        self.report_path = path
        return True

    def _on_open_report_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open calibration report"), self.report_json.text(), self.tr("JSON (*.json)"))
        if path:
            self.open_report(Path(path))

    def run_report(self) -> None:
        out = Path(self.report_json.text().strip())
        out.parent.mkdir(parents=True, exist_ok=True)
        self.report_runner.start(["calibrate-report", "--seeds", str(self.seeds.value()), "--workers", str(self.report_workers.value()),
                                  "--json", str(out)])

    def _on_report_runner_finished(self, code: int) -> None:
        out = Path(self.report_json.text().strip())
        if code == 0 and out.exists() and self.open_report(out):
            self.report_runner.status.setText(self.tr("done: {0}").format(out))

    # Fit
    def run_fit(self) -> None:
        out = Path(self.fit_out.text().strip())
        args = ["calibrate", self.fit_file.text().strip(), "--out", str(out), "--workers", str(self.fit_workers.value())]
        if self.trials.value() > 0:
            args += ["--trials", str(self.trials.value())]
        self.journal.watch(out / "journal.jsonl")
        self.fit_runner.start(args)

    def _on_fit_runner_finished(self, code: int) -> None:
        self.journal.stop()
        if code == 0:
            self.fit_runner.status.setText(self.tr("done: {0} (fit.md lists every target's error)").format(self.fit_out.text().strip()))
        elif code == -1:
            self.fit_runner.status.setText(self.tr("cancelled; the finished trials are kept in the journal: Run again resumes"))

    def _on_fit_file_browse_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Calibration file"), self.fit_file.text(), self.tr("Calibration (*.toml)"))
        if path:
            self.fit_file.setText(path)
            self.fit_out.setText(str(Path(self.fit_out.text()).parent / Path(path).stem))

    def _on_fit_out_browse_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Output folder"), self.fit_out.text())
        if folder:
            self.fit_out.setText(folder)

    # Sensitivity
    def open_sensitivity(self, path: Path) -> bool:
        try:
            data = read_tornado(path)
        except TornadoFileError as exc:
            self._error(self.tr("Not a sensitivity folder"), str(exc))
            return False
        self.shipped.pop("sensitivity", None)
        self.sens_path = path
        self.tornado.show_effects(data)
        self.sens_label.setText(self._sens_text())
        self.tabs.setCurrentIndex(SENSITIVITY)
        return True

    def _load_sensitivity(self, path: Path) -> bool:
        try:
            self.tornado.show_effects(read_tornado(path))
        except TornadoFileError:
            return False
        self.sens_path = path
        return True

    def _on_open_sensitivity_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Open sensitivity folder"))
        if folder:
            self.open_sensitivity(Path(folder))

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 (Qt's name)
        for runner in (self.report_runner, self.fit_runner):
            runner.cancel()
        self.journal.timer.stop()
        super().closeEvent(event)
