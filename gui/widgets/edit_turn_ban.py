"""A junction's turn bans: the movements through it, the bans in force, and adding or lifting one.

Traffic police publish a ban as a movement ("no left turn from 北环路 into 齐门路")
for some vehicles, on some days, at some hours. The engine holds it as
`network.turn_bans` (from one directed link into the next: sim/engine/routing.py).
The dialog, opened from a junction on the map, lists every movement through
the junction in a planner's words, each street with its compass heading
("北环东路 westbound → 齐门路 southbound"), the link ids in the tooltip; it
lists the bans in force there with their vehicles, days and hours, and lets
the planner add one (movement, vehicle categories, kinds of day and hour
windows picked on clocks) or lift one. Each is one undoable edit of
`network.turn_bans`, named in words ("Ban 北环东路 westbound → 齐门路 southbound
07:00-19:00"). Texts are in the "MapEdit" translation context.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.i18n import place
from gui.widgets.form_editors import ChoiceBoxes, choice_label
from gui.widgets.time_pickers import ALL_DAY, HoursListPicker
from sim.scenario.introspect import node_at
from sim.scenario.schema import DAY_TYPES, VEHICLE_CATEGORIES

translate = QCoreApplication.translate  # by this name, so lupdate still collects every text
BANS = ("network", "turn_bans")


def compass(dx: float, dy: float) -> str:
    """A direction of travel in words, from a vector in metres (x east, y north); the street menu's words."""
    angle = math.degrees(math.atan2(dy, dx)) % 360.0
    names = [translate("MapEdit", "eastbound"), translate("MapEdit", "northbound"), translate("MapEdit", "westbound"),
             translate("MapEdit", "southbound")]
    return names[int(((angle + 45.0) % 360.0) // 90.0)]


def link_words(net: Any, i: int) -> str:
    """'北环东路 westbound': a directed link's street and its heading."""
    a, b = net.node_xy_m[int(net.link_from[i])], net.node_xy_m[int(net.link_to[i])]
    name = place(*net.link_names[i]) or net.link_segment[i]
    return f"{name} {compass(float(b[0] - a[0]), float(b[1] - a[1]))}"


def movement_text(net: Any, from_id: str, to_id: str) -> str:
    words = []
    for lid in (from_id, to_id):
        i = net.link_index.get(lid)
        words.append(link_words(net, i) if i is not None else lid)
    return f"{words[0]} → {words[1]}"


def bans_at(net: Any, bans: list[dict[str, Any]], node: int) -> list[tuple[int, dict[str, Any]]]:
    """The bans (index in network.turn_bans, ban) whose movement passes through `node` on the network as drawn."""
    out = []
    for k, ban in enumerate(bans):
        a, b = net.link_index.get(ban.get("from_link")), net.link_index.get(ban.get("to_link"))
        if (a is not None and int(net.link_to[a]) == node) or (b is not None and int(net.link_from[b]) == node):
            out.append((k, ban))
    return out


def _all_or(values: list[str], every: tuple[str, ...], all_words: str) -> str:
    return all_words if set(values) >= set(every) else ", ".join(choice_label(v) for v in values)


def ban_text(net: Any, ban: dict[str, Any]) -> str:
    """A ban in words: movement, vehicles, days, hours."""
    return translate("MapEdit", "No {movement}: {who}, {days}, {hours}").format(
        movement=movement_text(net, ban["from_link"], ban["to_link"]),
        who=_all_or(ban.get("categories") or list(VEHICLE_CATEGORIES), VEHICLE_CATEGORIES, translate("MapEdit", "all vehicles")),
        days=_all_or(ban.get("day_types") or list(DAY_TYPES), DAY_TYPES, translate("MapEdit", "every day")),
        hours=", ".join(ban.get("hours") or [ALL_DAY]))


class TurnBanDialog(QDialog):
    """The movements through junction `node` of `net`, its bans, and add or lift a ban (edits of `form`)."""

    def __init__(self, parent: QWidget, form: Any, net: Any, node: int) -> None:
        super().__init__(parent)
        self.form, self.net, self.node = form, net, node
        zh, pinyin = net.node_names[node]
        name = place(zh, pinyin) or net.node_ids[node]
        self.setWindowTitle(translate("MapEdit", "Turn bans at {name}").format(name=name))
        into = [i for i in range(net.n_links) if int(net.link_to[i]) == node]
        out = [i for i in range(net.n_links) if int(net.link_from[i]) == node]
        self.movements = [(net.link_ids[a], net.link_ids[b]) for a in into for b in out if net.link_segment[a] != net.link_segment[b]]
        layout = QVBoxLayout(self)
        head = QLabel(translate("MapEdit", "Junction {name} (node {node}): {n} movements through it").format(
            name=name, node=net.node_ids[node], n=len(self.movements)))
        head.setWordWrap(True)
        layout.addWidget(head)
        in_force = QGroupBox(translate("MapEdit", "Turn bans in force here"))
        v = QVBoxLayout(in_force)
        self.ban_list = QListWidget()
        self.ban_list.setWordWrap(True)  # a ban's rule is read whole, never behind a scroll bar
        self.ban_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.ban_list.setMinimumHeight(self.fontMetrics().lineSpacing() * 4)
        self.ban_list.setMaximumHeight(self.fontMetrics().lineSpacing() * 9)
        self.setMinimumWidth(min(640, self.fontMetrics().horizontalAdvance("x") * 90))
        v.addWidget(self.ban_list)
        self.lift_button = QPushButton(translate("MapEdit", "Lift the selected ban"))
        self.lift_button.clicked.connect(self.lift_selected)
        row = QHBoxLayout()
        row.addWidget(self.lift_button)
        row.addStretch(1)
        v.addLayout(row)
        layout.addWidget(in_force)
        new = QGroupBox(translate("MapEdit", "A new ban"))
        f = QFormLayout(new)
        self.movement = QComboBox()
        for frm, to in self.movements:
            self.movement.addItem(movement_text(net, frm, to), (frm, to))
            self.movement.setItemData(self.movement.count() - 1, f"{frm} → {to}", Qt.ItemDataRole.ToolTipRole)
        f.addRow(translate("MapEdit", "Movement"), self.movement)
        item = BANS + (0,)
        self.categories = ChoiceBoxes(node_at(item + ("categories",)), list(VEHICLE_CATEGORIES), lambda _v: None)
        self.day_types = ChoiceBoxes(node_at(item + ("day_types",)), list(DAY_TYPES), lambda _v: None)
        self.hours = HoursListPicker([ALL_DAY], lambda _v, _t: None)
        self.note = QLineEdit()
        self.note.setPlaceholderText(translate("MapEdit", "the rule and its source"))
        f.addRow(translate("MapEdit", "Vehicles"), self.categories)
        f.addRow(translate("MapEdit", "Kinds of day"), self.day_types)
        f.addRow(translate("MapEdit", "Hours"), self.hours)
        f.addRow(translate("MapEdit", "Note"), self.note)
        self.add_button = QPushButton(translate("MapEdit", "Ban this movement"))
        self.add_button.clicked.connect(self.add_ban)
        self.add_button.setEnabled(bool(self.movements))
        f.addRow(self.add_button)
        layout.addWidget(new)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.refresh()

    def bans(self) -> list[dict[str, Any]]:
        return [dict(b) for b in self.form.data["network"]["turn_bans"]]

    def refresh(self) -> None:
        self.ban_list.clear()
        for k, ban in bans_at(self.net, self.bans(), self.node):
            item = QListWidgetItem(ban_text(self.net, ban) + ("\n" + ban["note"] if ban.get("note") else ""))
            item.setData(Qt.ItemDataRole.UserRole, k)
            item.setToolTip("".join(("network.turn_bans[", str(k), "]: ", ban["from_link"], " → ", ban["to_link"])))  # file keys
            self.ban_list.addItem(item)
        if self.ban_list.count() == 0:
            none = QListWidgetItem(translate("MapEdit", "No turn bans here"))
            none.setFlags(Qt.ItemFlag.NoItemFlags)
            self.ban_list.addItem(none)
        else:
            self.ban_list.setCurrentRow(0)
        self.lift_button.setEnabled(bool(bans_at(self.net, self.bans(), self.node)))

    def new_ban(self) -> dict[str, Any]:
        frm, to = self.movement.currentData()
        return {"from_link": frm, "to_link": to, "categories": self.categories.value(), "day_types": self.day_types.value(),
                "hours": self.hours.value(), "note": self.note.text().strip()}

    def add_ban(self) -> None:
        if self.movement.currentIndex() < 0:
            return
        ban = self.new_ban()
        if not (ban["categories"] and ban["day_types"] and ban["hours"]):
            return  # a ban on no vehicle, no day or no hour: the schema refuses it, so it is not made
        words = translate("MapEdit", "Ban {movement} {hours}").format(movement=movement_text(self.net, ban["from_link"], ban["to_link"]),
                                                                      hours=", ".join(ban["hours"]))
        self.form.edit(BANS, self.bans() + [ban], words)
        self.refresh()

    def lift_selected(self) -> None:
        item = self.ban_list.currentItem()
        k = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if k is None:
            return
        bans = self.bans()
        ban = bans.pop(int(k))
        words = translate("MapEdit", "Lift the ban {movement} {hours}").format(
            movement=movement_text(self.net, ban["from_link"], ban["to_link"]), hours=", ".join(ban["hours"]))
        self.form.edit(BANS, bans, words)
        self.refresh()


__all__ = ["BANS", "TurnBanDialog", "ban_text", "bans_at", "compass", "link_words", "movement_text"]
