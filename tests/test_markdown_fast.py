"""The Markdown writer's shortcuts against the general paths they stand for: same text.

- `flat_yaml` (the usual front matter, written directly) against `newsdoc.common.yaml_core.dump`,
  with libyaml's emitter and with PyYAML's pure-Python one, on generated values and on
  the corpus;
- `render_inlines` (a lone text, content without spans, lines without breaks) against
  all the passes run in full;
- `escape_run`, `block` and `destination` against their plain forms.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsdoc
from conftest import corpus_files, examples
from newsdoc.common import yaml_core
from newsdoc.common.urls import block
from newsdoc.model import Inline, Text
from newsdoc.serializers.markdown import escape as markdown_escape
from newsdoc.serializers.markdown.escape import destination, escape_run
from newsdoc.serializers.markdown.flanking import fix_flanking, mark_line_edges
from newsdoc.serializers.markdown.front_matter import flat_yaml, front_matter_data
from newsdoc.serializers.markdown.inline import (
    CELL,
    HEADING,
    PARAGRAPH,
    _emit,
    _flatten,
    choose_delimiters,
    render_inlines,
)
from strategies import inlines, texts

# ------------------------------------------------------------------ front matter


class PurePythonDumper(yaml.SafeDumper):
    """`yaml_core.Dumper`'s typing on PyYAML's pure-Python emitter (used without libyaml)."""

    resolve = yaml_core.Dumper.resolve
    descend_resolver = yaml_core.Dumper.descend_resolver
    ascend_resolver = yaml_core.Dumper.ascend_resolver


def python_dump(data: dict[str, Any]) -> str:
    """What `yaml_core.dump` writes where PyYAML has no libyaml."""
    text: str = yaml.dump(data, Dumper=PurePythonDumper, **yaml_core.DUMP_OPTIONS)
    return text


def check_yaml(data: dict[str, Any]) -> bool:
    """Assert that `flat_yaml`, when it answers, writes what both emitters write."""
    fast = flat_yaml(data)
    if fast is None:
        return False
    assert yaml_core.dump(data) == fast
    assert python_dump(data) == fast
    return True


YAML_CHARS = list(" -?:#,[]{}&*!|>'\"%@`.~ntfNTFyo0x1a新<\t\n\r_+eE=\xa0\u3000\x00\\\ufeff\x85😀")
TRICKY = [
    "", "~", "null", "NULL", "true", "False", "yes", "no", "on", "0", "-1", "+1", "0o17", "0x1F",
    "1.5", ".5", "1e3", ".inf", "-.inf", ".nan", "<<", "10:00", "2015-10-11", "a: b", "a:", "- a",
    "-a", "? a", "?a", ":a", "---", "...", "a #b", "a#b", "#a", "@a", "`a", "'a'", '"a"', " a",
    "a ", "a\nb", "a\n\nb", "\na", "a\n", "a \nb", "a\n b", "a\tb", "it's", "新闻：标题",
    "😀", "a\x85b", "\u2028", "\ufeff", "\ufffe", "x" * 200,
]  # fmt: skip
STRINGS = (
    st.sampled_from(TRICKY)
    | st.text(alphabet=st.sampled_from(YAML_CHARS), max_size=8)
    | st.text(max_size=6)
)
SCALARS = st.one_of(
    STRINGS, st.booleans(), st.none(), st.integers(), st.integers(-(10**20), 10**20), st.floats()
)
VALUES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(STRINGS, children, max_size=2)
    ),
    max_leaves=6,
)


@settings(max_examples=examples(8), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(STRINGS, VALUES, min_size=1, max_size=5))
def test_flat_yaml_writes_what_the_dumpers_write(data: dict[str, Any]) -> None:
    """Generated mappings: when the direct writer answers, both YAML emitters agree."""
    check_yaml(data)


NAMES = st.text(alphabet=st.sampled_from(list("abcxyz 新闻中国：，。“”《》-.'!?()")), max_size=10)
USUAL = st.one_of(
    NAMES, st.booleans(), st.integers(-1000, 10**6), st.lists(NAMES, max_size=4), st.none()
)
ANSWERED: list[bool] = []


@settings(max_examples=examples(5), deadline=None)
@given(st.dictionaries(st.sampled_from(["title", "tags", "layout", "x_id", "新"]), USUAL))
def usual_front_matter_agrees(data: dict[str, Any]) -> None:
    """The usual front matter (no rare character, no float, no mapping)."""
    ANSWERED.append(check_yaml(data) if data else True)


def test_flat_yaml_answers_for_the_usual_front_matter() -> None:
    """Strings, lists of strings, bools and ints are all written directly, as the dumpers do."""
    ANSWERED.clear()
    usual_front_matter_agrees()
    assert all(ANSWERED)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"title": "Hi", "draft": True, "n": -3}, "title: Hi\ndraft: true\nn: -3\n"),
        ({"title": "10:00", "date": "2015-10-11 09:00"}, "title: 10:00\ndate: 2015-10-11 09:00\n"),
        ({"title": "true", "a": "", "b": None}, "title: 'true'\na: ''\nb: null\n"),
        (
            {"title": "a: b", "c": "it's a#1", "d": "a #1"},
            "title: 'a: b'\nc: it's a#1\nd: 'a #1'\n",
        ),
        ({"tags": [], "authors": ["A", "B"]}, "tags: []\nauthors:\n- A\n- B\n"),
        ({"categories": [["a", "b"], ["c"]]}, "categories:\n- - a\n  - b\n- - c\n"),
        ({"summary": "a\n\nb"}, "summary: 'a\n\n\n  b'\n"),
        ({"summary": "a \nb", "t": "a\tb"}, 'summary: "a \\nb"\nt: "a\\tb"\n'),
    ],
)
def test_flat_yaml_examples(data: dict[str, Any], expected: str) -> None:
    """Plain, single-quoted (one line or several) and double-quoted scalars; block lists."""
    assert expected == flat_yaml(data)
    assert check_yaml(data)


SHARED: list[str] = ["x"]


@pytest.mark.parametrize(
    "data",
    [
        {"a": 1.5},
        {"event": {"start": "2009"}},
        {"a": SHARED, "b": SHARED},
        {"title": "😀"},
        {"title": "a\x85b"},
        {"k" * 128: 1},
        {"": 1},
        {"a\nb": 1},
        {"n": 10**20},
        {1: "a"},
    ],
)
def test_flat_yaml_leaves_the_rest_to_the_dumper(data: dict[Any, Any]) -> None:
    """Floats, mappings, aliases, rare characters, unusual keys, huge ints: None."""
    assert None is flat_yaml(data)


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_flat_yaml_on_the_corpus(path: Any) -> None:
    """Every corpus article's front matter: the direct writer agrees with both dumpers."""
    data = front_matter_data(newsdoc.parse(path.read_bytes(), source=str(path)))
    assert not data or check_yaml(data) or any(type(v) is dict for v in data.values())


# ------------------------------------------------------------------ inline content


def all_passes(content: Sequence[Inline], mode: int) -> str | None:
    """`render_inlines` with no shortcut: every pass over every item."""
    flat = _flatten(content, mode)
    if flat is None:
        return None
    items = flat[0]
    if not choose_delimiters(items) or not mark_line_edges(items) or not fix_flanking(items):
        return None
    return _emit(items, mode)


MODES = st.sampled_from([PARAGRAPH, HEADING, CELL])


@settings(max_examples=examples(6), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inlines(max_size=5) | inlines(raw=False, max_size=5), MODES)
def test_render_inlines_matches_all_passes(content: tuple[Inline, ...], mode: int) -> None:
    """Generated inline content: the shortcuts write what the full passes write."""
    assert all_passes(content, mode) == render_inlines(content, mode)


LONE = st.text(alphabet=st.sampled_from(list(" \t\n\u3000\xa0\ufeff\x0b\x01a1#>-+.=|:*_!`")))


@settings(max_examples=examples(10), deadline=None)
@given(st.builds(Text, value=texts(min_pieces=1) | LONE), MODES)
def test_lone_text_matches_all_passes(text: Text, mode: int) -> None:
    """Content that is one text (the commonest paragraph) is written as the passes do."""
    assert all_passes((text,), mode) == render_inlines((text,), mode)


# ------------------------------------------------------------------ escaping


def plain_escape_run(text: str, next_char: str, table: bool) -> str:
    """`escape_run` without the pattern's lookaheads: every candidate decided in Python."""
    ascii_punct = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
    fixed = {"`": "\\`", "[": "\\[", "]": "\\]", "\n": "&#10;", "\r": "&#13;"}

    def replace(match: re.Match[str]) -> str:
        found = match.group()
        if found in fixed:
            return fixed[found]
        start, end = match.span()
        after = text[end] if end < len(text) else next_char
        first = found[0]
        if first == "\\":
            return "\\\\" if after and after in ascii_punct + "\n\r" else "\\"
        if first == "<":
            return "\\<" if after and after in markdown_escape._TAG_START else "<"
        if first == "&":
            return "\\&" if markdown_escape._is_entity(text, start) else "&"
        if first == "!":
            return "\\!" if end == len(text) and next_char == "[" else "!"
        if first == "|":
            return "\\|" if table else "|"
        if markdown_escape._inert(text, start, end):
            return found
        return "\\" + "\\".join(found)

    return re.sub(r"[\\`\[\]<&!|\n\r]|\*+|_+|~+", replace, text)


ESCAPE_TEXT = st.text(alphabet=st.sampled_from(list("\\`[]<&!|\n\r*_~ a#;/?新，x1")), max_size=12)


@settings(max_examples=examples(20), deadline=None)
@given(
    ESCAPE_TEXT, st.sampled_from(["", "[", "&", "a", "*", " ", "\n", "!", "/", "新"]), st.booleans()
)
def test_escape_run_matches_the_plain_form(text: str, next_char: str, table: bool) -> None:
    """The pattern that skips harmless characters escapes exactly what deciding each does."""
    assert plain_escape_run(text, next_char, table) == escape_run(text, next_char, table=table)


def plain_block(url: str, image: bool) -> str:
    """`block` without its shortcut for a plain scheme."""
    if url.startswith("#blocked:"):
        return "#blocked:" + url
    probe = re.sub(r"[\x00-\x20\x7f]+", "", url)
    if re.match(r"(?:javascript|vbscript|file|data):", probe, re.IGNORECASE) and not (
        image and re.match(r"data:image/(?:gif|png|jpeg|webp);", probe, re.IGNORECASE)
    ):
        return "#blocked:" + url
    return url


SCHEMES = st.sampled_from(
    ["javascript:", "JavaScript:", "java\tscript:", " data:", "data:image/png;", "vbscript:",
     "file:", "https:", "mailto:", "jav\x00ascript:", "ｊavascript:", "", ":", "/a:",
     "#blocked:", "#blocked:javascript:"]
)  # fmt: skip
URL_TEXT = st.text(
    alphabet=st.sampled_from(list("javscriptdEFIL:/ \t\x00\x7fimage/png;é()<>&|\\\n"))
)


@settings(max_examples=examples(15), deadline=None)
@given(st.tuples(SCHEMES, URL_TEXT).map("".join), st.booleans())
def test_block_matches_the_plain_form(url: str, image: bool) -> None:
    """Blocking is decided as by the full comparison, shortcut or not."""
    assert plain_block(url, image) == block(url, image=image)


def plain_destination(url: str, table: bool) -> str:
    """`destination` without its shortcut for a URL with nothing to escape."""
    if not url:
        return "<>"
    url = url.replace("\n", "%0A").replace("\r", "%0D")
    escaped = markdown_escape._escape_in_link(url, markdown_escape._IN_DESTINATION, table=table)
    return f"<{escaped}>" if markdown_escape._NEEDS_ANGLE.search(url) else escaped


@settings(max_examples=examples(10), deadline=None)
@given(st.tuples(SCHEMES, URL_TEXT).map("".join), st.booleans())
def test_destination_matches_the_plain_form(url: str, table: bool) -> None:
    """A destination is written as by the full escaping, shortcut or not."""
    assert plain_destination(url, table) == destination(url, table=table)
