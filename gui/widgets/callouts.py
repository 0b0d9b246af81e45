"""Call-outs: the differences that matter, said on screen as they happen.

Nothing here is scripted. Each call-out is read from the two runs' state as
the shared clock moves: a ring coming into force or lifting (the snapshot's
rings_in_force; the time is the rule's own boundary), a transfer centre
reaching its capacity (centre_fill) and where its cars go next (the scenario's
transfer_centres.X.overflow_to), and once an hour the old-town speed of both
runs from the recorder's speed series (and the highlighted ring's, when a
lesson points at one). Texts go through Qt's translation with arguments, so a
call-out reads the same in either language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication

from gui.widgets.map_key import centre_title, join_words, vehicle_class
from sim.engine.clock import DAY_S, hhmm

SPEED_FROM_H, SPEED_TO_H = 7, 20  # hourly speed call-outs in the hours the rings are about
SPEED_GAP_KMH = 0.5  # a smaller gap is noise between two runs, not a difference that matters
FULL_SHARE = 1.0
FREE_AGAIN_SHARE = 0.9  # a centre is "full" again only after it has emptied to 90 %


def clock_text(t_s: float) -> str:
    """HH:MM of t_s to the nearest second: a switch at 07:00 logged at 25199.9 s reads 07:00."""
    return hhmm(round(t_s))


@dataclass
class Callout:
    """One call-out; its text is made when shown, so a language switch re-says the ones already on screen."""

    t_s: float
    kind: str  # ring, centre, speed
    side: int | None  # 0, 1 or None (both)
    make: Callable[[], str]

    @property
    def text(self) -> str:
        return self.make()


@dataclass
class _SideState:
    rings: set[str] = field(default_factory=set)
    full: set[str] = field(default_factory=set)


def _hours_starts(hours: list[str]) -> list[int]:
    out = []
    for h in hours:
        for part in h.split("-"):
            hh, mm = part.split(":")
            out.append(int(hh) * 3600 + int(mm) * 60)
    return out


def _who(refuse: tuple[str, ...]) -> str:
    if {"nonlocal_car", "local_car"} <= set(refuse):
        return QCoreApplication.translate("Callouts", "all cars but residents' and workers'")
    return join_words([vehicle_class(c) for c in refuse])


class CalloutDetector:
    """Feed it both runs after every clock step; it returns the new call-outs.

    `labels` are the two runs' names in the current language (the owner renews them on a language change)."""

    def __init__(self, scenarios: list[Any], nets: list[Any], labels: list[str]) -> None:
        self.scenarios, self.nets, self.labels = scenarios, nets, labels
        self.state = [_SideState() for _ in scenarios]
        self.t_prev = 0.0
        self.speed_hour_done = -1
        self.highlight_ring: str | None = None
        self.primed = False

    def _side_name(self, sides: tuple[int, ...], n_runs: int) -> str:
        if len(sides) == n_runs > 1:
            return QCoreApplication.translate("Callouts", "Both")
        return self.labels[sides[0]]

    def step(self, t_s: float, runs: list[Any]) -> list[Callout]:
        out: list[Callout] = []
        rings: dict[tuple[str, str, float, tuple[str, ...]], list[int]] = {}  # (ring, closed/open, when, refused) -> sides
        for i, run in enumerate(runs):
            snap = run.snapshot
            if snap is None:
                continue
            st, scen = self.state[i], self.scenarios[i]
            now = set(snap.rings_in_force)
            if self.primed:
                for ring in sorted(now - st.rings):
                    refuse: list[str] = []
                    for rule in scen.rings[ring].rules if ring in scen.rings else []:
                        refuse += [c for c in rule.refuse if c not in refuse]
                    rings.setdefault((ring, "closed", self._boundary(ring, scen, t_s), tuple(refuse)), []).append(i)
                for ring in sorted(st.rings - now):
                    rings.setdefault((ring, "open", self._boundary(ring, scen, t_s), ()), []).append(i)
            st.rings = now
            for cid, (parked, spaces) in snap.centre_fill.items():
                if spaces <= 0:
                    continue
                if parked >= spaces * FULL_SHARE and cid not in st.full:
                    st.full.add(cid)
                    spec = scen.transfer_centres.get(cid)
                    out.append(Callout(t_s, "centre", i, self._centre_text(i, cid, spec.overflow_to if spec else None, t_s)))
                elif parked < spaces * FREE_AGAIN_SHARE:
                    st.full.discard(cid)
        for (ring, change, when, refuse), sides in rings.items():
            both = len(sides) == len(runs) > 1  # the same change in both runs: one call-out
            out.insert(0, Callout(when, "ring", None if both else sides[0], self._ring_text(tuple(sides), len(runs), ring, change, when, refuse)))
        out += self._speeds(t_s, runs)
        self.t_prev = t_s
        self.primed = True
        return out

    def _ring_text(self, sides: tuple[int, ...], n: int, ring: str, change: str, when: float, refuse: tuple[str, ...]) -> Callable[[], str]:
        def make() -> str:
            side = self._side_name(sides, n)
            if change == "closed":
                return QCoreApplication.translate("Callouts", "{side}: ring {ring} closed to {who} at {time}").format(
                    side=side, ring=ring, who=_who(refuse), time=clock_text(when))
            return QCoreApplication.translate("Callouts", "{side}: ring {ring} open to all cars again at {time}").format(
                side=side, ring=ring, time=clock_text(when))
        return make

    def _centre_text(self, i: int, cid: str, overflow: str | None, t_s: float) -> Callable[[], str]:
        net = self.nets[i]

        def make() -> str:
            if overflow:
                return QCoreApplication.translate("Callouts", "{side}: {centre} transfer centre full at {time}, overflow to {target}").format(
                    side=self.labels[i], centre=centre_title(cid, net), time=clock_text(t_s), target=centre_title(overflow, net))
            return QCoreApplication.translate("Callouts", "{side}: {centre} transfer centre full at {time}, no overflow centre").format(
                side=self.labels[i], centre=centre_title(cid, net), time=clock_text(t_s))
        return make

    def _boundary(self, ring: str, scen: Any, t_s: float) -> float:
        """The rule's own start or end time that the clock just passed (the step may be ten minutes long)."""
        day0 = t_s - t_s % DAY_S
        section = scen.rings.get(ring)
        starts = sorted({s for rule in (section.rules if section else []) for s in _hours_starts(list(rule.hours))})
        # a rule switching at 07:00 shows in the first snapshot after 07:00 (SimPy stops before events at `until`)
        passed = [day0 + s for s in starts if self.t_prev - 1e-6 <= day0 + s <= t_s]
        return passed[-1] if passed else t_s

    def _speeds(self, t_s: float, runs: list[Any]) -> list[Callout]:
        """Once an hour: the speed of the last hour in both runs, when they differ by at least SPEED_GAP_KMH."""
        hour = int(t_s // 3600)
        if hour <= self.speed_hour_done or not (SPEED_FROM_H <= hour % 24 <= SPEED_TO_H) or len(runs) != 2:
            return []
        self.speed_hour_done = hour
        out = []
        areas = ["old_town"]
        if self.highlight_ring and self.highlight_ring != "A":
            areas.append(self.highlight_ring)
        for area in areas:
            vals = [last_hour_speed(r, area) for r in runs]
            if all(np.isfinite(v) for v in vals) and abs(vals[0] - vals[1]) >= SPEED_GAP_KMH:
                out.append(Callout(t_s, "speed", None, self._speed_text(area, vals[0], vals[1], t_s)))
        return out

    @staticmethod
    def _speed_text(area: str, a: float, b: float, t_s: float) -> Callable[[], str]:
        def make() -> str:
            what = (QCoreApplication.translate("Callouts", "old-town speed") if area == "old_town"
                    else QCoreApplication.translate("Callouts", "ring {ring} speed").format(ring=area))
            return QCoreApplication.translate("Callouts", "{what} {a} vs {b} km/h ({time})").format(
                what=what, a=f"{a:.1f}", b=f"{b:.1f}", time=clock_text(t_s))
        return make


def last_hour_speed(run: Any, area: str = "old_town") -> float:
    """Mean of the last hour's bins (km/h); NaN when no car moved there."""
    n = run.bins_done
    per_h = max(1, 60 // run.bin_min)
    vals = run.speed_kmh[area][max(0, n - per_h):n]
    vals = vals[np.isfinite(vals)]
    return float(vals.mean()) if len(vals) else float("nan")
