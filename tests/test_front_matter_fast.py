"""The flat-YAML fast path against the full YAML path: same data, key lines and problems."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import corpus_files, examples
from newsdoc.errors import FrontMatterError
from newsdoc.parsers.decode import decode
from newsdoc.parsers.front_matter.flat_yaml import load_flat
from newsdoc.parsers.front_matter.split import _CLOSING, _LEADING_BLANK, _OPENING
from newsdoc.parsers.front_matter.yaml_data import load_yaml

FIRST_LINE = 2


def typed(value: Any) -> Any:
    """`value` with each scalar tagged by its type (True != 1) and NaN made comparable."""
    if isinstance(value, dict):
        return {typed(k): typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, value)


def slow(fragment: str) -> Any:
    """What the full path gives: (data, lines, problems), or the error's class name."""
    try:
        raw = load_yaml(fragment, FIRST_LINE, source=None)
    except FrontMatterError as error:
        return type(error).__name__
    return typed(raw.data), raw.lines, raw.problems


def check(fragment: str) -> bool:
    """Assert the fast path agrees with the full path when it answers; whether it answered."""
    fast = load_flat(fragment, FIRST_LINE)
    if fast is None:
        return False
    assert slow(fragment) == (typed(fast.data), fast.lines, fast.problems)
    return True


TRICKY = [
    "", "~", "null", "Null", "NULL", "nUll", "true", "True", "TRUE", "tRue", "false", "FALSE",
    "yes", "no", "on", "off", "y", "n", "0", "-0", "+1", "12", "-12", "007", "0o17", "0o8",
    "0x1F", "0xg", "0b101", "1_000", "1.5", ".5", "5.", "-.5", "1e3", "1E-3", "+1.5e+3", ".inf",
    "-.inf", "+.inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN", "nan", "inf", "1.2.3",
    "2015-10-11", "2015-10-11 12:00:00", "2015-10-11T12:00:00Z", "10:00", "1:30:00",
    "12:30", "<<", "a#b", "a #b", "a # b", "http://x.org/a?b=c#d", "C++", "a: b", "a:", "a:b",
    "-", "-a", "- a", "--", "---", "...", "?", "?a", ":", ":a", "a  b", "é", "新闻", "a\xa0b",
    "\xa0", "a\u3000", "😀", "a,b", "[a]", "a]", "{a}", "a}", "&a", "*a", "!a", "!!str a", "|",
    ">", "%a", "@a", "`a", "a'b", 'a"b', "a\\b", "'a'", '"a"', "a'", "\\", "#", " a", "a ",
    "9" * 5000, "-" + "9" * 5000,
]  # fmt: skip

KEYS = st.sampled_from(
    ["title", "date", "tags", "a", "_x", "a.b", "a-b", "é", "新闻", "true", "null", "Yes", "x1"]
)
QUOTE_TEXT = st.text(
    alphabet=st.sampled_from(list("ab :#'\"\\[],{}-é新😀\xa0\t\x85\u2028nux0/tN_LPe ")),
    max_size=12,
)


def plain() -> st.SearchStrategy[str]:
    """Plain scalars: tricky tokens and random text from YAML's special characters."""
    return st.sampled_from(TRICKY) | st.text(
        alphabet=st.sampled_from(list("ab1.:-#'\"[]{},&*!|>%@`?~ é\xa0")), max_size=10
    )


def scalar() -> st.SearchStrategy[str]:
    """A scalar as written after ``key: `` or ``- ``."""
    double = QUOTE_TEXT.map(lambda t: '"' + t + '"')
    single = QUOTE_TEXT.map(lambda t: "'" + t + "'")
    escaped = st.sampled_from(
        ['"\\u00e9"', '"\\x41"', '"\\U0001F600"', '"\\ud83d"', '"\\q"', '"a\\"b"', '"\\\\"',
         '"\\/"', '"\\ "', '"\\N\\_\\L\\P"', '"\\0\\a\\b\\t\\n\\v\\f\\r\\e"', "'it''s'", "''"]
    )  # fmt: skip
    return plain() | double | single | escaped


def flow() -> st.SearchStrategy[str]:
    """``[a, b]`` flow lists of scalars, with odd spacing."""
    return st.lists(scalar(), max_size=4).map(lambda items: "[" + ", ".join(items) + "]") | (
        st.sampled_from(["[]", "[ ]", "[a,b]", "[ a , b ]", "[a,]", "[a, [b]]", "[a", "[a] x"])
    )


@st.composite
def entry(draw: st.DrawFn) -> str:
    """One ``key: value`` entry, a block list, a comment or a blank line."""
    kind = draw(st.sampled_from(["scalar", "flow", "list", "comment", "blank", "junk"]))
    key = draw(KEYS)
    comment = draw(st.sampled_from(["", " # c", "  #c", "#c"]))
    if kind == "scalar":
        return f"{key}:{draw(st.sampled_from([' ', '  ', '']))}{draw(scalar())}{comment}"
    if kind == "flow":
        return f"{key}: {draw(flow())}{comment}"
    if kind == "list":
        indent = " " * draw(st.integers(0, 4))
        items = draw(st.lists(scalar() | flow(), max_size=4))
        lines = [f"{key}:{comment}"] + [f"{indent}- {item}" for item in items]
        if draw(st.booleans()) and lines[1:]:
            lines.insert(2, draw(st.sampled_from(["", "# c", "   # c", "  ", " x", "\t- a"])))
        return "\n".join(lines)
    if kind == "comment":
        return draw(st.sampled_from(["# note", "  # note", "#", "#: x"]))
    if kind == "blank":
        return draw(st.sampled_from(["", "  "]))
    return draw(st.sampled_from([" x: 1", "  y", "? a", "a : b", "'q': 1", "a: b: c", "&a x: 1"]))


CLEAN_TEXT = st.text(alphabet=st.sampled_from(list("ab :#-,[]{}'é新😀\xa0")), max_size=12)


@st.composite
def clean_entry(draw: st.DrawFn) -> str:
    """An entry the fast path is meant to read (some still fall back: a key repeats…)."""
    key = draw(KEYS)
    comment = draw(st.sampled_from(["", " # c"]))
    item = (
        st.sampled_from(
            [t for t in TRICKY if t.strip() and ":" not in t and t[0] not in "-?#&*!|>%@`'\"[{,"]
        )
        | CLEAN_TEXT.map(lambda t: "'" + t.replace("'", "''") + "'")
        | CLEAN_TEXT.map(lambda t: '"' + t.replace("\\", "").replace('"', '\\"') + '"')
    )
    kind = draw(st.sampled_from(["scalar", "flow", "list", "comment"]))
    if kind == "scalar":
        return f"{key}: {draw(item)}{comment}"
    if kind == "flow":
        return f"{key}: [{', '.join(draw(st.lists(item, max_size=3)))}]{comment}"
    if kind == "list":
        indent = " " * draw(st.integers(0, 3))
        return "\n".join(
            [f"{key}:", *(f"{indent}- {i}" for i in draw(st.lists(item, min_size=1, max_size=3)))]
        )
    return "# note"


@settings(max_examples=examples(10), deadline=None)
@given(st.lists(entry(), min_size=1, max_size=8))
def test_fast_path_matches_loader_on_generated_documents(entries: list[str]) -> None:
    """Every generated flat document the fast path reads, it reads as the loader does."""
    check("\n".join(entries))


ANSWERED: list[bool] = []


@settings(max_examples=examples(15), deadline=None)
@given(st.lists(clean_entry(), min_size=1, max_size=6, unique_by=lambda e: e.split(":")[0]))
def clean_documents_agree(entries: list[str]) -> None:
    """Well-formed flat documents: the fast path reads them as the loader does."""
    ANSWERED.append(check("\n".join(entries)))


def test_fast_path_matches_loader_on_clean_documents() -> None:
    """Well-formed flat documents agree, and most of them do take the fast path."""
    ANSWERED.clear()
    clean_documents_agree()
    assert sum(ANSWERED) >= 0.5 * len(ANSWERED)


@settings(max_examples=examples(10), deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab1 :#-'\"[],{}\\\n.~&*!|>?é\t")), max_size=40))
def test_fast_path_matches_loader_on_random_text(text: str) -> None:
    """Random YAML-ish text: when the fast path answers, the loader agrees."""
    check(text)


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("title: Hi\ndate: 2015-10-11\n", {"title": "Hi", "date": "2015-10-11"}),
        ("a: 10:00 # c\nb: 'x''y'\n", {"a": "10:00", "b": "x'y"}),
        ("tags:\n  - a\n  - 1\nn: ~\n", {"tags": ["a", 1], "n": None}),
        ('t: ["go", web, 2]\nok: true\n', {"t": ["go", "web", 2], "ok": True}),
    ],
)
def test_fast_path_reads_common_front_matter(fragment: str, expected: dict[str, Any]) -> None:
    """The common shapes are read by the fast path, with the loader's values."""
    fast = load_flat(fragment, FIRST_LINE)
    assert fast is not None
    assert expected == fast.data
    assert check(fragment)


@pytest.mark.parametrize(
    "fragment",
    ["a:\n  b: 1\n", "a: &x 1\nb: *x\n", "a: |\n  t\n", "a: b\n  c\n", "a: 1\na: 2\n", "\t- a"],
)
def test_fast_path_declines_what_it_is_not_sure_of(fragment: str) -> None:
    """Nesting, anchors, block scalars, continued scalars and duplicate keys go the full path."""
    assert load_flat(fragment, FIRST_LINE) is None


def test_fast_path_matches_loader_on_every_corpus_front_matter() -> None:
    """Each corpus YAML front matter: same result both ways, and most take the fast path."""
    fragments = []
    files = corpus_files()
    for path in files:
        text = decode(path.read_bytes())[0]
        start = _LEADING_BLANK.match(text)
        opening = _OPENING.match(text, start.end() if start else 0)
        if opening is None or opening.group(1) != "---":
            continue
        closing = _CLOSING["---"].search(text, opening.end())
        if closing is not None:
            fragments.append(text[opening.end() : closing.start()])
    answered = sum(check(fragment) for fragment in fragments)
    assert len(fragments) > 0.6 * len(files)
    assert answered >= 0.8 * len(fragments)
