"""Feeds through the command and the pipelines: feed -> Hexo posts -> feed, read by real readers.

The RSS 2.0 feed of corpus posts is built here with lxml, independently of newsdoc's writer:
each item holds the post's title, its date as the post wrote it when that is an RFC 822 date
(else the date in RFC 822), and its HTML body exactly as written.
"""

from __future__ import annotations

import calendar
import email.utils
import html
import json
import re
from pathlib import Path

import feedparser
import pytest
from lxml import etree

import newsdoc
from conftest import corpus_files, shared_corpus_dir
from newsdoc.cli.app import main
from visible import missing_from, non_space, visible_html_text

_RFC822 = re.compile(
    r"^[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d(:\d\d)? (GMT|[+-]\d{4})$"
)


def _html_posts() -> list[newsdoc.Article]:
    """The corpus posts with an HTML body, a title and a date, each once."""
    found = {}
    for path in corpus_files():
        article = newsdoc.load(path, keep_body=True)
        body = article.origin.body if article.origin is not None else None
        if article.title and article.date and body and body.lstrip().startswith("<"):
            found.setdefault((article.title, article.date), article)
    return list(found.values())


@pytest.fixture(scope="module")
def posts() -> list[newsdoc.Article]:
    return _html_posts()


def _pub_date(article: newsdoc.Article) -> str:
    raw = (article.date_raw or "").strip()
    if _RFC822.match(raw):
        return raw
    assert article.date is not None
    return email.utils.format_datetime(article.date)


def _rss(articles: list[newsdoc.Article]) -> bytes:
    rss = etree.Element("rss", version="2.0")
    channel = etree.SubElement(rss, "channel")
    etree.SubElement(channel, "title").text = "示例日报 - 首页"
    etree.SubElement(channel, "link").text = "https://news.example.cn/"
    etree.SubElement(channel, "description").text = "corpus"
    for n, article in enumerate(articles):
        item = etree.SubElement(channel, "item")
        title = article.title or ""
        etree.SubElement(item, "title").text = html.escape(title, quote=False)  # RSSHub escapes
        etree.SubElement(item, "pubDate").text = _pub_date(article)
        etree.SubElement(item, "guid", isPermaLink="false").text = f"urn:corpus:{n}"
        assert article.origin is not None
        etree.SubElement(item, "description").text = etree.CDATA(article.origin.body or "")
    return etree.tostring(rss, xml_declaration=True, encoding="utf-8")


def _stamp(date: object) -> int:
    assert date is not None
    return calendar.timegm(date.utctimetuple())  # type: ignore[attr-defined]


def test_a_feed_becomes_hexo_posts_and_the_posts_a_feed_again(
    posts: list[newsdoc.Article], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """RSS of corpus posts -> --to markdown -> every post keeps title, date, visible text;
    the folder -> --to rss|atom|jsonfeed -> feedparser / json read every item back."""
    assert len(posts) >= (50 if shared_corpus_dir() else 10)  # 225 with the shared corpus
    feed = tmp_path / "feed.xml"
    feed.write_bytes(_rss(posts))
    assert main(["convert", str(feed), "--to", "markdown", "-o", str(tmp_path / "site"), "-q"]) == 0
    written = sorted((tmp_path / "site" / "feed").glob("*.md"))
    assert len(posts) == len(written)
    back = {}
    for path in written:
        post = newsdoc.load(path)
        back[post.title] = post  # XML readers trim a title's surrounding whitespace
        assert path.read_text("utf-8").startswith("---\ntitle: ")
    for article in posts:
        post = back[(article.title or "").strip()]
        assert (article.date, []) == (post.date, list(post.problems))
        assert article.origin is not None
        visible = non_space(visible_html_text(article.origin.body or ""))
        assert missing_from(visible, non_space(post.text)) is None, article.source
    expected = sorted((a.title or "", _stamp(a.date)) for a in posts)
    for fmt in ("rss", "atom", "jsonfeed"):
        out = tmp_path / f"site.{fmt}"
        args = ["convert", str(tmp_path / "site"), "--to", fmt, "-o", str(out), "-q"]
        assert main([*args, "--title", "Site", "--link", "https://site.example/"]) == 0
        if fmt == "jsonfeed":
            items = json.loads(out.read_text("utf-8"))["items"]
            stamps = [_stamp(newsdoc.parse(f"---\ndate: '{i['date_published']}'\n---\n").date)
                      for i in items]  # fmt: skip
            actual = sorted((i.get("title", ""), s) for i, s in zip(items, stamps, strict=True))
        else:
            parsed = feedparser.parse(out.read_bytes())
            assert not parsed.bozo, parsed.get("bozo_exception")
            actual = sorted(
                (html.unescape(e.title) if e.title_detail.type == "text/html" else e.title,
                 calendar.timegm(dict.get(e, "published_parsed")))
                for e in parsed.entries
            )  # fmt: skip
        assert [(t.strip(), s) for t, s in expected] == actual, fmt
    capsys.readouterr()


FIXTURES = Path(__file__).resolve().parent / "fixtures" / "feeds"


def test_feed_items_are_posts_like_the_seed(tmp_path: Path) -> None:
    """--to markdown writes one post per item: Hexo front matter, the date as the feed wrote it."""
    assert main(["convert", str(FIXTURES / "rsshub-zh.xml"), "--to", "markdown", "-q",
                      "--keep-body", "-o", str(tmp_path)]) == 0  # fmt: skip
    names = sorted(p.name for p in (tmp_path / "rsshub-zh").iterdir())
    assert names == [
        "A post whose feed had no valid date.md",
        "示例城市召开“提效能”工作会议.md",
        "第1集.md",
    ]
    text = (tmp_path / "rsshub-zh" / "示例城市召开“提效能”工作会议.md").read_text("utf-8")
    assert text.startswith("---\ntitle: 示例城市召开“提效能”工作会议\nauthor: 示例日报\n"
                           "date: Wed, 24 Nov 2021 08:11:59 GMT\n")  # fmt: skip
    assert "<strong>“要把群众的小事当成天大的事来办”</strong>" in text  # the item's HTML, whole


def test_two_items_with_one_title_get_two_files(tmp_path: Path) -> None:
    """Items of the same title are written side by side, not over each other."""
    item = "<item><title>第1集</title><description>{}</description></item>"
    feed = tmp_path / "f.rss"
    feed.write_text(f'<rss version="2.0"><channel>{item.format("a")}{item.format("b")}'
                    "</channel></rss>", encoding="utf-8")  # fmt: skip
    assert main(["convert", str(feed), "--to", "markdown", "-q", "-o", str(tmp_path / "o")]) == 0
    assert sorted(p.name for p in (tmp_path / "o" / "f").iterdir()) == ["第1集 (2).md", "第1集.md"]


def test_check_reports_a_malformed_feed(capsys: pytest.CaptureFixture[str]) -> None:
    """check lists a feed's problems with its line and column, and exits 1."""
    code = main(["check", str(FIXTURES / "malformed" / "unclosed-tags.xml")])
    out, err = capsys.readouterr()
    assert code == 1
    assert ":7:29: feed: not well-formed XML" in out
    assert "1 file, 2 articles" in err


def test_show_prints_every_item(capsys: pytest.CaptureFixture[str]) -> None:
    """show of a feed prints each item, one after another."""
    assert main(["show", "--format", "json", str(FIXTURES / "jsonfeed-1.1.json")]) == 0
    out = capsys.readouterr().out
    decoder, titles, at = json.JSONDecoder(), [], 0
    while at < len(out.rstrip()):
        value, at = decoder.raw_decode(out, at)
        titles.append(value["title"])
        at += 1
    assert titles == ["Second note: <markup> in a title is text", "First note"]


def test_convert_a_feed_from_stdin_to_a_feed_on_stdout(
    monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """A feed on standard input becomes a feed on standard output."""
    import io
    import sys

    data = (FIXTURES / "rss1-rdf.xml").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["convert", "-", "--to", "atom", "-o", "-", "-q", "--title", "t"]) == 0
    out = capsysbinary.readouterr().out
    assert [e.title for e in feedparser.parse(out).entries] == [
        "Anna: Hallo Welt",
        "Bernd: Zweiundvierzig",
    ]


def test_feed_options_are_for_feeds_only(capsys: pytest.CaptureFixture[str]) -> None:
    """--title with --to jsonl is a usage error."""
    assert main(["convert", "x.md", "-o", "x.jsonl", "--title", "t"]) == 2
    assert "--title and --link are for --to rss" in capsys.readouterr().err


@pytest.mark.parametrize("jobs", [1, 2])
def test_iter_load_takes_a_feed_as_its_items(jobs: int) -> None:
    """iter_load gives one article per item, each result saying its place in the feed."""
    inputs = [str(FIXTURES / "rss1-rdf.xml"), "examples/hexo-rss-zh.md"]
    results = list(newsdoc.iter_load(inputs, jobs=jobs, on_error="collect"))
    assert [r.item for r in results] == [1, 2, None]
    assert [r.article.title for r in results[:2]] == ["Anna: Hallo Welt", "Bernd: Zweiundvierzig"]


def test_a_folder_of_feeds_is_walked(tmp_path: Path) -> None:
    """Feeds named *.rss or *.atom are taken from folders like posts."""
    (tmp_path / "a.rss").write_bytes((FIXTURES / "rss091.xml").read_bytes())
    (tmp_path / "b.md").write_text("---\ntitle: b\n---\nbody\n", encoding="utf-8")
    assert [a.title for a in newsdoc.iter_load(tmp_path)] == ["Crème brûlée", "b"]


def test_dask_reads_a_feed_as_its_items() -> None:
    """newsdoc.dask.read_articles takes a feed as one article per item."""
    pytest.importorskip("dask")
    import newsdoc.dask

    bag = newsdoc.dask.read_articles([str(FIXTURES / "atom-blog.xml")])
    titles = [a.title for a in bag.compute(scheduler="synchronous")]
    assert titles == [
        "Release 2.0: tables & dates",
        "Only updated, no published",
        "Plain text content",
    ]
