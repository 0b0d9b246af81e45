"""The scenario form: every key of a scenario as an editor, generated from the schema.

Nothing here restates the schema. The form walks the loaded scenario's values
alongside the schema nodes of sim.scenario.introspect (the same walk that
writes the reference page and the loader's messages), so a key added to the
schema appears here with its unit, its allowed range and its description. Keys
are grouped the way a planner thinks of them (network and works, rings and
rules, parking and transfer centres, shuttles, demand, behaviour, and the run
and its calendar).

Each edit is checked at once against the whole schema (pydantic, a few
milliseconds): a bad value is marked red where it is, with the reason in its
tooltip, and the list of problems sits above the form, so nothing invalid ever
reaches a run. The form keeps the edits as (key path, value) pairs: saving
writes just those into the file, so its comments and layout survive.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any, Literal, get_args, get_origin

from pydantic import ValidationError
from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QToolBox,
    QVBoxLayout,
    QWidget,
)

from gui.widgets.edit_commands import REMOVED, ScenarioEdit
from gui.widgets.form_editors import (
    GROUPS,
    HIDDEN,
    INVALID_STYLE,
    ChoiceBoxes,
    Path_,
    box_title,
    choice_label,
    default_value,
    error_locations,
    from_text,
    group_title,
    is_choice_list,
    is_simple,
    item_title,
    key_label,
    next_item,
    path_text,
    simple_list,
    to_text,
    value_text,
)
from gui.widgets.form_lists import box_buttons
from gui.widgets.time_pickers import DatePicker, HoursListPicker, HoursPicker, picker_for
from sim.scenario.introspect import ROOT, Node, child, describe, node_at
from sim.scenario.schema import Scenario


class _Field:
    """One editor bound to one key path."""

    def __init__(self, path: Path_, node: Node, widget: QWidget, unit_label: QLabel | None, label: QLabel) -> None:
        self.path, self.node, self.widget, self.unit_label, self.label = path, node, widget, unit_label, label
        self.base_tip = widget.toolTip()

    def mark(self, problem: str | None) -> None:
        self.widget.setStyleSheet(INVALID_STYLE if problem else "")
        self.widget.setToolTip(f"{problem}\n\n{self.base_tip}" if problem else self.base_tip)

    def show_value(self, value: Any) -> None:
        """Show a value put back by undo or set by the map, without it counting as a new edit."""
        w = self.widget
        w.blockSignals(True)
        if isinstance(w, ChoiceBoxes | DatePicker | HoursPicker | HoursListPicker):
            w.show_value(value)
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, QComboBox):
            w.setCurrentIndex(max(0, w.findData(value)))
        elif isinstance(w, QLineEdit) and from_text(w.text(), self.node) != value:
            w.setText(to_text(value))
            w.setCursorPosition(0)
        w.blockSignals(False)


class ScenarioForm(QWidget):
    """Build with `set_scenario`; read `scenario()` (validated) and `changes` (edited key paths); edit with `edit`."""

    values_edited = Signal()  # any edit, its undo or its redo
    validity_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.problems_label = QLabel("")
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet("color: #b71c1c;")
        self.problems_label.hide()
        self.toolbox = QToolBox()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.toolbox, 1)
        self.fields: dict[Path_, _Field] = {}
        self.data: dict[str, Any] = {}
        self.changes: dict[Path_, Any] = {}
        self.problems: list[tuple[Path_, str]] = []
        self.undo_stack = QUndoStack(self)
        self.ask_key: Callable[[str], str | None] = self._ask_key  # a new table key (a centre's zone id); tests replace it
        self._valid: Scenario | None = None
        self._check = QTimer(self)
        self._check.setSingleShot(True)
        self._check.setInterval(120)
        self._check.timeout.connect(self.validate)
        self._titles: list[str] = []

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            for i, title in enumerate(self._titles):
                self.toolbox.setItemText(i, group_title(title))
            self._show_problems(self.problems)
        super().changeEvent(event)

    # ---- building ---------------------------------------------------------

    def set_scenario(self, scenario: Scenario) -> None:
        """Show a scenario; forgets previous edits and their undo history."""
        self.undo_stack.clear()
        self.changes.clear()
        self.data = scenario.model_dump(mode="python")
        self._valid = scenario
        self._build()
        self._show_problems([])

    def _build(self) -> None:
        """(Re)make every editor from `self.data`, keeping the open page and where it was scrolled to."""
        page_at = self.toolbox.currentIndex()
        scroll_at = self.toolbox.currentWidget().verticalScrollBar().value() if isinstance(self.toolbox.currentWidget(), QScrollArea) else 0
        self.toolbox.blockSignals(True)
        while self.toolbox.count():
            page = self.toolbox.widget(0)
            self.toolbox.removeItem(0)
            page.deleteLater()
        self.fields.clear()
        self._titles = []
        placed: set[str] = set()
        for title, keys in GROUPS:
            page, form = self._page()
            for key in keys:
                if isinstance(key, tuple):
                    top, sub = key
                    for cid, centre in (self.data.get(top) or {}).items():
                        node = self._node((top, cid, sub))
                        if node is not None and isinstance(centre, dict) and sub in centre:
                            self._add(form, (top, cid, sub), node, centre[sub], title=f"{cid}")
                    continue
                if key not in self.data:
                    continue
                placed.add(key)
                node = child(ROOT, key)
                if node is None:
                    continue
                skip = {"shuttle"} if key == "transfer_centres" else set()
                self._add(form, (key,), node, self.data[key], skip_inner=skip)
            self.toolbox.addItem(page, group_title(title))
            self._titles.append(title)
        rest = [k for k in self.data if k not in placed and k not in HIDDEN]
        if rest:
            page, form = self._page()
            for key in rest:
                node = child(ROOT, key)
                if node is not None:
                    self._add(form, (key,), node, self.data[key])
            self.toolbox.addItem(page, group_title("Other"))
            self._titles.append("Other")
        self.toolbox.blockSignals(False)
        if 0 <= page_at < self.toolbox.count():
            self.toolbox.setCurrentIndex(page_at)
            scroll = self.toolbox.currentWidget()
            if isinstance(scroll, QScrollArea):
                QTimer.singleShot(0, lambda s=scroll, v=scroll_at: s.verticalScrollBar().setValue(v))

    def _page(self) -> tuple[QScrollArea, QFormLayout]:
        inner = QWidget()
        form = QFormLayout(inner)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setContentsMargins(4, 4, 4, 4)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        return scroll, form

    def _node(self, path: Path_) -> Node | None:
        return node_at(path)

    def _button(self, text: str, tip: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    def _add(self, form: QFormLayout, path: Path_, node: Node, value: Any, title: str | None = None,
             skip_inner: set[str] | None = None) -> None:
        """Add the editors for one key (recursing into tables and arrays of tables), with add, remove, set and clear."""
        name = str(path[-1])
        key = path_text(path)
        if node.is_model or node.is_dict or (node.is_list and not simple_list(node)):
            if value is None:
                row = QWidget()
                h = QHBoxLayout(row)
                h.setContentsMargins(0, 0, 0, 0)
                h.addWidget(QLabel(self.tr("(not set)")))
                h.addWidget(self._button(self.tr("Set"), self.tr("Add {key} with the schema's defaults").format(key=key),
                                         lambda p=path, n=node: self.edit(p, default_value(n))))
                h.addStretch(1)
                label = QLabel(key_label(name))
                label.setToolTip(f"{key}\n{node.description}")
                form.addRow(label, row)
                return
            box = QGroupBox(title or (item_title(str(path[-2]), path[-1], value) if isinstance(path[-1], int) else box_title(path)))
            box.setToolTip(f"{key}\n{node.description or describe(node)}")
            inner = QFormLayout(box)
            inner.setContentsMargins(6, 4, 2, 4)
            inner.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            if node.is_model:
                items = [(k, v) for k, v in value.items() if not (skip_inner and k in skip_inner)]
            elif node.is_dict:
                items = [(k, v) for k, v in value.items()]
                skip_inner = None
            else:
                items = list(enumerate(value))
            for k, v in items:
                sub = child(node, k)
                if sub is None:
                    continue
                sub_path = path + (k,)
                if node.is_model or isinstance(k, str):
                    self._add(inner, sub_path, sub, v, skip_inner=skip_inner if node.is_dict else None)
                else:
                    self._add(inner, sub_path, sub, v, title=item_title(name, k, v))
            if box.layout().rowCount() == 0:
                inner.addRow(QLabel(self.tr("(empty)")))
            box_buttons(self, inner, path, node, value)
            form.addRow(box)
            return
        widget = self._editor(path, node, value)
        tip = describe(node)
        expected = self.tr("Expected: {what}").format(what=tip)
        tip = f"{node.description}\n{expected}" if node.description else expected
        widget.setToolTip(f"{key}\n{tip}")
        row = QWidget()
        h = QHBoxLayout(row)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(widget, 1)
        unit_label = None
        if node.unit:  # the unit beside the value, where the eye reads the number
            unit_label = QLabel(node.unit)
            unit_label.setStyleSheet("color: #555;")
            h.addWidget(unit_label)
        label = QLabel(key_label(name))
        label.setToolTip(widget.toolTip())
        form.addRow(label, row)
        self.fields[path] = _Field(path, node, widget, unit_label, label)

    def _editor(self, path: Path_, node: Node, value: Any) -> QWidget:
        tp = node.tp
        picker = picker_for(node, value, lambda v, text, p=path: self.edit(p, v, text, merge=text is None), f" ({path_text(path)})")
        if picker is not None:
            return picker
        if is_choice_list(node):
            return ChoiceBoxes(node, value, lambda chosen, p=path: self._set(p, chosen, merge=False))
        if tp is bool:
            box = QCheckBox()
            box.setChecked(bool(value))
            box.toggled.connect(lambda on, p=path: self._set(p, bool(on), merge=False))
            return box
        if get_origin(tp) is Literal:
            combo = QComboBox()
            for choice in get_args(tp):
                combo.addItem(choice_label(str(choice)), choice)
            i = combo.findData(value)
            combo.setCurrentIndex(max(0, i))
            combo.currentIndexChanged.connect(lambda _i, p=path, c=combo: self._set(p, c.currentData(), merge=False))
            return combo
        edit = QLineEdit(to_text(value))
        edit.setPlaceholderText(describe(node) if is_simple(node) else self.tr("comma-separated"))
        edit.textEdited.connect(lambda text, p=path, n=node: self._set(p, from_text(text, n)))
        # a long value (a list of dates, of link ids) reads from its start, also once it has been edited
        edit.setCursorPosition(0)
        edit.editingFinished.connect(lambda e=edit: e.setCursorPosition(0))
        return edit

    # ---- editing: every edit is a command on the undo stack -------------------------

    def _set(self, path: Path_, value: Any, merge: bool = True) -> None:
        self.edit(path, value, merge=merge)

    def edit(self, path: Path_, value: Any, text: str | None = None, merge: bool = False) -> None:
        """Set `path` to `value` as one undoable edit named `text` (made from the key and the values when None)."""
        old = self.value_at(path)
        if old == value and not merge:
            return
        self.undo_stack.push(ScenarioEdit(self, path, value, text or self.edit_name(path, old, value), merge=merge))

    def edit_name(self, path: Path_, old: Any, new: Any) -> str:
        """An edit in words: "transfer_centres.north_bus: Car spaces: 800 → 1,200 spaces"."""
        node = node_at(path)
        name = str(path[-1]) if not isinstance(path[-1], int) else str(path[-2])
        where = path_text(path[:-1])
        what = key_label(name)
        if new is REMOVED or (isinstance(old, list) and isinstance(new, list) and node is not None and not simple_list(node)):
            if new is REMOVED:
                return self.tr("Remove {key}").format(key=path_text(path))
            verb = self.tr("Edit") if len(new) == len(old) else (self.tr("Remove") if len(new) < len(old) else self.tr("Add"))
            return f"{verb}: {what} ({where or name})"
        if isinstance(new, dict) or isinstance(old, dict) or (node is not None and node.is_model):
            verb = self.tr("Clear") if new is None else (self.tr("Set") if old is None or old is REMOVED else self.tr("Edit"))
            return f"{verb} {path_text(path)}"
        unit = node.unit if node is not None else ""
        head = f"{where}: {what}" if where else what
        return f"{head}: {value_text(old, unit if not isinstance(old, list) else '')} → {value_text(new, unit)}"

    def value_at(self, path: Path_) -> Any:
        node: Any = self.data
        for k in path:
            try:
                node = node[k]
            except (KeyError, IndexError, TypeError):
                return REMOVED
        return node

    def apply_value(self, path: Path_, value: Any, changes: dict[Path_, Any] | None = None) -> None:
        """Set a value in the edited scenario (REMOVED deletes it) and record it among `changes`; with `changes`
        given (undo), put that whole record back instead. Editors follow; lists and tables are remade."""
        target: Any = self.data
        for k in path[:-1]:
            target = target[k]
        if value is REMOVED:
            target.pop(path[-1], None)
        else:
            target[path[-1]] = value
        if changes is not None:
            self.changes = changes
        else:
            n = len(path)
            for p in [p for p in self.changes if len(p) > n and p[:n] == path]:
                del self.changes[p]  # the whole list or table now holds them
            self.changes[path] = None if value is REMOVED else copy.deepcopy(value)
            for p in self.changes:
                if len(p) < n and path[:len(p)] == p:
                    self.changes[p] = copy.deepcopy(self.value_at(p))  # an edited list, edited inside
        f = self.fields.get(path)
        if f is not None and value is not REMOVED:
            f.show_value(value)
        else:
            self._build()
        self._check.start()  # before telling: a listener asking for scenario() gets the edited one
        self.values_edited.emit()

    def add_item(self, path: Path_) -> None:
        items = list(self.value_at(path) or [])
        item_node = child(node_at(path), 0) if node_at(path) is not None else None
        if item_node is None:
            return
        items.append(next_item(items, item_node))
        self.edit(path, items)

    def remove_item(self, path: Path_) -> None:
        """Take an item out of its list (or a centre out of the table of centres)."""
        if isinstance(path[-1], int):
            items = list(self.value_at(path[:-1]))
            del items[path[-1]]
            self.edit(path[:-1], items, self.tr("Remove {key}").format(key=path_text(path)))
        else:
            self.edit(path, REMOVED, self.tr("Remove {key}").format(key=path_text(path)))

    def add_key(self, path: Path_) -> None:
        """A new centre, a copy of the last one, at a zone id the planner names."""
        table = self.value_at(path) or {}
        new_key = self.ask_key(path_text(path))
        if not new_key or new_key in table:
            return
        node = node_at(path + (new_key,))
        value = next_item(list(table.values()), node) if node is not None else {}
        self.edit(path + (new_key,), value, self.tr("Add {key}").format(key=path_text(path + (new_key,))))

    def _ask_key(self, where: str) -> str | None:
        text, ok = QInputDialog.getText(self, self.tr("Add to {key}").format(key=where), self.tr("Zone id of the new centre:"))
        return text.strip() if ok else None

    def set_value(self, path: Path_, text_or_value: Any) -> None:
        """Edit a key as a user would (for scripts and tests): text for text fields, a value otherwise."""
        f = self.fields[path]
        w = f.widget
        if isinstance(w, ChoiceBoxes):
            for choice, box in w.boxes.items():
                if box.isChecked() != (choice in text_or_value):
                    box.setChecked(choice in text_or_value)
        elif isinstance(w, DatePicker | HoursPicker | HoursListPicker):
            w.pick(text_or_value)
        elif isinstance(w, QLineEdit):
            w.setText(str(text_or_value))
            w.textEdited.emit(w.text())
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(text_or_value))
        elif isinstance(w, QComboBox):
            w.setCurrentIndex(w.findData(text_or_value))

    def validate(self) -> bool:
        """Check the whole edited scenario now; marks the editors of bad keys. True when valid."""
        self._check.stop()
        was = self._valid is not None
        try:
            self._valid = Scenario.model_validate(copy.deepcopy(self.data))
            problems: list[tuple[Path_, str]] = []
        except ValidationError as exc:
            self._valid = None
            problems = error_locations(exc)
        self._show_problems(problems)
        if was != (self._valid is not None):
            self.validity_changed.emit(self._valid is not None)
        return self._valid is not None

    def _show_problems(self, problems: list[tuple[Path_, str]]) -> None:
        self.problems = problems
        marks: dict[Path_, list[str]] = {}
        for loc, msg in problems:
            # the editor at the longest prefix of the problem's key path
            for n in range(len(loc), 0, -1):
                if loc[:n] in self.fields:
                    marks.setdefault(loc[:n], []).append(msg)
                    break
        for path, f in self.fields.items():
            f.mark("\n".join(marks[path]) if path in marks else None)
        if problems:
            lines = [f"{path_text(loc)}: {msg}" for loc, msg in problems[:6]]
            more = "<br>" + self.tr("... and {n} more").format(n=len(problems) - 6) if len(problems) > 6 else ""
            self.problems_label.setText("<b>" + self.tr("{n} problem(s), fix before running:").format(n=len(problems)) + "</b><br>"
                                        + "<br>".join(lines) + more)
            self.problems_label.show()
        else:
            self.problems_label.hide()

    def scenario(self) -> Scenario | None:
        """The edited scenario, validated; None while any value is invalid."""
        if self._check.isActive():
            self.validate()
        return self._valid

    def is_valid(self) -> bool:
        return self.scenario() is not None


__all__ = ["GROUPS", "ScenarioForm", "error_locations", "path_text"]
