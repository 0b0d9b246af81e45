"""Dates and hours picked, not typed: a calendar for a day's date, a pair of clocks for an hour window.

A planner who types "7:00-19:00" (one digit short) or "2019-10-32" gets a red
field and a message; one who picks from a calendar or a clock cannot make that
mistake. `days[].date` is a QDateEdit with a calendar popup. Every
"HH:MM-HH:MM" hour window of the schema (the fields declared `HoursWindow` in
sim/scenario/schema.py: a ring rule's and a turn ban's `hours`, a shuttle's
`service_hours`) is a pair of QTimeEdit, from and to.

Midnight as an end: a QTimeEdit cannot show 24:00, and "to 00:00" reads as the
start of the day. So the end has a "24:00" box (its tooltip: to midnight): ticked,
the window runs to 24:00 (as the file writes it) and the end clock is greyed out. 00:00 in the
end clock always means 00:00, which makes an empty window the form marks red.

A list of windows (a rule's `hours`) is a column of such pairs, each with move
up, move down and remove, and an Add button. Every change calls back with the
new value and, for the list's own moves, the edit's name in words, so each is
one undoable edit on the form's stack. Texts are in the "ScenarioForm" context.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any, get_args

from PySide6.QtCore import QCoreApplication, QDate, QTime
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QLabel, QPushButton, QTimeEdit, QVBoxLayout, QWidget

from sim.scenario.introspect import Node, child
from sim.scenario.schema import Expect, HoursWindow

translate = QCoreApplication.translate  # by this name, so lupdate still collects every text
HOURS_EXPECT = next(m.text for m in get_args(HoursWindow)[1:] if isinstance(m, Expect))  # how the schema marks an hour window
_WINDOW = re.compile(r"^(\d\d):(\d\d)-(\d\d):(\d\d)$")
ALL_DAY = "00:00-24:00"
Changed = Callable[[Any, str | None], None]  # (new value, the edit's name or None to name it from the values)


def is_hours(node: Node | None) -> bool:
    return node is not None and node.tp is str and node.expect == HOURS_EXPECT


def is_hours_list(node: Node | None) -> bool:
    return node is not None and node.is_list and is_hours(child(node, 0))


def is_date(node: Node | None) -> bool:
    return node is not None and node.tp is dt.date


def split_window(text: str) -> tuple[QTime, QTime, bool]:
    """'07:00-24:00' -> (07:00, 00:00, to midnight); a text that is no window reads as the whole day."""
    m = _WINDOW.match(text or "")
    if not m:
        return QTime(0, 0), QTime(0, 0), True
    h0, m0, h1, m1 = (int(g) for g in m.groups())
    start = QTime(min(h0, 23), m0 if h0 < 24 else 59)
    return start, QTime(h1 % 24, m1), h1 == 24


def join_window(start: QTime, end: QTime, midnight: bool) -> str:
    return f"{start.toString('HH:mm')}-{'24:00' if midnight else end.toString('HH:mm')}"


def _small_button(text: str, tip: str, slot: Callable[[], None]) -> QPushButton:
    b = QPushButton(text)
    b.setToolTip(tip)
    b.setFixedWidth(b.fontMetrics().horizontalAdvance(text) + 14)
    b.clicked.connect(lambda _checked=False: slot())
    return b


class DatePicker(QDateEdit):
    """A date with a calendar popup; calls `changed(date, None)` when the planner picks another."""

    def __init__(self, value: dt.date | None, changed: Changed) -> None:
        super().__init__()
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.show_value(value)
        self.dateChanged.connect(lambda d: changed(dt.date(d.year(), d.month(), d.day()), None))

    def value(self) -> dt.date:
        d = self.date()
        return dt.date(d.year(), d.month(), d.day())

    def pick(self, value: dt.date | str) -> None:
        """Pick a date as a planner would, one edit (for scripts and tests): a date or "YYYY-MM-DD"."""
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value).strip())
        self.setDate(QDate(day.year, day.month, day.day))

    def show_value(self, value: Any) -> None:
        if isinstance(value, dt.date):
            self.blockSignals(True)
            self.setDate(QDate(value.year, value.month, value.day))
            self.blockSignals(False)


class HoursPicker(QWidget):
    """One "HH:MM-HH:MM" window: a from clock, a to clock and "to midnight" (24:00)."""

    def __init__(self, value: str, changed: Changed) -> None:
        super().__init__()
        self._changed = changed
        self.start, self.end = QTimeEdit(), QTimeEdit()
        for clock in (self.start, self.end):
            clock.setDisplayFormat("HH:mm")
        self.start.setToolTip(translate("ScenarioForm", "From (hour:minute)"))
        self.end.setToolTip(translate("ScenarioForm", "To (hour:minute); 00:00 is the start of the day, tick 24:00 to run to midnight"))
        self.midnight = QCheckBox("24:00")  # "to midnight": the words are in its tooltip, the form is narrow
        self.midnight.setToolTip(translate("ScenarioForm", "To midnight: the window runs to the end of the day (24:00)"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.start)
        row.addWidget(QLabel("–"))
        row.addWidget(self.end)
        row.addWidget(self.midnight)
        self.show_value(value)
        self.start.timeChanged.connect(self._emit)
        self.end.timeChanged.connect(self._emit)
        self.midnight.toggled.connect(self._emit)

    def value(self) -> str:
        return join_window(self.start.time(), self.end.time(), self.midnight.isChecked())

    def pick(self, text: str) -> None:
        self.set_window(text)

    def set_window(self, text: str) -> None:
        """Pick a window as a planner would, one edit (for scripts and tests)."""
        start, end, midnight = split_window(text)
        self.show_value(text)
        self._changed(join_window(start, end, midnight), None)

    def show_value(self, value: Any) -> None:
        start, end, midnight = split_window(str(value or ""))
        for w in (self.start, self.end, self.midnight):
            w.blockSignals(True)
        self.start.setTime(start)
        self.end.setTime(end)
        self.midnight.setChecked(midnight)
        self.end.setEnabled(not midnight)
        for w in (self.start, self.end, self.midnight):
            w.blockSignals(False)

    def _emit(self, *_args: object) -> None:
        self.end.setEnabled(not self.midnight.isChecked())
        self._changed(self.value(), None)


class HoursListPicker(QWidget):
    """A list of hour windows: one HoursPicker a row, with move up, move down and remove, and Add."""

    def __init__(self, value: list[str], changed: Changed, what: str = "") -> None:
        super().__init__()
        self._changed, self.what = changed, what
        self.windows: list[str] = list(value or [])
        self.rows: list[HoursPicker] = []
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(2)
        self._build()

    def value(self) -> list[str]:
        return list(self.windows)

    def pick(self, value: list[str] | str) -> None:
        """Set the windows as a planner would, one edit (for scripts and tests): a list or "07:00-09:00, 16:30-18:30"."""
        windows = [w.strip() for w in value.split(",") if w.strip()] if isinstance(value, str) else list(value)
        self.windows = windows
        self._build()
        self._changed(list(windows), None)

    def show_value(self, value: Any) -> None:
        if list(value or []) != self.windows:
            self.windows = list(value or [])
            self._build()

    def _build(self) -> None:
        while self._column.count():
            item = self._column.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.rows = []
        last = len(self.windows) - 1
        for i, text in enumerate(self.windows):
            line = QWidget()
            h = QHBoxLayout(line)
            h.setContentsMargins(0, 0, 0, 0)
            picker = HoursPicker(text, lambda v, _t, i=i: self._set(i, v))
            self.rows.append(picker)
            h.addWidget(picker)
            up = _small_button("↑", translate("ScenarioForm", "Move this window up"), lambda i=i: self.move(i, -1))
            down = _small_button("↓", translate("ScenarioForm", "Move this window down"), lambda i=i: self.move(i, 1))
            up.setEnabled(i > 0)
            down.setEnabled(i < last)
            h.addWidget(up)
            h.addWidget(down)
            h.addWidget(_small_button("✕", translate("ScenarioForm", "Remove this window"), lambda i=i: self.remove(i)))
            h.addStretch(1)
            self._column.addWidget(line)
        add = _small_button(translate("ScenarioForm", "Add a window"), translate("ScenarioForm", "Add an hour window (the whole day)"),
                            self.add)
        bar = QHBoxLayout()
        bar.addWidget(add)
        bar.addStretch(1)
        self._column.addLayout(bar)

    def _set(self, i: int, text: str) -> None:
        new = list(self.windows)
        new[i] = text
        self.windows = new
        self._changed(new, None)

    def move(self, i: int, delta: int) -> None:
        j = i + delta
        if not (0 <= i < len(self.windows) and 0 <= j < len(self.windows)):
            return
        new = list(self.windows)
        new[i], new[j] = new[j], new[i]
        words = (translate("ScenarioForm", "Move hour window {n} ({hours}) up") if delta < 0
                 else translate("ScenarioForm", "Move hour window {n} ({hours}) down")).format(n=i + 1, hours=self.windows[i])
        self.windows = new
        self._build()
        self._changed(new, f"{words}{self.what}")

    def remove(self, i: int) -> None:
        new = [w for k, w in enumerate(self.windows) if k != i]
        words = translate("ScenarioForm", "Remove hour window {hours}").format(hours=self.windows[i])
        self.windows = new
        self._build()
        self._changed(new, f"{words}{self.what}")

    def add(self) -> None:
        new = self.windows + [ALL_DAY]
        self.windows = new
        self._build()
        self._changed(new, translate("ScenarioForm", "Add hour window {hours}").format(hours=ALL_DAY) + self.what)


def picker_for(node: Node, value: Any, changed: Changed, what: str = "") -> QWidget | None:
    """The picker for a schema node (a date, an hour window, a list of them), or None for other keys."""
    if is_date(node):
        return DatePicker(value, changed)
    if is_hours(node):
        return HoursPicker(str(value or ""), changed)
    if is_hours_list(node):
        return HoursListPicker(list(value or []), changed, what)
    return None


__all__ = ["ALL_DAY", "DatePicker", "HOURS_EXPECT", "HoursListPicker", "HoursPicker", "is_date", "is_hours", "is_hours_list",
           "join_window", "picker_for", "split_window"]
