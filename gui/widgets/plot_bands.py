"""The noise drawn on the plots: each side's mean and 95% interval over seeds, day by day.

A comparison over seeds (gui.runs.seed_compare) gives, for every aligned day,
each side's mean and interval. On the speed plot each day's old-town speed,
a space mean over 07:00-19:00, becomes a band across those hours (grey for the
reference, teal for this run); on the bar plots a whisker with a dot sits
beside each bar. Where two bands overlap, the day's difference may be noise.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication

from gui.runs.seed_compare import Interval, SeedResult, figure_by_key
from sim.interop.palette import CURRENT_BAR, REFERENCE_BAR

BAND_HOURS = (7.0, 19.0)  # the day figures' speeds are space means over these hours
REFERENCE_BAND = (120, 120, 120)


class SeedBands:
    """Bands on the speed plot and whiskers on the bar plots, made anew for each comparison."""

    def __init__(self, speed: pg.PlotItem, bars: dict[str, pg.PlotItem]) -> None:
        self.speed = speed
        self.bars = bars
        self.items: list[tuple[pg.PlotItem, pg.GraphicsObject]] = []

    def clear(self) -> None:
        for plot, item in self.items:
            plot.removeItem(item)
        self.items.clear()

    def _add(self, plot: pg.PlotItem, item: pg.GraphicsObject) -> None:
        plot.addItem(item)
        self.items.append((plot, item))

    def show(self, result: SeedResult | None, n_days: int) -> None:
        """Draw `result`'s bands over the first `n_days` days (None removes them)."""
        self.clear()
        if result is None or not result.seeds:
            return
        ref, run = result.day_bands(figure_by_key("old_town_speed"))
        n = min(n_days, len(ref))
        for i in range(n):
            for side, colour in ((ref, REFERENCE_BAND), (run, CURRENT_BAR)):
                self._speed_band(i, side[i], colour)
        for key, plot in self.bars.items():
            ref, run = result.day_bands(figure_by_key(key))
            x = np.arange(min(n_days, len(ref)), dtype=float)
            for offset, side, colour in ((-0.19, ref, REFERENCE_BAR), (0.19, run, CURRENT_BAR)):
                self._whiskers(plot, x + offset, side[: len(x)], colour)

    def _speed_band(self, day: int, iv: Interval, colour: tuple[int, int, int]) -> None:
        mean, lo, hi = iv
        if math.isnan(mean):
            return
        if math.isnan(lo):
            lo = hi = mean
        x = np.array(BAND_HOURS) + 24.0 * day
        low = pg.PlotDataItem(x, [lo, lo], pen=pg.mkPen(*colour, 200, width=1))
        high = pg.PlotDataItem(x, [hi, hi], pen=pg.mkPen(*colour, 200, width=1))
        fill = pg.FillBetweenItem(low, high, brush=pg.mkBrush(*colour, 70))
        centre = pg.PlotDataItem(x, [mean, mean], pen=pg.mkPen(*colour, width=2))
        for item in (low, high, fill, centre):
            item.setZValue(8)
            self._add(self.speed, item)

    def _whiskers(self, plot: pg.PlotItem, x: np.ndarray, side: list[Interval], colour: tuple[int, int, int]) -> None:
        means = np.array([m for m, _lo, _hi in side], dtype=float)
        lows = np.array([m if math.isnan(lo) else lo for m, lo, _hi in side], dtype=float)
        highs = np.array([m if math.isnan(hi) else hi for m, _lo, hi in side], dtype=float)
        edge = tuple(max(0, c - 70) for c in colour)
        bars = pg.ErrorBarItem(x=x, y=means, top=highs - means, bottom=means - lows, beam=0.12, pen=pg.mkPen(*edge, width=2))
        dots = pg.ScatterPlotItem(x=x, y=means, size=7, brush=pg.mkBrush(*colour), pen=pg.mkPen(*edge))
        for item in (bars, dots):
            item.setZValue(8)
            self._add(plot, item)


def legend_text(result: SeedResult) -> str:
    return QCoreApplication.translate("PlotPanel", "whiskers: 95% interval, {n} seeds").format(n=len(result.seeds))
