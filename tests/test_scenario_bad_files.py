"""Every broken file in tests/data/bad_scenarios/ gets exit 2 and the whole, exact message.

One file per way a scenario can be wrong (the table below says which, and what the
person is told). Each message names the file and the key path and says what was
expected; the CLI prints it on stderr, exits 2, and never shows a traceback.
Files in helpers/ are the bases some of them extend, not cases of their own.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sim.cli import main

REPO = Path(__file__).resolve().parent.parent
BAD = Path("tests/data/bad_scenarios")
D = str(BAD)
ROOTS = f"({REPO / BAD}, {REPO / 'scenarios'})"

# file -> the exact lines on stderr ({d} is the folder as given on the command line)
EXPECTED: dict[str, list[str]] = {
    # the issue's example: hours written the short way
    "bad_hours.toml": ['{d}/bad_hours.toml: rings.B.rules[0].hours[0]: expected "HH:MM-HH:MM", got "7-19"'],
    # TOML syntax: line and column kept
    "syntax_error.toml": [("{d}/syntax_error.toml: run.bin_min: TOML syntax error at line 7, column 14: the text is not closed: "
                           "a quote is missing before the end of the line")],
    # unknown keys get a "did you mean"
    "unknown_key.toml": ['{d}/unknown_key.toml: run.platoon_size: unknown key "platoon_size"; did you mean "platoon_size_veh"?'],
    "misspelt_key.toml": ['{d}/misspelt_key.toml: behaviour.complience: unknown key "complience"; did you mean "compliance"?'],
    # all problems at once, not only the first
    "several_problems.toml": [
        '{d}/several_problems.toml: run.seed: expected a whole number from 0 to 2^63-1, got "2019"',
        "{d}/several_problems.toml: run.bin_min: expected one of 1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60, got 0",
        "{d}/several_problems.toml: behaviour.compliance: expected a number from 0 to 1 (share 0-1), got 1.5",
        ('{d}/several_problems.toml: counting.transfer: expected one of "boardings_inbound", "boardings_both_directions", '
         'got "boardings_inbund"; did you mean "boardings_inbound"?'),
    ],
    "missing_keys.toml": [
        "{d}/missing_keys.toml: network: missing required key; expected a table",
        "{d}/missing_keys.toml: days: missing required key; expected an array of 1 to 31 tables",
        "{d}/missing_keys.toml: demand: missing required key; expected a table",
        "{d}/missing_keys.toml: behaviour: missing required key; expected a table",
    ],
    "wrong_type.toml": ['{d}/wrong_type.toml: days[0].date: expected a date such as 2019-10-01 (no quotes), got "2019-10-01"'],
    # cross-field checks name their key
    "cross_field.toml": [
        ("{d}/cross_field.toml: rings.C.rules[0].trigger.off: expected at least on (15.0) for speed_kmh (on below 'on', "
         "off above 'off'), got 10.0"),
    ],
    # versions
    "newer_version.toml": [("{d}/newer_version.toml: schema_version: this file needs schema version 3, and this program reads "
                            "versions 1 to 2: update gusu to open it")],
    "missing_version.toml": [("{d}/missing_version.toml: schema_version: missing required key; expected schema_version = 2 at "
                              "the top of the file")],
    # extends
    "extends_missing.toml": [('{d}/extends_missing.toml: extends: no scenario file "national_day_2091.toml" (looked for '
                              '"{d}/national_day_2091.toml")')],
    "extends_cycle.toml": ["{d}/extends_cycle.toml: extends: a cycle: extends_cycle.toml -> helpers/cycle_b.toml -> extends_cycle.toml"],
    "extends_too_deep.toml": ["{d}/extends_too_deep.toml: extends: a chain of more than 8 bases: extends_too_deep.toml -> "
                              + " -> ".join(f"helpers/deep_{i}.toml" for i in range(1, 10))],
    # paths may not leave the folders the user opened
    "extends_absolute.toml": [('{d}/extends_absolute.toml: extends: expected a path relative to this file\'s folder, got the '
                               'absolute path "/etc/gusu/national_day_2019.toml"')],
    "extends_outside.toml": [('{d}/extends_outside.toml: extends: "../../../../../../../../../tmp/national_day_2019.toml" leads '
                             "outside the folders this scenario may read {roots}; copy the file next to the scenario, or open "
                             "its folder")],
    "network_outside.toml": [('{d}/network_outside.toml: network.file: "../../../../../../../../../etc/hosts.toml" leads outside '
                              "the folders this scenario may read {roots}; copy the file next to the scenario, or open its folder")],
    "network_missing.toml": [('{d}/network_missing.toml: network.file: no network file "networks/old_town.toml" next to this '
                              'scenario (looked for "{d}/networks/old_town.toml")')],
    # refusals: size, encoding, NaN/inf, ranges, absurd sizes, duplicates, nesting
    "too_big.toml": ["{d}/too_big.toml: the file is over 1 MiB (1,048,576 bytes); a scenario file may be at most 1 MiB"],
    "not_utf8.toml": ["{d}/not_utf8.toml: name: not UTF-8 text: byte 0xe9 at line 4, column 12; save the file as UTF-8"],
    "nan_value.toml": ["{d}/nan_value.toml: behaviour.compliance: expected a finite number, got nan"],
    "inf_value.toml": ["{d}/inf_value.toml: behaviour.logit.walk_min: expected a finite number, got inf"],
    "out_of_range.toml": [("{d}/out_of_range.toml: transfer_centres.north_bus_station.shuttle.seats: expected a whole number "
                           "from 1 to 200 (seats), got 4000")],
    "absurd_demand.toml": [("{d}/absurd_demand.toml: demand.tourist.vehicles_per_day.holiday: expected a number from 0 to "
                            "2_000_000 (vehicles/day), got 1000000000000")],
    "duplicate_key.toml": [("{d}/duplicate_key.toml: run.seed: duplicate key at line 7: this key is already set above; each key "
                            "may be set only once")],
    "too_deep.toml": [("{d}/too_deep.toml: run.seed: nested deeper than any scenario key (at most 6 levels of tables and "
                       "arrays), at line 6")],
    # valid on its own, refused when the model is built: the network has no such segment
    "unknown_segment.toml": ["{d}/unknown_segment.toml: network.closed_segments[0]: no segment 'renmin_99' in the network"],
}
# The one message without a key path: the file is refused as a whole, before it is read as TOML.
NO_KEY_PATH = {"too_big.toml"}


def expected_lines(name: str) -> list[str]:
    return [line.format(d=D, roots=ROOTS) for line in EXPECTED[name]]


def test_every_bad_file_is_in_the_table() -> None:
    on_disk = {p.name for p in (REPO / BAD).glob("*.toml")}
    assert on_disk == set(EXPECTED), "add the new file to EXPECTED (and to the README), or remove it"
    assert (REPO / BAD / "README.md").read_text(encoding="utf-8").count(".toml") >= len(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_exits_2_with_its_message(name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    status = main(["validate", f"{D}/{name}"])
    out, err = capsys.readouterr()
    assert status == 2
    assert out == ""
    assert err.splitlines() == expected_lines(name)
    assert "Traceback" not in err
    for line in err.splitlines():
        assert line.startswith(f"{D}/{name}: ")
        key = line.split(": ")[1]
        if name not in NO_KEY_PATH:
            assert key and " " not in key, f"no key path in {line!r}"


def test_the_issue_example_word_for_word(tmp_path: Path) -> None:
    """A team's file in its own folder, extending the bundled base: the issue's message, exactly."""
    team = tmp_path / "team"
    team.mkdir()
    base = os.path.relpath(REPO / "scenarios" / "national_day_2019.toml", team)
    (team / "team_b.toml").write_text(f'schema_version = 2\nextends = "{Path(base).as_posix()}"\n\n'
                                      '[[rings.B.rules]]\nrefuse = ["nonlocal_car"]\nday_types = ["holiday"]\nhours = ["7-19"]\n',
                                      encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "sim.cli", "validate", "team_b.toml"], cwd=team,
                          capture_output=True, text=True, check=False, env=_env())
    assert proc.returncode == 2
    assert proc.stderr == 'team_b.toml: rings.B.rules[0].hours[0]: expected "HH:MM-HH:MM", got "7-19"\n'


def _env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))


def test_all_bad_files_in_one_real_process() -> None:
    """As a person runs it: one process, every file; exit 2, every file named, no traceback."""
    files = [f"{D}/{name}" for name in sorted(EXPECTED)]
    proc = subprocess.run([sys.executable, "-m", "sim.cli", "validate", *files], cwd=REPO, capture_output=True, text=True, check=False, env=_env())
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.splitlines() == [line for name in sorted(EXPECTED) for line in expected_lines(name)]
    assert "Traceback" not in proc.stderr


def test_one_good_file_among_bad_ones_is_still_reported_valid(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    status = main(["validate", "scenarios/national_day_2019.toml", f"{D}/bad_hours.toml"])
    out, err = capsys.readouterr()
    assert status == 2
    assert out.startswith("scenarios/national_day_2019.toml: valid (7 days; resolved sha256 ")
    assert err.splitlines() == expected_lines("bad_hours.toml")
