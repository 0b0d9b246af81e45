"""The buttons under a list's item or a table in the scenario form: add, remove, clear, and move up or down.

The order of a list is something a planner reads and sometimes means: the
ring rules in the order the traffic police publish them, the works in the
order they start. Each item of a list of tables (days, ring rules, works,
turn bans) gets "↑" and "↓"; a move is one undoable edit named in words
("Move ring rule 2 up (rings.B.rules)"), written to the file as the same tables
in the new order, comments kept (sim.scenario.saving).

Days are the exception: the calendar must stay consecutive dates, so moving a
day swaps what the day is (its kind and its factors) with its neighbour while
the dates stay in order: the planner moves "the holiday" to the day before.

The form (gui.widgets.scenario_form) calls `box_buttons`; moves go through
its `edit`, so the Changes panel, Undo and saving see them. Texts are in the
"ScenarioForm" translation context.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QPushButton, QWidget

from gui.widgets.form_editors import Path_, key_label, path_text
from sim.scenario.introspect import Node, node_at

translate = QCoreApplication.translate  # by this name, so lupdate still collects every text


def item_noun(name: str) -> str:
    """What one item of the list `name` is called, in words."""
    words = {"days": translate("ScenarioForm", "day"), "rules": translate("ScenarioForm", "ring rule"),
             "works": translate("ScenarioForm", "road works"), "turn_bans": translate("ScenarioForm", "turn ban")}
    return words.get(name, key_label(name))


def move_name(path: Path_, delta: int) -> str:
    """'Move ring rule 2 up (rings.B.rules)' for the item at `path` moving by `delta`."""
    noun, n, where = item_noun(str(path[-2])), int(path[-1]) + 1, path_text(path[:-1])
    text = translate("ScenarioForm", "Move {item} {n} up") if delta < 0 else translate("ScenarioForm", "Move {item} {n} down")
    return f"{text.format(item=noun, n=n)} ({where})"


def moved(items: list[Any], i: int, delta: int, keep: tuple[str, ...] = ()) -> list[Any]:
    """`items` with item i swapped with its neighbour i+delta; keys in `keep` stay where they were (a day's date)."""
    j = i + delta
    out = [dict(x) if isinstance(x, dict) else x for x in items]
    out[i], out[j] = out[j], out[i]
    for key in keep:
        if isinstance(out[i], dict) and isinstance(out[j], dict) and key in out[i] and key in out[j]:
            out[i][key], out[j][key] = out[j][key], out[i][key]
    return out


def move_item(form: Any, path: Path_, delta: int) -> None:
    """Move the list item at `path` up (-1) or down (+1) as one undoable edit of the list."""
    items = list(form.value_at(path[:-1]))
    i = int(path[-1])
    if not 0 <= i + delta < len(items):
        return
    keep = ("date",) if path[:-1] == ("days",) else ()
    form.edit(path[:-1], moved(items, i, delta, keep), move_name(path, delta))


def _button(text: str, tip: str, slot: Callable[[], None]) -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(tip)
    button.clicked.connect(lambda _checked=False: slot())
    return button


def box_buttons(form: Any, inner: QFormLayout, path: Path_, node: Node, value: Any) -> None:
    """Add to a list or a table of centres; move an item up or down; remove an item; clear an optional table."""
    key = path_text(path)
    buttons: list[QPushButton] = []
    if node.is_list:
        buttons.append(_button(translate("ScenarioForm", "Add"),
                               translate("ScenarioForm", "Add an item to {key}: a copy of the last, or the schema's defaults").format(key=key),
                               lambda p=path: form.add_item(p)))
    if node.is_dict and path == ("transfer_centres",):
        buttons.append(_button(translate("ScenarioForm", "Add a centre..."), translate("ScenarioForm", "Add a transfer centre at a zone of the network"),
                               lambda p=path: form.add_key(p)))
    parent = node_at(path[:-1]) if len(path) > 1 else None
    if isinstance(path[-1], int):
        count = len(form.value_at(path[:-1]) or [])
        up = _button("↑", translate("ScenarioForm", "Move {key} up").format(key=key), lambda p=path: move_item(form, p, -1))
        down = _button("↓", translate("ScenarioForm", "Move {key} down").format(key=key), lambda p=path: move_item(form, p, 1))
        if path[:-1] == ("days",):
            note = translate("ScenarioForm", "; the dates stay in order, the kind of day and its factors move")
            up.setToolTip(up.toolTip() + note)
            down.setToolTip(down.toolTip() + note)
        up.setEnabled(path[-1] > 0)
        down.setEnabled(path[-1] < count - 1)
        buttons += [up, down]
    if isinstance(path[-1], int) or (parent is not None and parent.is_dict and path[:-1] == ("transfer_centres",)):
        buttons.append(_button(translate("ScenarioForm", "Remove"), translate("ScenarioForm", "Remove {key}").format(key=key),
                               lambda p=path: form.remove_item(p)))
    if node.optional and node.is_model:
        buttons.append(_button(translate("ScenarioForm", "Clear"), translate("ScenarioForm", "Take {key} out of the scenario").format(key=key),
                               lambda p=path: form.edit(p, None)))
    if buttons:
        row = QWidget()
        h = QHBoxLayout(row)
        h.setContentsMargins(0, 0, 0, 0)
        for b in buttons:
            h.addWidget(b)
        h.addStretch(1)
        inner.addRow(row)


__all__ = ["box_buttons", "item_noun", "move_item", "move_name", "moved"]
