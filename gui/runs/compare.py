"""Comparing two runs: hold a finished run as the reference and see the next one beside it.

A trainer runs the week with the transfer centres, holds it, closes the
centres in the form and runs again: the plots then show both (the reference
dashed and in grey bars, gui.widgets.plots), and this module's table puts the week's
figures of both runs beside the published ones. Only runs of the same shape
(same days and bin) can be compared; a different calendar clears the reference.
"""

from __future__ import annotations

import html
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Signal

from gui.runs.run_data import RunData
from sim.runs.figures import PUBLISHED


def _speed(run: RunData | None) -> str:
    if run is None or not run.summary:
        return "-"
    vals = [d["old_town_speed_kmh"] for d in run.summary.get("daily", []) if d.get("old_town_speed_kmh") is not None]
    return f"{np.mean(vals):.1f}" if vals else "-"


def _count(run: RunData | None, key: str, peak: bool = False) -> str:
    if run is None or run.bins_done == 0:
        return "-"
    values = run.daily_values(key)
    return f"{values.max():,.0f}" if peak else f"{values.sum():,.0f}"


def rows(current: RunData | None, reference: RunData | None) -> list[tuple[str, str, str, str]]:
    """(figure, 2019 published, reference, this run) for the week."""
    p: dict[str, Any] = PUBLISHED.model_dump()
    return [
        (QCoreApplication.translate("Comparison", "transfers (persons)"),
         f"{p.get('transfers_week', 0):,}", _count(reference, "transfers"), _count(current, "transfers")),
        (QCoreApplication.translate("Comparison", "transfers, peak day"),
         f"{p.get('transfers_peak_day', 0):,}", _count(reference, "transfers", True), _count(current, "transfers", True)),
        (QCoreApplication.translate("Comparison", "diverted cars"),
         f"{p.get('diverted_cars_week', 0):,}", _count(reference, "diverted_cars"), _count(current, "diverted_cars")),
        (QCoreApplication.translate("Comparison", "diverted cars, peak day"),
         f"~{p.get('diverted_cars_peak_day', 0):,}", _count(reference, "diverted_cars", True), _count(current, "diverted_cars", True)),
        (QCoreApplication.translate("Comparison", "old-town km/h, 07-19"),
         f"{p.get('old_town_speed_kmh', '')}", _speed(reference), _speed(current)),
    ]


def table_html(current: RunData | None, reference: RunData | None) -> str:
    head = [QCoreApplication.translate("Comparison", "week"), "2019",
            QCoreApplication.translate("Comparison", "reference") if reference else "", QCoreApplication.translate("Comparison", "this run")]
    out = ["<table cellspacing='0' cellpadding='3' style='border-collapse:collapse'>",
           "<tr>" + "".join(f"<th align='left'>{html.escape(h)}</th>" for h in head) + "</tr>"]
    for r in rows(current, reference):
        out.append("<tr>" + "".join(f"<td align='{'left' if i == 0 else 'right'}'>{html.escape(c)}</td>" for i, c in enumerate(r)) + "</tr>")
    out.append("</table>")
    if reference is not None:
        out.append("<small>" + html.escape(QCoreApplication.translate("Comparison", "reference: {name}").format(name=reference.name)) + "</small>")
    return "".join(out)


class Comparison(QObject):
    """The reference run, if one is held."""

    reference_changed = Signal(object)  # RunData or None

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.reference: RunData | None = None

    def hold(self, run: RunData, label: str | None = None) -> None:
        if label:
            run.name = label
        self.reference = run
        self.reference_changed.emit(run)

    def clear(self) -> None:
        if self.reference is not None:
            self.reference = None
            self.reference_changed.emit(None)

    def fits(self, template: RunData) -> bool:
        """Whether the held run has the same days and bin as a run of `template`'s shape."""
        ref = self.reference
        return ref is not None and ref.dates == template.dates and ref.bin_min == template.bin_min
