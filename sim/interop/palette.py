"""The colours of Gusu's plots and map, in one place that needs no Qt.

A planner who has learned that ring B is orange in the window must find it
orange in a report printed for the decision maker, so the report and the
window draw with the same values. The window (gui/widgets/plot_style.py
and map_key.py) and the report (sim/interop/report*.py) both import them from
here: there is one copy. Colours are (red, green, blue), 0-255.
"""

from __future__ import annotations

RGB = tuple[int, int, int]

RING_COLOURS: dict[str, RGB] = {"A": (66, 133, 244), "B": (251, 140, 0), "C": (229, 57, 53), "D": (142, 36, 170)}
OLD_TOWN_COLOUR: RGB = (20, 20, 20)
GUSU_COLOUR: RGB = (120, 120, 120)  # the report's own: the window draws no Gusu-district curve
PUBLISHED_COLOUR: RGB = (90, 90, 90)
CONGESTION_COLOUR: RGB = (200, 0, 0)
CURRENT_BAR: RGB = (0, 121, 107)
REFERENCE_BAR: RGB = (170, 170, 170)
CENTRE_COLOURS: tuple[RGB, ...] = (
    (31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189),
    (140, 86, 75), (227, 119, 194), (127, 127, 127), (188, 189, 34), (23, 190, 207),
)


def css(colour: RGB) -> str:
    """The colour as CSS/SVG text: #rrggbb."""
    return "#{:02x}{:02x}{:02x}".format(*colour)
