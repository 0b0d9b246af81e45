"""One run as the window holds it: growing numpy buffers the plots slice, and the latest state.

The model streams updates (sim.runs.session.Update) with the bins finished
since the last one; they land here in buffers sized for the whole run, so a
plot only ever calls `setData` on a slice `[:bins_done]` and never copies or
re-allocates. A finished run is kept as it is to be the reference of the next
(gui.runs.compare). Qt-free, so the tests and the benchmark read it directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from sim.engine.network import RING_IDS
from sim.runs.build import scenario_network
from sim.runs.figures import RunSummary

SPEED_AREAS = ("old_town", "gusu") + RING_IDS


@dataclass
class RunData:
    """The buffers of one run, with its name and dates."""

    name: str
    dates: list[str]
    bin_min: int
    centre_ids: list[str]
    centre_spaces: dict[str, int]
    n_links: int
    bins_done: int = 0
    snapshot: Any = None
    daily: list[dict[str, float]] = field(default_factory=list)
    link_speed_kmh: np.ndarray | None = None
    link_load: np.ndarray | None = None
    summary: RunSummary | None = None  # once finished
    out_dir: Path | None = None
    state: str = "ready"  # ready, running, paused, finished, stopped, failed
    progress: float = 0.0  # 0-1, simulated time over the run's length

    def __post_init__(self) -> None:
        self.n_bins = len(self.dates) * 24 * 60 // self.bin_min
        nb = self.n_bins
        self.t_h = (np.arange(nb) + 1) * self.bin_min / 60.0  # bin ends, hours from the first midnight
        self.speed_kmh = {a: np.full(nb, np.nan) for a in SPEED_AREAS}
        self.gate_queue_veh = {r: np.zeros(nb) for r in RING_IDS}
        self.centre_cars = {c: np.zeros(nb) for c in self.centre_ids}
        self.centre_queue_persons = {c: np.zeros(nb) for c in self.centre_ids}
        self.rings_bits = np.zeros(nb, dtype=np.int64)

    @classmethod
    def for_scenario(cls, scenario: Any, name: str, n_links: int) -> RunData:
        return cls(
            name=name,
            dates=[d.date.isoformat() for d in scenario.days],
            bin_min=scenario.run.bin_min,
            centre_ids=list(scenario.transfer_centres),
            centre_spaces={cid: c.car_spaces for cid, c in scenario.transfer_centres.items()},
            n_links=n_links,
        )

    def shape(self) -> tuple[list[str], int, list[str]]:
        """Days, bin (min) and transfer centres: runs of one shape share the plots' axes and can be compared."""
        return self.dates, self.bin_min, self.centre_ids

    def fits(self, scenario: Any) -> bool:
        """True when `scenario` makes runs of this shape."""
        return self.shape() == ([d.date.isoformat() for d in scenario.days], scenario.run.bin_min, list(scenario.transfer_centres))

    def apply(self, up: Any) -> None:
        """Copy an update's new bins into the buffers."""
        b0, b1 = up.b0, min(up.b1, self.n_bins)
        if b1 > b0:
            n = b1 - b0
            for a, arr in up.speed_kmh.items():
                if a in self.speed_kmh:
                    self.speed_kmh[a][b0:b1] = arr[:n]
            for r, arr in up.gate_queue_veh.items():
                self.gate_queue_veh[r][b0:b1] = arr[:n]
            for c, arr in up.centre_cars.items():
                if c in self.centre_cars:
                    self.centre_cars[c][b0:b1] = arr[:n]
            for c, arr in up.centre_queue_persons.items():
                if c in self.centre_queue_persons:
                    self.centre_queue_persons[c][b0:b1] = arr[:n]
            self.rings_bits[b0:b1] = up.rings_bits[:n]
        self.bins_done = max(self.bins_done, b1)
        self.snapshot = up.snapshot
        self.daily = up.daily
        if up.link_speed_kmh is not None:
            self.link_speed_kmh = up.link_speed_kmh
            self.link_load = up.link_load
        if up.end_s > 0:
            self.progress = min(1.0, up.snapshot.t_s / up.end_s)

    # ---- what the plots read ----------------------------------------------

    def daily_values(self, key: str) -> np.ndarray:
        """A per-day counter (transfers, diverted_cars, ...) for every day of the run; zeros before a day starts."""
        out = np.zeros(len(self.dates))
        for i, d in enumerate(self.daily[: len(self.dates)]):
            out[i] = float(d.get(key, 0.0))
        return out

    def days_started(self) -> int:
        if self.snapshot is None:
            return 0
        return min(len(self.dates), int(self.snapshot.day) + 1)

    def week_total(self, key: str) -> float:
        return float(self.daily_values(key).sum())

    def today(self, key: str) -> float:
        """A per-day counter for the day the run is on (0 before it starts)."""
        day = int(self.snapshot.day) if self.snapshot is not None else 0
        return float(self.daily[day].get(key, 0.0)) if day < len(self.daily) else 0.0

    def centre_cars_total(self) -> np.ndarray:
        """Cars parked at all transfer centres together, per bin."""
        total = np.zeros(self.n_bins)
        for arr in self.centre_cars.values():
            total += arr
        return total

    def centre_occupancy_pct(self, cid: str) -> np.ndarray:
        spaces = max(1, self.centre_spaces.get(cid, 1))
        return self.centre_cars[cid] * (100.0 / spaces)


def build_network(scenario: Any, base_dir: Path) -> Any:
    """The scenario's network as the model drives it: the base file with its closures, one-way links and works."""
    return scenario_network(scenario, base_dir)
