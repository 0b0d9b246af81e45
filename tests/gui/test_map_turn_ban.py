"""Turn bans by the hour, set on the map: a click on a junction, its movements and bans, add and lift, undoably into the file.

The junction at 北环路/齐门路 holds the 2019 scenario's ban (westbound on 北环东路
into 齐门路 southbound). The tests click it through the scene, read the dialog,
add a timed ban, lift the old one, undo and redo, save, reload, compare with
`gusu diff`, and undo everything back to the file byte for byte.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt

from sim.cli import main as cli_main
from sim.cli.scenario_files import differences
from sim.scenario import load_scenario


def qimen_junction(window) -> int:  # type: ignore[no-untyped-def]
    net = window.map.net
    return int(net.link_to[net.link_index["beihuan_5:ba"]])


def click_node(qtbot, window, node: int) -> None:  # type: ignore[no-untyped-def]
    """A left click on a junction through the plot's viewport, as a mouse would."""
    x, y = (float(v) for v in window.map.net.node_xy_m[node])
    view = window.map.view
    view.setRange(xRange=(x - 150, x + 150), yRange=(y - 150, y + 150), padding=0)
    qtbot.wait(50)
    widget = window.map.plot
    pos = widget.mapFromScene(view.mapViewToScene(QPointF(x, y)))
    window.map_editor.junctions.menu = None
    qtbot.mousePress(widget.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseRelease(widget.viewport(), Qt.MouseButton.LeftButton, pos=pos, delay=30)
    qtbot.waitUntil(lambda: window.map_editor.junctions.menu is not None, timeout=2000)


def menu_action(menu, starts: str):  # type: ignore[no-untyped-def]
    acts = [a for a in menu.actions() if a.text().startswith(starts)]
    assert acts, [a.text() for a in menu.actions()]
    return acts[0]


def open_dialog(qtbot, window):  # type: ignore[no-untyped-def]
    click_node(qtbot, window, qimen_junction(window))
    menu = window.map_editor.junctions.menu
    assert menu.actions()[0].text().startswith("Junction")
    menu_action(menu, "Turn bans at this junction").trigger()
    return window.map_editor.junctions.dialog


def test_the_junction_dialog_names_movements_and_the_ban_in_force(qtbot, full_window) -> None:  # type: ignore[no-untyped-def]
    window, _path, _original = full_window
    dialog = open_dialog(qtbot, window)
    texts = [dialog.movement.itemText(i) for i in range(dialog.movement.count())]
    assert "北环东路 Beihuan Donglu westbound → 齐门路 Qimen Lu southbound" in texts or any(
        "westbound → " in t and "southbound" in t for t in texts), texts
    assert ("beihuan_5:ba", "qimen_bridge:ba") in dialog.movements
    assert all(frm.split(":")[0] != to.split(":")[0] for frm, to in dialog.movements)  # no U-turns listed
    bans = [dialog.ban_list.item(i).text() for i in range(dialog.ban_list.count())]
    assert len(bans) == 1 and "all vehicles, every day, 00:00-24:00" in bans[0] and "facts C" in bans[0], bans
    # hover: the junction's node id and its ban; the marker is drawn there
    node = qimen_junction(window)
    tip = window.map_editor.junctions.junction_tip(node)
    assert window.map.net.node_ids[node] in tip and "westbound" in tip
    marks = window.map_editor.junctions.markers
    xs, ys = marks.getData()
    assert len(xs) == 1 and (xs[0], ys[0]) == tuple(float(v) for v in window.map.net.node_xy_m[node])
    dialog.reject()


def test_ban_a_turn_by_the_hour_undo_redo_save_diff_and_back(qtbot, full_window) -> None:  # type: ignore[no-untyped-def]
    window, path, original = full_window
    before = path.read_bytes()
    dialog = open_dialog(qtbot, window)
    k = next(i for i in range(dialog.movement.count()) if dialog.movement.itemData(i) == ("beihuan_5:ab", "qimen_bridge:ba")) \
        if ("beihuan_5:ab", "qimen_bridge:ba") in dialog.movements else 0
    dialog.movement.setCurrentIndex(k)
    frm, to = dialog.movement.currentData()
    dialog.categories.boxes["coach"].setChecked(False)
    dialog.categories.boxes["bus"].setChecked(False)
    dialog.day_types.boxes["holiday"].setChecked(False)
    dialog.hours.rows[0].set_window("07:00-19:00")
    dialog.note.setText("test ban")
    dialog.add_button.click()
    name = window.form.undo_stack.undoText()
    assert name.startswith("Ban ") and name.endswith(" 07:00-19:00") and "→" in name and "bound" in name, name
    assert dialog.ban_list.count() == 2
    assert len(window.map_editor.junctions.markers.getData()[0]) == 1  # the same junction, still one marker
    edited = dict(window.form.changes)
    window.form.undo_stack.undo()
    assert window.form.changes == {}
    window.form.undo_stack.redo()
    assert window.form.changes == edited
    edited_path = path.with_name("edited.toml")
    assert window.files.write(edited_path)
    loaded = load_scenario(edited_path).scenario
    assert cli_main(["validate", str(edited_path)]) == 0  # `gusu validate`: loads it and builds its network and model
    new = loaded.network.turn_bans[-1]
    assert (new.from_link, new.to_link, new.categories, new.day_types, new.hours, new.note) == (
        frm, to, ["nonlocal_car", "local_car"], ["workday", "weekend"], ["07:00-19:00"], "test ban")
    diff = differences(load_scenario(original), load_scenario(edited_path))
    assert diff and all(d[0].startswith("network.turn_bans[1].") for d in diff), diff
    text = edited_path.read_text(encoding="utf-8")
    assert "# facts C [M]" in text and text.count("[[network.turn_bans]]") == 2  # the old ban's comments kept
    # lift the 2019 ban: its own edit
    dialog.ban_list.setCurrentRow(0)
    dialog.lift_button.click()
    assert window.form.undo_stack.undoText().startswith("Lift the ban ")
    assert [b["from_link"] for b in window.form.data["network"]["turn_bans"]] == [frm]
    while window.form.undo_stack.canUndo():
        window.form.undo_stack.undo()
    assert window.form.changes == {}
    assert window.files.write(path)
    assert path.read_bytes() == before
    assert differences(load_scenario(original), load_scenario(path)) == []


def test_a_click_near_no_junction_opens_no_junction_menu(qtbot, full_window) -> None:  # type: ignore[no-untyped-def]
    window, _path, _original = full_window
    x, y = (float(v) for v in window.map.net.node_xy_m[qimen_junction(window)])
    window.map.view.setRange(xRange=(x - 150, x + 150), yRange=(y - 150, y + 150), padding=0)
    window.map_editor.junctions.menu = None
    window.map_editor.click_at(x + 120.0, y + 120.0, QPoint(0, 0))
    assert window.map_editor.junctions.menu is None
