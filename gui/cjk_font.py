"""Chinese on every machine: the bundled font, used when the system has none.

Suzhou's streets have Chinese names (人民路, 干将路), the map draws them in both languages and
the zh_CN interface is Chinese throughout. On a machine with no CJK font (a fresh Linux, a CI
runner, a locked-down office PC) Qt draws each of those characters as an empty box and says
nothing, so a trainer would stand in front of a map of boxes.

The program therefore ships Gusu Sans SC (gui/fonts/GusuSansSC-subset.otf), a small subset of
Noto Sans CJK SC holding exactly the characters Gusu shows (tools/make_cjk_subset.py makes
it; tests/gui/test_cjk_font.py checks it covers every one). `ensure_chinese` runs once the
QApplication exists: when Qt knows no family that writes Simplified Chinese, it adds the
bundled font and makes it the fallback of the default family, so Latin text keeps the
system's font and only the Han characters come from ours. When even that fails, it says so
once on stderr, and `problem()` keeps the sentence for the window to show.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QGuiApplication, QRawFont, QTextLayout

FONT_PATH = Path(__file__).resolve().parent / "fonts" / "GusuSansSC-subset.otf"
FAMILY = "Gusu Sans SC"
# a street, a gate and a word of the interface: what must draw for the window to be readable
SAMPLE = "人民路干将路胥门运行"

_problem: str | None = None


def chinese_families() -> list[str]:
    """The families Qt can use for Simplified Chinese, other than our own."""
    return [f for f in QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese) if f != FAMILY]


def load_bundled(path: Path = FONT_PATH) -> str | None:
    """Add the bundled font to Qt's font database; its family, or None when Qt cannot read it."""
    if not path.is_file():
        return None
    font_id = QFontDatabase.addApplicationFont(str(path))
    if font_id < 0:
        return None
    families = QFontDatabase.applicationFontFamilies(font_id)
    return families[0] if families else None


def covers(family: str, text: str = SAMPLE, path: Path = FONT_PATH) -> bool:
    """Whether the bundled font file has a glyph for every character of `text` (not a box)."""
    raw = QRawFont(str(path), 16)
    return raw.isValid() and raw.familyName() == family and all(raw.supportsCharacter(ord(c)) for c in text)  # by code point: a str is not taken as a QChar


def falls_back_to(family: str, text: str = SAMPLE) -> bool:
    """Whether the default font draws `text` with `family` (the font Qt falls back to for it)."""
    layout = QTextLayout(text, QFont())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    runs = layout.glyphRuns()
    return bool(runs) and all(run.rawFont().familyName().lower() == family.lower() for run in runs)


def ensure_chinese(app: QGuiApplication, path: Path = FONT_PATH) -> str | None:
    """Make Chinese drawable; the family brought in (None if the system's own font serves).

    Call after the QApplication exists and before any widget is made. A failure is reported
    once on stderr and kept for `problem()`.
    """
    global _problem
    if chinese_families():
        return None
    family = load_bundled(path)
    if family is None or not covers(family, path=path):
        if _problem is not None:  # said once already
            return None
        _problem = (f"no font on this machine can draw Chinese, and the bundled one ({path}) could not be loaded: "
                    "Chinese place names and the Chinese interface will show as boxes; install a Chinese font "
                    "(e.g. apt-get install fonts-noto-cjk)")
        print(f"gusu: {_problem}", file=sys.stderr)
        return None
    # fontconfig (Linux) falls back to an application font by itself, glyph by glyph, so Latin
    # keeps the system's font even beside Chinese. Where the platform does not (Windows, macOS),
    # ours becomes the substitute of the default family. Only real families get it: an alias
    # such as "Sans Serif" is not one, and Qt would then draw Latin text in ours as well
    if not falls_back_to(family):
        default = app.font()
        for name in {default.family(), QFontInfo(default).family()}:
            if name != family and QFontDatabase.hasFamily(name):
                QFont.insertSubstitutions(name, [family])
    return family


def problem() -> str | None:
    """Why Chinese cannot be drawn here, for the window's status bar; None when it can."""
    return _problem
