"""Every real post in the corpus: loads, round-trips through JSON and Markdown, loses no text."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import newsdoc
from conftest import IN_REPO_CORPUS, SEED, corpus_files, corpus_id, posts_in, shared_corpus_dir
from newsdoc.common.detect import detect_body_format
from newsdoc.model import Paragraph, Strong, Text
from newsdoc.parsers.decode import decode
from newsdoc.parsers.front_matter.split import split
from visible import missing_from, non_space, visible_html_text, visible_markdown_text

FILES = corpus_files()
SOURCES = IN_REPO_CORPUS / "SOURCES.md"
VALIDATOR = jsonschema.Draft202012Validator(newsdoc.json_schema())


def test_in_repo_corpus_is_listed_in_sources() -> None:
    """Every post of tests/corpus, and no other file, is named in its SOURCES.md."""
    listed = set(re.findall(r"^\| `([^`]+\.(?:md|html))` \|", SOURCES.read_text("utf-8"), re.M))
    found = {p.relative_to(IN_REPO_CORPUS).as_posix() for p in posts_in(IN_REPO_CORPUS)}
    assert (found, len(found)) == (listed, 40)


def test_shared_corpus_is_complete() -> None:
    """The shared corpus, where present, holds the seed and all 429 posts of its sources."""
    shared = shared_corpus_dir()
    if shared is None:
        pytest.skip("no shared corpus (../shared/corpus or $NEWSDOC_CORPUS)")
    assert len(posts_in(shared)) == 430


def _check_seed(article: newsdoc.Article, expected: dict[str, Any]) -> None:
    assert article.title == expected["title"]
    assert article.authors == (expected["author"],)
    assert article.date == dt.datetime(2021, 11, 24, 8, 11, 59, tzinfo=dt.UTC)
    assert article.date.isoformat() == "2021-11-24T08:11:59+00:00"
    assert article.date_raw == "Wed, 24 Nov 2021 08:11:59 GMT"
    assert article.categories == (("新媒体", expected["author"], "首页"),)
    assert article.comments is False
    assert article.image == expected["image"]
    assert article.thumbnail == expected["image"]
    assert len(article.paragraphs) == 9
    assert len(article.blocks) == 9
    fourth = article.blocks[3]
    assert isinstance(fourth, Paragraph)
    assert len(fourth.children) == 1
    assert isinstance(fourth.children[0], Strong)
    strong_text = fourth.children[0].children[0]
    assert isinstance(strong_text, Text)
    assert strong_text.value.startswith(expected["strong"])
    assert article.problems == ()


def test_seed_article() -> None:
    """The in-repository stand-in for the seed post gives the fields the library was asked for."""
    expected = {
        "title": "示例市召开干部作风整顿大会",
        "author": "示例日报",
        "image": "https://picsum.photos/400/300?random=1234",
        "strong": "会议强调，要深刻反思“窗口推诿”事件",
    }
    _check_seed(newsdoc.load(SEED), expected)


def test_shared_seed_article() -> None:
    """The seed post of the shared corpus, where present: the example the library was asked for."""
    shared = shared_corpus_dir()
    if shared is None:
        pytest.skip("no shared corpus (../shared/corpus or $NEWSDOC_CORPUS)")
    expected = {
        "title": "河南安阳召开党员干部警示教育整顿大会",
        "author": "观察者网",
        "image": "https://picsum.photos/400/300?random=7654",
        "strong": "会议强调，要深刻反思“狗伤老人”事件",
    }
    _check_seed(newsdoc.load(shared / "seed" / "anyang-2021-11-24.md"), expected)


@pytest.mark.parametrize("path", FILES, ids=corpus_id)
def test_loads_and_round_trips_through_json(path: Path) -> None:
    """Lenient load never raises; JSON round trip is exact and validates against the schema.

    The repr stays one short line, however long the post.
    """
    article = newsdoc.load(path)
    assert len(repr(article)) < 1000
    data = newsdoc.to_dict(article)
    VALIDATOR.validate(data)
    back = newsdoc.from_json(newsdoc.to_json(article))
    assert article == back
    assert article.problems == back.problems
    assert article.source == back.source


@pytest.mark.parametrize("path", FILES, ids=corpus_id)
def test_no_body_text_is_lost(path: Path) -> None:
    """Every visible character of the body appears, in order, in the article's text."""
    text, _ = decode(path.read_bytes())
    body = split(text).body
    article = newsdoc.parse(text)
    if detect_body_format(body) == "html":
        visible = visible_html_text(body)
    else:
        visible = visible_markdown_text(body)
    assert missing_from(non_space(visible), non_space(article.text)) is None


@pytest.mark.parametrize("path", FILES, ids=corpus_id)
def test_round_trips_through_markdown(path: Path) -> None:
    """parse(to_markdown(load(f))) == load(f) for every content field."""
    article = newsdoc.load(path)
    assert article == newsdoc.parse(newsdoc.to_markdown(article))
