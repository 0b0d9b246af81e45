"""`gusu validate`, `gusu diff` and `gusu show`: what a person sees and the exit statuses."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from sim.cli import main
from sim.scenario import load_scenario

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _at_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_validate_reports_each_file(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "validate", "scenarios/national_day_no_control.toml", "scenarios/normal_workday_2019.toml")
    assert status == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].startswith("scenarios/national_day_no_control.toml: valid (7 days, extends 1 file; resolved sha256 ")
    assert lines[1].startswith("scenarios/normal_workday_2019.toml: valid (1 day, extends 1 file; resolved sha256 ")


def test_validate_a_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "validate", "scenarios/nope.toml")
    assert (status, out) == (2, "")
    assert err == "scenarios/nope.toml: cannot read the file (No such file or directory)\n"


def test_diff_lists_key_a_and_b(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "diff", "scenarios/national_day_2019.toml", "scenarios/national_day_no_control.toml")
    assert status == 1 and err == ""
    lines = out.splitlines()
    assert lines[:2] == ["A: scenarios/national_day_2019.toml", "B: scenarios/national_day_no_control.toml"]
    rows = [line.split() for line in lines if line.startswith("rings.")]
    assert rows == [[f"rings.{r}.enabled", "A:", "true", "B:", "false"] for r in "ABCD"]
    assert lines[-1] == "6 differences"


def test_diff_of_a_file_with_itself_and_of_v1_with_v2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "diff", "scenarios/national_day_2019.toml", "scenarios/national_day_2019.toml")[0] == 0
    status, out, _ = run(capsys, "diff", "tests/data/old_versions/national_day_v1.toml", "tests/data/old_versions/national_day_v2.toml")
    assert status == 0 and out.startswith("no differences in meaning")


def test_diff_walks_into_arrays_of_tables(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "diff", "scenarios/national_day_2019.toml", "scenarios/normal_workday_2019.toml")
    assert status == 1
    assert any(line.startswith("days[0].date") and "A: 2019-10-01" in line and "B: 2019-09-04" in line for line in out.splitlines())
    assert any(line.startswith("days[6].date") and "B: (not set)" in line for line in out.splitlines())


def test_diff_of_an_invalid_file_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "diff", "scenarios/national_day_2019.toml", "tests/data/bad_scenarios/bad_hours.toml")
    assert (status, out) == (2, "")
    assert "bad_hours.toml: rings.B.rules[0].hours[0]" in err


def test_show_prints_toml_that_is_the_resolved_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "show", "scenarios/normal_workday_2019.toml")
    assert status == 0 and err == ""
    loaded = load_scenario("scenarios/normal_workday_2019.toml")
    assert tomllib.loads(out) == loaded.resolved
    assert out.startswith("# scenarios/normal_workday_2019.toml, fully resolved")
    assert f"# resolved sha256: {loaded.resolved_sha256}" in out


def test_show_of_an_invalid_file_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "show", "tests/data/bad_scenarios/nan_value.toml")
    assert (status, out) == (2, "")
    assert err == "tests/data/bad_scenarios/nan_value.toml: behaviour.compliance: expected a finite number, got nan\n"


def test_diff_compares_a_network_by_its_content(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    shutil.copytree(REPO / "scenarios", tmp_path / "a")
    (tmp_path / "b" / "nets").mkdir(parents=True)
    shutil.copyfile(REPO / "scenarios" / "networks" / "old_town.toml", tmp_path / "b" / "nets" / "copy.toml")  # byte for byte
    text = (REPO / "scenarios" / "national_day_2019.toml").read_text(encoding="utf-8")
    (tmp_path / "b" / "same.toml").write_text(text.replace('file = "networks/old_town.toml"', 'file = "nets/copy.toml"'), encoding="utf-8")
    status, out, _ = run(capsys, "diff", str(tmp_path / "a" / "national_day_2019.toml"), str(tmp_path / "b" / "same.toml"))
    assert (status, out.splitlines()[0]) == (0, f"no differences in meaning between {tmp_path / 'a' / 'national_day_2019.toml'} and "
                                                f"{tmp_path / 'b' / 'same.toml'}")
    with open(tmp_path / "b" / "nets" / "copy.toml", "a", encoding="utf-8") as f:
        f.write("\n# one more line: another file now\n")
    status, out, _ = run(capsys, "diff", str(tmp_path / "a" / "national_day_2019.toml"), str(tmp_path / "b" / "same.toml"))
    assert status == 1 and out.splitlines()[-1] == "1 difference" and "network.file" in out and "sha256" in out
