"""The reference page is the schema's: docs/scenario-format.md is what sim.scenario.docs prints.

If this fails after a change to sim/scenario/schema.py, run `python -m sim.scenario.docs`
and commit the page with the change.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sim.scenario.docs import PAGE, render
from sim.scenario.introspect import fields, unit_of

REPO = Path(__file__).resolve().parent.parent


def test_committed_page_is_the_generated_one() -> None:
    assert PAGE == REPO / "docs" / "scenario-format.md"
    assert PAGE.read_text(encoding="utf-8") == render(), "run: python -m sim.scenario.docs"


def test_every_key_is_on_the_page_with_its_range() -> None:
    page = render()
    for spec in fields():
        assert f"| `{spec.name}` | {spec.expected.replace('|', chr(92) + '|')} |" in page, spec.path


def test_every_number_says_its_range() -> None:
    numbers = [f for f in fields() if f.node.tp in (int, float)]
    assert numbers
    for spec in numbers:
        assert " from " in spec.expected or " at least " in spec.expected or " at most " in spec.expected, spec.path


def test_units_come_from_key_names() -> None:
    assert unit_of("headway_min") == "min" and unit_of("entry_cap_persons_h") == "persons/h"
    assert unit_of("capacity_veh_h") == "vehicles/h" and unit_of("stuck_time_s") == "s"
    assert {f.path: f.unit for f in fields()}["demand.walk_up.persons_per_day.holiday"] == "persons/day"


def test_the_scenario_package_never_imports_qt_or_gui() -> None:
    code = ("import sys, sim.scenario, sim.cli.scenario_files, sim.scenario.docs, sim.scenario.saving, sim.cli; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'PyQt5', 'PyQt6', 'pyqtgraph', 'gui')]; "
            "print(bad); sys.exit(1 if bad else 0)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_docs_check_mode(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "sim.scenario.docs", "--check"], cwd=REPO, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
