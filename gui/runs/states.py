"""The model states a run sent on its way, kept within a memory budget: where a jump or a what-if starts.

A running model (sim.runs.session, RunJob(day_states=True, state_every_h=N))
sends its whole state at every midnight (DayState) and every N simulated hours
(StateAt). A week's midnights are about 50 MB and a state every 3 hours would be
over 400 MB, so each run keeps at most BUDGET_BYTES: beyond it the oldest state
that is not a midnight goes first, then the oldest midnight. A jump to a day
wants the midnight before it; a what-if wants the latest state at or before the
moment its change first takes effect, and runs on from there to that moment
under the original scenario (the same numbers as a state saved at the moment
itself: a restored run goes on byte for byte as the uninterrupted one).

States are filed by the run they belong to: the fingerprint of the scenario as
run and its seed (`StateStore`), so the side-by-side demonstration can start
from a state the planner's run of the same scenario left, and the other way round.
No Qt here: plain containers, tested on their own.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from sim.engine.clock import DAY_S

BUDGET_BYTES = 64 * 1024 * 1024  # per run (docs/what-if.md: a week's six midnights are about 50 MB)
EVERY_H = 3.0  # a state every this many simulated hours, besides the midnights
MAX_RUNS = 2  # runs whose states are kept at once: the current one and, say, the original of a what-if


@dataclass
class StateRing:
    """One run's states by simulated time, at most `budget` bytes of them."""

    budget: int = BUDGET_BYTES
    times: list[float] = field(default_factory=list)
    states: dict[float, bytes] = field(default_factory=dict)
    dropped: int = 0  # how many were let go to stay within the budget

    def nbytes(self) -> int:
        return sum(len(s) for s in self.states.values())

    def add(self, t_s: float, state: bytes) -> None:
        if t_s not in self.states:
            bisect.insort(self.times, t_s)
        self.states[t_s] = state
        while self.nbytes() > self.budget and len(self.times) > 1:
            hours = [t for t in self.times if t % DAY_S != 0.0 and t != t_s]
            oldest = hours[0] if hours else next(t for t in self.times if t != t_s)
            self.times.remove(oldest)
            del self.states[oldest]
            self.dropped += 1

    def at(self, t_s: float) -> bytes | None:
        return self.states.get(t_s)

    def latest_at_or_before(self, t_s: float) -> tuple[float, bytes] | None:
        i = bisect.bisect_right(self.times, t_s + 1e-6)
        if i == 0:
            return None
        t = self.times[i - 1]
        return t, self.states[t]


@dataclass
class StateStore:
    """Each run's ring, by (fingerprint of the scenario as run, seed); the least recently filed run goes first."""

    rings: dict[tuple[str, int], StateRing] = field(default_factory=dict)

    def ring(self, key: tuple[str, int], new: bool = False) -> StateRing:
        """The run's ring (a fresh one with `new`: the run starts again, its old states are another past's)."""
        if new or key not in self.rings:
            self.rings.pop(key, None)
            self.rings[key] = StateRing()
            while len(self.rings) > MAX_RUNS:
                del self.rings[next(iter(self.rings))]
        return self.rings[key]

    def find(self, key: tuple[str, int]) -> StateRing | None:
        return self.rings.get(key)


STORE = StateStore()  # one per window process: the planner's runs and the demonstration share it
