"""The main window: a scenario, its map, its plots, and the controls to run and compare it.

It wires the parts together and keeps the rules a planner relies on: a wrong
file never closes the window (a dialog names the file and the key), edits are
never lost silently (an unsaved-changes guard on open and close), a run never
freezes the window (gui.runs.worker), and the layout comes back as it was left
(QSettings, gui.settings). The trainer's demonstration, lessons, recording,
presentation view and language switching are gui.training's controller, the run
loop is gui.run_control's, and the menus are gui.menus'.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMessageBox, QSplitter, QStackedWidget, QWidget

from gui import window_layout
from gui.menus import PlannerMenus
from gui.result_folders import ResultFolders
from gui.run_control import RunControl
from gui.runs.compare import Comparison, published_for
from gui.runs.run_data import RunData, build_network
from gui.runs.worker import RunWorker
from gui.scenario_files import ScenarioFiles, dropped_scenario, form_problems
from gui.settings import make_settings, remember_file
from gui.training import Training
from gui.what_if import WhatIfControl
from gui.widgets.changes_panel import ChangesPanel
from gui.widgets.demo import DemoView
from gui.widgets.map_clicks import MapEditor
from gui.widgets.map_key import centre_title
from gui.widgets.map_view import MapView
from gui.widgets.plots import PlotPanel
from gui.widgets.run_bar import RunBar
from gui.widgets.scenario_form import ScenarioForm
from gui.widgets.status_line import StatusLine
from gui.widgets.week_figures import WeekFigures
from sim.engine.bundled import bundled_dir
from sim.engine.network import NetworkError
from sim.scenario import LoadedScenario

DEFAULT_SCENARIO = bundled_dir("scenarios") / "national_day_2019.toml"


class MainWindow(QMainWindow):
    """The program's one window: the planner's scenario, map, plots and runs; the trainer's side is `self.training`."""

    scenario_loaded = Signal(str)
    run_started = Signal()
    run_finished = Signal()
    run_stopped = Signal()
    run_failed = Signal(str)

    def __init__(self, settings: Any = None) -> None:
        super().__init__()
        self.settings = settings if settings is not None else make_settings()
        self.setWindowTitle("Gusu")
        self.setAcceptDrops(True)
        self.net: Any = None
        self.template: RunData | None = None
        self.last_dialog: QMessageBox | None = None
        self.remember = True  # layout and recent files; off for --screenshot: a picture must not change the user's settings
        self._network_key: str = ""
        self._dropped: Path | None = None
        self._drop_timer = QTimer(self)
        self._drop_timer.setSingleShot(True)
        self._drop_timer.timeout.connect(self._on_drop_timer_timeout)
        self.map = MapView()
        self.plots = PlotPanel()
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(self.map)
        self.split.addWidget(self.plots)
        self.split.setStretchFactor(0, 5)
        self.split.setStretchFactor(1, 6)
        self.training = Training(self, self)
        self.training.state_changed.connect(self._update_controls)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.split)
        self.stack.addWidget(self.training.demo)
        self.setCentralWidget(self.stack)
        self._docks_before_demo: dict[str, bool] = {}
        self.form = ScenarioForm()
        self.form.values_edited.connect(self._update_controls)
        self.form.validity_changed.connect(self._update_controls)
        self.files = ScenarioFiles(self, self.form, self.show_error)
        self.form_dock = self._dock("scenario", self.form, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.map_editor = MapEditor(self.map, self.form, lambda: self.loaded.base_dir if self.loaded else None)
        self.changes_dock = self._dock("changes", ChangesPanel(self.form.undo_stack), Qt.DockWidgetArea.LeftDockWidgetArea)
        self.week_figures = WeekFigures()
        self.compare_dock = self._dock("week_figures", self.week_figures, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.comparison = Comparison(self)
        self.comparison.reference_changed.connect(self._on_comparison_reference_changed)
        self.week_figures.seeds_requested.connect(self.compare_over_seeds)
        self.folders = ResultFolders(self, self.map, self.plots, lambda: self.run,
                                     lambda: self.loaded.path if self.loaded else DEFAULT_SCENARIO, self.show_error,
                                     lambda: self.comparison.reference)
        self.menus = m = PlannerMenus(self, self, self.folders, self.map)
        self.run_bar = RunBar([m.act_open, m.act_save], [m.act_run, m.act_stop], [m.act_hold])
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.run_bar)
        m.build_menu_bar(self.training, [self.form_dock, self.changes_dock, self.compare_dock], self.form.undo_stack)
        self.runs = RunControl(self, self.map, self.plots, self.run_bar)
        self.runs.run_updated.connect(self._show_compare_table)
        self.runs.run_state_changed.connect(self._update_controls)
        self.runs.run_finished.connect(self._on_runs_run_finished)
        self.runs.run_stopped.connect(self._on_runs_run_stopped)
        self.runs.run_failed.connect(self._on_runs_run_failed)
        self.what_if = WhatIfControl(self, self, m.run_menu, self.run_bar, self._update_controls)  # live changes, what-ifs
        self.week_figures.attach(self.runs.seeds)
        self.runs.seeds.comparison_finished.connect(self.comparison.show_seeds)
        for signal in (self.runs.seeds.comparison_finished, self.runs.seeds.comparison_failed, self.runs.seeds.comparison_cancelled):
            signal.connect(self._update_controls)
        self.runs.seeds.comparison_failed.connect(lambda message: self.show_error(self.tr("The comparison over seeds failed"), message))
        self.status = StatusLine(self.statusBar())
        self.map.link_hovered.connect(lambda text: self.statusBar().showMessage(text, 4000))
        self._size_docks_on_show = window_layout.restore_layout(self, self.split, self.settings, (self.form_dock, self.compare_dock))
        self.tabifyDockWidget(self.form_dock, self.changes_dock)  # a tab beside the form: the edits next to what they edit
        self.form_dock.raise_()
        self.retranslate_ui()

    @property
    def run(self) -> RunData | None:
        """The current run's data (None before the first run of a scenario)."""
        return self.runs.run

    @property
    def worker(self) -> RunWorker:
        return self.runs.worker

    def _dock(self, key: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(self)
        dock.setObjectName(f"dock_{key}")  # stable whatever the language: the saved layout finds it
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    # ---- language ---------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        """Every text of the window in the current language (called at start and on every LanguageChange)."""
        self.menus.retranslate_ui()
        self.form_dock.setWindowTitle(self.tr("Scenario"))
        self.changes_dock.setWindowTitle(self.tr("Changes"))
        self.compare_dock.setWindowTitle(self.tr("Week figures"))
        self.training.retranslate_ui()
        self.what_if.retranslate_ui()
        self.run_bar.retranslate_ui()
        if self.template is not None:
            self.plots.set_centre_names({cid: centre_title(cid, self.net) for cid in self.template.centre_ids})
            self.plots.show_run(self.run)
        self._update_controls()
        self.runs.show_readout()
        self._show_compare_table()

    # ---- the trainer's side ---------------------------------------------------

    def show_demonstration(self, demo: DemoView | None) -> None:
        """Swap the planner's docks, toolbar, map and plots for `demo`; None brings them back as they were."""
        docks = (self.form_dock, self.changes_dock, self.compare_dock)
        if demo is not None:
            self._docks_before_demo = {d.objectName(): d.isVisible() for d in docks}
            for d in docks:
                d.hide()
            self.run_bar.hide()
            self.stack.setCurrentWidget(demo)
        else:
            self.stack.setCurrentWidget(self.split)
            self.run_bar.show()
            for d in docks:
                d.setVisible(self._docks_before_demo.get(d.objectName(), True))

    # ---- layout -----------------------------------------------------------

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._size_docks_on_show:  # first start: sized once the window has its real size
            self._size_docks_on_show = False
            window_layout.size_first_start(self, self.split, (self.form_dock, self.compare_dock))

    def save_layout(self) -> None:
        window_layout.save_layout(self, self.split, self.settings)

    # ---- dialogs ----------------------------------------------------------

    def show_error(self, title: str, text: str, details: str = "") -> QMessageBox:
        """A window-modal message that does not block the event loop: the window keeps drawing behind it."""
        box = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok, self)
        if details:
            box.setDetailedText(details)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_dialog = box
        box.open()
        return box

    # ---- scenario files -----------------------------------------------------

    @property
    def loaded(self) -> LoadedScenario | None:
        """The scenario file behind the form (None before the first opens)."""
        return self.files.loaded

    def is_dirty(self) -> bool:
        return self.files.is_dirty()

    def open_dialog(self) -> None:
        path = self.files.ask_open_path(DEFAULT_SCENARIO.parent)
        if path is not None:
            self.open_path(path)

    def open_path(self, path: Path, guard: bool = True) -> bool:
        """Load a scenario file into the window; on any problem show it and keep what was there."""
        if self.worker.is_active():
            self.show_error(self.tr("Run in progress"), self.tr("Stop the run before opening another scenario."))
            return False
        if guard and not self.files.guard_unsaved(self.save):
            return False
        loaded = self.files.read(path)
        if loaded is None:
            return False
        try:
            net = build_network(loaded.scenario, loaded.base_dir)
        except (NetworkError, ValueError, OSError) as exc:
            self.show_error(self.tr("Cannot open scenario"), f"{path.name}: {exc}")
            return False
        self.files.loaded = loaded
        self.form.set_scenario(loaded.scenario)
        self._show_network(net, loaded.scenario)
        if self.remember:
            remember_file(self.settings, str(path.resolve()))
        self._update_controls()
        self.scenario_loaded.emit(str(path))
        return True

    def _show_network(self, net: Any, scenario: Any) -> None:
        self.net = net
        self._network_key = scenario.network.model_dump_json()
        self.map.set_network(net, scenario)
        template = RunData.for_scenario(scenario, self._run_name(), net.n_links)
        if self.template is None or template.shape() != self.template.shape():
            self.plots.prepare(template, {cid: centre_title(cid, self.net) for cid in template.centre_ids})
            if self.comparison.reference is not None:  # kept whatever is edited or opened: aligned day by day
                self.plots.set_reference(self.comparison.reference)
        self.template = template
        self.plots.set_published(published_for(scenario))  # the published set for its kind of day (facts A, B)
        self.runs.run = None
        self.plots.show_run(None)
        self._show_compare_table()

    def _run_name(self) -> str:
        return self.loaded.path.name if self.loaded else "scenario"

    def save(self) -> bool:
        """Write the edits into the scenario's own file, and read it back."""
        return self.loaded is not None and self.files.write(self.loaded.path) and self.open_path(self.loaded.path, guard=False)

    def save_as(self) -> bool:
        path = self.files.ask_save_as_path()
        return path is not None and self.files.write(path) and self.open_path(path, guard=False)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_scenario(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        self._dropped = dropped_scenario(event.mimeData())
        if self._dropped is not None:
            event.acceptProposedAction()
            self._drop_timer.start(1)  # after the drag ends: a guard dialog must not run inside it

    def _on_drop_timer_timeout(self) -> None:
        if self._dropped is not None:
            path, self._dropped = self._dropped, None
            self.open_path(path)

    # ---- running ----------------------------------------------------------

    def run_or_pause(self) -> None:
        if self.training.in_demo():
            self.training.play_pause()
        elif not self.runs.is_active():
            self.start_run()
        else:
            self.runs.pause_or_resume()

    def start_run(self, name: str = "", **branch: Any) -> bool:
        """Run the form's scenario; a what-if (gui.what_if) names itself and says where it branches (`branch`: RunControl.start's)."""
        if self.loaded is None or self.runs.is_active():
            return False
        scenario = self.form.scenario()
        if scenario is None:
            self.show_error(self.tr("Cannot run"), self.tr("Some values are not valid; fix the marked fields first:") + "\n\n"
                            + form_problems(self.form))
            return False
        if scenario.network.model_dump_json() != self._network_key or self.template is None or not self.template.fits(scenario):
            try:
                net = build_network(scenario, self.loaded.base_dir)
            except (NetworkError, ValueError, OSError) as exc:
                self.show_error(self.tr("Cannot run"), f"{self.loaded.path.name}: {exc}")
                return False
            self._show_network(net, scenario)
        self.plots.set_published(published_for(scenario))
        dirty = self.is_dirty()
        ref = self.comparison.reference
        self.runs.start(scenario, self.loaded, self.files.scenario_bytes(), dirty, name or self._run_name() + (self.tr(" (edited)") if dirty else ""),
                        self.net.n_links, keep=ref.out_dir if ref is not None else None, **branch)
        self._update_controls()
        self.run_started.emit()
        return True

    def stop_run(self) -> None:
        if self.training.in_demo():
            self.training.pause()
        else:
            self.runs.stop()

    def _on_runs_run_finished(self) -> None:
        self._update_controls()
        self.run_finished.emit()

    def _on_runs_run_stopped(self) -> None:
        self._update_controls()
        self.run_stopped.emit()

    def _on_runs_run_failed(self, message: str, details: str) -> None:
        self._update_controls()
        self.show_error(self.tr("The run failed"), message, details)
        self.run_failed.emit(message)

    # ---- comparing ----------------------------------------------------------

    def hold_reference(self) -> None:
        if self.run is None or self.run.state not in ("finished", "stopped"):
            return
        self.comparison.hold(self.run, self.tr("{name} (held {time})").format(name=self.run.name, time=f"{dt.datetime.now():%H:%M}"),
                             self.runs.scenario, self.runs.base_dir)
        self._update_controls()

    def clear_reference(self) -> None:
        self.comparison.clear()

    def compare_over_seeds(self) -> None:
        """The held reference against the form's scenario, as edited, over the seeds chosen in the figures dock."""
        scenario, name = self.form.scenario(), self._run_name() + (self.tr(" (edited)") if self.is_dirty() else "")
        try:
            if scenario is not None and self.loaded is not None:
                self.runs.compare_over_seeds(self.comparison, (scenario, self.loaded.base_dir, name), self.week_figures.seeds.value())
        except (NetworkError, ValueError, OSError) as exc:
            self.show_error(self.tr("Cannot compare"), str(exc))
        self._update_controls()

    def _on_comparison_reference_changed(self, ref: RunData | None) -> None:
        self.plots.set_reference(ref)
        self.plots.set_seed_result(self.comparison.seed_result)
        self.plots.show_run(self.run)
        self._show_compare_table()

    def _show_compare_table(self) -> None:
        self.week_figures.show_runs(self.run, self.comparison.reference, self.plots.published, self.comparison.seed_result)

    # ---- state ------------------------------------------------------------

    def _update_controls(self) -> None:
        active = self.runs.is_active()
        state = self.runs.state() or ("ready" if self.loaded else "no scenario")
        has = self.loaded is not None
        demo = self.training.in_demo()
        self.menus.update_actions(state, active=active, scenario=has, demo=demo, playing=self.training.playing(), dirty=self.is_dirty(),
                                  results=self.run is not None and self.run.out_dir is not None,
                                  held=self.comparison.reference is not None)
        self.training.update_controls()
        self.what_if.update_controls()
        self.form.setEnabled(not active or state in ("running", "paused"))  # edits while it runs: a live change
        self.week_figures.set_can_compare(self.comparison.scenario is not None and self.form.is_valid() and not active,
                                          self.runs.seeds.is_active())
        name = self.loaded.path.name if self.loaded else self.tr("no scenario")
        self.setWindowTitle(f"Gusu: {name}{'*' if self.is_dirty() else ''}")
        ref = self.comparison.reference
        self.status.show(self.loaded.path if self.loaded else None, self.is_dirty(), state, has and not self.form.is_valid(),
                         ref.name if ref is not None else None)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.guard_unsaved(self.save):
            event.ignore()
            return
        self.training.shutdown()
        self.runs.shutdown()
        if self.remember:
            self.save_layout()
        event.accept()
