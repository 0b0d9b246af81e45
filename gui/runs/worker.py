"""The run worker: starts the model off the GUI thread and turns what it says into Qt signals.

The model runs in a child process (sim.runs.session) so that it never competes
with the window for the interpreter lock. This object owns that process and its
pipe. A timer on the GUI thread drains the pipe every POLL_MS; the child sends
at most 25 updates a second, and each poll hands the window everything that
arrived as one batch, so the window redraws at most once per poll. Nothing here
blocks: stop asks the child to stop at its next step (a few tens of
milliseconds); should it not answer within STOP_GRACE_MS it is terminated, and
KILL_GRACE_MS later killed (a process stopped by SIGSTOP ignores SIGTERM until
it is continued, but not SIGKILL), then joined. Stop always ends the child.

It also hands on what a run sends besides its figures: its whole state at
midnights and every few hours (for a jump or a what-if, gui.runs.states), and
the answer to a live change (Changed or ChangeRefused).

A watchdog: a running model that has sent nothing for `stall_after_s` (sim.runs.
session.STALL_AFTER_S) is reported as stalled, and as running again when it speaks.
"""

from __future__ import annotations

import multiprocessing as mp
import time
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from sim.engine.clock import DAY_S
from sim.runs.session import (
    STALL_AFTER_S,
    Change,
    Changed,
    ChangeRefused,
    DayState,
    Failed,
    Finished,
    Pace,
    Pause,
    Paused,
    Resume,
    Resumed,
    RunJob,
    StateAt,
    Stop,
    Stopped,
    ToChild,
    Unwritten,
    Updated,
    WriteTo,
    run_model,
)

POLL_MS = 20
STOP_GRACE_MS = 350  # after this the child is terminated: stop takes effect within half a second
KILL_GRACE_MS = 500  # after termination, this long before the child is killed (it may be stopped by a signal)
GOODBYE_S = 1.0  # a child that said its last word but has not exited after this is ended


def end_process(proc: Any, grace_s: float) -> None:
    """Make sure `proc` is gone: wait `grace_s`, terminate, wait, kill, join."""
    proc.join(grace_s)
    if proc.is_alive():
        proc.terminate()
        proc.join(KILL_GRACE_MS / 1000)
    if proc.is_alive():
        proc.kill()
        proc.join(2.0)


class RunWorker(QObject):
    """One run at a time; start, pause, resume, set_pace, write_to, stop."""

    updates_received = Signal(list)  # [Update, ...] since the last poll
    run_paused = Signal()
    run_resumed = Signal()
    run_finished = Signal(object, object)  # RunSummary, output folder (None: no files written)
    run_unwritten = Signal(object, object, str)  # RunSummary, the folder that could not be written, the reason
    run_stopped = Signal()
    run_failed = Signal(str, str)  # message (names file and key), details
    run_stalled = Signal(float)  # seconds the model has been silent
    run_unstalled = Signal()  # it spoke again
    state_received = Signal(float, bytes)  # the model's whole state at t_s (a midnight, or every few hours)
    change_applied = Signal(object)  # sim.runs.snapshot.LiveChange: what changed, when
    change_refused = Signal(str)  # why it cannot take effect mid-run; the run goes on unchanged

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = mp.get_context("spawn")  # never fork a process that runs Qt
        self._proc: Any = None
        self._conn: Any = None
        self._ending: Finished | Stopped | Failed | None = None  # the final word, announced once the child is gone
        self._ending_at = 0.0
        self.stall_after_s = STALL_AFTER_S
        self._heard_at = 0.0
        self._quiet = False  # paused or waiting for a folder: silence is expected
        self.stalled = False
        self._alarmed = False  # run_stalled sent for this silence
        self._terminated = False
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._kill_timer = QTimer(self)
        self._kill_timer.setSingleShot(True)
        self._kill_timer.timeout.connect(self._on_kill_timer_timeout)

    # ---- commands ---------------------------------------------------------

    def is_active(self) -> bool:
        return self._proc is not None

    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def start(self, job: RunJob) -> None:
        if self._proc is not None:
            raise RuntimeError("a run is already going")
        parent_conn, child_conn = self._ctx.Pipe(duplex=True)
        proc = self._ctx.Process(target=run_model, args=(child_conn, job), name="gusu-model", daemon=True)
        proc.start()
        child_conn.close()
        self._proc, self._conn = proc, parent_conn
        self._ending, self._ending_at = None, 0.0
        self._heard_at, self._quiet, self._terminated = time.monotonic(), False, False
        self.stalled = self._alarmed = False
        self._timer.start()

    def pause(self) -> None:
        self._send(Pause())

    def resume(self) -> None:
        self._heard_at = time.monotonic()
        self._quiet = False
        self._send(Resume())

    def set_pace(self, min_per_s: float | None) -> None:
        self._send(Pace(min_per_s))

    def keep_waiting(self) -> None:
        """The user chose to wait for a stalled model: ask again after another `stall_after_s` of silence."""
        self._heard_at = time.monotonic()
        self._alarmed = False

    def write_to(self, folder: Any) -> None:
        """After run_unwritten: write the computed run's files into `folder` instead."""
        self._send(WriteTo(folder))

    def send_change(self, scenario: Any) -> None:
        """Go on from now under `scenario`: answered by change_applied or change_refused."""
        self._send(Change(scenario))

    def stop(self) -> None:
        """Ask the child to stop; it is ended if it has not within STOP_GRACE_MS. Returns at once."""
        if self._proc is None or self._ending is not None:
            return
        self._send(Stop())
        self._kill_timer.start(STOP_GRACE_MS)

    def shutdown(self) -> None:
        """End the child now (window closing): blocks for at most about a second, even for a stopped child."""
        if self._proc is None:
            return
        self._send(Stop())
        end_process(self._proc, 0.2)
        self._cleanup()

    # ---- the pipe -----------------------------------------------------------

    def _send(self, msg: ToChild) -> None:
        if self._conn is None:
            return
        try:
            self._conn.send(msg)
        except (BrokenPipeError, OSError):
            pass  # the child has ended; the next poll notices

    def _on_timer_timeout(self) -> None:
        if self._proc is None:
            self._timer.stop()
            return
        updates: list[Any] = []
        heard = False
        try:
            while self._ending is None and self._conn.poll():
                self._handle(self._conn.recv(), updates)
                heard = True
        except (EOFError, OSError):
            if self._ending is None:
                code = self._proc.exitcode
                self._ending = Failed("the model process ended unexpectedly" + (f" (exit code {code})" if code is not None else ""), "")
        if updates:
            self.updates_received.emit(updates)
        self._watch(heard)
        if self._ending is not None:
            if not self._proc.is_alive():
                self._finish()
            elif not self._ending_at:
                self._ending_at = time.perf_counter()
            elif time.perf_counter() - self._ending_at > GOODBYE_S:  # said goodbye but does not exit
                end_process(self._proc, 0.0)

    def _watch(self, heard: bool) -> None:
        now = time.monotonic()
        if heard:
            self._heard_at = now
            self._alarmed = False
            if self.stalled:
                self.stalled = False
                self.run_unstalled.emit()
        elif not self._quiet and self._ending is None and not self._alarmed and now - self._heard_at > self.stall_after_s:
            self.stalled = self._alarmed = True
            self.run_stalled.emit(now - self._heard_at)

    def _handle(self, msg: Any, updates: list[Any]) -> None:
        match msg:
            case Updated(update=up):
                updates.append(up)
            case Paused():
                self._quiet = True
                self.run_paused.emit()
            case Resumed():
                self._quiet = False
                self.run_resumed.emit()
            case Unwritten(summary=summ, out_dir=folder, reason=reason):
                self._quiet = True  # the child waits for the user's answer
                self.run_unwritten.emit(summ, folder, reason)
            case DayState(day=day, state=state):
                self.state_received.emit(day * DAY_S, state)
            case StateAt(t_s=t_s, state=state):
                self.state_received.emit(t_s, state)
            case Changed(change=change):
                self.change_applied.emit(change)
            case ChangeRefused(message=message):
                self.change_refused.emit(message)
            case Finished() | Stopped() | Failed():
                self._ending = msg

    def _on_kill_timer_timeout(self) -> None:
        if self._proc is None:
            return
        if self._ending is None:
            self._ending = Stopped()  # asked to stop: its end is a stop, not "ended unexpectedly"
        if self._proc.is_alive() and not self._terminated:
            self._terminated = True
            self._proc.terminate()
            self._proc.join(0.1)
            if self._proc.is_alive():  # stopped by a signal, say: SIGTERM waits, SIGKILL does not
                self._kill_timer.start(KILL_GRACE_MS)
                return
        if self._proc.is_alive():
            self._proc.kill()
            self._proc.join(2.0)
        self._finish()

    def _finish(self) -> None:
        ending = self._ending or Stopped()
        self._proc.join(0.1)
        self._cleanup()
        match ending:
            case Finished(summary=summ, out_dir=folder):
                self.run_finished.emit(summ, folder)
            case Failed(message=message, details=details):
                self.run_failed.emit(message, details)
            case _:
                self.run_stopped.emit()

    def _cleanup(self) -> None:
        self._timer.stop()
        self._kill_timer.stop()
        if self._conn is not None:
            self._conn.close()
        self._proc = self._conn = None
        self.stalled = self._alarmed = False

