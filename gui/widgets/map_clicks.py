"""Editing the town where you see it: a click on the map edits the scenario.

A click on a street opens a small menu: close it or reopen it, put it under
works (its capacity cut to a share), or make it one-way in either direction,
named by compass heading ("eastbound"). A click on a transfer centre opens
its dialog (gui.widgets.edit_centre). A click on a gate shows its ring's rules
and opens them in the form. Every choice is an edit on the form's undo stack,
named in words ("Close 干将路 Ganjiang Lu (ganjiang_3)"), so the form, the
Changes panel, Undo and saving all see it.

Closing both directions, works and one-way streets hold for the whole run
(network.closed_segments, works, one_way_links), and the menu says so. "Close
for a time…" closes one direction for some hours of one day instead
(network.closures, the dialog in gui.widgets.edit_closure); a street with such a
closure offers "Reopen" for each of them. After an edit the map is redrawn from the
network as it will be driven, at the same zoom. Texts are in the "MapEdit"
translation context.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QPoint, Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QMenu

from gui.i18n import place
from gui.runs.run_data import build_network
from gui.widgets.edit_centre import CentreDialog
from gui.widgets.edit_closure import ClosureDialog, as_date, heading, link_heading, reopen_words
from gui.widgets.form_editors import choice_label
from gui.widgets.map_junctions import JunctionLayer
from gui.widgets.map_pointing import nearest_segment
from gui.widgets.map_view import MapView
from gui.widgets.scenario_form import ScenarioForm
from sim.engine.network import NetworkError

translate = QCoreApplication.translate  # by this name, so lupdate still collects every text
WORKS_FACTORS = (0.8, 0.6, 0.4)  # capacity left open under works, a share 0-1
CLICK_PX = 9.0  # how near a click must be to a street or a gate, in screen pixels
CENTRE_PX = 24.0  # and to a transfer centre's gauge


def whole_run_tip() -> str:
    return translate("MapEdit", "Closing both directions, works and one-way streets hold for the whole run; "
                                "“Close for a time…” closes one direction for some hours of one day.")


class MapEditor(QObject):
    """Turns clicks on `map_view` into edits of `form`; `base_dir` says where the scenario's network file is."""

    def __init__(self, map_view: MapView, form: ScenarioForm, base_dir: Callable[[], Path | None]) -> None:
        super().__init__(map_view)
        self.map, self.form, self._base_dir = map_view, form, base_dir
        self.menu: QMenu | None = None
        self.dialog: CentreDialog | None = None
        self.closure_dialog: ClosureDialog | None = None
        self._network_key = ""
        map_view.plot.scene().sigMouseClicked.connect(self._on_scene_mouse_clicked)
        form.values_edited.connect(self._on_form_values_edited)
        self.junctions = JunctionLayer(self)  # junction clicks, turn bans and new centres: gui.widgets.map_junctions

    # ---- what was clicked ----------------------------------------------------------

    def _on_scene_mouse_clicked(self, event: Any) -> None:
        if event.button() != Qt.MouseButton.LeftButton or event.double() or self.map.net is None or not self.form.isEnabled():
            return
        p = self.map.view.mapSceneToView(event.scenePos())
        sp = event.screenPos()
        self.click_at(p.x(), p.y(), QPoint(int(sp.x()), int(sp.y())))

    def click_at(self, x: float, y: float, screen: QPoint | None = None) -> None:
        """What a click at (x, y) metres opens: a centre's dialog, a gate's rules or a street's menu."""
        px = self.map.view.viewPixelSize()[0]
        screen = screen if screen is not None else QCursor.pos()
        for cid, g in getattr(self.map, "gauges", {}).items():
            if math.hypot(g.x - x, g.y + g.HEIGHT_M / 2 - y) <= CENTRE_PX * px:
                self.open_centre(cid)
                return
        gates = self.map.gate_idx
        if gates:
            xy = self.map._b[gates]
            d = np.hypot(xy[:, 0] - x, xy[:, 1] - y)
            j = int(np.argmin(d))
            if d[j] <= CLICK_PX * px:
                self._popup(self.gate_menu(self.map.gate_ring[j], gates[j]), screen)
                return
        if self.junctions.click(x, y, px, screen):  # a junction: its turn bans, a new centre (gui.widgets.map_junctions)
            return
        closed = self._closed_at(x, y, CLICK_PX * px)
        if closed is not None:
            self._popup(self.closed_menu(closed), screen)
            return
        i = self.map.nearest_link(x, y, CLICK_PX * px)
        if i is not None:
            self._popup(self.street_menu(i), screen)

    def _closed_at(self, x: float, y: float, max_m: float) -> tuple[str, tuple[str, str]] | None:
        closed = self.map.net.closed
        if not closed:
            return None
        xy = self.map.net.node_xy_m
        a = np.array([xy[c[1]] for c in closed])
        b = np.array([xy[c[2]] for c in closed])
        k = nearest_segment(a, b, x, y, max_m)
        return (closed[k][0], closed[k][3]) if k is not None else None

    def _popup(self, menu: QMenu, screen: QPoint) -> None:
        self.menu = menu
        menu.popup(screen)

    # ---- the menus --------------------------------------------------------------

    def _new_menu(self, title: str) -> QMenu:
        menu = QMenu(self.map)
        menu.setToolTipsVisible(True)
        menu.setToolTip(whole_run_tip())
        head = menu.addAction(title)
        head.setEnabled(False)
        menu.addSeparator()
        return menu

    def _note_whole_run(self, menu: QMenu) -> None:
        menu.addSeparator()
        note = menu.addAction(translate("MapEdit", "For the whole run, unless closed for a time"))
        note.setToolTip(whole_run_tip())
        note.setEnabled(False)

    def street_menu(self, i: int) -> QMenu:
        """Close, works and one-way for the segment of link i."""
        net, data = self.map.net, self.form.data["network"]
        seg = net.link_segment[i]
        name = place(*net.link_names[i]) or seg
        street = f"{name} ({seg})"
        menu = self._new_menu(street)
        act = menu.addAction(translate("MapEdit", "Close {street}, both directions").format(street=street))
        act.setToolTip(whole_run_tip())
        act.triggered.connect(lambda: self.form.edit(("network", "closed_segments"), data["closed_segments"] + [seg],
                                                     translate("MapEdit", "Close {street}").format(street=street)))
        timed = menu.addAction(translate("MapEdit", "Close for a time…"))
        timed.triggered.connect(lambda: self.open_closure(i))
        self._reopen_actions(menu, seg, name)
        works = [k for k, w in enumerate(data["works"]) if seg in w["segments"]]
        sub = menu.addMenu(translate("MapEdit", "Works"))
        sub.setToolTipsVisible(True)
        for factor in WORKS_FACTORS:
            w = sub.addAction(translate("MapEdit", "Works: {pct}% of capacity left open").format(pct=f"{factor * 100:.0f}"))
            w.setToolTip(whole_run_tip())
            w.triggered.connect(lambda _=False, f=factor: self._add_works(seg, street, f))
        if works:
            sub.addSeparator()
            end = sub.addAction(translate("MapEdit", "End the works on {street}").format(street=street))
            end.triggered.connect(lambda: self._end_works(seg, street))
        menu.addSeparator()
        a, b = self.map._a[i], self.map._b[i]
        if net.link_ids[i].endswith(":ba"):
            a, b = b, a  # directions named from the segment's ab direction
        for direction, vec in (("ab", b - a), ("ba", a - b)):
            lid = f"{seg}:{direction}"
            words = heading(float(vec[0]), float(vec[1]))
            if lid in data["one_way_links"]:
                two = menu.addAction(translate("MapEdit", "Two-way again (now one-way {heading})").format(heading=words))
                two.triggered.connect(lambda _=False, lid=lid: self.form.edit(
                    ("network", "one_way_links"), [x for x in data["one_way_links"] if x != lid],
                    translate("MapEdit", "Two-way again: {street}").format(street=street)))
            else:
                one = menu.addAction(translate("MapEdit", "One-way {heading} ({link})").format(heading=words, link=lid))
                one.setToolTip(whole_run_tip())
                one.triggered.connect(lambda _=False, lid=lid, words=words: self.form.edit(
                    ("network", "one_way_links"), [x for x in data["one_way_links"] if x.split(":")[0] != seg] + [lid],
                    translate("MapEdit", "One-way {heading}: {street}").format(heading=words, street=street)))
        self._note_whole_run(menu)
        return menu

    def _reopen_actions(self, menu: QMenu, seg: str, name: str) -> None:
        """"Reopen" for each timed closure of the segment (network.closures), removing just that one."""
        closures = self.form.data["network"].get("closures", [])
        for k, c in enumerate(closures):
            lid = str(c.get("link", ""))
            if lid.split(":")[0] != seg or lid not in self.map.net.link_index:
                continue
            words = reopen_words(name, link_heading(self.map.net, lid), ", ".join(c.get("hours") or []), c.get("date"))
            act = menu.addAction(words)
            act.triggered.connect(lambda _=False, k=k, words=words: self.form.edit(
                ("network", "closures"), [x for j, x in enumerate(self.form.data["network"]["closures"]) if j != k], words))

    def open_closure(self, i: int) -> ClosureDialog:
        """The dialog closing the street of link i in one direction for some hours of one day."""
        net = self.map.net
        seg = net.link_segment[i]
        name = place(*net.link_names[i]) or seg
        directions = [(lid, link_heading(net, lid)) for lid in (f"{seg}:ab", f"{seg}:ba") if lid in net.link_index]
        days = [d for d in (as_date(day.get("date")) for day in self.form.data["days"]) if d is not None]
        self.closure_dialog = ClosureDialog(self.map.window(), self.form, name, directions, days, seg)
        self.closure_dialog.open()
        return self.closure_dialog

    def closed_menu(self, closed: tuple[str, tuple[str, str]]) -> QMenu:
        seg, names = closed
        street = f"{place(*names) or seg} ({seg})"
        menu = self._new_menu(translate("MapEdit", "{street}: closed by this scenario").format(street=street))
        data = self.form.data["network"]
        act = menu.addAction(translate("MapEdit", "Reopen {street}").format(street=street))
        act.triggered.connect(lambda: self.form.edit(("network", "closed_segments"), [s for s in data["closed_segments"] if s != seg],
                                                     translate("MapEdit", "Reopen {street}").format(street=street)))
        if seg not in data["closed_segments"]:
            act.setEnabled(False)  # closed by the network file itself, not by this scenario
        self._note_whole_run(menu)
        return menu

    def _add_works(self, seg: str, street: str, factor: float) -> None:
        works = [dict(w) for w in self.form.data["network"]["works"]]
        works.append({"segments": [seg], "capacity_factor": factor, "note": translate("MapEdit", "works on {street}").format(street=street)})
        self.form.edit(("network", "works"), works,
                       translate("MapEdit", "Works on {street}: {pct}% of capacity").format(street=street, pct=f"{factor * 100:.0f}"))

    def _end_works(self, seg: str, street: str) -> None:
        works = [dict(w, segments=[s for s in w["segments"] if s != seg]) for w in self.form.data["network"]["works"]]
        self.form.edit(("network", "works"), [w for w in works if w["segments"]],
                       translate("MapEdit", "End the works on {street}").format(street=street))

    def gate_menu(self, ring: str, i: int) -> QMenu:
        """A gate's ring and its rules, read here and changed in the form."""
        name = place(*self.map.net.link_names[i]) or self.map.net.link_ids[i]
        menu = self._new_menu(translate("MapEdit", "Gate into ring {ring}: {name}").format(ring=ring, name=name))
        spec = self.form.data.get("rings", {}).get(ring)
        rules = spec["rules"] if spec else []
        if not rules:
            menu.addAction(translate("MapEdit", "No rules on ring {ring}").format(ring=ring)).setEnabled(False)
        for rule in rules:
            text = translate("MapEdit", "Refuses {refuse} on {days}, {hours}").format(
                refuse=", ".join(choice_label(r) for r in rule["refuse"]), days=", ".join(choice_label(d) for d in rule["day_types"]),
                hours=", ".join(rule["hours"]))
            if rule["exempt"]:
                text += translate("MapEdit", "; exempt: {who}").format(who=", ".join(choice_label(e) for e in rule["exempt"]))
            if rule.get("trigger"):
                text += translate("MapEdit", "; only while {metric} is past {on}").format(metric=rule["trigger"]["metric"],
                                                                                       on=f"{rule['trigger']['on']:g}")
            menu.addAction(text).setEnabled(False)
        menu.addSeparator()
        if spec is not None:
            on = menu.addAction(translate("MapEdit", "Ring {ring} in force").format(ring=ring))
            on.setCheckable(True)
            on.setChecked(bool(spec["enabled"]))
            on.toggled.connect(lambda checked: self.form.edit(("rings", ring, "enabled"), checked))
        form_act = menu.addAction(translate("MapEdit", "Change the rules in the form..."))
        form_act.triggered.connect(self.show_rules_in_form)
        return menu

    def show_rules_in_form(self) -> None:
        for k in range(self.form.toolbox.count()):
            if self.form._titles[k] == "Rings and rules":
                self.form.toolbox.setCurrentIndex(k)
        dock = self.form.parentWidget()
        if dock is not None:
            dock.show()
            dock.raise_()

    def open_centre(self, cid: str) -> CentreDialog:
        self.dialog = CentreDialog(self.map, self.form, cid, self.map.net)
        self.dialog.open()
        return self.dialog

    # ---- redraw after an edit ----------------------------------------------------

    def _on_form_values_edited(self) -> None:
        key = repr((self.form.data.get("network"), self.form.data.get("transfer_centres")))  # what the map draws of the scenario
        if key == self._network_key or self.map.net is None:
            return
        scenario, base = self.form.scenario(), self._base_dir()
        if scenario is None or base is None:
            return
        self._network_key = key
        try:
            net = build_network(scenario, base)
        except (NetworkError, ValueError, OSError):
            return  # the form names what is wrong; the map keeps the last network it could draw
        rect = self.map.view.viewRect()
        self.map.set_network(net, scenario)
        self.map.view.setRange(rect=rect, padding=0)


__all__ = ["MapEditor", "heading", "whole_run_tip"]
