"""The trainer's half of the window: the side-by-side demonstration, lessons, recording, presentation view and language.

gui.window keeps the planner's window (scenario files, runs, comparing,
exporting). What a trainer does in front of a room lives here, in `Training`,
a controller the window makes once and holds as `window.training`. It reaches
the window only through its public face (`TrainerHost`): the layout switch
between the planner's view and the demonstration, the error dialog, the status
bar and the map and plots it restyles for a projector. The window learns that
the trainer's state moved through `state_changed`.
Its texts are translated in the "MainWindow" context, the one the committed
translation (gui/i18n/gusu_zh_CN.ts) was made in.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMainWindow, QMenuBar, QMessageBox

from gui import i18n
from gui.i18n import LANGUAGES
from gui.runs.recording import DemoRecorder
from gui.widgets.actions import name_actions, window_action
from gui.widgets.demo import DEFAULT_PAIR, DemoView
from gui.widgets.map_view import MapView
from gui.widgets.plots import PlotPanel
from sim.interop.lessons import BUNDLED_LESSONS, Text, bundled_lessons, load_lesson, read_title
from sim.scenario import ScenarioError

WINDOW_PRESENTATION_STYLE = """
QMainWindow, QMenuBar, QMenu, QStatusBar, QToolBar { font-size: 16pt; }
QMenuBar, QMenu { background: white; color: black; }
QMenu::item:selected, QMenuBar::item:selected { background: #0b2545; color: white; }
"""
translate = QCoreApplication.translate  # by this name, so lupdate still collects every text


class TrainerHost(Protocol):
    """What Training needs of the window it serves: all public, all the window's own job."""

    map: MapView
    plots: PlotPanel
    settings: Any

    def show_demonstration(self, demo: DemoView | None) -> None: ...
    def show_error(self, title: str, text: str, details: str = "") -> QMessageBox: ...


class Training(QObject):
    """The demonstration, lessons, recording, presentation and language of one window."""

    state_changed = Signal()  # something a control's enabled state or text depends on moved

    def __init__(self, window: QMainWindow, host: TrainerHost) -> None:
        """`window` parents the actions and dialogs and is restyled for a projector; `host` is the same window
        seen through the few things Training asks of it."""
        super().__init__(window)
        self._window = window
        self._host = host
        self._showing = False
        self.presentation = False
        self.demo = DemoView()
        self.demo.demo_failed.connect(self._on_demo_demo_failed)
        self.demo.step_shown.connect(lambda _k: self.state_changed.emit())
        self.recorder = DemoRecorder(self.demo)
        self.demo.clock_changed.connect(self._on_demo_clock_changed)
        self.demo.pair.started.connect(lambda *_: self.state_changed.emit())
        self._build_actions()

    # ---- construction -----------------------------------------------------

    def _action(self, slot: Callable[..., Any], shortcut: Any = None) -> QAction:
        return window_action(self._window, slot, shortcut)

    def _build_actions(self) -> None:
        self.act_export_demo = self._action(self.export_demo_dialog)
        self.act_stop_recording = self._action(self.stop_recording)
        self.act_side_by_side = self._action(lambda: self.show_side_by_side(), "Ctrl+D")
        self.act_open_lesson = self._action(self.open_lesson_dialog, "Ctrl+L")
        self.act_next_step = self._action(self.demo.next_step, Qt.Key.Key_Right)
        self.act_prev_step = self._action(self.demo.previous_step, Qt.Key.Key_Left)
        self.act_planner = self._action(self.leave_demo)
        self.act_presentation = self._action(lambda: self.set_presentation(not self.presentation), Qt.Key.Key_F11)
        self.act_presentation.setCheckable(True)
        self.lesson_actions: list[tuple[QAction, Path, Text | None]] = []
        for path in bundled_lessons():
            act = self._action(lambda _=False, p=path: self.open_lesson(p))
            self.lesson_actions.append((act, path, read_title(path)))
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in LANGUAGES.items():
            act = QAction(name, self._window)  # each language named in itself, never translated
            act.setCheckable(True)
            act.setChecked(code == i18n.current_language())
            act.triggered.connect(lambda _=False, c=code: self.set_language(c))
            self.language_group.addAction(act)
            self.language_actions[code] = act

    def add_demo_menu(self, mb: QMenuBar) -> None:
        self.demo_menu = m = mb.addMenu("")
        m.addAction(self.act_side_by_side)
        self.lessons_menu = m.addMenu("")
        for act, _path, _title in self.lesson_actions:
            self.lessons_menu.addAction(act)
        self.lessons_menu.addSeparator()
        self.lessons_menu.addAction(self.act_open_lesson)
        m.addAction(self.act_prev_step)
        m.addAction(self.act_next_step)
        m.addSeparator()
        m.addAction(self.act_planner)

    def add_language_menu(self, mb: QMenuBar) -> None:
        self.language_menu = m = mb.addMenu("")
        for act in self.language_actions.values():
            m.addAction(act)

    # ---- language ---------------------------------------------------------

    def set_language(self, code: str) -> bool:
        """Switch the whole program's language now; the run, the form and the demonstration go on as they are."""
        ok = i18n.install(code)
        if ok:
            self._host.settings.setValue("language", code)
        for c, act in self.language_actions.items():
            act.setChecked(c == i18n.current_language())
        return ok

    def retranslate_ui(self) -> None:
        """The trainer's texts in the current language (part of MainWindow.retranslate_ui)."""
        name_actions((
                (self.act_export_demo, translate("MainWindow", "Export demonstration..."),
                 translate("MainWindow", "Record the side-by-side demonstration as numbered PNG frames (and demo.mp4 where ffmpeg is installed)")),
                (self.act_stop_recording, translate("MainWindow", "Stop recording"), translate("MainWindow", "Finish the recording and write the video")),
                (self.act_side_by_side, translate("MainWindow", "Side by side: with and without"),
                 translate("MainWindow", "National Day 2019 with its rings beside the same week without them, on one clock")),
                (self.act_open_lesson, translate("MainWindow", "Open lesson..."), translate("MainWindow", "Open a lesson file (TOML)")),
                (self.act_next_step, translate("MainWindow", "Next step"), translate("MainWindow", "Next lesson step (Right arrow)")),
                (self.act_prev_step, translate("MainWindow", "Previous step"), translate("MainWindow", "Previous lesson step (Left arrow)")),
                (self.act_planner, translate("MainWindow", "Back to the planner's view"),
                 translate("MainWindow", "Leave the demonstration; its runs are stopped")),
                (self.act_presentation, translate("MainWindow", "Presentation view"),
                 translate("MainWindow", "Full screen, large fonts, thick lines and high contrast for a projector (F11)"))))
        for act, path, title in self.lesson_actions:  # a broken lesson shows its file name; opening it says why
            act.setText(title.get(i18n.current_language()) if title is not None else path.name)
        self.demo_menu.setTitle(translate("MainWindow", "&Demonstration"))
        self.lessons_menu.setTitle(translate("MainWindow", "&Lessons"))
        self.language_menu.setTitle(translate("MainWindow", "&Language") + (" / Language" if i18n.is_chinese() else ""))

    # ---- the side-by-side demonstration ----------------------------------------

    def in_demo(self) -> bool:
        return self._showing

    def playing(self) -> bool:
        return self.demo.pair.playing

    def play_pause(self) -> None:
        self.demo.play_pause()
        self.state_changed.emit()

    def pause(self) -> None:
        self.demo.pair.pause()
        self.state_changed.emit()

    def _enter_demo(self) -> None:
        if not self._showing:
            self._showing = True
            self._host.show_demonstration(self.demo)
            self.demo.setFocus()

    def leave_demo(self) -> None:
        """Back to the planner's window; the demonstration's runs end (the planner's own run is untouched)."""
        if not self._showing:
            return
        self.stop_recording()
        self.demo.stop()
        self._showing = False
        self._host.show_demonstration(None)
        self.state_changed.emit()

    def show_side_by_side(self, left: Path | None = None, right: Path | None = None, play: bool = True) -> bool:
        """Two scenarios on one clock (by default National Day 2019 with and without ring control)."""
        self._enter_demo()
        ok = self.demo.show_pair(left or DEFAULT_PAIR[0], right or DEFAULT_PAIR[1], play=play)
        self.state_changed.emit()
        return ok

    def open_lesson_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self._window, translate("MainWindow", "Open lesson"), str(BUNDLED_LESSONS),
                                              translate("MainWindow", "Lesson files (*.toml);;All files (*)"))
        if path:
            self.open_lesson(Path(path))

    def open_lesson(self, path: Path) -> bool:
        """Validate a lesson file (a dialog names the file and key of every problem) and show its first step."""
        try:
            lesson = load_lesson(path)
        except ScenarioError as exc:
            problems = list(exc.problems)
            self._host.show_error(translate("MainWindow", "Cannot open lesson"),
                                  translate("MainWindow", "{name} cannot be used:").format(name=path.name) + "\n\n"
                                  + "\n".join(problems[:12]), "\n".join(problems))
            return False
        self._enter_demo()
        ok = self.demo.show_lesson(lesson)
        self.state_changed.emit()
        return ok

    def _on_demo_demo_failed(self, message: str) -> None:
        self._host.show_error(translate("MainWindow", "The demonstration cannot go on"), message)
        self.state_changed.emit()

    def update_controls(self) -> None:
        """Enable the trainer's actions for what is showing (called from MainWindow's own update)."""
        demo = self._showing
        self.act_next_step.setEnabled(demo and self.demo.lesson is not None and self.demo.step + 1 < self.demo.steps())
        self.act_prev_step.setEnabled(demo and self.demo.lesson is not None and self.demo.step > 0)
        self.act_planner.setEnabled(demo)
        self.act_export_demo.setEnabled(demo and self.demo.pair.is_ready() and not self.recorder.active)
        self.act_stop_recording.setEnabled(self.recorder.active)

    # ---- recording ----------------------------------------------------------------

    def _on_demo_clock_changed(self, t_s: float) -> None:
        if self.recorder.active:
            try:
                self.recorder.on_clock(t_s)
            except OSError as exc:
                self.recorder.folder = None
                self._host.show_error(translate("MainWindow", "Recording failed"), str(exc))
        self.state_changed.emit()

    def export_demo_dialog(self) -> None:
        if not self._showing or not self.demo.is_active():
            self._host.show_error(translate("MainWindow", "Nothing to record"),
                                  translate("MainWindow", "Start a side-by-side demonstration or a lesson first."))
            return
        folder = QFileDialog.getExistingDirectory(self._window, translate("MainWindow", "Record the demonstration into folder"))
        if not folder:
            return
        minutes, ok = QInputDialog.getInt(self._window, translate("MainWindow", "Export demonstration"),
                                          translate("MainWindow", "One frame every ... simulated minutes:"), 10, 1, 240)
        if ok:
            self.start_recording(Path(folder), minutes)

    def start_recording(self, folder: Path, interval_min: float) -> None:
        """Frames into `folder` every `interval_min` simulated minutes while the demonstration runs."""
        try:
            self.recorder.start(folder, interval_min, self.demo.pair.t_s)
        except OSError as exc:
            self._host.show_error(translate("MainWindow", "Recording failed"), f"{folder}: {exc}")
            return
        self._window.statusBar().showMessage(translate("MainWindow", "Recording into {folder}").format(folder=folder), 8000)
        self.state_changed.emit()

    def stop_recording(self) -> list[Path]:
        if not self.recorder.active:
            return []
        folder = self.recorder.folder
        files = self.recorder.finish()
        video = translate("MainWindow", ", and demo.mp4") if self.recorder.video else translate("MainWindow", " (no ffmpeg: PNG frames only)")
        self._window.statusBar().showMessage(translate("MainWindow", "Wrote {n} frames to {folder}").format(
            n=len(self.recorder.frames), folder=folder) + video, 10000)
        self.state_changed.emit()
        return files

    def shutdown(self) -> None:
        """The window is closing: finish a recording (its video is written) and end the demonstration's runs."""
        self.stop_recording()
        self.demo.stop()

    # ---- presentation -----------------------------------------------------------

    def set_presentation(self, on: bool, full_screen: bool = True) -> None:
        """Full screen, large fonts, thick lines, a high-contrast palette: for a projector at the back of a room."""
        self.presentation = on
        self.act_presentation.setChecked(on)
        self._window.setStyleSheet(WINDOW_PRESENTATION_STYLE if on else "")
        self.demo.set_presentation(on)
        self._host.map.set_presentation(on)
        self._host.plots.set_presentation(on)
        if full_screen:
            self._window.showFullScreen() if on else self._window.showNormal()
