"""Feeds out: `newsdoc.write_feed`, read back by real readers (feedparser, `json`, newsdoc)."""

from __future__ import annotations

import calendar
import html
import json
import os
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest

import newsdoc
from conftest import corpus_files
from newsdoc.errors import OptionError, WriteError
from newsdoc.model import Article, Link, Paragraph, Text

FORMATS = ("rss", "atom", "jsonfeed")
TITLE, LINK = "Corpus", "https://corpus.example/"


@pytest.fixture(scope="module")
def corpus() -> list[Article]:
    """Every corpus post that has a title (a feed item is known by it), each once (the
    in-repository sample is also in the shared corpus)."""
    found = {}
    for a in newsdoc.iter_load(corpus_files(), on_error="skip"):
        if a.title:
            found.setdefault((a.title, a.date, a.permalink), a)
    return list(found.values())


def _stamp(article: Article) -> int | None:
    return calendar.timegm(article.date.utctimetuple()) if article.date else None


@pytest.mark.parametrize("fmt", FORMATS)
def test_real_readers_read_every_item_back(fmt: str, corpus: list[Article], tmp_path: Path) -> None:
    """feedparser (json for JSON Feed) reads each post back: same title and date, no bozo."""
    path = tmp_path / f"feed.{fmt}"
    assert len(corpus) == newsdoc.write_feed(corpus, path, format=fmt, title=TITLE, link=LINK)
    expected = [((a.title or "").strip(), _stamp(a)) for a in corpus]
    if fmt == "jsonfeed":
        items = json.loads(path.read_text("utf-8"))["items"]
        dates = [newsdoc.parse(f"---\ndate: {i['date_published']}\n---\n").date
                 if "date_published" in i else None for i in items]  # fmt: skip
        actual = [(i["title"].strip(), calendar.timegm(d.utctimetuple()) if d else None)
                  for i, d in zip(items, dates, strict=True)]  # fmt: skip
    else:
        parsed = feedparser.parse(path.read_bytes())
        assert (bool(parsed.bozo), parsed.get("bozo_exception")) == (False, None)
        titles = [
            html.unescape(e.title) if e.title_detail.type == "text/html" else e.title
            for e in parsed.entries
        ]
        stamps = [dict.get(e, "published_parsed") for e in parsed.entries]
        actual = [
            (t, calendar.timegm(p) if p else None) for t, p in zip(titles, stamps, strict=True)
        ]
    assert expected == actual


@pytest.mark.parametrize("fmt", FORMATS)
def test_newsdoc_reads_its_feeds_back(fmt: str, corpus: list[Article], tmp_path: Path) -> None:
    """read_feed gives back each post's title (XML readers trim it), date, authors and text."""
    path = tmp_path / f"feed.{fmt}"
    newsdoc.write_feed(corpus, path, format=fmt, title=TITLE, link=LINK)
    back = list(newsdoc.read_feed(path))
    assert [((a.title or "").strip(), a.date, a.authors) for a in corpus] == [
        ((b.title or "").strip(), b.date, b.authors) for b in back
    ]
    assert [b.problems for b in back if b.problems] == []
    same_text = sum(a.text.split() == b.text.split() for a, b in zip(corpus, back, strict=True))
    assert same_text >= 0.9 * len(corpus)


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_item_has_one_id(fmt: str, corpus: list[Article], tmp_path: Path) -> None:
    """Every item carries exactly one guid/id, distinct from the others'."""
    path = tmp_path / f"feed.{fmt}"
    newsdoc.write_feed(corpus, path, format=fmt, title=TITLE, link=LINK)
    if fmt == "jsonfeed":
        ids = [item["id"] for item in json.loads(path.read_text("utf-8"))["items"]]
    else:
        from lxml import etree

        root = etree.parse(str(path)).getroot()
        tag = "guid" if fmt == "rss" else "{http://www.w3.org/2005/Atom}id"
        parent = "item" if fmt == "rss" else "{http://www.w3.org/2005/Atom}entry"
        assert all(len(item.findall(tag)) == 1 for item in root.iter(parent))
        ids = [item.findtext(tag) for item in root.iter(parent)]
    assert len(corpus) == len(set(ids))


def test_a_read_feed_written_again_keeps_guids_and_dates() -> None:
    """A feed read and written again keeps each guid, date and link."""
    fixture = Path(__file__).parent / "fixtures" / "feeds" / "rsshub-zh.xml"
    articles = list(newsdoc.read_feed(fixture))
    again = list(newsdoc.read_feed(_written(articles, "rss")))
    assert [(a.extra.get("guid"), a.date, a.permalink) for a in articles] == [
        (b.extra.get("guid"), b.date, b.permalink) for b in again
    ]
    assert again[0].date_raw == "Wed, 24 Nov 2021 08:11:59 GMT"


def _written(articles: list[Article], fmt: str) -> bytes:
    import io

    out = io.BytesIO()
    newsdoc.write_feed(articles, out, format=fmt, title="t", link="https://x.example/")
    return out.getvalue()


@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_text_is_escaped_and_unsafe_urls_dropped(fmt: str) -> None:
    """Markup in a title, control characters and a javascript: link come out inert and valid."""
    article = Article(
        title="<script>alert(1)</script> & \x01 \ud800",
        blocks=[Paragraph(children=[Link(url="javascript:alert(1)", children=[Text(value="x")])])],
        tags=["a]]>b"],
    )
    data = _written([article], fmt)
    assert b"javascript:" not in data
    back = next(newsdoc.read_feed(data))
    assert (back.title, back.text) == ("<script>alert(1)</script> & \ufffd \ufffd", "x")
    if fmt != "jsonfeed":
        assert not feedparser.parse(data).bozo


def test_an_interrupted_write_leaves_no_file(tmp_path: Path) -> None:
    """An error while the articles stream in leaves no feed behind, not half a one."""

    def articles() -> Iterator[Article]:
        yield Article(title="one")
        raise newsdoc.ReadError("posts: cannot read: gone")

    path = tmp_path / "feed.xml"
    with pytest.raises(newsdoc.ReadError):
        newsdoc.write_feed(articles(), path, title="t", link="https://x.example/")
    assert os.listdir(tmp_path) == []


def test_an_unwritable_path_is_a_write_error(tmp_path: Path) -> None:
    """A folder that does not exist gives a WriteError naming the path."""
    with pytest.raises(WriteError, match="missing"):
        newsdoc.write_feed([], tmp_path / "missing" / "feed.xml", title="t", link="l")


def test_an_unknown_format_is_refused() -> None:
    """format is one of rss, atom, jsonfeed."""
    with pytest.raises(OptionError, match="format must be"):
        newsdoc.write_feed([], "x.xml", format="xml", title="t", link="l")  # type: ignore[arg-type]


def test_an_empty_feed_is_still_a_feed() -> None:
    """No articles: a channel without items, which feedparser reads without complaint."""
    for fmt in ("rss", "atom"):
        parsed = feedparser.parse(_written([], fmt))
        assert (len(parsed.entries), parsed.feed.title, bool(parsed.bozo)) == (0, "t", False)
    assert json.loads(_written([], "jsonfeed"))["items"] == []
