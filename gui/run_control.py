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

It keeps the states the model sends on its way (gui.runs.states), sends a
live change (Change) and marks its moment on the plots (gui.widgets.plot_marks),
and starts a what-if: a run from a kept state, changed at the moment its change
first takes effect (gui.runs.branching), beside the original held as reference.

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

from gui.runs.branching import first_effect_s
from gui.runs.compare import Comparison
from gui.runs.run_data import RunData
from gui.runs.seed_compare import SeedRunner, seeds_from
from gui.runs.states import EVERY_H, STORE, StateRing
from gui.runs.worker import RunWorker
from gui.widgets.map_view import MapView
from gui.widgets.plot_marks import PlotMarks, moment_words
from gui.widgets.plots import PlotPanel
from gui.widgets.run_bar import RunBar, clock_html
from sim.engine.network import read_network_spec
from sim.runs.experiments import specs_for_scenario
from sim.runs.figures import RunSummary
from sim.runs.session import RunJob, RunState
from sim.runs.snapshot import LiveChange
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
    change_applied = Signal(object)  # LiveChange: a live change or a what-if's change took effect
    change_refused = Signal(str, bool)  # why not (the run goes on unchanged); True for a what-if, which then ends

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
        self.worker.state_received.connect(self._on_worker_state_received)
        self.worker.change_applied.connect(self._on_worker_change_applied)
        self.worker.change_refused.connect(self._on_worker_change_refused)
        self.marks = PlotMarks(plots)
        self.states: StateRing | None = None  # the current run's kept states (None for a what-if: it keeps none)
        self.changes: list[LiveChange] = []  # what changed while it ran
        self._pending: Any = None  # the scenario of a change sent, until the model answers
        self.branch = False  # the current run is a what-if
        self.stall_box: QMessageBox | None = None  # "the model has sent nothing": wait or stop
        self.unwritten_box: QMessageBox | None = None  # "the files could not be written": another folder?
        self._state_before_stall = RunState.RUNNING
        bar.pace_changed.connect(self._on_bar_pace_changed)

    def is_active(self) -> bool:
        return self.worker.is_active()

    def state(self) -> RunState | None:
        return self.run.state if self.run is not None else None

    def start(self, scenario: Any, loaded: LoadedScenario, scenario_bytes: bytes, edited: bool, name: str, n_links: int,
              keep: Path | None, start_state: bytes | None = None, branch_from: Any = None, branch_at_s: float = 0.0) -> None:
        """Run `scenario` (the form's, validated; `edited` when it differs from the file) into a new result folder.

        `scenario_bytes` is the scenario as run, copied beside the results; `keep` is a folder not to prune (the reference's).
        A what-if (`branch_from`, the original scenario) starts from `start_state` (None: from the start), runs under
        the original to `branch_at_s` and under `scenario` from then on; it keeps no states of its own.
        """
        out_dir = Path(tempfile.mkdtemp(prefix="gusu-run-"))
        self._run_dirs.append(out_dir)
        self._prune_run_dirs(keep)
        self.branch = branch_from is not None
        job = RunJob(scenario=scenario, base_dir=loaded.base_dir, name=loaded.path.name,
                     sha256=hashlib.sha256(scenario_bytes).hexdigest() if edited else loaded.sha256,
                     resolved_sha256=fingerprint(scenario),  # the CLI's fingerprint, edited or not
                     scenario_bytes=scenario_bytes, out_dir=out_dir, pace_min_per_s=self.bar.pace_min_per_s(),
                     day_states=not self.branch, state_every_h=None if self.branch else EVERY_H,
                     start_state=start_state, branch_from=branch_from, branch_at_s=branch_at_s)
        self.states = None if self.branch else STORE.ring(self.state_key(scenario), new=True)
        self.changes, self._pending = [], None
        self.run = RunData.for_scenario(scenario, name, n_links)
        self.scenario, self.base_dir = scenario, loaded.base_dir
        self.run.state = RunState.RUNNING
        self.map.reset_run()
        self.marks.clear()
        self.plots.show_run(self.run)
        self.worker.start(job)

    @staticmethod
    def state_key(scenario: Any) -> tuple[str, int]:
        """Which run a state belongs to: the scenario as run and its seed."""
        return fingerprint(scenario), int(scenario.run.seed)

    # ---- live changes and what-ifs -------------------------------------------------

    def differs(self, scenario: Any) -> bool:
        """`scenario` is not the one the current run runs (or ran)."""
        return scenario is not None and self.scenario is not None and fingerprint(scenario) != fingerprint(self.scenario)

    def can_change(self, scenario: Any) -> bool:
        """A live change can be sent: a run goes on, none is waiting for its answer, and `scenario` differs from it."""
        return (self.worker.is_active() and self._pending is None and self.run is not None
                and self.run.state in (RunState.RUNNING, RunState.PAUSED) and self.differs(scenario))

    def apply_now(self, scenario: Any) -> bool:
        """Send the running model `scenario` from now on; change_applied or change_refused follows."""
        if not self.can_change(scenario):
            return False
        self._pending = scenario
        self.worker.send_change(scenario)
        return True

    def can_branch(self) -> bool:
        """A what-if can start from this run: it finished or stopped (or is paused), kept its states and changed nothing live."""
        return (self.run is not None and self.states is not None and not self.changes and not self.branch
                and self.run.state in (RunState.FINISHED, RunState.STOPPED, RunState.PAUSED))

    def branch_point(self, scenario: Any, moment_s: float) -> tuple[float, float | None, bytes | None]:
        """(the moment the change first takes effect, the kept state's time or None, the state or None: from the start)."""
        t = first_effect_s(self.scenario, scenario, moment_s)
        kept = self.states.latest_at_or_before(t) if self.states is not None else None
        return (t, kept[0], kept[1]) if kept is not None else (t, None, None)

    def _on_worker_state_received(self, t_s: float, state: bytes) -> None:
        if self.states is not None:
            self.states.add(t_s, state)

    def _on_worker_change_applied(self, change: LiveChange) -> None:
        if self._pending is not None:
            self.scenario, self._pending = self._pending, None
        first_of_branch = self.branch and not self.changes
        self.changes.append(change)
        when = moment_words(change.moment)
        self.marks.add(change.t_s, translate("MainWindow", "what-if from {moment} (solid); original dashed").format(moment=when)
                       if first_of_branch else translate("MainWindow", "changed {moment}").format(moment=when))
        self.change_applied.emit(change)

    def _on_worker_change_refused(self, message: str) -> None:
        self._pending = None
        self.change_refused.emit(message, self.branch)

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
