"""The architecture, checked: lint, types, the import contract, module sizes and lazy imports.

These run in the README's test command, so a contributor and CI run the same
checks (docs/architecture.md says what each layer is for).
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
MAX_MODULE_LINES = 500
MAX_MAIN_WINDOW_LINES = 400


def _tool(name: str) -> str:
    exe = BIN / name
    found = str(exe) if exe.exists() else shutil.which(name)
    assert found, f"{name} is not installed: pip install -e '.[test]' installs it"
    return found


def _run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)


def test_ruff_is_clean() -> None:
    out = _run(_tool("ruff"), "check", "sim", "gui", "tests", "bench")
    assert out.returncode == 0, out.stdout + out.stderr


def test_mypy_is_clean_on_sim() -> None:
    out = _run(sys.executable, "-m", "mypy", "sim")
    assert out.returncode == 0, out.stdout + out.stderr


def test_import_contracts_hold() -> None:
    out = _run(_tool("lint-imports"), "--no-cache")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "BROKEN" not in out.stdout


def _modules() -> list[Path]:
    return sorted(p for root in ("sim", "gui") for p in (ROOT / root).rglob("*.py"))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_over_the_size_limit(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{path.relative_to(ROOT)}: {lines} lines; find the second job in it a module of its own"


def test_the_main_window_is_small() -> None:
    tree = ast.parse((ROOT / "gui" / "window.py").read_text(encoding="utf-8"))
    main = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "MainWindow")
    assert main.end_lineno is not None
    assert main.end_lineno - main.lineno + 1 <= MAX_MAIN_WINDOW_LINES


def _function_level_imports(path: Path) -> list[tuple[int, str, bool]]:
    """(line, module, has a comment saying why) for every import inside a function."""
    lines = path.read_text(encoding="utf-8").splitlines()
    out = []
    for fn in ast.walk(ast.parse("\n".join(lines))):
        if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(fn):
            if isinstance(node, ast.Import | ast.ImportFrom):
                module = (node.module or "") if isinstance(node, ast.ImportFrom) else node.names[0].name
                # the comment may stand on the import's line or just above the block of imports it belongs to
                i = node.lineno - 1
                explained = "#" in lines[i]
                while not explained and i > 0 and (lines[i - 1].strip().startswith(("#", "from ", "import ")) or not lines[i - 1].strip()):
                    i -= 1
                    explained = lines[i].strip().startswith("#")
                out.append((node.lineno, module, explained))
    return out


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_function_level_imports_are_rare_and_explained(path: Path) -> None:
    for line, module, explained in _function_level_imports(path):
        where = f"{path.relative_to(ROOT)}:{line}: import of {module} inside a function"
        # gui/app.py alone imports the window late: after the display check, before which Qt must not load
        if module.split(".")[0] in ("sim", "gui") and path != ROOT / "gui" / "app.py":
            pytest.fail(f"{where}: our own modules are imported at the top (a lazy import would hide a cycle)")
        assert explained, f"{where}: say in a comment why it is lazy"
