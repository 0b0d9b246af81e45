"""The planner's task: close 干将路 eastbound on 4 October 10:00-18:00 on the map, run it, compare, undo.

The scenario is the bundled National Day 2019 week cut to 4 October (full demand: the
closure must divert real traffic), copied to a temporary folder. The map is clicked
through MapEditor.click_at, the dialog filled as a planner would and its OK button
pressed; the file is saved (keeping the undo history, as File > Save does before it
reads the file back), `gusu diff` must name the closure, and the model run on the saved
file must keep every car off 干将西路 eastbound in the window, where the unchanged
scenario has cars. Undone and saved again, the file is the original byte for byte.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox

from sim.cli import main as gusu
from sim.engine.clock import hour_of
from sim.engine.links import Link, Vehicle
from sim.runs.build import build_model
from sim.scenario import load_scenario

REPO = Path(__file__).resolve().parents[2]
LINK = "ganjiang_3:ab"  # 干将西路, from 养育巷 east to 人民路
OCT4 = dt.date(2019, 10, 4)


@pytest.fixture
def oct4(tmp_path: Path) -> Path:
    """The National Day 2019 scenario limited to 4 October, next to a copy of it as it was."""
    base = Path(os.path.relpath(REPO / "scenarios" / "national_day_2019.toml", tmp_path)).as_posix()
    text = (f'# National Day 2019 on its peak day only (a test copy)\nschema_version = 2\nextends = "{base}"\n'
            'name = "National Day 2019, 4 October"\n\n[[days]]\ndate = 2019-10-04\nday_type = "holiday"\n'
            "traffic_factor = 1.05\ntourist_factor = 1.55\n")
    path = tmp_path / "national_day_4oct.toml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "as_opened.toml").write_text(text, encoding="utf-8")
    return path


def entries_in_window(path: Path) -> tuple[int, int, float]:
    """Run the scenario file's day: (cars routed into LINK 10:00-18:00, outside it, the link's mean load 10:30-18:00)."""
    loaded = load_scenario(path)
    model = build_model(loaded.scenario, loaded.path.name, base_dir=loaded.base_dir)
    target = model.net.link_index[LINK]
    hours: list[float] = []

    def watching(inner):  # type: ignore[no-untyped-def]
        def route(veh: Vehicle, link: Link) -> Link | None:
            nxt = inner(veh, link)
            if nxt is not None and nxt.idx == target:
                hours.append(hour_of(model.env.now))
            return nxt
        return route
    for lk in model.links + list(model.sources.values()):
        lk.route = watching(lk.route)
    model.run()
    inside = sum(1 for h in hours if 10.0 <= h < 18.0)
    per_hour = 60 // loaded.scenario.run.bin_min
    load = model.recorder.link_load[int(10.5 * per_hour):18 * per_hour, target]  # bins ending 10:45 .. 18:00
    return inside, len(hours) - inside, float(np.mean(load))


def test_close_ganjiang_eastbound_for_a_time_run_compare_undo(qtbot, window, oct4: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    original = oct4.with_name("as_opened.toml")
    before = oct4.read_bytes()
    assert window.open_path(oct4, guard=False)
    editor, net = window.map_editor, window.map.net
    i = net.link_index[LINK]
    x, y = (window.map._a[i] + window.map._b[i]) / 2
    window.map.view.setRange(xRange=(x - 150, x + 150), yRange=(y - 150, y + 150), padding=0)
    qtbot.wait(50)
    editor.click_at(float(x), float(y), QPoint(0, 0))
    texts = [a.text() for a in editor.menu.actions()]
    act = next(a for a in editor.menu.actions() if a.text() == "Close for a time…")
    assert "whole run" in editor.menu.toolTip() and not any("no time window" in t for t in texts), texts
    act.trigger()
    dialog = editor.closure_dialog
    assert dialog is not None and dialog.isVisible()
    assert [dialog.direction.itemText(k) for k in range(dialog.direction.count())] == [
        "eastbound (ganjiang_3:ab)", "westbound (ganjiang_3:ba)"]
    assert [dialog.day.itemData(k) for k in range(dialog.day.count())] == [OCT4]  # the scenario's days only
    dialog.choose(LINK, OCT4, "10:00", "18:00")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled()
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    stack = window.form.undo_stack
    assert stack.count() == 1
    assert stack.undoText() == "Close 干将西路 Ganjiang Xilu eastbound 10:00-18:00 on 4 Oct"
    # drawn dashed and marked, its hover text giving the window
    tips = [t for item in window.map.closed_items if hasattr(item, "data") and hasattr(item, "points")
            for t in item.data["data"] if not t.startswith("closed by this scenario")]
    assert tips == ["干将西路 Ganjiang Xilu eastbound: closed 4 Oct 10:00-18:00 (ganjiang_3:ab)"]

    # saved as a copy beside it (the window keeps its undo history: Save itself reads the file back and
    # starts a new history), the copy holds the closure and gusu diff names it
    changed = oct4.with_name("closed_4oct.toml")
    assert window.files.write(changed)
    text = changed.read_text(encoding="utf-8")
    assert "[[network.closures]]" in text and f'link = "{LINK}"' in text and "date = 2019-10-04" in text
    assert 'hours = ["10:00-18:00"]' in text
    closures = load_scenario(changed).scenario.network.closures
    assert [(c.link, c.date, c.hours) for c in closures] == [(LINK, OCT4, ["10:00-18:00"])]
    capsys.readouterr()
    assert gusu(["diff", str(oct4), str(changed)]) == 1
    said = capsys.readouterr().out
    assert "network.closures" in said and LINK in said and "2019-10-04" in said, said

    # the model on the changed file and on the reference
    closed_in, closed_out, closed_load = entries_in_window(changed)
    ref_in, ref_out, ref_load = entries_in_window(oct4)
    assert closed_in == 0 and ref_in > 100, (closed_in, ref_in)
    assert closed_load == 0.0 and ref_load > 0.0
    assert closed_out > 0  # used again before and after the window

    # undone and saved: the original, byte for byte
    window.menus.act_undo.trigger()
    assert stack.count() == 1 and stack.index() == 0 and not window.is_dirty()
    assert window.save()
    assert oct4.read_bytes() == before == original.read_bytes()
    assert not [t for item in window.map.closed_items if hasattr(item, "points") for t in item.data["data"]
                if "closed 4 Oct" in t]  # and the map has no timed closure left


def test_a_timed_closure_reopens_from_the_street_menu(qtbot, window, oct4: Path) -> None:  # type: ignore[no-untyped-def]
    assert window.open_path(oct4, guard=False)
    editor = window.map_editor
    i = window.map.net.link_index["ganjiang_3:ba"]
    dialog = editor.open_closure(i)
    dialog.choose("ganjiang_3:ba", OCT4, "07:00", "24:00")
    assert dialog.hours() == "07:00-24:00"
    dialog.accept()
    assert window.form.undo_stack.undoText() == "Close 干将西路 Ganjiang Xilu westbound 07:00-24:00 on 4 Oct"
    menu = editor.street_menu(i)
    reopen = [a for a in menu.actions() if a.text().startswith("Reopen")]
    assert [a.text() for a in reopen] == ["Reopen 干将西路 Ganjiang Xilu westbound 07:00-24:00 on 4 Oct"]
    reopen[0].trigger()
    assert window.form.data["network"]["closures"] == []
    assert window.form.undo_stack.count() == 2
    window.form.undo_stack.undo()
    window.form.undo_stack.undo()
    assert window.form.changes == {}


def test_an_end_before_the_start_is_refused_in_the_dialog(qtbot, window, oct4: Path) -> None:  # type: ignore[no-untyped-def]
    assert window.open_path(oct4, guard=False)
    dialog = window.map_editor.open_closure(window.map.net.link_index[LINK])
    dialog.choose(LINK, OCT4, "18:00", "10:00")
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert dialog.problem.text() == "The closure must end after it begins, on the same day."
    dialog.reject()
    assert window.form.undo_stack.count() == 0
