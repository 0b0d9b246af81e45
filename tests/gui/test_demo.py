"""The side-by-side demonstration, offscreen: one clock for two runs, lessons from start to end, presentation, recording."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHORT = Path(__file__).parent / "data" / "short_day.toml"
STEP_TIMEOUT_MS = 60_000


@pytest.fixture
def no_rings(short_copy: Path) -> Path:
    """The short day with every ring switched off: the 'without' side of a quick pair."""
    path = short_copy.with_name("short_no_rings.toml")
    text = short_copy.read_text(encoding="utf-8").replace('name = "National Day 2019, one short day (tests)"', 'name = "short day, no rings"')
    path.write_text(text + "\n[rings.A]\nenabled = false\n[rings.B]\nenabled = false\n[rings.C]\nenabled = false\n"
                    "[rings.D]\nenabled = false\n", encoding="utf-8")
    return path


def _fast(window) -> None:  # type: ignore[no-untyped-def]
    window.training.demo.pace.setCurrentIndex(window.training.demo.pace.count() - 1)  # as fast as possible
    assert window.training.demo.pace.currentData() is None


def test_side_by_side_keeps_the_two_clocks_equal(qtbot, window, no_rings: Path) -> None:  # type: ignore[no-untyped-def]
    demo = window.training.demo
    seen: list[tuple[float, list[float], list[float]]] = []

    def record(t_s: float, _updates: list) -> None:  # type: ignore[type-arg]
        seen.append((t_s, demo.clock_times(), [u[-1].snapshot.t_s for u in _updates if u]))

    demo.pair.clock_advanced.connect(record)
    _fast(window)
    assert window.training.show_side_by_side(SHORT, no_rings, play=False)
    assert window.training.in_demo() and not window.form_dock.isVisible()
    with qtbot.waitSignal(demo.pair.clock_held, timeout=STEP_TIMEOUT_MS):
        demo.pair.run_to(9 * 3600)
    assert len(seen) >= 10
    for t_s, clocks, snaps in seen:  # after every step both runs stand on the shared clock, never one ahead
        assert clocks == [t_s, t_s] and snaps == [t_s, t_s]
    assert demo.pair.t_s == 9 * 3600 and "09:00" in demo.clock.text()
    # play and pause act on both at once
    demo.pace.setCurrentIndex(3)  # 60 simulated minutes a second
    window.run_or_pause()
    assert demo.pair.playing and window.menus.act_run.text() == "Pause"
    qtbot.waitUntil(lambda: demo.pair.t_s > 9 * 3600 + 600, timeout=10_000)
    window.run_or_pause()
    qtbot.wait(150)  # a step in flight lands; nothing after it
    held = demo.pair.t_s
    qtbot.wait(400)
    assert demo.pair.t_s == held and demo.clock_times() == [held, held]
    # call-outs come from the runs' state: the rings switched on at 07:00 in one run only
    texts = [c.text for c in demo.callouts]
    assert any("ring B closed to non-local cars at 07:00" in t for t in texts), texts
    assert all(c.side == 0 for c in demo.callouts if c.kind == "ring")
    # a language switch re-says what is on screen and leaves both runs where they stand
    from gui import i18n

    try:
        assert window.training.set_language("zh_CN")
        assert "B圈于07:00对外地车辆关闭" in demo.callout_label.text() and demo.play_button.text() == "播放"
        assert demo.pair.is_active() and demo.pair.t_s == held and demo.clock_times() == [held, held]
    finally:
        i18n.install("en")
    assert "ring B closed to non-local cars at 07:00" in demo.callout_label.text()
    window.training.leave_demo()
    assert not demo.pair.is_active() and window.form_dock.isVisible()


@pytest.mark.parametrize("name", ["transfer_centre_4_october.toml", "why_ring_c.toml"])
def test_a_bundled_lesson_steps_from_start_to_end(qtbot, window, name: str) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from sim.interop.lessons import load_lesson

    demo = window.training.demo
    failures: list[str] = []
    demo.demo_failed.connect(failures.append)
    _fast(window)
    path = REPO / "lessons" / name
    states = load_lesson(path).states
    with qtbot.waitSignal(demo.step_shown, timeout=STEP_TIMEOUT_MS):
        assert window.training.open_lesson(path)
    assert demo.step == 0 and window.training.act_next_step.isEnabled() is True and not window.training.act_prev_step.isEnabled()
    for k in range(1, len(states)):
        with qtbot.waitSignal(demo.step_shown, timeout=STEP_TIMEOUT_MS, check_params_cb=lambda i, k=k: i == k):
            qtbot.keyClick(window, Qt.Key.Key_Right)  # the arrow key, as a trainer presses it
        state = states[k]
        assert demo.step == k and demo.pair.t_s == state.t_s and demo.clock_times() == [state.t_s, state.t_s], k
        assert demo.start_date == state.start_date
        assert [s.map.highlighted for s in demo.sides] == [state.highlight, state.highlight]
        if state.caption is not None:
            assert demo.caption.isVisible() and demo.caption.text() == state.caption.en
        assert not failures, failures
    assert not window.training.act_next_step.isEnabled() and "Step {0} of {0}".format(len(states)) in demo.step_label.text()
    kinds = {c.kind for c in demo.callouts}
    assert "ring" in kinds and "centre" in kinds, [c.text for c in demo.callouts]
    # back one step: the earlier state again (the runs start over and run to it)
    with qtbot.waitSignal(demo.step_shown, timeout=STEP_TIMEOUT_MS):
        qtbot.keyClick(window, Qt.Key.Key_Left)
    assert demo.step == len(states) - 2 and demo.pair.t_s == states[-2].t_s
    window.training.leave_demo()


def test_a_wrong_lesson_shows_a_dialog_naming_the_key(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad_lesson.toml"
    text = (REPO / "lessons" / "why_ring_c.toml").read_text(encoding="utf-8").replace('ring = "C"', 'ring = "Z"', 1)
    absolute = text.replace('"../scenarios/', f'"{(REPO / "scenarios").as_posix()}/').replace(
        '"scenarios/', f'"{(REPO / "lessons" / "scenarios").as_posix()}/')
    bad.write_text(absolute, encoding="utf-8")
    assert not window.training.open_lesson(bad)
    box = window.last_dialog
    assert box.isVisible() and "bad_lesson.toml: steps[3].ring: expected 'A', 'B', 'C' or 'D', got \"Z\"" in box.text()
    box.close()
    bad.write_text(absolute.replace('ring = "Z"', 'ring = "C"'), encoding="utf-8")  # absolute paths: refused
    assert not window.training.open_lesson(bad) and "steps[0].left.file: expected a path relative to this file's folder" in window.last_dialog.text()
    bad.write_text(text.replace('ring = "Z"', 'ring = "C"').replace('"../scenarios/', '"../../' + "x/"), encoding="utf-8")
    assert not window.training.open_lesson(bad) and "leads outside the folders" in window.last_dialog.text()
    assert not window.training.in_demo() and window.isVisible()


def test_the_presentation_view_is_large_thick_and_keeps_the_run(qtbot, window, no_rings: Path) -> None:  # type: ignore[no-untyped-def]
    _fast(window)
    window.resize(1600, 1000)  # the size the presentation's type is designed for (scale 1)
    assert window.training.show_side_by_side(SHORT, no_rings, play=False)
    demo = window.training.demo
    normal_width = demo.sides[0].map.link_items[0][0].opts["pen"].widthF()
    clock_px = demo.clock.fontInfo().pixelSize()
    window.training.set_presentation(True, full_screen=False)
    assert window.training.act_presentation.isChecked()
    assert demo.sides[0].map.link_items[0][0].opts["pen"].widthF() > 2 * normal_width - 0.01
    assert demo.clock.fontInfo().pixelSize() > 1.8 * clock_px
    assert demo.speed_curves[0].opts["pen"].widthF() >= 5
    with qtbot.waitSignal(demo.pair.clock_held, timeout=STEP_TIMEOUT_MS):
        demo.pair.run_to(3 * 3600)
    window.training.set_presentation(False, full_screen=False)
    assert demo.sides[0].map.link_items[0][0].opts["pen"].widthF() == normal_width and demo.pair.t_s == 3 * 3600
    window.training.leave_demo()


def test_recording_writes_a_numbered_png_sequence(qtbot, window, no_rings: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import gui.runs.recording

    monkeypatch.setattr(gui.runs.recording.shutil, "which", lambda _name: None)  # the PNG path, whatever this machine has
    _fast(window)
    assert window.training.show_side_by_side(SHORT, no_rings, play=False)
    assert not window.training.act_export_demo.isEnabled()  # not before the runs stand at midnight
    with qtbot.waitSignal(window.training.demo.pair.started, timeout=STEP_TIMEOUT_MS):
        pass
    folder = tmp_path / "frames"
    window.training.start_recording(folder, 60)  # one frame per simulated hour
    assert window.training.act_stop_recording.isEnabled()
    with qtbot.waitSignal(window.training.demo.pair.clock_held, timeout=STEP_TIMEOUT_MS):
        window.training.demo.pair.run_to(3 * 3600)
    files = window.training.stop_recording()
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["frame_00001.png", "frame_00002.png", "frame_00003.png", "frame_00004.png"]  # 00:00, 01:00, 02:00, 03:00
    assert [p.name for p in files] == names and all(p.stat().st_size > 10_000 for p in files)
    from PySide6.QtGui import QImage

    assert QImage(str(files[-1])).width() == window.training.demo.width()
    assert not window.training.act_stop_recording.isEnabled() and "no ffmpeg" in window.statusBar().currentMessage()
    window.training.leave_demo()


def test_the_presentation_view_fits_a_1366x768_screen(qtbot, window, no_rings: Path) -> None:  # type: ignore[no-untyped-def]
    _fast(window)
    window.resize(1366, 768)
    assert window.training.show_side_by_side(SHORT, no_rings, play=False)
    demo = window.training.demo
    window.training.set_presentation(True, full_screen=False)
    window.resize(1366, 768)
    qtbot.wait(100)
    assert window.minimumSizeHint().width() <= 1366 and window.width() <= 1366  # nothing pushes it wider than the screen
    for side in demo.sides:
        assert side.map.height() >= 150, side.map.height()  # a map, not a strip
        assert "white-space:nowrap" in side.figures.text()  # numbers never break
    window.training.set_presentation(False, full_screen=False)
    window.training.leave_demo()
