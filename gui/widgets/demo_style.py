"""The demonstration's look: normal, and the presentation view scaled to the screen it is on.

The presentation view is for a projector at the back of a room: black on
white, thick frames, large type. Its sizes are set for a 1600x1000 window; on a
smaller one (a trainer's 1366x768 laptop, the common projector resolution) the
same sizes push the window wider than the screen and squash the maps to a
strip. So every size is scaled by how much smaller the window is than that,
never below `MIN_SCALE`, and applied again when the window is resized.
"""

from __future__ import annotations

DESIGN_W_PX, DESIGN_H_PX = 1600, 1000  # the window the presentation sizes were chosen for
MIN_SCALE = 0.55  # smaller than this no longer reads from the back of a room
FIGURE_PT = 26.0  # the key figures' numbers under each map, at scale 1

NORMAL_STYLE = """
QLabel#clock { font-size: 16pt; }
QLabel#caption { font-size: 12pt; background: #0b2545; color: white; padding: 6px; }
QLabel#demo_title { font-size: 12pt; }
"""

# black on white, no greys under 50 %, thick frames: what still reads on a washed-out projector
_PRESENTATION = """
QWidget#demo {{ background: white; color: black; }}
QLabel {{ font-size: {label}pt; color: black; }}
QLabel#clock {{ font-size: {clock}pt; font-weight: bold; }}
QLabel#demo_title {{ font-size: {title}pt; }}
QLabel#caption {{ font-size: {title}pt; background: #0b2545; color: white; padding: {pad}px; }}
QLabel#callouts {{ font-size: {callouts}pt; font-weight: bold; }}
QLabel#figures {{ font-size: {label}pt; }}
QPushButton, QComboBox {{ font-size: {label}pt; padding: 4px 12px; }}
QFrame#side {{ border: 3px solid black; }}
"""


def presentation_scale(width_px: int, height_px: int) -> float:
    """How much the presentation sizes shrink in a window of this size (1 at 1600x1000 and larger)."""
    return max(MIN_SCALE, min(1.0, width_px / DESIGN_W_PX, height_px / DESIGN_H_PX))


def presentation_style(scale: float) -> str:
    """The presentation view's style sheet, its type sizes times `scale`."""
    def pt(size: float) -> int:
        return max(8, round(size * scale))
    return _PRESENTATION.format(label=pt(17), clock=pt(34), title=pt(22), callouts=pt(18), pad=max(4, round(10 * scale)))
