"""Writing scenario files back without losing what people wrote.

A scenario file is a document people annotate: the comment header saying what it
shows, "# assumption" after a number, the order they chose. Editing it from the
GUI goes through ScenarioDocument, a tomlkit round trip: change one value and
the file changes on that one line, comments and order kept.

Saving is atomic: the new text is written to a temporary file in the same
folder, flushed to disk, and renamed over the old one. If anything fails (the
disk is full, the new text does not validate) the old file is left exactly as
it was: never truncated, never half written.

Save As into another folder keeps the file's meaning: `extends` is relative to
the file's own folder, so it is rewritten to name the same base from the new
place. A target folder that does not exist is said to be missing (not blamed
on `extends`, which cannot be found from a folder that is not there).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import tomlkit
import tomlkit.exceptions
from pydantic import BaseModel, ValidationError
from tomlkit.items import AoT, InlineTable, Table, Whitespace

from sim.engine.atomic_file import atomic_write
from sim.scenario.errors import Problem, ScenarioError, key_path
from sim.scenario.introspect import child, node_at
from sim.scenario.loader import fingerprint, load_scenario_bytes
from sim.scenario.schema import DAY_TYPES, Scenario
from sim.scenario.toml_safety import decode, parse, read_limited

KeyPath = str | Sequence[str | int]
_TOKEN = re.compile(r"""\s*(?:\[(\d+)\]|"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*(\.|(?=\[)|$)""")


def split_key_path(key: KeyPath) -> tuple[str | int, ...]:
    """'rings.B.rules[0].hours' -> ('rings', 'B', 'rules', 0, 'hours'); a sequence is taken as it is."""
    if not isinstance(key, str):
        return tuple(key)
    parts: list[str | int] = []
    pos = 0
    while pos < len(key):
        m = _TOKEN.match(key, pos)
        if not m or m.end() == pos:
            raise ValueError(f"not a key path: {key!r}")
        index, dq, sq, bare, _sep = m.groups()
        parts.append(int(index) if index is not None else (dq if dq is not None else sq if sq is not None else bare))
        pos = m.end()
    return tuple(parts)


class ScenarioDocument:
    """One scenario file as people wrote it, to change key by key and save."""

    def __init__(self, text: str, path: Path | str | None = None, bom: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self._display = str(path) if path is not None else "(new scenario)"
        parse(text, self._display)  # the same refusals as loading: nesting, duplicates, syntax
        try:
            self.doc = tomlkit.parse(text)
        except tomlkit.exceptions.TOMLKitError as exc:  # tomllib accepted it; tomlkit should too
            raise ScenarioError([Problem(self._display, "", f"cannot edit this file: {exc}")]) from None
        self._bom = bom

    @classmethod
    def open(cls, path: Path | str) -> ScenarioDocument:
        raw = read_limited(Path(path), str(path))
        return cls(decode(raw, str(path)), path, bom=raw.startswith(b"\xef\xbb\xbf"))

    def text(self) -> str:
        return self.doc.as_string()

    def get(self, key: KeyPath) -> Any:
        """The value this file itself sets at `key` (not a base's); KeyError if it sets none."""
        node: Any = self.doc
        for part in split_key_path(key):
            node = node[part]
        return node.unwrap() if hasattr(node, "unwrap") else node

    def set(self, key: KeyPath, value: Any) -> None:
        """Set `key` to `value`, keeping the line's comment; missing tables are created."""
        parts = split_key_path(key)
        if not parts:
            raise ValueError("an empty key path")
        node: Any = self.doc
        for i, part in enumerate(parts[:-1]):
            if isinstance(part, int):
                node = node[part]
                continue
            if part not in node:
                nxt = parts[i + 1]
                if isinstance(nxt, int):
                    raise KeyError(f"{key_path(parts[: i + 1])}: no array here to index")
                node[part] = tomlkit.table()
            node = node[part]
        last = parts[-1]
        node[last] = self._item(value)

    def unset(self, key: KeyPath) -> None:
        """Remove `key` from this file (so that the base's value applies again)."""
        parts = split_key_path(key)
        node: Any = self.doc
        for part in parts[:-1]:
            node = node[part]
        del node[parts[-1]]

    @staticmethod
    def _item(value: Any) -> Any:
        if isinstance(value, dict) and value and set(value) <= set(DAY_TYPES):
            table = tomlkit.inline_table()
            table.update(value)
            return table
        return value

    def save(self, path: Path | str | None = None, *, check: bool = True) -> None:
        """Write the document atomically to `path` (default: where it came from). With `check`,
        the new text must load (extends and all) as a valid scenario first, or nothing is written."""
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("no path to save to")
        if not target.parent.is_dir():
            raise ScenarioError([Problem(str(target), "", f"the folder {target.parent} does not exist; "
                                                          "choose a folder that exists, or create it first")])
        data = (b"\xef\xbb\xbf" if self._bom else b"") + self.text().encode("utf-8")
        if check:
            load_scenario_bytes(data, target)  # raises ScenarioError, naming the file and keys
        try:
            atomic_write(target, data)
        except OSError as exc:
            raise ScenarioError([Problem(str(target), "", f"cannot save ({exc.strerror or exc}); the file was not changed")]) from None
        self.path = target


def save_value(path: Path | str, key: KeyPath, value: Any, *, check: bool = True) -> None:
    """Change one value of a scenario file in place (comments, order and other lines kept)."""
    doc = ScenarioDocument.open(path)
    doc.set(key, value)
    doc.save(check=check)


def to_item(value: Any) -> Any:
    """A plain value as a tomlkit item: tables as tables, arrays of tables as [[...]], per-day-type tables inline."""
    if isinstance(value, dict):
        if value and set(value) <= set(DAY_TYPES) and not any(isinstance(v, (dict, list)) for v in value.values()):
            inline: InlineTable = tomlkit.inline_table()
            inline.update(value)
            return inline
        table: Table = tomlkit.table()
        for k, v in value.items():
            table.add(k, to_item(v))
        return table
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        aot = tomlkit.aot()
        for v in value:
            aot.append(to_item(v))
        return aot
    return value


def as_run_text(scenario: Scenario, name: str, base_dir: Path) -> str:
    """scenario_resolved.toml of a run folder: the scenario as run, self-contained, with its fingerprint.

    The CLI (`gusu run --out`) and the window (a run of the form's scenario, edited or not) both write it."""
    header = [f"{name} as run, fully resolved: extends merged, old versions migrated, defaults filled in.",
              f"network.file is relative to {base_dir}", f"resolved sha256: {fingerprint(scenario)}"]
    return dumps_resolved(scenario.model_dump(mode="python", exclude_none=True), header)


def dumps_resolved(resolved: dict[str, Any], header: Sequence[str] = ()) -> str:
    """A resolved scenario as TOML text (tables after plain keys; per-day-type tables inline)."""
    doc = tomlkit.document()
    for line in header:
        doc.add(tomlkit.comment(line))
    if header:
        doc.add(tomlkit.nl())
    for k, v in resolved.items():
        doc.add(k, to_item(v))
    return tomlkit.dumps(doc)

# ---- the window's form edits, written into a file ------------------------------
# The form keeps its edits as (key path, value) pairs. Saving opens the file as a
# ScenarioDocument (a tomlkit round trip), sets just those keys and saves atomically,
# checked by loading: the file's comments, order and untouched lines stay as people wrote
# them. A file that `extends` another gets the edited keys as its own overrides. An edit
# inside an array the file does not itself hold (a day of a base's calendar) writes the
# whole array.

Edits = dict[tuple[str | int, ...], Any]  # the form's edited key paths and their values


def _plain(value: Any) -> Any:
    """Form values as TOML values: pydantic dumps are already plain; drop None (TOML has no null)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def apply_edits(doc: ScenarioDocument, edits: Edits, data: dict[str, Any]) -> None:
    """Set every edited key in the document; `data` is the form's whole edited scenario."""
    for path, value in edits.items():
        try:
            if value is None:
                try:
                    doc.unset(path)
                except KeyError:
                    if _holds(data, path[:-1]) and path[-1] not in _at(data, path[:-1]):
                        raise ScenarioError([Problem(doc._display, key_path(path),
                                                     "comes from the base scenario this file extends, and a file that extends "
                                                     "another cannot take a table's key out (tables merge key by key); close it "
                                                     "instead (open = false), or remove it in the base file")]) from None
                continue
            if not _update_tables(doc, path, value):
                doc.set(path, _plain(value))
        except (KeyError, IndexError, TypeError):
            # the array (or the table holding it) is a base's: this file takes it over whole
            cut = next((i for i, k in enumerate(path) if isinstance(k, int)), len(path) - 1)
            head = path[:cut] if cut > 0 else path[:1]
            node: Any = data
            for k in head:
                node = node[k]
            doc.set(head, _plain(node))


def _dump(model: Any, value: Any) -> Any:
    """An item as the schema reads it (defaults filled in), to tell a changed item from one written shorter."""
    if isinstance(model, type) and issubclass(model, BaseModel):
        try:
            return model.model_validate(value).model_dump(mode="python")
        except ValidationError:
            pass
    return value


def _tail(table: Table) -> int:
    """How many blank lines end a table's body (they belong to its place in the file, not to it)."""
    body = table.value.body
    n = len(body)
    while n and body[n - 1][0] is None and isinstance(body[n - 1][1], Whitespace):
        n -= 1
    return len(body) - n


def _update_tables(doc: ScenarioDocument, path: tuple[str | int, ...], value: Any) -> bool:
    """Write a list of tables the file holds as [[...]] by the smallest change: tables kept (comments and all) and
    put in the new order, changed ones edited key by key, new ones added; False when this is no such list."""
    if not (isinstance(value, list) and value and all(isinstance(v, dict) for v in value)):
        return False
    try:
        aot: Any = doc.doc
        for k in path:
            aot = aot[k]
    except (KeyError, IndexError, TypeError):
        return False
    if not isinstance(aot, AoT):
        return False
    node = node_at(path)
    item_node = child(node, 0) if node is not None else None
    model = item_node.tp if item_node is not None else None
    tables = list(aot.body)
    old = [_dump(model, t.unwrap()) for t in tables]
    new = [_plain(v) for v in value]
    new_dump = [_dump(model, v) for v in new]
    chosen: list[int | None] = [None] * len(new)
    free = list(range(len(tables)))
    for j, nd in enumerate(new_dump):  # the same table, maybe elsewhere
        i = next((i for i in free if old[i] == nd), None)
        if i is not None:
            chosen[j] = i
            free.remove(i)
    for j in range(len(new)):  # a table edited in place, keys changed one by one
        if chosen[j] is None and free:
            i = free.pop(0)
            chosen[j] = i
            was, now = old[i], new_dump[j]
            keys = list(now) if isinstance(now, dict) else list(new[j])
            for k in keys:
                if isinstance(was, dict) and was.get(k) == (now.get(k) if isinstance(now, dict) else None):
                    continue
                if new[j].get(k) is None:
                    if k in tables[i]:
                        del tables[i][k]
                else:
                    tables[i][k] = to_item(new[j][k])
    if chosen == list(range(len(tables))):
        return True  # nothing moved, came or went
    tails = [table.value.body[len(table.value.body) - _tail(table):] for table in tables]
    indents = [table.trivia.indent for table in tables]
    for table in tables:
        n = _tail(table)
        if n:
            del table.value.body[len(table.value.body) - n:]
    del aot[:]
    for pos, i in enumerate(chosen):
        table = tables[i] if i is not None else to_item(new[pos])
        if i is not None and pos < len(tables):
            table.value.body.extend(tails[pos])
            table.trivia.indent = indents[pos]
        aot.append(table)
    return True


def _at(data: Any, path: tuple[str | int, ...]) -> Any:
    for k in path:
        data = data[k]
    return data


def _holds(data: Any, path: tuple[str | int, ...]) -> bool:
    try:
        return isinstance(_at(data, path), dict)
    except (KeyError, IndexError, TypeError):
        return False


def edited_text(path: Path, edits: Edits, data: dict[str, Any]) -> str:
    """The file's text with the edits written in (for scenario_as_run_*.toml of an unsaved run)."""
    doc = ScenarioDocument.open(path)
    apply_edits(doc, edits, data)
    return doc.text()


def rebase_extends(doc: ScenarioDocument, source: Path, target: Path) -> None:
    """`extends` of a file read from `source`, rewritten to name the same base from `target`'s folder."""
    try:
        value = doc.get("extends")
    except KeyError:
        return
    if not isinstance(value, str) or "\\" in value or os.path.isabs(value):
        return  # not a path the loader would accept anyway: its own message says so
    old, new = Path(os.path.abspath(source)).parent, Path(os.path.abspath(target)).parent
    if old != new:
        base = os.path.normpath(old / value)
        doc.set("extends", Path(os.path.relpath(base, new)).as_posix())


def save_edits(source: Path, edits: Edits, data: dict[str, Any], target: Path) -> None:
    """Write `source` with the edits to `target` (the same file for Save, `extends` rebased for Save As into
    another folder); raises ScenarioError, naming the key."""
    doc = ScenarioDocument.open(source)
    apply_edits(doc, edits, data)
    rebase_extends(doc, source, target)
    doc.save(target, check=True)
