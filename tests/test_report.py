"""`gusu report`: one HTML file that opens in a real browser engine with nothing else.

The page is loaded in Qt WebEngine (Chromium) in a child process (its own
flags, and a crash there fails one test, not the session): every request the
page makes is recorded by an interceptor, remote URLs are allowed for a local
page so that a stray http:// reference would really be requested (and caught
here), every plot must have a bounding box and every <img> a natural width,
and a screenshot of the whole page is saved. Run folders come from one tiny
day (tests/data/tiny_day.toml), made once per session.

`python tests/test_report.py PAGE.html SHOT.png` does the browser part alone
(it is how docs/report_2019_vs_no_control.png is made).
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "tests" / "data" / "tiny_day.toml"

COUNT_JS = """JSON.stringify({
  svgs: document.querySelectorAll('svg.plot').length,
  drawn: [...document.querySelectorAll('svg.plot')].filter(s => { const b = s.getBoundingClientRect(); return b.width > 100 && b.height > 50
           && s.querySelectorAll('polyline, rect, circle').length > 2; }).length,
  imgs: document.images.length,
  loaded: [...document.images].filter(i => i.complete && i.naturalWidth > 0).length,
  scripts: document.scripts.length,
  height: document.documentElement.scrollHeight,
  title: document.title,
})"""


def browse(page: Path, shot: Path, width_px: int = 1600) -> dict[str, object]:
    """Load `page` in Qt WebEngine offscreen; what the page holds, the requests it made, and a full-page screenshot."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
    from PySide6.QtCore import QTimer, QUrl  # noqa: I001  (the child process only: Qt after the environment is set)
    from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile, QWebEngineSettings, QWebEngineUrlRequestInterceptor
    from PySide6.QtWebEngineWidgets import QWebEngineView
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    result: dict[str, object] = {"requests": []}

    class Recorder(QWebEngineUrlRequestInterceptor):
        def interceptRequest(self, info) -> None:  # type: ignore[no-untyped-def]
            url = info.requestUrl().toString()
            if not url.startswith(("data:", "file:")):
                result["requests"].append(url)  # type: ignore[attr-defined]
                info.block(True)

    recorder = Recorder()
    profile = QWebEngineProfile()
    profile.setUrlRequestInterceptor(recorder)
    web = QWebEnginePage(profile)
    web.settings().setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, True)
    view = QWebEngineView()
    view.setPage(web)
    view.resize(width_px, 900)
    view.show()

    def shoot() -> None:
        view.grab().save(str(shot))
        app.quit()

    def counted(text: str) -> None:
        result.update(json.loads(text))
        view.resize(width_px, min(int(result["height"]), 16000))  # type: ignore[call-overload]
        QTimer.singleShot(1500, shoot)

    def loaded(ok: bool) -> None:
        result["ok"] = ok
        QTimer.singleShot(800, lambda: web.runJavaScript(COUNT_JS, 0, counted))

    web.loadFinished.connect(loaded)
    web.load(QUrl.fromLocalFile(str(page.resolve())))
    QTimer.singleShot(60_000, app.quit)
    app.exec()
    return result


def in_browser(page: Path, shot: Path) -> dict[str, object]:
    done = subprocess.run([sys.executable, __file__, str(page), str(shot)], capture_output=True, text=True, timeout=180)
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
    assert lines, f"the browser gave nothing back (exit {done.returncode}): {done.stderr[-2000:]}"
    return json.loads(lines[-1])


def gusu(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sim.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=600)


@pytest.fixture(scope="session")
def tiny_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("runs")
    one, reps = base / "one", base / "reps"
    for out, extra in ((one, []), (reps, ["--replications", "2", "--workers", "1"])):
        done = gusu("run", str(TINY), "--out", str(out), *extra)
        assert done.returncode == 0, done.stderr
    return {"one": one, "reps": reps}


def test_report_of_one_run_renders_in_a_browser_with_no_request_and_every_plot(tiny_runs: dict[str, Path], tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    done = gusu("report", str(tiny_runs["one"]), "-o", str(page))
    assert done.returncode == 0, done.stderr
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html and "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    for text in ("tiny", "Transfers per day", "Queues at the ring gates", "general 2019 figure", "persons/day"):
        assert text in html
    seen = in_browser(page, tmp_path / "shot.png")
    assert seen["ok"] is True
    assert seen["requests"] == []
    assert seen["svgs"] == 5 and seen["drawn"] == 5, seen  # transfers, diverted, speeds, occupancy, queues
    assert seen["imgs"] == seen["loaded"] and seen["scripts"] == 0
    assert (tmp_path / "shot.png").stat().st_size > 20_000


def test_the_browser_check_catches_a_request_and_a_broken_image(tmp_path: Path) -> None:
    """The check above can fail: a page with a remote stylesheet and an image that does not load."""
    page = tmp_path / "bad.html"
    page.write_text('<html><head><link rel="stylesheet" href="https://example.org/a.css"></head><body>'
                    '<img src="missing.png"><svg class="plot" width="10" height="10"></svg></body></html>')
    seen = in_browser(page, tmp_path / "bad.png")
    assert seen["requests"] == ["https://example.org/a.css"]
    assert seen["loaded"] == 0 and seen["imgs"] == 1 and seen["drawn"] == 0


def test_comparison_of_replications_marks_the_noise_and_lists_the_changes(tiny_runs: dict[str, Path], tmp_path: Path) -> None:
    page = tmp_path / "compare.html"
    done = gusu("report", str(tiny_runs["reps"]), "--compare", str(tiny_runs["one"]), "--lang", "zh_CN", "-o", str(page))
    assert done.returncode == 0, done.stderr
    html = page.read_text(encoding="utf-8")
    assert "姑苏交通仿真对比报告" in html and "B − A" in html
    assert "单次运行：无区间" in html  # B is one run: no interval, no noise mark
    assert "两个情景含义相同" in html  # the same scenario on both sides
    done = gusu("report", str(tiny_runs["reps"]), "--compare", str(tiny_runs["reps"]), "-o", str(page))
    assert done.returncode == 0, done.stderr
    html = page.read_text(encoding="utf-8")
    assert "within the noise" in html and "[" in html
    seen = in_browser(page, tmp_path / "compare.png")
    assert seen["requests"] == [] and seen["drawn"] == seen["svgs"] >= 3


def test_a_folder_that_is_not_a_run_is_refused_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "summary.json").write_text("{not json")
    done = gusu("report", str(tmp_path), "-o", str(tmp_path / "r.html"))
    assert done.returncode == 2
    assert str(tmp_path / "summary.json") in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "r.html").exists()


def test_run_folders_explain_themselves(tiny_runs: dict[str, Path]) -> None:
    one = tiny_runs["one"]
    readme = (one / "README.txt").read_text(encoding="utf-8")
    for path in one.iterdir():  # every file the folder holds is explained
        assert path.name in readme or path.name == "README.txt", path.name
    header = (one / "daily.csv").read_text().splitlines()[0].split(",")
    for column in header + ["km/h", "(cars)", "(persons", "(min)", "(veh)", "gate_queue_<ring>_veh"]:
        assert column in readme, column


def test_replications_write_each_seeds_daily_csv_and_the_means_with_intervals(tiny_runs: dict[str, Path]) -> None:
    reps, one = tiny_runs["reps"], tiny_runs["one"]
    readme = (reps / "README.txt").read_text(encoding="utf-8")
    assert "runs/seedN_daily.csv" in readme and "F_ci95_low" in readme
    # seed 2019 is tiny_day's own seed: the same run as the single one, through the process pool
    assert (reps / "runs" / "seed2019_daily.csv").read_bytes() == (one / "daily.csv").read_bytes()
    per_seed = [next(csv.DictReader((reps / "runs" / f"seed{s}_daily.csv").open())) for s in (2019, 2020)]
    means = list(csv.DictReader((reps / "daily.csv").open()))
    assert len(means) == 1 and means[0]["date"] == "2019-10-04"
    values = [float(r["transfers"]) for r in per_seed]
    assert float(means[0]["transfers_mean"]) == pytest.approx(sum(values) / 2)
    low, high = float(means[0]["transfers_ci95_low"]), float(means[0]["transfers_ci95_high"])
    assert low <= min(values) and high >= max(values) and low < high
    assert (reps / "scenario_resolved.toml").is_file()


if __name__ == "__main__":
    print(json.dumps(browse(Path(sys.argv[1]), Path(sys.argv[2]))))
