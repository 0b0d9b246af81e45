"""Where the demonstration's two runs start: from one common state at the midnight of the day asked, or from empty roads.

A lesson that jumps to 4 October used to start both runs that morning with empty
roads: the cars parked since the 1st, the queues and the shuttles out were not
there. When a run of the left scenario (the planner's, or the demonstration's
own from the first day) has passed that midnight in this window, its state there
is kept (gui.runs.states), and both sides start from it: the left goes on as it
was, the right is changed to its own scenario at that moment by the path of a
what-if branch (RunJob.branch_from). Both start from byte-identical states and
diverge from there. When no such state is kept, or the right scenario differs
in a way a branch cannot take (a ring's refused vehicles, the demand...), both
start with empty roads on that day, as before, and the demonstration says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication

from gui.runs.states import STORE
from sim.engine.clock import DAY_S
from sim.scenario.loader import fingerprint

translate = QCoreApplication.translate  # by this name, so lupdate still collects every text


@dataclass
class StartPlan:
    """What each side runs and from where: the scenarios, the jobs' extra fields, the clock's start and the calendar shown."""

    scenarios: list[Any]
    extra: list[dict[str, Any]]
    t0_s: float = 0.0
    dates: list[dt.date] = field(default_factory=list)
    note: str = ""  # said under the plots when the start is not what a trainer might expect
    key: tuple[str, int] | None = None  # the left run's states are filed under this (None: they are not kept)


def state_key(scenario: Any, seed: int) -> tuple[str, int]:
    return fingerprint(scenario), int(seed)


def plan_start(full: list[Any], common: list[dt.date], start: dt.date | None, seed: int, empty: str = "") -> StartPlan:
    """Both sides from the kept state at `start`'s midnight if there is one (unless `empty` says why not), else cut calendars."""
    first = common[0]
    cut = [s.model_copy(update={"days": [d for d in s.days if first <= d.date <= common[-1]]}) for s in full]
    dates0 = [d.date for d in full[0].days]
    same_calendar = dates0 == [d.date for d in full[1].days]
    if start is None or first == dates0[0]:  # from the first day: the left run's midnights are worth keeping
        whole = cut[0] == full[0]
        return StartPlan(cut, [{"day_states": whole}, {}], 0.0, common, "", state_key(full[0], seed) if whole else None)
    ring = STORE.find(state_key(full[0], seed))
    t0 = dates0.index(first) * DAY_S if first in dates0 else 0.0
    state = ring.at(t0) if ring is not None and same_calendar else None
    if state is None or empty:
        note = empty or translate("DemoView", "Both runs started on {date} with empty roads: no run of the left scenario has passed "
                                              "that midnight in this window yet. Run it (or play the demonstration through it) and "
                                              "jump again to start from the state the day before left.").format(date=first.isoformat())
        return StartPlan(cut, [{}, {}], 0.0, common, note, None)
    extra = [{"start_state": state, "day_states": True},
             {"start_state": state, "branch_from": full[0], "branch_at_s": t0}]
    return StartPlan(list(full), extra, t0, dates0, "", state_key(full[0], seed))


def file_state(plan: StartPlan, side: int, t_s: float, state: bytes) -> None:
    """Keep the left run's midnights (when they are the whole calendar's): a later jump starts from them."""
    if side == 0 and plan.key is not None:
        STORE.ring(plan.key).add(t_s, state)
