"""Saving keeps what people wrote: change one value and the file changes on that one line.

The copies live in a temporary copy of scenarios/ (the network beside them), so saving
with check=True loads them as the GUI would. A failed save leaves the file as it was.
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest

from sim.engine import atomic_file
from sim.scenario import ScenarioError, load_scenario
from sim.scenario.saving import ScenarioDocument, atomic_write, dumps_resolved, save_edits, save_value, split_key_path

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "scenarios", tmp_path / "scenarios")
    return tmp_path / "scenarios"


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_round_trip_changes_one_line(folder: Path) -> None:
    path = folder / "national_day_2019.toml"
    before = path.read_text(encoding="utf-8")
    doc = ScenarioDocument.open(path)
    doc.set("behaviour.compliance", 0.9)
    doc.save()
    after = path.read_text(encoding="utf-8")
    old = next(line for line in before.splitlines() if line.startswith("compliance = "))
    assert changed_lines(before, after) == ["-" + old, "+" + old.replace("0.95", "0.9", 1)]
    assert "# cameras fully live" in after.splitlines()[before.splitlines().index(old)]  # the comment stays
    assert load_scenario(path).scenario.behaviour.compliance == 0.9


@pytest.mark.parametrize(("key", "value"), [
    ("run.seed", 2020),
    ("days[3].tourist_factor", 1.6),
    ("rings.B.rules[0].hours", ["07:00-20:00"]),
    ("transfer_centres.north_bus_station.shuttle.fleet", 25),
    ("demand.nonlocal_share.holiday", 0.22),
])
def test_any_key_changes_exactly_its_line(folder: Path, key: str, value: object) -> None:
    path = folder / "national_day_2019.toml"
    before = path.read_text(encoding="utf-8")
    save_value(path, key, value)
    diff = changed_lines(before, path.read_text(encoding="utf-8"))
    assert len(diff) == 2 and diff[0].startswith("-") and diff[1].startswith("+"), diff
    assert ScenarioDocument.open(path).get(key) == value


def test_dotted_keys_of_a_small_file_stay_dotted(folder: Path) -> None:
    path = folder / "national_day_no_control.toml"
    before = path.read_text(encoding="utf-8")
    save_value(path, "rings.C.enabled", True)
    assert changed_lines(before, path.read_text(encoding="utf-8")) == ["-rings.C.enabled = false", "+rings.C.enabled = true"]
    assert load_scenario(path).scenario.rings["C"].enabled is True


def test_a_key_the_small_file_lacks_is_added_and_the_rest_kept(folder: Path) -> None:
    path = folder / "national_day_no_control.toml"
    before = path.read_text(encoding="utf-8")
    save_value(path, "run.seed", 7)
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))  # nothing above was touched
    assert load_scenario(path).scenario.run.seed == 7
    doc = ScenarioDocument.open(path)
    doc.unset("run.seed")
    doc.save()
    assert load_scenario(path).scenario.run.seed == load_scenario(folder / "national_day_2019.toml").scenario.run.seed


def test_an_invalid_value_is_not_saved(folder: Path) -> None:
    path = folder / "national_day_2019.toml"
    before = path.read_bytes()
    doc = ScenarioDocument.open(path)
    doc.set("run.bin_min", 0)
    with pytest.raises(ScenarioError) as info:
        doc.save()
    assert info.value.problems == [f"{path}: run.bin_min: expected one of 1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60, got 0"]
    assert path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in (REPO / "scenarios").iterdir())


def test_a_failed_write_never_truncates_the_file(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = folder / "national_day_2019.toml"
    before = path.read_bytes()

    def disk_full(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_file.os, "replace", disk_full)
    doc = ScenarioDocument.open(path)
    doc.set("run.seed", 1)
    with pytest.raises(ScenarioError) as info:
        doc.save()
    assert info.value.problems == [f"{path}: cannot save (No space left on device); the file was not changed"]
    assert path.read_bytes() == before
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")], "the temporary file is removed"


def test_atomic_write_keeps_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    path.write_text("x = 1\n")
    os.chmod(path, 0o640)
    atomic_write(path, b"x = 2\n")
    assert path.read_text() == "x = 2\n" and (path.stat().st_mode & 0o777) == 0o640


def test_save_as_writes_a_new_file_and_keeps_the_old(folder: Path) -> None:
    path = folder / "normal_workday_2019.toml"
    was = load_scenario(path).scenario.days[0].traffic_factor
    assert was != 1.1
    doc = ScenarioDocument.open(path)
    doc.set("days[0].traffic_factor", 1.1)
    doc.save(folder / "busy_workday.toml")
    assert load_scenario(folder / "busy_workday.toml").scenario.days[0].traffic_factor == 1.1
    assert load_scenario(path).scenario.days[0].traffic_factor == was
    assert doc.path == folder / "busy_workday.toml"


def test_show_output_loads_to_the_same_meaning(folder: Path) -> None:
    loaded = load_scenario(folder / "national_day_no_control.toml")
    (folder / "flat.toml").write_text(dumps_resolved(loaded.resolved, ["flattened"]), encoding="utf-8")
    again = load_scenario(folder / "flat.toml")
    assert again.resolved == loaded.resolved and again.resolved_sha256 == loaded.resolved_sha256


def test_key_paths() -> None:
    assert split_key_path("rings.B.rules[0].hours") == ("rings", "B", "rules", 0, "hours")
    assert split_key_path('parking.zone_spaces."odd key"') == ("parking", "zone_spaces", "odd key")
    assert split_key_path(("days", 2, "date")) == ("days", 2, "date")
    with pytest.raises(ValueError):
        split_key_path("rings..B")


SHORT = REPO / "tests" / "gui" / "data" / "short_day.toml"  # extends "../../../scenarios/national_day_2019.toml"


def test_save_as_into_another_folder_rebases_extends(tmp_path: Path) -> None:
    target = tmp_path / "team" / "mine.toml"
    target.parent.mkdir()
    save_edits(SHORT, {("behaviour", "compliance"): 0.9}, {}, target)
    written = ScenarioDocument.open(target).get("extends")
    assert written == Path(os.path.relpath(REPO / "scenarios" / "national_day_2019.toml", target.parent)).as_posix()
    loaded = load_scenario(target)
    assert loaded.scenario.behaviour.compliance == 0.9
    assert ScenarioDocument.open(SHORT).get("extends") == "../../../scenarios/national_day_2019.toml"  # the source is untouched


def test_save_as_into_the_same_folder_keeps_extends_as_written(tmp_path: Path) -> None:
    shutil.copytree(REPO / "scenarios", tmp_path / "scenarios")
    source = tmp_path / "scenarios" / "national_day_no_control.toml"
    before = ScenarioDocument.open(source).get("extends")
    save_edits(source, {}, {}, tmp_path / "scenarios" / "copy.toml")
    assert ScenarioDocument.open(tmp_path / "scenarios" / "copy.toml").get("extends") == before


def test_save_as_into_a_missing_folder_says_the_folder_is_missing(tmp_path: Path) -> None:
    target = tmp_path / "no such folder" / "mine.toml"
    with pytest.raises(ScenarioError) as err:
        save_edits(SHORT, {}, {}, target)
    assert str(err.value) == (f"{target}: the folder {target.parent} does not exist; "
                              "choose a folder that exists, or create it first")
    assert not target.parent.exists()


def test_an_error_in_a_childs_own_rule_names_the_child(tmp_path: Path) -> None:
    base = Path(os.path.relpath(REPO / "scenarios" / "national_day_2019.toml", tmp_path)).as_posix()
    child = tmp_path / "my_rings.toml"
    child.write_text(f'schema_version = 2\nextends = "{base}"\n\n[[rings.B.rules]]\nrefuse = ["nonlocal_car"]\n'
                     'hours = ["08:00-18:00"]\n', encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        load_scenario(child)
    assert err.value.problems[0].startswith(f"{child}: rings.B.rules[0].day_types: ")
    assert "national_day_2019.toml" not in str(err.value)
