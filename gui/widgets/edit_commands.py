"""Undo and redo of scenario edits: one command per edit, named in the planner's words.

Every edit, typed in the form or chosen on the map, is a `ScenarioEdit` on the
form's QUndoStack: it sets one key path to a new value and remembers the old
value and the form's whole list of edited keys before it. Undoing puts both
back exactly, so undoing every edit leaves no edited key at all, and saving
then writes the file back byte for byte. Typing into one field merges into one
command ("Car spaces: 800 → 1,200 spaces"), not one per keystroke.

The form is reached through the small `Editable` protocol, so commands know
nothing of its widgets.
"""

from __future__ import annotations

import copy
from typing import Any, Protocol

from PySide6.QtGui import QUndoCommand

Path_ = tuple[str | int, ...]
MERGE_ID = 4711  # QUndoCommand.id() of a typed edit: consecutive ones on the same key merge


class Editable(Protocol):
    """What a command needs of the form."""

    changes: dict[Path_, Any]

    def value_at(self, path: Path_) -> Any: ...
    def edit_name(self, path: Path_, old: Any, new: Any) -> str: ...
    def apply_value(self, path: Path_, value: Any, changes: dict[Path_, Any] | None = None) -> None: ...


class ScenarioEdit(QUndoCommand):
    """Set `path` to `value` (`REMOVED` deletes a table's key); undo puts the old value and edited keys back."""

    def __init__(self, form: Editable, path: Path_, value: Any, text: str, merge: bool = False) -> None:
        super().__init__(text)
        self.form, self.path, self.merge = form, path, merge
        self.new = copy.deepcopy(value)
        self.old = copy.deepcopy(form.value_at(path))
        self.changes_before = copy.deepcopy(form.changes)

    def id(self) -> int:
        return MERGE_ID if self.merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, ScenarioEdit) or not other.merge or other.path != self.path:
            return False
        self.new = copy.deepcopy(other.new)
        self.setText(self.form.edit_name(self.path, self.old, self.new))  # from the value before the typing began
        return True

    def redo(self) -> None:
        self.form.apply_value(self.path, copy.deepcopy(self.new))

    def undo(self) -> None:
        self.form.apply_value(self.path, copy.deepcopy(self.old), copy.deepcopy(self.changes_before))


class _Removed:
    """The value of a table's key that an edit removed (a transfer centre taken out)."""

    def __repr__(self) -> str:
        return "REMOVED"

    def __deepcopy__(self, memo: dict[int, Any]) -> _Removed:
        return self


REMOVED = _Removed()

__all__ = ["REMOVED", "Editable", "ScenarioEdit"]
