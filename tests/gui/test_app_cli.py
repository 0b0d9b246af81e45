"""`gusu gui` on the command line: every wrong input says why on stderr, exits 2 and saves no picture.

Each case runs the real command in a child process (offscreen, with a private settings folder),
as a trainer or a CI job would, and checks the exit status, the whole message and that no
screenshot was written: a picture of a window that failed to load would mislead whoever reads it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BAD = REPO / "tests" / "data" / "bad_scenarios"
LESSON = REPO / "lessons" / "why_ring_c.toml"
LESSON_STEPS = 13


def gusu_gui(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"))
    return subprocess.run([sys.executable, "-m", "sim.cli", "gui", *args], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)


def assert_refused(result: subprocess.CompletedProcess[str], shot: Path, message: str) -> None:
    assert result.returncode == 2, result
    assert message in result.stderr.splitlines(), result.stderr
    assert "Traceback" not in result.stderr
    assert not shot.exists(), "a picture of a window that failed was saved"


def test_size_that_is_not_wxh_is_named_and_exits_2(tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    result = gusu_gui(tmp_path, "--size", "abc", "--screenshot", str(shot))
    assert_refused(result, shot, "gusu gui: error: argument --size: expected WIDTHxHEIGHT such as 1366x768, got 'abc'")


@pytest.mark.parametrize(("name", "message"), [
    ("unknown_key.toml", 'run.platoon_size: unknown key "platoon_size"; did you mean "platoon_size_veh"?'),
    ("unknown_segment.toml", "network.closed_segments[0]: no segment 'renmin_99' in the network"),  # found only by building
])
def test_broken_scenario_prints_the_loaders_message_and_saves_no_picture(tmp_path: Path, name: str, message: str) -> None:
    shot = tmp_path / "shot.png"
    result = gusu_gui(tmp_path, str(BAD / name), "--screenshot", str(shot))
    assert_refused(result, shot, f"{BAD / name}: {message}")


def test_missing_lesson_is_named_and_exits_2(tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    result = gusu_gui(tmp_path, "--lesson", "no_such_lesson.toml", "--screenshot", str(shot))
    assert_refused(result, shot, "no_such_lesson.toml: cannot read the file (No such file or directory)")


def test_broken_lesson_names_file_and_key_and_exits_2(tmp_path: Path) -> None:
    lesson = tmp_path / "broken_lesson.toml"
    lesson.write_text('schema_version = 1\ntitle = "x"\nsteps = 3\n', encoding="utf-8")
    shot = tmp_path / "shot.png"
    result = gusu_gui(tmp_path, "--lesson", lesson.name, "--screenshot", str(shot))
    assert_refused(result, shot, 'broken_lesson.toml: steps: expected an array, got 3')


def test_step_without_a_lesson_is_an_error(tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    result = gusu_gui(tmp_path, "--step", "3", "--screenshot", str(shot))
    assert_refused(result, shot, "gusu gui: --step: a step of which lesson? give --lesson FILE too")


@pytest.mark.parametrize("step", ["0", "99"])
def test_step_outside_the_lesson_is_an_error(tmp_path: Path, step: str) -> None:
    shot = tmp_path / "shot.png"
    result = gusu_gui(tmp_path, "--lesson", str(LESSON), "--step", step, "--screenshot", str(shot))
    assert_refused(result, shot, f"gusu gui: --step: {LESSON} has steps 1 to {LESSON_STEPS}, got {step}")


def test_gui_help_lists_its_options_and_exits_0(tmp_path: Path) -> None:
    result = gusu_gui(tmp_path, "--help")
    assert result.returncode == 0, result.stderr
    for option in ("--screenshot", "--size", "--lesson", "--step", "--presentation", "--lang"):
        assert option in result.stdout


def test_good_lesson_and_step_pass_the_check() -> None:
    from gui.app import input_problem, make_parser

    args = make_parser().parse_args(["--lesson", str(LESSON), "--step", str(LESSON_STEPS), "--size", "1366x768"])
    assert input_problem(args) is None
    assert args.size == (1366, 768)
    assert input_problem(make_parser().parse_args([str(REPO / "scenarios" / "normal_workday_2019.toml")])) is None
