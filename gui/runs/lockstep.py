"""Two runs on one clock: the side-by-side demonstration's engine.

Each scenario runs in a model process of its own (sim.runs.session.run_stepped),
but neither runs on its own time: this object holds the one clock, tells both
processes "advance to t", and moves the clock to t only when both stand there
(the slower one holds the clock). Both runs' updates for that moment are handed
to the window together, so the two maps, the shared plots and the call-outs
always show the same simulated minute: the two clocks are equal by construction.

The clock runs at a demonstration pace (simulated minutes per wall second) or
as fast as the models go, and stops by itself at a hold time (a lesson's
"run to 10:45"). Play, pause and stop act on both runs at once.

Both runs may start from one state (RunJob.start_state, the second changed to its
own scenario at that moment: RunJob.branch_from), the clock then starting there
(`start(jobs, t0_s)`); a run started with RunJob.day_states hands on its state at
every midnight it passes (`state_received`), for a later jump to start from.

A watchdog: when the clock waits on a model that has sent nothing for
`stall_after_s` (sim.runs.session.STALL_AFTER_S), the pair reports it stalled;
shutdown always ends both processes (asked, terminated, then killed, joined).
"""

from __future__ import annotations

import multiprocessing as mp
import time
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from gui.runs.worker import end_process
from sim.engine.clock import DAY_S
from sim.runs.session import STALL_AFTER_S, Advance, At, ChangeRefused, DayState, Failed, RunJob, Stop, Updated, run_stepped

POLL_MS = 20
FAST_STEP_S = 600.0  # simulated seconds per step when running as fast as possible (about 0.1 s of model time)
MIN_STEP_S = 5.0
MAX_LAG_S = 1.0  # wall seconds the clock may fall behind its pace before it stops trying to catch up


class LockstepPair(QObject):
    """Two model processes, one clock. `start(jobs)`, then `run_to(t)`, `play()`, `pause()`, `stop()`."""

    clock_advanced = Signal(float, list)  # t_s (from the first midnight), [updates of run 0, updates of run 1]
    clock_held = Signal(float)  # reached the hold time (or the end) and stopped there
    run_failed = Signal(int, str, str)  # which run, message, details
    started = Signal()  # both models built and standing at the start (t = 0, or the common state's moment)
    state_received = Signal(int, float, bytes)  # which run, the midnight (s), its whole state
    branch_refused = Signal(str)  # the second run cannot start from the common state: why (both runs are ended)
    run_stalled = Signal(int, float)  # which run has sent nothing while the clock waits on it, for how many seconds
    run_unstalled = Signal(int)  # it spoke again

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = mp.get_context("spawn")
        self._procs: list[Any] = []
        self._conns: list[Any] = []
        self._at: list[float | None] = []
        self._pending: list[list[Any]] = []
        self._heard_at: list[float] = []
        self.stalled: list[bool] = []
        self.stall_after_s = STALL_AFTER_S
        self.t_s = 0.0  # the common clock: both runs stand here
        self.end_s = 0.0
        self.target_s: float | None = None  # where both were last told to go
        self.hold_s = 0.0
        self.playing = False
        self.fast_until_s = 0.0  # as fast as possible up to here (a jump), whatever the pace
        self.t0_s = 0.0  # where the clock started
        self.pace_min_per_s: float | None = 10.0
        self._anchor = (0.0, 0.0)  # (sim s, wall s) the pace counts from
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    # ---- commands ---------------------------------------------------------

    def is_active(self) -> bool:
        return bool(self._procs)

    def is_ready(self) -> bool:
        return self.is_active() and all(a is not None for a in self._at)

    def start(self, jobs: list[RunJob], t0_s: float = 0.0) -> None:
        """Start both models; the clock starts at t0_s (the moment of the state they start from, else 0)."""
        self.shutdown()
        for job in jobs:
            parent_conn, child_conn = self._ctx.Pipe(duplex=True)
            proc = self._ctx.Process(target=run_stepped, args=(child_conn, job), name="gusu-demo-model", daemon=True)
            proc.start()
            child_conn.close()
            self._procs.append(proc)
            self._conns.append(parent_conn)
        self._at = [None] * len(jobs)
        self._pending = [[] for _ in jobs]
        self._heard_at = [time.monotonic()] * len(jobs)
        self.stalled = [False] * len(jobs)
        self.t_s, self.end_s, self.target_s, self.hold_s, self.fast_until_s = t0_s, 0.0, t0_s, t0_s, t0_s
        self.t0_s = t0_s
        self.playing = False
        self._timer.start()

    def run_to(self, t_s: float, fast: bool = False) -> None:
        """Run the clock to t_s and hold there; `fast`: as fast as the models go (a jump)."""
        self.hold_s = t_s
        if fast:
            self.fast_until_s = t_s
        self._go()

    def play(self) -> None:
        """Play on: to the hold time if the clock is short of it, else to the end."""
        if self.hold_s <= self.t_s:
            self.hold_s = self.end_s or float("inf")
        self._go()

    def _go(self) -> None:
        if not self.is_active():
            return
        self.playing = True
        self._anchor = (self.t_s, time.perf_counter())

    def pause(self) -> None:
        self.playing = False

    def set_pace(self, min_per_s: float | None) -> None:
        self.pace_min_per_s = min_per_s
        self._anchor = (self.t_s, time.perf_counter())

    def shutdown(self) -> None:
        """End both processes now (a new pair of runs, leaving the mode, closing the window), stopped ones too."""
        for conn in self._conns:
            try:
                conn.send(Stop())
            except (BrokenPipeError, OSError):
                pass
        for proc in self._procs:
            end_process(proc, 0.3)
        for conn in self._conns:
            conn.close()
        self._procs, self._conns, self._at, self._pending, self._heard_at, self.stalled = [], [], [], [], [], []
        self.playing = False
        self._timer.stop()

    # ---- the clock ----------------------------------------------------------

    def _on_timer_timeout(self) -> None:
        for i, conn in enumerate(self._conns):
            try:
                while conn.poll():
                    self._heard(i)
                    match conn.recv():
                        case Updated(update=up):
                            self._pending[i].append(up)
                        case At(t_s=t_s, end_s=end):
                            self._at[i] = float(t_s)
                            self.end_s = end if not self.end_s else min(self.end_s, end)
                        case DayState(day=day, state=state):
                            self.state_received.emit(i, day * DAY_S, state)
                        case ChangeRefused(message=message):
                            self.shutdown()
                            self.branch_refused.emit(message)
                            return
                        case Failed(message=message, details=details):
                            self.shutdown()
                            self.run_failed.emit(i, message, details)
                            return
            except (EOFError, OSError):
                self.shutdown()
                self.run_failed.emit(i, "the model process ended unexpectedly", "")
                return
        self._watch()
        if self.target_s is not None:
            if any(a is None or a < self.target_s - 1e-6 for a in self._at):
                return  # the slower run holds the clock
            first = self.target_s == self.t0_s and not any(self._pending)
            self.t_s, self.target_s = self.target_s, None
            if any(self._pending):
                updates, self._pending = self._pending, [[] for _ in self._conns]
                self.clock_advanced.emit(self.t_s, updates)
            elif first:
                self.started.emit()
        if not self.playing or not self.is_active():
            return
        if self.t_s >= min(self.hold_s, self.end_s) - 1e-6:
            self.playing = False
            self.clock_held.emit(self.t_s)
            return
        self._issue()

    def _heard(self, i: int) -> None:
        self._heard_at[i] = time.monotonic()
        if self.stalled[i]:
            self.stalled[i] = False
            self.run_unstalled.emit(i)

    def _watch(self) -> None:
        """A model the clock waits on (built, or told to advance) that says nothing for stall_after_s is stalled."""
        now = time.monotonic()
        for i, at in enumerate(self._at):
            waited_on = at is None or (self.target_s is not None and at < self.target_s - 1e-6)
            if not waited_on:
                self._heard_at[i] = now  # silence is expected while the clock does not wait on it
            elif not self.stalled[i] and now - self._heard_at[i] > self.stall_after_s:
                self.stalled[i] = True
                self.run_stalled.emit(i, now - self._heard_at[i])

    def pids(self) -> list[int]:
        return [p.pid for p in self._procs]

    def _issue(self) -> None:
        now = time.perf_counter()
        limit = min(self.hold_s, self.end_s)
        if self.pace_min_per_s is None or self.t_s < self.fast_until_s:
            step = FAST_STEP_S
            limit = min(limit, self.fast_until_s) if self.t_s < self.fast_until_s else limit
            self._anchor = (self.t_s, now)
        else:
            a_sim, a_wall = self._anchor
            rate = self.pace_min_per_s * 60.0
            if (a_sim + (now - a_wall) * rate) - self.t_s > MAX_LAG_S * rate:  # the models cannot keep the pace
                self._anchor = (self.t_s - MAX_LAG_S * rate, now)
                a_sim, a_wall = self._anchor
            step = a_sim + (now - a_wall) * rate - self.t_s
            if step < MIN_STEP_S:
                return  # ahead of the pace: wait for the wall clock
        target = min(limit, self.t_s + step)
        self.target_s = target
        for conn in self._conns:
            try:
                conn.send(Advance(target))
            except (BrokenPipeError, OSError):
                pass
