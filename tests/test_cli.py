"""Wrong command-line input: a message naming the argument, exit 2, no traceback, nothing run."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.cli import main

ROOT = Path(__file__).resolve().parent.parent
TINY = str(ROOT / "tests" / "data" / "tiny_day.toml")


@pytest.mark.parametrize(("argv", "message"), [
    (["run", "/nonexistent/x.toml"], "/nonexistent/x.toml: cannot read the file"),
    (["run", TINY, "--seed", "-5"], "--seed: expected a whole number from 0 to 2^63-1, got -5"),
    (["run", TINY, "--replications", "0"], "--replications: expected 1-1000, got 0"),
    (["run", TINY, "--out", "/proc/gusu/nope"], "/proc/gusu/nope: cannot write results there"),
    (["run", TINY, "--replications", "2", "--workers", "0"], "--workers: expected 1-256, got 0"),
    (["sweep", TINY, "--set", "behaviour.compliance", "--out", "/tmp/gusu-never"], "--set: expected KEY=V1,V2,..., got 'behaviour.compliance'"),
    (["sweep", TINY, "--set", "behaviour.complience=0.5", "--out", "/tmp/gusu-never"],
     'tiny_day.toml: --set behaviour.complience: unknown key "complience"; did you mean "compliance"?'),
    (["sweep", TINY, "--set", "behaviour.compliance=0.5,7", "--out", "/tmp/gusu-never"],
     "tiny_day.toml: --set behaviour.compliance: expected a number from 0 to 1"),
    (["calibrate-report", "--seeds", "1"], "--seeds: expected 2-100, got 1"),
])
def test_wrong_input_is_named_and_exits_2(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert "runs done" not in err  # refused before anything ran
