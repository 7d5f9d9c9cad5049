"""Invariants over every real post of the corpus: it keeps working and loses nothing.

For each post: lenient loading never raises and reports no ``limit`` problem (the
limits leave real posts alone); bytes and the same text decoded give the same article;
JSON and Markdown round trips are exact, and writing Markdown again gives the same
text; no visible body text is lost, neither by the reader nor by the Markdown writer
(what a CommonMark renderer shows of ``to_markdown``); strict mode either gives the
same article or raises a `ParseError` subclass that says its line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import newsdoc
from conftest import corpus_files, corpus_id, corpus_roots, posts_in
from hostile.properties import assert_json_round_trip, live_markup
from newsdoc.common.detect import detect_body_format
from newsdoc.errors import NewsdocError, ParseError
from newsdoc.parsers.decode import decode
from newsdoc.parsers.front_matter.split import split
from visible import missing_from, non_space, visible_html_text, visible_markdown_text

FILES = corpus_files()


def test_the_whole_corpus_is_checked() -> None:
    """The invariants run over every post of every corpus present, not a sample."""
    expected = sum(len(posts_in(root)) for root in corpus_roots())
    assert expected == len(FILES)
    assert len(FILES) >= 40


@pytest.mark.parametrize("path", FILES, ids=corpus_id)
def test_lenient_load_round_trips_and_keeps_every_visible_character(path: Path) -> None:
    """Loads, round-trips through JSON and Markdown, and loses no visible text."""
    data = path.read_bytes()
    article = newsdoc.load(path)
    text, _ = decode(data)
    assert article == newsdoc.parse(text, source=str(path))
    nothing: list[object] = []
    assert nothing == [p for p in article.problems if p.code == "limit"]
    assert_json_round_trip(article)

    markdown = newsdoc.to_markdown(article)
    back = newsdoc.parse(markdown)
    assert article == back
    assert markdown == newsdoc.to_markdown(back)

    body = split(text).body
    shown = (visible_html_text if detect_body_format(body) == "html" else visible_markdown_text)(
        body
    )
    assert missing_from(non_space(shown), non_space(article.text)) is None
    rendered = visible_markdown_text(newsdoc.to_markdown(article, front_matter=False))
    assert missing_from(non_space(article.text), non_space(rendered)) is None
    assert nothing == live_markup(newsdoc.to_markdown(article, front_matter=False))


@pytest.mark.parametrize("path", FILES, ids=corpus_id)
def test_strict_mode_agrees_or_says_where(path: Path) -> None:
    """Strict mode gives the lenient article, or a ParseError subclass with a line number."""
    lenient = newsdoc.load(path)
    error: NewsdocError | None = None
    try:
        strict = newsdoc.load(path, strict=True)
    except NewsdocError as exc:
        error = exc
    if error is None:
        assert lenient == strict
    else:
        expected = (True, True)
        assert expected == (isinstance(error, ParseError), getattr(error, "line", None) is not None)
