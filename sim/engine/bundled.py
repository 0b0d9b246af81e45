"""Where the bundled scenarios and lessons are, in a checkout and in an installed copy.

In a source checkout (and an editable install) they are the repository's own
`scenarios/` and `lessons/` folders, which people edit and diff. A plain
`pip install .` copies the same folders into the package as data
(pyproject.toml, [tool.setuptools.package-data]), beside this module under
`sim/bundled/`. Both are found here, so nothing else builds paths from
`__file__`.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DATA = Path(__file__).resolve().parents[1] / "bundled"
_CHECKOUT = Path(__file__).resolve().parents[2]


def bundled_dir(name: str) -> Path:
    """The folder of bundled `scenarios` or `lessons`: the installed copy if there is one, else the checkout's."""
    installed = _PACKAGE_DATA / name
    return installed if installed.is_dir() else _CHECKOUT / name
