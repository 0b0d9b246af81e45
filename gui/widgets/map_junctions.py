"""Junctions on the map: what a click on one opens, what hovering one says, and the turn bans drawn there.

A planner who reads "no left turn from 北环路 into 齐门路, 07:00-19:00" wants to
put it where it is: click the junction, pick the movement, the vehicles, the
days and the hours. A click within a few pixels of a network node (no centre
or gate hit first: gui.widgets.map_clicks asks those before this) opens a
small menu: the junction's turn bans (gui.widgets.edit_turn_ban) and "Add a
transfer centre here..." (gui.widgets.edit_centre), possible where the
network has a zone at that node that is no centre yet (a centre is keyed by
its zone: the model finds it there).

Every junction with a ban in force is marked on the map (a red ring) and its
tooltip gives the rules; hovering any junction gives its node id and its
bans, and a transfer centre's node gives its id, spaces and shuttle line.

MapView is at its size limit and has no signal for a redraw, so this layer
follows `set_network` by wrapping it on the one MapView it serves. Texts are in
the "MapEdit" translation context.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPoint
from PySide6.QtWidgets import QMenu

from gui.i18n import place
from gui.widgets.edit_centre import CentreDialog, new_centre
from gui.widgets.edit_turn_ban import TurnBanDialog, ban_text, bans_at
from gui.widgets.map_key import centre_title

translate = QCoreApplication.translate  # by this name, so lupdate still collects every text
JUNCTION_PX = 6.0  # how near a click must be to a junction, in screen pixels
BAN_COLOUR = (198, 40, 40)


def junction_name(net: Any, node: int) -> str:
    zh, pinyin = net.node_names[node]
    name = place(zh, pinyin)
    return f"{name} ({net.node_ids[node]})" if name else net.node_ids[node]


class JunctionLayer:
    """Clicks on, hovers over and ban markers at the junctions of `editor.map`, edits into `editor.form`."""

    def __init__(self, editor: Any) -> None:
        self.map, self.form = editor.map, editor.form
        self.menu: QMenu | None = None
        self.dialog: TurnBanDialog | CentreDialog | None = None
        self.markers: pg.ScatterPlotItem | None = None
        self.nodes: pg.ScatterPlotItem | None = None
        drawn = self.map.set_network

        def set_network(net: Any, scenario: Any) -> None:
            drawn(net, scenario)
            self.draw()

        self.map.set_network = set_network
        if self.map.net is not None:
            self.draw()

    # ---- drawing and hover --------------------------------------------------------

    def draw(self) -> None:
        net, data = self.map.net, self.form.data
        for item in (self.nodes, self.markers):
            if item is not None and item.getViewBox() is not None:
                self.map.view.removeItem(item)  # drawn again without the map being cleared: no second copy
        if net is None:
            return
        bans = (data.get("network") or {}).get("turn_bans") or []
        xy = net.node_xy_m
        tips = [self.junction_tip(n) for n in range(net.n_nodes)]
        self.nodes = pg.ScatterPlotItem(xy[:, 0], xy[:, 1], size=9, symbol="o", pen=pg.mkPen(None), brush=pg.mkBrush(0, 0, 0, 0),
                                        hoverable=True, data=tips, tip=lambda x, y, data: data)
        self.nodes.setZValue(34)
        self.map.view.addItem(self.nodes)
        at = sorted({n for n in range(net.n_nodes) if bans_at(net, bans, n)})
        self.markers = pg.ScatterPlotItem([float(xy[n, 0]) for n in at], [float(xy[n, 1]) for n in at], size=14, symbol="o",
                                          pen=pg.mkPen(*BAN_COLOUR, width=3), brush=pg.mkBrush(255, 255, 255, 200),
                                          hoverable=True, data=[tips[n] for n in at], tip=lambda x, y, data: data)
        self.markers.setZValue(37)
        self.map.view.addItem(self.markers)
        for cid, gauge in getattr(self.map, "gauges", {}).items():
            gauge.label.setToolTip(self.centre_tip(cid))

    def junction_tip(self, node: int) -> str:
        net = self.map.net
        lines = [translate("MapEdit", "Junction {name}").format(name=junction_name(net, node))]
        bans = bans_at(net, (self.form.data.get("network") or {}).get("turn_bans") or [], node)
        lines += [ban_text(net, ban) for _k, ban in bans] or [translate("MapEdit", "No turn bans here")]
        for zone in net.zones.values():
            if zone.node == node and zone.id in (self.form.data.get("transfer_centres") or {}):
                lines.append(self.centre_tip(zone.id))
        return "\n".join(lines)

    def centre_tip(self, cid: str) -> str:
        c = (self.form.data.get("transfer_centres") or {}).get(cid)
        if c is None:
            return cid
        s = c["shuttle"]
        return translate("MapEdit", "Transfer centre {name} ({cid}): {spaces} car spaces{closed}; shuttle to {to}: {fleet} buses, "
                                    "every {headway} min, {hours}").format(
            name=centre_title(cid, self.map.net), cid=cid, spaces=f"{c['car_spaces']:,}",
            closed="" if c["open"] else translate("MapEdit", " (closed)"), to=s["to_zone"], fleet=s["fleet"],
            headway=f"{s['headway_min']:g}", hours=s["service_hours"])

    # ---- clicks ------------------------------------------------------------------

    def node_at(self, x: float, y: float, max_m: float) -> int | None:
        net = self.map.net
        if net is None:
            return None
        xy = net.node_xy_m
        d = np.hypot(xy[:, 0] - x, xy[:, 1] - y)
        n = int(np.argmin(d))
        return n if d[n] <= max_m else None

    def click(self, x: float, y: float, px: float, screen: QPoint) -> bool:
        """A click at (x, y) metres, `px` metres a pixel: True when it hit a junction (its menu is open)."""
        node = self.node_at(x, y, JUNCTION_PX * px)
        if node is None:
            return False
        self.menu = self.junction_menu(node)
        self.menu.popup(screen)
        return True

    def free_zone(self, node: int) -> str | None:
        """The zone at `node` a new transfer centre could take (a zone kind 'transfer_centre' first), or None."""
        centres = self.form.data.get("transfer_centres") or {}
        zones = [z for z in self.map.net.zones.values() if z.node == node and z.id not in centres]
        zones.sort(key=lambda z: (z.kind != "transfer_centre", z.id))
        return zones[0].id if zones else None

    def junction_menu(self, node: int) -> QMenu:
        net = self.map.net
        menu = QMenu(self.map)
        menu.setToolTipsVisible(True)
        head = menu.addAction(translate("MapEdit", "Junction {name}").format(name=junction_name(net, node)))
        head.setEnabled(False)
        menu.addSeparator()
        n = len(bans_at(net, self.form.data["network"]["turn_bans"], node))
        bans = menu.addAction(translate("MapEdit", "Turn bans at this junction... ({n} in force)").format(n=n))
        bans.triggered.connect(lambda: self.open_bans(node))
        add = menu.addAction(translate("MapEdit", "Add a transfer centre here..."))
        zone = self.free_zone(node)
        if zone is None:
            add.setEnabled(False)
            add.setToolTip(translate("MapEdit", "A centre needs a zone of the network at its node, and every zone here has one already"))
        else:
            add.setToolTip(translate("MapEdit", "A new centre at zone {zone}, with the schema's defaults").format(zone=zone))
            add.triggered.connect(lambda: self.open_add_centre(node))
        return menu

    def open_bans(self, node: int) -> TurnBanDialog:
        self.dialog = TurnBanDialog(self.map, self.form, self.map.net, node)
        self.dialog.open()
        return self.dialog

    def open_add_centre(self, node: int) -> CentreDialog | None:
        zone = self.free_zone(node)
        if zone is None:
            return None
        self.dialog = CentreDialog(self.map, self.form, zone, self.map.net, new=new_centre(self.map.net, zone))
        self.dialog.open()
        return self.dialog


__all__ = ["JUNCTION_PX", "JunctionLayer", "junction_name"]
