"""A transfer centre added at a clicked junction, and one removed from its dialog, undoably into the file.

The 2019 scenario uses every transfer-centre zone of the network, so the test
first removes 盘门三景(南) from its dialog, then clicks its junction (now a free
zone) and adds a centre there from the schema's defaults. Each edit is undone
and redone, written, loaded back (the loader accepts it) and compared with
`gusu diff`; undoing everything writes the file back byte for byte.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.cli import main as cli_main
from sim.cli.scenario_files import differences
from sim.scenario import load_scenario
from sim.scenario.errors import ScenarioError
from sim.scenario.saving import save_edits
from tests.gui.test_map_turn_ban import click_node, menu_action


def test_remove_a_centre_then_add_one_at_its_junction(qtbot, full_window) -> None:  # type: ignore[no-untyped-def]
    window, path, original = full_window
    before = path.read_bytes()
    stack, cid = window.form.undo_stack, "panmen_south"
    g = window.map.gauges[cid]
    window.map_editor.click_at(g.x, g.y + g.HEIGHT_M / 2)
    dialog = window.map_editor.dialog
    assert dialog.remove_button is not None
    dialog.remove_button.click()
    assert stack.undoText().startswith("Remove the transfer centre ") and cid not in window.form.data["transfer_centres"]
    stack.undo()
    assert window.form.changes == {} and cid in window.form.data["transfer_centres"]
    stack.redo()
    assert cid not in window.form.data["transfer_centres"] and cid not in window.map.gauges
    # its junction now has a free zone: click it, "Add a transfer centre here..."
    node = window.map.net.zones[cid].node
    assert f"({window.map.net.node_ids[node]})" in window.map_editor.junctions.junction_tip(node)
    click_node(qtbot, window, node)
    menu_action(window.map_editor.junctions.menu, "Add a transfer centre here").trigger()
    add = window.map_editor.junctions.dialog
    assert add.new is not None and add.remove_button is None
    assert add.new["shuttle"]["service_hours"] == "08:00-19:00" and add.new["shuttle"]["seats"] == 40  # the schema's defaults
    add.spaces.setValue(400)
    add.fleet.setValue(5)
    add.accept()
    assert stack.undoText() == f"Add a transfer centre at {add.title}: 400 spaces"
    assert window.form.validate(), window.form.problems
    assert cid in window.map.gauges  # drawn at once
    assert "400 car spaces" in window.map_editor.junctions.centre_tip(cid)
    edited = dict(window.form.changes)
    stack.undo()
    assert cid not in window.form.data["transfer_centres"]
    stack.redo()
    assert window.form.changes == edited
    edited_path = path.with_name("edited.toml")
    assert window.files.write(edited_path)
    centre = load_scenario(edited_path).scenario.transfer_centres[cid]  # the loader accepts it
    assert cli_main(["validate", str(edited_path)]) == 0  # `gusu validate`: loads it and builds its network and model
    assert (centre.car_spaces, centre.shuttle.fleet, centre.shuttle.seats, centre.serves) == (400, 5, 40, [])
    assert centre.shuttle.to_zone == add.new["shuttle"]["to_zone"]
    diff = {d[0] for d in differences(load_scenario(original), load_scenario(edited_path))}
    assert diff and all(k.startswith(f"transfer_centres.{cid}.") for k in diff), diff
    while stack.canUndo():
        stack.undo()
    assert window.form.changes == {}
    assert window.files.write(path)
    assert path.read_bytes() == before


def test_no_centre_can_be_added_where_the_network_has_no_free_zone(qtbot, full_window) -> None:  # type: ignore[no-untyped-def]
    window, _path, _original = full_window
    node = window.map.net.zones["north_bus_station"].node
    menu = window.map_editor.junctions.junction_menu(node)
    add = menu_action(menu, "Add a transfer centre here")
    assert not add.isEnabled() and "zone" in add.toolTip()


def test_removing_a_centre_others_overflow_into_clears_their_overflow(qtbot, full_window) -> None:  # type: ignore[no-untyped-def]
    window, path, _original = full_window
    assert window.form.data["transfer_centres"]["yuanlian"]["overflow_to"] == "sugi_depot"
    dialog = window.map_editor.open_centre("sugi_depot")
    dialog.remove_button.click()
    assert window.form.undo_stack.count() == 1  # one edit, undone at once
    assert window.form.data["transfer_centres"]["yuanlian"]["overflow_to"] is None and window.form.validate()
    edited = path.with_name("edited.toml")
    assert window.files.write(edited)
    loaded = load_scenario(edited).scenario
    assert "sugi_depot" not in loaded.transfer_centres and loaded.transfer_centres["yuanlian"].overflow_to is None
    assert "[transfer_centres.yuanlian]             # 元联科创园; size is an assumption" in edited.read_text(encoding="utf-8")
    window.form.undo_stack.undo()
    assert window.form.changes == {} and window.form.data["transfer_centres"]["yuanlian"]["overflow_to"] == "sugi_depot"


def test_a_file_that_extends_another_cannot_remove_a_base_centre_and_says_so(qtbot, window, short_copy: Path) -> None:  # type: ignore[no-untyped-def]
    assert window.open_path(short_copy, guard=False)
    window.map_editor.open_centre("panmen_south").remove_button.click()
    with pytest.raises(ScenarioError, match="transfer_centres.panmen_south.*base scenario this file extends"):
        save_edits(short_copy, dict(window.form.changes), window.form.data, short_copy.with_name("edited.toml"))
    assert not short_copy.with_name("edited.toml").exists()
