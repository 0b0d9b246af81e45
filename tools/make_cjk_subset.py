"""Make the Chinese font that ships with the window: a subset of Noto Sans CJK SC.

A machine with no CJK font (a fresh Linux, a CI runner, many Windows Server images) draws every
Chinese street name on the map, and the whole zh_CN interface, as empty boxes. The window
therefore carries its own font, gui/fonts/GusuSansSC-subset.otf, which gui/cjk_font.py adds
when the system has none. It holds only the characters Gusu can show: every character in

    gui/i18n/*.ts                the translations
    gui/**/*.py                  Chinese in the window's own code (dates: 10月1日 周二)
    scenarios/*.toml             the bundled scenarios
    scenarios/networks/*.toml    the network (street, gate and centre names)
    lessons/**/*.toml            the lessons and their scenarios

plus printable ASCII and common Chinese punctuation, so it stays small (about 0.5 MB, not the
16 MB of the full face).

Added a street name, a translation or a lesson? Regenerate with one command:

    apt-get install fonts-noto-cjk        # once (Debian/Ubuntu): the source font
    python tools/make_cjk_subset.py       # writes gui/fonts/GusuSansSC-subset.otf

and commit the font. tests/gui/test_cjk_font.py fails until you do. `--check` only reports the
characters the shipped font lacks (exit 1 if any); `--source FONT` takes another copy of
Noto Sans CJK SC (.ttc, or the .otf from github.com/notofonts/noto-cjk).

Licence: Noto Sans CJK is under the SIL Open Font License 1.1 (gui/fonts/OFL.txt). Its only
Reserved Font Name is "Source" (from Source Han Sans), and "Noto" is a Google trademark; the
subset, a Modified Version, is renamed "Gusu Sans SC" so it can never be mistaken for, or
shadow, a full Noto install. The copyright and licence name records are kept in the file.
The output is reproducible: the same sources give the same bytes (no new timestamp).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "gui" / "fonts" / "GusuSansSC-subset.otf"
SOURCE_FAMILY = "Noto Sans CJK SC"
FAMILY = "Gusu Sans SC"
POSTSCRIPT_NAME = "GusuSansSC-Regular"
# where Debian/Ubuntu (fonts-noto-cjk), Fedora and Homebrew-style installs keep the face
SOURCE_CANDIDATES = [
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf"),
]
# (glob relative to the repository) every file whose text the window may draw
SOURCE_GLOBS = [
    "gui/i18n/*.ts",
    "gui/**/*.py",
    "scenarios/*.toml",
    "scenarios/networks/*.toml",
    "lessons/**/*.toml",
]
ASCII = "".join(chr(c) for c in range(0x20, 0x7F))
# punctuation a translator or a lesson author will reach for next, so a new sentence rarely needs a rebuild
PUNCTUATION = "，。、：；？！（）【】《》〈〉「」『』“”‘’—–…·～％＋－／＝＜＞·°×÷±→←↑↓■□●○▲△★☆※　" + "０１２３４５６７８９"


def source_files(repo: Path = REPO) -> list[Path]:
    files: set[Path] = set()
    for pattern in SOURCE_GLOBS:
        files.update(p for p in repo.glob(pattern) if p.is_file() and ".venv" not in p.parts)
    return sorted(files)


def needed_characters(files: Iterable[Path]) -> set[str]:
    """Every drawable character in the files (no control characters or line breaks), plus ASCII and punctuation."""
    chars = set(ASCII) | set(PUNCTUATION)
    for path in files:
        chars.update(c for c in path.read_text(encoding="utf-8") if c.isprintable())
    return chars


def find_source(given: str | None) -> tuple[Path, int]:
    """The source font file and, for a collection (.ttc), the number of its SC face."""
    candidates = [Path(given)] if given else SOURCE_CANDIDATES
    for path in candidates:
        if not path.is_file():
            continue
        if path.suffix.lower() not in (".ttc", ".otc"):
            return path, -1
        from fontTools.ttLib import TTCollection

        for number, face in enumerate(TTCollection(path, lazy=True).fonts):
            if face["name"].getDebugName(1) == SOURCE_FAMILY:
                return path, number
        raise SystemExit(f"{path}: no face named {SOURCE_FAMILY!r} in this collection")
    raise SystemExit(f"no {SOURCE_FAMILY} found (looked in {', '.join(map(str, candidates))}); "
                     "install it with `apt-get install fonts-noto-cjk`, or pass --source FONT")


def _rename(font: TTFont) -> None:
    """Give the subset its own name (OFL: a Modified Version; Noto is a trademark)."""
    version = font["name"].getDebugName(5) or ""
    names = font["name"]
    names.names = [n for n in names.names if n.nameID not in (1, 2, 3, 4, 6, 10, 16, 17)]
    for name_id, text in ((1, FAMILY), (2, "Regular"), (3, f"{POSTSCRIPT_NAME};subset of {SOURCE_FAMILY} {version}"),
                          (4, FAMILY), (6, POSTSCRIPT_NAME),
                          (10, f"A subset of {SOURCE_FAMILY} ({version}) for the Gusu program's Chinese text, "
                               "made by tools/make_cjk_subset.py. SIL Open Font License 1.1.")):
        names.setName(text, name_id, 3, 1, 0x409)
    cff = font["CFF "].cff
    cff.fontNames = [POSTSCRIPT_NAME]
    top = cff.topDictIndex[0]
    for key, value in (("FullName", FAMILY), ("FamilyName", FAMILY)):
        if hasattr(top, key):
            setattr(top, key, value)


def make_subset(source: Path, number: int, chars: set[str], output: Path) -> TTFont:
    options = subset.Options()
    options.name_IDs = ["*"]  # keep copyright, trademark and licence records (OFL condition 2)
    options.name_languages = [0x409]
    options.notdef_outline = True
    options.font_number = number  # the SC face of a collection (-1: a single font)
    font = subset.load_font(str(source), options, lazy=False)
    font.recalcTimestamp = False  # the same sources give the same bytes
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in chars))
    subsetter.subset(font)
    _rename(font)
    output.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(output), options)
    return font


# Han ideographs, CJK punctuation and full-width forms: what a Latin font will not have. Other symbols
# (arrows, ◧) are put in when Noto has them, but a missing one is left to the system's fonts
CJK_RANGES = [(0x2E80, 0x2FDF), (0x3000, 0x303F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF),
              (0x20000, 0x3134F)]


def is_cjk(c: str) -> bool:
    return any(lo <= ord(c) <= hi for lo, hi in CJK_RANGES)


def missing(font_path: Path, chars: set[str]) -> list[str]:
    """The characters the font lacks, in the order of their code points."""
    cmap = TTFont(font_path, lazy=True).getBestCmap()
    return sorted(c for c in chars if ord(c) not in cmap and not c.isspace())


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--source", metavar="FONT", help=f"{SOURCE_FAMILY} as .ttc or .otf (default: the system's)")
    p.add_argument("--output", metavar="OTF", default=str(OUTPUT), help="where to write the subset (default: %(default)s)")
    p.add_argument("--check", action="store_true", help="only list the characters the font at --output lacks; exit 1 if any")
    args = p.parse_args(argv)
    output = Path(args.output)
    chars = needed_characters(source_files())
    if args.check:
        cjk = {c for c in chars if is_cjk(c)}
        lacking = missing(output, cjk) if output.is_file() else sorted(cjk)
        if lacking:
            print(f"{output}: lacks {len(lacking)} Chinese characters: {''.join(lacking)}; run python tools/make_cjk_subset.py",
                  file=sys.stderr)
            return 1
        print(f"{output}: covers all {len(cjk)} Chinese characters")
        return 0
    source, number = find_source(args.source)
    font = make_subset(source, number, chars, output)
    lacking = missing(output, chars)
    print(f"{output}: {output.stat().st_size:,} bytes, {len(font.getGlyphOrder())} glyphs, "
          f"{len(chars)} characters from {source}" + (f" (face {number})" if number >= 0 else ""))
    if lacking:  # not in Noto Sans CJK SC at all: the window falls back to another font for these
        print(f"not in {SOURCE_FAMILY} (left to the system's fonts): {''.join(lacking)}", file=sys.stderr)
    return 1 if any(is_cjk(c) for c in lacking) else 0


if __name__ == "__main__":
    raise SystemExit(main())
