"""Feeds in: `newsdoc.read_feed` on real-world shapes of RSS, Atom and JSON Feed, broken ones too.

Each feed in ``tests/fixtures/feeds`` (where each comes from: ``SOURCES.md`` there) has the
articles it must give beside it, as ``NAME.expected.json``: one summary per item.
"""

from __future__ import annotations

import html
import json
import subprocess
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

import newsdoc
from hostile.catalogue import CASES
from hostile.properties import assert_outputs_sound
from newsdoc.errors import DateError, EncodingError, NewsdocError, ParseError
from newsdoc.parsers.feeds.detect import feed_kind

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "feeds"
FEEDS = sorted(
    p
    for p in FIXTURES.rglob("*")
    if p.suffix in (".xml", ".json") and not p.name.endswith(".expected.json")
    and p.with_suffix(".expected.json").exists()
)  # fmt: skip


def summary(article: newsdoc.Article) -> dict[str, Any]:
    """What a test compares of an article: every field a feed fills, the text, problem codes."""
    return {
        "title": article.title,
        "date": article.date.isoformat() if article.date else None,
        "date_raw": article.date_raw,
        "updated": article.updated.isoformat() if article.updated else None,
        "permalink": article.permalink,
        "authors": list(article.authors),
        "categories": [list(path) for path in article.categories],
        "tags": list(article.tags),
        "image": article.image,
        "thumbnail": article.thumbnail,
        "summary": article.summary,
        "lang": article.lang,
        "extra": dict(article.extra),
        "text": article.text,
        "problems": [p.code for p in article.problems],
    }


def test_fixtures_are_found() -> None:
    """The fixture folder holds the feeds the tests below read."""
    assert len(FEEDS) >= 10


@pytest.mark.parametrize("path", FEEDS, ids=[p.stem for p in FEEDS])
def test_feed_gives_the_expected_articles(path: Path) -> None:
    """Each fixture feed reads as the articles written beside it."""
    expected = json.loads(path.with_suffix(".expected.json").read_text("utf-8"))
    assert expected == [summary(a) for a in newsdoc.read_feed(path)]


@pytest.mark.parametrize("path", FEEDS, ids=[p.stem for p in FEEDS])
def test_feed_articles_write_back_soundly(path: Path) -> None:
    """Every article of a feed writes as JSON and Markdown that read back equal, inert."""
    for article in newsdoc.read_feed(path):
        assert_outputs_sound(article)


def test_the_body_reaches_the_html_reader_whole() -> None:
    """Sanitizing is off: content:encoded is preferred, scripts are dropped by newsdoc itself."""
    feed = (
        (FIXTURES / "rsshub-zh.xml")
        .read_bytes()
        .replace(
            b"<description><![CDATA[<p>\xe6\x9b\xb4",
            b"<description><![CDATA[<p onclick=x>\xe6\x9b\xb4",
        )
    )
    second = list(newsdoc.read_feed(feed, keep_body=True))[1]
    assert second.origin is not None
    assert "<p onclick=x>更新了第 1 集。</p>" in (second.origin.body or "")
    assert "onclick" not in newsdoc.to_markdown(newsdoc.Article(blocks=second.blocks))


def test_date_raw_is_the_text_the_feed_wrote() -> None:
    """pubDate is kept exactly; the date is read by newsdoc's own date reader."""
    first = next(newsdoc.read_feed(FIXTURES / "rsshub-zh.xml"))
    assert (
        first.date_raw,
        first.date.isoformat(),
    ) == ("Wed, 24 Nov 2021 08:11:59 GMT", "2021-11-24T08:11:59+00:00")


def test_a_feed_item_writes_as_a_hexo_post_like_the_seed() -> None:
    """to_markdown writes title, author, date as the feed wrote them; the body as given."""
    first = next(newsdoc.read_feed(FIXTURES / "rsshub-zh.xml", keep_body=True))
    post = newsdoc.to_markdown(first)
    head = post.split("---\n")[1]
    assert [line.split(":")[0] for line in head.splitlines() if not line.startswith(" ")] == [
        "title", "author", "date", "link", "lang", "guid", "feed",
    ]  # fmt: skip
    assert "date: Wed, 24 Nov 2021 08:11:59 GMT\n" in head
    assert "<strong>“要把群众的小事当成天大的事来办”</strong>" in post
    assert first == newsdoc.parse(post)


def test_problems_name_the_item() -> None:
    """An unreadable date is a problem of its item, saying which item."""
    third = list(newsdoc.read_feed(FIXTURES / "rsshub-zh.xml"))[2]
    assert [(p.code, p.message.startswith("item 3: ")) for p in third.problems] == [("date", True)]


@pytest.mark.parametrize(
    ("name", "error", "code"),
    [
        ("malformed/unclosed-tags.xml", ParseError, "feed"),
        ("malformed/html-entities.xml", ParseError, "feed"),
        ("malformed/billion-laughs.xml", ParseError, "feed"),
        ("malformed/wrong-encoding-declared.xml", EncodingError, "encoding"),
        ("rsshub-zh.xml", DateError, "date"),
    ],
)
def test_strict_mode_raises_what_lenient_mode_records(
    name: str, error: type[ParseError], code: str
) -> None:
    """In strict mode a malformed feed or item raises its ParseError, with its code."""
    with pytest.raises(error) as caught:
        list(newsdoc.read_feed(FIXTURES / name, strict=True))
    assert code == caught.value.code


@pytest.mark.parametrize("strict", [False, True])
def test_a_feed_with_nothing_readable_is_an_error_in_both_modes(strict: bool) -> None:
    """A truncated feed with no item is refused, saying where the XML broke."""
    with pytest.raises(ParseError) as caught:
        newsdoc.read_feed(FIXTURES / "malformed" / "not-a-feed.xml", strict=strict)
    assert (caught.value.code, caught.value.line) == ("feed", 2)


def test_a_post_is_not_a_feed() -> None:
    """read_feed refuses a post, at the call."""
    with pytest.raises(ParseError, match="not a feed"):
        newsdoc.read_feed(b"---\ntitle: a post\n---\n<p>hi</p>")


def test_billion_laughs_stays_small() -> None:
    """The entity bomb is not expanded: little memory, the entity reference kept as text."""
    bomb = (FIXTURES / "malformed" / "billion-laughs.xml").read_bytes()
    tracemalloc.start()
    try:
        articles = list(newsdoc.read_feed(bomb))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (len(articles), peak < 20_000_000) == (1, True)
    assert len(articles[0].title or "") < 100


def test_quadratic_blowup_stays_small() -> None:
    """One 100 kB entity used 10,000 times (no nesting) is not expanded to a gigabyte."""
    entity = "a" * 100_000
    uses = "&big;" * 10_000
    feed = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY big "{entity}">]><rss version="2.0">'
            f"<channel><item><title>{uses}</title></item></channel></rss>")  # fmt: skip
    tracemalloc.start()
    try:
        articles = list(newsdoc.read_feed(feed.encode()))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 100_000_000
    assert len(articles[0].title or "") < 1_000_000


def test_external_entities_are_never_read(tmp_path: Path) -> None:
    """A SYSTEM entity naming a local file does not bring the file's content in."""
    secret = tmp_path / "secret.txt"
    secret.write_text("NEWSDOC-SECRET-7f3a9c", encoding="utf-8")
    feed = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
            '<rss version="2.0"><channel><item><title>t &x;</title>'
            "<description>&x;</description></item></channel></rss>")  # fmt: skip
    for article in newsdoc.read_feed(feed.encode()):
        assert "NEWSDOC-SECRET" not in json.dumps(newsdoc.to_dict(article), ensure_ascii=False)


def test_a_character_reference_past_unicode_is_a_problem() -> None:
    """&#x...; beyond U+10FFFF in a broken feed (feedparser's loose parser fails on it) is read
    as U+FFFD with a problem; in strict mode a ParseError (found by fuzzing)."""
    feed = b'<rss version="2.0"><channel><item><title>a &#xD801e9990; b</title></item></rss>'
    article = next(newsdoc.read_feed(feed))
    assert (article.title, "feed" in [p.code for p in article.problems]) == ("a \ufffd b", True)
    with pytest.raises(ParseError, match="beyond U\\+10FFFF"):
        newsdoc.read_feed(feed, strict=True)


def test_a_string_that_looks_like_a_url_is_never_fetched() -> None:
    """Bytes are the feed itself: feedparser is given a stream, never a name to open or fetch."""
    with pytest.raises(ParseError, match="not a feed"):
        newsdoc.read_feed(b"https://example.invalid/feed.xml")


@pytest.mark.parametrize("case", [c for c in CASES if c.budget is None or c.budget < 20],
                         ids=lambda c: c.id)  # fmt: skip
def test_hostile_bodies_in_a_feed(case: Any, tmp_path: Path) -> None:
    """Each hostile post of the catalogue, as an item's description: articles or a newsdoc error."""
    data = case.make(tmp_path)
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    text = text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates cannot be XML
    feed = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>h</title>'
            f"<item><title>{case.id}</title><description>{html.escape(text)}</description>"
            "</item></channel></rss>")  # fmt: skip
    try:
        articles = list(newsdoc.read_feed(feed.encode("utf-8", "surrogatepass")))
    except NewsdocError:
        return
    assert [case.id] == [a.title for a in articles]


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b'<?xml version="1.0"?>\n<!-- hi --><rss version="2.0"><channel/></rss>', "rss"),
        ('\ufeff<feed xmlns="http://www.w3.org/2005/Atom"/>'.encode(), "atom"),
        ('<feed xmlns="http://www.w3.org/2005/Atom"/>'.encode("utf-16"), "atom"),
        (b'<?xml version="1.0"?><!DOCTYPE rdf:RDF [<!ENTITY a "b">]><rdf:RDF/>', "rdf"),
        (b'<atom:feed xmlns:atom="http://www.w3.org/2005/Atom"/>', "atom"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": []}', "jsonfeed"),
        (b'{"title": "x"}\nbody mentioning jsonfeed.org/version', None),
        (b"---\ntitle: x\n---\n<rss>", None),
        (b"<p>a post</p>", None),
        (b"<html><body>rss</body></html>", None),
        (b" " * 10_000 + b"<rss>", None),
    ],
)
def test_a_feed_is_told_by_its_content(data: bytes, kind: str | None) -> None:
    """The root element (or a JSON Feed version) says whether an input is a feed."""
    assert kind == feed_kind(data)


_WITHOUT_FEEDPARSER = """
import sys
sys.modules["feedparser"] = None  # what an uninstalled package looks like to import
import newsdoc
feed = b'<rss version="2.0"><channel><item><title>t</title></item></channel></rss>'
try:
    newsdoc.read_feed(feed)
except newsdoc.MissingDependencyError as error:
    print(error)
json_feed = b'{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1", "title": "j"}]}'
print([a.title for a in newsdoc.read_feed(json_feed)])
"""


def test_without_feedparser_rss_says_what_to_install() -> None:
    """With feedparser absent, RSS raises MissingDependencyError; JSON Feed needs nothing."""
    run = subprocess.run([sys.executable, "-c", _WITHOUT_FEEDPARSER], capture_output=True,
                         text=True, timeout=60, check=True)  # fmt: skip
    assert run.stdout == "this needs feedparser: pip install \"newsdoc[feeds]\"\n['j']\n"


def test_import_newsdoc_does_not_import_feedparser() -> None:
    """feedparser is imported at the first RSS or Atom feed, not by `import newsdoc`."""
    code = "import sys, newsdoc; newsdoc.read_feed; print('feedparser' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, check=True)  # fmt: skip
    assert run.stdout == "False\n"
