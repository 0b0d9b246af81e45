"""Folders of results: a run's files and pictures exported into one, a sweep run into one, a sweep folder opened.

A finished run's result files are the ones `gusu run --out` writes, copied by
gui.runs.export; the pictures are the map and one PNG per plot. A sweep runs
the file as saved on disk through `gusu sweep` (gui.widgets.sweep_runner), and
any sweep folder can be opened to plot a figure against a swept key
(gui.widgets.sweep_view). Texts are in the "MainWindow" translation context.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from gui.runs import export
from gui.runs.run_data import RunData
from gui.widgets.map_view import MapView
from gui.widgets.plots import PlotPanel
from gui.widgets.sweep_runner import SweepRunDialog
from gui.widgets.sweep_view import SweepFolderError, SweepView, read_sweep

STATUS_MESSAGE_MS = 8000
translate = QCoreApplication.translate  # by this name, so lupdate still collects every text


class ResultFolders(QObject):
    """The dialogs that write results into a folder or read a sweep's folder, for one window."""

    def __init__(self, window: QMainWindow, map_view: MapView, plots: PlotPanel, current_run: Callable[[], RunData | None],
                 scenario_path: Callable[[], Path], show_error: Callable[..., Any]) -> None:
        super().__init__(window)
        self._window = window
        self._map, self._plots = map_view, plots
        self._current_run = current_run
        self._scenario_path = scenario_path
        self._show_error = show_error
        self.sweep_runner: SweepRunDialog | None = None
        self.sweep_view: SweepView | None = None

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
