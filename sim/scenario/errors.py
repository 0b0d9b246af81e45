"""Problems with a scenario file, said so that a person can act on them.

Every problem is one line that reads as a breadcrumb: the file, the key path,
what was expected and what was found, for example

    team_b.toml: rings.B.rules[0].hours[0]: expected "HH:MM-HH:MM", got "7-19"

Pydantic's errors are translated here: the key path comes from the error's
location, "expected" from the schema (sim/scenario/introspect.py), "got" is
the value as it would be written in TOML, and an unknown key gets the closest
allowed key as a "did you mean" suggestion. All problems of a file are
collected and raised together in one ScenarioError.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from sim.scenario.introspect import describe, node_at, table_keys
from sim.scenario.schema import AT_KEYS

Loc = tuple[str | int, ...]

# Keys renamed by a migration: a new file that still uses the old name gets the new one suggested.
RENAMED_KEYS: dict[str, str] = {}

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_PYDANTIC_TAG = re.compile(r"^[a-z][a-z-]*\[.*\]$")  # e.g. 'function-after[...]' in a location


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file, at one key ('' when the file as a whole is wrong)."""

    file: str
    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.key}: {self.message}" if self.key else f"{self.file}: {self.message}"


class ScenarioError(Exception):
    """A scenario that cannot be used. `problems` are lines 'file: key.path: what was expected';
    `details` the same problems as Problem records (file, key, message), for a GUI to point at the key."""

    def __init__(self, problems: Sequence[str | Problem]) -> None:
        self.details = [p if isinstance(p, Problem) else Problem("", "", p) for p in problems]
        self.problems = unique([str(p) if isinstance(p, Problem) else p for p in problems])
        super().__init__("\n".join(self.problems))


def unique(lines: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(lines))


def key_path(loc: Sequence[str | int]) -> str:
    """('rings', 'B', 'rules', 0, 'hours') -> 'rings.B.rules[0].hours'; odd keys are quoted as in TOML."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            text = part if _BARE_KEY.match(part) else json.dumps(part, ensure_ascii=False)
            out += f".{text}" if out else text
    return out


def show(value: Any, limit: int = 60) -> str:
    """A value as it would be written in TOML, shortened for a message."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, int):
        text = str(value) if abs(value) < 10**30 else f"a {len(str(abs(value)))}-digit number"
        return text
    if isinstance(value, str):
        text = value if len(value) <= limit else value[:limit] + "..."
        return json.dumps(text, ensure_ascii=False)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dict):
        keys = ", ".join(key_path([k]) for k in list(value)[:5])
        return f"a table ({keys}{', ...' if len(value) > 5 else ''})" if value else "an empty table"
    if isinstance(value, list):
        text = "[" + ", ".join(show(v, limit) for v in value[:8]) + (", ..." if len(value) > 8 else "") + "]"
        return text if len(text) <= limit * 2 else f"an array of {len(value)} values"
    if value is None:
        return "nothing"
    return type(value).__name__


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The closest allowed word, if one is close enough to be a likely typo."""
    if word in RENAMED_KEYS and RENAMED_KEYS[word] in choices:
        return RENAMED_KEYS[word]
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return match[0] if match else None


def _choices(keys: Sequence[str]) -> str:
    shown = ", ".join(f'"{k}"' for k in keys[:12])
    return shown + (", ..." if len(keys) > 12 else "")


def unknown_key_message(parent: Loc, key: str) -> str:
    allowed = table_keys(parent)
    hint = suggest(key, allowed)
    if hint:
        return f'unknown key {show(key)}; did you mean "{hint}"?'
    if allowed:
        return f"unknown key {show(key)}; expected one of {_choices(allowed)}"
    return f"unknown key {show(key)}"


def _clean(loc: Sequence[str | int]) -> Loc:
    return tuple(p for p in loc if not (isinstance(p, str) and p != "[key]" and _PYDANTIC_TAG.match(p)))


def translate(exc: ValidationError) -> list[tuple[Loc, str]]:
    """Pydantic's errors as (key path, message) pairs; a cross-key error becomes one pair per key."""
    out: list[tuple[Loc, str]] = []
    for err in exc.errors():
        loc = _clean(err["loc"])
        kind = err["type"]
        got = err.get("input")
        if kind == AT_KEYS:
            for rel, msg in (err.get("ctx") or {}).get("problems", []):
                out.append((loc + tuple(rel), msg))
            continue
        if loc and loc[-1] == "[key]":  # the key itself is wrong (dict keys: ring names, ids)
            where = loc[:-1]
            node = node_at(loc)
            allowed = table_keys(where[:-1])
            msg = f"invalid key: expected {describe(node)}, got {show(got)}" if node else f"invalid key {show(got)}"
            hint = suggest(str(got), allowed) if allowed else None
            out.append((where, msg + (f'; did you mean "{hint}"?' if hint else "")))
            continue
        node = node_at(loc)
        if kind == "extra_forbidden":
            out.append((loc, unknown_key_message(loc[:-1], str(loc[-1]))))
        elif kind == "missing":
            what = describe(node) if node else "a value"
            out.append((loc, f"missing required key; expected {what}"))
        elif kind in ("value_error", "assertion_error"):
            msg = str(err["msg"])
            for prefix in ("Value error, ", "Assertion failed, "):
                msg = msg.removeprefix(prefix)
            out.append((loc, msg))
        elif node is not None:
            msg = f"expected {describe(node)}, got {show(got)}"
            if kind == "literal_error" and isinstance(got, str):
                hint = suggest(got, [c.strip('"') for c in re.findall(r'"[^"]*"', describe(node))])
                msg += f'; did you mean "{hint}"?' if hint else ""
            out.append((loc, msg))
        else:
            out.append((loc, str(err["msg"])))
    return out


def problems_from(pairs: Iterable[tuple[Loc, str]], where: Callable[[Loc], tuple[str, Loc]]) -> list[Problem]:
    """(key path, message) pairs as Problems, each named by the file `where` says defined the key."""
    out = []
    for loc, msg in pairs:
        file, shown = where(loc)
        out.append(Problem(file, key_path(shown), msg))
    return out
