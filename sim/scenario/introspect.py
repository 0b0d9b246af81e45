"""Reading the schema itself: which keys exist where, what each must hold, in which unit.

The schema (sim/scenario/schema.py) is declared once. This module walks it so
that the rest never restates it: the error messages ask it what a key expects
and which keys a table allows (for "did you mean"), the reference page
docs/scenario-format.md is printed from `fields()`, the GUI builds its form
from the same list, and the loader asks how deep a document may nest.

Units are read from key names (`headway_min` is in minutes, `entry_cap_persons_h`
in persons per hour); a value inside a per-day-type table inherits the unit
of the key that holds the table (`vehicles_per_day.holiday` is vehicles a day).
"""

from __future__ import annotations

import datetime as dt
import types
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from sim.scenario.schema import Expect, Scenario

# Longest suffix first: `_veh_h` before `_h`.
_UNIT_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("vehicles_per_day", "vehicles/day"),
    ("persons_per_day", "persons/day"),
    ("_persons_h", "persons/h"),
    ("_veh_h", "vehicles/h"),
    ("_yuan_h", "yuan/h"),
    ("_per_min", "1/min"),
    ("_kmh", "km/h"),
    ("_min", "min"),
    ("_yuan", "yuan"),
    ("_veh", "vehicles"),
    ("_persons", "persons"),
    ("_spaces", "spaces"),
    ("_share", "share 0-1"),
    ("_factor", "multiplier"),
    ("_weight", "weight"),
    ("_s", "s"),
    ("_h", "h"),
)
# Count nouns and shares whose name is their unit.
_UNIT_NAMES = {"seats": "seats", "fleet": "shuttles", "compliance": "share 0-1", "zone_spaces": "spaces", "search_min_at_full": "min"}


def unit_of(name: str) -> str:
    """The unit a key's name declares, or '' for a dimensionless or non-numeric key."""
    if name in _UNIT_NAMES:
        return _UNIT_NAMES[name]
    for suffix, unit in _UNIT_SUFFIXES:
        if name.endswith(suffix):
            return unit
    return ""


@dataclass(frozen=True)
class Node:
    """One place in the schema: the bare type there, its constraints and how to describe it."""

    tp: Any
    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    lt: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    expect: str | None = None
    optional: bool = False
    unit: str = ""
    description: str = ""
    default: Any = PydanticUndefined
    required: bool = False

    @property
    def is_model(self) -> bool:
        return isinstance(self.tp, type) and issubclass(self.tp, BaseModel)

    @property
    def is_dict(self) -> bool:
        return get_origin(self.tp) is dict

    @property
    def is_list(self) -> bool:
        return get_origin(self.tp) is list

    @property
    def is_table(self) -> bool:
        return self.is_model or self.is_dict


_CONSTRAINTS = ("ge", "gt", "le", "lt", "min_length", "max_length", "pattern")


def _absorb(metadata: list[Any] | tuple[Any, ...], found: dict[str, Any]) -> None:
    for meta in metadata:
        if isinstance(meta, FieldInfo):
            _absorb(meta.metadata, found)
            continue
        if isinstance(meta, Expect):
            found["expect"] = meta.text
            continue
        for name in _CONSTRAINTS:
            value = getattr(meta, name, None)
            if value is not None and name not in found:
                found[name] = value


def node_of(tp: Any, metadata: list[Any] | tuple[Any, ...] = (), unit: str = "", **extra: Any) -> Node:
    """Unwrap Annotated and Optional into a Node."""
    found: dict[str, Any] = {}
    _absorb(metadata, found)
    optional = False
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp, *meta = get_args(tp)
            _absorb(meta, found)
        elif origin in (Union, types.UnionType):
            members = [a for a in get_args(tp) if a is not type(None)]
            optional = optional or len(members) < len(get_args(tp))
            if len(members) != 1:
                break
            tp = members[0]
        else:
            break
    return Node(tp=tp, optional=optional, unit=unit, **found, **extra)


def _field_node(name: str, info: FieldInfo, inherited_unit: str) -> Node:
    default: Any = info.default
    if default is PydanticUndefined and info.default_factory is not None:
        default = info.default_factory()  # type: ignore[call-arg]
    return node_of(info.annotation, info.metadata, unit=unit_of(name) or inherited_unit,
                   description=info.description or "", default=default, required=info.is_required())


def child(node: Node, key: str | int) -> Node | None:
    """The schema node one step down (a key of a table, an index of an array), or None if there is none."""
    if node.is_model:
        if not isinstance(key, str) or key not in node.tp.model_fields:
            return None
        return _field_node(key, node.tp.model_fields[key], node.unit)
    if node.is_dict:
        key_tp, value_tp = get_args(node.tp)
        if key == "[key]":
            return node_of(key_tp)
        return node_of(value_tp, unit=node.unit)
    if node.is_list:
        return node_of(get_args(node.tp)[0], unit=node.unit)
    return None


ROOT = Node(tp=Scenario)


def node_at(loc: tuple[str | int, ...]) -> Node | None:
    """The schema node at a key path such as ('rings', 'B', 'rules', 0, 'hours')."""
    node: Node | None = ROOT
    parent: Node | None = None
    for key in loc:
        if node is None:
            return None
        if key == "[key]":  # pydantic's marker for a bad key of a dict: the key's type, not the value's
            return child(parent, key) if parent is not None and parent.is_dict else None
        parent, node = node, child(node, key)
    return node


def table_keys(loc: tuple[str | int, ...]) -> list[str]:
    """The keys the table at `loc` allows (for "did you mean"); [] when it is free-form or not a table."""
    node = node_at(loc)
    if node is None:
        return []
    if node.is_model:
        return list(node.tp.model_fields)
    if node.is_dict:
        key_tp = node_of(get_args(node.tp)[0]).tp
        if get_origin(key_tp) is Literal:
            return [str(a) for a in get_args(key_tp)]
    return []


def _num(x: float) -> str:
    if x == 2**63 - 1:
        return "2^63-1"
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        x = int(x)
    return f"{x:_}" if isinstance(x, int) and abs(x) >= 100_000 else str(x)


def _range(node: Node) -> str:
    low = f"{_num(node.ge)}" if node.ge is not None else (f"more than {_num(node.gt)}" if node.gt is not None else None)
    high = f"{_num(node.le)}" if node.le is not None else (f"less than {_num(node.lt)}" if node.lt is not None else None)
    if node.ge is not None and high is not None and node.le is not None:
        return f"from {low} to {high}"
    parts = []
    if low is not None:
        parts.append(low if node.gt is not None else f"at least {low}")
    if high is not None:
        parts.append(high if node.lt is not None else f"at most {high}")
    return " and ".join(parts)


def _items(node: Node) -> str:
    lo, hi = node.min_length, node.max_length
    if lo is not None and lo == hi:
        return f"exactly {lo}"
    if lo and hi is not None:
        return f"{lo} to {hi}"
    if hi is not None:
        return f"up to {hi}"
    if lo:
        return f"at least {lo}"
    return ""


def describe(node: Node) -> str:
    """What a value at this node must be, in words: 'a whole number from 1 to 60 (min)'."""
    tp = node.tp
    unit = f" ({node.unit})" if node.unit else ""
    if node.expect:
        return node.expect
    if get_origin(tp) is Literal:
        choices = [f'"{a}"' if isinstance(a, str) else str(a) for a in get_args(tp)]
        return choices[0] if len(choices) == 1 else "one of " + ", ".join(choices)
    if tp is bool:
        return "true or false"
    if tp in (int, float):
        kind = "a whole number" if tp is int else "a number"
        rng = _range(node)
        return f"{kind}{' ' + rng if rng else ''}{unit}"
    if tp is str:
        return f"text of at most {node.max_length} characters" if node.max_length else "text"
    if tp is dt.date:
        return "a date such as 2019-10-01 (no quotes)"
    if node.is_model:
        return "a table"
    if node.is_dict:
        size = _items(node)
        return f"a table of {size} keys" if size else "a table"
    if node.is_list:
        item = node_of(get_args(tp)[0], unit=node.unit)
        size = _items(node)
        noun = "tables" if item.is_model else f"values, each {describe(item)}"
        return f"an array of {size} {noun}" if size else f"an array of {noun}"
    return getattr(tp, "__name__", str(tp))


@lru_cache(maxsize=1)
def schema_depth() -> int:
    """How many tables and arrays deep a valid scenario can nest (the root table counts as 1)."""

    def depth(node: Node, seen: tuple[Any, ...]) -> int:
        if not (node.is_table or node.is_list):
            return 0
        if node.is_model:
            if node.tp in seen:
                return 1
            kids = [child(node, k) for k in node.tp.model_fields]
            return 1 + max((depth(k, seen + (node.tp,)) for k in kids if k is not None), default=0)
        sub = child(node, 0 if node.is_list else "x")
        return 1 + (depth(sub, seen) if sub is not None else 0)

    return depth(ROOT, ())


@dataclass(frozen=True)
class FieldSpec:
    """One key of the schema, as the reference page and the GUI form show it."""

    path: str                   # e.g. "rings.<ring>.rules[].hours"
    section: str                # the table it sits in, e.g. "rings.<ring>.rules[]"
    model: type[BaseModel]      # the section's schema class
    name: str
    expected: str               # describe()
    unit: str
    required: bool
    default: Any
    description: str
    node: Node = field(compare=False, repr=False)


def _placeholder(node: Node) -> str:
    key_tp = node_of(get_args(node.tp)[0])
    if get_origin(key_tp.tp) is Literal:
        return "<" + "|".join(str(a) for a in get_args(key_tp.tp)) + ">"
    return "<id>"


def fields(model: type[BaseModel] = Scenario, prefix: str = "", unit: str = "") -> list[FieldSpec]:
    """Every key of the schema, depth first in declaration order, with tables listed before their keys."""
    out: list[FieldSpec] = []
    node = Node(tp=model, unit=unit)
    for name in model.model_fields:
        sub = child(node, name)
        assert sub is not None
        path = f"{prefix}.{name}" if prefix else name
        out.append(FieldSpec(path, prefix, model, name, describe(sub), sub.unit, sub.required,
                             None if sub.default is PydanticUndefined else sub.default, sub.description, sub))
        inner, inner_path = sub, path
        while inner.is_dict or inner.is_list:  # down through dicts and arrays to a table, if any
            inner_path += "[]" if inner.is_list else "." + _placeholder(inner)
            nxt = child(inner, 0 if inner.is_list else "x")
            assert nxt is not None
            inner = nxt
        if inner.is_model:
            out.extend(fields(inner.tp, inner_path, inner.unit))
        elif sub.is_dict:  # a free-form table of plain values (or arrays of them): one row for its values
            value = child(sub, "x")
            assert value is not None
            key_path = f"{path}.{_placeholder(sub)}"
            out.append(FieldSpec(key_path, prefix, model, f"{name}.{_placeholder(sub)}", describe(value), value.unit, False,
                                 None, "", value))
    return out


__all__ = ["FieldSpec", "Node", "child", "describe", "fields", "node_at", "schema_depth", "table_keys", "unit_of"]
