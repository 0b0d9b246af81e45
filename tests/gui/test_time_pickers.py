"""Dates and hour windows picked in the form: a calendar for a day, two clocks (and a "24:00" box, to midnight) for a window.

Each pick is one undoable edit; the file changes on that one line, comments
kept; undoing everything writes the file back byte for byte. 24:00 as an end is
the "24:00" box (to midnight): 00:00 in the end clock means 00:00 (an empty window,
marked red), never midnight.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, QTime

from gui.widgets.time_pickers import DatePicker, HoursListPicker, HoursPicker, join_window, split_window
from sim.cli.scenario_files import differences
from sim.scenario import load_scenario
from tests.gui.test_form_reorder import back_to_original, undo_redo


def test_windows_split_and_join_with_midnight() -> None:
    assert split_window("00:00-24:00") == (QTime(0, 0), QTime(0, 0), True)
    start, end, midnight = split_window("16:30-18:30")
    assert (start.toString("HH:mm"), end.toString("HH:mm"), midnight) == ("16:30", "18:30", False)
    assert join_window(QTime(7, 0), QTime(0, 0), True) == "07:00-24:00"
    assert join_window(QTime(7, 0), QTime(0, 0), False) == "07:00-00:00"


def test_the_form_uses_pickers_for_dates_and_hour_windows(qtbot, full_window) -> None:  # type: ignore[no-untyped-def]
    form = full_window[0].form
    assert isinstance(form.fields[("days", 0, "date")].widget, DatePicker)
    assert form.fields[("days", 0, "date")].widget.calendarPopup()
    assert isinstance(form.fields[("rings", "B", "rules", 0, "hours")].widget, HoursListPicker)
    assert isinstance(form.fields[("network", "turn_bans", 0, "hours")].widget, HoursListPicker)
    assert isinstance(form.fields[("transfer_centres", "yuanlian", "shuttle", "service_hours")].widget, HoursPicker)


def test_a_rule_window_to_midnight_then_back_one_edit_each(qtbot, full_window) -> None:  # type: ignore[no-untyped-def]
    window, path, original = full_window
    form, before = window.form, path.read_bytes()
    picker = form.fields[("rings", "B", "rules", 0, "hours")].widget.rows[0]
    picker.midnight.setChecked(True)
    assert form.data["rings"]["B"]["rules"][0]["hours"] == ["07:00-24:00"]
    assert not picker.end.isEnabled()
    assert form.undo_stack.count() == 1 and "07:00-19:00 → 07:00-24:00" in form.undo_stack.undoText()
    undo_redo(form)
    edited = path.with_name("edited.toml")
    assert window.files.write(edited)
    assert load_scenario(edited).scenario.rings["B"].rules[0].hours == ["07:00-24:00"]
    assert [d[0] for d in differences(load_scenario(original), load_scenario(edited))] == ["rings.B.rules[0].hours"]
    changed = [(a, b) for a, b in zip(path.read_text(encoding="utf-8").splitlines(), edited.read_text(encoding="utf-8").splitlines(),
                                      strict=True) if a != b]
    assert changed == [('hours = ["07:00-19:00"]', 'hours = ["07:00-24:00"]')]
    # an end of 00:00 is 00:00, not midnight: the form marks the empty window
    picker = form.fields[("rings", "B", "rules", 0, "hours")].widget.rows[0]
    picker.midnight.setChecked(False)
    picker.end.setTime(QTime(0, 0))
    assert not form.validate() and any(p[:5] == ("rings", "B", "rules", 0, "hours") for p, _m in form.problems)
    back_to_original(window, path, before)


def test_a_shuttle_s_service_hours_and_a_day_s_date(qtbot, full_window) -> None:  # type: ignore[no-untyped-def]
    window, path, original = full_window
    form, before = window.form, path.read_bytes()
    hours = form.fields[("transfer_centres", "yuanlian", "shuttle", "service_hours")].widget
    hours.start.setTime(QTime(9, 30))
    assert form.data["transfer_centres"]["yuanlian"]["shuttle"]["service_hours"] == "09:30-19:00"
    n = form.undo_stack.count()
    date = form.fields[("days", 6, "date")].widget
    date.setDate(QDate(2019, 10, 9))  # the last day a day later: the calendar is no longer consecutive
    assert form.undo_stack.count() == n + 1 and form.undo_stack.undoText() == "days[6]: Date: 2019-10-07 → 2019-10-09"
    assert not form.validate()
    form.undo_stack.undo()
    assert form.data["days"][6]["date"] == dt.date(2019, 10, 7) and form.validate()
    undo_redo(form)
    edited = path.with_name("edited.toml")
    assert window.files.write(edited)
    assert load_scenario(edited).scenario.transfer_centres["yuanlian"].shuttle.service_hours == "09:30-19:00"
    assert [d[0] for d in differences(load_scenario(original), load_scenario(edited))] == ["transfer_centres.yuanlian.shuttle.service_hours"]
    back_to_original(window, path, before)


def test_the_date_of_a_one_day_scenario_moves_by_the_calendar(qtbot, window, short_copy: Path) -> None:  # type: ignore[no-untyped-def]
    assert window.open_path(short_copy, guard=False)
    form, before = window.form, short_copy.read_bytes()
    form.set_value(("days", 0, "date"), "2019-10-02")  # as scripts do: text picked on the calendar
    assert form.undo_stack.count() == 1
    undo_redo(form)
    edited = short_copy.with_name("edited.toml")
    assert window.files.write(edited)
    assert load_scenario(edited).scenario.days[0].date == dt.date(2019, 10, 2)
    assert "date = 2019-10-02" in edited.read_text(encoding="utf-8")
    back_to_original(window, short_copy, before)
