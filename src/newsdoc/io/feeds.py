"""Feeds in and out: `read_feed` (RSS, Atom, JSON Feed -> articles) and `write_feed`.

Reading needs ``pip install "newsdoc[feeds]"`` (feedparser) for RSS and Atom; JSON Feed needs
nothing more.  The field mapping is in `newsdoc.parsers.feeds.xml_feed` and
`newsdoc.parsers.feeds.json_feed`; docs/feeds.md shows it with examples.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
from collections.abc import Callable, Iterable, Iterator
from html import escape
from typing import Any, BinaryIO, Literal, TextIO, TypeAlias

from newsdoc.api import parse_feed_with, read_input
from newsdoc.errors import NewsdocError, OptionError, WriteError
from newsdoc.io.atomic import atomic_path
from newsdoc.limits import DEFAULT_LIMITS, Limits
from newsdoc.model import Article
from newsdoc.options import ParseOptions

__all__ = ["FORMATS", "FeedFormat", "read_feed", "write_feed"]


def read_feed(
    source: str | os.PathLike[str] | bytes | str | BinaryIO | TextIO,
    *,
    name: str | None = None,
    strict: bool = False,
    default_timezone: dt.tzinfo | str = dt.UTC,
    base_url: str | None = None,
    encoding: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    keep_body: bool = False,
) -> Iterator[Article]:
    """Read a feed: one `Article` per item or entry, in the feed's order.

    RSS 0.9x, 1.0 (RDF) and 2.0 and Atom 1.0 are read by feedparser with its HTML sanitizing
    off, so each body reaches newsdoc's HTML reader whole (``content:encoded`` preferred to
    ``description``, Atom ``content`` to ``summary``); JSON Feed 1.0 and 1.1 by newsdoc.
    ``date_raw`` keeps the date as the feed wrote it; the feed's own title and link are in
    ``article.extra["feed"]``, the item's guid or id in ``article.extra["guid"]``.

    Args:
        source: A path, an open file (binary or text), or the feed itself as bytes; a `str`
            is a path.
        name: A name for the feed in problems and errors (default: the path or file name).
        strict: Raise on a feed that is not well formed or an item whose date cannot be read,
            instead of recording a `Problem` on the articles.
        default_timezone: As in `newsdoc.parse`.
        base_url: Resolve relative URLs in the bodies against this URL.
        encoding: The feed's encoding, when its declaration is wrong or missing.
        limits: As in `newsdoc.parse`; the feed is read no further than
            ``limits.max_input_bytes``, and each item's body is held to its markup limit.
        keep_body: Keep each item's body as the feed gave it on ``article.origin``:
            `newsdoc.to_markdown` then writes it as it was (HTML), not as CommonMark.

    Returns:
        An iterator of the articles; the feed is read at the call, each item's body as the
        iterator reaches it.

    Raises:
        OptionError: An option is of the wrong type or out of range.
        ReadError: The file cannot be read.
        MissingDependencyError: An RSS or Atom feed, and feedparser is not installed.
        InputTooLargeError: The feed is larger than ``limits.max_input_bytes``.
        ParseError: The input is not a feed, or nothing of one can be read (code ``feed``,
            both modes); in strict mode, a malformed feed (``feed``, ``encoding``) or date.

    Examples:
        >>> import newsdoc
        >>> feed = b'''<rss version="2.0"><channel><title>News</title>
        ... <item><title>Hello</title><pubDate>Wed, 24 Nov 2021 08:11:59 GMT</pubDate>
        ... <description>&lt;p&gt;Hi &lt;b&gt;there&lt;/b&gt;&lt;/p&gt;</description></item>
        ... </channel></rss>'''
        >>> [(a.title, a.date_raw, a.text, a.extra["feed"]) for a in newsdoc.read_feed(feed)]
        [('Hello', 'Wed, 24 Nov 2021 08:11:59 GMT', 'Hi there', {'title': 'News'})]
    """
    options = ParseOptions(
        strict=strict,
        default_timezone=default_timezone,
        base_url=base_url,
        encoding=encoding,
        limits=limits,
        keep_body=keep_body,
    )
    if isinstance(source, bytes):
        data: str | bytes = source
    else:
        data, found = read_input(source, options.limits, "read_feed")
        name = name if name is not None else found
    return parse_feed_with(data, source=name, options=options)


FeedFormat: TypeAlias = Literal["rss", "atom", "jsonfeed"]
"The feed formats `write_feed` writes."
FORMATS: tuple[FeedFormat, ...] = ("rss", "atom", "jsonfeed")


def write_feed(
    articles: Iterable[Article],
    path_or_file: str | os.PathLike[str] | BinaryIO,
    *,
    format: FeedFormat = "rss",
    title: str,
    link: str,
    description: str | None = None,
    lang: str | None = None,
    self_url: str | None = None,
    feed_id: str | None = None,
) -> int:
    """Write articles as a feed, streaming (one article in memory at a time).

    RSS 2.0 (`newsdoc.serializers.feeds.rss`: RFC 822 ``pubDate``), Atom 1.0
    (`newsdoc.serializers.feeds.atom`: RFC 3339 dates) or JSON Feed 1.1
    (`newsdoc.serializers.feeds.jsonfeed`, with ``content_text`` too).  The body is written as
    HTML by the notebook card's writer (`newsdoc.serializers.html`): every text escaped, only
    harmless URLs kept.  Each item gets one id: ``extra["guid"]`` (kept from a feed that was
    read), else the permalink, else a hash of its content.  Feed-level dates that depend on
    every item (RSS ``lastBuildDate``, Atom ``updated``, and Atom's feed ``author`` when an
    entry has none) are written after the items, where both formats allow them.

    Args:
        articles: The articles, e.g. from `newsdoc.iter_load` or `newsdoc.read_feed`.
        path_or_file: A path, written under a temporary name and renamed when complete (an
            interrupted write leaves no file), or a file open for writing in binary mode.
        format: ``"rss"``, ``"atom"`` or ``"jsonfeed"``.
        title: The feed's title.
        link: The URL of the site the feed is of (empty: none is written; Atom's feed id is
            then made from the title).
        description: The feed's description (RSS requires one: the title by default).
        lang: The feed's language (``zh-cn``), if any.
        self_url: The URL the feed itself will be at (Atom ``rel="self"``, JSON ``feed_url``).
        feed_id: Atom's feed ``id`` (default: `link`).

    Returns:
        The number of articles written.

    Raises:
        OptionError: An unknown `format`, or a `title` or `link` that is not text.
        WriteError: The file cannot be written (the `OSError` is chained).

    Examples:
        >>> import pathlib, tempfile, newsdoc
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "feed.xml"
        >>> write_feed(newsdoc.iter_load("examples"), path, title="Examples",
        ...            link="https://example.org/")
        4
        >>> [a.title for a in newsdoc.read_feed(path)][:1]
        ['示例城市召开“提效能”工作会议']
    """
    if format not in FORMATS:
        raise OptionError(f"format must be 'rss', 'atom' or 'jsonfeed', not {format!r}")
    for key, value in (("title", title), ("link", link)):
        if not isinstance(value, str):
            raise OptionError(f"{key} must be text, not {value!r}")
    write = functools.partial(
        _WRITERS[format], articles, title=title, link=link, description=description,
        lang=lang, self_url=self_url, feed_id=feed_id,
    )  # fmt: skip
    if not isinstance(path_or_file, str | os.PathLike):
        name = getattr(path_or_file, "name", None)
        try:
            count = write(path_or_file)
            path_or_file.flush()
        except NewsdocError:
            raise
        except OSError as exc:
            raise WriteError.of(name if isinstance(name, str) else None, exc) from exc
        return count
    try:
        with atomic_path(path_or_file) as temp, open(temp, "wb") as handle:
            return write(handle)
    except NewsdocError:
        raise
    except OSError as exc:
        raise WriteError.of(os.fspath(path_or_file), exc) from exc


def _tag_uri(title: str) -> str:
    """An Atom feed id for a feed without a link: the same title gives the same id."""
    import hashlib

    return "urn:sha1:" + hashlib.sha1(title.encode("utf-8", "replace")).hexdigest()


def _generator() -> str:
    from newsdoc._version import __version__

    return f"newsdoc {__version__}"


def _latest(latest: dt.datetime | None, article: Article) -> dt.datetime | None:
    dates = [d for d in (latest, article.updated, article.date) if d is not None]
    return max(dates) if dates else None


def _opening(root: Any) -> bytes:
    """The XML declaration and the start tag of `root`, its namespaces declared once there."""
    from lxml import etree

    empty: bytes = etree.tostring(root, encoding="utf-8", xml_declaration=True)
    return empty.removesuffix(b"/>") + b">"


def _write_rss(articles: Iterable[Article], handle: BinaryIO, **head: Any) -> int:
    from lxml import etree

    from newsdoc.serializers.feeds.common import fragment, rfc822
    from newsdoc.serializers.feeds.rss import NAMESPACES, channel_elements, rss_item

    handle.write(_opening(etree.Element("rss", version="2.0", nsmap=NAMESPACES)) + b"<channel>\n")
    for element in channel_elements(
        title=head["title"], link=head["link"], lang=head["lang"],
        description=head["description"] or head["title"], generator=_generator(),
    ):  # fmt: skip
        handle.write(fragment(element))
    count, latest = 0, None
    for article in articles:
        handle.write(fragment(rss_item(article)))
        count, latest = count + 1, _latest(latest, article)
    if latest is not None:
        handle.write(f"<lastBuildDate>{rfc822(latest)}</lastBuildDate>\n".encode())
    handle.write(b"</channel></rss>\n")
    return count


def _write_atom(articles: Iterable[Article], handle: BinaryIO, **head: Any) -> int:
    from lxml import etree

    from newsdoc.serializers.feeds.atom import ATOM, NSMAP, atom_entry, feed_elements
    from newsdoc.serializers.feeds.common import fragment, rfc3339, xml_text

    now = rfc3339(dt.datetime.now(dt.UTC).replace(microsecond=0))
    handle.write(_opening(etree.Element(f"{{{ATOM}}}feed", nsmap=NSMAP)) + b"\n")  # type: ignore[arg-type]
    for element in feed_elements(
        title=head["title"], link=head["link"],
        feed_id=head["feed_id"] or head["link"] or _tag_uri(head["title"]),
        self_url=head["self_url"], generator=_generator(),
    ):  # fmt: skip
        handle.write(fragment(element))
    count, latest, anonymous = 0, None, False
    for article in articles:
        handle.write(fragment(atom_entry(article, fallback_updated=now)))
        count, latest = count + 1, _latest(latest, article)
        anonymous = anonymous or not article.authors
    handle.write(f"<updated>{rfc3339(latest) if latest else now}</updated>\n".encode())
    if anonymous:  # Atom: a feed has an author unless every entry has one
        name = escape(xml_text(head["title"]), quote=False)
        handle.write(f"<author><name>{name}</name></author>\n".encode())
    handle.write(b"</feed>\n")
    return count


def _write_jsonfeed(articles: Iterable[Article], handle: BinaryIO, **head: Any) -> int:
    from newsdoc.serializers.feeds.jsonfeed import feed_head, json_item

    members = feed_head(title=head["title"], link=head["link"], self_url=head["self_url"],
                        description=head["description"], lang=head["lang"])  # fmt: skip
    opening = json.dumps(members, ensure_ascii=False, indent=1)[:-2] + ',\n "items": ['
    handle.write(opening.encode("utf-8"))
    count = 0
    for article in articles:
        text = json.dumps(json_item(article), ensure_ascii=False)
        handle.write((",\n  " if count else "\n  ").encode("utf-8"))
        handle.write(text.encode("utf-8"))
        count += 1
    handle.write(b"\n ]\n}\n")
    return count


_WRITERS: dict[FeedFormat, Callable[..., int]] = {
    "rss": _write_rss,
    "atom": _write_atom,
    "jsonfeed": _write_jsonfeed,
}
