"""Moving list items up and down in the scenario form: one undoable edit each, the smallest change in the file.

Days keep their dates in order (what moves is the kind of day and its
factors); ring rules move as whole tables with their comments; in a file that
`extends` another, a moved base list becomes the file's own override and the
base is untouched. Each test undoes and redoes, writes, loads the result back,
compares with `gusu diff`, and undoes everything back to the file byte for byte.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtWidgets import QPushButton

from sim.cli.scenario_files import differences
from sim.scenario import load_scenario


def button(form, tip: str) -> QPushButton:  # type: ignore[no-untyped-def]
    page = form.toolbox.currentWidget()  # pages of an earlier build may wait for deletion: only the page shown
    found = [b for b in page.findChildren(QPushButton) if b.toolTip().startswith(tip)]
    assert found, tip
    return found[0]


def open_page(form, title: str) -> None:  # type: ignore[no-untyped-def]
    form.toolbox.setCurrentIndex(form._titles.index(title))


def undo_redo(form) -> None:  # type: ignore[no-untyped-def]
    edited = dict(form.changes)
    form.undo_stack.undo()
    form.undo_stack.redo()
    assert form.changes == edited


def back_to_original(window, path: Path, before: bytes) -> None:  # type: ignore[no-untyped-def]
    while window.form.undo_stack.canUndo():
        window.form.undo_stack.undo()
    assert window.form.changes == {}
    assert window.files.write(path)
    assert path.read_bytes() == before


def test_moving_a_day_up_keeps_the_dates_in_order(qtbot, full_window) -> None:  # type: ignore[no-untyped-def]
    window, path, original = full_window
    form, before = window.form, path.read_bytes()
    days = [dict(d) for d in form.data["days"]]
    assert not button(form, "Move days[0] up").isEnabled()
    button(form, "Move days[3] up").click()
    assert form.undo_stack.undoText() == "Move day 4 up (days)"
    now = form.data["days"]
    assert [d["date"] for d in now] == [d["date"] for d in days]  # still consecutive, as the schema wants
    assert now[2]["tourist_factor"] == days[3]["tourist_factor"] and now[3]["tourist_factor"] == days[2]["tourist_factor"]
    undo_redo(form)
    edited = path.with_name("edited.toml")
    assert window.files.write(edited)
    loaded = load_scenario(edited).scenario
    assert loaded.days[2].tourist_factor == days[3]["tourist_factor"]
    diff = {d[0] for d in differences(load_scenario(original), load_scenario(edited))}
    assert diff and all(k.startswith(("days[2].", "days[3].")) for k in diff), diff
    text = edited.read_text(encoding="utf-8")
    assert "# the holiday week; traffic_factor and tourist_factor are assumptions" in text  # comments kept
    changed = [a for a, b in zip(path.read_text(encoding="utf-8").splitlines(), text.splitlines(), strict=True) if a != b]
    assert 0 < len(changed) <= 4, changed  # only the factors' lines (the smallest change)
    back_to_original(window, path, before)


def test_moving_a_ring_rule_moves_its_table_with_its_comments(qtbot, full_window) -> None:  # type: ignore[no-untyped-def]
    window, path, original = full_window
    form, before = window.form, path.read_bytes()
    open_page(form, "Rings and rules")
    button(form, "Add an item to rings.B.rules").click()
    form.fields[("rings", "B", "rules", 1, "hours")].widget.rows[0].set_window("09:00-17:00")
    assert form.data["rings"]["B"]["rules"][1]["hours"] == ["09:00-17:00"]
    button(form, "Move rings.B.rules[1] up").click()
    assert form.undo_stack.undoText() == "Move ring rule 2 up (rings.B.rules)"
    assert [r["hours"] for r in form.data["rings"]["B"]["rules"]] == [["09:00-17:00"], ["07:00-19:00"]]
    undo_redo(form)
    edited = path.with_name("edited.toml")
    assert window.files.write(edited)
    rules = load_scenario(edited).scenario.rings["B"].rules
    assert [r.hours for r in rules] == [["09:00-17:00"], ["07:00-19:00"]]
    text = edited.read_text(encoding="utf-8")
    assert "[rings.B]   # NE middle ring: non-Suzhou small cars, daily 07-19" in text
    assert text.count("[[rings.B.rules]]") == 2
    diff = {d[0] for d in differences(load_scenario(original), load_scenario(edited))}
    assert diff and all(k.startswith("rings.B.rules") for k in diff), diff
    back_to_original(window, path, before)


def test_in_a_file_that_extends_another_a_moved_list_is_its_own_override(qtbot, window, short_copy: Path) -> None:  # type: ignore[no-untyped-def]
    assert window.open_path(short_copy, guard=False)
    form, before = window.form, short_copy.read_bytes()
    original = short_copy.with_name("as_opened.toml")
    shutil.copyfile(short_copy, original)
    open_page(form, "Rings and rules")
    button(form, "Add an item to rings.A.rules").click()
    form.fields[("rings", "A", "rules", 1, "hours")].widget.rows[0].set_window("10:00-12:00")
    button(form, "Move rings.A.rules[0] down").click()
    assert form.undo_stack.undoText() == "Move ring rule 1 down (rings.A.rules)"
    undo_redo(form)
    edited = short_copy.with_name("edited.toml")
    assert window.files.write(edited)
    text = edited.read_text(encoding="utf-8")
    assert text.startswith(before.decode("utf-8").rstrip("\n")[:200]) and "extends = " in text
    assert text.count("[[rings.A.rules]]") == 2 and "[rings.B" not in text  # only the file's own override
    rules = load_scenario(edited).scenario.rings["A"].rules
    assert [r.hours for r in rules] == [["10:00-12:00", "16:30-18:30"], ["07:00-09:00", "16:30-18:30"]]
    diff = {d[0] for d in differences(load_scenario(original), load_scenario(edited))}
    assert diff and all(k.startswith("rings.A.rules") for k in diff), diff
    back_to_original(window, short_copy, before)
