"""The scenario form's words and small editors: labels a planner reads, values as text, and choices as checkboxes.

A planner reads "Car spaces (spaces)", not `car_spaces`: every key gets a label
in words with its unit, and its file key stays in the tooltip, because the
file, `gusu diff` and the loader's messages all speak in keys. A list of
choices from a fixed set (a rule's `refuse`, `exempt`, `day_types`) is a row
of checkboxes, so a typo can no longer make a rule refuse nobody. A new item
of a list or an optional table starts from the schema's own defaults.
Texts are in the "ScenarioForm" translation context.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Literal, get_args, get_origin

from pydantic import ValidationError
from pydantic_core import PydanticUndefined
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QWidget

from sim.scenario.errors import translate as translate_errors
from sim.scenario.introspect import Node, child

translate = QCoreApplication.translate  # by this name, so lupdate still collects every text
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
    names = {"Run and calendar": translate("ScenarioForm", "Run and calendar"),
             "Network and works": translate("ScenarioForm", "Network and works"),
             "Rings and rules": translate("ScenarioForm", "Rings and rules"),
             "Parking and transfer centres": translate("ScenarioForm", "Parking and transfer centres"),
             "Shuttles": translate("ScenarioForm", "Shuttles"),
             "Demand": translate("ScenarioForm", "Demand"),
             "Behaviour": translate("ScenarioForm", "Behaviour"),
             "Other": translate("ScenarioForm", "Other")}
    return names.get(title, title)
HIDDEN = {"schema_version"}
INVALID_STYLE = "background: #ffd7d7; border: 1px solid #c62828;"


def path_text(path: Path_) -> str:
    out = ""
    for k in path:
        out += f"[{k}]" if isinstance(k, int) else (f".{k}" if out else str(k))
    return out


def is_simple(node: Node) -> bool:
    return not (node.is_model or node.is_dict or node.is_list)


def simple_list(node: Node) -> bool:
    if not node.is_list:
        return False
    item = child(node, 0)
    return item is not None and is_simple(item)


def error_locations(exc: ValidationError) -> list[tuple[Path_, str]]:
    """Every problem as (key path, message) in the loader's words (sim.scenario.errors.translate), so the
    form and `gusu check` say the same thing ("expected a whole number ...", never pydantic's raw text)."""
    return [(tuple(loc), msg) for loc, msg in translate_errors(exc)]


def item_title(name: str, index: int, value: Any) -> str:
    if isinstance(value, dict):
        for key in ("date", "note", "name"):
            if value.get(key):
                return f"{key_label(name)} {index + 1}  {value[key]}"
    return f"{key_label(name)} {index + 1}"


def box_title(path: Path_) -> str:
    """A table's title: "Ring B", a centre's id, or the key in words."""
    if len(path) == 2 and path[0] == "rings":
        return translate("ScenarioForm", "Ring {ring}").format(ring=path[1])
    return key_label(str(path[-1]))




def key_label(key: str) -> str:
    """A key's label in words, in the current language (the key itself for a free-form id such as a zone)."""
    words = {
        "name": translate("ScenarioForm", "Name"), "description": translate("ScenarioForm", "Description"),
        "run": translate("ScenarioForm", "Run"), "days": translate("ScenarioForm", "Days"),
        "seed": translate("ScenarioForm", "Random seed"), "bin_min": translate("ScenarioForm", "Reporting bin"),
        "routing_update_min": translate("ScenarioForm", "Routes recomputed every"),
        "platoon_size_veh": translate("ScenarioForm", "Platoon size"), "stuck_time_s": translate("ScenarioForm", "Gridlock release after"),
        "network": translate("ScenarioForm", "Network"), "file": translate("ScenarioForm", "Network file"),
        "closed_segments": translate("ScenarioForm", "Closed streets (segment ids)"),
        "one_way_links": translate("ScenarioForm", "One-way streets (link ids)"), "works": translate("ScenarioForm", "Road works"),
        "segments": translate("ScenarioForm", "Segments"), "capacity_factor": translate("ScenarioForm", "Capacity left open"),
        "note": translate("ScenarioForm", "Note"), "date": translate("ScenarioForm", "Date"),
        "day_type": translate("ScenarioForm", "Kind of day"), "traffic_factor": translate("ScenarioForm", "Traffic factor"),
        "tourist_factor": translate("ScenarioForm", "Tourist factor"), "rings": translate("ScenarioForm", "Rings"),
        "enabled": translate("ScenarioForm", "In force"), "rules": translate("ScenarioForm", "Rules"),
        "refuse": translate("ScenarioForm", "Refused"), "exempt": translate("ScenarioForm", "Exempt"),
        "day_types": translate("ScenarioForm", "On kinds of day"), "hours": translate("ScenarioForm", "Hours"),
        "trigger": translate("ScenarioForm", "Trigger"), "metric": translate("ScenarioForm", "Watches"),
        "on": translate("ScenarioForm", "Switches on at"), "off": translate("ScenarioForm", "Switches off at"),
        "parking": translate("ScenarioForm", "Parking"), "zone_spaces": translate("ScenarioForm", "Spaces by zone"),
        "default_zone_spaces": translate("ScenarioForm", "Spaces in other zones"),
        "search_give_up_min": translate("ScenarioForm", "Search given up after"),
        "transfer_centres": translate("ScenarioForm", "Transfer centres"), "open": translate("ScenarioForm", "Open"),
        "car_spaces": translate("ScenarioForm", "Car spaces"), "serves": translate("ScenarioForm", "Serves zones"),
        "overflow_to": translate("ScenarioForm", "Overflow to"), "shuttle": translate("ScenarioForm", "Shuttle"),
        "to_zone": translate("ScenarioForm", "Drives to"), "seats": translate("ScenarioForm", "Seats"),
        "headway_min": translate("ScenarioForm", "Headway"), "fleet": translate("ScenarioForm", "Fleet"),
        "service_hours": translate("ScenarioForm", "Service hours"), "attractions": translate("ScenarioForm", "Attractions"),
        "zone": translate("ScenarioForm", "Zone"), "entry_cap_persons_h": translate("ScenarioForm", "Entry cap"),
        "demand": translate("ScenarioForm", "Demand"), "vehicles_per_day": translate("ScenarioForm", "Vehicles a day"),
        "persons_per_day": translate("ScenarioForm", "Persons a day"), "profile": translate("ScenarioForm", "Hourly profile"),
        "workday": translate("ScenarioForm", "Workday"), "weekend": translate("ScenarioForm", "Weekend"),
        "holiday": translate("ScenarioForm", "Holiday"), "compliance": translate("ScenarioForm", "Compliance"),
        "new_energy_share": translate("ScenarioForm", "New-energy plates"), "nonlocal_share": translate("ScenarioForm", "Non-local plates"),
        "tourist_nonlocal_share": translate("ScenarioForm", "Non-local tourist plates"),
        "resident_inside_share": translate("ScenarioForm", "Residents' trips inside"),
        "car_occupancy_persons": translate("ScenarioForm", "Persons per tourist car"), "visit_h": translate("ScenarioForm", "Visit length"),
        "counting": translate("ScenarioForm", "Counting"), "include_walk_up": translate("ScenarioForm", "Count walk-up tourists"),
        "compare_with": translate("ScenarioForm", "Compare with"), "behaviour": translate("ScenarioForm", "Behaviour"),
    }
    return words.get(key, key)


def choice_label(value: str) -> str:
    """A choice of an enumeration in words (the file's value in the tooltip)."""
    words = {"nonlocal_car": translate("ScenarioForm", "non-local cars"), "local_car": translate("ScenarioForm", "local cars"),
             "coach": translate("ScenarioForm", "coaches"), "bus": translate("ScenarioForm", "buses"),
             "new_energy": translate("ScenarioForm", "new-energy plates"), "permit": translate("ScenarioForm", "permit holders"),
             "workday": translate("ScenarioForm", "workdays"), "weekend": translate("ScenarioForm", "weekends"),
             "holiday": translate("ScenarioForm", "holidays")}
    return words.get(value, value)


def label_with_unit(key: str, unit: str) -> str:
    return f"{key_label(key)} ({unit})" if unit else key_label(key)


def is_choice_list(node: Node) -> bool:
    """A list whose items come from a fixed set: shown as checkboxes."""
    item = child(node, 0) if node.is_list else None
    return item is not None and get_origin(item.tp) is Literal


class ChoiceBoxes(QWidget):
    """One checkbox per allowed value; `changed` is called with the ticked values in the schema's order."""

    def __init__(self, node: Node, value: list[Any], changed: Callable[[list[Any]], None]) -> None:
        super().__init__()
        item = child(node, 0)
        self.choices = list(get_args(item.tp)) if item is not None else []
        self.boxes: dict[Any, QCheckBox] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for choice in self.choices:
            box = QCheckBox(choice_label(str(choice)))
            box.setToolTip(str(choice))
            box.toggled.connect(lambda _on: changed(self.value()))
            self.boxes[choice] = box
            row.addWidget(box)
        row.addStretch(1)
        self.show_value(value)

    def value(self) -> list[Any]:
        return [c for c in self.choices if self.boxes[c].isChecked()]

    def show_value(self, value: list[Any]) -> None:
        for choice, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(choice in (value or []))
            box.blockSignals(False)


def default_value(node: Node) -> Any:
    """A new value for `node` from the schema: its default, else the first choice, the lowest number, empty."""
    if node.default is not PydanticUndefined and node.default is not None:
        d = node.default
        return d.model_dump(mode="python") if hasattr(d, "model_dump") else d
    if node.is_model:
        return {name: default_value(sub) for name in node.tp.model_fields if (sub := child(node, name)) is not None}
    if node.is_list:
        return []
    if node.is_dict:
        return {}
    if get_origin(node.tp) is Literal:
        return get_args(node.tp)[0]
    if node.tp in (int, float):
        low = node.ge if node.ge is not None else (node.gt if node.gt is not None else 0)
        return node.tp(low)
    if node.tp is bool:
        return True
    if node.tp is dt.date:
        return dt.date.today()
    return ""


def next_item(items: list[Any], item_node: Node) -> Any:
    """A new list item: a copy of the last (a day is the next date), else the schema's defaults."""
    if not items:
        return default_value(item_node)
    new = _deep(items[-1])
    if isinstance(new, dict) and isinstance(new.get("date"), dt.date):
        new["date"] = new["date"] + dt.timedelta(days=1)
    return new


def _deep(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _deep(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep(v) for v in value]
    return value


def to_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(to_text(v) for v in value)
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


def from_text(text: str, node: Node) -> Any:
    if node.is_list:
        item = child(node, 0)
        parts = [p for p in text.split(",") if p.strip()]
        return [_parse_one(p, item.tp if item is not None else str) for p in parts]
    if node.optional and not text.strip():
        return None
    return _parse_one(text, node.tp)


def value_text(value: Any, unit: str = "") -> str:
    """A value as a planner reads it in an edit's name: 1,200 spaces, 0.6, on/off, a list."""
    if isinstance(value, bool):
        return translate("ScenarioForm", "on") if value else translate("ScenarioForm", "off")
    if isinstance(value, int):
        text = f"{value:,}"
    elif isinstance(value, float):
        text = f"{value:,.6g}" if abs(value) >= 1000 else f"{value:g}"
    elif isinstance(value, list):
        text = ", ".join(choice_label(str(v)) for v in value) if value else translate("ScenarioForm", "none")
    elif value is None:
        return translate("ScenarioForm", "not set")
    else:
        text = to_text(value)
    return f"{text} {unit}" if unit else text


__all__ = ["GROUPS", "HIDDEN", "INVALID_STYLE", "ChoiceBoxes", "Path_", "box_title", "choice_label", "default_value",
           "error_locations", "from_text", "group_title", "is_choice_list", "is_simple", "item_title", "key_label",
           "label_with_unit", "next_item", "path_text", "simple_list", "to_text", "value_text"]
