"""Closing one direction of a street for some hours of one day, chosen on the map.

The street menu of the map (gui.widgets.map_clicks) offers "Close for a time…":
this dialog asks for the direction (the two compass headings the menu names),
the day (one of the scenario's days: the schema refuses any other) and the
hours, and makes one undoable edit on the form's stack that appends a table to
network.closures, named in words: "Close 干将路 eastbound 10:00-18:00 on 4 Oct".
The engine keeps the link closed in that window only (sim.oldtown.closures).
It is its own module because the map's click handling is at the size limit,
and the words of a closure (its heading, its date) are shared with the map's
drawing of timed closures (gui.widgets.map_closed). Texts: "MapEdit" context.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTime
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QTimeEdit, QVBoxLayout, QWidget

translate = QCoreApplication.translate  # by this name, so lupdate still collects every text
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def heading(dx: float, dy: float) -> str:
    """A direction of travel in words, from a vector in metres (x east, y north)."""
    angle = math.degrees(math.atan2(dy, dx)) % 360.0
    names = [translate("MapEdit", "eastbound"), translate("MapEdit", "northbound"), translate("MapEdit", "westbound"),
             translate("MapEdit", "southbound")]
    return names[int(((angle + 45.0) % 360.0) // 90.0)]


def link_heading(net: Any, link_id: str) -> str:
    """The heading of a directed link of `net`, from its end junctions."""
    i = net.link_index[link_id]
    a, b = net.node_xy_m[net.link_from[i]], net.node_xy_m[net.link_to[i]]
    return heading(float(b[0] - a[0]), float(b[1] - a[1]))


def as_date(value: Any) -> dt.date | None:
    """A date of the form's data (a date, or ISO text being typed); None when it is not one (yet)."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def day_text(value: Any) -> str:
    """"4 Oct" (the Chinese view: "10月4日"); a value that is not a date is shown as it is."""
    date = as_date(value)
    if date is None:
        return str(value)
    return translate("MapEdit", "{day} {month_abbr}").format(day=date.day, month_abbr=MONTHS[date.month - 1], month=date.month)


def close_words(street: str, words: str, hours: str, date: Any) -> str:
    """The edit's name: "Close 干将路 eastbound 10:00-18:00 on 4 Oct"."""
    return translate("MapEdit", "Close {street} {heading} {hours} on {date}").format(street=street, heading=words, hours=hours,
                                                                                    date=day_text(date))


def reopen_words(street: str, words: str, hours: str, date: Any) -> str:
    """The name of removing a timed closure: "Reopen 干将路 eastbound 10:00-18:00 on 4 Oct"."""
    return translate("MapEdit", "Reopen {street} {heading} {hours} on {date}").format(street=street, heading=words, hours=hours,
                                                                                     date=day_text(date))


def _hhmm(t: QTime, end: bool) -> str:
    return "24:00" if end and t.hour() == 0 and t.minute() == 0 else f"{t.hour():02d}:{t.minute():02d}"


class ClosureDialog(QDialog):
    """Direction, day and hours of a timed closure of one street; OK appends it to network.closures as one edit."""

    def __init__(self, parent: QWidget | None, form: Any, street: str, directions: list[tuple[str, str]], days: list[dt.date],
                 segment: str = "") -> None:
        """`directions`: (link id, heading in words) of the street's directions; `days`: the scenario's dates."""
        super().__init__(parent)
        self.form, self.street = form, street
        self.setWindowTitle(translate("MapEdit", "Close {street} for a time").format(street=street))
        layout = QVBoxLayout(self)
        title = QLabel(f"<b>{street}</b>" + (f" ({segment})" if segment else ""))
        title.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(title)
        intro = QLabel(translate("MapEdit", "No vehicle turns into the street in the chosen direction during these hours; "
                                            "vehicles already on it drive off. Outside them it is open."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        rows = QFormLayout()
        self.direction = QComboBox()
        for lid, words in directions:
            self.direction.addItem(f"{words} ({lid})", (lid, words))
        rows.addRow(translate("MapEdit", "Direction"), self.direction)
        self.day = QComboBox()
        for d in days:
            self.day.addItem(f"{day_text(d)} {d.year} ({d.isoformat()})", d)
        rows.addRow(translate("MapEdit", "Day"), self.day)
        self.start = QTimeEdit(QTime(10, 0))
        self.end = QTimeEdit(QTime(18, 0))
        for edit in (self.start, self.end):
            edit.setDisplayFormat("HH:mm")
            edit.timeChanged.connect(self._check)
        self.end.setToolTip(translate("MapEdit", "00:00 here is midnight at the end of the day"))
        rows.addRow(translate("MapEdit", "From"), self.start)
        rows.addRow(translate("MapEdit", "To"), self.end)
        layout.addLayout(rows)
        self.problem = QLabel("")
        self.problem.setStyleSheet("color: #b71c1c;")
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._check()

    def hours(self) -> str:
        """The chosen window, "HH:MM-HH:MM"."""
        return f"{_hhmm(self.start.time(), False)}-{_hhmm(self.end.time(), True)}"

    def _check(self) -> None:
        start, end = self.hours().split("-")
        ok = start < end and self.day.count() > 0 and self.direction.count() > 0
        self.problem.setText("" if ok else translate("MapEdit", "The closure must end after it begins, on the same day."))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def choose(self, link_id: str, date: dt.date, start: str, end: str) -> None:
        """Set the dialog's fields as a planner would (tests, demonstrations)."""
        self.direction.setCurrentIndex(next(k for k in range(self.direction.count()) if self.direction.itemData(k)[0] == link_id))
        self.day.setCurrentIndex(next(k for k in range(self.day.count()) if self.day.itemData(k) == date))
        self.start.setTime(QTime.fromString(start, "HH:mm"))
        self.end.setTime(QTime(0, 0) if end == "24:00" else QTime.fromString(end, "HH:mm"))

    def accept(self) -> None:
        lid, words = self.direction.currentData()
        date, hours = self.day.currentData(), self.hours()
        closures = list(self.form.data["network"].get("closures", []))
        closures.append({"link": lid, "date": date, "hours": [hours], "note": f"{self.street} {words}"})
        self.form.edit(("network", "closures"), closures, close_words(self.street, words, hours, date))
        super().accept()


__all__ = ["ClosureDialog", "as_date", "close_words", "day_text", "heading", "link_heading", "reopen_words"]
