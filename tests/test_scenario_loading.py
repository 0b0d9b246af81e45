"""Loading scenario files: bundled ones validate, extends merges, old versions migrate, paths stay put.

What each test shows is in its name and docstring. The bundled national_day_2019.toml is
being tuned by others, so no test here pins its numbers: they compare files with each other.
"""

from __future__ import annotations

import copy
import os
import tomllib
from pathlib import Path
from typing import Any

import pytest

from sim import cli
from sim.scenario import LoadedScenario, ScenarioError, load_scenario
from sim.scenario.loader import BUNDLED_SCENARIOS, canonical_json, load_scenario_bytes
from sim.scenario.migrations import MIGRATIONS, OLDEST_VERSION
from sim.scenario.schema import SCHEMA_VERSION

REPO = Path(__file__).resolve().parent.parent
SCENARIOS = REPO / "scenarios"
BASE = SCENARIOS / "national_day_2019.toml"
OLD = REPO / "tests" / "data" / "old_versions"
BUNDLED = sorted(SCENARIOS.glob("*.toml"))


def problems_of(raw: str | bytes, path: Path = SCENARIOS / "test_input.toml", **kw: Any) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load_scenario_bytes(raw.encode() if isinstance(raw, str) else raw, path, display=path.name, **kw)
    return info.value.problems


def with_base(text: str) -> str:
    return 'schema_version = 2\nextends = "national_day_2019.toml"\n' + text


# ---- the bundled scenarios ----

@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_every_bundled_scenario_validates(path: Path) -> None:
    loaded = load_scenario(path)
    assert loaded.scenario.schema_version == SCHEMA_VERSION
    assert (loaded.base_dir / loaded.scenario.network.file).resolve() == loaded.network_path


@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_every_bundled_scenario_starts_with_a_comment_header(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = [line for line in lines[: lines.index(next(line for line in lines if line.startswith("schema_version")))] if line.startswith("#")]
    assert len(header) >= 3 and any("ASSUMPTION" in line.upper() for line in header), "say what it shows and what it assumes"


def test_gusu_validate_accepts_all_bundled(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["validate", *map(str, BUNDLED)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert [line.split(": ")[1].split(" ")[0] for line in out.splitlines()] == ["valid"] * len(BUNDLED)


# ---- extends ----

def _applied(base: dict[str, Any], changes: dict[tuple[Any, ...], Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for path, value in changes.items():
        node = out
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return out


def test_no_control_is_the_base_with_its_overrides() -> None:
    base, small = load_scenario(BASE), load_scenario(SCENARIOS / "national_day_no_control.toml")
    overrides = tomllib.loads((SCENARIOS / "national_day_no_control.toml").read_text(encoding="utf-8"))
    changes: dict[tuple[Any, ...], Any] = {("name",): overrides["name"], ("description",): overrides["description"]}
    changes.update({("rings", ring, "enabled"): False for ring in "ABCD"})
    assert small.resolved == _applied(base.resolved, changes)
    assert all(c.open for c in small.scenario.transfer_centres.values())


def test_gusu_show_of_an_extending_file_is_the_base_with_the_overrides(capsys: pytest.CaptureFixture[str]) -> None:
    base = load_scenario(BASE)
    assert cli.main(["show", str(SCENARIOS / "national_day_no_control.toml")]) == 0
    shown = tomllib.loads(capsys.readouterr().out)
    changes: dict[tuple[Any, ...], Any] = {("name",): shown["name"], ("description",): shown["description"]}
    changes.update({("rings", ring, "enabled"): False for ring in "ABCD"})
    assert shown == _applied(base.resolved, changes)
    assert shown["name"] != base.resolved["name"]


def test_workday_replaces_the_calendar_and_keeps_the_rest() -> None:
    base, day = load_scenario(BASE), load_scenario(SCENARIOS / "normal_workday_2019.toml")
    own = tomllib.loads((SCENARIOS / "normal_workday_2019.toml").read_text())["days"]  # its traffic factor is a fitted value
    assert [(d["date"].isoformat(), d["day_type"], d["traffic_factor"], d["tourist_factor"]) for d in day.resolved["days"]] == [
        ("2019-09-04", "workday", own[0]["traffic_factor"], 1.0)]  # arrays replace, they do not merge
    # Guangji Rd is closed only with the holiday ring D: the workday reopens it
    assert day.resolved["network"]["closed_segments"] == [s for s in base.resolved["network"]["closed_segments"] if not s.startswith("guangji")]
    skip = ("name", "description", "days", "network")
    assert {k: v for k, v in day.resolved.items() if k not in skip} == {k: v for k, v in base.resolved.items() if k not in skip}
    assert {k: v for k, v in day.resolved["network"].items() if k != "closed_segments"} == {
        k: v for k, v in base.resolved["network"].items() if k != "closed_segments"}


def test_tables_merge_key_by_key(tmp_path: Path) -> None:
    small = SCENARIOS / "x.toml"
    loaded = load_scenario_bytes(with_base("[run]\nseed = 7\n[demand.tourist.vehicles_per_day]\nholiday = 123\n").encode(), small)
    base = load_scenario(BASE).resolved
    assert loaded.resolved["run"] == dict(base["run"], seed=7)
    assert loaded.resolved["demand"]["tourist"]["vehicles_per_day"] == dict(base["demand"]["tourist"]["vehicles_per_day"], holiday=123.0)


def test_a_file_in_another_folder_finds_the_network_next_to_its_base(tmp_path: Path) -> None:
    """network.file is relative to the file that writes it; base_dir + network.file still opens it."""
    team = tmp_path / "team"
    team.mkdir()
    rel = Path(os.path.relpath(BASE, team)).as_posix()
    (team / "ours.toml").write_text(f'schema_version = 2\nextends = "{rel}"\nrings.D.enabled = false\n', encoding="utf-8")
    loaded = load_scenario(team / "ours.toml")
    assert loaded.network_path == (SCENARIOS / "networks" / "old_town.toml").resolve()
    assert (loaded.base_dir / loaded.scenario.network.file).resolve() == loaded.network_path
    assert loaded.files == (BASE.resolve(), (team / "ours.toml").resolve())
    from sim.engine.network import load_network

    assert load_network(loaded.base_dir / loaded.scenario.network.file).zones  # Model() opens it this way


def test_extends_outside_the_opened_folders_needs_a_root(tmp_path: Path) -> None:
    (tmp_path / "shared").mkdir()
    (tmp_path / "team").mkdir()
    base = BASE.read_text(encoding="utf-8").replace('"networks/old_town.toml"',
                                                    f'"{Path(os.path.relpath(SCENARIOS / "networks" / "old_town.toml", tmp_path / "shared")).as_posix()}"')
    (tmp_path / "shared" / "base.toml").write_text(base, encoding="utf-8")
    (tmp_path / "team" / "t.toml").write_text('schema_version = 2\nextends = "../shared/base.toml"\n', encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(tmp_path / "team" / "t.toml")
    assert "extends: " in info.value.problems[0] and "leads outside the folders this scenario may read" in info.value.problems[0]
    loaded = load_scenario(tmp_path / "team" / "t.toml", roots=[tmp_path / "shared"])
    assert loaded.resolved["name"] == load_scenario(BASE).resolved["name"]


def test_a_symlink_pointing_out_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.toml").write_text("schema_version = 2\n", encoding="utf-8")
    inside = tmp_path / "inside"
    inside.mkdir()
    (inside / "link.toml").symlink_to(outside / "secret.toml")
    (inside / "t.toml").write_text('schema_version = 2\nextends = "link.toml"\n', encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(inside / "t.toml")
    assert info.value.problems[0].startswith(f"{inside / 't.toml'}: extends: \"link.toml\" leads outside the folders")


def test_problems_are_named_by_the_file_that_wrote_the_key(tmp_path: Path) -> None:
    base = tmp_path / "base.toml"
    base.write_text(BASE.read_text(encoding="utf-8").replace("compliance = 0.95", "compliance = 1.95").replace(
                                                             '"networks/old_town.toml"', '"net.toml"'), encoding="utf-8")
    (tmp_path / "net.toml").write_bytes((SCENARIOS / "networks" / "old_town.toml").read_bytes())
    (tmp_path / "small.toml").write_text('schema_version = 2\nextends = "base.toml"\n[run]\nbin_min = 0\n', encoding="utf-8")
    problems = problems_of((tmp_path / "small.toml").read_bytes(), tmp_path / "small.toml")
    assert problems == ["small.toml: run.bin_min: expected one of 1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60, got 0",
                        "base.toml: behaviour.compliance: expected a number from 0 to 1 (share 0-1), got 1.95"]


# ---- versions ----

def test_every_old_version_has_a_migration_and_a_fixture() -> None:
    assert sorted(MIGRATIONS) == list(range(OLDEST_VERSION, SCHEMA_VERSION))
    for version in range(OLDEST_VERSION, SCHEMA_VERSION):
        fixtures = [p for p in OLD.glob("*.toml") if tomllib.loads(p.read_text(encoding="utf-8"))["schema_version"] == version]
        assert fixtures, f"keep one schema_version {version} file in tests/data/old_versions/"


def test_the_v1_file_means_what_the_v2_file_means() -> None:
    v1, v2 = load_scenario(OLD / "national_day_v1.toml"), load_scenario(OLD / "national_day_v2.toml")
    assert v1.resolved == v2.resolved
    assert v1.resolved_sha256 == v2.resolved_sha256
    assert v1.sha256 != v2.sha256  # different bytes, same meaning
    raw = tomllib.loads((OLD / "national_day_v1.toml").read_text(encoding="utf-8"))
    assert raw["schema_version"] == 1 and "simulation" in raw and "run" not in raw
    assert isinstance(raw["demand"]["nonlocal_share"], float)
    assert v1.scenario.run.platoon_size_veh == raw["simulation"]["platoon_size"]
    assert v1.scenario.demand.nonlocal_share.of("workday") == raw["demand"]["nonlocal_share"]


def test_a_v2_file_may_extend_a_v1_file() -> None:
    loaded = load_scenario_bytes(b'schema_version = 2\nextends = "national_day_v1.toml"\n[run]\nseed = 5\n', OLD / "small.toml")
    assert loaded.scenario.run.seed == 5
    assert loaded.scenario.demand.tourist_nonlocal_share.of("weekend") == 0.6


def test_problems_in_a_v1_file_use_its_own_key_names() -> None:
    text = (OLD / "national_day_v1.toml").read_text(encoding="utf-8")
    text = text.replace("platoon_size = 1 ", "platoon_size = 0 ").replace("nonlocal_share = 0.2", "nonlocal_share = 1.2")
    assert problems_of(text, OLD / "v1.toml") == [
        "v1.toml: simulation.platoon_size: expected a whole number from 1 to 50 (vehicles), got 0",
        "v1.toml: demand.nonlocal_share: expected a number from 0 to 1 (share 0-1), got 1.2",
    ]


def test_a_v1_file_with_the_v2_table_name_is_told_which_name_it_needs() -> None:
    text = (OLD / "national_day_v1.toml").read_text(encoding="utf-8").replace("[simulation]", "[run]")
    assert problems_of(text, OLD / "v1.toml") == [
        ('v1.toml: run: unknown key "run" in a schema_version 1 file: version 1 calls this table [simulation]; '
         "rename it, or set schema_version = 2")]


# ---- errors ----

def test_cross_field_problems_name_their_keys() -> None:
    problems = problems_of(with_base('[demand.tourist]\nprofile = "tourism"\n[demand.coach]\nprofile = "coaches"\n'))
    assert [p.split(": expected")[0] for p in problems] == ["test_input.toml: demand.tourist.profile", "test_input.toml: demand.coach.profile"]
    assert problems[0].endswith('got "tourism"')


def test_days_must_be_consecutive_at_the_date_that_breaks_it() -> None:
    days = "".join(f'[[days]]\ndate = 2019-10-0{d}\nday_type = "holiday"\n' for d in (1, 2, 4))
    assert problems_of(with_base(days)) == ["test_input.toml: days[2].date: expected 2019-10-03 (days are consecutive dates), got 2019-10-04"]


def test_unknown_ring_and_bad_ids_are_reported_at_the_key() -> None:
    problems = problems_of(with_base("[rings.E]\nenabled = false\n[parking.zone_spaces]\nGuanqian = 3\n"))
    assert problems == [
        'test_input.toml: rings.E: invalid key: expected one of "A", "B", "C", "D", got "E"',
        ('test_input.toml: parking.zone_spaces.Guanqian: invalid key: expected an id (lowercase letters, digits and "_", 1 to 64 '
         'characters), got "Guanqian"'),
    ]


@pytest.mark.parametrize(("text", "expected"), [
    ("[run]\nseed = 1\n[run]\nbin_min = 2\n", "test_input.toml: run: duplicate key at line 5"),
    ("[run]\nseed = {a = 1, a = 2}\n", "test_input.toml: run.seed.a: duplicate key at line 4"),
    ("name = 'x'\nname = 'y'", "test_input.toml: name: duplicate key at line 4"),
])
def test_duplicate_keys_name_the_key_and_line(text: str, expected: str) -> None:
    assert problems_of(with_base(text))[0].startswith(expected)


def test_nesting_by_headers_is_refused_before_it_is_walked() -> None:
    problem = problems_of(with_base("[run." + ".".join("x" * 9) + "]\n"))
    assert problem == ["test_input.toml: run.x.x.x.x.x: nested deeper than any scenario key (at most 6 levels of tables and arrays)"]


def test_a_utf8_byte_order_mark_is_accepted() -> None:
    loaded = load_scenario_bytes(b"\xef\xbb\xbf" + BASE.read_bytes(), SCENARIOS / "bom.toml")
    assert loaded.resolved == load_scenario(BASE).resolved


def test_values_are_taken_as_written() -> None:
    assert problems_of(with_base('[run]\nseed = "5"\n[rings.A]\nenabled = "yes"\n')) == [
        'test_input.toml: run.seed: expected a whole number from 0 to 2^63-1, got "5"',
        'test_input.toml: rings.A.enabled: expected true or false, got "yes"',
    ]


# ---- provenance ----

def test_resolved_sha256_is_the_meaning_not_the_bytes() -> None:
    base = load_scenario(BASE)
    text = BASE.read_text(encoding="utf-8")
    stripped = "\n".join(line.split("#")[0].rstrip() for line in text.splitlines() if not line.startswith("#"))
    again = load_scenario_bytes(stripped.encode(), BASE)
    assert again.sha256 != base.sha256
    assert again.resolved_sha256 == base.resolved_sha256
    changed = load_scenario_bytes(text.replace("seed = 2019", "seed = 2020").encode(), BASE)
    assert changed.resolved_sha256 != base.resolved_sha256


def test_results_carry_the_resolved_sha256() -> None:
    loaded = load_scenario(SCENARIOS / "national_day_no_control.toml")
    import hashlib

    assert loaded.resolved_sha256 == hashlib.sha256(canonical_json(loaded.resolved).encode()).hexdigest()
    assert loaded.sha256 == hashlib.sha256((SCENARIOS / "national_day_no_control.toml").read_bytes()).hexdigest()


def test_loaded_scenario_keeps_its_fields() -> None:
    loaded = load_scenario(BASE)
    assert isinstance(loaded, LoadedScenario)
    assert loaded.path == BASE and loaded.base_dir == SCENARIOS.resolve()
    assert loaded.resolved["schema_version"] == SCHEMA_VERSION and "extends" not in loaded.resolved


def test_bundled_root_is_the_scenarios_folder() -> None:
    assert BUNDLED_SCENARIOS == SCENARIOS.resolve()
