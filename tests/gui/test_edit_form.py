"""Editing in the form: add and remove list items, set and clear a trigger, tick choices, type a number; each undone,
redone, saved, reloaded, and checked against the file as opened with `gusu diff`."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from sim.cli.scenario_files import differences
from sim.scenario import load_scenario

RULE = ("rings", "B", "rules", 0)


@pytest.fixture
def edit_window(qtbot, window, short_copy: Path):  # type: ignore[no-untyped-def]
    assert window.open_path(short_copy, guard=False)
    original = short_copy.with_name("as_opened.toml")
    shutil.copyfile(short_copy, original)
    return window, short_copy, original


def _check(window, path: Path, original: Path, edit: Callable[[], None]) -> list[str]:  # type: ignore[no-untyped-def]
    """Edit; undo (the file's edits all gone) and redo; save; the keys `gusu diff` finds against the file as opened."""
    before = path.read_bytes()
    edit()
    stack = window.form.undo_stack
    edited = dict(window.form.changes)
    n = stack.index()
    stack.setIndex(0)
    assert window.form.changes == {} and not window.is_dirty()
    assert window.files.write(path) and path.read_bytes() == before  # all undone: byte for byte
    stack.setIndex(n)
    assert window.form.changes == edited
    assert window.save()
    return sorted({d[0] for d in differences(load_scenario(original), load_scenario(path))})


def test_typing_a_number_is_one_named_edit(edit_window) -> None:  # type: ignore[no-untyped-def]
    window, path, original = edit_window
    key = ("transfer_centres", "north_bus_station", "car_spaces")

    def edit() -> None:
        for text in ("1", "12", "120", "1200"):
            window.form.set_value(key, text)
        assert window.form.undo_stack.count() == 1
        assert window.form.undo_stack.text(0).endswith("Car spaces: 800 spaces → 1,200 spaces")
    assert _check(window, path, original, edit) == ["transfer_centres.north_bus_station.car_spaces"]


def test_add_and_remove_a_day_and_a_works_entry(edit_window) -> None:  # type: ignore[no-untyped-def]
    window, path, original = edit_window

    def edit() -> None:
        window.form.add_item(("days",))
        assert str(window.form.data["days"][-1]["date"]) == "2019-10-02"  # the next date
        window.form.add_item(("network", "works"))
        window.form.remove_item(("network", "works", 0))
    keys = _check(window, path, original, edit)
    assert keys and all(k.startswith("days[1].") for k in keys), keys  # the works list is back as it was
    loaded = load_scenario(path).scenario
    assert len(loaded.days) == 2


def test_add_and_remove_a_ring_rule(edit_window) -> None:  # type: ignore[no-untyped-def]
    window, path, original = edit_window

    def edit() -> None:
        window.form.add_item(("rings", "B", "rules"))
        window.form.remove_item(RULE)
    keys = _check(window, path, original, edit)
    assert keys == [] or all(k.startswith("rings.B") for k in keys)


def test_a_trigger_is_set_and_cleared_and_choices_are_checkboxes(edit_window) -> None:  # type: ignore[no-untyped-def]
    window, path, original = edit_window

    def edit() -> None:
        window.form.edit(RULE + ("trigger",), None) if window.form.data["rings"]["B"]["rules"][0]["trigger"] else None
        window.form.edit(RULE + ("trigger",), {"metric": "accumulation_veh", "on": 3000.0, "off": 2500.0})
        window.form.set_value(RULE + ("refuse",), ["nonlocal_car", "coach"])
        window.form.set_value(RULE + ("day_types",), ["holiday"])
        assert window.form.fields[RULE + ("exempt",)].widget.boxes["permit"].text() == "permit holders"
    keys = _check(window, path, original, edit)
    assert any(k.startswith("rings.B.rules") for k in keys)
    rule = load_scenario(path).scenario.rings["B"].rules[0]
    assert rule.trigger is not None and rule.trigger.on == 3000 and rule.refuse == ["nonlocal_car", "coach"]
    assert rule.day_types == ["holiday"]


def test_closed_segments_and_one_way_links_typed_in_the_form(edit_window) -> None:  # type: ignore[no-untyped-def]
    window, path, original = edit_window

    def edit() -> None:
        now = ", ".join(window.form.data["network"]["closed_segments"])
        window.form.set_value(("network", "closed_segments"), f"{now}, ganjiang_3")
        window.form.set_value(("network", "one_way_links"), "renmin_2:ab")
    assert _check(window, path, original, edit) == ["network.closed_segments", "network.one_way_links"]


def test_a_centre_is_added_and_removed(edit_window) -> None:  # type: ignore[no-untyped-def]
    window, path, original = edit_window
    cid = next(iter(window.form.data["transfer_centres"]))
    window.form.ask_key = lambda _where: "west_station_2"
    window.form.add_key(("transfer_centres",))
    assert "west_station_2" in window.form.data["transfer_centres"]
    window.form.undo_stack.undo()
    window.form.remove_item(("transfer_centres", cid))
    assert cid not in window.form.data["transfer_centres"]
    assert window.form.undo_stack.undoText() == f"Remove transfer_centres.{cid}"
    window.form.undo_stack.undo()
    assert window.form.changes == {}


def test_labels_are_words_with_units_and_the_key_in_the_tooltip(edit_window) -> None:  # type: ignore[no-untyped-def]
    window, _path, _original = edit_window
    f = window.form.fields[("transfer_centres", "north_bus_station", "shuttle", "headway_min")]
    assert "transfer_centres.north_bus_station.shuttle.headway_min" in f.widget.toolTip()
    assert f.label.text() == "Headway" and f.unit_label is not None and f.unit_label.text() == "min"
