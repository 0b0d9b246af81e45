"""Whatever a scenario file holds, the loader answers with a ScenarioError that says what is wrong.

Thousands of random and mutated documents (random bytes, the bundled scenario with
bytes flipped, inserted and deleted, the bundled scenario with keys deleted,
replaced by random values, renamed, nested or duplicated, and random tables) go
through the loader. It may accept one; otherwise it must raise ScenarioError with
at least one message line naming the file, and never anything else (no KeyError,
no RecursionError, no pydantic error, no traceback for the person).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import tomllib
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.scenario.loader import BUNDLED_SCENARIOS, LoadedScenario, ScenarioError, load_scenario_bytes

BASE_FILE = BUNDLED_SCENARIOS / "national_day_2019.toml"
BASE_BYTES = BASE_FILE.read_bytes()
BASE_DOC = tomllib.loads(BASE_BYTES.decode("utf-8"))
# read as if it sat beside the bundled scenarios, so that extends and network.file can resolve
FUZZ_PATH = BUNDLED_SCENARIOS / "fuzz_input.toml"
FUZZ = settings(deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def only_scenario_errors(raw: bytes) -> None:
    try:
        loaded = load_scenario_bytes(raw, FUZZ_PATH, display="fuzz_input.toml")
    except ScenarioError as exc:
        assert exc.problems, "a ScenarioError without problems"
        for line in exc.problems:
            assert isinstance(line, str) and line.strip(), f"an empty problem line: {exc.problems!r}"
            assert "\n" not in line, f"a problem on several lines: {line!r}"
            assert re.match(r"^.*?\.toml: \S", line), f"not 'file: key: message': {line!r}"
    else:
        assert isinstance(loaded, LoadedScenario)
        assert re.fullmatch(r"[0-9a-f]{64}", loaded.resolved_sha256)


# ---- a small TOML writer (inline tables), deliberately lax: odd output is also a test ----

_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def toml_key(key: Any) -> str:
    key = str(key)
    return key if _BARE.match(key) else json.dumps(key, ensure_ascii=False)


def toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, (dt.date, dt.time)):
        return v.isoformat()
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, dict):
        return "{" + ", ".join(f"{toml_key(k)} = {toml_value(x)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    return json.dumps(str(v))


def dumps(doc: dict[str, Any]) -> bytes:
    return "\n".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in doc.items()).encode("utf-8", errors="surrogatepass")


# ---- strategies ----

scalars = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=24),
    st.booleans(),
    st.dates(),
    st.sampled_from(["07:00-19:00", "7-19", "24:00-25:00", "holiday", "nonlocal_car", "national_day_2019.toml",
                     "networks/old_town.toml", "../../etc/passwd", "/etc/passwd", "A", "zhuozhengyuan"]),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                      max_leaves=12)


def _paths(value: Any, loc: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [loc]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, loc + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, loc + (i,))
    return out


BASE_PATHS = [p for p in _paths(BASE_DOC) if p]
KEYS = sorted({k for p in BASE_PATHS for k in p if isinstance(k, str)})


def _parent(doc: Any, path: tuple[Any, ...]) -> Any:
    for k in path[:-1]:
        doc = doc[k]
    return doc


@st.composite
def mutated_documents(draw: st.DrawFn) -> bytes:
    doc = json.loads(json.dumps(BASE_DOC, default=str))  # a deep copy (dates become text: one more mutation)
    doc["days"] = [dict(d, date=dt.date.fromisoformat(d["date"])) for d in doc["days"]]
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        paths = [p for p in _paths(doc) if p]
        path = draw(st.sampled_from(paths))
        try:
            parent = _parent(doc, path)
            key = path[-1]
            action = draw(st.sampled_from(["delete", "replace", "rename", "insert", "nest", "extends", "version"]))
            if action == "delete":
                del parent[key]
            elif action == "replace":
                parent[key] = draw(values)
            elif action == "rename" and isinstance(parent, dict):
                parent[draw(st.sampled_from(KEYS) | st.text(max_size=12))] = parent.pop(key)
            elif action == "insert" and isinstance(parent, dict):
                parent[draw(st.sampled_from(KEYS) | st.text(max_size=12))] = draw(values)
            elif action == "nest":
                parent[key] = draw(st.sampled_from([[parent[key]], {"x": parent[key]}, [[[[[[[parent[key]]]]]]]]]))
            elif action == "extends":
                doc["extends"] = draw(st.sampled_from(["national_day_2019.toml", "national_day_no_control.toml", "fuzz_input.toml",
                                                       "../scenarios/national_day_2019.toml", "networks/old_town.toml"]) | st.text(max_size=30))
            elif action == "version":
                doc["schema_version"] = draw(st.integers(min_value=-3, max_value=5) | scalars)
        except (KeyError, IndexError, TypeError):
            pass
    return dumps(doc)


TOKENS = [b"[", b"]", b"[[", b"]]", b"{", b"}", b"=", b'"', b"'", b'"""', b"\n", b".", b",", b"#", b"nan", b"inf", b"\xff", b"\x00",
          b"\xe9", b"1e999", b"9" * 30, b"true", b"2019-13-45", b"[run]\n", b"[[days]]\n", b"extends = 'national_day_2019.toml'\n",
          b"schema_version = 1\n", b"seed = 1\nseed = 2\n", b"[" * 40, b"\\u0000"]


@st.composite
def byte_mutations(draw: st.DrawFn) -> bytes:
    raw = bytearray(BASE_BYTES)
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        pos = draw(st.integers(min_value=0, max_value=len(raw)))
        kind = draw(st.sampled_from(["insert", "delete", "replace"]))
        chunk = draw(st.sampled_from(TOKENS) | st.binary(min_size=1, max_size=8))
        if kind == "insert":
            raw[pos:pos] = chunk
        elif kind == "delete":
            del raw[pos:pos + draw(st.integers(min_value=1, max_value=40))]
        else:
            raw[pos:pos + len(chunk)] = chunk
    return bytes(raw)


random_tables = st.dictionaries(st.sampled_from(KEYS + ["schema_version", "extends"]) | st.text(max_size=10), values, max_size=8).map(dumps)


@settings(FUZZ, max_examples=400)
@given(st.binary(max_size=3000))
def test_random_bytes(raw: bytes) -> None:
    only_scenario_errors(raw)


@settings(FUZZ, max_examples=400)
@given(st.text(alphabet=st.sampled_from(list("[]{}=\"'.,#\n -_:abcdefnirstu0123456789")), max_size=400))
def test_random_toml_like_text(text: str) -> None:
    only_scenario_errors(("schema_version = 2\n" + text).encode())


@settings(FUZZ, max_examples=1200)
@given(mutated_documents())
def test_mutated_documents(raw: bytes) -> None:
    only_scenario_errors(raw)


@settings(FUZZ, max_examples=800)
@given(byte_mutations())
def test_byte_mutations_of_the_bundled_file(raw: bytes) -> None:
    only_scenario_errors(raw)


@settings(FUZZ, max_examples=500)
@given(random_tables)
def test_random_tables(raw: bytes) -> None:
    only_scenario_errors(b"schema_version = 2\n" + raw)


def test_unmutated_document_loads() -> None:
    """The writer above is faithful: the bundled scenario written by it loads."""
    loaded = load_scenario_bytes(dumps(BASE_DOC), FUZZ_PATH)
    assert loaded.scenario.name == BASE_DOC["name"]


def test_hostile_extremes() -> None:
    """The worst cases by hand: deep headers, deep arrays, huge numbers, endless keys."""
    for raw in [
        b"schema_version = 2\n[" + b".".join([b"a"] * 5000) + b"]\n",
        b"schema_version = 2\nx = " + b"[" * 100000 + b"]" * 100000,
        b"schema_version = 2\nx = " + b"{a = " * 5000 + b"1" + b"}" * 5000,
        b"schema_version = 2\nx = 1" + b"0" * 5000,
        b"schema_version = 2\nx = 1" + b"0" * 400,
        b"schema_version = " + b"9" * 400,
        b"schema_version = 2\n" + b"a" * 1_000_000 + b" = 1",
        b"schema_version = 2\nextends = '" + b"../" * 3000 + b"x.toml'",
        b"schema_version = 2\nextends = '" + b"a/" * 3000 + b"x.toml'",
        b"schema_version = 2\nextends = 'fuzz_input.toml'",
        b"schema_version = 2\nextends = '/dev/zero.toml'",
        b"schema_version = 2\nextends = 'networks'",
        b"schema_version = 2\nextends = 'networks/old_town.toml'",
        b"\xef\xbb\xbfschema_version = 2\n",
        b"schema_version = 2\n" + b'x = """' + b"a" * 100 + b"\n",
        b"schema_version = 2\n[[days]]\n" * 100,
    ]:
        only_scenario_errors(raw)


def test_fuzz_paths_stay_where_they_were_put() -> None:
    assert not FUZZ_PATH.exists(), "the fuzz input is never written to disk"
    assert Path(BUNDLED_SCENARIOS).is_dir()
