"""Editing on the map: a click on a street, a centre or a gate edits the scenario, undoably, into the file.

Each test clicks (through the scene, as a mouse would), undoes and redoes,
saves, reloads, and checks the file and `gusu diff` against the file as it
was. The planner's whole task closes 干将路 by clicking, runs the short day,
undoes, saves, and finds the file back byte for byte.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QMenu

from sim.cli.scenario_files import differences
from sim.scenario import load_scenario

RUN_TIMEOUT_MS = 40_000


@pytest.fixture
def edit_window(qtbot, window, short_copy: Path):  # type: ignore[no-untyped-def]
    assert window.open_path(short_copy, guard=False)
    original = short_copy.with_name("as_opened.toml")
    shutil.copyfile(short_copy, original)
    return window, short_copy, original


def _link_of(window, segment: str) -> int:  # type: ignore[no-untyped-def]
    net = window.map.net
    return next(i for i, s in enumerate(net.link_segment) if s == segment)


def _click_link(qtbot, window, i: int) -> QMenu:  # type: ignore[no-untyped-def]
    """A left click on the middle of link i, through the plot's viewport, as a mouse would."""
    view = window.map.view
    mid = (window.map._a[i] + window.map._b[i]) / 2
    view.setRange(xRange=(mid[0] - 150, mid[0] + 150), yRange=(mid[1] - 150, mid[1] + 150), padding=0)
    qtbot.wait(50)
    widget = window.map.plot
    pos = widget.mapFromScene(view.mapViewToScene(QPointF(float(mid[0]), float(mid[1]))))
    qtbot.mousePress(widget.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseRelease(widget.viewport(), Qt.MouseButton.LeftButton, pos=pos, delay=30)
    qtbot.waitUntil(lambda: window.map_editor.menu is not None, timeout=2000)
    return window.map_editor.menu


def _action(menu: QMenu, starts: str):  # type: ignore[no-untyped-def]
    acts = [a for a in menu.actions() if a.text().startswith(starts)]
    for a in menu.actions():
        if a.menu() is not None:
            acts += [b for b in a.menu().actions() if b.text().startswith(starts)]
    assert acts, [a.text() for a in menu.actions()]
    return acts[0]


def _save_and_diff(window, path: Path, original: Path) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    assert window.save()
    return differences(load_scenario(original), load_scenario(path))


def _undo_redo(window) -> None:  # type: ignore[no-untyped-def]
    stack = window.form.undo_stack
    edited = dict(window.form.changes)
    stack.undo()
    assert window.form.changes == {}
    stack.redo()
    assert window.form.changes == edited


def test_clicking_a_street_closes_it_undoably_into_the_file(qtbot, edit_window) -> None:  # type: ignore[no-untyped-def]
    window, path, original = edit_window
    menu = _click_link(qtbot, window, _link_of(window, "ganjiang_3"))
    act = _action(menu, "Close")
    assert "whole run" in act.toolTip()
    act.trigger()
    assert window.form.undo_stack.undoText() == "Close 干将西路 Ganjiang Xilu (ganjiang_3)"
    assert "Undo Close 干将西路 Ganjiang Xilu (ganjiang_3)" in window.menus.act_undo.text()
    assert any(s == "ganjiang_3" for s, *_ in window.map.net.closed)  # drawn closed at once
    _undo_redo(window)
    diff = _save_and_diff(window, path, original)
    assert [d[0] for d in diff] == ["network.closed_segments"]
    assert "ganjiang_3" in load_scenario(path).scenario.network.closed_segments
    # and the closed street reopens from its own menu
    _seg, a, b, _name = next(c for c in window.map.net.closed if c[0] == "ganjiang_3")
    x, y = (window.map.net.node_xy_m[a] + window.map.net.node_xy_m[b]) / 2
    window.map_editor.click_at(float(x), float(y), QPoint(0, 0))
    _action(window.map_editor.menu, "Reopen").trigger()
    assert "ganjiang_3" not in window.form.data["network"]["closed_segments"]


@pytest.mark.parametrize("choice,key", [("Works: 40%", "network.works"), ("One-way", "network.one_way_links")])
def test_works_and_one_way_from_the_street_menu(qtbot, edit_window, choice: str, key: str) -> None:  # type: ignore[no-untyped-def]
    window, path, original = edit_window
    menu = _click_link(qtbot, window, _link_of(window, "renmin_2"))
    _action(menu, choice).trigger()
    _undo_redo(window)
    diff = _save_and_diff(window, path, original)
    assert [d[0] for d in diff] == [key] or all(d[0].startswith(key) for d in diff)
    loaded = load_scenario(path).scenario
    if key == "network.works":
        assert loaded.network.works[-1].segments == ["renmin_2"] and loaded.network.works[-1].capacity_factor == 0.4
    else:
        assert [x.split(":")[0] for x in loaded.network.one_way_links] == ["renmin_2"]


def test_the_one_way_menu_names_the_direction_by_compass(qtbot, edit_window) -> None:  # type: ignore[no-untyped-def]
    window, _path, _original = edit_window
    menu = window.map_editor.street_menu(_link_of(window, "ganjiang_3"))
    texts = [a.text() for a in menu.actions()]
    assert any("eastbound" in t for t in texts) and any("westbound" in t for t in texts)  # 干将路 runs east-west


def test_clicking_a_centre_opens_its_dialog_and_edits_it(qtbot, edit_window) -> None:  # type: ignore[no-untyped-def]
    window, path, original = edit_window
    cid = "north_bus_station"
    g = window.map.gauges[cid]
    window.map_editor.click_at(g.x, g.y + g.HEIGHT_M / 2)
    dialog = window.map_editor.dialog
    assert dialog is not None and dialog.cid == cid
    dialog.spaces.setValue(1200)
    dialog.fleet.setValue(14)
    dialog.open_box.setChecked(False)
    dialog.accept()
    name = window.form.undo_stack.undoText()
    assert "1,200 spaces" in name and "car park closed" in name, name
    _undo_redo(window)
    diff = {d[0]: d[2] for d in _save_and_diff(window, path, original)}
    assert diff == {f"transfer_centres.{cid}.car_spaces": "1200", f"transfer_centres.{cid}.shuttle.fleet": "14",
                    f"transfer_centres.{cid}.open": "false"}


def test_clicking_a_gate_shows_its_rings_rules(qtbot, edit_window) -> None:  # type: ignore[no-untyped-def]
    window, _path, _original = edit_window
    j = window.map.gate_ring.index("B")
    x, y = window.map._b[window.map.gate_idx[j]]
    window.map.view.setRange(xRange=(x - 300, x + 300), yRange=(y - 300, y + 300), padding=0)
    window.map_editor.click_at(float(x), float(y), QPoint(0, 0))
    texts = [a.text() for a in window.map_editor.menu.actions()]
    assert texts[0].startswith("Gate into ring B") and any(t.startswith("Refuses non-local cars") for t in texts), texts
    _action(window.map_editor.menu, "Ring B in force").trigger()
    assert window.form.data["rings"]["B"]["enabled"] is False
    window.form.undo_stack.undo()
    assert window.form.changes == {}


def test_a_planners_task_close_ganjiang_run_undo_save_byte_for_byte(qtbot, edit_window) -> None:  # type: ignore[no-untyped-def]
    """Close 干将路 (both directions: closures are per segment) by clicking, run the short day, undo, save."""
    window, path, original = edit_window
    before = path.read_bytes()
    _action(_click_link(qtbot, window, _link_of(window, "ganjiang_3")), "Close").trigger()
    assert window.is_dirty()
    with qtbot.waitSignal(window.run_finished, timeout=RUN_TIMEOUT_MS):
        assert window.start_run()
    assert window.run is not None and window.run.state == "finished"
    assert np.isfinite(window.run.links_speed_kmh).any() if hasattr(window.run, "links_speed_kmh") else True
    window.menus.act_undo.trigger()
    assert not window.is_dirty()
    assert window.files.write(path)
    assert path.read_bytes() == before
    assert differences(load_scenario(original), load_scenario(path)) == []
