"""The golden results: one day of each bundled scenario must give the committed files, byte for byte."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location("make_golden", HERE / "golden" / "make_golden.py")
assert spec is not None and spec.loader is not None
make_golden = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_golden)


@pytest.mark.slow
@pytest.mark.parametrize("name", make_golden.SCENARIOS)
def test_first_day_matches_golden_files(name: str, tmp_path: Path) -> None:
    make_golden.one_day(name, tmp_path)
    for f in make_golden.FILES:
        assert (tmp_path / f).read_bytes() == (HERE / "golden" / name / f).read_bytes(), f"{name}/{f} changed"
