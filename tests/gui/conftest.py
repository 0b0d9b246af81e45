"""Fixtures for the window's tests: offscreen Qt, private settings, and no thread or model process left behind.

QT_QPA_PLATFORM is set before anything imports Qt, so the tests run with no
display. QSettings is pointed at a temporary folder, so no test reads or
writes the user's own layout or recent files. After every test, a QThread
still running or a model process still alive fails the test (napari's rule:
a leaked worker is a bug, even when the test itself passed).
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import weakref
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QSettings, QThread

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[2]
SHORT = DATA / "short_day.toml"

_threads: weakref.WeakSet[QThread] = weakref.WeakSet()
_original_start = QThread.start


def _tracking_start(self: QThread, *args: object) -> None:
    _threads.add(self)
    _original_start(self, *args)


QThread.start = _tracking_start  # type: ignore[method-assign]


@pytest.fixture(scope="session", autouse=True)
def private_settings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("qsettings")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    return folder


@pytest.fixture(autouse=True)
def no_leftover_workers(qapp: object) -> object:
    yield
    running = [t for t in list(_threads) if t.isRunning()]
    children = multiprocessing.active_children()
    for p in children:
        p.terminate()
        p.join(1.0)
    assert not running, f"QThread(s) left running after the test: {running}"
    assert not children, f"model process(es) left running after the test: {children}"


@pytest.fixture
def short_copy(tmp_path: Path) -> Path:
    """The short scenario, copied where a test may change it (its `extends` made relative to the copy)."""
    text = SHORT.read_text(encoding="utf-8")
    base = Path(os.path.relpath(REPO / "scenarios" / "national_day_2019.toml", tmp_path)).as_posix()
    text = text.replace('extends = "../../../scenarios/national_day_2019.toml"', f'extends = "{base}"')
    path = tmp_path / "short_copy.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def window(qtbot, private_settings, monkeypatch):  # type: ignore[no-untyped-def]
    """The window on the short scenario. A modal question would hang an offscreen test: answer 'discard'."""
    import gui.scenario_files
    import gui.window as gw

    monkeypatch.setattr(gui.scenario_files, "ask_unsaved", lambda _parent, _name: "discard")
    w = gw.MainWindow(settings=gw.make_settings())
    w.show()
    assert w.open_path(SHORT, guard=False)
    yield w
    w.form.changes.clear()
    w.close()
    w.deleteLater()


@pytest.fixture
def full_copy(tmp_path: Path) -> Path:
    """The whole 2019 scenario (no `extends`), with its network, where a test may change it."""
    shutil.copytree(REPO / "scenarios" / "networks", tmp_path / "networks")
    path = tmp_path / "national_day_2019.toml"
    shutil.copyfile(REPO / "scenarios" / "national_day_2019.toml", path)
    return path


@pytest.fixture
def full_window(qtbot, window, full_copy: Path):  # type: ignore[no-untyped-def]
    """The window with `full_copy` open, and a copy of the file as opened: (window, path, original)."""
    assert window.open_path(full_copy, guard=False)
    original = full_copy.with_name("as_opened.toml")
    shutil.copyfile(full_copy, original)
    return window, full_copy, original

