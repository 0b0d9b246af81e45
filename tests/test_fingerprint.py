"""One fingerprint per scenario: the CLI (summary.json) and the window (a run of the form's scenario) agree."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.scenario import load_scenario
from sim.scenario.loader import BUNDLED_SCENARIOS, fingerprint

HERE = Path(__file__).resolve().parent
FILES = sorted(BUNDLED_SCENARIOS.glob("*.toml")) + [HERE / "data" / "small_day.toml", HERE / "data" / "tiny_day.toml"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_the_window_and_the_cli_fingerprint_a_file_alike(path: Path) -> None:
    loaded = load_scenario(path)
    # the CLI writes loaded.resolved_sha256; the window hashes the Scenario object its form holds
    assert fingerprint(loaded.scenario) == loaded.resolved_sha256
    edited = loaded.scenario.model_copy(update={"name": loaded.scenario.name + " (edited)"})
    assert fingerprint(edited) != loaded.resolved_sha256
