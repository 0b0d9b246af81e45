"""A transfer centre's dialog, opened by clicking the centre on the map.

A planner asks "what if the north bus station had 1,200 spaces, or twice the
shuttles?" The dialog holds what a centre is made of in numbers with their
units (car spaces, shuttles in service, minutes between departures) and
whether its car park is open. OK makes one undoable edit of everything
changed, named in words ("汽车北站 Qiche Beizhan: 800 → 1,200 spaces").

The same dialog adds a centre where a planner clicked a junction with a free
zone (gui.widgets.map_junctions): it opens on the schema's defaults for a new
centre (`new_centre`: the shuttle driving to the nearest attraction zone), and
OK adds it as one undoable edit. "Remove this centre" takes a centre out, also
undoable. Texts are in the "MapEdit" translation context.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QPushButton, QSpinBox, QWidget

from gui.widgets.edit_commands import REMOVED
from gui.widgets.form_editors import default_value, value_text
from gui.widgets.map_key import centre_title
from gui.widgets.scenario_form import ScenarioForm
from sim.scenario.introspect import node_at

translate = QCoreApplication.translate  # by this name, so lupdate still collects every text
CENTRES = ("transfer_centres",)


def stop_zones(net: Any, near: str) -> list[str]:
    """Zones a shuttle can drive to (the old town's, those with visitors first), nearest to zone `near` first."""
    here = net.node_xy_m[net.zones[near].node]
    zones = [z for z in net.zones.values() if z.kind == "old_town"] or list(net.zones.values())
    return [z.id for z in sorted(zones, key=lambda z: (z.visitor_weight <= 0, float(np.hypot(*(net.node_xy_m[z.node] - here)))))]


def new_centre(net: Any, zone: str) -> dict[str, Any]:
    """A new centre at `zone`: the schema's defaults, its shuttle to the nearest attraction zone."""
    value = default_value(node_at(CENTRES + (zone,)))
    value["shuttle"]["to_zone"] = stop_zones(net, zone)[0]
    value["overflow_to"] = None  # optional, no default: a new centre overflows nowhere until the planner says
    return value


class CentreDialog(QDialog):
    """Spaces, shuttle fleet and headway, and open or closed, of transfer centre `cid`."""

    def __init__(self, parent: QWidget, form: ScenarioForm, cid: str, net: Any, new: dict[str, Any] | None = None) -> None:
        super().__init__(parent)
        self.form, self.cid, self.new = form, cid, new
        self.title = centre_title(cid, net)
        self.setWindowTitle(translate("MapEdit", "New transfer centre: {name}").format(name=self.title) if new is not None
                            else translate("MapEdit", "Transfer centre: {name}").format(name=self.title))
        centre = new if new is not None else form.data["transfer_centres"][cid]
        layout = QFormLayout(self)
        self.spaces = QSpinBox()
        self.spaces.setRange(0, 100_000)
        self.spaces.setSingleStep(50)
        self.spaces.setGroupSeparatorShown(True)
        self.spaces.setSuffix(translate("MapEdit", " spaces"))
        self.spaces.setValue(int(centre["car_spaces"]))
        self.fleet = QSpinBox()
        self.fleet.setRange(0, 500)
        self.fleet.setSuffix(translate("MapEdit", " shuttles"))
        self.fleet.setValue(int(centre["shuttle"]["fleet"]))
        self.headway = QDoubleSpinBox()
        self.headway.setRange(1.0, 120.0)
        self.headway.setDecimals(1)
        self.headway.setSuffix(translate("MapEdit", " min"))
        self.headway.setValue(float(centre["shuttle"]["headway_min"]))
        self.open_box = QCheckBox(translate("MapEdit", "Car park open"))
        self.open_box.setChecked(bool(centre["open"]))
        self.open_box.setToolTip(translate("MapEdit", "Closed: no cars park here; its shuttles still run for walk-up tourists"))
        for label, widget, key in ((translate("MapEdit", "Car spaces"), self.spaces, "car_spaces"),
                                   (translate("MapEdit", "Shuttles in service"), self.fleet, "shuttle.fleet"),
                                   (translate("MapEdit", "Time between departures"), self.headway, "shuttle.headway_min")):
            widget.setToolTip(".".join(("transfer_centres", cid, key)))  # the file key, the same in every language
            layout.addRow(label, widget)
        layout.addRow(self.open_box)
        self.to_zone = QComboBox()
        if new is not None:  # a new centre: where its shuttles go (an existing one's line is edited in the form)
            for z in stop_zones(net, cid):
                self.to_zone.addItem(f"{centre_title(z, net)} ({z})", z)
            self.to_zone.setToolTip(".".join(("transfer_centres", cid, "shuttle", "to_zone")))  # the file key, in every language
            layout.addRow(translate("MapEdit", "Shuttles drive to"), self.to_zone)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.remove_button: QPushButton | None = None
        if new is None:
            self.remove_button = buttons.addButton(translate("MapEdit", "Remove this centre"), QDialogButtonBox.ButtonRole.DestructiveRole)
            self.remove_button.setToolTip(translate("MapEdit", "Take transfer_centres.{cid} out of the scenario (undoable)").format(cid=cid))
            self.remove_button.clicked.connect(self.remove)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)
        self.accepted.connect(self.apply)

    def new_value(self) -> dict[str, Any]:
        """The new centre as the dialog now has it."""
        value = dict(self.new or {})
        value.update(car_spaces=self.spaces.value(), open=self.open_box.isChecked())
        value["shuttle"] = dict(value["shuttle"], fleet=self.fleet.value(), headway_min=round(self.headway.value(), 1),
                                to_zone=self.to_zone.currentData() or value["shuttle"]["to_zone"])
        return value

    def remove(self) -> None:
        """Take this centre out, and the overflow of other centres into it, as one undoable edit."""
        stack = self.form.undo_stack
        stack.beginMacro(translate("MapEdit", "Remove the transfer centre {name}").format(name=self.title))
        for other, centre in self.form.data["transfer_centres"].items():
            if centre.get("overflow_to") == self.cid:
                self.form.edit(CENTRES + (other, "overflow_to"), None)
        self.form.edit(CENTRES + (self.cid,), REMOVED)
        stack.endMacro()
        self.reject()

    def edits(self) -> list[tuple[tuple[str, ...], Any, Any, str]]:
        """(key path, old, new, words) of every value the dialog changes."""
        c = self.form.data["transfer_centres"][self.cid]
        base = ("transfer_centres", self.cid)
        rows = [(base + ("car_spaces",), c["car_spaces"], self.spaces.value(), translate("MapEdit", "spaces")),
                (base + ("shuttle", "fleet"), c["shuttle"]["fleet"], self.fleet.value(), translate("MapEdit", "shuttles")),
                (base + ("shuttle", "headway_min"), float(c["shuttle"]["headway_min"]), round(self.headway.value(), 1),
                 translate("MapEdit", "min headway")),
                (base + ("open",), c["open"], self.open_box.isChecked(), "")]
        return [(p, old, new, unit) for p, old, new, unit in rows if old != new]

    def apply(self) -> None:
        if self.new is not None:
            value = self.new_value()
            self.form.edit(CENTRES + (self.cid,), value, translate("MapEdit", "Add a transfer centre at {name}: {spaces}").format(
                name=self.title, spaces=value_text(value["car_spaces"], translate("MapEdit", "spaces"))))
            return
        changed = self.edits()
        if not changed:
            return
        words = []
        for path, old, new, unit in changed:
            if path[-1] == "open":
                words.append(translate("MapEdit", "car park open") if new else translate("MapEdit", "car park closed"))
            else:
                words.append(f"{value_text(old)} → {value_text(new, unit)}")
        stack = self.form.undo_stack
        stack.beginMacro(f"{self.title}: {'; '.join(words)}")
        for path, _old, new, _unit in changed:
            self.form.edit(path, new)
        stack.endMacro()


__all__ = ["CentreDialog", "new_centre", "stop_zones"]
