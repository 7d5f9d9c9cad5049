"""parse(to_markdown(a)) == a: Markdown carries every content field back."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

import newsdoc
from conftest import examples
from newsdoc.model import Article, InlineCode, Paragraph, Text
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
