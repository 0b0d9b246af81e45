"""The simulated clock: seconds from the first midnight of a scenario, and callbacks at given times.

A scenario's time runs from 0 at midnight of its first day. The day index, the
hour of the day and the "HH:MM" a planner reads are derived here, once; so are
the two ways the model wakes up: once at a time (`at`), and every period
(`every`). Both put a slim event on SimPy's schedule through `env.schedule`,
SimPy's documented way to schedule an event.

Every callback the model schedules is a bound method, a `functools.partial` or a
small callable object, never a closure or a generator, and the environment is a
`SimEnvironment` that pickles: so a whole model can be snapshot at any moment
between two steps and continued later, here or in another process
(sim.runs.snapshot).
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable
from typing import Any

import simpy
from simpy.events import NORMAL, URGENT

from sim.engine.links import Wake

DAY_S = 86_400.0  # seconds in a day
END_EPSILON_S = 1e-3  # run this far past an end so the events at the end itself happen


def day_of(t_s: float, n_days: int) -> int:
    """The day index (0-based) at t_s, held to the last day at the very end."""
    return min(n_days - 1, int(t_s // DAY_S))


def hour_of(t_s: float) -> float:
    """Hours since midnight at t_s (0 <= h < 24)."""
    return (t_s % DAY_S) / 3600.0


def hhmm(t_s: float) -> str:
    """'HH:MM' of the time of day at t_s."""
    minutes = int(t_s % DAY_S // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


class SimEnvironment(simpy.Environment):
    """SimPy's Environment, picklable: its clock, its queue of pending events and its event counter.

    SimPy binds its event classes to each instance (`env.timeout`, ...), which pickle
    cannot restore, so only the three fields that make the schedule are kept and the
    rest is rebuilt. They are SimPy internals (`_now`, `_queue`, `_eid`): see the simpy
    pin in pyproject.toml. The counter is kept so that events scheduled after a restore
    are ordered among the pending ones exactly as in an uninterrupted run.
    """

    def __getstate__(self) -> dict[str, Any]:
        if self.active_process is not None:
            raise RuntimeError("a SimPy environment can be saved only between steps, not while a process runs")
        return {"now": self.now, "queue": self._queue, "next_eid": next(copy.copy(self._eid))}  # type: ignore[attr-defined]

    def __setstate__(self, state: dict[str, Any]) -> None:
        simpy.Environment.__init__(self, state["now"])
        self._queue = state["queue"]
        self._eid = itertools.count(state["next_eid"])

    @property
    def events_scheduled(self) -> int:
        """How many events have been scheduled so far (read off SimPy's event-id counter)."""
        return next(copy.copy(self._eid))  # type: ignore[attr-defined]


def at(env: simpy.Environment, t_s: float, fn: Callable[[Any], None]) -> None:
    """Call fn(event) at simulated time t_s (now, if t_s is past)."""
    w = Wake()
    w.callbacks = [fn]
    env.schedule(w, NORMAL, max(0.0, t_s - env.now))  # type: ignore[arg-type]


def after(env: simpy.Environment, delay_s: float, fn: Callable[[Any], None]) -> None:
    """Call fn(event) delay_s from now: what `yield env.timeout(delay_s)` does, to the same float."""
    w = Wake()
    w.callbacks = [fn]
    env.schedule(w, NORMAL, delay_s)  # type: ignore[arg-type]


def first_now(env: simpy.Environment, fn: Callable[[Any], None]) -> None:
    """Call fn(event) now, before any other event of this moment: when SimPy starts a process."""
    w = Wake()
    w.callbacks = [fn]
    env.schedule(w, URGENT, 0.0)  # type: ignore[arg-type]


class Every:
    """The callback of `every`: call fn() and come back one period later, up to the end."""

    __slots__ = ("env", "period_s", "end_s", "fn")

    def __init__(self, env: simpy.Environment, period_s: float, end_s: float, fn: Callable[[], None]) -> None:
        self.env = env
        self.period_s = period_s
        self.end_s = end_s
        self.fn = fn

    def __call__(self, _ev: object) -> None:
        self.fn()
        env = self.env
        if env.now + self.period_s <= self.end_s + 1e-6:
            at(env, env.now + self.period_s, self)


def every(env: simpy.Environment, period_s: float, end_s: float, fn: Callable[[], None]) -> None:
    """Call fn() every period_s from period_s on, up to end_s."""
    at(env, period_s, Every(env, period_s, end_s, fn))
