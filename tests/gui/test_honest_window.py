"""The window never misleads and never fails silently: a stalled model, a full disk, the form's words, the map's clutter.

Each test here failed on the code before issue 17: the window said "running" for a
model stopped by SIGSTOP and left the process behind; a full disk lost the run;
the form showed the validator's raw text; the map dropped closed streets and cut
labels at its edge.
"""

from __future__ import annotations

import errno
import os
import signal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox

from gui import result_folders, run_control
from gui.widgets.demo import DemoView
from gui.widgets.map_view import MapView
from sim.engine import atomic_file
from sim.runs.session import RunState

RUN_TIMEOUT_MS = 40_000
SHORT = Path(__file__).parent / "data" / "short_day.toml"


def alive(pid: int) -> bool:
    """True while the process exists (a zombie counts as gone: it has ended and only waits to be reaped)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().split(") ", 1)[1][0] != "Z"
    except FileNotFoundError:
        return False


def start_slow_run(qtbot, window) -> int:  # type: ignore[no-untyped-def]
    window.run_bar.pace.setCurrentIndex(1)  # 10 simulated minutes a second: the run would take minutes
    window.worker.stall_after_s = 1.0  # the watchdog's wait, short for the test
    assert window.start_run()
    qtbot.waitSignal(window.worker.updates_received, timeout=RUN_TIMEOUT_MS).wait()
    pid = window.worker.pid()
    assert pid is not None and alive(pid)
    return pid


def button(box: QMessageBox, role: QMessageBox.ButtonRole):  # type: ignore[no-untyped-def]
    return next(b for b in box.buttons() if box.buttonRole(b) == role)


def test_a_stopped_model_is_reported_stalled_and_stop_ends_it(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    pid = start_slow_run(qtbot, window)
    os.kill(pid, signal.SIGSTOP)
    try:
        with qtbot.waitSignal(window.runs.run_stalled, timeout=5000):
            pass
        assert window.run.state == RunState.STALLED
        assert "stalled" in window.status.state_label.text()
        box = window.runs.stall_box
        assert box is not None and box.isVisible() and "sent nothing" in box.text()
        assert {b.text() for b in box.buttons()} == {"Wait", "Stop the run"}
        with qtbot.waitSignal(window.run_stopped, timeout=3000):
            button(box, QMessageBox.ButtonRole.DestructiveRole).click()
        assert not window.worker.is_active() and window.run.state == RunState.STOPPED
        assert not alive(pid), "Stop left the model process behind"
    finally:
        if alive(pid):
            os.kill(pid, signal.SIGKILL)


def test_waiting_on_a_stalled_model_that_recovers_shows_it_running_again(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    pid = start_slow_run(qtbot, window)
    os.kill(pid, signal.SIGSTOP)
    with qtbot.waitSignal(window.runs.run_stalled, timeout=5000):
        pass
    button(window.runs.stall_box, QMessageBox.ButtonRole.RejectRole).click()
    os.kill(pid, signal.SIGCONT)
    qtbot.waitUntil(lambda: window.run.state == RunState.RUNNING, timeout=3000)
    assert window.runs.stall_box is None
    with qtbot.waitSignal(window.run_stopped, timeout=2000):
        window.stop_run()
    assert not alive(pid)


def test_closing_the_window_ends_a_stopped_model(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    pid = start_slow_run(qtbot, window)
    os.kill(pid, signal.SIGSTOP)
    try:
        window.close()
        assert not alive(pid), "closing the window left a stopped model process behind"
    finally:
        if alive(pid):
            os.kill(pid, signal.SIGKILL)


def test_a_stopped_demonstration_model_is_reported_and_ended(qtbot) -> None:  # type: ignore[no-untyped-def]
    demo = DemoView()
    qtbot.addWidget(demo)
    demo.pair.stall_after_s = 1.0
    assert demo.show_pair(SHORT, SHORT)
    qtbot.waitUntil(demo.pair.is_ready, timeout=RUN_TIMEOUT_MS)
    pids = demo.pair.pids()
    os.kill(pids[1], signal.SIGSTOP)
    try:
        with qtbot.waitSignal(demo.pair.run_stalled, timeout=5000) as blocker:
            demo.pair.run_to(12 * 3600.0, fast=True)
        assert blocker.args[0] == 1
        box = demo.stall_box
        assert box is not None and box.isVisible() and "Model 2 of 2" in box.text()
        button(box, QMessageBox.ButtonRole.DestructiveRole).click()
        assert not demo.pair.is_active()
        assert not any(alive(p) for p in pids)
    finally:
        for p in pids:
            if alive(p):
                os.kill(p, signal.SIGKILL)


def test_the_form_says_what_the_loader_says(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    path = ("parking", "zone_spaces", "museum")
    window.form.set_value(path, "12 0")
    assert not window.form.validate()
    messages = [msg for loc, msg in window.form.problems if loc == path]
    assert len(messages) == 1 and messages[0].startswith("expected a whole number from 0 to 100_000 (spaces), got "), messages
    tip = window.form.fields[path].widget.toolTip()
    assert tip.startswith("expected a whole number") and "Input should be" not in tip
    assert "Input should be" not in window.form.problems_label.text()


def test_form_fields_show_the_start_of_their_text(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    edits = [f.widget for f in window.form.fields.values() if isinstance(f.widget, QLineEdit) and len(f.widget.text()) > 20]
    assert edits, "the short scenario has long values (lists of dates, of ids)"
    assert all(e.cursorPosition() == 0 for e in edits), [e.text() for e in edits if e.cursorPosition() != 0][:3]


def no_space(*_args, **_kwargs) -> None:  # type: ignore[no-untyped-def]
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_during_export_leaves_no_empty_image(qtbot, window, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    errors: list[tuple[str, str]] = []
    monkeypatch.setattr(window.folders, "_show_error", lambda title, text, *a: errors.append((title, text)))
    monkeypatch.setattr(result_folders.QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    monkeypatch.setattr(atomic_file.os, "fsync", no_space)  # the disk fills while the bytes are flushed
    window.folders.export_images_dialog()
    assert list(tmp_path.iterdir()) == [], "a file (or a temporary one) was left behind"
    assert errors and errors[0][0] == "Export failed"
    assert "map.png: No space left on device" in errors[0][1] and "half written" in errors[0][1]


def test_a_full_disk_while_writing_a_runs_files_keeps_the_run(qtbot, window, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("x")
    monkeypatch.setattr(run_control.tempfile, "mkdtemp", lambda **_k: str(blocked / "run"))  # its files cannot be written
    failures: list[str] = []
    window.run_failed.connect(failures.append)
    assert window.start_run()
    qtbot.waitUntil(lambda: window.runs.unwritten_box is not None, timeout=RUN_TIMEOUT_MS)
    box = window.runs.unwritten_box
    assert box.isVisible() and "complete and stays in the window" in box.text() and "Not a directory" in box.text()
    assert "Traceback" not in box.text() and not box.detailedText()
    assert window.run.state == RunState.FINISHED and window.run.summary is not None and window.run.bins_done > 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.setattr(run_control.QFileDialog, "getExistingDirectory", lambda *a, **k: str(elsewhere))
    with qtbot.waitSignal(window.run_finished, timeout=RUN_TIMEOUT_MS):
        button(box, QMessageBox.ButtonRole.AcceptRole).click()
    assert not failures
    assert window.run.out_dir == elsewhere and (elsewhere / "summary.json").is_file() and (elsewhere / "timeseries.csv").is_file()


def test_hovering_a_street_shows_its_segment_id_and_its_rules(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    net = window.map.net
    i = net.link_segment.index("renmin_3")  # under the Metro Line 6 works in the bundled base
    text = window.map.describe_link(i)
    assert f"segment renmin_3, link {net.link_ids[i]}" in text and "works: capacity x0.6" in text
    one_way = next(k for k, lid in enumerate(net.link_ids)
                   if f"{net.link_segment[k]}:{'ba' if lid.endswith(':ab') else 'ab'}" not in net.link_index)
    assert "one-way" in window.map.describe_link(one_way)


@pytest.mark.parametrize("size", [(700, 800), (480, 560)])  # the map's share of a 1600x1000 and a 1366x768 window
def test_centre_labels_stay_inside_the_map(qtbot, window, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    view = MapView()
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    view.set_network(window.map.net, window.map.scenario)
    for fit in (view.fit_all, view.fit_default):
        fit()
        qtbot.wait(50)
        shown = view.view.viewRect()
        for cid, gauge in view.gauges.items():
            rect = gauge.label.mapRectToView(gauge.label.boundingRect())
            assert shown.left() <= rect.left() and rect.right() <= shown.right(), (fit.__name__, cid, rect, shown)


def test_closed_streets_are_drawn_dashed_with_a_mark_naming_the_segment(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    closed = window.loaded.scenario.network.closed_segments
    assert closed, "the short day extends the 2019 week, which closes Beiyuan Rd and Datangjia Lane"
    line, marks = window.map.closed_items
    assert line.opts["pen"].style() == Qt.PenStyle.DashLine
    tips = [p.data() for p in marks.points()]
    assert sorted({t.split("segment ")[1].split(",")[0] for t in tips}) == sorted(set(closed))
    assert all(seg not in window.map.net.link_segment for seg in closed)  # closed: not driven, yet drawn
