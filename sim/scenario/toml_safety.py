"""Reading a TOML file that may be broken, hostile or simply not what it claims to be.

A scenario file comes from another team, a mail attachment or a USB stick. It is
only ever parsed (tomllib: nothing in it is executed or imported), and before
anything else uses it this module refuses, with the line and column where it can
tell:

- files over 1 MiB (read no further than that: a huge or endless file costs nothing);
- bytes that are not UTF-8 (a leading UTF-8 byte-order mark is allowed);
- TOML syntax errors, keeping tomllib's line and column;
- keys set twice (tomllib refuses them; we find the line and the key path);
- nesting deeper than the schema has (checked on the text before parsing too,
  so a file of ten thousand "[" cannot exhaust the parser's recursion);
- NaN and infinities, which TOML allows and no scenario key does.

Ranges and sizes of the values themselves (10^12 cars a day) are the schema's job.
"""

from __future__ import annotations

import math
import os
import re
import stat
import tomllib
from pathlib import Path
from typing import Any

from sim.scenario.errors import Loc, Problem, ScenarioError, key_path
from sim.scenario.introspect import schema_depth

MAX_FILE_BYTES = 1 << 20  # 1 MiB
_BOM = b"\xef\xbb\xbf"
_POSITION = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)$")
_DUPLICATE = ("Cannot overwrite a value", "Cannot declare", "Duplicate inline table key", "Cannot mutate immutable namespace")
# tomllib's words for the commonest slips, said the way a person would fix them
_HINTS = {
    "Illegal character '\\n'": "the text is not closed: a quote is missing before the end of the line",
    "Unclosed array": "an array is not closed: a ] is missing",
    "Unclosed inline table": "an inline table is not closed: a } is missing",
}
_HEADER = re.compile(r"^\s*(\[\[?)\s*(.+?)\s*\]\]?\s*(#.*)?$")
_ASSIGN = re.compile(r"""^\s*((?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*'))*)\s*=""")
_KEY_PART = re.compile(r"""\s*([A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')\s*(?:\.|$)""")


def read_limited(path: Path, display: str) -> bytes:
    """The file's bytes, refusing anything but a regular file of at most 1 MiB."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise ScenarioError([Problem(display, "", "not a regular file")])
        with open(path, "rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ScenarioError([Problem(display, "", f"cannot read the file ({exc.strerror or exc})")]) from None
    return raw


def _split_key(text: str) -> list[str]:
    parts = []
    for m in _KEY_PART.finditer(text):
        token = m.group(1)
        if token[0] in "\"'":
            token = token[1:-1]
        parts.append(token)
    return parts


def key_at_line(text: str, line: int) -> Loc:
    """A best guess at the key path a line of a TOML text belongs to (for messages about broken text)."""
    table: list[str | int] = []
    counts: dict[tuple[str | int, ...], int] = {}
    guess: Loc = ()
    for lineno, raw in enumerate(text.splitlines()[:line], start=1):
        header = _HEADER.match(raw)
        assign = _ASSIGN.match(raw)
        if header and not assign:
            parts: list[str | int] = list(_split_key(header.group(2)))
            if header.group(1) == "[[":
                key = tuple(parts)
                counts[key] = counts.get(key, 0) + 1
                parts.append(counts[key] - 1)
            table = parts
            guess = tuple(table)
        elif assign:
            guess = tuple(table) + tuple(_split_key(assign.group(1)))
        if lineno == line:
            break
    return guess


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def nesting_too_deep(text: str, limit: int) -> int | None:
    """The first line where inline arrays and tables nest deeper than `limit`, scanning the text
    (strings and comments skipped) so that the parser never sees such a file; None when fine."""
    depth = 0
    i, n = 0, len(text)
    at_line_start = True
    while i < n:
        c = text[i]
        if c == "\n":
            at_line_start = True
            i += 1
            continue
        if c in " \t\r":
            i += 1
            continue
        if c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if depth == 0 and at_line_start and c == "[":  # a table header, not a value
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        at_line_start = False
        if c in "\"'":
            triple = text.startswith(c * 3, i)
            quote = c * 3 if triple else c
            j = i + len(quote)
            while j < n:
                if c == '"' and text[j] == "\\":
                    j += 2
                    continue
                if text.startswith(quote, j):
                    break
                if text[j] == "\n" and not triple:
                    break
                j += 1
            i = j + len(quote)
            continue
        if c in "[{":
            depth += 1
            if depth > limit:
                return text.count("\n", 0, i) + 1
        elif c in "]}":
            depth = max(0, depth - 1)
        i += 1
    return None


def _parses(text: str) -> str | None:
    """tomllib's message (without its position) if the text does not parse, else None."""
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return _POSITION.sub("", str(exc))
    except (ValueError, RecursionError) as exc:
        return type(exc).__name__ + str(exc)
    return None


def _first_failing_line(lines: list[str], message: str) -> int:
    """The shortest prefix of whole lines that fails with the same message: the line of the error.
    (A prefix cut before the error cannot fail with it; one that includes it always does.)"""
    lo, hi = 1, len(lines)
    while lo < hi:
        mid = (lo + hi) // 2
        if _parses("".join(lines[:mid])) == message:
            hi = mid
        else:
            lo = mid + 1
    return lo


def decode(raw: bytes, display: str) -> str:
    """UTF-8 text of at most 1 MiB, or a ScenarioError saying where the first bad byte is."""
    if len(raw) > MAX_FILE_BYTES:
        raise ScenarioError([Problem(display, "", f"the file is over 1 MiB ({MAX_FILE_BYTES:,} bytes); "
                                                  "a scenario file may be at most 1 MiB")])
    raw = raw.removeprefix(_BOM)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = raw[: exc.start].decode("utf-8", errors="replace")
        line, col = _line_col(text, len(text))
        key = key_path(key_at_line(text + "\n", line))
        raise ScenarioError([Problem(display, key, f"not UTF-8 text: byte 0x{raw[exc.start]:02x} at line {line}, column {col};"
                                                   " save the file as UTF-8")]) from None


def parse(text: str, display: str) -> dict[str, Any]:
    """Parse TOML text; every refusal names the file, the line and column and a key path."""
    depth = schema_depth()
    bad_line = nesting_too_deep(text, depth)
    if bad_line is not None:
        key = key_path(key_at_line(text, bad_line))
        raise ScenarioError([Problem(display, key, f"nested deeper than any scenario key (at most {depth} levels of "
                                                   f"tables and arrays), at line {bad_line}")])
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
    except RecursionError:  # the scan above should make this unreachable; refuse rather than crash
        raise ScenarioError([Problem(display, "", f"nested deeper than any scenario key (at most {depth} levels)")]) from None
    except ValueError as exc:  # e.g. an integer of thousands of digits
        message = f"invalid value ({exc})".split(";")[0]
        if "digits" in message:
            message = "a number with thousands of digits"
    else:
        # headers nest without brackets ([a.b.c.d.e.f.g]): refuse that before anything walks the table
        deep = too_deep(doc)
        if deep is not None:
            raise ScenarioError([Problem(display, key_path(deep), f"nested deeper than any scenario key (at most {depth} "
                                                                  "levels of tables and arrays)")])
        return doc
    m = _POSITION.search(message)
    bare = _POSITION.sub("", message)
    lines = text.splitlines(keepends=True)
    duplicate = bare.startswith(_DUPLICATE)
    if m and m.group(1) and not duplicate:
        line, col = int(m.group(1)), int(m.group(2))
    else:
        line = _first_failing_line(lines, _parses(text) or bare) if lines else 1
        col = 0
    loc = key_at_line(text, line)
    where = f"line {line}, column {col}" if col else f"line {line}"
    if duplicate:
        inline = re.search(r"Duplicate inline table key '(.+)'", bare)
        if inline:
            loc = loc + (inline.group(1),)
        shown = key_path(loc) or "(top level)"
        raise ScenarioError([Problem(display, shown, f"duplicate key at {where}: this key is already set above; "
                                                     "each key may be set only once")])
    shown = key_path(loc) or "(top level)"
    lower = _HINTS.get(bare, bare[:1].lower() + bare[1:])
    raise ScenarioError([Problem(display, shown, f"TOML syntax error at {where}: {lower}")])


def too_deep(data: Any) -> Loc | None:
    """The first key path where tables and arrays nest deeper than the schema does, or None.
    (Iterative: a hostile file may nest far deeper than Python's recursion limit.)"""
    limit = schema_depth()
    stack: list[tuple[Any, Loc, int]] = [(data, (), 1)]
    while stack:
        value, loc, depth = stack.pop()
        if isinstance(value, (dict, list)):
            if depth > limit:
                return loc
            items = value.items() if isinstance(value, dict) else enumerate(value)
            stack.extend((v, loc + (k,), depth + 1) for k, v in reversed(list(items)))
    return None


def check_values(data: Any, loc: Loc = ()) -> list[tuple[Loc, str]]:
    """NaN and infinities, each at its key path (call on a table that too_deep() accepted)."""
    out: list[tuple[Loc, str]] = []
    if isinstance(data, (dict, list)):
        items = data.items() if isinstance(data, dict) else enumerate(data)
        for key, value in items:
            out.extend(check_values(value, loc + (key,)))
    elif isinstance(data, float) and not math.isfinite(data):
        shown = "nan" if math.isnan(data) else ("inf" if data > 0 else "-inf")
        out.append((loc, f"expected a finite number, got {shown}"))
    return out


def read_document(path: Path, display: str, raw: bytes | None = None) -> tuple[bytes, dict[str, Any]]:
    """Read (unless the bytes are given), decode and parse one file."""
    if raw is None:
        raw = read_limited(path, display)
    return raw, parse(decode(raw, display), display)
