"""Front matter: fixtures, bytes, strict errors, limits, the YAML core schema, the corpus."""

from __future__ import annotations

import contextlib
import json
import time
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from conftest import corpus_roots
from newsdoc.common import yaml_core
from newsdoc.errors import FrontMatterError
from newsdoc.limits import DEFAULT_LIMITS
from newsdoc.parsers.decode import decode
from newsdoc.parsers.front_matter.split import FrontMatter, split
from newsdoc.parsers.front_matter.yaml_data import load_document

FIXTURES = Path(__file__).parent / "fixtures" / "front_matter"
CASES = sorted(FIXTURES.glob("*.md"))


def _expected(path: Path) -> dict[str, Any]:
    expected: dict[str, Any] = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    return expected


def _summary(fm: FrontMatter, extra_problems: tuple[Any, ...] = ()) -> dict[str, Any]:
    return {
        "format": fm.format,
        "data": fm.data,
        "lines": fm.lines,
        "body": fm.body,
        "body_line": fm.body_line,
        "problems": [[p.code, p.line] for p in (*extra_problems, *fm.problems)],
    }


def test_fixtures_are_many() -> None:
    """The fixture folder holds at least 35 front-matter variants."""
    assert len(CASES) >= 35


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_fixture_lenient(path: Path) -> None:
    """Each fixture splits into the format, data, lines, body and problems its .json lists."""
    expected = _expected(path)
    text, decode_problems = decode(path.read_bytes(), source=path.name)
    actual = _summary(split(text, source=path.name), decode_problems)
    assert {key: expected[key] for key in actual} == actual


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_fixture_strict(path: Path) -> None:
    """In strict mode a fixture raises where its .json says, or gives the lenient result."""
    expected = _expected(path)
    text, _ = decode(path.read_bytes(), source=path.name)
    error = expected["strict_error"]
    if error is None:
        assert split(text, source=path.name) == split(text, source=path.name, strict=True)
        return
    with pytest.raises(FrontMatterError) as caught:
        split(text, source=path.name, strict=True)
    actual = {"code": caught.value.code, "line": caught.value.line, "column": caught.value.column}
    assert error == actual
    assert caught.value.source == path.name


# ------------------------------------------------------------ bytes through decode + split

BYTE_CASES = [
    pytest.param(
        b"\xef\xbb\xbf---\r\ntitle: x\r\ndate: y\r\n---\r\nbody\r\nmore\r\n",
        {"title": "x", "date": "y"},
        {"title": 2, "date": 3},
        "body\nmore\n",
        5,
        id="utf8-bom-crlf",
    ),
    pytest.param(
        b"---\rtitle: x\rdate: y\r---\rbody\r",
        {"title": "x", "date": "y"},
        {"title": 2, "date": 3},
        "body\n",
        5,
        id="lone-cr",
    ),
    pytest.param(
        b"\r\n---\ntitle: x\r\ndate: y\n---\r\nbody\n",
        {"title": "x", "date": "y"},
        {"title": 3, "date": 4},
        "body\n",
        6,
        id="mixed-crlf-lf",
    ),
    pytest.param(
        "\ufeff---\r\ntitle: 标题\r\n---\r\nbody".encode("utf-16-le"),
        {"title": "标题"},
        {"title": 2},
        "body",
        4,
        id="utf16-le-bom",
    ),
    pytest.param(
        "+++\ntitle = '标题'\n+++\n正文\n".encode("utf-32"),
        {"title": "标题"},
        {"title": 2},
        "正文\n",
        4,
        id="utf32-bom-toml",
    ),
]


@pytest.mark.parametrize(("raw", "data", "lines", "body", "body_line"), BYTE_CASES)
def test_bytes_through_decode_and_split(
    raw: bytes, data: dict[str, Any], lines: dict[str, int], body: str, body_line: int
) -> None:
    """BOMs and CRLF/CR endings vanish in decode; split then counts lines as the file does."""
    text, problems = decode(raw)
    fm = split(text)
    assert (data, lines, body, body_line, ()) == (
        fm.data,
        fm.lines,
        fm.body,
        fm.body_line,
        problems + fm.problems,
    )


def test_gb18030_file() -> None:
    """A GB18030 file is read as GB18030, with an encoding problem."""
    text, problems = decode("---\ntitle: 河南安阳\n---\n正文\n".encode("gb18030"))
    fm = split(text)
    expected = ({"title": "河南安阳"}, "正文\n", ["encoding"])
    assert expected == (fm.data, fm.body, [p.code for p in problems])


def test_nul_in_title() -> None:
    """A NUL byte in the front matter becomes U+FFFD and a control-character problem."""
    text, problems = decode(b"---\ntitle: a\x00b\n---\n")
    expected = ({"title": "a\ufffdb"}, [("control-character", 2)])
    assert expected == (split(text).data, [(p.code, p.line) for p in problems])


# ------------------------------------------------------------------------ strict errors


def test_strict_error_reads_source_line_column() -> None:
    """A strict error says where in the whole file, fence offset included, and what."""
    text = "\n\n---\ntitle: ok\ndate: [unclosed\nx: 1\n---\nbody"
    with pytest.raises(FrontMatterError) as caught:
        split(text, source="post.md", strict=True)
    expected = (
        "post.md:6:2: invalid YAML: did not find expected ',' or ']'"
        " (while parsing a flow sequence on line 5)"
    )
    assert expected == str(caught.value)


def test_strict_refused_tag_says_why() -> None:
    """The error for a !!python tag names the tag and says only plain data is allowed."""
    with pytest.raises(FrontMatterError, match=r"!!python/object/apply:os\.system' is refused"):
        split("---\na: !!python/object/apply:os.system ['true']\n---\n", strict=True)


@pytest.mark.parametrize("strict", [False, True])
def test_python_tag_never_runs(tmp_path: Path, strict: bool) -> None:
    """`!!python/object/apply:os.system` never runs its command, in either mode."""
    marker = tmp_path / "hacked"
    text = f'---\ntitle: x\nrun: !!python/object/apply:os.system ["echo hacked > {marker}"]\n---\n'
    with contextlib.suppress(FrontMatterError):
        split(text, strict=strict)
    assert not marker.exists()


def test_problems_carry_source() -> None:
    """Problems name the source they were found in."""
    fm = split("---\na: 1\na: 2\n---\n", source="post.md")
    expected = [
        "post.md:3:1: duplicate-key: the key 'a' appears more than once; the last value is kept"
    ]
    assert expected == [str(p) for p in fm.problems]


def test_front_matter_is_frozen() -> None:
    """A FrontMatter cannot be changed in place."""
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        split("---\na: 1\n---\n").body = "x"  # type: ignore[misc]


# ------------------------------------------------------------------------------- limits

MERGE_BOMB = (
    "---\na0: &a0 {k0: 1, k1: 2, k2: 3}\n"
    + "".join(
        f"a{i}: &a{i} {{<<: [{', '.join([f'*a{i - 1}'] * 9)}], n{i}: 1}}\n" for i in range(1, 12)
    )
    + "---\n"
)

LIMIT_CASES = [
    pytest.param("---\nbig: " + "x" * DEFAULT_LIMITS.max_front_matter_chars + "\n---\n", id="size"),
    pytest.param("---\nlist:\n" + "- " * 5000 + "x\n---\n", id="compact-nesting"),
    pytest.param("---\nlist: " + "[" * 50_000 + "]" * 50_000 + "\n---\n", id="flow-nesting"),
    pytest.param("{" + '"a": {' * 5000 + "}" * 5001 + "\nbody", id="json-nesting"),
    pytest.param("+++\na = " + "[" * 5000 + "]" * 5000 + "\n+++\n", id="toml-nesting"),
    pytest.param("---\nitems: [" + "1, " * 1_000_001 + "1]\n---\n", id="many-values"),
]


@pytest.mark.parametrize("text", LIMIT_CASES)
def test_limits_refuse_quickly(text: str) -> None:
    """Inputs beyond a limit give a limit problem and empty data, without hanging."""
    started = time.process_time()  # CPU time: other work on a loaded machine does not count
    fm = split(text)
    elapsed = time.process_time() - started
    expected: tuple[dict[str, Any], list[str]] = ({}, ["limit"])
    assert expected == (fm.data, [p.code for p in fm.problems])
    assert elapsed < 30  # a refusal takes milliseconds; this rules out a hang


@pytest.mark.parametrize("text", LIMIT_CASES)
def test_limits_raise_in_strict_mode(text: str) -> None:
    """Strict mode raises a FrontMatterError with code 'limit' beyond a limit."""
    with pytest.raises(FrontMatterError) as caught:
        split(text, strict=True)
    expected = "limit"
    assert expected == caught.value.code


def test_merge_bomb_is_bounded() -> None:
    """Merge keys merging the same mapping again and again stay small: keys are deduplicated."""
    fm = split(MERGE_BOMB)
    assert ({"k0": 1, "k1": 2, "k2": 3, **{f"n{i}": 1 for i in range(1, 12)}}, ()) == (
        fm.data["a11"],
        fm.problems,
    )


def test_toml_time_and_json_nan_are_reported() -> None:
    """A TOML local time and a JSON NaN become strings, each with a value-converted problem."""
    toml = split("+++\nat = 07:32:00\n+++\n")
    hugo = split('{"n": NaN}\n')
    expected = ({"at": "07:32:00"}, {"n": "nan"}, ["value-converted"] * 2)
    assert expected == (toml.data, hugo.data, [p.code for p in toml.problems + hugo.problems])


# ---------------------------------------------------------------------- YAML core schema

CORE_TYPING = [
    ("10:00", "10:00"),
    ("no", "no"),
    ("Yes", "Yes"),
    ("off", "off"),
    ("2015-10-11", "2015-10-11"),
    ("2001-12-14 21:59:43.10 -5", "2001-12-14 21:59:43.10 -5"),
    ("1_000", "1_000"),
    ("0b101", "0b101"),
    ("=", "="),
    ("~", None),
    ("null", None),
    ("NULL", None),
    ("", None),
    ("true", True),
    ("FALSE", False),
    ("-12", -12),
    ("012", 12),
    ("0o17", 15),
    ("0x1F", 31),
    ("1.5", 1.5),
    (".5", 0.5),
    ("1e3", 1000.0),
    ("-.inf", float("-inf")),
    ("1" * 5000, "1" * 5000),
]


@pytest.mark.parametrize(("plain", "expected"), CORE_TYPING)
def test_core_schema_typing(plain: str, expected: object) -> None:
    """A plain scalar is typed by the YAML 1.2 core schema, else it stays a string."""
    assert expected == yaml.load(f"v: {plain}", Loader=yaml_core.Loader)["v"]


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system ['true']",
        "a: !!python/name:os.system",
        "a: !custom x",
        "a: !!timestamp 2016-06-31",
        "a: !!int twelve",
        "a: !!float x",
        "a: !!bool maybe",
    ],
)
def test_loader_refuses_with_yaml_errors(text: str) -> None:
    """Refused tags and bad explicit scalars raise a YAMLError, never another exception."""
    with pytest.raises(yaml.YAMLError):
        load_document(text)


def test_plain_and_full_constructors_agree() -> None:
    """A document with an alias (PyYAML's constructor) types values as a plain one does."""
    values = "{t: 10:00, n: 012, f: 1e3, b: TRUE, z: ~, d: 2015-10-11, k: {1: x}}"
    plain = yaml.load(f"a: {values}", Loader=yaml_core.Loader)
    full = yaml.load(f"a: &x {values}\nb: *x", Loader=yaml_core.Loader)
    expected = {
        "t": "10:00",
        "n": 12,
        "f": 1000.0,
        "b": True,
        "z": None,
        "d": "2015-10-11",
        "k": {1: "x"},
    }
    assert (expected, expected, expected) == (plain["a"], full["a"], full["b"])


def test_loader_records_duplicates_and_lines() -> None:
    """`load_document` gives 0-based key lines (last one wins) and each duplicate's place."""
    loaded = load_document("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n")
    expected = ({"a": 3, "b": {"c": 2}}, {"a": 4, "b": 1}, (("c", 3, 2), ("a", 4, 0)))
    assert expected == (loaded.data, loaded.key_lines, loaded.duplicate_keys)


def test_dumper_quotes_what_loader_would_retype() -> None:
    """The Dumper quotes strings the core schema would type, and no others."""
    data = {
        "a": "0o17",
        "b": "true",
        "c": "no",
        "d": "10:00",
        "e": "",
        "f": "2015-10-11",
        "g": "1e3",
    }
    expected = "a: '0o17'\nb: 'true'\nc: no\nd: 10:00\ne: ''\nf: 2015-10-11\ng: '1e3'\n"
    assert expected == yaml_core.dump(data)


@given(
    st.dictionaries(
        st.text(st.characters(exclude_categories=["Cs"])),
        st.one_of(
            st.text(st.characters(exclude_categories=["Cs"])),
            st.from_regex(r"[-+0-9a-zA-Z.:~<_ ]{0,12}", fullmatch=True),
            st.integers(),
            st.booleans(),
            st.none(),
            st.floats(allow_nan=False),
        ),
    )
)
def test_dump_then_load_round_trips(data: dict[str, Any]) -> None:
    """Whatever the Dumper writes, the Loader reads back as the same values."""
    assert data == yaml.load(yaml_core.dump(data), Loader=yaml_core.Loader)


# ------------------------------------------------------------------------------ corpus


def _all_corpus_files() -> list[Path]:
    return sorted(p for root in corpus_roots() for p in root.rglob("*") if p.is_file())


def test_corpus_splits_leniently() -> None:
    """Every file of the corpus splits without an exception; every fenced one gives data."""
    empty: list[str] = []
    for path in _all_corpus_files():
        text, _ = decode(path.read_bytes(), source=str(path))
        fm = split(text, source=str(path))
        fenced = text.lstrip(" \t\n")[:3] in ("---", "+++", ";;;")
        if fenced and not fm.data:
            empty.append(str(path))
    expected: list[str] = []
    assert expected == empty
