"""Folders of results: a run's files and pictures exported into one, a sweep run into one, a sweep folder opened.

A finished run's result files are the ones `gusu run --out` writes, copied by
gui.runs.export; the pictures are the map and one PNG per plot. A sweep runs
the file as saved on disk through `gusu sweep` (gui.widgets.sweep_runner), and
any sweep folder can be opened to plot a figure against a swept key
(gui.widgets.sweep_view). The Calibration view (gui.widgets.calibration_view)
reads calibration reports, runs fits and shows sensitivity folders. Texts are in the "MainWindow" translation context.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from gui.i18n import is_chinese
from gui.runs import export
from gui.runs.run_data import RunData
from gui.widgets.calibration_view import CalibrationView
from gui.widgets.map_view import MapView
from gui.widgets.plots import PlotPanel
from gui.widgets.sweep_runner import SweepRunDialog
from gui.widgets.sweep_view import SweepFolderError, SweepView, read_sweep
from sim.cli.report import report_html
from sim.engine.atomic_file import atomic_write
from sim.interop.report_folders import ReportError

STATUS_MESSAGE_MS = 8000
REPORT_FILE = "report.html"  # the suggested file name: a name, not a text to translate
translate = QCoreApplication.translate  # by this name, so lupdate still collects every text


class ResultFolders(QObject):
    """The dialogs that write results into a folder or read a sweep's folder, for one window."""

    def __init__(self, window: QMainWindow, map_view: MapView, plots: PlotPanel, current_run: Callable[[], RunData | None],
                 scenario_path: Callable[[], Path], show_error: Callable[..., Any],
                 reference_run: Callable[[], RunData | None] = lambda: None) -> None:
        super().__init__(window)
        self._window = window
        self._map, self._plots = map_view, plots
        self._current_run = current_run
        self._reference_run = reference_run
        self._scenario_path = scenario_path
        self._show_error = show_error
        self.sweep_runner: SweepRunDialog | None = None
        self.sweep_view: SweepView | None = None
        self.calibration_view: CalibrationView | None = None

    def export_results_dialog(self) -> None:
        run = self._current_run()
        if run is None or run.out_dir is None:
            self._show_error(translate("MainWindow", "Nothing to export"),
                             translate("MainWindow", "Results are written when a run finishes; run the scenario to the end first."))
            return
        out_dir = run.out_dir
        folder = QFileDialog.getExistingDirectory(self._window, translate("MainWindow", "Export results into folder"))
        if folder:
            self._export(lambda: export.export_results(out_dir, Path(folder)), folder)

    def export_report_dialog(self) -> None:
        """One HTML file of the finished run (beside the held reference, when there is one), as `gusu report` writes it."""
        run, ref = self._current_run(), self._reference_run()
        if run is None or run.out_dir is None:
            self._show_error(translate("MainWindow", "Nothing to report"),
                             translate("MainWindow", "A report is made of a finished run; run the scenario to the end first."))
            return
        path, _ = QFileDialog.getSaveFileName(self._window, translate("MainWindow", "Export report"), REPORT_FILE,
                                              translate("MainWindow", "Web page (*.html)"))
        if not path:
            return
        lang = "zh_CN" if is_chinese() else "en"
        try:
            # with a held reference: it is A, this run is B, as "what changed from the reference"
            html = (report_html(ref.out_dir, run.out_dir, lang) if ref is not None and ref.out_dir is not None
                    else report_html(run.out_dir, None, lang))
            atomic_write(Path(path), html.encode("utf-8"))
        except (ReportError, OSError) as exc:
            self._show_error(translate("MainWindow", "Export failed"), f"{Path(path).name}: {exc}")
            return
        self._window.statusBar().showMessage(translate("MainWindow", "Wrote the report {path}").format(path=path), STATUS_MESSAGE_MS)

    def export_images_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self._window, translate("MainWindow", "Export plots and map into folder"))
        if folder:
            self._export(lambda: export.export_images(self._map, self._plots.widgets(), Path(folder)), folder)

    def _export(self, do: Callable[[], list[Path]], folder: str) -> None:
        try:
            files = do()
        except OSError as exc:  # a full disk, a folder gone: the file named was not written, none was left half written
            self._show_error(translate("MainWindow", "Export failed"),
                             translate("MainWindow", "{folder}: {problem}. Files written so far are whole; nothing was left "
                                                     "half written. Free some space or choose another folder.")
                             .format(folder=folder, problem=exc))
            return
        self._window.statusBar().showMessage(
            translate("MainWindow", "Wrote {n} files to {folder}").format(n=len(files), folder=folder), STATUS_MESSAGE_MS)

    def run_sweep_dialog(self) -> None:
        # the sweep runs the file as saved on disk (unsaved edits in the form are not part of it)
        self.sweep_runner = SweepRunDialog(self._scenario_path(), self._window)
        self.sweep_runner.show()

    def open_sweep_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self._window, translate("MainWindow", "Open sweep folder"))
        if not folder:
            return
        try:
            table = read_sweep(Path(folder))
        except SweepFolderError as exc:
            QMessageBox.warning(self._window, translate("MainWindow", "Not a sweep folder"), str(exc))
            return
        self.sweep_view = SweepView(table, self._window)
        self.sweep_view.show()

    def calibration_dialog(self, page: int) -> None:
        """The Calibration view (one per window, kept while a fit runs) on one of its pages."""
        if self.calibration_view is None:
            self.calibration_view = CalibrationView(self._window)
        self.calibration_view.tabs.setCurrentIndex(page)
        self.calibration_view.show()
        self.calibration_view.raise_()
