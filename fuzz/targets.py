"""What the fuzzer feeds newsdoc, and what it checks.

Three targets, each a Hypothesis property over generated input:

- ``parse``: a real post from the corpus (or a synthetic one) mutated by up to eight
  edits (snippets of markup, controls, surrogates, front-matter fences inserted; ranges
  deleted, doubled or cut), given as ``str`` or as bytes (UTF-8, GB18030, UTF-16 with a
  BOM, or UTF-8 with bytes flipped), read with each body format, lenient and strict.
  Only newsdoc errors may come out (strict: a `ParseError` with a line); the lenient
  article must round-trip through JSON and Markdown and its Markdown hold no live markup.
- ``json-model``: any generated article (`strategies.articles`) through JSON.  (Markdown
  round trips are checked on what ``parse`` gives: generated "canonical" articles may
  hold what no parser makes, and ``tests/test_markdown_roundtrip.py`` covers them.)
- ``json``: a corpus article's JSON, mutated, read by `from_json`: a `SchemaError` (or
  an article) and nothing else.
- ``feed``: a feed (RSS, Atom or JSON Feed of corpus posts, or a fixture of
  ``tests/fixtures/feeds``) mutated with feed snippets as well, read by `newsdoc.read_feed`
  lenient and strict: only newsdoc errors, each lenient article's outputs sound, no hang.

A failure is recorded in `Failure` (the input of the last failing call: after
shrinking, the minimal one) so that the runner can save it as a crasher.
"""

from __future__ import annotations

import codecs
import os
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
from hypothesis import strategies as st

import newsdoc
from hostile.properties import (
    assert_json_round_trip,
    assert_outputs_sound,
    parse_only_newsdoc_errors,
)
from newsdoc.errors import NewsdocError, SchemaError
from newsdoc.model import Article

ROOT = Path(__file__).resolve().parents[1]
SLOW_SECONDS = 10.0
"A parse slower than this on a mutated post (at most a few MB) counts as a hang."

_SNIPPETS = (
    "<p>", "</p>", "<div>", "</div>", "<blockquote>", "<b>", "</i>", "<a href=x>", "</a>",
    "<br>", "<br><br>", "<!--more-->", "<!--", "-->", "<script>", "</script>", "<style>",
    "<pre>", "<table><tr><td>", "<li>", "<ul>", "<img src=x alt=y>", "<iframe src=y>",
    "javascript:alert(1)", "<![CDATA[", "<?xml ?>", "<!DOCTYPE x [<!ENTITY e 'v'>]>", "&e;",
    "&#1;", "&#x1b;", "&#xD800;", "&#0;", "&amp;", "&nbsp;", "&#123;", "&", "<", ">",
    "**", "*", "_", "__", "~~", "`", "```", "~~~", "[", "]", "](", ")", "![", "[x]: y",
    "\\", "> ", "- ", "* ", "1. ", "# ", "######", "---", "***", "|", "| - |", "\n", "\n\n",
    "\r", "\r\n", "\t", "    ", "\x00", "\x1b", "\x7f", "\ufeff", "\u00a0", "\u3000",
    "\u200b", "\ud800", "\udfff", "中文", "。", "“", "{{site.baseurl}}", "{% raw %}",
    "---\n", "+++\n", ";;;\n", "{", "}", '"', "'", ": ", "title: ", "date: ", "&a ", "*a",
    "<<: *a", "!!python/object/apply:os.system ['x']", "!!binary", "? ", "[[a]]", "a.b.c = 1",
    "0x" + "f" * 40, "1e999", "Invalid Date", "2016-06-31", "Wed, 24 Nov 2021 08:11:59 GMT",
)  # fmt: skip


def corpus_texts() -> list[str]:
    """Every post of $NEWSDOC_CORPUS, else ../shared/corpus, else tests/corpus, decoded, sorted."""
    named = os.environ.get("NEWSDOC_CORPUS")
    root = Path(named) if named else ROOT.parent / "shared" / "corpus"
    if not named and not root.is_dir():
        root = ROOT / "tests" / "corpus"
    paths = sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and p.parent != root and p.suffix in {".md", ".html", ".markdown"}
    )
    if not paths:
        raise SystemExit(f"fuzz: no corpus under {root} (set NEWSDOC_CORPUS)")
    return [p.read_bytes().decode("utf-8", "replace") for p in paths]


@attrs.define
class Failure:
    """The last input that broke a property, with what broke."""

    target: str
    data: dict[str, Any]
    error: str


@attrs.define
class Stats:
    """How much fuzzing was done."""

    execs: dict[str, int] = attrs.field(factory=dict)
    failure: Failure | None = None

    def count(self, target: str) -> None:
        self.execs[target] = self.execs.get(target, 0) + 1


STATS = Stats()


def _record(target: str, data: dict[str, Any], check: Callable[[], None]) -> None:
    STATS.count(target)
    try:
        check()
    except BaseException as exc:  # anything at all: the fuzzer's whole point
        STATS.failure = Failure(target=target, data=data, error=traceback.format_exc())
        raise AssertionError(f"{target}: {type(exc).__name__}: {exc}") from exc


# ---------------------------------------------------------------- inputs


@st.composite
def _edits(draw: st.DrawFn, text: str, snippets: tuple[str, ...] = _SNIPPETS) -> str:
    for _ in range(draw(st.integers(0, 8))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "insert", "insert", "delete", "double", "cut"]))
        if kind == "insert":
            snippet = draw(st.sampled_from(snippets) | st.text(max_size=4))
            text = text[:at] + snippet * draw(st.sampled_from([1, 1, 2, 3, 50])) + text[at:]
        else:
            end = min(len(text), at + draw(st.integers(1, 200)))
            if kind == "delete":
                text = text[:at] + text[end:]
            elif kind == "double":
                text = text[:end] + text[at:]
            else:
                text = text[:at]
    return text


def _synthetic() -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(_SNIPPETS) | st.text(max_size=6), max_size=40).map("".join)


def posts(corpus: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    """A mutated post with how to read it: ``text`` (str) or ``bytes`` (latin-1 text)."""

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        base = draw(st.sampled_from(corpus) | _synthetic())
        text = draw(_edits(base))
        form = draw(st.sampled_from(["str", "str", "utf-8", "gb18030", "utf-16", "noise"]))
        case: dict[str, Any] = {
            "kind": "str",
            "text": text,
            "body_format": draw(st.sampled_from(["auto", "html", "markdown"])),
        }
        if form != "str":
            raw = _encode(text, form, draw(st.lists(st.integers(0, 255), max_size=6)))
            case.update(kind="bytes", text=raw.decode("latin-1"))
        return case

    return build()


def _encode(text: str, form: str, noise: list[int]) -> bytes:
    if form == "utf-16":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le", "surrogatepass")
    if form == "gb18030":
        data = bytearray(text.encode("gb18030", "replace"))
    else:
        data = bytearray(text.encode("utf-8", "surrogatepass"))
    for index, byte in enumerate(noise):  # flip a few bytes spread over the text
        if data:
            data[(index * 7919 + byte * 104729) % len(data)] = byte
    return bytes(data)


def case_input(case: dict[str, Any]) -> str | bytes:
    """The input a saved case describes."""
    text: str = case["text"]
    return text if case["kind"] == "str" else text.encode("latin-1")


# ---------------------------------------------------------------- properties


def check_parse(case: dict[str, Any]) -> None:
    """Only newsdoc errors come out; the lenient article's outputs are sound; no hang."""

    def check() -> None:
        data = case_input(case)
        for strict in (False, True):
            start = time.perf_counter()
            article = parse_only_newsdoc_errors(
                data, body_format=case["body_format"], strict=strict
            )
            elapsed = time.perf_counter() - start
            assert elapsed < SLOW_SECONDS, f"parse took {elapsed:.1f} s"
            if article is not None and not strict:
                assert_outputs_sound(article)

    _record("parse", case, check)


def check_model(article: Article) -> None:
    """Any article survives JSON."""
    _record(
        "json-model", {"json": newsdoc.to_json(article)}, lambda: assert_json_round_trip(article)
    )


def check_json_reader(text: str) -> None:
    """Mutated JSON gives a SchemaError or an article, nothing else."""

    def check() -> None:
        try:
            newsdoc.from_json(text)
        except SchemaError:
            pass
        except NewsdocError as exc:
            raise AssertionError(f"from_json raised {exc!r}, not a SchemaError") from exc

    _record("json", {"text": text}, check)


def json_texts(corpus: list[str]) -> st.SearchStrategy[str]:
    """JSON of corpus articles, mutated."""
    documents = [newsdoc.to_json(newsdoc.parse(text)) for text in corpus[::10]]
    snippets = st.sampled_from(['"', "{", "}", "[", "]", ",", ":", "null", "1e999", '"type"'])

    @st.composite
    def build(draw: st.DrawFn) -> str:
        text = draw(st.sampled_from(documents))
        for _ in range(draw(st.integers(1, 6))):
            at = draw(st.integers(0, len(text)))
            if draw(st.booleans()):
                text = text[:at] + draw(snippets | st.text(max_size=3)) + text[at:]
            else:
                text = text[:at] + text[at + draw(st.integers(1, 30)) :]
        return text

    return build()


# ---------------------------------------------------------------- feeds

_FEED_SNIPPETS = (
    *_SNIPPETS, "<item>", "</item>", "<entry>", "</entry>", "]]>", "<title>", "</title>",
    "<pubDate>", "</pubDate>", "<description>", "</description>", "<content:encoded>", "&#x110000;",
    "&#99999999999;", '<!DOCTYPE rss [<!ENTITY a "b">]>', "&a;", '<?xml version="1.0" '
    'encoding="utf-16"?>', 'encoding="bogus"', '<content type="xhtml">', 'xml:base="x:y"',
    '<media:thumbnail url="x"/>', '<link rel="enclosure" type="image/png"/>', '"items": [',
    '"version": "https://jsonfeed.org/version/1.1"', '"date_published": 5', '"tags": "x"',
    '"authors": [null]', "null", "[1]",
)  # fmt: skip


def feed_texts(corpus: list[str]) -> st.SearchStrategy[str]:
    """Feeds of corpus posts in each format, and the fixture feeds, mutated."""
    import io

    articles = [newsdoc.parse(text) for text in corpus[::20]]
    documents = []
    for fmt in ("rss", "atom", "jsonfeed"):
        out = io.BytesIO()
        newsdoc.write_feed(articles, out, format=fmt, title="t", link="https://t.example/")  # type: ignore[arg-type]
        documents.append(out.getvalue().decode("utf-8"))
    fixtures = ROOT / "tests" / "fixtures" / "feeds"
    for path in sorted(fixtures.rglob("*")):
        if path.suffix in (".xml", ".json") and not path.name.endswith(".expected.json"):
            documents.append(path.read_bytes().decode("latin-1"))
    return st.sampled_from(documents).flatmap(lambda text: _edits(text, _FEED_SNIPPETS))


def check_feed(text: str) -> None:
    """Only newsdoc errors come out of read_feed; each lenient article's outputs are sound."""

    def check() -> None:
        data = text.encode("utf-8", "surrogatepass")
        for strict in (False, True):
            start = time.perf_counter()
            try:
                articles = list(newsdoc.read_feed(data, strict=strict))
            except NewsdocError:
                articles = []
            elapsed = time.perf_counter() - start
            assert elapsed < SLOW_SECONDS, f"read_feed took {elapsed:.1f} s"
            if not strict:
                for article in articles:
                    assert_outputs_sound(article)

    _record("feed", {"kind": "feed", "text": text}, check)
