"""Where a what-if starts: the first moment its change takes effect, and the kept state to run it from.

A planner asks "what if from here": the scenario as edited, from a moment on.
Most changes (a centre's spaces, a fleet, a closed street) take effect at that
moment. A change to a ring rule's hours or day types takes effect only when the
old and the new rule first disagree on whether the rule is in force: until
then both worlds are the same, so the branch may start later (and cost less).
The rule, in docs/what-if.md: the first moment at or after the chosen one at
which any changed rule's old and new hours or day types differ; the chosen
moment itself for any other change or when they never differ.

The branch then starts from the latest kept state at or before that moment
(gui.runs.states), runs on under the original scenario to it and changes
there, in the model process (sim.runs.session: RunJob.branch_from and
branch_at_s), by the path of every branch (sim.runs.snapshot.live_change).
No Qt here.
"""

from __future__ import annotations

import re
from typing import Any

from sim.engine.clock import DAY_S
from sim.runs.snapshot import changed_keys, resolved_of
from sim.scenario.schema import parse_hours

RULES_KEY = re.compile(r"^rings\.([A-D])\.rules$")  # lists are compared whole (sim.runs.snapshot.changed_keys)
TIMING = {"hours", "day_types"}


def _in_force(rule: Any, day_type: str, hour: float) -> bool:
    if day_type not in rule.day_types:
        return False
    for text in rule.hours:
        a, b = parse_hours(text)
        if a <= hour < b:
            return True
    return False


def _edges(rule: Any) -> list[float]:
    return sorted({h for text in rule.hours for h in parse_hours(text)})


def first_effect_s(old: Any, new: Any, moment_s: float) -> float:
    """The first moment at or after `moment_s` at which the change from scenario `old` to `new` takes effect."""
    keys = [k for k in changed_keys(resolved_of(old), resolved_of(new)) if k not in ("name", "description")]
    pairs = []
    for key in keys:
        m = RULES_KEY.match(key)
        if m is None:
            return moment_s
        olds, news = old.rings[m.group(1)].rules, new.rings[m.group(1)].rules
        if len(olds) != len(news):
            return moment_s
        for a, b in zip(olds, news):
            if a.model_dump(exclude=TIMING) != b.model_dump(exclude=TIMING):
                return moment_s  # more than the timing of a rule changed
            if a != b:
                pairs.append((a, b))
    if not pairs:
        return moment_s
    first_day = int(moment_s // DAY_S)
    for day in range(first_day, len(old.days)):
        day_type = old.days[day].day_type
        hours = sorted({0.0, *(h for a, b in pairs for h in _edges(a) + _edges(b) if h < 24.0)})
        for h in hours:
            t = day * DAY_S + h * 3600.0
            if day == first_day and t < moment_s:
                h, t = (moment_s - day * DAY_S) / 3600.0, moment_s
            if any(_in_force(a, day_type, h) != _in_force(b, day_type, h) for a, b in pairs):
                return t
    return moment_s
