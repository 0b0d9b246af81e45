"""Writing the form's edits into a scenario file, through the project's one TOML saver.

The form keeps its edits as (key path, value) pairs. Saving opens the file as a
sim.scenario.saving.ScenarioDocument (a tomlkit round trip), sets just those
keys and saves atomically, checked by loading: the file's comments, order and
untouched lines stay as people wrote them. A file that `extends` another gets
the edited keys as its own overrides. An edit inside an array the file does
not itself hold (a day of a base's calendar) writes the whole array.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sim.scenario.saving import ScenarioDocument

KeyPath = tuple[str | int, ...]


def _plain(value: Any) -> Any:
    """Form values as TOML values: pydantic dumps are already plain; drop None (TOML has no null)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def apply_edits(doc: ScenarioDocument, edits: dict[KeyPath, Any], data: dict[str, Any]) -> None:
    """Set every edited key in the document; `data` is the form's whole edited scenario."""
    for path, value in edits.items():
        try:
            if value is None:
                try:
                    doc.unset(path)
                except KeyError:
                    pass
                continue
            doc.set(path, _plain(value))
        except (KeyError, IndexError, TypeError):
            # the array (or the table holding it) is a base's: this file takes it over whole
            cut = next((i for i, k in enumerate(path) if isinstance(k, int)), len(path) - 1)
            head = path[:cut] if cut > 0 else path[:1]
            node: Any = data
            for k in head:
                node = node[k]
            doc.set(head, _plain(node))


def edited_text(path: Path, edits: dict[KeyPath, Any], data: dict[str, Any]) -> str:
    """The file's text with the edits written in (for scenario_as_run_*.toml of an unsaved run)."""
    doc = ScenarioDocument.open(path)
    apply_edits(doc, edits, data)
    return doc.text()


def save_edits(source: Path, edits: dict[KeyPath, Any], data: dict[str, Any], target: Path) -> None:
    """Write `source` with the edits to `target` (the same file for Save); raises ScenarioError, naming the key."""
    doc = ScenarioDocument.open(source)
    apply_edits(doc, edits, data)
    doc.save(target, check=True)
