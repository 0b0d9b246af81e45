"""Each ring rule admits and refuses the right vehicles at the right hours (facts C)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from sim.oldtown.rings import RingControl
from sim.scenario import load_scenario
from sim.scenario.schema import RuleSection, TriggerSection

ROOT = Path(__file__).resolve().parent.parent
NONE: frozenset[str] = frozenset()


@pytest.fixture(scope="module")
def control() -> RingControl:
    return RingControl(load_scenario(ROOT / "scenarios" / "national_day_2019.toml").scenario)


def refused_rings(control: RingControl, category: str, day_type: str, hour: float,
                  new_energy: bool = False, permits: frozenset[str] = NONE) -> set[str]:
    control.evaluate(day_type, hour)
    bits = control.refuse_bits(category, new_energy, permits) & control.active_bits
    return {r.ring for r in control.rules if bits >> r.bit & 1}


@pytest.mark.parametrize(("day_type", "hour", "expected"), [
    ("workday", 7.0, {"A", "B", "C"}),       # A's morning window opens at 07:00
    ("workday", 8.99, {"A", "B", "C"}),
    ("workday", 9.0, {"B", "C"}),            # ... and closes at 09:00
    ("workday", 17.0, {"A", "B", "C"}),      # 16:30-18:30
    ("workday", 18.5, {"B", "C"}),
    ("workday", 19.0, set()),                # B and C end at 19:00
    ("workday", 6.99, set()),
    ("holiday", 8.0, {"B", "C", "D"}),       # A is a workday rule; D a holiday rule
    ("weekend", 8.0, {"B", "C"}),
])
def test_a_nonlocal_blue_plate(control: RingControl, day_type: str, hour: float, expected: set[str]) -> None:
    assert refused_rings(control, "nonlocal_car", day_type, hour) == expected


def test_new_energy_is_exempt_in_a_and_b_not_in_c(control: RingControl) -> None:
    assert refused_rings(control, "nonlocal_car", "workday", 8.0, new_energy=True) == {"C"}
    assert refused_rings(control, "nonlocal_car", "holiday", 8.0, new_energy=True) == {"C", "D"}


def test_suzhou_plates_are_refused_only_in_c(control: RingControl) -> None:
    assert refused_rings(control, "local_car", "workday", 8.0) == {"C"}
    assert refused_rings(control, "local_car", "holiday", 12.0) == {"C"}
    assert refused_rings(control, "local_car", "holiday", 20.0) == set()


def test_residents_and_workers_of_c_hold_a_permit(control: RingControl) -> None:
    assert refused_rings(control, "local_car", "holiday", 12.0, permits=frozenset({"A", "B", "C"})) == set()
    # a permit for C does not lift A, B or D for a non-local car
    assert refused_rings(control, "nonlocal_car", "holiday", 12.0, permits=frozenset({"C"})) == {"B", "D"}


def test_coaches_are_refused_in_c_exempt_in_d_buses_everywhere(control: RingControl) -> None:
    assert refused_rings(control, "coach", "holiday", 12.0) == {"C"}
    assert refused_rings(control, "bus", "holiday", 12.0) == set()
    assert refused_rings(control, "bus", "workday", 8.0) == set()


def test_a_switched_off_ring_refuses_nobody() -> None:
    loaded = load_scenario(ROOT / "scenarios" / "national_day_no_control.toml")
    control = RingControl(loaded.scenario)
    assert control.rules == []
    assert refused_rings(control, "nonlocal_car", "holiday", 12.0) == set()


def test_a_trigger_switches_on_and_off_with_hysteresis() -> None:
    from sim.oldtown.rings import _compile

    rule = _compile(0, "B", RuleSection(refuse=["local_car"], day_types=["holiday"], hours=["07:00-19:00"],
                                        trigger=TriggerSection(metric="accumulation_veh", on=1000, off=600)))
    states = []
    for load in (500, 900, 1000, 800, 650, 600, 900):
        rule.update_trigger(load)
        states.append(rule.in_force("holiday", 12.0))
    assert states == [False, False, True, True, True, False, False]
    assert not rule.in_force("holiday", 20.0)  # the hours still bound the rule
    speed = _compile(0, "B", RuleSection(refuse=["local_car"], day_types=["holiday"], hours=["07:00-19:00"],
                                         trigger=TriggerSection(metric="speed_kmh", on=15, off=20)))
    for kmh, expected in ((25, False), (15, True), (18, True), (20, False)):
        speed.update_trigger(kmh)
        assert speed.in_force("holiday", 12.0) is expected


def test_sim_never_imports_qt_or_gui() -> None:
    """The model stays pure Python: no module under sim/ imports PySide6, pyqtgraph or gui."""
    offenders = []
    for path in (ROOT / "sim").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in ("PySide6", "PyQt5", "PyQt6", "pyqtgraph", "gui", "shiboken6"):
                    offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert offenders == []


def test_the_model_runs_without_qt_installed(tmp_path: Path) -> None:
    """Import and run the model with Qt made unimportable."""
    import subprocess
    import sys

    blocker = tmp_path / "sitecustomize.py"
    blocker.write_text(
        "import sys\n"
        "class _Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('PySide6', 'pyqtgraph', 'shiboken6'):\n"
        "            raise ImportError('Qt is blocked in this test')\n"
        "sys.meta_path.insert(0, _Block())\n")
    code = ("import sim.oldtown.model, sim.cli, sim.runs.results, sim.runs.calibration, sim.runs.experiments\n"
            "import sys\nassert not any(m.split('.')[0] in ('PySide6', 'pyqtgraph') for m in sys.modules)\nprint('ok')\n")
    env = {"PYTHONPATH": f"{tmp_path}:{ROOT}", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "ok", out.stderr
