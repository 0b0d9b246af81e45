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
import datetime as dt
from typing import Any, Literal, get_args, get_origin

from pydantic import ValidationError
from PySide6.QtCore import QCoreApplication, QEvent, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QToolBox,
    QVBoxLayout,
    QWidget,
)

from sim.scenario.errors import translate as translate_errors
from sim.scenario.introspect import ROOT, Node, child, describe
from sim.scenario.schema import Scenario

Path_ = tuple[str | int, ...]

# (title, top-level keys); ("transfer_centres", "shuttle") means that sub-table of every centre.
# Titles are translated where they are shown (group_title); the keys are file syntax and stay as written.
GROUPS: list[tuple[str, list[Any]]] = [
    ("Run and calendar", ["name", "description", "run", "days"]),
    ("Network and works", ["network"]),
    ("Rings and rules", ["rings"]),
    ("Parking and transfer centres", ["parking", "transfer_centres", "attractions"]),
    ("Shuttles", [("transfer_centres", "shuttle")]),
    ("Demand", ["demand"]),
    ("Behaviour", ["behaviour", "counting"]),
]


def group_title(title: str) -> str:
    names = {"Run and calendar": QCoreApplication.translate("ScenarioForm", "Run and calendar"),
             "Network and works": QCoreApplication.translate("ScenarioForm", "Network and works"),
             "Rings and rules": QCoreApplication.translate("ScenarioForm", "Rings and rules"),
             "Parking and transfer centres": QCoreApplication.translate("ScenarioForm", "Parking and transfer centres"),
             "Shuttles": QCoreApplication.translate("ScenarioForm", "Shuttles"),
             "Demand": QCoreApplication.translate("ScenarioForm", "Demand"),
             "Behaviour": QCoreApplication.translate("ScenarioForm", "Behaviour"),
             "Other": QCoreApplication.translate("ScenarioForm", "Other")}
    return names.get(title, title)
HIDDEN = {"schema_version"}
INVALID_STYLE = "background: #ffd7d7; border: 1px solid #c62828;"


def path_text(path: Path_) -> str:
    out = ""
    for k in path:
        out += f"[{k}]" if isinstance(k, int) else (f".{k}" if out else str(k))
    return out


def _is_simple(node: Node) -> bool:
    return not (node.is_model or node.is_dict or node.is_list)


def _simple_list(node: Node) -> bool:
    if not node.is_list:
        return False
    item = child(node, 0)
    return item is not None and _is_simple(item)


def error_locations(exc: ValidationError) -> list[tuple[Path_, str]]:
    """Every problem as (key path, message) in the loader's words (sim.scenario.errors.translate), so the
    form and `gusu check` say the same thing ("expected a whole number ...", never pydantic's raw text)."""
    return [(tuple(loc), msg) for loc, msg in translate_errors(exc)]


class _Field:
    """One editor bound to one key path."""

    def __init__(self, path: Path_, node: Node, widget: QWidget, unit_label: QLabel | None) -> None:
        self.path, self.node, self.widget, self.unit_label = path, node, widget, unit_label
        self.base_tip = widget.toolTip()

    def mark(self, problem: str | None) -> None:
        self.widget.setStyleSheet(INVALID_STYLE if problem else "")
        self.widget.setToolTip(f"{problem}\n\n{self.base_tip}" if problem else self.base_tip)


class ScenarioForm(QWidget):
    """Build with `set_scenario`; read `scenario()` (validated) and `changes` (edited key paths)."""

    values_edited = Signal()  # any edit
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
        """Show a scenario; forgets previous edits."""
        while self.toolbox.count():
            page = self.toolbox.widget(0)
            self.toolbox.removeItem(0)
            page.deleteLater()
        self.fields.clear()
        self.changes.clear()
        self._titles = []
        self.data = scenario.model_dump(mode="python")
        self._valid = scenario
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
        self._show_problems([])

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
        node: Node | None = ROOT
        for k in path:
            if node is None:
                return None
            node = child(node, k)
        return node

    def _add(self, form: QFormLayout, path: Path_, node: Node, value: Any, title: str | None = None,
             skip_inner: set[str] | None = None) -> None:
        """Add the editors for one key (recursing into tables and arrays of tables)."""
        name = str(path[-1])
        if node.is_model or node.is_dict or (node.is_list and not _simple_list(node)):
            if value is None:
                form.addRow(name, QLabel(self.tr("(not set)")))
                return
            box = QGroupBox(title or (path_text(path[-2:]) if isinstance(path[-1], int) else name))
            box.setToolTip(node.description or describe(node))
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
                    label = _item_title(name, k, v)
                    self._add(inner, sub_path, sub, v, title=label)
            if box.layout().rowCount() == 0:
                inner.addRow(QLabel(self.tr("(empty)")))
            form.addRow(box)
            return
        widget = self._editor(path, node, value)
        row = QWidget()
        h = QHBoxLayout(row)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(widget, 1)
        unit_label = None
        if node.unit:
            unit_label = QLabel(node.unit)
            unit_label.setStyleSheet("color: #555;")
            h.addWidget(unit_label)
        tip = describe(node)
        expected = self.tr("Expected: {what}").format(what=tip)
        tip = f"{node.description}\n{expected}" if node.description else expected
        widget.setToolTip(f"{path_text(path)}\n{tip}")
        label = QLabel(name)
        label.setToolTip(widget.toolTip())
        form.addRow(label, row)
        self.fields[path] = _Field(path, node, widget, unit_label)

    def _editor(self, path: Path_, node: Node, value: Any) -> QWidget:
        tp = node.tp
        if tp is bool:
            box = QCheckBox()
            box.setChecked(bool(value))
            box.toggled.connect(lambda on, p=path: self._set(p, bool(on)))
            return box
        if get_origin(tp) is Literal:
            combo = QComboBox()
            for choice in get_args(tp):
                combo.addItem(str(choice), choice)
            i = combo.findData(value)
            combo.setCurrentIndex(max(0, i))
            combo.currentIndexChanged.connect(lambda _i, p=path, c=combo: self._set(p, c.currentData()))
            return combo
        edit = QLineEdit(_to_text(value))
        edit.setPlaceholderText(describe(node) if _is_simple(node) else self.tr("comma-separated"))
        edit.textEdited.connect(lambda text, p=path, n=node: self._set(p, _from_text(text, n)))
        # a long value (a list of dates, of link ids) reads from its start, also once it has been edited
        edit.setCursorPosition(0)
        edit.editingFinished.connect(lambda e=edit: e.setCursorPosition(0))
        return edit

    # ---- editing and checking ------------------------------------------------

    def _set(self, path: Path_, value: Any) -> None:
        target: Any = self.data
        for k in path[:-1]:
            target = target[k]
        target[path[-1]] = value
        self.changes[path] = value
        self.values_edited.emit()
        self._check.start()

    def set_value(self, path: Path_, text_or_value: Any) -> None:
        """Edit a key as a user would (for scripts and tests): text for text fields, a value otherwise."""
        f = self.fields[path]
        w = f.widget
        if isinstance(w, QLineEdit):
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


def _item_title(name: str, index: int, value: Any) -> str:
    if isinstance(value, dict):
        for key in ("date", "note", "name"):
            if value.get(key):
                return f"{name}[{index}]  {value[key]}"
    return f"{name}[{index}]"


def _to_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(_to_text(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}" if abs(value) < 1e15 else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _parse_one(text: str, tp: Any) -> Any:
    text = text.strip()
    try:
        if tp is int:
            return int(text.replace("_", "").replace(",", ""))
        if tp is float:
            return float(text.replace("_", ""))
    except ValueError:
        return text  # left as typed: validation names it at its key
    return text


def _from_text(text: str, node: Node) -> Any:
    if node.is_list:
        item = child(node, 0)
        parts = [p for p in text.split(",") if p.strip()]
        return [_parse_one(p, item.tp if item is not None else str) for p in parts]
    if node.optional and not text.strip():
        return None
    return _parse_one(text, node.tp)


__all__ = ["GROUPS", "ScenarioForm", "error_locations", "path_text"]
