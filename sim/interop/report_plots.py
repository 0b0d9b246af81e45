"""The report's plots, drawn as inline SVG text.

A report must open on a decision maker's laptop with no Gusu, no Qt and no
network, so its plots cannot be the window's pyqtgraph widgets or a picture
fetched from anywhere: they are SVG written here, by hand, into the page. Two
kinds are enough for what the window shows: lines over simulated time (speeds,
centre occupancy, gate queues) with published figures drawn across them as
labelled horizontal lines, and bars per day (transfers, diverted cars) with
95% intervals as whiskers when there are several seeds. Colours come from
sim.interop.palette, the window's.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

from sim.interop.palette import RGB, css

WIDTH_PX, HEIGHT_PX = 760, 300
LEFT_PX, RIGHT_PX, TOP_PX, BOTTOM_PX = 64, 16, 52, 44  # plot area margins: room for axes, title and legend


@dataclass(frozen=True)
class Series:
    """One curve: y (None = no value, a gap) at each x."""

    name: str
    xs: Sequence[float]
    ys: Sequence[float | None]
    colour: RGB
    width_px: float = 1.5
    dashed: bool = False


@dataclass(frozen=True)
class HLine:
    """A published figure or a threshold across the plot, with its label written on it."""

    y: float
    label: str
    colour: RGB
    dashed: bool = True
    label_below: bool = False  # two lines close together: one label above its line, the other below its own


@dataclass(frozen=True)
class Bars:
    """One group of bars: a value per category, and optionally a 95% interval (low, high) per category."""

    name: str
    values: Sequence[float | None]
    colour: RGB
    intervals: Sequence[tuple[float, float] | None] = field(default_factory=tuple)


def nice_max(top: float) -> float:
    """A round number at or above `top` for the axis."""
    if top <= 0 or not math.isfinite(top):
        return 1.0
    step = 10 ** math.floor(math.log10(top))
    for mult in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if mult * step >= top:
            return mult * step
    return 10 * step


def _num(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 100 or v == int(v) else f"{v:g}"


class _Canvas:
    """The plot area's coordinates and the SVG elements drawn so far."""

    def __init__(self, title: str, y_label: str, x_label: str, x_range: tuple[float, float], y_max: float) -> None:
        self.x0, self.x1 = x_range
        self.y_max = y_max
        self.parts: list[str] = [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="plot" width="{WIDTH_PX}" height="{HEIGHT_PX}" '
            f'viewBox="0 0 {WIDTH_PX} {HEIGHT_PX}" role="img" aria-label="{escape(title)}">',
            f'<rect width="{WIDTH_PX}" height="{HEIGHT_PX}" fill="#ffffff"/>',
            f'<text x="{WIDTH_PX / 2}" y="16" text-anchor="middle" font-size="13" font-weight="bold">{escape(title)}</text>',
            f'<text x="14" y="{(TOP_PX + HEIGHT_PX - BOTTOM_PX) / 2}" font-size="11" text-anchor="middle" '
            f'transform="rotate(-90 14 {(TOP_PX + HEIGHT_PX - BOTTOM_PX) / 2})">{escape(y_label)}</text>',
            f'<text x="{(LEFT_PX + WIDTH_PX - RIGHT_PX) / 2}" y="{HEIGHT_PX - 6}" font-size="11" text-anchor="middle">{escape(x_label)}</text>',
        ]
        for i in range(6):  # y grid and ticks
            v = y_max * i / 5
            y = self.y(v)
            self.parts.append(f'<line x1="{LEFT_PX}" x2="{WIDTH_PX - RIGHT_PX}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e4e4e4"/>')
            self.parts.append(f'<text x="{LEFT_PX - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end">{_num(v)}</text>')
        self.parts.append(f'<rect x="{LEFT_PX}" y="{TOP_PX}" width="{WIDTH_PX - LEFT_PX - RIGHT_PX}" '
                          f'height="{HEIGHT_PX - TOP_PX - BOTTOM_PX}" fill="none" stroke="#888"/>')
        self.legend_x: float = LEFT_PX

    def x(self, v: float) -> float:
        span = (self.x1 - self.x0) or 1.0
        return LEFT_PX + (v - self.x0) / span * (WIDTH_PX - LEFT_PX - RIGHT_PX)

    def y(self, v: float) -> float:
        v = min(max(v, 0.0), self.y_max)
        return HEIGHT_PX - BOTTOM_PX - v / self.y_max * (HEIGHT_PX - TOP_PX - BOTTOM_PX)

    def x_ticks(self, ticks: Sequence[tuple[float, str]]) -> None:
        for v, label in ticks:
            x = self.x(v)
            self.parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP_PX}" y2="{HEIGHT_PX - BOTTOM_PX}" stroke="#f0f0f0"/>')
            self.parts.append(f'<text x="{x:.1f}" y="{HEIGHT_PX - BOTTOM_PX + 14}" font-size="10" text-anchor="middle">{escape(label)}</text>')

    def legend(self, name: str, colour: RGB, dashed: bool = False, box: bool = False) -> None:
        """Legend entries in a row under the title, wrapping to a second row."""
        width = 26 + 6.2 * len(name)
        if self.legend_x + width > WIDTH_PX - RIGHT_PX:
            self.legend_x = LEFT_PX + 1000  # no room: leave it out rather than overlap (the table names every figure)
            return
        y = 32
        if box:
            self.parts.append(f'<rect x="{self.legend_x}" y="{y - 5}" width="16" height="9" fill="{css(colour)}"/>')
        else:
            dash = ' stroke-dasharray="5 3"' if dashed else ""
            self.parts.append(f'<line x1="{self.legend_x}" x2="{self.legend_x + 16}" y1="{y}" y2="{y}" stroke="{css(colour)}" stroke-width="2.5"{dash}/>')
        self.parts.append(f'<text x="{self.legend_x + 20}" y="{y + 4}" font-size="10.5">{escape(name)}</text>')
        self.legend_x += width

    def hline(self, line: HLine, at: float) -> None:
        y = self.y(line.y)
        dash = ' stroke-dasharray="6 4"' if line.dashed else ' stroke-dasharray="2 3"'
        self.parts.append(f'<line x1="{LEFT_PX}" x2="{WIDTH_PX - RIGHT_PX}" y1="{y:.1f}" y2="{y:.1f}" stroke="{css(line.colour)}" stroke-width="2"{dash}/>')
        x = LEFT_PX + 6 + at * (WIDTH_PX - LEFT_PX - RIGHT_PX - 12)
        self.parts.append(f'<text x="{x:.1f}" y="{y + 13 if line.label_below else y - 4:.1f}" font-size="10.5" fill="{css(line.colour)}" '
                          f'stroke="#ffffff" stroke-width="3" paint-order="stroke">{escape(line.label)}</text>')

    def svg(self) -> str:
        return "\n".join(self.parts + ["</svg>"])


def line_chart(title: str, y_label: str, x_label: str, series: Sequence[Series], hlines: Sequence[HLine] = (),
               x_ticks: Sequence[tuple[float, str]] = (), y_max: float | None = None) -> str:
    """Curves over x; a value of None breaks the curve. The y axis starts at 0."""
    xs = [x for s in series for x in s.xs]
    top = max([y for s in series for y in s.ys if y is not None] + [h.y for h in hlines] + [0.0])
    canvas = _Canvas(title, y_label, x_label, (min(xs, default=0.0), max(xs, default=1.0)), y_max or nice_max(top * 1.08))
    canvas.x_ticks(x_ticks)
    for s in series:
        runs: list[list[str]] = [[]]
        for x, y in zip(s.xs, s.ys):
            if y is None or not math.isfinite(y):
                runs.append([])
            else:
                runs[-1].append(f"{canvas.x(x):.1f},{canvas.y(y):.1f}")
        dash = ' stroke-dasharray="5 3"' if s.dashed else ""
        for points in runs:
            if len(points) > 1:
                canvas.parts.append(f'<polyline fill="none" stroke="{css(s.colour)}" stroke-width="{s.width_px}"{dash} points="{" ".join(points)}"/>')
            elif points:
                px, py = points[0].split(",")
                canvas.parts.append(f'<circle cx="{px}" cy="{py}" r="2" fill="{css(s.colour)}"/>')
        canvas.legend(s.name, s.colour, s.dashed)
    for i, h in enumerate(hlines):
        canvas.hline(h, 0.02 + 0.45 * i)
    return canvas.svg()


def bar_chart(title: str, y_label: str, x_label: str, categories: Sequence[str], groups: Sequence[Bars],
              hlines: Sequence[HLine] = ()) -> str:
    """Bars per category, one bar per group side by side; whiskers for the intervals given."""
    tops = [v for g in groups for v in g.values if v is not None]
    tops += [hi for g in groups for iv in g.intervals if iv is not None for hi in iv[1:]]
    top = max(tops + [h.y for h in hlines] + [0.0])
    n = max(len(categories), 1)
    canvas = _Canvas(title, y_label, x_label, (-0.5, n - 0.5), nice_max(top * 1.08))
    canvas.x_ticks([(i, c) for i, c in enumerate(categories)])
    width = 0.8 / max(len(groups), 1)
    px_per_unit = (WIDTH_PX - LEFT_PX - RIGHT_PX) / n
    for g_index, group in enumerate(groups):
        for i, v in enumerate(group.values):
            if v is None:
                continue
            centre = i - 0.4 + width * (g_index + 0.5)
            left = canvas.x(centre - width / 2)
            y = canvas.y(v)
            canvas.parts.append(f'<rect x="{left:.1f}" y="{y:.1f}" width="{width * px_per_unit * 0.92:.1f}" '
                                f'height="{canvas.y(0) - y:.1f}" fill="{css(group.colour)}"><title>{escape(group.name)}: {_num(v)}</title></rect>')
            interval = group.intervals[i] if i < len(group.intervals) else None
            if interval is not None:
                cx = canvas.x(centre)
                lo, hi = canvas.y(interval[0]), canvas.y(interval[1])
                canvas.parts.append(f'<path d="M{cx - 4:.1f},{hi:.1f}h8M{cx:.1f},{hi:.1f}V{lo:.1f}M{cx - 4:.1f},{lo:.1f}h8" stroke="#000" fill="none"/>')
        canvas.legend(group.name, group.colour, box=True)
    for i, h in enumerate(hlines):
        canvas.hline(h, 0.02 + 0.45 * i)
    return canvas.svg()
