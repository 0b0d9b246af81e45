"""The planner's actions and the window's menu bar: what each does, its shortcut, and its words.

Every action is made once, without text; `retranslate_ui` gives each its text,
tool tip and status tip in the current language, so a language switch renames
the menus in place. The trainer's actions and menus are gui.training's and
are placed here among the planner's (export and recording in File,
presentation in View). Texts are in the "MainWindow" translation context, the
one the committed translation was made in.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QDockWidget, QMainWindow

from gui.result_folders import ResultFolders
from gui.settings import recent_files
from gui.training import Training
from gui.widgets.actions import name_actions, window_action
from gui.widgets.calibration_view import FIT, SENSITIVITY, TARGETS
from gui.widgets.map_view import MapView

translate = QCoreApplication.translate  # by this name, so lupdate still collects every text


class PlannerWindow(Protocol):
    """The window's commands the planner's actions trigger."""

    settings: Any

    def open_dialog(self) -> None: ...
    def open_path(self, path: Path, guard: bool = True) -> bool: ...
    def save(self) -> bool: ...
    def save_as(self) -> bool: ...
    def run_or_pause(self) -> None: ...
    def stop_run(self) -> None: ...
    def hold_reference(self) -> None: ...
    def clear_reference(self) -> None: ...
    def compare_over_seeds(self) -> None: ...


class PlannerMenus:
    """The planner's actions (on the window, so their shortcuts work anywhere in it) and the menu bar."""

    def __init__(self, window: QMainWindow, commands: PlannerWindow, folders: ResultFolders, map_view: MapView) -> None:
        self._window = window
        self._commands = commands
        S = QKeySequence.StandardKey
        self.act_open = self._action(commands.open_dialog, S.Open)
        self.act_save = self._action(commands.save, S.Save)
        self.act_save_as = self._action(commands.save_as, S.SaveAs)
        self.act_export_csv = self._action(folders.export_results_dialog)
        self.act_export_png = self._action(folders.export_images_dialog)
        self.act_export_report = self._action(folders.export_report_dialog)
        self.act_quit = self._action(window.close, S.Quit)
        self.act_run = self._action(commands.run_or_pause, Qt.Key.Key_Space)
        self.act_stop = self._action(commands.stop_run, Qt.Key.Key_Escape)
        self.act_hold = self._action(commands.hold_reference)
        self.act_clear_ref = self._action(commands.clear_reference)
        self.act_seeds = self._action(commands.compare_over_seeds)
        self.act_fit = self._action(map_view.fit_all, "Ctrl+0")
        self.act_old_town = self._action(map_view.fit_old_town, "Ctrl+1")
        self.act_open_sweep = self._action(folders.open_sweep_dialog)
        self.act_run_sweep = self._action(folders.run_sweep_dialog)
        self.act_cal_targets = self._action(lambda: folders.calibration_dialog(TARGETS))
        self.act_cal_fit = self._action(lambda: folders.calibration_dialog(FIT))
        self.act_cal_sens = self._action(lambda: folders.calibration_dialog(SENSITIVITY))

    def _action(self, slot: Callable[..., Any], shortcut: Any = None) -> QAction:
        return window_action(self._window, slot, shortcut)

    def build_menu_bar(self, training: Training, docks: list[QDockWidget], stack: QUndoStack) -> None:
        mb = self._window.menuBar()
        self._stack = stack
        self.file_menu = m = mb.addMenu("")
        m.addAction(self.act_open)
        self.recent_menu = m.addMenu("")
        self.recent_menu.aboutToShow.connect(self._on_recent_menu_about_to_show)
        m.addAction(self.act_save)
        m.addAction(self.act_save_as)
        m.addSeparator()
        m.addAction(self.act_run_sweep)
        m.addAction(self.act_open_sweep)
        m.addSeparator()
        m.addAction(self.act_export_csv)
        m.addAction(self.act_export_png)
        m.addAction(self.act_export_report)
        m.addAction(training.act_export_demo)
        m.addAction(training.act_stop_recording)
        m.addSeparator()
        m.addAction(self.act_quit)
        self.edit_menu = m = mb.addMenu("")
        self.act_undo = self._action(stack.undo, QKeySequence.StandardKey.Undo)
        self.act_redo = self._action(stack.redo, "Ctrl+Shift+Z")
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence(QKeySequence.StandardKey.Redo)])
        m.addAction(self.act_undo)
        m.addAction(self.act_redo)
        for signal in (stack.indexChanged, stack.cleanChanged, stack.canUndoChanged, stack.canRedoChanged):
            signal.connect(self._name_undo_redo)
        self.run_menu = m = mb.addMenu("")
        m.addAction(self.act_run)
        m.addAction(self.act_stop)
        self.compare_menu = m = mb.addMenu("")
        m.addAction(self.act_hold)
        m.addAction(self.act_clear_ref)
        m.addAction(self.act_seeds)
        self.calibration_menu = m = mb.addMenu("")
        m.addAction(self.act_cal_targets)
        m.addAction(self.act_cal_fit)
        m.addAction(self.act_cal_sens)
        training.add_demo_menu(mb)
        self.view_menu = m = mb.addMenu("")
        m.addAction(self.act_fit)
        m.addAction(self.act_old_town)
        m.addSeparator()
        m.addAction(training.act_presentation)
        m.addSeparator()
        for dock in docks:
            m.addAction(dock.toggleViewAction())
        training.add_language_menu(mb)

    def _name_undo_redo(self, *_args: object) -> None:
        """Undo and Redo name the edit they would take back or make again."""
        stack = self._stack
        if not shiboken6.isValid(stack):
            return  # the window is being taken down: its stack is gone before its actions
        self.act_undo.setEnabled(stack.canUndo())
        self.act_redo.setEnabled(stack.canRedo())
        self.act_undo.setText(translate("MainWindow", "&Undo {edit}").format(edit=stack.undoText()) if stack.canUndo()
                              else translate("MainWindow", "&Undo"))
        self.act_redo.setText(translate("MainWindow", "&Redo {edit}").format(edit=stack.redoText()) if stack.canRedo()
                              else translate("MainWindow", "&Redo"))
        for act in (self.act_undo, self.act_redo):
            act.setToolTip(act.text().replace("&", ""))

    def _on_recent_menu_about_to_show(self) -> None:
        self.recent_menu.clear()
        files = recent_files(self._commands.settings)
        for f in files:
            act = self.recent_menu.addAction(f)
            act.triggered.connect(lambda _=False, p=f: self._commands.open_path(Path(p)))
        if not files:
            self.recent_menu.addAction(translate("MainWindow", "(none)")).setEnabled(False)

    def update_actions(self, state: str, *, active: bool, scenario: bool, demo: bool, playing: bool, dirty: bool, results: bool,
                       held: bool) -> None:
        """What can be done now: `state` is the run's ("running", "paused", ...), `active` while its worker runs,
        `demo` while the demonstration shows (`playing`: its clock runs), `results` when the run wrote its files,
        `held` when a reference is held."""
        self.act_run.setEnabled(demo or (scenario and (not active or state in ("running", "paused"))))
        if demo:
            self.act_run.setText(translate("MainWindow", "Pause") if playing else translate("MainWindow", "Play"))
            self.act_run.setToolTip(translate("MainWindow", "Play or pause both runs (Space)"))
        else:
            run_texts = {"running": translate("MainWindow", "Pause"), "paused": translate("MainWindow", "Resume")}
            self.act_run.setText(run_texts.get(state, translate("MainWindow", "Run")) if active else translate("MainWindow", "Run"))
            self.act_run.setToolTip(translate("MainWindow", "Run the scenario, or pause and resume it (Space)"))
        self.act_stop.setEnabled(active or (demo and playing))
        self.act_open.setEnabled(not active)
        self.act_save.setEnabled(scenario and dirty)
        self.act_save_as.setEnabled(scenario)
        self.act_export_csv.setEnabled(results)
        self.act_export_report.setEnabled(results)
        self.act_hold.setEnabled(not active and state in ("finished", "stopped"))
        self.act_clear_ref.setEnabled(held)
        self.act_seeds.setEnabled(held and not active)

    def retranslate_ui(self) -> None:
        """Every action's and menu's text in the current language."""
        name_actions((
                (self.act_open, translate("MainWindow", "&Open..."), translate("MainWindow", "Open a scenario file (TOML)")),
                (self.act_save, translate("MainWindow", "&Save"),
                 translate("MainWindow", "Save the edits into the scenario file, keeping its comments")),
                (self.act_save_as, translate("MainWindow", "Save &As..."), translate("MainWindow", "Save the scenario under a new name")),
                (self.act_export_csv, translate("MainWindow", "Export results (CSV)..."),
                 translate("MainWindow", "The files `gusu run --out` writes: summary.json, daily.csv, timeseries.csv")),
                (self.act_export_png, translate("MainWindow", "Export plots and map (PNG)..."),
                 translate("MainWindow", "map.png and one PNG per plot")),
                (self.act_export_report, translate("MainWindow", "Export report (HTML)..."),
                 translate("MainWindow", "One web page of this run, beside the held reference if there is one (as gusu report writes it)")),
                (self.act_quit, translate("MainWindow", "&Quit"), ""),
                (self.act_stop, translate("MainWindow", "Stop"), translate("MainWindow", "Stop the run (Esc)")),
                (self.act_hold, translate("MainWindow", "Hold run as reference"),
                 translate("MainWindow", "Keep this finished run to compare the next run against it")),
                (self.act_clear_ref, translate("MainWindow", "Clear reference"), translate("MainWindow", "Stop comparing")),
                (self.act_seeds, translate("MainWindow", "Compare over seeds"),
                 translate("MainWindow", "Run the reference and this scenario over the seeds set in the figures dock, with 95% intervals")),
                (self.act_fit, translate("MainWindow", "Fit map to window"), translate("MainWindow", "Show the whole network")),
                (self.act_old_town, translate("MainWindow", "Zoom to old town"), translate("MainWindow", "Show the old town inside the moat")),
                (self.act_run_sweep, translate("MainWindow", "Run sweep..."),
                 translate("MainWindow", "Run this scenario over a grid of values and seeds (gusu sweep), with progress and the time left")),
                (self.act_open_sweep, translate("MainWindow", "Open sweep folder..."),
                 translate("MainWindow", "Plot a figure of a sweep (the folder of gusu sweep --out) against a swept key")),
                (self.act_cal_targets, translate("MainWindow", "Targets against the model..."),
                 translate("MainWindow", "Every published figure beside the model's mean, 95% interval and band (gusu calibrate-report)")),
                (self.act_cal_fit, translate("MainWindow", "Fit the assumptions..."),
                 translate("MainWindow", "Fit the declared assumptions to the published figures (gusu calibrate), with progress and Cancel")),
                (self.act_cal_sens, translate("MainWindow", "Sensitivity of the figures..."),
                 translate("MainWindow", "Which assumptions each headline figure rests on (the tornado of gusu sensitivity)"))))
        self.file_menu.setTitle(translate("MainWindow", "&File"))
        self.recent_menu.setTitle(translate("MainWindow", "Open &Recent"))
        self.edit_menu.setTitle(translate("MainWindow", "&Edit"))
        self._name_undo_redo()
        self.run_menu.setTitle(translate("MainWindow", "&Run"))
        self.compare_menu.setTitle(translate("MainWindow", "&Compare"))
        self.calibration_menu.setTitle(translate("MainWindow", "C&alibration"))
        self.view_menu.setTitle(translate("MainWindow", "&View"))
