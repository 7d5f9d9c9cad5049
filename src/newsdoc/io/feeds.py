"""Feeds in: `read_feed` (RSS, Atom, JSON Feed -> articles).

Reading needs ``pip install "newsdoc[feeds]"`` (feedparser) for RSS and Atom; JSON Feed needs
nothing more.  The field mapping is in `newsdoc.parsers.feeds.xml_feed` and
`newsdoc.parsers.feeds.json_feed`; docs/feeds.md shows it with examples.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from typing import BinaryIO, TextIO

from newsdoc.api import parse_feed_with, read_input
from newsdoc.limits import DEFAULT_LIMITS, Limits
from newsdoc.model import Article
from newsdoc.options import ParseOptions

__all__ = ["read_feed"]


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
