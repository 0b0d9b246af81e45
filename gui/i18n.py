"""The program's two languages: English (the source texts) and Simplified Chinese.

Every text a person reads goes through Qt's translation system (`self.tr()` in
a QObject, `QCoreApplication.translate(context, text)` elsewhere). The Chinese
texts live in gui/i18n/gusu_zh_CN.ts (edited with Qt Linguist or by hand) and
are compiled to gusu_zh_CN.qm with `pyside6-lrelease`; both are committed, and a
test fails when a text in gui/ has no finished Chinese translation or the .qm
is older than the .ts.

The language follows the system locale unless the user picked one in the
Language menu (kept in QSettings). Switching installs or removes the
translator; Qt then sends every widget a LanguageChange event and each widget
re-sets its texts (its `retranslate_ui`), so a run goes on undisturbed.

Street and site names come from the network file in Chinese with pinyin: the
Chinese view shows "人民路", the English view "人民路 Renmin Lu" (a visitor reads
the sign, an officer reads the pinyin).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QSettings, QTranslator

I18N_DIR = Path(__file__).resolve().parent / "i18n"
LANGUAGES = {"en": "English", "zh_CN": "中文"}  # each in its own language: a menu anybody can read
_state: dict[str, object] = {"language": "en", "translators": []}


def system_language() -> str:
    return "zh_CN" if QLocale.system().language() == QLocale.Language.Chinese else "en"


def current_language() -> str:
    return str(_state["language"])


def is_chinese() -> bool:
    return current_language().startswith("zh")


def chosen_language(settings: QSettings | None) -> str:
    """The language a user picked in the menu, else the system's."""
    value = settings.value("language", "") if settings is not None else ""
    return str(value) if value in LANGUAGES else system_language()


def install(language: str) -> bool:
    """Switch the running program's language; True when the texts are now in `language`."""
    app = QCoreApplication.instance()
    if app is None or language not in LANGUAGES:
        return False
    _state["language"] = "en"  # before removing: the LanguageChange that sends reads it
    for old in list(_state["translators"]):  # type: ignore[call-overload]
        app.removeTranslator(old)
    _state["translators"] = []
    ok = True
    if language != "en":
        ours = QTranslator(app)
        ok = ours.load(str(I18N_DIR / f"gusu_{language}.qm"))
        if ok:
            _state["language"] = language  # before installing: the LanguageChange it sends reads it
        qt = QTranslator(app)  # Qt's own texts: Save, Discard, Cancel, Ctrl
        if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt)
            _state["translators"].append(qt)  # type: ignore[attr-defined]
        if ok:
            app.installTranslator(ours)
            _state["translators"].append(ours)  # type: ignore[attr-defined]
    # Qt posts LanguageChange to every window; deliver it now, so the switch is done when this returns
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
    return ok


def place(zh: str, pinyin: str) -> str:
    """A street or site name: Chinese in the Chinese view, Chinese and pinyin in the English one."""
    if is_chinese():
        return zh or pinyin
    return f"{zh} {pinyin}".strip() if zh and pinyin else (zh or pinyin)


def short_place(name: str) -> str:
    """One language of a bilingual name ("汽车北站 Qiche Beizhan"): the Chinese in the Chinese view, else the pinyin.

    For keys and legends where both would not fit; the map and tooltips keep both."""
    han = "".join(ch for ch in name.split(" ")[0] if "\u3400" <= ch <= "\u9fff")
    rest = name[len(name.split(" ")[0]):].strip()
    if not han or not rest:
        return name
    return name.split(" ")[0] if is_chinese() else rest


_WEEKDAYS_ZH = "一二三四五六日"


def short_date(d: object) -> str:
    """1 Oct / 10月1日."""
    assert isinstance(d, dt.date)
    return f"{d.month}月{d.day}日" if is_chinese() else f"{d.day} {d:%b}"


def month_year(d: object) -> str:
    """October 2019 / 2019年10月."""
    assert isinstance(d, dt.date)
    return f"{d.year}年{d.month}月" if is_chinese() else f"{d:%B %Y}"


def day_date(d: object, year: bool = True) -> str:
    """Tue 01 Oct 2019 / 2019年10月1日 周二 (English month and day names whatever the C locale says)."""
    assert isinstance(d, dt.date)
    if is_chinese():
        return (f"{d.year}年" if year else "") + f"{d.month}月{d.day}日 周{_WEEKDAYS_ZH[d.weekday()]}"
    return f"{d:%a %d %b %Y}" if year else f"{d:%a %d %b}"
