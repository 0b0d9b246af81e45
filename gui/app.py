"""Starting the program: `gusu` or `gusu gui [SCENARIO] [--run] [--screenshot PNG]`.

`--lang en|zh_CN` picks the language (default: the one chosen in the Language
menu, else the system's). `--demo` opens the side-by-side demonstration,
`--lesson FILE [--step N]` a lesson at its step N (1-based), `--presentation`
the presentation view; with `--screenshot` the picture is taken once the clock
stands where the step says, so `gusu gui --lesson lessons/why_ring_c.toml
--step 13 --presentation --lang zh_CN --screenshot docs/presentation_zh.png`
makes the README's picture.

With no scenario the window opens on the bundled National Day 2019 week. With
`--run` it runs the scenario at once; with `--screenshot` it runs it (when
`--run` is given), saves an image of the whole window and exits, which works
with no display at all (QT_QPA_PLATFORM=offscreen is chosen when there is
none), so a picture of a run can be made on a server or in CI.

Everything named on the command line is checked before a window is made: a scenario or
lesson that cannot be used, a size that is not WxH, a `--step` with no lesson or past its
last step each print the reason (file and key for a file) on stderr and exit 2, and no
picture is saved of a window that failed to open what it was asked to.
"""

from __future__ import annotations

import argparse
import ctypes.util
import os
import sys
from pathlib import Path
from typing import Any

# the model's loaders (no Qt): the same messages as `gusu validate` and `gusu lesson`
from sim.cli.scenario_files import build_problem
from sim.interop.lessons import load_lesson
from sim.scenario.errors import ScenarioError
from sim.scenario.loader import load_scenario


def make_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="gusu gui", description="The Gusu window: map, plots and scenario editor")
    p.add_argument("scenario", nargs="?", help="scenario TOML (default: the bundled National Day 2019 week)")
    p.add_argument("--run", action="store_true", help="run the scenario as soon as the window opens")
    p.add_argument("--screenshot", metavar="PNG", help="save an image of the window (after the run, with --run) and exit")
    p.add_argument("--size", default="1600x1000", type=_size, metavar="WxH", help="window size for --screenshot (default 1600x1000)")
    p.add_argument("--lang", choices=["en", "zh_CN"], help="language of the window (default: as chosen before, else the system's)")
    p.add_argument("--demo", action="store_true", help="open the side-by-side demonstration (with and without ring control)")
    p.add_argument("--lesson", metavar="TOML", help="open a lesson file in the side-by-side demonstration")
    p.add_argument("--step", type=int, metavar="N", help="with --lesson: go to step N (1-based; default 1)")
    p.add_argument("--presentation", action="store_true", help="start in the presentation view (full screen, large, high contrast)")
    return p


def _size(text: str) -> tuple[int, int]:
    """'1366x768' -> (1366, 768); argparse reports an ArgumentTypeError with exit status 2."""
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT such as 1366x768, got {text!r}") from None
    if not (320 <= w <= 8000 and 240 <= h <= 8000):
        raise argparse.ArgumentTypeError(f"expected 320-8000 x 240-8000 pixels, got {text!r}")
    return w, h


def input_problem(args: argparse.Namespace) -> str | None:
    """Why the scenario, lesson or step named on the command line cannot be shown (the lines to print), or None.

    The files are loaded here, before Qt, with the loaders `gusu validate` and `gusu lesson`
    use, so the message names the file and the key, and a broken file never reaches the window
    (whose dialogs a screenshot would not show).
    """
    if args.step is not None and not args.lesson:
        return "gusu gui: --step: a step of which lesson? give --lesson FILE too"
    if args.scenario:
        try:
            loaded = load_scenario(args.scenario)
        except ScenarioError as exc:
            return str(exc)
        problem = build_problem(loaded, args.scenario)
        if problem:
            return problem
    if args.lesson:
        try:
            lesson = load_lesson(Path(args.lesson), display=args.lesson)
        except ScenarioError as exc:
            return str(exc)
        steps = len(lesson.states)
        if args.step is not None and not 1 <= args.step <= steps:
            return f"gusu gui: --step: {args.lesson} has steps 1 to {steps}, got {args.step}"
    return None


def _quiet_offscreen_warnings() -> None:
    """The offscreen platform says it cannot propagate size hints on every dock; that is noise, not news."""
    from PySide6.QtCore import qInstallMessageHandler  # Qt loads only after the display check (see main)

    def handler(_mode: object, _context: object, message: str) -> None:
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def _open_demo(window: object, args: argparse.Namespace) -> bool:
    w: Any = window
    if args.demo:
        return bool(w.training.show_side_by_side(play=not args.screenshot))
    if not w.training.open_lesson(Path(args.lesson)):
        return False
    if args.step is not None and args.step > 1:
        w.training.demo.go_to_step(args.step - 1)
    return True


# libraries Qt's X11 plugin loads at start-up that a minimal Linux may lack: Qt aborts the process without
# them, so they are checked first and named (Debian/Ubuntu package in brackets)
XCB_LIBRARIES = {"xcb-cursor": "libxcb-cursor0", "xcb-icccm": "libxcb-icccm4", "xcb-keysyms": "libxcb-keysyms1"}


def display_problem(environ: dict[str, str], find_library=None) -> str | None:  # type: ignore[no-untyped-def]
    """Why Qt could not open a window here (it would abort, not raise), or None when it can."""
    find = find_library or ctypes.util.find_library
    platform = environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return None  # offscreen, wayland, ...: chosen by the user
    if not platform and environ.get("WAYLAND_DISPLAY"):
        return None
    if not environ.get("DISPLAY"):
        return ("no display to open the window on (DISPLAY is not set); run headless with `gusu run`, "
                "or take a picture with `gusu gui --screenshot shot.png`")
    if sys.platform.startswith("linux"):
        missing = [pkg for lib, pkg in XCB_LIBRARIES.items() if find(lib) is None]
        if missing:
            return f"Qt needs these system libraries to open a window: {', '.join(missing)} (e.g. apt-get install {' '.join(missing)})"
    return None


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(sys.argv[1:] if argv is None else argv)
    problem = input_problem(args)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2
    headless = args.screenshot and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY")
    if headless:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    problem = display_problem(dict(os.environ))
    if problem is not None:
        print(f"gusu: {problem}", file=sys.stderr)
        return 2
    # Qt, and every gui module (they import Qt), only after the display check: with an X11
    # library missing, Qt's xcb plugin aborts the whole process instead of raising
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from gui import cjk_font, i18n
    from gui.runs.export import save_png
    from gui.settings import APPLICATION, ORGANISATION, make_settings
    from gui.window import DEFAULT_SCENARIO, MainWindow

    _quiet_offscreen_warnings()
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "gusu"])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("Gusu")
    cjk_font.ensure_chinese(app)  # before any widget: on a machine with no Chinese font, bring ours
    settings = make_settings()
    i18n.install(args.lang or i18n.chosen_language(settings))
    window = MainWindow(settings)
    if args.screenshot:
        window.remember = False
        window.resize(*args.size)
    window.show()
    if cjk_font.problem():
        window.statusBar().showMessage(cjk_font.problem() or "")
    if args.presentation:
        window.training.set_presentation(True, full_screen=not args.screenshot)  # a picture keeps the size asked for
    status = {"code": 0}
    path = Path(args.scenario) if args.scenario else DEFAULT_SCENARIO
    if not window.open_path(path, guard=False):  # checked above; this is a surprise, so never photographed
        print(f"gusu gui: the window could not open {path}", file=sys.stderr)
        window.close()
        return 2

    if args.screenshot:
        shot = Path(args.screenshot)

        def take() -> None:
            app.processEvents()
            try:
                save_png(window, shot)
                print(f"screenshot written to {shot}")
            except OSError as exc:
                print(f"gusu gui: {exc}", file=sys.stderr)
                status["code"] = status["code"] or 1
            window.form.changes.clear()  # nothing to guard: the program only looked
            window.close()
            app.quit()

        def failed(message: str) -> None:
            print(f"gusu gui: {message}", file=sys.stderr)
            status["code"] = 1

        window.run_failed.connect(failed)
        window.training.demo.demo_failed.connect(failed)
        if args.lesson or args.demo:
            if not _open_demo(window, args):  # checked above; a surprise, and no picture of a window that failed
                print(f"gusu gui: the window could not open {'the demonstration' if args.demo else args.lesson}", file=sys.stderr)
                window.close()
                return 2
            else:
                if args.demo:  # the first morning, up to the time the first centres fill
                    window.training.demo.pair.clock_held.connect(lambda _t: QTimer.singleShot(400, take))
                    window.training.demo.pair.run_to(10.75 * 3600, fast=True)
                else:
                    window.training.demo.step_shown.connect(lambda _k: QTimer.singleShot(400, take))
        elif args.run and status["code"] == 0 and window.start_run():
            for sig in (window.run_finished, window.run_stopped, window.run_failed):
                sig.connect(lambda *_: QTimer.singleShot(300, take))
        else:
            QTimer.singleShot(500, take)
    elif args.lesson or args.demo:
        QTimer.singleShot(0, lambda: _open_demo(window, args))
    elif args.run and status["code"] == 0:
        QTimer.singleShot(0, window.start_run)
    code = app.exec()
    return status["code"] or int(code)
