"""Two languages: every text in gui/ is translated into Chinese, the .qm is current, and switching keeps the run.

The first two tests fail when a developer adds a text without a finished
Chinese translation (pyside6-lupdate collects every tr()/translate() call), or
writes a text straight into a widget without going through tr() at all.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
GUI = REPO / "gui"
TS = GUI / "i18n" / "gusu_zh_CN.ts"
QM = GUI / "i18n" / "gusu_zh_CN.qm"

# Qt calls whose first text argument a person reads
VISIBLE_CALLS = {"setText", "setWindowTitle", "setToolTip", "setStatusTip", "addMenu", "setTitle", "setLabel",
                 "setPlaceholderText", "showMessage", "setItemText", "setInformativeText", "setFormat", "addItem", "addAction",
                 "QLabel", "QPushButton", "QAction", "QGroupBox", "QMessageBox", "QToolBar", "QDockWidget", "show_error",
                 "getOpenFileName", "getSaveFileName", "getExistingDirectory", "getInt", "TextItem", "setHtml", "addRow"}
SKIP_FIRST = {"setLabel", "addRow"}  # setLabel("left", text): the first argument names the axis, not a text
NAMES = {"Gusu", "Gusu: "}  # the program's name is the same in every language


def _tool(name: str) -> str:
    """The Qt tool beside this Python (the venv's bin, which need not be on PATH, as in CI), else on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (it comes with PySide6-Essentials)")
    return found


def _untranslated(ts_text: str) -> list[str]:
    root = ET.fromstring(ts_text)
    missing = []
    for context in root.iter("context"):
        cname = context.findtext("name")
        for msg in context.iter("message"):
            tr = msg.find("translation")
            kind = tr.get("type") if tr is not None else None
            if kind in ("obsolete", "vanished"):
                continue
            if tr is None or kind == "unfinished" or not (tr.text or "").strip():
                missing.append(f"{cname}: {msg.findtext('source')!r}")
    return missing


def test_every_text_in_gui_has_a_finished_chinese_translation(tmp_path: Path) -> None:
    lupdate = _tool("pyside6-lupdate")
    ts = tmp_path / "gusu_zh_CN.ts"
    shutil.copyfile(TS, ts)
    sources = sorted(str(p) for p in GUI.rglob("*.py"))
    done = subprocess.run([lupdate, *sources, "-ts", str(ts), "-no-obsolete", "-locations", "none"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    text = ts.read_text(encoding="utf-8")
    assert text.count("<message>") > 200  # lupdate found the texts (a parser change would find none and pass)
    missing = _untranslated(text)
    assert not missing, f"{len(missing)} text(s) without a finished Chinese translation in {TS.name}:\n" + "\n".join(missing[:40])


def _literal_text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return None


def _words(text: str) -> bool:
    plain = re.sub(r"<[^>]+>|&[a-z#0-9]+;|\{[^}]*\}", " ", text)
    return bool(re.search(r"[A-Za-z]{2,}", plain))


def test_no_text_reaches_a_widget_without_tr() -> None:
    """A literal (or f-string) with words, passed straight to a Qt text setter, is a text nobody can translate."""
    offenders = []
    for path in sorted(GUI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FormattedValue):  # lupdate does not look inside f-strings: such a text is never translated
                for inner in ast.walk(node.value):
                    if isinstance(inner, ast.Call) and getattr(inner.func, "attr", getattr(inner.func, "id", "")) in ("tr", "translate"):
                        offenders.append(f"{path.name}:{inner.lineno}: tr() inside an f-string")
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name not in VISIBLE_CALLS:
                continue
            for arg in node.args[1:3] if name in SKIP_FIRST else node.args[:3]:
                text = _literal_text(arg)
                if text is not None and _words(text) and text not in NAMES:
                    offenders.append(f"{path.name}:{node.lineno}: {name}({text[:60]!r})")
    assert not offenders, "texts shown without tr():\n" + "\n".join(offenders)


def test_the_committed_qm_is_compiled_from_the_committed_ts(tmp_path: Path) -> None:
    lrelease = _tool("pyside6-lrelease")
    fresh = tmp_path / "fresh.qm"
    done = subprocess.run([lrelease, str(TS), "-qm", str(fresh)], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert fresh.read_bytes() == QM.read_bytes(), f"run: pyside6-lrelease {TS.relative_to(REPO)} -qm {QM.relative_to(REPO)}"


def test_switching_the_language_changes_the_menus_and_keeps_the_run(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from gui import i18n

    window.run_bar.pace.setCurrentIndex(1)  # 10 simulated minutes a second: the run is still going when we switch
    assert window.start_run()
    qtbot.waitSignal(window.worker.updates_received, timeout=40_000).wait()
    run, t_before = window.run, window.run.snapshot.t_s
    menus = lambda: [a.text() for a in window.menuBar().actions()]  # noqa: E731
    english = menus()
    assert english[0] == "&File"
    try:
        assert window.training.set_language("zh_CN")
        chinese = menus()
        assert chinese[0] == "文件(&F)" and chinese != english
        assert window.menus.act_open.text() == "打开(&O)..." and window.form_dock.windowTitle() == "情景"
        assert window.plots.speed.getPlotItem().titleLabel.text != "Speed on arterials per ring (space-mean per bin)"
        qtbot.waitUntil(lambda: window.run.snapshot.t_s > t_before, timeout=10_000)
        assert window.run is run and window.worker.is_active() and window.run.state == "running"
        assert "/1" in window.run_bar.readout.text() and "第" in window.run_bar.readout.text()
        # street and site names: Chinese only in the Chinese view, Chinese with pinyin in the English one
        gauge = window.map.gauges["north_bus_station"]
        assert gauge.title.startswith("汽车北站") and "Qiche" not in gauge.title
        assert window.training.set_language("en")
        assert menus() == english and "Qiche Beizhan" in gauge.title and gauge.title.startswith("汽车北站")
        assert window.run is run and window.worker.is_active()
    finally:
        i18n.install("en")
    with qtbot.waitSignal(window.run_stopped, timeout=3000):
        window.stop_run()


def test_the_language_follows_the_system_and_the_menu_choice(qapp, private_settings) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QLocale

    from gui import i18n
    from gui.settings import make_settings

    settings = make_settings()
    settings.remove("language")
    old = QLocale()
    try:
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        assert i18n.system_language() in ("zh_CN", "en")  # the system locale is the OS's, not Qt's default
        settings.setValue("language", "zh_CN")
        assert i18n.chosen_language(settings) == "zh_CN"
        settings.setValue("language", "klingon")
        assert i18n.chosen_language(settings) == i18n.system_language()
    finally:
        QLocale.setDefault(old)
        settings.remove("language")
