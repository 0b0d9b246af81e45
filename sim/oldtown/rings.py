"""The control rings: who may not cross a ring's gates, on which days and hours.

Suzhou's old town is protected by nested rings (facts C): A inside the moat,
B the north-east quarter, C the Zhuozhengyuan core, and D, a holiday ring
outside the moat to the north-west. Each ring has rules; a rule names the
vehicle categories it refuses, the exemptions (new-energy plates, residents'
and workers' permits), the day types and hours it is in force, and optionally
a trigger (an assumption: none was published) that switches it on only while
the ring is crowded, slow or its parking is full, with hysteresis.

Every rule is one bit. A vehicle carries the bits of the rules that would
refuse it; the controller keeps the bits of the rules in force now; their AND
says which rings the vehicle may not enter at this moment.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.engine.network import RING_IDS
from sim.oldtown.demand import BUS, COACH
from sim.scenario.schema import RuleSection, Scenario, parse_hours

CATEGORY_BITS = {"nonlocal_car": 1, "local_car": 2, "coach": 4, "bus": 8}
KIND_CAR, KIND_COACH, KIND_BUS = 0, 1, 2


def vehicle_category(cls: int, nonlocal_plate: bool) -> tuple[int, str]:
    """(kind, rule category) of a demand class: coaches and buses by class, cars by their plate."""
    if cls == COACH:
        return KIND_COACH, "coach"
    if cls == BUS:
        return KIND_BUS, "bus"
    return KIND_CAR, "nonlocal_car" if nonlocal_plate else "local_car"


@dataclass
class Rule:
    """One rule of one ring, compiled."""

    bit: int
    ring: str
    refuse_mask: int
    exempt_new_energy: bool
    exempt_permit: bool
    day_types: frozenset[str]
    windows_h: list[tuple[float, float]]
    trigger_metric: str | None
    trigger_on: float
    trigger_off: float
    latched: bool = False  # trigger state (True when the trigger has switched the rule on)

    def refuses(self, category: str, new_energy: bool, permits: frozenset[str]) -> bool:
        if not self.refuse_mask & CATEGORY_BITS[category]:
            return False
        if self.exempt_new_energy and new_energy:
            return False
        if self.exempt_permit and self.ring in permits:
            return False
        return True

    def in_hours(self, day_type: str, hour: float) -> bool:
        return day_type in self.day_types and any(a <= hour < b for a, b in self.windows_h)

    def update_trigger(self, value: float) -> None:
        """Hysteresis: switch on past `on`, off only once back past `off`."""
        if self.trigger_metric is None:
            return
        if self.trigger_metric == "speed_kmh":
            if value <= self.trigger_on:
                self.latched = True
            elif value >= self.trigger_off:
                self.latched = False
        else:
            if value >= self.trigger_on:
                self.latched = True
            elif value <= self.trigger_off:
                self.latched = False

    def in_force(self, day_type: str, hour: float) -> bool:
        if not self.in_hours(day_type, hour):
            return False
        return self.trigger_metric is None or self.latched


def _compile(bit: int, ring: str, rule: RuleSection) -> Rule:
    mask = 0
    for cat in rule.refuse:
        mask |= CATEGORY_BITS[cat]
    trig = rule.trigger
    return Rule(
        bit=bit,
        ring=ring,
        refuse_mask=mask,
        exempt_new_energy="new_energy" in rule.exempt,
        exempt_permit="permit" in rule.exempt,
        day_types=frozenset(rule.day_types),
        windows_h=[parse_hours(h) for h in rule.hours],
        trigger_metric=trig.metric if trig else None,
        trigger_on=trig.on if trig else 0.0,
        trigger_off=trig.off if trig else 0.0,
    )


class RingControl:
    """All rules of a scenario; the bits in force at the current time."""

    def __init__(self, scenario: Scenario) -> None:
        self.rules: list[Rule] = []
        for ring in RING_IDS:
            section = scenario.rings.get(ring)  # type: ignore[call-overload]
            if section is None or not section.enabled:
                continue
            for rule in section.rules:
                self.rules.append(_compile(len(self.rules), ring, rule))
        self.active_bits = 0
        self._ring_mask_cache: dict[int, int] = {}
        self._refuse_cache: dict[tuple[str, bool, frozenset[str]], int] = {}

    def refuse_bits(self, category: str, new_energy: bool, permits: frozenset[str]) -> int:
        """Bits of every rule that would refuse such a vehicle (whenever in force)."""
        key = (category, new_energy, permits)
        bits = self._refuse_cache.get(key)
        if bits is None:
            bits = 0
            for rule in self.rules:
                if rule.refuses(category, new_energy, permits):
                    bits |= 1 << rule.bit
            self._refuse_cache[key] = bits
        return bits

    def ring_mask(self, rule_bits: int) -> int:
        """Rule bits -> ring bits (bit i = RING_IDS[i])."""
        mask = self._ring_mask_cache.get(rule_bits)
        if mask is None:
            mask = 0
            for rule in self.rules:
                if rule_bits >> rule.bit & 1:
                    mask |= 1 << RING_IDS.index(rule.ring)
            self._ring_mask_cache[rule_bits] = mask
        return mask

    def evaluate(self, day_type: str, hour: float) -> bool:
        """Recompute the bits in force; True when they changed."""
        bits = 0
        for rule in self.rules:
            if rule.in_force(day_type, hour):
                bits |= 1 << rule.bit
        changed = bits != self.active_bits
        self.active_bits = bits
        return changed

    def rings_in_force(self) -> set[str]:
        return {r.ring for r in self.rules if self.active_bits >> r.bit & 1}
