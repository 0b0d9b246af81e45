"""The trainer's half of the main window: the side-by-side demonstration, lessons, recording, presentation view and language.

gui.window keeps the planner's window (scenario files, runs, comparing,
exporting). What a trainer does in front of a room lives here, as a mixin
MainWindow inherits, so every method and action keeps its name on the window.
Its texts are translated in the "MainWindow" context, the one the committed
translation (gui/i18n/gusu_zh_CN.ts) was made in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenuBar

from gui import i18n
from gui.i18n import LANGUAGES
from gui.runs.recording import DemoRecorder
from gui.widgets.demo import DEFAULT_PAIR, DemoView
from sim.interop.lessons import BUNDLED_LESSONS, Text, bundled_lessons, load_lesson, read_title
from sim.scenario import ScenarioError

WINDOW_PRESENTATION_STYLE = """
QMainWindow, QMenuBar, QMenu, QStatusBar, QToolBar { font-size: 16pt; }
QMenuBar, QMenu { background: white; color: black; }
QMenu::item:selected, QMenuBar::item:selected { background: #0b2545; color: white; }
"""


class TrainingMixin:
    """The demonstration, lessons, recording, presentation and language parts of MainWindow (which supplies the rest)."""

    demo: DemoView
    recorder: DemoRecorder
    presentation: bool
    settings: Any

    # ---- construction -----------------------------------------------------

    def _build_demo(self) -> None:
        self.presentation = False
        self.demo = DemoView()
        self.demo.demo_failed.connect(self._on_demo_demo_failed)
        self.demo.step_shown.connect(lambda _k: self._update_controls())
        self.recorder = DemoRecorder(self.demo)
        self.demo.clock_changed.connect(self._on_demo_clock_changed)
        self.demo.pair.started.connect(self._update_controls)
        self._docks_before_demo: dict[str, bool] = {}

    def _build_training_actions(self) -> None:
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
            act = QAction(name, self)  # each language named in itself, never translated
            act.setCheckable(True)
            act.setChecked(code == i18n.current_language())
            act.triggered.connect(lambda _=False, c=code: self.set_language(c))
            self.language_group.addAction(act)
            self.language_actions[code] = act

    def _build_demo_menu(self, mb: QMenuBar) -> None:
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

    def _build_language_menu(self, mb: QMenuBar) -> None:
        self.language_menu = m = mb.addMenu("")
        for act in self.language_actions.values():
            m.addAction(act)

    # ---- language ---------------------------------------------------------

    def set_language(self, code: str) -> bool:
        """Switch the whole program's language now; the run, the form and the demonstration go on as they are."""
        ok = i18n.install(code)
        if ok:
            self.settings.setValue("language", code)
        for c, act in self.language_actions.items():
            act.setChecked(c == i18n.current_language())
        return ok

    def _retranslate_training(self) -> None:
        """The trainer's texts in the current language (part of MainWindow.retranslate_ui)."""
        for act, text, tip in (
                (self.act_export_demo, QCoreApplication.translate("MainWindow", "Export demonstration..."),
                 QCoreApplication.translate(
                     "MainWindow", "Record the side-by-side demonstration as numbered PNG frames (and demo.mp4 where ffmpeg is installed)")),
                (self.act_stop_recording, QCoreApplication.translate("MainWindow", "Stop recording"),
                 QCoreApplication.translate("MainWindow", "Finish the recording and write the video")),
                (self.act_side_by_side, QCoreApplication.translate("MainWindow", "Side by side: with and without"),
                 QCoreApplication.translate("MainWindow", "National Day 2019 with its rings beside the same week without them, on one clock")),
                (self.act_open_lesson, QCoreApplication.translate("MainWindow", "Open lesson..."),
                 QCoreApplication.translate("MainWindow", "Open a lesson file (TOML)")),
                (self.act_next_step, QCoreApplication.translate("MainWindow", "Next step"),
                 QCoreApplication.translate("MainWindow", "Next lesson step (Right arrow)")),
                (self.act_prev_step, QCoreApplication.translate("MainWindow", "Previous step"),
                 QCoreApplication.translate("MainWindow", "Previous lesson step (Left arrow)")),
                (self.act_planner, QCoreApplication.translate("MainWindow", "Back to the planner's view"),
                 QCoreApplication.translate("MainWindow", "Leave the demonstration; its runs are stopped")),
                (self.act_presentation, QCoreApplication.translate("MainWindow", "Presentation view"),
                 QCoreApplication.translate("MainWindow", "Full screen, large fonts, thick lines and high contrast for a projector (F11)"))):
            act.setText(text)
            act.setToolTip(tip or text.replace("&", ""))
            act.setStatusTip(tip)
        for act, path, title in self.lesson_actions:  # a broken lesson shows its file name; opening it says why
            act.setText(title.get(i18n.current_language()) if title is not None else path.name)
        self.demo_menu.setTitle(QCoreApplication.translate("MainWindow", "&Demonstration"))
        self.lessons_menu.setTitle(QCoreApplication.translate("MainWindow", "&Lessons"))
        self.language_menu.setTitle(QCoreApplication.translate("MainWindow", "&Language") + (" / Language" if i18n.is_chinese() else ""))

    # ---- the side-by-side demonstration ----------------------------------------

    def in_demo(self) -> bool:
        return self.stack.currentWidget() is self.demo

    def _enter_demo(self) -> None:
        if not self.in_demo():
            self._docks_before_demo = {d.objectName(): d.isVisible() for d in (self.form_dock, self.compare_dock)}
            for d in (self.form_dock, self.compare_dock):
                d.hide()
            self.run_bar.hide()
            self.stack.setCurrentWidget(self.demo)
            self.demo.setFocus()

    def leave_demo(self) -> None:
        """Back to the planner's window; the demonstration's runs end (the planner's own run is untouched)."""
        if not self.in_demo():
            return
        self.stop_recording()
        self.demo.stop()
        self.stack.setCurrentWidget(self.split)
        self.run_bar.show()
        for d in (self.form_dock, self.compare_dock):
            d.setVisible(self._docks_before_demo.get(d.objectName(), True))
        self._update_controls()

    def show_side_by_side(self, left: Path | None = None, right: Path | None = None, play: bool = True) -> bool:
        """Two scenarios on one clock (by default National Day 2019 with and without ring control)."""

        self._enter_demo()
        ok = self.demo.show_pair(left or DEFAULT_PAIR[0], right or DEFAULT_PAIR[1], play=play)
        self._update_controls()
        return ok

    def open_lesson_dialog(self) -> None:

        path, _ = QFileDialog.getOpenFileName(self, QCoreApplication.translate("MainWindow", "Open lesson"), str(BUNDLED_LESSONS),
                                              QCoreApplication.translate("MainWindow", "Lesson files (*.toml);;All files (*)"))
        if path:
            self.open_lesson(Path(path))

    def open_lesson(self, path: Path) -> bool:
        """Validate a lesson file (a dialog names the file and key of every problem) and show its first step."""
        try:
            lesson = load_lesson(path)
        except ScenarioError as exc:
            problems = list(exc.problems)
            self.show_error(QCoreApplication.translate("MainWindow", "Cannot open lesson"),
                            QCoreApplication.translate("MainWindow", "{name} cannot be used:").format(name=path.name) + "\n\n"
                            + "\n".join(problems[:12]), "\n".join(problems))
            return False
        self._enter_demo()
        ok = self.demo.show_lesson(lesson)
        self._update_controls()
        return ok

    def _on_demo_demo_failed(self, message: str) -> None:
        self.show_error(QCoreApplication.translate("MainWindow", "The demonstration cannot go on"), message)
        self._update_controls()

    def _update_training_controls(self, demo: bool) -> None:
        """The demonstration's share of MainWindow._update_controls (`demo`: the demonstration is showing)."""
        if demo:
            self.act_run.setText(QCoreApplication.translate("MainWindow", "Pause") if self.demo.pair.playing
                                 else QCoreApplication.translate("MainWindow", "Play"))
            self.act_run.setToolTip(QCoreApplication.translate("MainWindow", "Play or pause both runs (Space)"))
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
                self.show_error(QCoreApplication.translate("MainWindow", "Recording failed"), str(exc))
        self._update_controls()

    def export_demo_dialog(self) -> None:
        if not self.in_demo() or not self.demo.is_active():
            self.show_error(QCoreApplication.translate("MainWindow", "Nothing to record"),
                            QCoreApplication.translate("MainWindow", "Start a side-by-side demonstration or a lesson first."))
            return
        folder = QFileDialog.getExistingDirectory(self, QCoreApplication.translate("MainWindow", "Record the demonstration into folder"))
        if not folder:
            return
        minutes, ok = QInputDialog.getInt(self, QCoreApplication.translate("MainWindow", "Export demonstration"),
                                          QCoreApplication.translate("MainWindow", "One frame every ... simulated minutes:"), 10, 1, 240)
        if ok:
            self.start_recording(Path(folder), minutes)

    def start_recording(self, folder: Path, interval_min: float) -> None:
        """Frames into `folder` every `interval_min` simulated minutes while the demonstration runs."""
        try:
            self.recorder.start(folder, interval_min, self.demo.pair.t_s)
        except OSError as exc:
            self.show_error(QCoreApplication.translate("MainWindow", "Recording failed"), f"{folder}: {exc}")
            return
        self.statusBar().showMessage(QCoreApplication.translate("MainWindow", "Recording into {folder}").format(folder=folder), 8000)
        self._update_controls()

    def stop_recording(self) -> list[Path]:
        if not self.recorder.active:
            return []
        folder = self.recorder.folder
        files = self.recorder.finish()
        video = (QCoreApplication.translate("MainWindow", ", and demo.mp4") if self.recorder.video
                 else QCoreApplication.translate("MainWindow", " (no ffmpeg: PNG frames only)"))
        self.statusBar().showMessage(QCoreApplication.translate("MainWindow", "Wrote {n} frames to {folder}").format(
            n=len(self.recorder.frames), folder=folder) + video, 10000)
        self._update_controls()
        return files

    # ---- presentation -----------------------------------------------------------

    def set_presentation(self, on: bool, full_screen: bool = True) -> None:
        """Full screen, large fonts, thick lines, a high-contrast palette: for a projector at the back of a room."""
        self.presentation = on
        self.act_presentation.setChecked(on)
        self.setStyleSheet(WINDOW_PRESENTATION_STYLE if on else "")
        self.demo.set_presentation(on)
        self.map.set_presentation(on)
        self.plots.set_presentation(on)
        if full_screen:
            self.showFullScreen() if on else self.showNormal()
