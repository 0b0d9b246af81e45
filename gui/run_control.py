"""A run seen from the window: start it, pause, resume and stop it, and keep its views in step with it.

The model runs in its own process behind gui.runs.worker; this controller turns
the worker's messages into the run's data (gui.runs.run_data) and redraws the
map, the plots and the run toolbar from it. Each run writes its result files
into a temporary folder of its own, so a finished run can be exported and a
held reference keeps its files; only the last few folders are kept, and all
go when the window closes. The window hears of it through the signals below
and keeps the rest (the scenario, the controls, the comparison) itself.

Two things the model cannot say for itself are said here: a model that has
gone silent (the worker's watchdog) is shown as stalled, with a choice to wait
or stop; and a run computed but whose files could not be written (a full disk)
stays in the window, with a plain sentence and the offer of another folder.

It also starts a comparison over seeds (gui.runs.seed_compare): the held
reference's scenario and the form's, as edited, over the same seeds on the
local process pool, off the GUI thread, with progress and cancel.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from gui.runs.compare import Comparison
from gui.runs.run_data import RunData
from gui.runs.seed_compare import SeedRunner, seeds_from
from gui.runs.worker import RunWorker
from gui.widgets.map_view import MapView
from gui.widgets.plots import PlotPanel
from gui.widgets.run_bar import RunBar, clock_html
from sim.engine.network import read_network_spec
from sim.runs.experiments import specs_for_scenario
from sim.runs.figures import RunSummary
from sim.runs.session import RunJob, RunState
from sim.scenario import LoadedScenario
from sim.scenario.loader import fingerprint

KEEP_RUN_DIRS = 3  # result folders kept besides the current run's and the reference's
translate = QCoreApplication.translate  # by this name, so lupdate still collects every text


class RunControl(QObject):
    """The window's one run at a time: its worker, its data (`run`) and its result folders."""

    run_updated = Signal()  # new figures arrived and are drawn
    run_state_changed = Signal()  # pausing, paused, resumed: what the controls offer changed
    run_finished = Signal()
    run_stopped = Signal()
    run_failed = Signal(str, str)  # message (names file and key), details
    run_stalled = Signal()  # the model has gone silent (the question to wait or stop is showing)

    def __init__(self, parent: QObject, map_view: MapView, plots: PlotPanel, bar: RunBar) -> None:
        super().__init__(parent)
        self.map, self.plots, self.bar = map_view, plots, bar
        self.run: RunData | None = None
        self.scenario: Any = None  # what the current run ran (edits included) and where its files are: a reference needs both
        self.base_dir: Path | None = None
        self.seeds = SeedRunner(self)
        self._run_dirs: list[Path] = []
        self.worker = RunWorker(self)
        self.worker.updates_received.connect(self._on_worker_updates_received)
        self.worker.run_paused.connect(self._on_worker_run_paused)
        self.worker.run_resumed.connect(self._on_worker_run_resumed)
        self.worker.run_finished.connect(self._on_worker_run_finished)
        self.worker.run_stopped.connect(self._on_worker_run_stopped)
        self.worker.run_failed.connect(self._on_worker_run_failed)
        self.worker.run_stalled.connect(self._on_worker_run_stalled)
        self.worker.run_unstalled.connect(self._on_worker_run_unstalled)
        self.worker.run_unwritten.connect(self._on_worker_run_unwritten)
        self.stall_box: QMessageBox | None = None  # "the model has sent nothing": wait or stop
        self.unwritten_box: QMessageBox | None = None  # "the files could not be written": another folder?
        self._state_before_stall = RunState.RUNNING
        bar.pace_changed.connect(self._on_bar_pace_changed)

    def is_active(self) -> bool:
        return self.worker.is_active()

    def state(self) -> RunState | None:
        return self.run.state if self.run is not None else None

    def start(self, scenario: Any, loaded: LoadedScenario, scenario_bytes: bytes, edited: bool, name: str, n_links: int,
              keep: Path | None) -> None:
        """Run `scenario` (the form's, validated; `edited` when it differs from the file) into a new result folder.

        `scenario_bytes` is the scenario as run, copied beside the results; `keep` is a folder not to prune (the reference's).
        """
        out_dir = Path(tempfile.mkdtemp(prefix="gusu-run-"))
        self._run_dirs.append(out_dir)
        self._prune_run_dirs(keep)
        job = RunJob(scenario=scenario, base_dir=loaded.base_dir, name=loaded.path.name,
                     sha256=hashlib.sha256(scenario_bytes).hexdigest() if edited else loaded.sha256,
                     resolved_sha256=fingerprint(scenario),  # the CLI's fingerprint, edited or not
                     scenario_bytes=scenario_bytes, out_dir=out_dir, pace_min_per_s=self.bar.pace_min_per_s())
        self.run = RunData.for_scenario(scenario, name, n_links)
        self.scenario, self.base_dir = scenario, loaded.base_dir
        self.run.state = RunState.RUNNING
        self.map.reset_run()
        self.plots.show_run(self.run)
        self.worker.start(job)

    def _prune_run_dirs(self, keep_also: Path | None) -> None:
        keep = {self.run.out_dir} if self.run is not None and self.run.out_dir else set()
        if keep_also is not None:
            keep.add(keep_also)
        while len(self._run_dirs) > KEEP_RUN_DIRS:
            old = self._run_dirs.pop(0)
            if old in keep:
                self._run_dirs.append(old)
                break
            shutil.rmtree(old, ignore_errors=True)

    def pause_or_resume(self) -> None:
        if self.run is not None and self.run.state == RunState.PAUSED:
            self.worker.resume()
        elif self.run is not None and self.run.state == RunState.RUNNING:
            self.worker.pause()
            self.run.state = RunState.PAUSING
            self.run_state_changed.emit()

    def stop(self) -> None:
        """Stop the run; the model process always ends (asked, then terminated, then killed)."""
        self._close_boxes()
        if self.worker.is_active():
            self.worker.stop()
            if self.run is not None and self.run.state != RunState.FINISHED:
                self.run.state = RunState.STOPPING
            self.run_state_changed.emit()

    def compare_over_seeds(self, comparison: Comparison, run: tuple[Any, Path, str], n: int) -> None:
        """Run the held reference and this run (scenario, base folder, name) over the same `n` seeds.

        Does nothing without a held reference or while one runs; raises NetworkError or OSError when a
        network file cannot be read."""
        if comparison.scenario is None or comparison.reference is None or self.seeds.is_active():
            return
        reference = (comparison.scenario, comparison.base_dir, comparison.reference.name)
        seeds = seeds_from(reference[0].run.seed, n)
        specs = [specs_for_scenario(scenario, name, read_network_spec(base / scenario.network.file), seeds)
                 for scenario, base, name in (reference, run)]
        self.seeds.start(specs[0], specs[1], (reference[2], run[2]))

    def shutdown(self) -> None:
        """The window is closing: end the model process, any comparison over seeds, and delete every result folder."""
        self._close_boxes()
        self.worker.shutdown()
        self.seeds.cancel()
        for d in self._run_dirs:
            shutil.rmtree(d, ignore_errors=True)

    def show_readout(self) -> None:
        """The toolbar's clock and progress, and the map's clock, for the current run."""
        self.bar.show_run(self.run)
        if self.run is not None and self.run.snapshot is not None:
            self.map.clock.setText(clock_html(self.run.snapshot))

    def _on_bar_pace_changed(self, pace_min_per_s: float | None) -> None:
        if self.worker.is_active():
            self.worker.set_pace(pace_min_per_s)

    def _on_worker_updates_received(self, updates: list[Any]) -> None:
        run = self.run
        if run is None:
            return
        for up in updates:
            run.apply(up)
        self.plots.show_run(run)
        self.map.show_run(run)
        self.show_readout()
        self.run_updated.emit()

    def _on_worker_run_paused(self) -> None:
        if self.run is not None:
            self.run.state = RunState.PAUSED
        self.run_state_changed.emit()

    def _on_worker_run_resumed(self) -> None:
        if self.run is not None:
            self.run.state = RunState.RUNNING
        self.run_state_changed.emit()

    def _on_worker_run_finished(self, summary: RunSummary, out_dir: Path | None) -> None:
        self._close_boxes()
        run = self.run
        if run is not None:
            run.summary, run.out_dir, run.state, run.progress = summary, out_dir, RunState.FINISHED, 1.0
            self.plots.show_run(run)
            self.map.show_run(run)
        self.show_readout()
        self.run_updated.emit()
        self.run_finished.emit()

    def _on_worker_run_stopped(self) -> None:
        if self.run is not None:
            self.run.state = RunState.STOPPED
        self._close_boxes()
        self.run_stopped.emit()

    def _on_worker_run_failed(self, message: str, details: str) -> None:
        if self.run is not None:
            self.run.state = RunState.FAILED
        self._close_boxes()
        self.run_failed.emit(message, details)

    # ---- the watchdog ---------------------------------------------------------

    def _on_worker_run_stalled(self, silent_s: float) -> None:
        if self.run is None:
            return
        if self.run.state != RunState.STALLED:
            self._state_before_stall = RunState(self.run.state)
        self.run.state = RunState.STALLED
        box = QMessageBox(QMessageBox.Icon.Warning, translate("MainWindow", "The model has stalled"),
                          translate("MainWindow", "The model process has sent nothing for {s:.0f} seconds. It may be stopped, "
                                                  "swapping or stuck. Wait for it, or stop the run?").format(s=silent_s),
                          parent=self._parent_widget())
        box.addButton(translate("MainWindow", "Wait"), QMessageBox.ButtonRole.RejectRole)
        box.addButton(translate("MainWindow", "Stop the run"), QMessageBox.ButtonRole.DestructiveRole)
        box.buttonClicked.connect(self._on_stall_box_button_clicked)
        self._close_boxes()
        self.stall_box = box
        box.open()  # window-modal, never blocking: the watchdog and the pipe keep being served
        self.run_state_changed.emit()
        self.run_stalled.emit()

    def _on_stall_box_button_clicked(self, button: Any) -> None:
        box, self.stall_box = self.stall_box, None
        if box is not None and box.buttonRole(button) == QMessageBox.ButtonRole.DestructiveRole:
            self.stop()
        else:
            self.worker.keep_waiting()

    def _on_worker_run_unstalled(self) -> None:
        self._close_boxes()
        if self.run is not None and self.run.state == RunState.STALLED:
            self.run.state = self._state_before_stall
        self.run_state_changed.emit()

    # ---- a run computed but not written -----------------------------------------

    def _on_worker_run_unwritten(self, summary: RunSummary, folder: Path, reason: str) -> None:
        run = self.run
        if run is not None:  # the run stays in the window, whatever becomes of its files
            run.summary, run.out_dir, run.state, run.progress = summary, None, RunState.FINISHED, 1.0
            self.plots.show_run(run)
            self.map.show_run(run)
            self.show_readout()
        box = QMessageBox(QMessageBox.Icon.Warning, translate("MainWindow", "Results not written"),
                          translate("MainWindow", "The run is complete and stays in the window, but its result files could not "
                                                  "be written to {folder}: {reason}. Choose another folder for them?")
                          .format(folder=folder, reason=reason), parent=self._parent_widget())
        box.addButton(translate("MainWindow", "Choose another folder…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(translate("MainWindow", "Keep the run without files"), QMessageBox.ButtonRole.RejectRole)
        box.buttonClicked.connect(self._on_unwritten_box_button_clicked)
        self._close_boxes()
        self.unwritten_box = box
        box.open()
        self.run_state_changed.emit()

    def _on_unwritten_box_button_clicked(self, button: Any) -> None:
        box, self.unwritten_box = self.unwritten_box, None
        folder = ""
        if box is not None and box.buttonRole(button) == QMessageBox.ButtonRole.AcceptRole:
            folder = QFileDialog.getExistingDirectory(self._parent_widget(), translate("MainWindow", "Write the results into folder"))
        if folder:
            self.worker.write_to(Path(folder))
        else:
            self.worker.stop()  # the child ends; the run stays, without files

    def _close_boxes(self) -> None:
        for box in (self.stall_box, self.unwritten_box):
            if box is not None:
                box.buttonClicked.disconnect()
                box.done(0)
        self.stall_box = self.unwritten_box = None

    def _parent_widget(self) -> QWidget | None:
        parent = self.parent()
        return parent if isinstance(parent, QWidget) else None
