"""Small files that extend big ones: `extends = "national_day_2019.toml"`.

A team shares ten lines: the file names a base scenario and overrides a few keys.
The base is read, checked and migrated on its own; then the files are merged
from the base up: tables merge key by key, arrays and plain values replace.
A base may itself extend another, up to 8 deep.

Paths in a file are relative to that file's folder and may not leave the
folders the user opened (the folder of the opened file, the program's bundled
scenarios, and any folder given explicitly): an absolute path, a `..` that
climbs out, or a symbolic link that points out is refused with the key that
holds it. A missing base and a cycle (a extends b extends a) are refused too.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from sim.scenario.errors import Loc, Problem, ScenarioError, key_path, show
from sim.scenario.migrations import Notes, check_version, migrate
from sim.scenario.toml_safety import check_values, read_document

MAX_EXTENDS_DEPTH = 8


@dataclass
class Layer:
    """One file of an `extends` chain, migrated to the current schema version."""

    path: Path                  # absolute, symbolic links resolved
    display: str                # how messages name it: as the user gave it, bases relative to it
    raw: bytes
    data: dict[str, Any]        # migrated; without `extends` and `schema_version`
    version: int
    notes: Notes = field(default_factory=Notes)


def is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def _inside(path: Path, roots: Sequence[Path]) -> bool:
    return any(path == root or path.is_relative_to(root) for root in roots)


def _roots_text(roots: Sequence[Path]) -> str:
    return ", ".join(str(r) for r in roots)


def confine(value: str, folder: Path, roots: Sequence[Path], what: str) -> tuple[Path | None, str | None]:
    """Resolve a relative path written in a file in `folder`; (path, None) if it stays inside the
    allowed roots, else (None, message)."""
    shown = show(value)
    if not value or "\x00" in value:
        return None, f"expected a relative path to {what}, got {shown}"
    if "\\" in value:
        return None, f'expected a relative path with "/" between folders, got {shown}'
    if PurePosixPath(value).is_absolute() or PureWindowsPath(value).drive or value.startswith("~"):
        return None, f"expected a path relative to this file's folder, got the absolute path {shown}"
    try:
        target = (folder / value).resolve()
    except (OSError, ValueError, RuntimeError) as exc:  # a name too long, a symlink loop
        return None, f"expected a relative path to {what}, got {shown} ({type(exc).__name__})"
    if not _inside(target, roots):
        return None, (f"{shown} leads outside the folders this scenario may read ({_roots_text(roots)}); "
                      "copy the file next to the scenario, or open its folder")
    return target, None


def merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """`over` on top of `base`: tables merge key by key, recursively; arrays and values replace."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def contains(data: Any, loc: Loc) -> bool:
    """Whether a parsed file holds a value at the key path `loc` (tables by key, arrays by index)."""
    for key in loc:
        if isinstance(data, dict):
            if key not in data:
                return False
            data = data[key]
        elif isinstance(data, list) and isinstance(key, int) and 0 <= key < len(data):
            data = data[key]
        else:
            return False
    return True


def _decides(data: Any, loc: Loc) -> bool:
    """True when this file's value is the merged value at `loc`: it holds `loc`, or an array or a plain
    value on the way to it (arrays and values replace a base's whole, so all below them is this file's)."""
    for key in loc:
        if not isinstance(data, dict):
            return True
        if key not in data:
            return False
        data = data[key]
    return True


def origin(layers: Sequence[Layer], loc: Loc) -> tuple[str, Loc]:
    """Which file set the value at `loc` of the merged table, and the path as that file wrote it (before
    migration): the topmost file whose value decides it (a child's own rules[0] is the child's, even where
    the base's rules[0] has the key the child's lacks); for a key no file holds, the topmost file holding
    the longest part of the path."""
    for layer in reversed(layers):
        if _decides(layer.data, loc):
            return layer.display, layer.notes.original(loc)
    for n in range(len(loc), -1, -1):
        for layer in reversed(layers):
            if contains(layer.data, loc[:n]):
                return layer.display, layer.notes.original(loc)
    return layers[-1].display, loc


def _display_of(parent_display: str, value: str) -> str:
    return os.path.normpath(os.path.join(os.path.dirname(parent_display), value))


def read_layer(path: Path, display: str, raw: bytes | None, problems: list[Problem]) -> tuple[Layer, Any]:
    """Read, check and migrate one file; returns the layer and its raw `extends` value (or None).
    Problems that do not stop reading (a NaN somewhere) are appended; others raise."""
    raw, doc = read_document(path, display, raw)
    version, trouble = check_version(doc)
    if trouble is not None or version is None:
        raise ScenarioError(problems + [Problem(display, "schema_version", trouble or "")])
    problems.extend(Problem(display, key_path(loc), msg) for loc, msg in check_values(doc))
    doc, notes = migrate(doc, version)
    problems.extend(Problem(display, key_path(loc), msg) for loc, msg in notes.problems)
    extends = doc.pop("extends", None)
    doc.pop("schema_version", None)
    return Layer(path.resolve(), display, raw, doc, version, notes), extends


def resolve_chain(path: Path, display: str, roots: Sequence[Path], raw: bytes | None = None) -> tuple[list[Layer], list[Problem]]:
    """The opened file and its bases, base first, with the problems that did not stop reading.
    Raises ScenarioError when a file cannot be read or the chain is broken."""
    problems: list[Problem] = []
    layer, extends = read_layer(path, display, raw, problems)
    chain = [layer]
    while extends is not None:
        current = chain[-1]
        if not isinstance(extends, str):
            raise ScenarioError(problems + [Problem(current.display, "extends",
                                                    f"expected the relative path of a .toml file, got {show(extends)}")])
        if not extends.endswith(".toml"):
            raise ScenarioError(problems + [Problem(current.display, "extends",
                                                    f"expected the relative path of a .toml file, got {show(extends)}")])
        target, trouble = confine(extends, current.path.parent, roots, "a scenario file")
        if target is None:
            raise ScenarioError(problems + [Problem(current.display, "extends", trouble or "")])
        base_display = _display_of(current.display, extends)
        here = os.path.dirname(chain[0].display)
        names = " -> ".join(os.path.relpath(d, here or ".") for d in [layer.display for layer in chain] + [base_display])
        if any(target == layer.path for layer in chain):
            raise ScenarioError(problems + [Problem(chain[0].display, "extends", f"a cycle: {names}")])
        if len(chain) > MAX_EXTENDS_DEPTH:
            raise ScenarioError(problems + [Problem(chain[0].display, "extends", f"a chain of more than {MAX_EXTENDS_DEPTH}"
                                                    f" bases: {names}")])
        if not is_file(target):
            raise ScenarioError(problems + [Problem(current.display, "extends", f"no scenario file {show(extends)} "
                                                    f"(looked for {show(base_display, 200)})")])
        layer, extends = read_layer(target, base_display, None, problems)
        chain.append(layer)
    chain.reverse()
    return chain, problems
