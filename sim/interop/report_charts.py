"""The window's plots, for a report: what each draws from a run folder.

The window shows five plots (gui/widgets/plots.py): speed per ring over
simulated time against the 20 km/h warning line and the published old-town
speed; transfers and diverted cars per day against the published figures;
transfer-centre occupancy; queues at the ring gates. A report draws the same
five with the same colours and words, from the folder's files: the 15-minute
series (timeseries.csv) of a single run, or, for replications, which keep no
series, the daily figures with their 95% intervals over the seeds.

The published lines are those of the run's own set (its kind of day): per-day
means on a plot per day, and the peak day only where the set has one. The
published speeds are labelled as what they are, the general 2019 figure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sim.interop.palette import CENTRE_COLOURS, CONGESTION_COLOUR, CURRENT_BAR, GUSU_COLOUR, OLD_TOWN_COLOUR, PUBLISHED_COLOUR, RING_COLOURS
from sim.interop.report_folders import RunFolder
from sim.interop.report_plots import Bars, HLine, Series, bar_chart, line_chart, nice_max
from sim.runs.experiments import mean_ci95
from sim.runs.figures import PublishedFigures

Text = Callable[[str], str]
RINGS = tuple(RING_COLOURS)
SECOND_BAR = (110, 110, 110)  # the other folder's bars in a comparison (the window draws a reference run grey)


def _float(text: str) -> float | None:
    return float(text) if text not in ("", "nan") else None


def set_title(p: PublishedFigures, t: Text) -> str:
    """The published set's title in the page's language (the figures module has it in English)."""
    return t(f"set_{p.key}") or p.title


def _time_ticks(dates: list[str], hours: float) -> list[tuple[float, str]]:
    """Midnight labelled with the date (MM-DD); within a day or two, every 3 hours too."""
    ticks: list[tuple[float, str]] = []
    step = 3 if hours <= 48 else 24
    for h in range(0, int(hours) + 1, step):
        day, hour = divmod(h, 24)
        if hour == 0 and day < len(dates):
            ticks.append((h, dates[day][5:]))
        elif hour:
            ticks.append((h, f"{hour:02d}:00"))
    return ticks


def speed_lines(p: PublishedFigures, t: Text) -> list[HLine]:
    lines = [HLine(p.congestion_line_kmh, t("congestion_line").format(v=f"{p.congestion_line_kmh:g}"), CONGESTION_COLOUR, dashed=True)]
    if p.old_town_speed_kmh is not None:
        lines.append(HLine(p.old_town_speed_kmh, t("published_speed").format(v=f"{p.old_town_speed_kmh:g}"), PUBLISHED_COLOUR,
                           dashed=False, label_below=p.old_town_speed_kmh < p.congestion_line_kmh))
    return lines


def queue_peak_veh(folder: RunFolder) -> float:
    """The longest gate queue in the folder's series (veh), so that A's and B's plots share one scale."""
    ts = folder.timeseries or {}
    return max((v for r in RINGS for v in map(_float, ts.get(f"gate_queue_{r}_veh", [])) if v is not None), default=0.0)


def _series_charts(folder: RunFolder, prefix: str, t: Text, queue_max_veh: float | None) -> list[str]:
    """Speeds, centre occupancy and gate queues over simulated time, from timeseries.csv."""
    ts = folder.timeseries or {}
    hours = [int(s) / 3600.0 for s in ts.get("t_end_s", [])]
    dates = [d.date for d in folder.first.daily]
    ticks = _time_ticks(dates, max(hours, default=24.0))
    time_axis = t("time_axis")
    speeds = [Series(t("ring").format(r=r), hours, [_float(v) for v in ts.get(f"speed_{r}_kmh", [])], RING_COLOURS[r]) for r in RINGS]
    speeds.append(Series(t("old_town"), hours, [_float(v) for v in ts.get("speed_old_town_kmh", [])], OLD_TOWN_COLOUR, width_px=2.5))
    out = [line_chart(prefix + t("speeds_title"), t("speed_axis"), time_axis, speeds, speed_lines(folder.first.published, t), ticks, y_max=45.0)]
    centres = (folder.resolved or {}).get("transfer_centres", {})
    occupancy = []
    for i, (cid, centre) in enumerate(centres.items()):
        spaces = max(1, int(centre.get("car_spaces", 1)))
        cars = [_float(v) for v in ts.get(f"centre_{cid}_cars", [])]
        occupancy.append(Series(str(centre.get("name", cid)), hours, [None if c is None else c * 100.0 / spaces for c in cars],
                                CENTRE_COLOURS[i % len(CENTRE_COLOURS)], width_px=1.8))
    if occupancy:
        out.append(line_chart(prefix + t("occupancy_title"), t("occupancy_axis"), time_axis, occupancy, (), ticks, y_max=125.0))
    queues = [Series(t("ring").format(r=r), hours, [_float(v) for v in ts.get(f"gate_queue_{r}_veh", [])], RING_COLOURS[r]) for r in RINGS]
    out.append(line_chart(prefix + t("queues_title"), t("queues_axis"), time_axis, queues, (), ticks, y_max=nice_max(queue_max_veh) if queue_max_veh else None))
    return out


def _daily_speed_chart(folder: RunFolder, prefix: str, t: Text) -> str:
    """Replications keep no series: speeds per day, mean over the seeds."""
    days = list(range(len(folder.first.daily)))
    series = []
    for key, name, colour, width in [(f"ring_{r}_speed_kmh", t("ring").format(r=r), RING_COLOURS[r], 1.5) for r in RINGS] + [
            ("old_town_speed_kmh", t("old_town"), OLD_TOWN_COLOUR, 2.5), ("gusu_speed_kmh", t("gusu"), GUSU_COLOUR, 1.5)]:
        means = [mean_ci95([getattr(r.daily[d], key) for r in folder.runs])[0] for d in days]
        series.append(Series(name, days, [None if m != m else m for m in means], colour, width_px=width))
    ticks = [(d, folder.first.daily[d].date[5:]) for d in days]
    return line_chart(prefix + t("daily_speeds_title"), t("speed_axis"), t("day_axis"), series, speed_lines(folder.first.published, t), ticks, y_max=45.0)


def _bars(folder: RunFolder, key: str, name: str, colour: tuple[int, int, int]) -> Bars:
    values, intervals = [], []
    for d in range(len(folder.first.daily)):
        mean, lo, hi = mean_ci95([getattr(r.daily[d], key) for r in folder.runs])
        values.append(mean)
        intervals.append(None if lo != lo else (lo, hi))
    return Bars(name, values, colour, intervals)


def _short(label: str, folder: RunFolder) -> str:
    name = folder.scenario_text("name") or folder.first.scenario.name
    return f"{label}: {name if len(name) <= 40 else name[:39] + '…'}"


def day_charts(folders: list[tuple[str, RunFolder]], t: Text) -> list[str]:
    """Transfers and diverted cars per day, every folder's bars side by side, against the first folder's published set."""
    first = folders[0][1]
    p = first.first.published
    dates = [d.date[5:] for d in first.first.daily]
    out = []
    for key, title, axis, mean, peak in (
            ("transfers", "transfers_title", "transfers_axis", p.transfers_daily_mean, p.transfers_peak_day),
            ("diverted_cars", "diverted_title", "diverted_axis", p.diverted_cars_daily_mean, p.diverted_cars_peak_day)):
        groups = [_bars(f, key, _short(label, f) if label else t("this_run"), CURRENT_BAR if i == 0 else SECOND_BAR)
                  for i, (label, f) in enumerate(folders)]
        lines = []
        if mean is not None:
            band = f" (±{p.band_pct:.0f}%)" if p.band_pct else ""
            lines.append(HLine(mean, t("published_mean").format(set=set_title(p, t), v=f"{mean:,}") + band, PUBLISHED_COLOUR, dashed=True))
        if peak is not None and len(first.first.daily) == p.days == 7:  # a peak day only means something against a whole week
            when = p.transfers_peak_date if key == "transfers" and p.transfers_peak_date else ""
            lines.append(HLine(peak, t("published_peak").format(v=f"{peak:,}", date=when).replace(" ()", "").replace("（）", ""),
                               PUBLISHED_COLOUR, dashed=False))
        out.append(bar_chart(t(title), t(axis), t("day_axis") + f" ({dt.date.fromisoformat(first.first.daily[0].date).year})", dates, groups, lines))
    return out


def charts(folder: RunFolder, label: str, t: Text, queue_max_veh: float | None = None) -> list[str]:
    """One folder's plots over time (its label, A or B, leads each title in a comparison); `queue_max_veh`
    gives the gate queues a scale shared with the other folder's."""
    prefix = f"{label}: " if label else ""
    if folder.timeseries is not None:
        return _series_charts(folder, prefix, t, queue_max_veh)
    return [_daily_speed_chart(folder, prefix, t)]
