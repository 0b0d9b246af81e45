"""Checks a scenario must pass before hours of runs start, said as `gusu validate` says them.

Two things the loader alone does not tell:

- which file of an `extends` chain holds a key that names what the network lacks.
  The model is built from the merged scenario, so its error names the opened
  file; here the key is traced back to the file that wrote it (a wrong segment
  id in a base file is the base file's fault, not the child's);
- values in a base file that a child overrides. They do not reach the run, but
  the base is someone's file and will be used on its own one day, so each base
  is checked as the scenario it would be by itself, and its problems at keys a
  later file overrides are reported as warnings.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from sim.engine.network import NetworkError
from sim.runs.build import BuildError, build_model
from sim.scenario.errors import ScenarioError, key_path, translate
from sim.scenario.extends import Layer, contains, merge, origin, resolve_chain
from sim.scenario.loader import BUNDLED_SCENARIOS, LoadedScenario
from sim.scenario.overrides import split_key, with_overrides
from sim.scenario.schema import SCHEMA_VERSION, Scenario


def _layers(loaded: LoadedScenario, display: str) -> list[Layer]:
    roots = [loaded.path.resolve().parent, BUNDLED_SCENARIOS]
    try:
        layers, _ = resolve_chain(loaded.path, display, roots)
    except ScenarioError:  # it loaded a moment ago; if it changed since, blame the opened file
        return []
    return layers


def blame(message: str, loaded: LoadedScenario, display: str, overrides: Sequence[str] = ()) -> str:
    """A build message 'display: key.path: what' with the file changed to the one of the chain that wrote the key
    (or '--set' when the key is one of `overrides`)."""
    prefix = f"{display}: "
    if not message.startswith(prefix):
        return message
    key, sep, rest = message.removeprefix(prefix).partition(": ")
    if sep and key in overrides:
        return f"{display}: --set {key}: {rest}"
    if len(loaded.files) < 2:
        return message
    try:
        loc = split_key(key)
    except ValueError:
        return message
    layers = _layers(loaded, display)
    if not sep or not layers:
        return message
    file, original = origin(layers, loc)
    return f"{file}: {key_path(original)}: {rest}"


def build_problem(loaded: LoadedScenario, display: str, overrides: Sequence[str] = ()) -> str | None:
    """Build the model: every segment, link and zone the scenario names must exist in its network.
    A message naming the file of the chain and the key, or None when it builds."""
    try:
        build_model(loaded.scenario, display, base_dir=loaded.base_dir)
    except BuildError as exc:
        return blame(str(exc), loaded, display, overrides)
    except NetworkError as exc:  # a broken network file names itself
        return str(exc)
    except Exception as exc:  # noqa: BLE001 - a model bug must still not end in a traceback for the person validating
        return f"{display}: the model cannot be built from this scenario ({type(exc).__name__}: {exc}); please report this"
    return None


def overridden_problems(loaded: LoadedScenario, display: str) -> list[str]:
    """Warnings: invalid values in a base file at keys that a file extending it overrides."""
    layers = _layers(loaded, display)
    seen: set[str] = set()
    out: list[str] = []
    for top in range(len(layers) - 1):
        merged: dict[str, Any] = {}
        for layer in layers[:top + 1]:
            merged = merge(merged, layer.data)
        merged["schema_version"] = SCHEMA_VERSION
        try:
            Scenario.model_validate(merged, strict=True)
            continue
        except ValidationError as exc:
            pairs = translate(exc)
        for loc, msg in pairs:
            owners = [layer for layer in layers[:top + 1] if contains(layer.data, loc)]
            later = [layer for layer in layers[top + 1:] if contains(layer.data, loc)]
            if not owners or not later:
                continue  # not written by the base, or not overridden: the merged scenario's own check says it
            file, original = origin(owners, loc)
            line = f"{file}: {key_path(original)}: {msg} (overridden by {later[-1].display}, so not used in this run)"
            if line not in seen:
                seen.add(line)
                out.append(line)
    return out


def variant_problems(loaded: LoadedScenario, display: str, variants: Sequence[dict[str, Any]]) -> list[str]:
    """Every problem of the scenario with each variant's overrides, as `--set` and `gusu validate` say them:
    a key or value the schema refuses, or a name the network lacks. Deduplicated, in order."""
    out: list[str] = []
    for values in variants:
        try:
            changed = with_overrides(loaded, values)
        except ScenarioError as exc:
            out.extend(p for p in exc.problems if p not in out)
            continue
        problem = build_problem(changed, display, list(values))
        if problem and problem not in out:
            out.append(problem)
    return out
