"""Changing a few keys of a scenario from the command line: `--set KEY=V1,V2`.

A sweep asks "what if the North bus station had 400 spaces, or 1,200?". The
key paths are the scenario file's own (`transfer_centres.north_bus_station.car_spaces`,
`days[3].tourist_factor`), and the values are TOML values, so a sweep variant
means exactly what the same edit in the file would mean. The changed scenario
is validated by the same schema as a file; a wrong key or value is named.
"""

from __future__ import annotations

import copy
import dataclasses
import re
import tomllib
from typing import Any

from pydantic import ValidationError

from sim.scenario import LoadedScenario, ScenarioError
from sim.scenario.errors import translate
from sim.scenario.schema import Scenario

_STEP = re.compile(r"([A-Za-z0-9_]+)|\[(\d+)\]")


def split_key(key: str) -> tuple[str | int, ...]:
    """'days[3].tourist_factor' -> ('days', 3, 'tourist_factor'); ValueError when malformed."""
    parts: list[str | int] = []
    for chunk in key.split("."):
        pos = 0
        while pos < len(chunk):
            m = _STEP.match(chunk, pos)
            if not m or (m.group(1) and pos > 0):
                raise ValueError(f"expected a key path like 'a.b[0].c', got {key!r}")
            parts.append(m.group(1) if m.group(1) else int(m.group(2)))
            pos = m.end()
        if not chunk:
            raise ValueError(f"expected a key path like 'a.b[0].c', got {key!r}")
        if chunk.startswith("["):
            raise ValueError(f"expected a key path like 'a.b[0].c', got {key!r}")
    return tuple(parts)


def parse_value(text: str) -> Any:
    """A TOML value ('400', '0.5', 'true', '"x"', '2019-10-04'); a bare word is a string."""
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def parse_assignment(text: str) -> tuple[str, list[Any]]:
    """'KEY=V1,V2' -> ('KEY', [V1, V2]); ValueError when malformed."""
    if "=" not in text:
        raise ValueError(f"expected KEY=V1,V2,..., got {text!r}")
    key, values = text.split("=", 1)
    key = key.strip()
    split_key(key)
    items = [v.strip() for v in values.split(",")]
    if not items or any(v == "" for v in items):
        raise ValueError(f"{key}: expected one or more comma-separated values, got {values!r}")
    return key, [parse_value(v) for v in items]


def set_key(doc: Any, path: tuple[str | int, ...], value: Any, key: str) -> None:
    """Set one key path of a resolved scenario's dict in place; ValueError naming what is missing."""
    for step in path[:-1]:
        try:
            doc = doc[step]
        except (KeyError, IndexError, TypeError):
            what = f"item [{step}]" if isinstance(step, int) else f"key {step!r}"
            raise ValueError(f"{key}: the scenario has no {what} here") from None
    last = path[-1]
    if isinstance(doc, list):
        if not isinstance(last, int) or not 0 <= last < len(doc):
            raise ValueError(f"{key}: no item [{last}] (the list has {len(doc)})")
    elif not isinstance(doc, dict):
        raise ValueError(f"{key}: cannot set a key inside a value")
    doc[last] = value


def with_overrides(loaded: LoadedScenario, overrides: dict[str, Any], source: str = "--set") -> LoadedScenario:
    """A copy of the loaded scenario with the keys changed and the whole validated again."""
    if not overrides:
        return loaded
    doc = copy.deepcopy(loaded.resolved)
    problems = []
    for key, value in overrides.items():
        try:
            set_key(doc, split_key(key), value, key)
        except ValueError as exc:
            problems.append(f"{loaded.path.name}: {source} {exc}")
    if problems:
        raise ScenarioError(problems)
    try:
        scenario = Scenario.model_validate(doc, strict=True)
    except ValidationError as exc:
        lines = []
        for loc, msg in translate(exc):
            path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
            lines.append(f"{loaded.path.name}: {source} {path}: {msg}")
        raise ScenarioError(lines) from None
    return dataclasses.replace(loaded, scenario=scenario, resolved=doc)
