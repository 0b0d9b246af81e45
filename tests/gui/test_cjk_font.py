"""The bundled Chinese font: it covers every character Gusu shows, ships with the package, and draws.

On a machine with no CJK font the window falls back to gui/fonts/GusuSansSC-subset.otf. If a
street name, a translation or a lesson gains a character the subset lacks, that character
is a box on exactly the machines the font is for, so the first test fails until
`python tools/make_cjk_subset.py` is run. The rendering tests read the bundled file itself
(QRawFont, and a font that may not borrow glyphs from others), so they mean the same on a
developer's machine full of Chinese fonts as on a bare CI runner.
"""

from __future__ import annotations

import importlib.resources
import re
import tomllib
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontInfo, QImage, QPainter, QRawFont, QTextLayout

from gui import cjk_font

REPO = Path(__file__).resolve().parents[2]
# every file whose text the window may draw (tools/make_cjk_subset.py reads the same)
SOURCES = ["gui/i18n/*.ts", "gui/**/*.py", "scenarios/*.toml", "scenarios/networks/*.toml", "lessons/**/*.toml"]
# Han ideographs, CJK punctuation and full-width forms: what a Latin font will not draw
CJK = re.compile("[\u2e80-\u2fdf\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003134f]")
PLACE = "观前街"  # a street every lesson shows


def source_files() -> list[Path]:
    return sorted({p for pattern in SOURCES for p in REPO.glob(pattern) if p.is_file()})


def lacking(files: list[Path], cmap: dict[int, str]) -> dict[str, list[str]]:
    """For each file, the Chinese characters in it that the font has no glyph for."""
    out = {}
    for path in files:
        missing = sorted({c for c in CJK.findall(path.read_text(encoding="utf-8")) if ord(c) not in cmap})
        if missing:
            out[str(path.relative_to(REPO) if path.is_relative_to(REPO) else path)] = missing
    return out


@pytest.fixture(scope="module")
def cmap() -> dict[int, str]:
    return TTFont(cjk_font.FONT_PATH, lazy=True).getBestCmap()


def test_subset_covers_every_chinese_character_gusu_shows(cmap: dict[int, str]) -> None:
    files = source_files()
    assert any(p.suffix == ".ts" for p in files) and any("networks" in p.parts for p in files)
    chinese = {c for p in files for c in CJK.findall(p.read_text(encoding="utf-8"))}
    assert len(chinese) > 400  # the place names and the interface, not an empty glob
    assert lacking(files, cmap) == {}, "run `python tools/make_cjk_subset.py` and commit gui/fonts/GusuSansSC-subset.otf"


def test_coverage_check_catches_a_new_street_name(tmp_path: Path, cmap: dict[int, str]) -> None:
    scenario = tmp_path / "new_street.toml"
    scenario.write_text('name_zh = "龘街"\n', encoding="utf-8")  # 龘: in no Gusu file, so not in the subset
    assert lacking([scenario], cmap) == {str(scenario): ["龘"]}


def test_font_ships_as_package_data_with_its_licence() -> None:
    shipped = importlib.resources.files("gui") / "fonts" / cjk_font.FONT_PATH.name
    assert Path(str(shipped)) == cjk_font.FONT_PATH and cjk_font.FONT_PATH.is_file()
    assert (cjk_font.FONT_PATH.parent / "OFL.txt").read_text(encoding="utf-8").count("SIL OPEN FONT LICENSE Version 1.1") == 1
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert "fonts/*" in pyproject["tool"]["setuptools"]["package-data"]["gui"]
    assert cjk_font.FONT_PATH.stat().st_size < 1_000_000


def test_qt_loads_the_bundled_font(qapp: object) -> None:
    assert cjk_font.load_bundled() == cjk_font.FAMILY
    assert cjk_font.FAMILY in QFontDatabase.families()


def test_bundled_font_has_a_glyph_for_every_place_name(qapp: object) -> None:
    network = tomllib.loads((REPO / "scenarios" / "networks" / "old_town.toml").read_text(encoding="utf-8"))
    names = "".join(re.findall(r'name_zh = "([^"]*)"', (REPO / "scenarios" / "networks" / "old_town.toml").read_text(encoding="utf-8")))
    assert network and len(set(names)) > 50
    raw = QRawFont(str(cjk_font.FONT_PATH), 16)
    assert raw.isValid() and raw.familyName() == cjk_font.FAMILY
    assert [c for c in set(CJK.findall(names)) if not raw.supportsCharacter(ord(c))] == []
    assert not raw.supportsCharacter(0xE000)  # the check can say no: a private-use code point has no glyph


def _render(text: str) -> QImage:
    font = QFont(cjk_font.FAMILY, 28)
    font.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)  # only our font: no borrowing from the system's
    image = QImage(240, 60, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(font)
    painter.setPen(QColor("black"))
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return image


def _ink(image: QImage) -> int:
    return sum(1 for y in range(image.height()) for x in range(image.width()) if image.pixelColor(x, y).lightness() < 128)


def test_place_name_renders_as_glyphs_not_boxes(qapp: object) -> None:
    assert cjk_font.load_bundled() == cjk_font.FAMILY
    name, tofu = _render(PLACE), _render("\ue000\ue001\ue002")  # three characters the font has no glyph for
    assert _ink(name) > 200  # something was drawn
    assert _render("龘龘龘") == tofu  # the comparison sees boxes: a character the subset lacks draws as tofu
    assert name != tofu
    assert _render("观前") != _render("观街")  # and each character is its own shape, not one box repeated


def _fonts_used(text: str, font: QFont) -> list[str]:
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return [run.rawFont().familyName() for run in layout.glyphRuns()]


def test_ensure_chinese_makes_the_bundled_font_the_fallback(qapp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(cjk_font, "chinese_families", lambda: [])  # as on a machine with no CJK font
    monkeypatch.setattr(cjk_font, "_problem", None)
    before = qapp.font()
    latin = QFontInfo(before).family()  # what "Sans Serif" really is here
    latin_fonts = _fonts_used("24.8 km/h", QFont())
    try:
        assert cjk_font.ensure_chinese(qapp) == cjk_font.FAMILY
        # the Chinese is ours by the platform's own fallback (fontconfig with no other CJK font), or
        # ours is the substitute of the default family (where the fallback found another font first)
        assert cjk_font.falls_back_to(cjk_font.FAMILY) or cjk_font.FAMILY.lower() in QFont.substitutes(latin)
        assert qapp.font() == before
        assert _fonts_used("24.8 km/h", QFont()) == latin_fonts  # Latin keeps the system's font
        assert cjk_font.problem() is None
    finally:
        QFont.removeSubstitutions(latin)


def test_ensure_chinese_warns_once_when_nothing_can_draw_chinese(qapp, monkeypatch, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(cjk_font, "chinese_families", lambda: [])
    monkeypatch.setattr(cjk_font, "_problem", None)
    assert cjk_font.ensure_chinese(qapp, path=tmp_path / "gone.otf") is None
    err = capsys.readouterr().err
    assert err.count("gusu: no font on this machine can draw Chinese") == 1 and "apt-get install fonts-noto-cjk" in err
    assert cjk_font.problem() is not None and "boxes" in (cjk_font.problem() or "")


def test_ensure_chinese_leaves_a_system_with_chinese_alone(qapp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(cjk_font, "chinese_families", lambda: ["Noto Sans CJK SC"])
    before = qapp.font()
    assert cjk_font.ensure_chinese(qapp) is None
    assert qapp.font() == before and cjk_font.FAMILY.lower() not in QFont.substitutes(QFontInfo(before).family())
