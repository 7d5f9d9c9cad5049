"""`read_items`: a feed's items, whatever its kind (RSS, Atom, RDF or JSON Feed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from newsdoc.errors import ParseError, Problem
from newsdoc.parsers.feeds.detect import FeedKind, feed_kind
from newsdoc.parsers.feeds.item import FeedItem

__all__ = ["read_items"]


def read_items(
    data: str | bytes,
    *,
    source: str | None,
    strict: bool,
    default_timezone: dt.tzinfo,
    encoding: str | None,
) -> tuple[FeedKind, list[Problem], Iterator[FeedItem]]:
    """The kind of feed `data` is, the problems of the whole feed, and its items one by one.

    Raises:
        ParseError: `data` is not a feed (code ``feed``), or, in strict mode, is a malformed one.
        MissingDependencyError: An RSS or Atom feed, and feedparser is not installed.
    """
    kind = feed_kind(data)
    if kind is None:
        message = "not a feed: no <rss>, <feed> or <rdf:RDF> root, nor a JSON Feed version"
        raise ParseError(message, source=source, line=1, code="feed")
    if kind == "jsonfeed":
        from newsdoc.parsers.feeds.json_feed import read_json_feed

        problems, items = read_json_feed(
            data, source=source, strict=strict, default_timezone=default_timezone
        )
        return kind, problems, items
    from newsdoc.parsers.feeds.xml_feed import read_xml

    problems, items = read_xml(
        data, source=source, strict=strict, default_timezone=default_timezone, encoding=encoding
    )
    return kind, problems, items
