"""The main window: a scenario, its map, its plots, and the controls to run and compare it.

It wires the parts together and keeps the rules a planner relies on: a wrong
file never closes the window (a dialog names the file and the key), edits are
never lost silently (an unsaved-changes guard on open and close), a run never
freezes the window (gui.runs.worker), and the layout comes back as it was left
(QSettings, gui.settings). The trainer's demonstration, lessons, recording,
presentation view and language switching are gui.training's mixin.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from gui.i18n import day_date
from gui.runs import export
from gui.runs.compare import Comparison, table_html
from gui.runs.run_data import RunData, build_network
from gui.runs.worker import RunWorker
from gui.settings import make_settings, recent_files, remember_file
from gui.training import TrainingMixin
from gui.widgets.map_view import MapView, centre_title
from gui.widgets.plots import PlotPanel
from gui.widgets.scenario_form import ScenarioForm, path_text
from gui.widgets.sweep_runner import SweepRunDialog
from gui.widgets.sweep_view import SweepFolderError, SweepView, read_sweep
from sim.engine.network import NetworkError
from sim.runs.session import RunJob
from sim.scenario import LoadedScenario, ScenarioError, load_scenario
from sim.scenario.loader import fingerprint
from sim.scenario.saving import edited_text, save_edits

DEFAULT_SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "national_day_2019.toml"
PACES: list[float | None] = [None, 10.0, 30.0, 60.0, 120.0, 300.0]  # simulated minutes per wall second


def pace_text(value: float | None) -> str:
    if value is None:
        return QCoreApplication.translate("MainWindow", "as fast as possible")
    if value < 60:
        return QCoreApplication.translate("MainWindow", "{n} sim-min/s").format(n=f"{value:g}")
    return QCoreApplication.translate("MainWindow", "{n} sim-hour(s)/s").format(n=f"{value / 60:g}")


def ask_unsaved(parent: QWidget, name: str) -> str:
    """'save', 'discard' or 'cancel' (a function of its own so tests can answer it)."""
    box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("MainWindow", "Unsaved changes"),
                      QCoreApplication.translate("MainWindow", "{name} has changes that are not saved.").format(name=name),
                      QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, parent)
    box.setInformativeText(QCoreApplication.translate("MainWindow", "Save them first?"))
    answer = box.exec()
    return {QMessageBox.StandardButton.Save: "save", QMessageBox.StandardButton.Discard: "discard"}.get(
        QMessageBox.StandardButton(answer), "cancel")


class MainWindow(TrainingMixin, QMainWindow):
    """The program's one window (the trainer's parts come from TrainingMixin, which must stay first for its overrides)."""

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
        self.run: RunData | None = None
        self.last_dialog: QMessageBox | None = None
        self.remember = True  # layout and recent files; off for --screenshot: a picture must not change the user's settings
        self._run_dirs: list[Path] = []
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
        self._build_demo()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.split)
        self.stack.addWidget(self.demo)
        self.setCentralWidget(self.stack)
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
        self.worker = RunWorker(self)
        self.worker.updates_received.connect(self._on_worker_updates_received)
        self.worker.run_paused.connect(self._on_worker_run_paused)
        self.worker.run_resumed.connect(self._on_worker_run_resumed)
        self.worker.run_finished.connect(self._on_worker_run_finished)
        self.worker.run_stopped.connect(self._on_worker_run_stopped)
        self.worker.run_failed.connect(self._on_worker_run_failed)
        self._build_actions()
        self._build_toolbar()
        self._build_menus()
        self.file_label = QLabel()
        self.state_label = QLabel()
        self.statusBar().addWidget(self.file_label)
        self.statusBar().addPermanentWidget(self.state_label)
        self.map.link_hovered.connect(lambda text: self.statusBar().showMessage(text, 4000))
        self._restore_layout()
        self.retranslate_ui()

    # ---- construction -----------------------------------------------------

    def _dock(self, key: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(self)
        dock.setObjectName(f"dock_{key}")  # stable whatever the language: the saved layout finds it
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _action(self, slot: Any, shortcut: Any = None) -> QAction:
        """An action without text: retranslate_ui gives every action its text and tip in the current language."""
        act = QAction(self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(slot)
        self.addAction(act)
        return act

    def _build_actions(self) -> None:
        S = QKeySequence.StandardKey
        self.act_open = self._action(self.open_dialog, S.Open)
        self.act_save = self._action(self.save, S.Save)
        self.act_save_as = self._action(self.save_as, S.SaveAs)
        self.act_export_csv = self._action(self.export_results_dialog)
        self.act_export_png = self._action(self.export_images_dialog)
        self.act_quit = self._action(self.close, S.Quit)
        self.act_run = self._action(self.run_or_pause, Qt.Key.Key_Space)
        self.act_stop = self._action(self.stop_run, Qt.Key.Key_Escape)
        self.act_hold = self._action(self.hold_reference)
        self.act_clear_ref = self._action(self.comparison.clear)
        self.act_fit = self._action(self.map.fit_all, "Ctrl+0")
        self.act_old_town = self._action(self.map.fit_old_town, "Ctrl+1")
        self.act_open_sweep = self._action(self.open_sweep_dialog)
        self.act_run_sweep = self._action(self.run_sweep_dialog)
        self._build_training_actions()

    def _build_toolbar(self) -> None:
        self.run_bar = bar = QToolBar()
        bar.setObjectName("toolbar_run")
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        bar.addAction(self.act_open)
        bar.addAction(self.act_save)
        bar.addSeparator()
        bar.addAction(self.act_run)
        bar.addAction(self.act_stop)
        self.pace = QComboBox()
        for value in PACES:
            self.pace.addItem(pace_text(value), value)
        self.pace.currentIndexChanged.connect(self._on_pace_current_index_changed)
        self.pace_label = QLabel()
        bar.addWidget(self.pace_label)
        bar.addWidget(self.pace)
        bar.addSeparator()
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(220)
        self.progress.setFormat("%p%")
        bar.addWidget(self.progress)
        self.readout = QLabel("")
        bar.addWidget(self.readout)
        bar.addSeparator()
        bar.addAction(self.act_hold)

    def _build_menus(self) -> None:
        mb = self.menuBar()
        self.file_menu = m = mb.addMenu("")
        m.addAction(self.act_open)
        self.recent_menu = m.addMenu("")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        m.addAction(self.act_save)
        m.addAction(self.act_save_as)
        m.addSeparator()
        m.addAction(self.act_run_sweep)
        m.addAction(self.act_open_sweep)
        m.addSeparator()
        m.addAction(self.act_export_csv)
        m.addAction(self.act_export_png)
        m.addAction(self.act_export_demo)
        m.addAction(self.act_stop_recording)
        m.addSeparator()
        m.addAction(self.act_quit)
        self.run_menu = m = mb.addMenu("")
        m.addAction(self.act_run)
        m.addAction(self.act_stop)
        self.compare_menu = m = mb.addMenu("")
        m.addAction(self.act_hold)
        m.addAction(self.act_clear_ref)
        self._build_demo_menu(mb)
        self.view_menu = m = mb.addMenu("")
        m.addAction(self.act_fit)
        m.addAction(self.act_old_town)
        m.addSeparator()
        m.addAction(self.act_presentation)
        m.addSeparator()
        m.addAction(self.form_dock.toggleViewAction())
        m.addAction(self.compare_dock.toggleViewAction())
        self._build_language_menu(mb)

    # ---- language ---------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        """Every text of the window in the current language (called at start and on every LanguageChange)."""
        for act, text, tip in (
                (self.act_open, self.tr("&Open..."), self.tr("Open a scenario file (TOML)")),
                (self.act_save, self.tr("&Save"), self.tr("Save the edits into the scenario file, keeping its comments")),
                (self.act_save_as, self.tr("Save &As..."), self.tr("Save the scenario under a new name")),
                (self.act_export_csv, self.tr("Export results (CSV)..."),
                 self.tr("The files `gusu run --out` writes: summary.json, daily.csv, timeseries.csv")),
                (self.act_export_png, self.tr("Export plots and map (PNG)..."), self.tr("map.png and one PNG per plot")),
                (self.act_quit, self.tr("&Quit"), ""),
                (self.act_stop, self.tr("Stop"), self.tr("Stop the run (Esc)")),
                (self.act_hold, self.tr("Hold run as reference"), self.tr("Keep this finished run to compare the next run against it")),
                (self.act_clear_ref, self.tr("Clear reference"), self.tr("Stop comparing")),
                (self.act_fit, self.tr("Fit map to window"), self.tr("Show the whole network")),
                (self.act_old_town, self.tr("Zoom to old town"), self.tr("Show the old town inside the moat")),
                (self.act_run_sweep, self.tr("Run sweep..."),
                 self.tr("Run this scenario over a grid of values and seeds (gusu sweep), with progress and the time left")),
                (self.act_open_sweep, self.tr("Open sweep folder..."),
                 self.tr("Plot a figure of a sweep (the folder of gusu sweep --out) against a swept key"))):
            act.setText(text)
            act.setToolTip(tip or text.replace("&", ""))
            act.setStatusTip(tip)
        self.file_menu.setTitle(self.tr("&File"))
        self.recent_menu.setTitle(self.tr("Open &Recent"))
        self.run_menu.setTitle(self.tr("&Run"))
        self.compare_menu.setTitle(self.tr("&Compare"))
        self.view_menu.setTitle(self.tr("&View"))
        self.form_dock.setWindowTitle(self.tr("Scenario"))
        self.compare_dock.setWindowTitle(self.tr("Week figures"))
        self._retranslate_training()
        self.run_bar.setWindowTitle(self.tr("Run"))
        self.pace_label.setText(" " + self.tr("speed") + " ")
        self.pace.setToolTip(self.tr("Simulated time per wall-clock second: as fast as possible, or slower for demonstration"))
        for i, value in enumerate(PACES):
            self.pace.setItemText(i, pace_text(value))
        self.progress.setToolTip(self.tr("Share of the scenario's simulated days done"))
        self.readout.setToolTip(self.tr("Simulated day and time, rings in force, vehicles on the network (veh)"))
        self.readout.setFixedWidth(self.readout.fontMetrics().horizontalAdvance(self._readout_text(
            7, 7, dt.date(2019, 10, 30), 23 * 60 + 59, "A B C D", 999_999) + "  "))  # no re-layout per frame
        if self.template is not None:
            self.plots.set_centre_names({cid: self._centre_name(cid) for cid in self.template.centre_ids})
            self.plots.show_run(self.run)
        self._update_controls()
        self._show_readout()

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = recent_files(self.settings)
        for f in files:
            act = self.recent_menu.addAction(f)
            act.triggered.connect(lambda _=False, p=f: self.open_path(Path(p)))
        if not files:
            self.recent_menu.addAction(self.tr("(none)")).setEnabled(False)

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
        self.run = None
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
        if self.in_demo():
            self.demo.play_pause()
            self._update_controls()
            return
        if not self.worker.is_active():
            self.start_run()
        elif self.run is not None and self.run.state == "paused":
            self.worker.resume()
        elif self.run is not None and self.run.state == "running":
            self.worker.pause()
            self.run.state = "pausing"
            self._update_controls()

    def start_run(self) -> bool:
        if self.loaded is None or self.worker.is_active():
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
        out_dir = Path(tempfile.mkdtemp(prefix="gusu-run-"))
        self._run_dirs.append(out_dir)
        self._prune_run_dirs()
        loaded = self.loaded
        dirty = self.is_dirty()
        scenario_bytes = self._scenario_bytes(dirty)
        job = RunJob(scenario=scenario, base_dir=loaded.base_dir, name=loaded.path.name,
                     sha256=loaded.sha256 if not dirty else hashlib.sha256(scenario_bytes).hexdigest(),
                     resolved_sha256=fingerprint(scenario),  # the CLI's fingerprint, edited or not
                     scenario_bytes=scenario_bytes, out_dir=out_dir, pace_min_per_s=self.pace.currentData())
        self.run = RunData.for_scenario(scenario, self._run_name() + (self.tr(" (edited)") if dirty else ""), self.net.n_links)
        self.run.state = "running"
        self.map.reset_run()
        self.plots.show_run(self.run)
        self.worker.start(job)
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

    def _prune_run_dirs(self) -> None:
        keep = {self.run.out_dir} if self.run is not None and self.run.out_dir else set()
        ref = self.comparison.reference
        if ref is not None and ref.out_dir:
            keep.add(ref.out_dir)
        while len(self._run_dirs) > 3:
            old = self._run_dirs.pop(0)
            if old in keep:
                self._run_dirs.append(old)
                break
            shutil.rmtree(old, ignore_errors=True)

    def stop_run(self) -> None:
        if self.in_demo():
            self.demo.pair.pause()
            self._update_controls()
            return
        if self.worker.is_active():
            self.worker.stop()
            if self.run is not None:
                self.run.state = "stopping"
            self._update_controls()

    def _on_pace_current_index_changed(self, index: int) -> None:
        if self.worker.is_active():
            self.worker.set_pace(self.pace.currentData())

    def _on_worker_updates_received(self, updates: list[Any]) -> None:
        run = self.run
        if run is None:
            return
        for up in updates:
            run.apply(up)
        self.plots.show_run(run)
        self.map.show_run(run)
        self._show_readout()

    def _on_worker_run_paused(self) -> None:
        if self.run is not None:
            self.run.state = "paused"
        self._update_controls()

    def _on_worker_run_resumed(self) -> None:
        if self.run is not None:
            self.run.state = "running"
        self._update_controls()

    def _on_worker_run_finished(self, summary: dict[str, Any], out_dir: Any) -> None:
        run = self.run
        if run is not None:
            run.summary, run.out_dir, run.state, run.progress = summary, Path(out_dir) if out_dir else None, "finished", 1.0
            self.plots.show_run(run)
            self.map.show_run(run)
        self._show_readout()
        self._update_controls()
        self.run_finished.emit()

    def _on_worker_run_stopped(self) -> None:
        if self.run is not None:
            self.run.state = "stopped"
        self._update_controls()
        self.run_stopped.emit()

    def _on_worker_run_failed(self, message: str, details: str) -> None:
        if self.run is not None:
            self.run.state = "failed"
        self._update_controls()
        self.show_error(self.tr("The run failed"), message, details)
        self.run_failed.emit(message)

    def _show_readout(self) -> None:
        run = self.run
        if run is None or run.snapshot is None:
            self.readout.setText("")
            self.progress.setValue(0)
            return
        snap = run.snapshot
        t = max(0.0, snap.t_s - 1.0)
        minutes = int(t % 86400 // 60)
        date = dt.date.fromisoformat(snap.date)
        rings = " ".join(sorted(snap.rings_in_force)) or self.tr("none")
        self.readout.setText(self._readout_text(snap.day + 1, len(run.dates), date, minutes, rings, snap.vehicles_on_network))
        value = int(run.progress * 100)
        if value != self.progress.value():
            self.progress.setValue(value)
        self.map.clock.setText(f"<b>{day_date(date, year=False)} {minutes // 60:02d}:{minutes % 60:02d}</b> · "
                               + self.tr("rings in force:") + f" <b>{rings}</b> ")
        self._show_compare_table()

    def _readout_text(self, day: int, days: int, date: dt.date, minutes: int, rings: str, vehicles: int) -> str:
        return " " + self.tr("Day {day}/{days} · {date} {time} · rings in force: {rings} · {veh} veh on the roads").format(
            day=day, days=days, date=day_date(date), time=f"{minutes // 60:02d}:{minutes % 60:02d}", rings=rings,
            veh=f"{vehicles:,}") + " "

    # ---- comparing ----------------------------------------------------------

    def hold_reference(self) -> None:
        if self.run is None or self.run.state not in ("finished", "stopped"):
            return
        self.comparison.hold(self.run, self.tr("{name} (held {time})").format(name=self.run.name, time=f"{dt.datetime.now():%H:%M}"))
        self._update_controls()

    def _on_comparison_reference_changed(self, ref: RunData | None) -> None:
        self.plots.set_reference(ref)
        self.plots.show_run(self.run)
        self._show_compare_table()

    def _show_compare_table(self) -> None:
        html = table_html(self.run, self.comparison.reference)
        if html != self.compare_label.text():
            self.compare_label.setText(html)

    # ---- exporting ----------------------------------------------------------

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
        active = self.worker.is_active()
        state = self.run.state if self.run is not None else ("ready" if self.loaded else "no scenario")
        has = self.loaded is not None
        demo = self.in_demo()
        self.act_run.setEnabled(demo or (has and (not active or state in ("running", "paused"))))
        run_texts = {"running": self.tr("Pause"), "paused": self.tr("Resume")}
        if not demo:
            self.act_run.setText(run_texts.get(state, self.tr("Run")) if active else self.tr("Run"))
            self.act_run.setToolTip(self.tr("Run the scenario, or pause and resume it (Space)"))
        self._update_training_controls(demo)
        self.act_stop.setEnabled(active or (demo and self.demo.pair.playing))
        self.act_open.setEnabled(not active)
        self.act_save.setEnabled(has and self.is_dirty())
        self.act_save_as.setEnabled(has)
        self.act_export_csv.setEnabled(self.run is not None and self.run.out_dir is not None)
        self.act_hold.setEnabled(not active and self.run is not None and state in ("finished", "stopped"))
        self.act_clear_ref.setEnabled(self.comparison.reference is not None)
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
        self.worker.shutdown()
        self.stop_recording()
        self.demo.stop()
        if self.remember:
            self.save_layout()
        for d in self._run_dirs:
            shutil.rmtree(d, ignore_errors=True)
        event.accept()
