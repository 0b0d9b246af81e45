"""Streets closed for some hours of a date (network.closures): compiled for the router, checked for a branch.

A planner closes one direction of a street on one day ("干将路 eastbound, 4 October
10:00-18:00"). The engine has one mechanism for movements that are forbidden by
the hour, the turn bans (sim.engine.routing): a closure is compiled into that
same list as a ban on every movement into the link (`routing.closure`), in force
on its date only, so the routing tables, the links and snapshots need nothing
new. Here are the pieces the model needs and cannot hold itself (its module is
at the size limit): the compiled closures, the date at a moment (a picklable
callable for the ban clock), and the rule for a branch: a closure may be added or
removed at a branch moment only if all of it lies at or after that moment.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sim.engine.clock import DAY_S, day_of
from sim.engine.network import Network
from sim.engine.routing import TurnBan, closure
from sim.oldtown.rings import CATEGORY_BITS
from sim.scenario.schema import ClosureSection, Scenario, parse_hours

EVERY_CATEGORY = sum(CATEGORY_BITS.values())


def closure_bans(scenario: Scenario, net: Network) -> list[TurnBan]:
    """The scenario's timed closures on `net`, as bans for the router (ValueError naming the key of a missing link)."""
    bans = [closure(net, c.link, EVERY_CATEGORY, c.date, [parse_hours(h) for h in c.hours], f"network.closures[{i}]")
            for i, c in enumerate(scenario.network.closures)]
    return [b for b in bans if b is not None]


def bans_changed(old: Scenario, new: Scenario) -> bool:
    """Whether the router must be rebuilt for the turn bans or timed closures of `new`."""
    return (old.network.turn_bans, old.network.closures) != (new.network.turn_bans, new.network.closures)


class DateAt:
    """The scenario's date at t_s (held to the last day at the very end); a class so the model pickles."""

    def __init__(self, scenario: Scenario) -> None:
        self.dates = [d.date for d in scenario.days]

    def __call__(self, t_s: float) -> dt.date:
        return self.dates[day_of(t_s, len(self.dates))]


def _start_s(scenario: Scenario, c: ClosureSection) -> float:
    """When the closure first holds, seconds from the run's first midnight."""
    day = [d.date for d in scenario.days].index(c.date)
    return day * DAY_S + min(parse_hours(h)[0] for h in c.hours) * 3600.0


def branch_problem(old: Scenario, new: Scenario, t_s: float) -> str | None:
    """Why the closures cannot change at t_s, or None: every closure added or removed must start at or after t_s."""
    def key(c: ClosureSection) -> tuple[str, dt.date, tuple[str, ...]]:
        return c.link, c.date, tuple(c.hours)  # the note changes nothing the model does
    was, now = Counter(map(key, old.network.closures)), Counter(map(key, new.network.closures))
    changed = [(c, old, "removed") for c in old.network.closures if key(c) in was - now]
    changed += [(c, new, "added") for c in new.network.closures if key(c) in now - was]
    for c, scenario, what in changed:
        if _start_s(scenario, c) < t_s:
            return (f"network.closures: the closure of {c.link} on {c.date} {', '.join(c.hours)} is {what} at a moment after "
                    "it began; a branch may add or remove only closures that begin at or after its moment")
    return None
