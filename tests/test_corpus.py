"""Every real post in the corpus: loads, round-trips through JSON and Markdown, loses no text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jsonschema
import pytest

import newsdoc
from conftest import corpus_dir, corpus_files, corpus_id
from newsdoc.common.detect import detect_body_format
from newsdoc.model import Paragraph, Strong, Text
from newsdoc.parsers.decode import decode
from newsdoc.parsers.front_matter.split import split
from visible import missing_from, non_space, visible_html_text, visible_markdown_text

FILES = corpus_files()
VALIDATOR = jsonschema.Draft202012Validator(newsdoc.json_schema())


def test_corpus_is_complete() -> None:
    """The corpus holds the seed and all 429 posts of its sources."""
    assert len(FILES) == 430


def test_seed_article() -> None:
    """The seed post gives the fields the library was asked for."""
    article = newsdoc.load(corpus_dir() / "seed" / "anyang-2021-11-24.md")
    assert article.title == "河南安阳召开党员干部警示教育整顿大会"
    assert article.authors == ("观察者网",)
    assert article.date == dt.datetime(2021, 11, 24, 8, 11, 59, tzinfo=dt.UTC)
    assert article.date.isoformat() == "2021-11-24T08:11:59+00:00"
    assert article.date_raw == "Wed, 24 Nov 2021 08:11:59 GMT"
    assert article.categories == (("新媒体", "观察者网", "首页"),)
    assert article.comments is False
    assert article.image == "https://picsum.photos/400/300?random=7654"
    assert article.thumbnail == "https://picsum.photos/400/300?random=7654"
    assert len(article.paragraphs) == 9
    assert len(article.blocks) == 9
    fourth = article.blocks[3]
    assert isinstance(fourth, Paragraph)
    assert len(fourth.children) == 1
    assert isinstance(fourth.children[0], Strong)
    strong_text = fourth.children[0].children[0]
    assert isinstance(strong_text, Text)
    assert strong_text.value.startswith("会议强调，要深刻反思“狗伤老人”事件")
    assert article.problems == ()


@pytest.mark.parametrize("path", FILES, ids=corpus_id)
def test_loads_and_round_trips_through_json(path: Path) -> None:
    """Lenient load never raises; JSON round trip is exact and validates against the schema."""
    article = newsdoc.load(path)
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
