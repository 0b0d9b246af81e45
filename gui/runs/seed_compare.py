"""An effect with its noise: the held reference and the edited scenario, each run over the same N seeds.

One run of each side says little: two seeds of the same 4 Oct scenario gave
old-town speeds of 23.12 and 23.36 km/h, so a run at 23.2 after an edit shows
no effect at all. Here both sides run over seeds s, s+1, ... s+N-1 on the local
process pool (sim.runs.experiments.run_many), and every figure gets its mean
and 95% interval per side; the difference and the percentage are taken seed by
seed (the same seed on both sides: a paired comparison) and get their own 95%
t interval. A difference whose interval holds 0 is "within the noise".

Days are aligned by position: day 1 of the reference with day 1 of the run,
whatever their dates, over the days both have.

The pool runs in a child process of its own, so the window never waits on it
and Cancel ends it at once: the child is ended, and its pool workers, which
watch their parent (sim.runs.experiments), exit within a fraction of a second.
"""

from __future__ import annotations

import math
import multiprocessing as mp
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from sim.runs.experiments import RunFailure, RunSpec, exit_with_parent, mean_ci95, run_many
from sim.runs.figures import DayFigures, RunSummary

POLL_MS = 100
WORKERS = 2  # the local pool: two slots leave the window a core on a small machine
DEFAULT_SEEDS = 5

Interval = tuple[float, float, float]  # mean, low, high (95%)


@dataclass(frozen=True)
class Figure:
    """A figure compared over seeds: how to read it from one day, and its unit."""

    key: str
    unit: str
    of_day: Callable[[DayFigures], float | None]
    digits: int


FIGURES = (
    Figure("old_town_speed", "km/h", lambda d: d.old_town_speed_kmh, 1),
    Figure("gusu_speed", "km/h", lambda d: d.gusu_speed_kmh, 1),
    Figure("transfers", "persons/day", lambda d: d.transfers, 0),
    Figure("diverted_cars", "cars/day", lambda d: d.diverted_cars, 0),
    Figure("nonlocal_share", "%", lambda d: None if d.nonlocal_share is None else 100.0 * d.nonlocal_share, 1),
)


@dataclass(frozen=True)
class FigureRow:
    """One figure of a seed comparison: each side's mean and interval, the paired difference and percentage."""

    figure: Figure
    reference: Interval
    run: Interval
    difference: Interval
    percent: Interval

    def within_noise(self) -> bool | None:
        """True when the difference's 95% interval holds 0; None when there is no interval (one seed)."""
        _m, lo, hi = self.difference
        if math.isnan(lo) or math.isnan(hi):
            return None
        return lo <= 0.0 <= hi


@dataclass
class SeedResult:
    """Both sides' summaries over the same seeds, in seed order (failed runs left out, and counted)."""

    reference_name: str
    run_name: str
    seeds: list[int]
    reference: list[RunSummary]
    run: list[RunSummary]
    failures: list[str]

    def aligned_days(self) -> int:
        """Days compared: day 1 with day 1, over the days both sides have."""
        if not self.reference or not self.run:
            return 0
        return min(len(self.reference[0].daily), len(self.run[0].daily))

    def dates(self) -> tuple[list[str], list[str]]:
        n = self.aligned_days()
        ref = [d.date for d in self.reference[0].daily[:n]] if self.reference else []
        run = [d.date for d in self.run[0].daily[:n]] if self.run else []
        return ref, run

    def _side_value(self, summ: RunSummary, figure: Figure) -> float:
        vals = [v for d in summ.daily[: self.aligned_days()] if (v := figure.of_day(d)) is not None]
        return float(sum(vals) / len(vals)) if vals else math.nan

    def rows(self) -> list[FigureRow]:
        """Each figure: the mean over the aligned days per seed, then over seeds."""
        pairs = list(zip(self.reference, self.run))  # paired by seed: both sides ran the same seeds
        out = []
        for fig in FIGURES:
            ref = [self._side_value(r, fig) for r, _ in pairs]
            run = [self._side_value(c, fig) for _, c in pairs]
            diff = [c - r for r, c in zip(ref, run)]
            pct = [100.0 * (c / r - 1.0) if r else math.nan for r, c in zip(ref, run)]
            out.append(FigureRow(fig, mean_ci95(ref), mean_ci95(run), mean_ci95(diff), mean_ci95(pct)))
        return out

    def day_bands(self, figure: Figure) -> tuple[list[Interval], list[Interval]]:
        """Per aligned day, each side's mean and 95% interval over seeds (for the plots' bands)."""
        n = self.aligned_days()
        ref = [mean_ci95([figure.of_day(s.daily[i]) for s in self.reference]) for i in range(n)]
        run = [mean_ci95([figure.of_day(s.daily[i]) for s in self.run]) for i in range(n)]
        return ref, run


def figure_by_key(key: str) -> Figure:
    return next(f for f in FIGURES if f.key == key)


def seeds_from(first: int, n: int) -> list[int]:
    return [first + i for i in range(max(1, n))]


def result_of(reference_name: str, run_name: str, seeds: Sequence[int], outcomes: Sequence[Any]) -> SeedResult:
    """Split the pool's outcomes (reference specs first, then the run's) into a result; a seed either side failed is dropped."""
    n = len(seeds)
    ref_out, run_out = outcomes[:n], outcomes[n:]
    failures = [str(o) for o in outcomes if isinstance(o, RunFailure)]
    kept = [(s, r, c) for s, r, c in zip(seeds, ref_out, run_out) if isinstance(r, RunSummary) and isinstance(c, RunSummary)]
    return SeedResult(reference_name, run_name, [s for s, _r, _c in kept], [r for _s, r, _c in kept], [c for _s, _r, c in kept], failures)


def pool_main(conn: Any, specs: list[RunSpec], workers: int) -> None:
    """In the child: run every spec on the pool, saying how far it got, then send the outcomes."""
    # the window gone, its comparison is worthless: this process exits, and its pool's workers after it
    threading.Thread(target=exit_with_parent, args=(os.getppid(),), daemon=True).start()
    try:
        outcomes = run_many(specs, workers=workers, progress=lambda done, total: conn.send(("progress", done, total)))
        conn.send(("done", outcomes))
    except Exception as exc:  # noqa: BLE001 - anything the pool raises is reported to the window, not lost
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


class SeedRunner(QObject):
    """Runs one seed comparison at a time off the GUI thread; `cancel` ends it at once."""

    progressed = Signal(int, int)  # runs done, runs in all
    comparison_finished = Signal(object)  # SeedResult
    comparison_failed = Signal(str)
    comparison_cancelled = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = mp.get_context("spawn")  # never fork a process that runs Qt
        self._proc: Any = None
        self._conn: Any = None
        self._names = ("", "")
        self._seeds: list[int] = []
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    def is_active(self) -> bool:
        return self._proc is not None

    def start(self, reference: list[RunSpec], run: list[RunSpec], names: tuple[str, str], workers: int = WORKERS) -> None:
        """Run both sides' specs (the same seeds, in the same order)."""
        if self._proc is not None:
            raise RuntimeError("a seed comparison is already running")
        parent_conn, child_conn = self._ctx.Pipe(duplex=False)
        # not a daemon: a daemon process may not start the pool's own processes
        proc = self._ctx.Process(target=pool_main, args=(child_conn, [*reference, *run], workers), name="gusu-seeds")
        proc.start()
        child_conn.close()
        self._proc, self._conn = proc, parent_conn
        self._names = names
        self._seeds = [s.seed for s in reference]
        self._timer.start()
        self.progressed.emit(0, len(reference) + len(run))

    def cancel(self) -> None:
        if self._proc is not None:
            self._end()
            self.comparison_cancelled.emit()

    def _end(self) -> None:
        self._timer.stop()
        if self._proc is not None and self._proc.is_alive():
            self._proc.terminate()
        if self._proc is not None:
            self._proc.join(1.0)
        if self._conn is not None:
            self._conn.close()
        self._proc = self._conn = None

    def _on_timer_timeout(self) -> None:
        if self._proc is None:
            return
        try:
            while self._conn is not None and self._conn.poll():
                msg = self._conn.recv()
                if msg[0] == "progress":
                    self.progressed.emit(msg[1], msg[2])
                elif msg[0] == "done":
                    self._end()
                    self.comparison_finished.emit(result_of(*self._names, self._seeds, msg[1]))
                    return
                else:
                    self._end()
                    self.comparison_failed.emit(msg[1])
                    return
        except (EOFError, OSError):
            code = self._proc.exitcode if self._proc is not None else None
            self._end()
            self.comparison_failed.emit(f"the comparison's process ended unexpectedly (exit code {code})")
