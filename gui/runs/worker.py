"""The run worker: starts the model off the GUI thread and turns what it says into Qt signals.

The model runs in a child process (sim.runs.session) so that it never competes
with the window for the interpreter lock. This object owns that process and its
pipe. A timer on the GUI thread drains the pipe every POLL_MS; the child sends
at most 25 updates a second, and each poll hands the window everything that
arrived as one batch, so the window redraws at most once per poll. Nothing here
blocks: stop asks the child to stop at its next step (a few tens of
milliseconds) and, should it not answer within STOP_GRACE_MS, ends the process.
"""

from __future__ import annotations

import multiprocessing as mp
import time
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from sim.runs.session import RunJob, run_model

POLL_MS = 20
STOP_GRACE_MS = 350  # after this the child is ended: stop always takes effect within half a second


class RunWorker(QObject):
    """One run at a time; start, pause, resume, set_pace, stop."""

    updates_received = Signal(list)  # [Update, ...] since the last poll
    run_paused = Signal()
    run_resumed = Signal()
    run_finished = Signal(object, object)  # summary dict, output folder
    run_stopped = Signal()
    run_failed = Signal(str, str)  # message (names file and key), details

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = mp.get_context("spawn")  # never fork a process that runs Qt
        self._proc: Any = None
        self._conn: Any = None
        self._ending: tuple[str, tuple[Any, ...]] | None = None  # the final signal, sent once the child is gone
        self._ending_at = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._kill_timer = QTimer(self)
        self._kill_timer.setSingleShot(True)
        self._kill_timer.timeout.connect(self._on_kill_timer_timeout)

    # ---- commands ---------------------------------------------------------

    def is_active(self) -> bool:
        return self._proc is not None

    def start(self, job: RunJob) -> None:
        if self._proc is not None:
            raise RuntimeError("a run is already going")
        parent_conn, child_conn = self._ctx.Pipe(duplex=True)
        proc = self._ctx.Process(target=run_model, args=(child_conn, job), name="gusu-model", daemon=True)
        proc.start()
        child_conn.close()
        self._proc, self._conn = proc, parent_conn
        self._ending = None
        self._ending_at = 0.0
        self._timer.start()

    def pause(self) -> None:
        self._send(("pause",))

    def resume(self) -> None:
        self._send(("resume",))

    def set_pace(self, min_per_s: float | None) -> None:
        self._send(("pace", min_per_s))

    def stop(self) -> None:
        """Ask the child to stop; it is ended if it has not within STOP_GRACE_MS. Returns at once."""
        if self._proc is None or self._ending is not None:
            return
        self._send(("stop",))
        self._kill_timer.start(STOP_GRACE_MS)

    def shutdown(self) -> None:
        """End the child now (window closing): blocks for at most a fraction of a second."""
        if self._proc is None:
            return
        self._send(("stop",))
        self._proc.join(0.2)
        if self._proc.is_alive():
            self._proc.terminate()
            self._proc.join(0.5)
        self._cleanup()

    # ---- the pipe -----------------------------------------------------------

    def _send(self, msg: tuple[Any, ...]) -> None:
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
        try:
            while self._ending is None and self._conn.poll():
                self._handle(self._conn.recv(), updates)
        except (EOFError, OSError):
            if self._ending is None:
                code = self._proc.exitcode
                self._ending = ("failed", ("the model process ended unexpectedly"
                                           + (f" (exit code {code})" if code is not None else ""), ""))
        if updates:
            self.updates_received.emit(updates)
        if self._ending is not None:
            if not self._proc.is_alive():
                self._finish()
            elif not self._ending_at:
                self._ending_at = time.perf_counter()
            elif time.perf_counter() - self._ending_at > 1.0:  # said goodbye but does not exit
                self._proc.terminate()

    def _handle(self, msg: tuple[Any, ...], updates: list[Any]) -> None:
        kind = msg[0]
        if kind == "update":
            updates.append(msg[1])
        elif kind == "paused":
            self.run_paused.emit()
        elif kind == "resumed":
            self.run_resumed.emit()
        elif kind in ("finished", "stopped", "failed"):
            self._ending = (kind, tuple(msg[1:]))

    def _on_kill_timer_timeout(self) -> None:
        if self._proc is not None and self._proc.is_alive():
            self._proc.terminate()
            self._proc.join(0.1)
            if self._ending is None:
                self._ending = ("stopped", ())
            self._finish()

    def _finish(self) -> None:
        kind, args = self._ending or ("stopped", ())
        self._proc.join(0.1)
        self._cleanup()
        if kind == "finished":
            self.run_finished.emit(*args)
        elif kind == "failed":
            self.run_failed.emit(*args)
        else:
            self.run_stopped.emit()

    def _cleanup(self) -> None:
        self._timer.stop()
        self._kill_timer.stop()
        if self._conn is not None:
            self._conn.close()
        self._proc = self._conn = None
