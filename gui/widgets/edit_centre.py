"""A transfer centre's dialog, opened by clicking the centre on the map.

A planner asks "what if the north bus station had 1,200 spaces, or twice the
shuttles?" The dialog holds what a centre is made of in numbers with their
units (car spaces, shuttles in service, minutes between departures) and
whether its car park is open. OK makes one undoable edit of everything
changed, named in words ("汽车北站 Qiche Beizhan: 800 → 1,200 spaces").
Texts are in the "MapEdit" translation context.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QSpinBox, QWidget

from gui.widgets.form_editors import value_text
from gui.widgets.map_key import centre_title
from gui.widgets.scenario_form import ScenarioForm

translate = QCoreApplication.translate  # by this name, so lupdate still collects every text


class CentreDialog(QDialog):
    """Spaces, shuttle fleet and headway, and open or closed, of transfer centre `cid`."""

    def __init__(self, parent: QWidget, form: ScenarioForm, cid: str, net: Any) -> None:
        super().__init__(parent)
        self.form, self.cid = form, cid
        self.title = centre_title(cid, net)
        self.setWindowTitle(translate("MapEdit", "Transfer centre: {name}").format(name=self.title))
        centre = form.data["transfer_centres"][cid]
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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)
        self.accepted.connect(self.apply)

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


__all__ = ["CentreDialog"]
