"""`FeedItem`: one item or entry of a feed, its fields mapped, its body not yet read.

What both feed readers (`xml_feed` for RSS and Atom, `json_feed`) share: the item record, the
dates (read by `newsdoc.parsers.dates`, the text kept as written), HTML titles and summaries made
plain text, and the ``extra`` keys (``guid``, ``feed``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from newsdoc.errors import DateError, ParseError, Problem
from newsdoc.model.text import block_texts
from newsdoc.parsers.dates.reader import parse_date
from newsdoc.parsers.html.reader import parse_html

__all__ = ["FeedItem", "Fields", "feed_extra", "html_text", "item_problem", "set_date"]

Fields = dict[str, Any]
"`Article` keyword arguments, but ``blocks``, ``source``, ``problems`` and ``origin``."


@attrs.frozen(kw_only=True)
class FeedItem:
    """One item of a feed, as the reader found it."""

    number: int
    "Its place in the feed, from 1."
    fields: Fields
    "The `Article` fields it gives (``extra`` holds ``guid`` and ``feed``)."
    body: str
    "The body: HTML (``content:encoded``, Atom ``content``, ``description``…) or plain text."
    body_is_text: bool = False
    "Whether `body` is plain text (JSON Feed ``content_text``, Atom text content)."
    base: str | None = None
    "The URL relative URLs in the body are relative to (Atom's ``xml:base``), if the feed says."
    problems: tuple[Problem, ...] = ()
    "What was found wrong with the item (an unreadable date)."


def item_problem(
    number: int, code: str, message: str, *, source: str | None, strict: bool
) -> Problem:
    """A problem of item `number`; in strict mode, the `ParseError` raised instead.

    Raises:
        ParseError: In strict mode (a `DateError` for code ``date``).
    """
    text = f"item {number}: {message}"
    if strict:
        error = DateError if code == "date" else ParseError
        raise error(text, source=source, code=code)
    return Problem(code=code, message=text, source=source)


def set_date(
    fields: Fields,
    name: str,
    raw: object,
    *,
    number: int,
    source: str | None,
    strict: bool,
    default_timezone: dt.tzinfo,
    problems: list[Problem],
) -> None:
    """Set ``fields[name]`` and ``fields[name + "_raw"]`` from the text the feed wrote.

    Raises:
        DateError: In strict mode, for a date that cannot be read.
    """
    if not isinstance(raw, str) or not raw.strip():
        return
    fields[f"{name}_raw"] = raw
    try:
        fields[name] = parse_date(raw.strip(), default_timezone=default_timezone)
    except DateError as exc:
        message = exc.message if name == "date" else f"{name}: {exc.message}"
        problems.append(item_problem(number, "date", message, source=source, strict=strict))


def html_text(html: str) -> str:
    """The plain text of an HTML fragment (a title or summary written as HTML)."""
    return "\n\n".join(block_texts(parse_html(html).blocks))


def feed_extra(guid: object, title: object, link: object) -> dict[str, Any]:
    """The ``extra`` of an item: its ``guid`` (or id) and the feed's own title and link."""
    extra: dict[str, Any] = {}
    if isinstance(guid, str) and guid:
        extra["guid"] = guid
    feed = {key: value for key, value in (("title", title), ("link", link))
            if isinstance(value, str) and value}  # fmt: skip
    if feed:
        extra["feed"] = feed
    return extra
