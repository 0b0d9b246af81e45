"""`gusu report RUN_DIR [--compare OTHER_RUN_DIR] [--lang en|zh_CN] -o report.html`.

The page a planner sends to the person who decides: one HTML file, made from
one run folder or two (sim/interop/report.py says what it holds). For two, the
plain-language list of what changed between the scenarios comes from the same
comparison as `gusu diff`, made on the scenarios as run (scenario_resolved.toml
in each folder), so it holds even when the files they came from have moved on.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pydantic import ValidationError

from sim.cli.common import InputError
from sim.cli.scenario_files import differences
from sim.engine.atomic_file import atomic_write
from sim.interop.report import LANGUAGES, ReportError, render_report
from sim.interop.report_folders import RunFolder, read_run_folder
from sim.scenario import LoadedScenario
from sim.scenario.schema import Scenario


def as_run(folder: RunFolder) -> LoadedScenario | None:
    """The folder's scenario as run, for `differences`; None when the folder does not have it or it no longer validates."""
    if folder.resolved is None:
        return None
    try:
        scenario = Scenario.model_validate(folder.resolved)
    except ValidationError:
        return None
    path = folder.path / "scenario_resolved.toml"
    return LoadedScenario(scenario=scenario, path=path, base_dir=folder.path, resolved=folder.resolved,
                          sha256=folder.first.scenario.sha256, files=(path,), network_path=folder.network_path)


def report_html(run_dir: Path, compare_dir: Path | None = None, lang: str = "en") -> str:
    """The report of a run folder (and of a second beside it, with what changed between their scenarios).

    ReportError names the folder and the file when one cannot be read. The window's File > Export report calls this too."""
    a = read_run_folder(run_dir)
    b = read_run_folder(compare_dir) if compare_dir is not None else None
    changes = None
    if b is not None:
        sa, sb = as_run(a), as_run(b)
        changes = differences(sa, sb) if sa is not None and sb is not None else None
    return render_report(a, b, lang, changes)


def cmd_report(args: argparse.Namespace) -> int:
    try:
        html = report_html(Path(args.run_dir), Path(args.compare) if args.compare else None, args.lang)
    except ReportError as exc:
        raise InputError(str(exc)) from None
    out = Path(args.output)
    try:
        atomic_write(out, html.encode("utf-8"))
    except OSError as exc:
        raise InputError(f"{out}: cannot write the report ({exc.strerror or exc})") from None
    print(f"report written to {out}")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("report", help="one self-contained HTML report of a run folder, or of two side by side",
                       description="Write one HTML file (styles and plots inside, no script, no network request) from a folder "
                                   "written by `gusu run --out` (or --replications); with --compare, both side by side.")
    p.add_argument("run_dir", metavar="RUN_DIR", help="a folder written by gusu run --out")
    p.add_argument("--compare", metavar="OTHER_RUN_DIR", default=None, help="a second run folder (B), compared with RUN_DIR (A)")
    p.add_argument("--lang", choices=LANGUAGES, default="en", help="the report's language (default: en)")
    p.add_argument("-o", "--output", required=True, metavar="REPORT.html", help="the HTML file to write")
    p.set_defaults(func=cmd_report)
