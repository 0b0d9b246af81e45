"""The scenario file being edited: reading it, guarding unsaved edits, and writing the edits back.

A wrong file never closes the window: every problem becomes a dialog that
names the file and the key. Edits are never lost silently: opening another
file or closing the window first asks whether to save them (`ask_unsaved`, a
function of its own so tests can answer it). Saving writes the edits into the
file through sim.scenario.saving, so its comments and layout stay as they were.
What the window does with a file it has read (network, map, plots) is the
window's. Texts are in the "MainWindow" translation context.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QMimeData, QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from gui.widgets.scenario_form import ScenarioForm, path_text
from sim.cli.bundle import SUFFIX as BUNDLE_SUFFIX
from sim.interop.bundle import BundleError, read_bundle, unpack
from sim.scenario import LoadedScenario, ScenarioError, load_scenario
from sim.scenario.saving import edited_text, save_edits

MAX_PROBLEMS_SHOWN = 12  # a dialog lists this many; the details hold them all
translate = QCoreApplication.translate  # by this name, so lupdate still collects every text


def ask_unsaved(parent: QWidget, name: str) -> str:
    """'save', 'discard' or 'cancel' (a function of its own so tests can answer it)."""
    box = QMessageBox(QMessageBox.Icon.Warning, translate("MainWindow", "Unsaved changes"),
                      translate("MainWindow", "{name} has changes that are not saved.").format(name=name),
                      QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, parent)
    box.setInformativeText(translate("MainWindow", "Save them first?"))
    answer = box.exec()
    return {QMessageBox.StandardButton.Save: "save", QMessageBox.StandardButton.Discard: "discard"}.get(
        QMessageBox.StandardButton(answer), "cancel")


def form_problems(form: ScenarioForm) -> str:
    """The form's invalid values, one "key.path: what is wrong" a line."""
    return "\n".join(f"{path_text(loc)}: {msg}" for loc, msg in form.problems[:MAX_PROBLEMS_SHOWN])


def dropped_scenario(mime: QMimeData) -> Path | None:
    """The first scenario file (a local *.toml) among dragged or dropped data, if any."""
    for url in mime.urls() if mime.hasUrls() else []:
        if url.isLocalFile() and url.toLocalFile().endswith((".toml", BUNDLE_SUFFIX)):
            return Path(url.toLocalFile())
    return None


class ScenarioFiles(QObject):
    """The file behind the form (`loaded`) and the dialogs around reading and writing it."""

    def __init__(self, parent: QWidget, form: ScenarioForm, show_error: Callable[..., Any]) -> None:
        super().__init__(parent)
        self._parent = parent
        self._form = form
        self._show_error = show_error
        self.loaded: LoadedScenario | None = None

    def is_dirty(self) -> bool:
        return bool(self._form.changes)

    def ask_open_path(self, default_folder: Path) -> Path | None:
        start = str(self.loaded.path.parent) if self.loaded else str(default_folder)
        path, _ = QFileDialog.getOpenFileName(self._parent, translate("MainWindow", "Open scenario"), start,
                                              translate("MainWindow", "Scenario files (*.toml *.gusu);;All files (*)"))
        return Path(path) if path else None

    def ask_save_as_path(self) -> Path | None:
        if self.loaded is None:
            return None
        path, _ = QFileDialog.getSaveFileName(self._parent, translate("MainWindow", "Save scenario as"), str(self.loaded.path),
                                              translate("MainWindow", "Scenario files (*.toml)"))
        return Path(path) if path else None

    def read(self, path: Path) -> LoadedScenario | None:
        """The scenario in `path` (a scenario file, or a bundle unpacked into a folder of its own), or None after a
        dialog naming the file and every wrong key."""
        try:
            if path.suffix == BUNDLE_SUFFIX:  # checked whole before anything is written (sim.interop.bundle)
                folder = Path(tempfile.mkdtemp(prefix="gusu-bundle-")) / path.stem
                # its files keep their layout; an extends chain may climb within the bundle's folder, never out of it
                return load_scenario(unpack(read_bundle(path), folder), roots=[folder])
            return load_scenario(path)
        except BundleError as exc:
            self._show_error(translate("MainWindow", "Cannot open bundle"), str(exc))
        except ScenarioError as exc:
            problems = list(getattr(exc, "problems", [str(exc)]))
            self._show_error(translate("MainWindow", "Cannot open scenario"),
                             translate("MainWindow", "{name} cannot be used:").format(name=path.name) + "\n\n"
                             + "\n".join(problems[:MAX_PROBLEMS_SHOWN]), "\n".join(problems))
        except Exception as exc:  # noqa: BLE001 (a surprise from the loader must not close the window)
            self._show_error(translate("MainWindow", "Cannot open scenario"), f"{path.name}: {exc}")
        return None

    def guard_unsaved(self, save: Callable[[], bool]) -> bool:
        """True when it is fine to drop the current edits (`save` is called when the answer is to save them)."""
        if not self.is_dirty():
            return True
        answer = ask_unsaved(self._parent, self.loaded.path.name if self.loaded else "The scenario")
        if answer == "save":
            return save()
        return answer == "discard"

    def write(self, path: Path) -> bool:
        """Write the edits into `path` (comments and layout of the file kept); False after a dialog saying why not."""
        if self.loaded is None:
            return False
        if not self._form.is_valid():
            self._show_error(translate("MainWindow", "Cannot save"),
                             translate("MainWindow", "Fix the marked values first:") + "\n\n" + form_problems(self._form))
            return False
        try:
            save_edits(self.loaded.path, dict(self._form.changes), self._form.data, path)
        except ScenarioError as exc:
            problems = list(getattr(exc, "problems", [str(exc)]))
            self._show_error(translate("MainWindow", "Cannot save"), translate("MainWindow", "{name} was not written:").format(name=path.name)
                             + "\n\n" + "\n".join(map(str, problems[:MAX_PROBLEMS_SHOWN])))
            return False
        except (OSError, ValueError) as exc:
            self._show_error(translate("MainWindow", "Cannot save"),
                             translate("MainWindow", "{name} was not written:").format(name=path.name) + f" {exc}")
            return False
        return True

    def scenario_bytes(self) -> bytes:
        """The scenario as run, for scenario_as_run_*.toml: the file, with the edits written in when there are any."""
        if self.loaded is None:
            return b""
        if self.is_dirty():
            try:
                return edited_text(self.loaded.path, dict(self._form.changes), self._form.data).encode()
            except Exception:  # noqa: BLE001, S110 (an unsaveable edit still runs; the copy then shows the file on disk)
                pass
        try:
            return self.loaded.path.read_bytes()
        except OSError:
            return b""
