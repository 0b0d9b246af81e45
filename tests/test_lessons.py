"""Lesson files: the bundled ones are valid, and a wrong one is refused naming the file and the key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sim.cli import main as gusu_main
from sim.interop.lessons import BUNDLED_LESSONS, bundled_lessons, load_lesson
from sim.scenario import ScenarioError

GOOD = """schema_version = 1
title = { en = "A test lesson", zh = "测试课程" }

[[steps]]
kind = "load"
left = { file = "national_day_2019.toml", label = { en = "With", zh = "有" } }
right = { file = "national_day_no_control.toml", label = { en = "Without", zh = "无" } }

[[steps]]
kind = "jump"
date = 2019-10-04
time = "06:45"

[[steps]]
kind = "run_to"
time = "10:45"

[[steps]]
kind = "highlight"
ring = "B"

[[steps]]
kind = "caption"
text = { en = "Look", zh = "看" }
"""


def _scenarios() -> Path:
    return BUNDLED_LESSONS.parent / "scenarios"


def in_lessons(tmp_path: Path, text: str) -> Path:
    """A lesson file whose scenario paths point into the bundled scenarios folder, written in tmp_path."""
    import os

    rel = Path(os.path.relpath(_scenarios(), tmp_path)).as_posix()
    path = tmp_path / "lesson.toml"
    path.write_text(text.replace('file = "', f'file = "{rel}/'), encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load_lesson(path)
    return info.value.problems


def test_the_bundled_lessons_are_valid_and_plan_every_step() -> None:
    files = bundled_lessons()
    assert {f.name for f in files} == {"transfer_centre_4_october.toml", "why_ring_c.toml"}
    for f in files:
        lesson = load_lesson(f)
        assert len(lesson.states) == len(lesson.lesson.steps)
        assert lesson.title.en and lesson.title.zh
        assert all(s.left.is_file() and s.right.is_file() for s in lesson.states)
        times = [s.t_s for s in lesson.states]
        assert times == sorted(times)  # these two only run forward
    four = load_lesson(BUNDLED_LESSONS / "transfer_centre_4_october.toml")
    assert four.states[-1].start_date == dt.date(2019, 10, 4) and four.states[-1].t_s == 12 * 3600
    assert ("centre", "north_bus_station") in [s.highlight for s in four.states]
    assert gusu_main(["lesson", "validate"]) == 0


def test_a_good_lesson_plans_its_states(tmp_path: Path) -> None:
    lesson = load_lesson(in_lessons(tmp_path, GOOD))
    kinds = [s.kind for s in lesson.states]
    assert kinds == ["load", "jump", "run_to", "highlight", "caption"]
    assert [s.t_s for s in lesson.states] == [0.0, 6.75 * 3600, 10.75 * 3600, 10.75 * 3600, 10.75 * 3600]
    assert [s.animate for s in lesson.states] == [False, False, True, False, False]
    assert lesson.states[-1].highlight == ("ring", "B") and lesson.states[-1].caption.get("zh_CN") == "看"
    assert lesson.states[1].start_date == dt.date(2019, 10, 4)


@pytest.mark.parametrize(("change", "expected"), [
    (('time = "10:45"', 'time = "7"'), 'lesson.toml: steps[2].time: expected "HH:MM" (00:00-23:59), got "7"'),
    (('time = "10:45"', 'time = "06:00"'),
     'lesson.toml: steps[2].time: expected a time after the clock\'s 2019-10-04 06:45, got 2019-10-04 06:00; to go back, use a "jump" step'),
    (('kind = "caption"', 'kind = "captoin"'),
     'lesson.toml: steps[4].kind: expected one of "load", "jump", "run_to", "highlight", "caption", got "captoin"; did you mean "caption"?'),
    (('ring = "B"', 'ring = "E"'), "lesson.toml: steps[3].ring: expected 'A', 'B', 'C' or 'D', got \"E\""),
    (('ring = "B"', 'centre = "north_bus"'),
     'lesson.toml: steps[3].centre: expected a transfer centre of the scenarios (north_bus_station, panmen_south, sugi_depot, '
     'tiger_hill_north, west_bus_station, yuanlian), got "north_bus"; did you mean "north_bus_station"?'),
    (('ring = "B"', 'gate = "renmin_3"'),
     'lesson.toml: steps[3].gate: expected the segment id of a ring gate in the network, got "renmin_3"; did you mean "renmin_bridge"?'),
    (('date = 2019-10-04', 'date = 2019-11-04'),
     "lesson.toml: steps[1].date: expected a day both scenarios simulate (2019-10-01 to 2019-10-07), got 2019-11-04"),
    (('ring = "B"', 'ring = "B"\ncolour = "red"'),
     'lesson.toml: steps[3].colour: unknown key "colour"; expected one of \'kind\', \'ring\', \'gate\', \'centre\''),
    (('text = { en = "Look", zh = "看" }', 'text = { en = "Look" }'), "lesson.toml: steps[4].text.zh: missing required key"),
    (('title = { en', 'titel = { en'), 'lesson.toml: titel: unknown key "titel"; did you mean "title"?'),
    (('time = "06:45"', 'time = nan'), "lesson.toml: steps[1].time: expected a finite number, got nan"),
    (('schema_version = 1', 'schema_version = 7'),
     "lesson.toml: schema_version: expected 1, got 7; this program reads lesson files of version 1"),
])
def test_a_wrong_lesson_names_the_file_and_the_key(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    text = GOOD.replace(*change)
    assert text != GOOD
    assert expected in problems(in_lessons(tmp_path, text))


def test_scenario_paths_stay_in_the_lesson_folder_or_the_bundled_scenarios(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "x.toml").write_text("schema_version = 2\n", encoding="utf-8")
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    path = lessons / "lesson.toml"
    path.write_text(GOOD.replace('file = "national_day_2019.toml"', 'file = "../elsewhere/x.toml"'), encoding="utf-8")
    found = problems(path)
    assert any(p.startswith("lesson.toml: steps[0].left.file: \"../elsewhere/x.toml\" leads outside the folders") for p in found), found
    path.write_text(GOOD.replace('file = "national_day_2019.toml"', 'file = "/etc/passwd"'), encoding="utf-8")
    assert any("steps[0].left.file: expected a path relative to this file's folder" in p for p in problems(path))


def test_a_broken_scenario_in_a_lesson_is_named_with_both_files(tmp_path: Path) -> None:
    (tmp_path / "broken.toml").write_text('schema_version = 2\nextends = "nowhere.toml"\n', encoding="utf-8")
    path = in_lessons(tmp_path, GOOD)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(text.split('file = "')[1].split('"')[0], "broken.toml", 1), encoding="utf-8")
    found = problems(path)
    assert found and all(p.startswith("lesson.toml: steps[0].left.file: ") for p in found)
    assert any("broken.toml" in p and "nowhere.toml" in p for p in found)


def test_unsafe_text_is_refused_as_in_scenario_files(tmp_path: Path) -> None:
    path = tmp_path / "lesson.toml"
    path.write_bytes(b'schema_version = 1\ntitle = { en = "\xff", zh = "x" }\n')
    assert problems(path)[0].startswith("lesson.toml: title: not UTF-8 text")
    path.write_text('schema_version = 1\nschema_version = 1\n', encoding="utf-8")
    assert "duplicate key" in problems(path)[0]


def test_the_validate_command_exits_2_and_names_the_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = in_lessons(tmp_path, GOOD.replace('time = "10:45"', 'time = "25:00"'))
    from sim.cli import main as gusu

    assert gusu(["lesson", "validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert 'steps[2].time: expected "HH:MM" (00:00-23:59), got "25:00"' in err and "Traceback" not in err
    good = in_lessons(tmp_path, GOOD)
    assert gusu(["lesson", "validate", str(good)]) == 0
    assert "ok, 5 steps" in capsys.readouterr().out
