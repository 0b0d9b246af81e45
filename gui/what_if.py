"""The planner's "what if" in the window: a change sent to the running model, and a what-if from a moment of a run.

Two actions in the Run menu and the toolbar. "Apply to the running model now"
sends the form's scenario, as edited, to the model while it runs (the session's
Change); the model answers with what changed and when (the status bar says it
in words, the plots mark the moment) or why it cannot (a dialog; the run goes
on unchanged). "What if from here..." takes a finished, stopped or paused run,
asks for the moment, and runs the edited scenario from the latest state kept
at or before the moment its change first takes effect (gui.runs.branching),
beside the original, held as the reference; a change a branch cannot make
(demand, calendar...) is refused with the offer to run from the start.

The run itself is gui.run_control's (`RunControl.apply_now`, `branch_point`);
this controller is the words and dialogs around it. Texts are in the
"MainWindow" translation context.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTimeEdit,
    QToolBar,
)

from gui.i18n import short_date
from gui.runs.compare import Comparison
from gui.widgets.actions import name_actions, window_action
from gui.widgets.map_key import centre_title
from gui.widgets.plot_marks import moment_words
from sim.engine.clock import DAY_S
from sim.runs.snapshot import LiveChange

translate = QCoreApplication.translate  # by this name, so lupdate still collects every text
STATUS_MS = 30_000


class WhatIfHost(Protocol):
    """What the controller needs of the window."""

    runs: Any  # gui.run_control.RunControl
    comparison: Comparison
    form: Any  # gui.widgets.scenario_form.ScenarioForm
    net: Any

    def start_run(self, **branch: Any) -> bool: ...
    def show_error(self, title: str, text: str, details: str = "") -> QMessageBox: ...


def keys_words(keys: list[str], net: Any) -> str:
    """What changed, in a planner's words: 'North bus station: spaces, shuttle fleet; street closures'."""
    words = {"car_spaces": translate("MainWindow", "spaces"), "open": translate("MainWindow", "open or closed"),
             "serves": translate("MainWindow", "zones served"), "overflow_to": translate("MainWindow", "overflow"),
             "fleet": translate("MainWindow", "shuttle fleet"), "seats": translate("MainWindow", "shuttle seats"),
             "headway_min": translate("MainWindow", "shuttle headway"), "service_hours": translate("MainWindow", "shuttle hours")}
    parts: dict[str, list[str]] = {}
    for key in keys:
        p = key.split(".")
        if p[0] == "transfer_centres" and len(p) > 2:
            parts.setdefault(centre_title(p[1], net), []).append(words.get(p[-1], p[-1]))
        elif p[0] == "rings" and len(p) > 1:
            parts.setdefault(translate("MainWindow", "ring {r}").format(r=p[1]), []).append(
                words.get(p[-1], translate("MainWindow", "rules") if p[-1].isdigit() or p[-1] == "rules" else p[-1]))
        elif p[0] == "network":
            parts.setdefault(translate("MainWindow", "streets"), []).append(
                {"closed_segments": translate("MainWindow", "closures"), "one_way_links": translate("MainWindow", "one-way rules"),
                 "turn_bans": translate("MainWindow", "turn bans")}.get(p[1] if len(p) > 1 else "", p[-1]))
    return "; ".join(f"{who}: {', '.join(dict.fromkeys(what))}" for who, what in parts.items()) or translate("MainWindow", "nothing")


class WhatIfControl(QObject):
    """The two actions, their enabled state, and the answers shown."""

    def __init__(self, window: QMainWindow, host: WhatIfHost, menu: QMenu, bar: QToolBar, changed: Callable[[], None]) -> None:
        super().__init__(window)
        self._window, self._host, self._changed = window, host, changed
        self.act_apply = window_action(window, self.apply_now, "Ctrl+Return")
        self.act_what_if = window_action(window, self.what_if_dialog, "Ctrl+W")
        menu.addSeparator()
        menu.addAction(self.act_apply)
        menu.addAction(self.act_what_if)
        after_stop = bar.actions()[bar.actions().index(menu.actions()[1]) + 1]  # beside Run and Stop
        bar.insertAction(after_stop, self.act_apply)
        self.refusal_box: QMessageBox | None = None
        self._queued: tuple[Any, float] | None = None  # a what-if waiting for the paused original to stop
        runs = host.runs
        runs.change_applied.connect(self._on_runs_change_applied)
        runs.change_refused.connect(self._on_runs_change_refused)
        runs.run_stopped.connect(self._on_runs_run_stopped)

    def retranslate_ui(self) -> None:
        name_actions((
            (self.act_apply, translate("MainWindow", "Apply to the running model now"),
             translate("MainWindow", "The running model goes on from this moment under the scenario as edited (Ctrl+Return)")),
            (self.act_what_if, translate("MainWindow", "What if from here..."),
             translate("MainWindow", "Run the scenario as edited from a moment of this run, beside the run as it was (Ctrl+W)"))))
        self.act_apply.setIconText(translate("MainWindow", "Apply now"))  # the toolbar's short word for it

    def update_controls(self) -> None:
        runs = self._host.runs
        scenario = self._host.form.scenario() if runs.is_active() else None
        self.act_apply.setEnabled(runs.can_change(scenario))
        self.act_what_if.setEnabled(runs.can_branch() and self._queued is None)

    def _status(self, text: str) -> None:
        self._window.statusBar().showMessage(text, STATUS_MS)

    # ---- a live change ----------------------------------------------------------

    def apply_now(self) -> bool:
        scenario = self._host.form.scenario()
        if scenario is None:
            self._host.show_error(translate("MainWindow", "Cannot apply"), translate("MainWindow", "Some values are not valid; fix the marked fields first."))
            return False
        if not self._host.runs.apply_now(scenario):
            return False
        self._status(translate("MainWindow", "Sending the change to the running model..."))
        self._changed()
        return True

    def _on_runs_change_applied(self, change: LiveChange) -> None:
        what = keys_words(change.keys, self._host.net)
        if self._host.runs.branch and len(self._host.runs.changes) == 1:
            self._status(translate("MainWindow", "What-if from {moment}: {what}").format(moment=moment_words(change.moment), what=what))
        else:
            self._status(translate("MainWindow", "Changed at {moment}: {what}").format(moment=moment_words(change.moment), what=what))
        self._changed()

    def _on_runs_change_refused(self, message: str, branch: bool) -> None:
        self._changed()
        if not branch:
            self._status(translate("MainWindow", "Change refused; the run goes on unchanged"))
            self._host.show_error(translate("MainWindow", "The change cannot take effect now"),
                                  message + "\n\n" + translate("MainWindow", "The run goes on unchanged."))
            return
        box = QMessageBox(QMessageBox.Icon.Warning, translate("MainWindow", "This what-if cannot start from a moment of the run"),
                          message, parent=self._window)
        box.addButton(translate("MainWindow", "Run the changed scenario from the start"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(translate("MainWindow", "Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.buttonClicked.connect(self._on_refusal_box_button_clicked)
        self.refusal_box = box
        box.open()

    def _on_refusal_box_button_clicked(self, button: Any) -> None:
        box, self.refusal_box = self.refusal_box, None
        if box is not None and box.buttonRole(button) == QMessageBox.ButtonRole.AcceptRole:
            self._host.start_run()

    # ---- a what-if ------------------------------------------------------------------

    def what_if_dialog(self) -> None:
        runs = self._host.runs
        scenario = self._host.form.scenario()
        if not runs.can_branch():
            return
        if scenario is None or not runs.differs(scenario):
            self._host.show_error(translate("MainWindow", "Nothing to branch"),
                                  translate("MainWindow", "Edit the scenario first (in the form or on the map): a what-if runs it as edited."))
            return
        moment = self.ask_moment()
        if moment is not None:
            self.start(scenario, moment)

    def ask_moment(self) -> float | None:
        """The moment from which on: a day of the run and a time (the paused clock, else 10:00 of its first day)."""
        run = self._host.runs.run
        dlg = QDialog(self._window)
        dlg.setWindowTitle(translate("MainWindow", "What if from here"))
        form = QFormLayout(dlg)
        day = QComboBox()
        for i, d in enumerate(run.dates):
            day.addItem(short_date(dt.date.fromisoformat(d)), i)
        clock = QTimeEdit()
        clock.setDisplayFormat("HH:mm")
        t_s = float(run.snapshot.t_s) if run.state == "paused" and run.snapshot is not None else 10 * 3600.0
        day.setCurrentIndex(min(len(run.dates) - 1, int(t_s // DAY_S)))
        clock.setTime(QTime(int(t_s % DAY_S // 3600), int(t_s % 3600 // 60)))
        form.addRow(QLabel(translate("MainWindow", "Run the scenario as edited from this moment on, beside this run as it was.")))
        form.addRow(translate("MainWindow", "Day"), day)
        form.addRow(translate("MainWindow", "Time"), clock)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dlg.accept)
        buttons.rejected.connect(dlg.reject)
        form.addRow(buttons)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return None
        return float(day.currentData()) * DAY_S + clock.time().hour() * 3600.0 + clock.time().minute() * 60.0

    def start(self, scenario: Any, moment_s: float) -> bool:
        """Branch from the run shown at `moment_s` (or later, when the change takes effect later), beside it."""
        runs = self._host.runs
        if runs.is_active():  # paused: the original stops here, and is held as far as it went
            self._queued = (scenario, moment_s)
            runs.stop()
            self._changed()
            return True
        original = runs.run
        t, kept_t, state = runs.branch_point(scenario, moment_s)
        self._host.comparison.hold(original, translate("MainWindow", "{name} (original)").format(name=original.name),
                                   runs.scenario, runs.base_dir)
        moment = moment_words(_moment(original.dates, t))
        ok = self._host.start_run(name=translate("MainWindow", "what-if from {moment}").format(moment=moment), start_state=state,
                                  branch_from=runs.scenario, branch_at_s=t)
        if ok:
            start = moment_words(_moment(original.dates, kept_t)) if kept_t is not None else None
            self._status(translate("MainWindow", "What-if from {moment}, run from the state kept at {start}").format(moment=moment, start=start)
                         if start else translate("MainWindow", "What-if from {moment}, run from the start (no state kept before it)").format(moment=moment))
        return ok

    def _on_runs_run_stopped(self) -> None:
        queued, self._queued = self._queued, None
        if queued is not None:
            self.start(*queued)


def _moment(dates: list[str], t_s: float) -> str:
    day = min(len(dates) - 1, int(t_s // DAY_S))
    minutes = int((t_s - day * DAY_S) // 60)
    return f"{dates[day]} {minutes // 60:02d}:{minutes % 60:02d}"
