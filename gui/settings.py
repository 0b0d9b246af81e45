"""Where the window keeps what it remembers between starts (layout, recent files, speed).

One place builds the QSettings object, as an INI file under the user's
configuration folder, so the tests can point that folder at a temporary
directory (`QSettings.setPath`) and never touch a user's own settings.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

ORGANISATION = "Gusu"
APPLICATION = "gusu"
MAX_RECENT = 8


def make_settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION)


def recent_files(settings: QSettings) -> list[str]:
    value = settings.value("recent_files", [])
    if isinstance(value, str):  # one entry comes back as a plain string from an INI file
        value = [value]
    return [str(v) for v in (value or [])]


def remember_file(settings: QSettings, path: str) -> list[str]:
    files = [path] + [f for f in recent_files(settings) if f != path]
    files = files[:MAX_RECENT]
    settings.setValue("recent_files", files)
    return files
