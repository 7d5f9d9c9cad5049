"""parse(to_markdown(a)) == a: Markdown carries every content field back."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import newsdoc
from conftest import examples
from newsdoc.model import Article, Emphasis, InlineCode, Link, Paragraph, Strong, Text
from nodes import P, T
from strategies import canonical_articles


@settings(max_examples=examples(3), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(canonical_articles())
def test_markdown_round_trip_of_generated_articles(article: Article) -> None:
    """Any article in the parsers' canonical form reads back equal from its Markdown."""
    assert article == newsdoc.parse(newsdoc.to_markdown(article))


@settings(max_examples=examples(2), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(canonical_articles())
def test_markdown_round_trip_is_stable(article: Article) -> None:
    """Writing the read-back article again gives the same Markdown text."""
    text = newsdoc.to_markdown(article)
    assert text == newsdoc.to_markdown(newsdoc.parse(text))


def test_body_of_html_fallback_blocks_still_reads_as_markdown() -> None:
    """Touching code spans (written as an HTML block) do not make the body read as HTML."""
    article = Article(
        blocks=(
            Paragraph(children=(InlineCode(value="the"),)),
            Paragraph(children=(Text(value="新闻"), InlineCode(value="a"), InlineCode(value="b"))),
        )
    )
    text = newsdoc.to_markdown(article)
    assert "[//]: # (markdown)" in text
    assert article == newsdoc.parse(text)


DEEPEST = [
    ("blockquotes", "<blockquote>" * 70 + "<p>x</p>"),
    ("lists", "<ul><li>" * 70 + "x"),
    ("lists in quotes", "<blockquote><ol start=3><li>" * 40 + "<p><b>x</b> <a href=u>y</a></p>"),
    ("quotes in items", "<ul><li><p>a</p><blockquote>" * 40 + "<p>x<br><br>y</p>"),
]


@pytest.mark.parametrize("html", [d[1] for d in DEEPEST], ids=[d[0] for d in DEEPEST])
def test_markdown_round_trip_of_the_deepest_models(html: str) -> None:
    """Containers as deep as a model holds (64, past which HTML is unwrapped) read back whole."""
    article = newsdoc.parse(html, body_format="html")
    again = newsdoc.parse(newsdoc.to_markdown(article))
    expected = (("depth",), article, ())
    assert expected == (tuple(p.code for p in article.problems), again, again.problems)


@pytest.mark.parametrize(
    "front_matter",
    [
        "commeNts: false\ncomments: true",
        "Title: x\ntitle: y",
        "Title: x\ntitle: y\nTItle: z\ntITLE: w",
        "author: a\nAuthors: b\nauthors: c",
        "Title:\ntitle: b",  # an empty field: its key is written too, else extra's fills it
        "Title:\ntitle:",
        "Date:\ndate: 2021-01-01",
        "Tags:\ntags: [a]",
    ],
)
def test_keys_equal_but_for_case_read_back(front_matter: str) -> None:
    """A second key equal to a field's key but for case stays in extra and travels too."""
    article = newsdoc.parse(f"---\n{front_matter}\n---\nhi")
    assert article.extra
    assert article == newsdoc.parse(newsdoc.to_markdown(article))


@pytest.mark.parametrize(
    "post",
    [
        "---\ndate: 1637741519\n---\nb\n",
        "---\nupdated: 1637741519.5\n---\nb\n",
        "---\ndate: -62135596800\n---\nb\n",
        '{"date": 1637741519}\n\nb\n',
        "+++\ndate = 1637741519\n+++\nb\n",
    ],
)
def test_unix_time_dates_read_back(post: str) -> None:
    """A date given as a Unix time is written as that number (as a string it is no date)."""
    article = newsdoc.parse(post)
    assert article.date is not None or article.updated is not None
    assert article == newsdoc.parse(newsdoc.to_markdown(article))


def test_front_matter_too_deep_to_write_is_a_schema_error() -> None:
    """An extra value nested deeper than the recursion limit is refused, not a RecursionError."""
    deep: list[object] = []
    for _ in range(5_000):
        deep = [deep]
    with pytest.raises(newsdoc.SchemaError, match="nested too deeply"):
        newsdoc.to_markdown(Article(title="x", extra={"deep": deep}))


PREFIXED = ["#blocked:javascript:alert(1)", "#blocked:#blocked:x", "#blocked:b.html", "#blocked:"]


@pytest.mark.parametrize("url", PREFIXED)
@pytest.mark.parametrize(
    "body",
    [
        '<p><a href="{url}">x</a> <img src="{url}" alt="i"></p>',
        '<table><tr><td><ul><li><a href="{url}">x</a></li></ul></td></tr></table>',
        '<iframe src="{url}"></iframe>',
    ],
    ids=["link and image", "link in an HTML table", "embed"],
)
def test_a_url_with_the_blocked_prefix_reads_back_with_it(url: str, body: str) -> None:
    """An HTML body keeps ``#blocked:`` as written, and Markdown gives it back, never live."""
    article = newsdoc.parse(body.format(url=url), body_format="html")
    urls_read = [node.url for node in _nodes_with_urls(article)]
    assert urls_read
    assert {url} == set(urls_read)
    markdown = newsdoc.to_markdown(article)
    assert "javascript:alert" not in markdown.replace("#blocked:#blocked:javascript:", "")
    assert article == newsdoc.parse(markdown)


def test_markdown_written_by_hand_reads_one_prefix_off_where_the_writer_puts_it() -> None:
    """In Markdown, ``#blocked:`` before a blocked scheme is newsdoc's escape; others stay."""
    text = "[a](#blocked:javascript:x) [b](#blocked:b.html) [c](#blocked:#blocked:x)"
    article = newsdoc.parse(text, body_format="markdown")
    expected = ["javascript:x", "#blocked:b.html", "#blocked:x"]
    assert expected == [node.url for node in _nodes_with_urls(article)]
    html = '<a href="#blocked:javascript:x">a</a> <a href="#blocked:b.html">b</a>\n\n**m**'
    raw = newsdoc.parse(html, body_format="markdown")  # raw HTML in Markdown: the same rule
    expected = ["javascript:x", "#blocked:b.html"]
    assert expected == [n.url for n in _nodes_with_urls(raw)]


def _nodes_with_urls(article: Article) -> list[Any]:
    found: list[Any] = []
    stack: list[Any] = list(article.blocks)
    while stack:
        node = stack.pop(0)
        if isinstance(getattr(node, "url", None), str):
            found.append(node)
        for name in ("children", "items", "rows", "cells"):
            stack.extend(getattr(node, name, ()) or ())
    return found


# ------------------------------------ CommonMark spec examples that differ, by cause
# (docs/inputs.md, "The CommonMark spec examples"; scripts/commonmark_spec.py measures them)


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("*(*foo*)*", "<p><em>(<em>foo</em>)</em></p>"),
        ("**foo **bar****", "<p><strong>foo <strong>bar</strong></strong></p>"),
    ],
)
def test_same_kind_formatting_nested_is_one_span(markdown: str, html: str) -> None:
    """Emphasis in emphasis (strong in strong) is one span, from Markdown and HTML alike."""
    from_markdown = newsdoc.parse(markdown, body_format="markdown").blocks
    assert from_markdown == newsdoc.parse(html, body_format="html").blocks
    (paragraph,) = from_markdown
    (span,) = paragraph.children
    assert isinstance(span, Emphasis | Strong)
    assert all(not isinstance(child, type(span)) for child in span.children)


@pytest.mark.parametrize("markdown", ["## \n#\n### ###\n", ">\n", ">\n>  \n> \n", "[]()\n"])
def test_empty_heading_quote_and_link_are_left_out(markdown: str) -> None:
    """An empty heading, quote or link shows no text: no block, as from the HTML."""
    assert newsdoc.parse(markdown, body_format="markdown").blocks == ()
    assert newsdoc.parse("<h2></h2><blockquote></blockquote><p><a href=x></a></p>").blocks == ()


def test_whitespace_is_kept_as_a_browser_shows_it() -> None:
    """A paragraph's leading tab, and a soft break after code ending in a space, collapse."""
    tab = newsdoc.parse("&#9;foo", body_format="markdown").blocks
    code = newsdoc.parse("``` ```\naaa", body_format="markdown").blocks
    assert (P("foo"),) == tab
    expected = newsdoc.parse("<p><code> </code>\naaa</p>", body_format="html").blocks
    assert expected == code
    assert newsdoc.to_markdown(Article(blocks=code), front_matter=False) == "` `aaa\n"


def test_url_is_kept_as_written_not_percent_encoded() -> None:
    """`<a href="`">` keeps the backtick; markdown-it alone writes it %60 when rendering."""
    blocks = newsdoc.parse('<a href="`">`', body_format="markdown").blocks
    assert (P(Link(url="`", children=(T("`"),))),) == blocks
