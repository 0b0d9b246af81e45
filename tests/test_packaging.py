"""A plain `pip install .` (not editable) into a fresh venv carries the scenarios and lessons, and `gusu run` works from any folder.

The fresh venv gets the project's dependencies from the test venv (a .pth line; no
download), and Gusu itself only from the wheel pip builds: if a data file were left
out of the package, the run below would not find it.
"""

from __future__ import annotations

import os
import site
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_a_plain_install_runs_the_bundled_workday_from_another_folder(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    py = venv / "bin" / "python"
    purelib = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    # the dependencies, and pip itself, from the test venv; its editable Gusu is not seen (.pth files there are not
    # read); pip builds the wheel in an isolated environment with setuptools from the package index, as any install does
    (Path(purelib) / "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    install = subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", str(ROOT)],
                             capture_output=True, text=True, timeout=600, env=env, check=False)
    assert install.returncode == 0, install.stdout + install.stderr
    away = tmp_path / "elsewhere"
    away.mkdir()
    where = subprocess.run([str(py), "-c", "import sim, sim.engine.bundled as b; print(sim.__file__); print(b.bundled_dir('scenarios'))"],
                           cwd=away, capture_output=True, text=True, env=env, check=True).stdout.split()
    assert where[0].startswith(purelib) and where[1].startswith(purelib), where  # the installed copy, not the checkout
    calibration = subprocess.run([str(py), "-c", "from sim.engine.bundled import bundled_dir; from sim.runs.fit_files import load_calibration; "
                                  "c = load_calibration(bundled_dir('scenarios') / 'calibration' / 'national_day_2019.toml'); "
                                  "print(len(c.parameters), len(c.targets), sorted(p.name for p in (bundled_dir('scenarios') / 'calibration' / "
                                  "'results').iterdir()))"], cwd=away, capture_output=True, text=True, env=env, check=False)
    assert calibration.returncode == 0, calibration.stderr   # the calibration files and the shipped results are in the package
    assert calibration.stdout.split(" ", 2)[:2] == ["7", "7"] and "national_day_2019_sensitivity" in calibration.stdout, calibration.stdout
    run = subprocess.run([str(venv / "bin" / "gusu"), "run", "normal_workday_2019", "--out", "out"],
                         cwd=away, capture_output=True, text=True, timeout=600, env=env, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert (away / "out" / "summary.json").exists() and (away / "out" / "timeseries.csv").exists()
    lessons = subprocess.run([str(venv / "bin" / "gusu"), "lesson", "validate"], cwd=away, capture_output=True, text=True, env=env, check=False)
    assert lessons.returncode == 0 and "ok" in lessons.stdout, lessons.stdout + lessons.stderr
