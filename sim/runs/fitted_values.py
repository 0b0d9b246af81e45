"""Which assumptions of the bundled scenarios were fitted, to what value, and by which fit.

`gusu calibrate --write` puts each fitted value into the scenario file that sets
its key, under a comment line starting "# gusu calibrate" that gives the date, the
targets and the loss. `gusu calibrate-report` lists them beside the figures they
were fitted to, so a reader sees which numbers on the report rest on a fit and
which are still stated assumptions: every parameter declared by a calibration file
in scenarios/calibration/, its value in each scenario it applies to, the file that
sets it, and the note this calibration's fit left above it (none: never written by that fit).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from sim.runs.fit_files import FitFileError, load_calibration
from sim.runs.fit_report import fit_name, notes_above, owner_file
from sim.scenario.saving import split_key_path


def _value(resolved: Any, key: str) -> Any:
    node = resolved
    for part in split_key_path(key):
        node = node[part]
    return node


def fitted_values(scenario_dir: Path) -> list[dict[str, Any]]:
    """One row per declared parameter and value: key, scenarios, file that sets it, its fit note ("" if none)."""
    rows: dict[tuple[str, str, str, Any], dict[str, Any]] = {}
    for cal_path in sorted((scenario_dir / "calibration").glob("*.toml")):
        if "parameters" not in tomllib.loads(cal_path.read_text(encoding="utf-8")):
            continue  # a targets file
        try:
            cal = load_calibration(cal_path)
        except FitFileError:
            continue  # calibrate itself names what is wrong with it
        for p in cal.parameters:
            for name in p.scenarios or list(cal.scenarios):
                owner = owner_file(cal, name, p.key)
                value = _value(cal.scenarios[name].resolved, p.key)
                row = rows.get((cal_path.name, p.id, owner.name, value))
                if row is not None:  # the same value from the same file: one row naming every scenario
                    row["scenario"] += f", {name}"
                    continue
                notes = [note for _i, note in notes_above(owner.read_text(encoding="utf-8"), p.key) if fit_name(cal) in note]
                rows[(cal_path.name, p.id, owner.name, value)] = {
                    "calibration": cal_path.name, "parameter": p.id, "key": p.key, "scenario": name, "value": value,
                    "range": list(p.range), "file": owner.name, "fit": notes[-1] if notes else ""}
    return list(rows.values())
