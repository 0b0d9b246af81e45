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

from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from gui.menus import PlannerMenus
from gui.run_control import RunControl
from gui.runs import export
from gui.runs.compare import Comparison, table_html
from gui.runs.run_data import RunData, build_network
from gui.runs.worker import RunWorker
from gui.settings import make_settings, remember_file
from gui.training import Training
from gui.widgets.demo import DemoView
from gui.widgets.map_view import MapView, centre_title
from gui.widgets.plots import PlotPanel
from gui.widgets.run_bar import RunBar
from gui.widgets.scenario_form import ScenarioForm, path_text
from gui.widgets.sweep_runner import SweepRunDialog
from gui.widgets.sweep_view import SweepFolderError, SweepView, read_sweep
from sim.engine.network import NetworkError
from sim.scenario import LoadedScenario, ScenarioError, load_scenario
from sim.scenario.saving import edited_text, save_edits

DEFAULT_SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "national_day_2019.toml"


def ask_unsaved(parent: QWidget, name: str) -> str:
    """'save', 'discard' or 'cancel' (a function of its own so tests can answer it)."""
    box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("MainWindow", "Unsaved changes"),
                      QCoreApplication.translate("MainWindow", "{name} has changes that are not saved.").format(name=name),
                      QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, parent)
    box.setInformativeText(QCoreApplication.translate("MainWindow", "Save them first?"))
    answer = box.exec()
    return {QMessageBox.StandardButton.Save: "save", QMessageBox.StandardButton.Discard: "discard"}.get(
        QMessageBox.StandardButton(answer), "cancel")


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
        self.loaded: LoadedScenario | None = None
        self.net: Any = None
        self.template: RunData | None = None
        self.last_dialog: QMessageBox | None = None
        self.remember = True  # layout and recent files; off for --screenshot: a picture must not change the user's settings
        self._network_key: str = ""
        self._size_docks_on_show = False
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
        self.training.state_changed.connect(self._on_training_state_changed)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.split)
        self.stack.addWidget(self.training.demo)
        self.setCentralWidget(self.stack)
        self._docks_before_demo: dict[str, bool] = {}
        self.form = ScenarioForm()
        self.form.values_edited.connect(self._on_form_values_edited)
        self.form.validity_changed.connect(self._on_form_validity_changed)
        self.form_dock = self._dock("scenario", self.form, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.compare_label = QLabel()
        self.compare_label.setTextFormat(Qt.TextFormat.RichText)
        self.compare_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        compare_scroll = QScrollArea()
        compare_scroll.setWidgetResizable(True)
        compare_scroll.setWidget(self.compare_label)
        self.compare_dock = self._dock("week_figures", compare_scroll, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.comparison = Comparison(self)
        self.comparison.reference_changed.connect(self._on_comparison_reference_changed)
        self.menus = m = PlannerMenus(self, self)
        self.run_bar = RunBar([m.act_open, m.act_save], [m.act_run, m.act_stop], [m.act_hold])
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.run_bar)
        m.build_menu_bar(self.training, [self.form_dock, self.compare_dock])
        self.runs = RunControl(self, self.map, self.plots, self.run_bar)
        self.runs.run_updated.connect(self._on_runs_run_updated)
        self.runs.run_state_changed.connect(self._update_controls)
        self.runs.run_finished.connect(self._on_runs_run_finished)
        self.runs.run_stopped.connect(self._on_runs_run_stopped)
        self.runs.run_failed.connect(self._on_runs_run_failed)
        self.file_label = QLabel()
        self.state_label = QLabel()
        self.statusBar().addWidget(self.file_label)
        self.statusBar().addPermanentWidget(self.state_label)
        self.map.link_hovered.connect(lambda text: self.statusBar().showMessage(text, 4000))
        self._restore_layout()
        self.retranslate_ui()

    @property
    def run(self) -> RunData | None:
        """The current run's data (None before the first run of a scenario)."""
        return self.runs.run

    @property
    def worker(self) -> RunWorker:
        return self.runs.worker

    @property
    def demo(self) -> DemoView:
        return self.training.demo

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
        self.compare_dock.setWindowTitle(self.tr("Week figures"))
        self.training.retranslate_ui()
        self.run_bar.retranslate_ui()
        if self.template is not None:
            self.plots.set_centre_names({cid: self._centre_name(cid) for cid in self.template.centre_ids})
            self.plots.show_run(self.run)
        self._update_controls()
        self.runs.show_readout()
        self._show_compare_table()

    # ---- the trainer's side ---------------------------------------------------

    def show_demonstration(self, demo: DemoView | None) -> None:
        """Swap the planner's docks, toolbar, map and plots for `demo`; None brings them back as they were."""
        docks = (self.form_dock, self.compare_dock)
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

    def show_side_by_side(self, left: Path | None = None, right: Path | None = None, play: bool = True) -> bool:
        """gui.app's --demo (see Training.show_side_by_side)."""
        return self.training.show_side_by_side(left, right, play)

    def open_lesson(self, path: Path) -> bool:
        """gui.app's --lesson (see Training.open_lesson)."""
        return self.training.open_lesson(path)

    def set_presentation(self, on: bool, full_screen: bool = True) -> None:
        """gui.app's --presentation (see Training.set_presentation)."""
        self.training.set_presentation(on, full_screen)

    def _on_training_state_changed(self) -> None:
        self._update_controls()

    # ---- layout -----------------------------------------------------------

    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        screen = QApplication.primaryScreen()
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            pass
        elif screen is not None:
            avail = screen.availableGeometry()
            w, h = min(2400, int(avail.width() * 0.92)), min(1500, int(avail.height() * 0.9))
            self.resize(w, h)
            self.move(avail.x() + (avail.width() - w) // 2, avail.y() + (avail.height() - h) // 2)
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        else:
            self.splitDockWidget(self.form_dock, self.compare_dock, Qt.Orientation.Vertical)
            self._size_docks_on_show = True
        split = self.settings.value("window/split")
        if isinstance(split, QByteArray):
            self.split.restoreState(split)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._size_docks_on_show:  # first start: a narrow editor, the rest for the map and the plots
            self._size_docks_on_show = False
            width = max(240, min(380, int(self.width() * 0.19)))
            self.resizeDocks([self.form_dock], [width], Qt.Orientation.Horizontal)
            self.resizeDocks([self.form_dock, self.compare_dock], [self.height() - 220, 160], Qt.Orientation.Vertical)
            self.split.setSizes([int((self.width() - width) * 0.45), int((self.width() - width) * 0.55)])

    def save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/split", self.split.saveState())
        self.settings.sync()

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

    def _guard_unsaved(self) -> bool:
        """True when it is fine to drop the current edits."""
        if not self.is_dirty():
            return True
        answer = ask_unsaved(self, self.loaded.path.name if self.loaded else "The scenario")
        if answer == "save":
            return self.save()
        return answer == "discard"

    # ---- scenario files -----------------------------------------------------

    def is_dirty(self) -> bool:
        return bool(self.form.changes)

    def open_dialog(self) -> None:
        start = str(self.loaded.path.parent) if self.loaded else str(DEFAULT_SCENARIO.parent)
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open scenario"), start,
                                              self.tr("Scenario files (*.toml);;All files (*)"))
        if path:
            self.open_path(Path(path))

    def open_path(self, path: Path, guard: bool = True) -> bool:
        """Load a scenario file into the window; on any problem show it and keep what was there."""
        if self.worker.is_active():
            self.show_error(self.tr("Run in progress"), self.tr("Stop the run before opening another scenario."))
            return False
        if guard and not self._guard_unsaved():
            return False
        try:
            loaded = load_scenario(path)
        except ScenarioError as exc:
            problems = list(getattr(exc, "problems", [str(exc)]))
            self.show_error(self.tr("Cannot open scenario"), self.tr("{name} cannot be used:").format(name=path.name) + "\n\n"
                            + "\n".join(problems[:12]), "\n".join(problems))
            return False
        except Exception as exc:  # noqa: BLE001 (a surprise from the loader must not close the window)
            self.show_error(self.tr("Cannot open scenario"), f"{path.name}: {exc}")
            return False
        try:
            net = self._build_network(loaded.scenario, loaded.base_dir)
        except (NetworkError, ValueError, OSError) as exc:
            self.show_error(self.tr("Cannot open scenario"), f"{path.name}: {exc}")
            return False
        self.loaded = loaded
        self.form.set_scenario(loaded.scenario)
        self._show_network(net, loaded.scenario)
        if self.remember:
            remember_file(self.settings, str(path.resolve()))
        self._update_controls()
        self.scenario_loaded.emit(str(path))
        return True

    def _build_network(self, scenario: Any, base_dir: Path) -> Any:
        return build_network(scenario, base_dir)

    def _show_network(self, net: Any, scenario: Any) -> None:
        self.net = net
        self._network_key = scenario.network.model_dump_json()
        self.map.set_network(net, scenario)
        template = RunData.for_scenario(scenario, self._run_name(), net.n_links)
        if self.template is None or (template.dates, template.bin_min, template.centre_ids) != (
                self.template.dates, self.template.bin_min, self.template.centre_ids):
            self.plots.prepare(template, {cid: self._centre_name(cid) for cid in template.centre_ids})
            if self.comparison.reference is not None and self.comparison.fits(template):
                self.plots.set_reference(self.comparison.reference)
            else:
                self.comparison.clear()
        self.template = template
        self.runs.run = None
        self.plots.show_run(None)
        self._show_compare_table()

    def _centre_name(self, cid: str) -> str:
        return centre_title(cid, self.net)

    def _run_name(self) -> str:
        return self.loaded.path.name if self.loaded else "scenario"

    def save(self) -> bool:
        if self.loaded is None:
            return False
        return self._save_to(self.loaded.path)

    def save_as(self) -> bool:
        if self.loaded is None:
            return False
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save scenario as"), str(self.loaded.path), self.tr("Scenario files (*.toml)"))
        return self._save_to(Path(path)) if path else False

    def _save_to(self, path: Path) -> bool:
        """Write the edits into the file through sim.scenario.saving (comments and layout kept)."""
        if self.loaded is None:
            return False
        if not self.form.is_valid():
            self.show_error(self.tr("Cannot save"), self.tr("Fix the marked values first:") + "\n\n" + "\n".join(
                f"{path_text(loc)}: {msg}" for loc, msg in self.form.problems[:12]))
            return False

        try:
            save_edits(self.loaded.path, dict(self.form.changes), self.form.data, path)
        except ScenarioError as exc:
            problems = list(getattr(exc, "problems", [str(exc)]))
            self.show_error(self.tr("Cannot save"), self.tr("{name} was not written:").format(name=path.name) + "\n\n"
                            + "\n".join(map(str, problems[:12])))
            return False
        except (OSError, ValueError) as exc:
            self.show_error(self.tr("Cannot save"), self.tr("{name} was not written:").format(name=path.name) + f" {exc}")
            return False
        return self.open_path(path, guard=False)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if any(u.isLocalFile() and u.toLocalFile().endswith(".toml") for u in urls):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        for u in event.mimeData().urls():
            if u.isLocalFile() and u.toLocalFile().endswith(".toml"):
                event.acceptProposedAction()
                self._dropped = Path(u.toLocalFile())
                self._drop_timer.start(1)  # after the drag ends: a guard dialog must not run inside it
                return

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

    def start_run(self) -> bool:
        if self.loaded is None or self.runs.is_active():
            return False
        scenario = self.form.scenario()
        if scenario is None:
            self.show_error(self.tr("Cannot run"), self.tr("Some values are not valid; fix the marked fields first:") + "\n\n" + "\n".join(
                f"{path_text(loc)}: {msg}" for loc, msg in self.form.problems[:12]))
            return False
        if scenario.network.model_dump_json() != self._network_key or self.template is None or (
                [d.date.isoformat() for d in scenario.days] != self.template.dates or scenario.run.bin_min != self.template.bin_min
                or list(scenario.transfer_centres) != self.template.centre_ids):
            try:
                net = self._build_network(scenario, self.loaded.base_dir)
            except (NetworkError, ValueError, OSError) as exc:
                self.show_error(self.tr("Cannot run"), f"{self.loaded.path.name}: {exc}")
                return False
            self._show_network(net, scenario)
        dirty = self.is_dirty()
        ref = self.comparison.reference
        self.runs.start(scenario, self.loaded, self._scenario_bytes(dirty), dirty, self._run_name() + (self.tr(" (edited)") if dirty else ""),
                        self.net.n_links, keep=ref.out_dir if ref is not None else None)
        self._update_controls()
        self.run_started.emit()
        return True

    def _scenario_bytes(self, dirty: bool) -> bytes:
        """The scenario as run, for scenario_as_run_*.toml: the file, with the edits written in when there are any."""
        assert self.loaded is not None
        if dirty:
            try:
                return edited_text(self.loaded.path, dict(self.form.changes), self.form.data).encode()
            except Exception:  # noqa: BLE001, S110 (an unsaveable edit still runs; the copy then shows the file on disk)
                pass
        try:
            return self.loaded.path.read_bytes()
        except OSError:
            return b""

    def stop_run(self) -> None:
        if self.training.in_demo():
            self.training.pause()
        else:
            self.runs.stop()

    def _on_runs_run_updated(self) -> None:
        self._show_compare_table()

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
        self.comparison.hold(self.run, self.tr("{name} (held {time})").format(name=self.run.name, time=f"{dt.datetime.now():%H:%M}"))
        self._update_controls()

    def clear_reference(self) -> None:
        self.comparison.clear()

    def _on_comparison_reference_changed(self, ref: RunData | None) -> None:
        self.plots.set_reference(ref)
        self.plots.show_run(self.run)
        self._show_compare_table()

    def _show_compare_table(self) -> None:
        html = table_html(self.run, self.comparison.reference)
        if html != self.compare_label.text():
            self.compare_label.setText(html)

    # ---- the map, exporting, sweeps -------------------------------------------

    def fit_map(self) -> None:
        self.map.fit_all()

    def fit_old_town(self) -> None:
        self.map.fit_old_town()

    def export_results_dialog(self) -> None:
        run = self.run
        if run is None or run.out_dir is None:
            self.show_error(self.tr("Nothing to export"), self.tr("Results are written when a run finishes; run the scenario to the end first."))
            return
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export results into folder"))
        if folder:
            self._export(lambda: export.export_results(run.out_dir, Path(folder)), folder)

    def export_images_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export plots and map into folder"))
        if folder:
            self._export(lambda: export.export_images(self.map, self.plots.widgets(), Path(folder)), folder)

    def _export(self, do: Any, folder: str) -> None:
        try:
            files = do()
        except OSError as exc:
            self.show_error(self.tr("Export failed"), f"{folder}: {exc}")
            return
        self.statusBar().showMessage(self.tr("Wrote {n} files to {folder}").format(n=len(files), folder=folder), 8000)

    def run_sweep_dialog(self) -> None:
        # the sweep runs the file as saved on disk (unsaved edits in the form are not part of it)
        self.sweep_runner = SweepRunDialog(self.loaded.path if self.loaded else DEFAULT_SCENARIO, self)
        self.sweep_runner.show()

    def open_sweep_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Open sweep folder"))
        if not folder:
            return
        try:
            table = read_sweep(Path(folder))
        except SweepFolderError as exc:
            QMessageBox.warning(self, self.tr("Not a sweep folder"), str(exc))
            return
        self.sweep_view = SweepView(table, self)
        self.sweep_view.show()

    # ---- state ------------------------------------------------------------

    def _on_form_values_edited(self) -> None:
        self._update_controls()

    def _on_form_validity_changed(self, _valid: bool) -> None:
        self._update_controls()

    def _update_controls(self) -> None:
        m = self.menus
        active = self.runs.is_active()
        state = self.runs.state() or ("ready" if self.loaded else "no scenario")
        has = self.loaded is not None
        demo = self.training.in_demo()
        m.act_run.setEnabled(demo or (has and (not active or state in ("running", "paused"))))
        if demo:
            m.act_run.setText(self.tr("Pause") if self.training.playing() else self.tr("Play"))
            m.act_run.setToolTip(self.tr("Play or pause both runs (Space)"))
        else:
            run_texts = {"running": self.tr("Pause"), "paused": self.tr("Resume")}
            m.act_run.setText(run_texts.get(state, self.tr("Run")) if active else self.tr("Run"))
            m.act_run.setToolTip(self.tr("Run the scenario, or pause and resume it (Space)"))
        self.training.update_controls()
        m.act_stop.setEnabled(active or (demo and self.training.playing()))
        m.act_open.setEnabled(not active)
        m.act_save.setEnabled(has and self.is_dirty())
        m.act_save_as.setEnabled(has)
        m.act_export_csv.setEnabled(self.run is not None and self.run.out_dir is not None)
        m.act_hold.setEnabled(not active and self.run is not None and state in ("finished", "stopped"))
        m.act_clear_ref.setEnabled(self.comparison.reference is not None)
        self.form.setEnabled(not active)
        name = self.loaded.path.name if self.loaded else self.tr("no scenario")
        star = "*" if self.is_dirty() else ""
        self.setWindowTitle(f"Gusu: {name}{star}")
        unsaved = self.tr(" (unsaved changes)") if star else ""
        self.file_label.setText(f"{self.loaded.path if self.loaded else ''}{unsaved}")
        invalid = "" if self.form.is_valid() or not has else " · " + self.tr("scenario has invalid values")
        ref = " · " + self.tr("comparing with {name}").format(name=self.comparison.reference.name) if self.comparison.reference else ""
        states = {"ready": self.tr("ready"), "no scenario": self.tr("no scenario"), "running": self.tr("running"),
                  "pausing": self.tr("pausing"), "paused": self.tr("paused"), "stopping": self.tr("stopping"),
                  "finished": self.tr("finished"), "stopped": self.tr("stopped"), "failed": self.tr("failed")}
        self.state_label.setText(f"{states.get(state, state)}{invalid}{ref}")

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._guard_unsaved():
            event.ignore()
            return
        self.training.shutdown()
        self.runs.shutdown()
        if self.remember:
            self.save_layout()
        event.accept()
