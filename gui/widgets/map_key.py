"""What the map's colours and symbols mean: the palette, the legend, and the names the map and call-outs use.

Link speed is shown in six classes from red (under 10 km/h) to green (40 km/h
and more), grey where no car left a link in the last bin; each ring has its own
colour, used alike on the map, in the plots and in the demonstration. The
words for rings, vehicle classes, day types and transfer centres are here too,
so the map, its legend and the call-outs name a thing the same way. Texts are
in the "MapView" translation context.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication

from gui.i18n import place
from sim.interop.palette import RING_COLOURS

HIGHLIGHT_COLOUR = (255, 214, 0)


def ring_short(ring: str) -> str:
    """A ring's letter and what a planner calls it."""
    names = {"A": QCoreApplication.translate("MapView", "A moat ring"),
             "B": QCoreApplication.translate("MapView", "B Guanqian/Pingjiang"),
             "C": QCoreApplication.translate("MapView", "C Zhuozhengyuan core"),
             "D": QCoreApplication.translate("MapView", "D Shantang/Liuyuan (holiday)")}
    return names.get(ring, ring)


def vehicle_class(name: str) -> str:
    """A scenario's vehicle category (file syntax) in words."""
    names = {"nonlocal_car": QCoreApplication.translate("MapView", "non-local cars"),
             "local_car": QCoreApplication.translate("MapView", "Suzhou cars"),
             "coach": QCoreApplication.translate("MapView", "coaches"),
             "bus": QCoreApplication.translate("MapView", "buses")}
    return names.get(name, name)


def day_type(name: str) -> str:
    names = {"workday": QCoreApplication.translate("MapView", "workdays"),
             "weekend": QCoreApplication.translate("MapView", "weekends"),
             "holiday": QCoreApplication.translate("MapView", "holidays")}
    return names.get(name, name)


def join_words(words: list[str]) -> str:
    return QCoreApplication.translate("MapView", ", ").join(words)
# speed classes (km/h) and their colours, slow to fast; the last is "no car left the link in this bin"
SPEED_EDGES = (10.0, 15.0, 20.0, 30.0, 40.0)
SPEED_COLOURS = ((127, 0, 0), (215, 48, 31), (252, 141, 89), (230, 200, 40), (145, 207, 96), (26, 152, 80))
SPEED_LABELS = ("&lt; 10", "10-15", "15-20", "20-30", "30-40", "≥ 40")
NO_DATA_COLOUR = (175, 175, 175)
MOAT_COLOUR = (100, 170, 230)
CLOSED_COLOUR = (90, 90, 90)  # a street the scenario closed: dashed, with a cross
SHUTTLE_COLOUR = (0, 150, 170)


def centre_title(cid: str, net: Any = None) -> str:
    """A transfer centre's name: the network's (汽车北站 Qiche Beizhan), else made from its id."""
    zone = net.zones.get(cid) if net is not None else None
    if zone is not None and (zone.name_zh or zone.name_pinyin):
        return place(zone.name_zh, zone.name_pinyin)
    return cid.replace("_", " ").replace(" station", " stn").capitalize()


def legend_html() -> str:
    """The map's key, as rich text (readable at any screen size, and no graphics items to lay out)."""
    parts = ["<b>" + QCoreApplication.translate("MapView", "Link speed, last bin (km/h):") + "</b>"]
    for (r, g, b), label in zip(SPEED_COLOURS, SPEED_LABELS):
        parts.append(f"<span style='color:rgb({r},{g},{b})'>&#9632;</span>&nbsp;{label}")
    r, g, b = NO_DATA_COLOUR
    parts.append(f"<span style='color:rgb({r},{g},{b})'>&#9632;</span>&nbsp;" + QCoreApplication.translate("MapView", "no traffic"))
    rings = []
    for ring, (r, g, b) in RING_COLOURS.items():
        rings.append(f"<span style='color:rgb({r},{g},{b})'>&#9632;</span>&nbsp;{ring_short(ring)}")
    line2 = QCoreApplication.translate("MapView", "<b>Rings</b> (strong, solid, ● = in force now; faint, dashed = not):") + " " + " &nbsp;".join(rings)
    line3 = ("<b>&#9632;</b> " + QCoreApplication.translate("MapView", "gate (size = vehicles on it)") + " &nbsp; <b>&#9646;</b> "
             + QCoreApplication.translate("MapView", "transfer centre, fill = cars / spaces") + " &nbsp; "
             f"<span style='color:rgb{SHUTTLE_COLOUR}'>&#9679;</span> " + QCoreApplication.translate("MapView", "shuttle") + " &nbsp; "
             f"<span style='color:rgb{MOAT_COLOUR}'>&#9472;&#9472;</span> " + QCoreApplication.translate("MapView", "moat") + " &nbsp; "
             f"<span style='color:rgb{CLOSED_COLOUR}'>&#9476;&#10005;&#9476;</span> " + QCoreApplication.translate("MapView", "street closed"))
    return " &nbsp;".join(parts) + "<br>" + line2 + "<br>" + line3


def speed_class(speed_kmh: np.ndarray) -> np.ndarray:
    """0..5 by SPEED_EDGES, 6 where there is no speed (NaN)."""
    cls = np.searchsorted(np.asarray(SPEED_EDGES), np.nan_to_num(speed_kmh, nan=0.0), side="right")
    cls[~np.isfinite(speed_kmh)] = len(SPEED_COLOURS)
    return cls
