"""Comparing runs: a run beside the figures published for its kind of day, beside a held reference, and over seeds.

Each run is set against its own published set (sim.runs.figures.reference_for):
a workday against the general 2019 speeds and the 13% non-local share, with
no transfer or diversion figure at all; the National Day week against the
week's figures; the 2018 week against its derived figures, ±25%. A day, or a
run that has not covered the whole week, is compared per day (daily means),
never with a week total.

A trainer runs the week with the transfer centres, holds it, closes the
centres in the form and runs again: the plots then show both, and these tables
put both beside the published figures. A held reference is kept whatever is
edited or opened next; runs of different dates are aligned day by day (day 1
with day 1) and the table names both dates. Over seeds (gui.runs.seed_compare),
every figure gets its 95% interval and a difference inside the noise says so.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from gui.i18n import short_date
from gui.runs.run_data import RunData
from gui.runs.seed_compare import FigureRow, Interval, SeedResult
from sim.runs.figures import PublishedFigures, RunSummary, reference_for

NONE_PUBLISHED = "—"


translate = QCoreApplication.translate  # by this name, so lupdate collects every text


def set_title(p: PublishedFigures) -> str:
    """The set's title in the current language (sim.runs.figures writes it in English)."""
    return {"national_day_2019": translate("Comparison", "National Day week 2019 (1-7 Oct), press conference"),
            "workday_2019": translate("Comparison", "a normal 2019 workday, press conference"),
            "national_day_2018": translate("Comparison", "National Day week 2018, derived from the 2019 rises (±25%)"),
            }.get(p.key, p.title)


def set_short(p: PublishedFigures) -> str:
    """A few words for a line's label: which published set a number belongs to."""
    return {"national_day_2019": translate("Comparison", "2019 National Day"), "workday_2019": translate("Comparison", "2019 workday"),
            "national_day_2018": translate("Comparison", "2018 National Day, derived")}.get(p.key, p.key)


def published_for(scenario: Any) -> PublishedFigures:
    """The set a scenario is compared with: the one it declares (`compare_with`), else the one that fits its days."""
    return reference_for(scenario.compare_with, [d.day_type for d in scenario.days])


def summary_of(run: RunData | None) -> RunSummary | None:
    """A finished run's summary (None while it runs)."""
    return None if run is None else run.summary


def whole_week(run: RunData | None) -> bool:
    return run is not None and len(run.dates) == 7 and run.state == "finished"


def week_mode(published: PublishedFigures, current: RunData | None, reference: RunData | None) -> bool:
    """Week totals only for a finished 7-day run against a week's set (and a reference that is one too)."""
    return (published.days == 7 and published.transfers_week is not None and whole_week(current)
            and (reference is None or whole_week(reference)))


def fmt(value: float | None, digits: int = 0) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:,.{digits}f}"


def _days(run: RunData) -> int:
    return len(run.dates) if run.state == "finished" else max(1, run.days_started())


def _count(run: RunData | None, key: str, how: str) -> str:
    if run is None or run.bins_done == 0:
        return "–"
    values = run.daily_values(key)[: _days(run)]
    return fmt({"sum": values.sum(), "max": values.max(), "mean": values.mean()}[how])


def _mean_of_days(run: RunData | None, of_day: Any, scale: float = 1.0, digits: int = 1) -> str:
    summ = summary_of(run)
    if summ is None:
        return "–"
    value = summ.daily_mean(of_day)
    return fmt(value * scale, digits)


def _pub(value: float | None, p: PublishedFigures, digits: int = 0, prefix: str = "") -> str:
    if value is None:
        return NONE_PUBLISHED + translate("Comparison", ", none published")
    band = f" ±{p.band_pct:g}%" if p.band_pct else ""
    return f"{prefix}{value:,.{digits}f}{band}"


def rows(current: RunData | None, reference: RunData | None, published: PublishedFigures) -> list[tuple[str, str, str, str]]:
    """(figure with its unit, published, reference, this run): week totals only in week mode, else per day."""
    p = published
    out: list[tuple[str, str, str, str]] = []
    if week_mode(p, current, reference):
        out += [
            (translate("Comparison", "transfers, week (persons)"), _pub(p.transfers_week, p), _count(reference, "transfers", "sum"),
             _count(current, "transfers", "sum")),
            (translate("Comparison", "diverted cars, week (cars)"), _pub(p.diverted_cars_week, p), _count(reference, "diverted_cars", "sum"),
             _count(current, "diverted_cars", "sum")),
        ]
    peak = f" ({short_date(dt.date.fromisoformat(p.transfers_peak_date))})" if p.transfers_peak_date else ""
    out += [
        (translate("Comparison", "transfers per day, mean (persons/day)"), _pub(p.transfers_daily_mean, p), _count(reference, "transfers", "mean"),
         _count(current, "transfers", "mean")),
        (translate("Comparison", "transfers, busiest day (persons)"), _pub(p.transfers_peak_day, p) + (peak if p.transfers_peak_day else ""),
         _count(reference, "transfers", "max"), _count(current, "transfers", "max")),
        (translate("Comparison", "diverted cars per day, mean (cars/day)"), _pub(p.diverted_cars_daily_mean, p), _count(reference, "diverted_cars", "mean"),
         _count(current, "diverted_cars", "mean")),
        (translate("Comparison", "diverted cars, busiest day (cars)"), _pub(p.diverted_cars_peak_day, p, prefix="~"), _count(reference, "diverted_cars", "max"),
         _count(current, "diverted_cars", "max")),
        (translate("Comparison", "old-town speed 07-19 (km/h), general 2019"), _pub(p.old_town_speed_kmh, p, 1),
         _mean_of_days(reference, lambda d: d.old_town_speed_kmh), _mean_of_days(current, lambda d: d.old_town_speed_kmh)),
        (translate("Comparison", "Gusu speed 07-19 (km/h), general 2019"), _pub(p.gusu_speed_kmh, p, 1),
         _mean_of_days(reference, lambda d: d.gusu_speed_kmh), _mean_of_days(current, lambda d: d.gusu_speed_kmh)),
        (translate("Comparison", "non-local share (%)"), _pub(None if p.nonlocal_share is None else 100 * p.nonlocal_share, p),
         _mean_of_days(reference, lambda d: d.nonlocal_share, 100.0, 0), _mean_of_days(current, lambda d: d.nonlocal_share, 100.0, 0)),
    ]
    return out


def source_tooltip(p: PublishedFigures) -> str:
    """Where each published number comes from (the facts file's sections A and B)."""
    return "\n".join([
        translate("Comparison", "Published figures: {title}").format(title=set_title(p)),
        translate("Comparison", "Source: {source}").format(source=p.source),
        translate("Comparison", "Speeds: {source}").format(source=p.speeds_source),
        translate("Comparison", "Non-local share: {source}").format(source=p.nonlocal_share_source),
        translate("Comparison", "A day or a partial run is compared per day (daily means), never with a week total."),
    ])


def _dates_label(run: RunData) -> str:
    first, last = dt.date.fromisoformat(run.dates[0]), dt.date.fromisoformat(run.dates[-1])
    return short_date(first) if first == last else f"{short_date(first)}–{short_date(last)}"


def _cell(text: str, left: bool = False, bold: bool = False) -> str:
    body = f"<b>{html.escape(text)}</b>" if bold else html.escape(text)
    return f"<td align='{'left' if left else 'right'}'>{body}</td>"


def table_html(current: RunData | None, reference: RunData | None, published: PublishedFigures) -> str:
    """The figures as rich text, narrow enough for the dock: a figure's name on a line of its own, its numbers below."""
    week = week_mode(published, current, reference)
    mode = translate("Comparison", "week totals and per day (7 days)") if week else translate("Comparison", "per day (daily means)")
    title = translate("Comparison", "Published: {title}").format(title=set_title(published))
    out = [f"<small>{html.escape(title)}<br>{html.escape(mode)}</small>",
           "<table cellspacing='0' cellpadding='2' width='100%'>"]
    head = [translate("Comparison", "published"), translate("Comparison", "reference") if reference is not None else "", translate("Comparison", "this run")]
    out.append("<tr><td></td>" + "".join(_cell(h, bold=True) for h in head) + "</tr>")
    for name, pub, ref, cur in rows(current, reference, published):
        out.append(f"<tr><td colspan='4'><i>{html.escape(name)}</i></td></tr>")
        out.append("<tr><td></td>" + _cell(pub) + _cell(ref if reference is not None else "") + _cell(cur) + "</tr>")
    out.append("</table>")
    if reference is not None:
        out.append("<small>" + html.escape(translate("Comparison", "reference: {name}").format(name=reference.name)) + "</small>")
        out.append(_alignment_note(reference, current))
        ref_pub = summary_of(reference)
        if ref_pub is not None and ref_pub.published.key != published.key:
            out.append("<br><small>" + html.escape(translate("Comparison", "the reference's own published set: {title}").format(
                title=set_title(ref_pub.published))) + "</small>")
    return "".join(out)


def _alignment_note(reference: RunData, current: RunData | None) -> str:
    if current is None or reference.dates == current.dates:
        return ""
    return "<br><small>" + html.escape(translate("Comparison", "aligned day by day: reference {ref}, this run {run}").format(
        ref=_dates_label(reference), run=_dates_label(current))) + "</small>"


# ---- over seeds -----------------------------------------------------------

def _units() -> dict[str, str]:
    return {"km/h": translate("Comparison", "km/h"), "persons/day": translate("Comparison", "persons/day"),
            "cars/day": translate("Comparison", "cars/day"), "%": "%"}


def _names() -> dict[str, str]:
    return {"old_town_speed": translate("Comparison", "old-town speed 07-19"), "gusu_speed": translate("Comparison", "Gusu speed 07-19"),
            "transfers": translate("Comparison", "transfers per day"), "diverted_cars": translate("Comparison", "diverted cars per day"),
            "nonlocal_share": translate("Comparison", "non-local share")}


def _published_value(key: str, p: PublishedFigures) -> float | None:
    return {"old_town_speed": p.old_town_speed_kmh, "gusu_speed": p.gusu_speed_kmh, "transfers": p.transfers_daily_mean,
            "diverted_cars": p.diverted_cars_daily_mean,
            "nonlocal_share": None if p.nonlocal_share is None else 100 * p.nonlocal_share}[key]


def interval_text(iv: Interval, digits: int, signed: bool = False) -> str:
    """'23.4 [23.1, 23.7]': the mean and its 95% interval."""
    mean, lo, hi = iv
    sign = "+" if signed else ""
    if math.isnan(mean):
        return "–"
    if math.isnan(lo):
        return f"{mean:{sign},.{digits}f} " + translate("Comparison", "(no interval: 1 seed)")
    return f"{mean:{sign},.{digits}f} [{lo:{sign},.{digits}f}, {hi:{sign},.{digits}f}]"


def verdict(row: FigureRow) -> str:
    within = row.within_noise()
    if within is None:
        return ""
    return translate("Comparison", "within the noise") if within else translate("Comparison", "beyond the noise")


def seed_table_html(result: SeedResult, published: PublishedFigures) -> str:
    """Reference, this run, difference and change for each figure, each with its 95% interval."""
    ref_dates, run_dates = result.dates()
    n = len(result.seeds)
    out = ["<b>" + html.escape(translate("Comparison", "Over {n} seeds ({first}–{last}), 95% intervals").format(
        n=n, first=result.seeds[0] if n else "–", last=result.seeds[-1] if n else "–")) + "</b><br><small>"
           + html.escape(translate("Comparison", "reference: {name}").format(name=result.reference_name)) + "<br>"
           + html.escape(translate("Comparison", "this run: {name}").format(name=result.run_name)) + "<br>"
           + html.escape(translate("Comparison", "difference and change: this run minus reference, paired by seed (the same seeds on both sides), t interval"))]
    if ref_dates != run_dates and ref_dates:
        out.append("<br>" + html.escape(translate("Comparison", "aligned day by day: reference {ref}, this run {run}").format(
            ref=", ".join(short_date(dt.date.fromisoformat(d)) for d in ref_dates),
            run=", ".join(short_date(dt.date.fromisoformat(d)) for d in run_dates))))
    if result.failures:
        out.append("<br>" + html.escape(translate("Comparison", "{n} run(s) failed and were left out: {why}").format(
            n=len(result.failures), why=result.failures[0])))
    out.append("</small><table cellspacing='0' cellpadding='2' width='100%'>")
    names, units = _names(), _units()
    for row in result.rows():
        f = row.figure
        pub = _published_value(f.key, published)
        pub_text = _pub(pub, published, f.digits if f.key.endswith("speed") else 0)
        out.append(f"<tr><td colspan='2'><i>{html.escape(names[f.key])} ({html.escape(units[f.unit])})</i></td></tr>")
        for label, text in ((translate("Comparison", "published"), pub_text),
                            (translate("Comparison", "reference"), interval_text(row.reference, f.digits)),
                            (translate("Comparison", "this run"), interval_text(row.run, f.digits)),
                            (translate("Comparison", "difference"), interval_text(row.difference, f.digits, signed=True)),
                            (translate("Comparison", "change"), interval_text(row.percent, 1, signed=True) + " %")):
            out.append("<tr>" + _cell(label, left=True) + _cell(text) + "</tr>")
        word = verdict(row)
        if word:
            colour = "#777" if row.within_noise() else "#00796b"
            out.append(f"<tr><td></td><td align='right' style='color:{colour}'><b>{html.escape(word)}</b></td></tr>")
    out.append("</table>")
    return "".join(out)


class Comparison(QObject):
    """The held reference: its run, the scenario it ran (for runs over seeds), and the latest seed comparison."""

    reference_changed = Signal(object)  # RunData or None

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.reference: RunData | None = None
        self.scenario: Any = None  # the Scenario the reference ran, edits included
        self.base_dir: Any = None  # the folder its network file is relative to
        self.seed_result: SeedResult | None = None

    def hold(self, run: RunData, label: str | None = None, scenario: Any = None, base_dir: Any = None) -> None:
        if label:
            run.name = label
        self.reference, self.scenario, self.base_dir, self.seed_result = run, scenario, base_dir, None
        self.reference_changed.emit(run)

    def show_seeds(self, result: SeedResult) -> None:
        """A comparison over seeds came back: the views redraw as for a new reference."""
        self.seed_result = result
        self.reference_changed.emit(self.reference)

    def clear(self) -> None:
        if self.reference is not None:
            self.reference = self.scenario = self.base_dir = self.seed_result = None
            self.reference_changed.emit(None)

    def fits(self, template: RunData) -> bool:
        """Whether the held run has the same days and bin as a run of `template`'s shape."""
        ref = self.reference
        return ref is not None and ref.dates == template.dates and ref.bin_min == template.bin_min
