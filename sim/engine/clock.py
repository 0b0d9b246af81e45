"""The simulated clock: seconds from the first midnight of a scenario, and callbacks at given times.

A scenario's time runs from 0 at midnight of its first day. The day index, the
hour of the day and the "HH:MM" a planner reads are derived here, once; so are
the two ways the model wakes up: once at a time (`at`), and every period
(`every`). Both put a slim event on SimPy's schedule through `env.schedule`,
SimPy's documented way to schedule an event.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import simpy
from simpy.events import NORMAL

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


def at(env: simpy.Environment, t_s: float, fn: Callable[[Any], None]) -> None:
    """Call fn(event) at simulated time t_s (now, if t_s is past)."""
    w = Wake()
    w.callbacks = [fn]
    env.schedule(w, NORMAL, max(0.0, t_s - env.now))  # type: ignore[arg-type]


def every(env: simpy.Environment, period_s: float, end_s: float, fn: Callable[[], None]) -> None:
    """Call fn() every period_s from period_s on, up to end_s."""
    def again(_ev: object) -> None:
        fn()
        if env.now + period_s <= end_s + 1e-6:
            at(env, env.now + period_s, again)
    at(env, period_s, again)
