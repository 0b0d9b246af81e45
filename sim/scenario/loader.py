"""Loading a scenario file: parse, migrate, resolve `extends`, validate, build.

1. parse: every file of the chain is read safely (sim/scenario/toml_safety.py:
   size, UTF-8, TOML syntax, duplicate keys, nesting, NaN);
2. migrate: each file is upgraded from its own schema_version (migrations.py);
3. extends: the files are merged from the base up (extends.py), and
   `network.file` is resolved against the folder of the file that wrote it;
4. validate: the merged table against the schema (schema.py), strictly: a
   quoted number is not a number, a quoted date is not a date;
5. build: the Scenario object, the fully resolved table (defaults filled in)
   and two fingerprints: the sha256 of the opened file's bytes, and the sha256
   of the resolved scenario, which results carry as their provenance.

Every problem found in steps 1-4 is collected and raised at once as one
ScenarioError whose lines name the file, the key path and what was expected.
Nothing else ever escapes: no traceback reaches the person.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sim.engine.bundled import bundled_dir
from sim.scenario.errors import Loc, Problem, ScenarioError, key_path, problems_from, show, translate
from sim.scenario.extends import Layer, confine, is_file, merge, origin, resolve_chain
from sim.scenario.schema import SCHEMA_VERSION, Scenario

BUNDLED_SCENARIOS = bundled_dir("scenarios")

__all__ = ["BUNDLED_SCENARIOS", "LoadedScenario", "ScenarioError", "canonical_json", "load_scenario", "load_scenario_bytes"]


def canonical_json(resolved: dict[str, Any]) -> str:
    """One text per meaning: sorted keys, no spaces, dates as ISO text."""

    def default(value: Any) -> str:
        if isinstance(value, (dt.date, dt.time)):
            return value.isoformat()
        raise TypeError(f"not a scenario value: {type(value).__name__}")

    return json.dumps(resolved, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False, default=default)


def fingerprint(scenario: Scenario) -> str:
    """The one fingerprint of a scenario's meaning: sha256 of its canonical JSON, defaults filled in.

    The CLI (summary.json's resolved_sha256), the window (a run of edited, unsaved values) and
    sweeps all call this, so the same scenario has the same fingerprint everywhere."""
    resolved = scenario.model_dump(mode="python", exclude_none=True)
    return hashlib.sha256(canonical_json(resolved).encode("utf-8")).hexdigest()


@dataclass
class LoadedScenario:
    """A validated scenario and where it came from.

    `resolved` is the whole scenario with `extends` merged, old versions migrated and
    defaults filled in, with `network.file` relative to `base_dir` (the opened file's folder).
    `sha256` fingerprints the opened file's bytes; `resolved_sha256` its meaning.
    """

    scenario: Scenario
    path: Path
    base_dir: Path
    resolved: dict[str, Any]
    sha256: str
    files: tuple[Path, ...] = field(default=())   # the extends chain, base first, the opened file last
    network_path: Path | None = None               # absolute

    @property
    def resolved_sha256(self) -> str:
        """`fingerprint(self.scenario)`: `resolved` is the scenario's dump (see load_scenario)."""
        return hashlib.sha256(canonical_json(self.resolved).encode("utf-8")).hexdigest()


def _relative(target: Path, folder: Path) -> str:
    try:
        return Path(os.path.relpath(target, folder)).as_posix()
    except ValueError:  # another drive (Windows): keep it absolute
        return target.as_posix()


def _resolve_network(layers: list[Layer], merged: dict[str, Any], top_dir: Path, roots: Sequence[Path]) -> tuple[Path | None, list[Problem]]:
    """Resolve `network.file` against the folder of the file that wrote it; rewrite it relative to the
    opened file's folder so that the resolved scenario reads the same from there."""
    network = merged.get("network")
    if not isinstance(network, dict) or not isinstance(network.get("file"), str):
        return None, []  # missing or not text: the schema says so
    loc: Loc = ("network", "file")
    owner = next(layer for layer in reversed(layers) if isinstance(layer.data.get("network"), dict)
                 and "file" in layer.data["network"])
    value = network["file"]
    target, trouble = confine(value, owner.path.parent, roots, "a network file")
    if target is None:
        return None, [Problem(owner.display, key_path(loc), trouble or "")]
    if not is_file(target):
        looked = os.path.normpath(os.path.join(os.path.dirname(owner.display), value))
        return None, [Problem(owner.display, key_path(loc), f"no network file {show(value)} next to this scenario "
                                                            f"(looked for {show(looked, 200)})")]
    merged["network"] = dict(network, file=_relative(target, top_dir))
    return target, []


def _roots(path: Path, roots: Sequence[Path | str]) -> list[Path]:
    out = [path.resolve().parent, BUNDLED_SCENARIOS]
    out += [Path(r).resolve() for r in roots]
    return list(dict.fromkeys(out))


def load_scenario(path: Path | str, *, roots: Sequence[Path | str] = (), display: str | None = None) -> LoadedScenario:
    """Load, migrate, merge and validate a scenario file; ScenarioError lists every problem found.

    `roots`: folders besides the file's own (and the bundled scenarios) that `extends`
    and `network.file` may read from. `display`: how messages name the file (default: as given).
    A bare name that is no file here but a bundled scenario's (`national_day_2019`) opens that one,
    so `gusu run national_day_2019` works from any folder, also from an installed copy.
    """
    return load_scenario_bytes(None, bundled_or_given(Path(path)), roots=roots, display=display)


def bundled_or_given(path: Path) -> Path:
    """The bundled scenario a bare name means (no such file, no folder, with or without .toml), else the path as given."""
    if path.exists() or len(path.parts) != 1:
        return path
    bundled = BUNDLED_SCENARIOS / (path.name if path.suffix == ".toml" else f"{path.name}.toml")
    return bundled if bundled.is_file() else path


def load_scenario_bytes(raw: bytes | None, path: Path | str, *, roots: Sequence[Path | str] = (),
                        display: str | None = None) -> LoadedScenario:
    """As load_scenario, for a text not (yet) on disk: `raw` is read as if it were the file at `path`
    (its `extends` and `network.file` resolve from there). raw=None reads the file."""
    path = Path(path)
    shown = display if display is not None else str(path)
    allowed = _roots(path, roots)
    layers, problems = resolve_chain(path, shown, allowed, raw)
    merged: dict[str, Any] = {}
    for layer in layers:
        merged = merge(merged, layer.data)
    merged["schema_version"] = SCHEMA_VERSION
    top_dir = path.resolve().parent
    network_path, trouble = _resolve_network(layers, merged, top_dir, allowed)
    problems += trouble
    scenario: Scenario | None = None
    try:
        scenario = Scenario.model_validate(merged, strict=True)
    except ValidationError as exc:
        reported = {(p.file, p.key) for p in problems}
        for problem in problems_from(translate(exc), lambda loc: origin(layers, loc)):
            # one message per key: a NaN already reported is not reported again as out of range
            if not any(problem.file == f and (problem.key == k or problem.key.startswith(k + ".") or problem.key.startswith(k + "["))
                       for f, k in reported):
                problems.append(problem)
    except (RecursionError, MemoryError):  # defence in depth: toml_safety bounds nesting and size first
        problems.append(Problem(shown, "", "the scenario is too large or too deeply nested to check"))
    if problems or scenario is None:
        raise ScenarioError(problems)
    resolved = scenario.model_dump(mode="python", exclude_none=True)
    return LoadedScenario(
        scenario=scenario,
        path=path,
        base_dir=top_dir,
        resolved=resolved,
        sha256=hashlib.sha256(layers[-1].raw).hexdigest(),
        files=tuple(layer.path for layer in layers),
        network_path=network_path,
    )
