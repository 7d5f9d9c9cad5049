"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1), read with the standard library.

Each item's fields: ``title`` -> title; ``url`` (else ``external_url``) -> permalink; ``id`` ->
``extra["guid"]``; ``date_published`` -> date (``date_modified`` when it is the only date),
``date_modified`` -> updated, each with its text as written; ``authors`` (1.1) or ``author``
(1.0) names -> authors; ``tags`` -> tags; ``image`` (else ``banner_image``) -> image;
``summary`` -> summary; ``content_html`` (else ``content_text``, as plain text) -> the body;
``language`` (the item's, else the feed's) -> lang.  The feed's ``title`` and
``home_page_url`` -> ``extra["feed"]``.  Values of the wrong type are left out.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from typing import Any

from newsdoc.errors import ParseError, Problem
from newsdoc.parsers.feeds.item import FeedItem, Fields, feed_extra, item_problem, set_date

__all__ = ["read_json_feed"]


def read_json_feed(
    data: str | bytes,
    *,
    source: str | None,
    strict: bool,
    default_timezone: dt.tzinfo,
) -> tuple[list[Problem], Iterator[FeedItem]]:
    """Read a JSON Feed: its problems (none: it is read whole or refused) and its items.

    Raises:
        ParseError: The input is not a JSON object with a list of ``items`` (both modes).
    """
    try:
        feed = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise ParseError(f"not a JSON Feed: {exc}", source=source, code="feed") from exc
    if not isinstance(feed, dict) or not isinstance(feed.get("items", []), list):
        raise ParseError("not a JSON Feed: no list of items", source=source, code="feed")
    items = _items(feed, source=source, strict=strict, zone=default_timezone)
    return [], items


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _items(
    feed: Mapping[str, Any], *, source: str | None, strict: bool, zone: dt.tzinfo
) -> Iterator[FeedItem]:
    feed_title, home = _text(feed.get("title")), _text(feed.get("home_page_url"))
    for number, item in enumerate(feed.get("items", []), 1):
        problems: list[Problem] = []
        if not isinstance(item, dict):
            problems.append(item_problem(number, "feed", "an item that is not an object",
                                         source=source, strict=strict))  # fmt: skip
            item = {}
        guid = item.get("id")
        guid = str(guid) if isinstance(guid, int | float) and not isinstance(guid, bool) else guid
        fields: Fields = {"extra": feed_extra(guid, feed_title, home)}
        fields["title"] = _text(item.get("title"))
        fields["permalink"] = _text(item.get("url")) or _text(item.get("external_url"))
        published, modified = item.get("date_published"), item.get("date_modified")
        for name, raw in (("date", published or modified), ("updated", modified)):
            set_date(fields, name, raw, number=number, source=source, strict=strict,
                     default_timezone=zone, problems=problems)  # fmt: skip
        fields["authors"] = _authors(item)
        tags = item.get("tags", [])
        fields["tags"] = (
            [t for t in tags if isinstance(t, str) and t] if isinstance(tags, list) else []
        )
        fields["image"] = _text(item.get("image")) or _text(item.get("banner_image"))
        fields["summary"] = _text(item.get("summary"))
        fields["lang"] = _text(item.get("language")) or _text(feed.get("language"))
        html, text = _text(item.get("content_html")), _text(item.get("content_text"))
        yield FeedItem(number=number, fields=fields, body=html or text or "",
                       body_is_text=html is None and text is not None,
                       problems=tuple(problems))  # fmt: skip


def _authors(item: Mapping[str, Any]) -> list[str]:
    authors = item.get("authors")
    if not isinstance(authors, list):
        authors = [item["author"]] if isinstance(item.get("author"), dict) else []
    names = (a.get("name") for a in authors if isinstance(a, dict))
    return list(dict.fromkeys(n for n in names if isinstance(n, str) and n))
