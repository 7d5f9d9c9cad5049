"""RSS 0.9x/1.0/2.0 and Atom 1.0 through feedparser, sanitizing and URL rewriting off.

feedparser (``pip install "newsdoc[feeds]"``, imported at the first feed) reads real feeds,
broken ones too: XML that is not well formed goes to its loose parser, a wrong declared
encoding is corrected.  Its HTML sanitizer and its rewriting of relative URLs are turned off,
so that each body reaches newsdoc's HTML reader whole, as the feed wrote it.  The input is
handed over as a stream, never as a name: feedparser would fetch a URL or open a file.

Each item's fields (RSS element / Atom element -> `Article` field):

- ``title`` -> title (made plain text when the feed marks it HTML);
- ``link`` -> permalink; ``guid`` / ``id`` -> ``extra["guid"]``;
- ``pubDate`` / ``published`` -> date, or RSS's ``dc:date`` when that is the only date (Atom's
  ``updated`` is never taken for the publication date); ``updated`` / ``atom:updated`` ->
  updated; ``date_raw`` and ``updated_raw`` keep the text as written (whitespace trimmed);
- ``dc:creator`` / ``author`` / Atom ``author`` -> authors (names, else e-mail addresses);
- ``category`` / ``dc:subject`` / Atom ``category term`` -> categories, each its own;
- an image ``enclosure`` (or Atom ``link rel="enclosure"``), ``media:content``, ``itunes:image``
  or ``media:thumbnail`` -> image; ``media:thumbnail`` -> thumbnail;
- the body: ``content:encoded`` or Atom ``content`` (HTML preferred), else ``description`` /
  ``summary``; when both are there, the second gives the summary (as plain text);
- the channel's ``language`` -> lang; its ``title`` and ``link`` -> ``extra["feed"]``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator, Mapping
from types import ModuleType
from typing import Any

from newsdoc.errors import EncodingError, MissingDependencyError, ParseError, Problem
from newsdoc.parsers.feeds.item import FeedItem, Fields, feed_extra, html_text, set_date

__all__ = ["feedparser_module", "read_xml"]


def _get(mapping: Mapping[str, Any], key: str, default: Any = None) -> Any:
    # dict's own get: a FeedParserDict maps keys (``updated`` falls back to ``published``, with
    # a DeprecationWarning; ``url`` to ``href``), which would make up values the feed lacks.
    return dict.get(mapping, key, default) if isinstance(mapping, dict) else default


_REFERENCE = re.compile(rb"&#([xX][0-9a-fA-F]+|[0-9]+);")


def _within_unicode(match: re.Match[bytes]) -> bytes:
    """A numeric character reference, or U+FFFD's for one past U+10FFFF (the loose parser's
    chr() fails on it)."""
    digits = match[1]
    value = int(digits[1:], 16) if digits[:1] in b"xX" else int(digits)
    return match[0] if value <= 0x10FFFF else b"&#xFFFD;"


_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "html", "xhtml"})


def feedparser_module() -> ModuleType:
    """feedparser, imported now.

    Raises:
        MissingDependencyError: feedparser is not installed (``newsdoc[feeds]``).
    """
    try:
        import feedparser
    except ImportError as exc:
        raise MissingDependencyError("feedparser", "feeds") from exc
    module: ModuleType = feedparser
    return module


def read_xml(
    data: str | bytes,
    *,
    source: str | None,
    strict: bool,
    default_timezone: dt.tzinfo,
    encoding: str | None,
) -> tuple[list[Problem], Iterator[FeedItem]]:
    """Read an RSS or Atom feed: the problems of the whole feed, and its items one by one.

    Raises:
        MissingDependencyError: feedparser is not installed.
        ParseError: Nothing of a feed could be read (both modes); in strict mode, XML that is
            not well formed (an `EncodingError` for a wrong declared encoding).
    """
    feedparser = feedparser_module()
    if isinstance(data, str):  # its declaration may name another encoding: UTF-8 is what it is
        data, encoding = data.encode("utf-8", "surrogatepass"), "utf-8"
    headers = {"content-type": f"application/xml; charset={encoding}"} if encoding else {}
    found: list[Problem] = []
    try:
        parsed = _parse(feedparser, data, headers, source)
    except OverflowError:  # the loose parser's chr() of a reference past U+10FFFF
        message = "a character reference beyond U+10FFFF, read as U+FFFD"
        if strict:
            raise ParseError(message, source=source, code="feed") from None
        found.append(Problem(code="feed", message=message, source=source))
        parsed = _parse(feedparser, _REFERENCE.sub(_within_unicode, data), headers, source)
    problems = [*_bozo(parsed, source=source, strict=strict), *found]
    channel = _get(parsed, "feed", {})
    entries = _get(parsed, "entries", [])
    if not entries and (problems or not (_get(parsed, "version") or channel)):
        # Nothing to hang a problem on: an unreadable feed is an error in both modes.
        if not problems:
            raise ParseError("not a feed: no channel and no item", source=source, code="feed")
        first = problems[0]
        raise ParseError(f"no item can be read: {first.message}", source=source,
                         line=first.line, column=first.column, code="feed")  # fmt: skip
    atom = str(_get(parsed, "version", "")).startswith("atom")
    items = _items(entries, channel, atom=atom, source=source, strict=strict,
                   zone=default_timezone)  # fmt: skip
    return problems, items


def _parse(feedparser: ModuleType, data: bytes, headers: dict[str, str], source: str | None) -> Any:
    """feedparser's reading of `data`, as a stream (a name would be opened or fetched).

    Raises:
        ParseError: feedparser failed outright (an unknown encoding name).
        OverflowError: A character reference too large for the loose parser.
    """
    try:
        return feedparser.parse(
            io.BytesIO(data),
            sanitize_html=False,
            resolve_relative_uris=False,
            response_headers=headers,
        )
    except (ValueError, LookupError, RecursionError) as exc:
        raise ParseError(f"the feed cannot be read: {exc}", source=source, code="feed") from exc


def _bozo(parsed: Mapping[str, Any], *, source: str | None, strict: bool) -> list[Problem]:
    """The feed's own problem: feedparser's ``bozo_exception``, said where it is."""
    if not _get(parsed, "bozo"):
        return []
    exc = _get(parsed, "bozo_exception")
    kind = type(exc).__name__
    line = column = None
    if hasattr(exc, "getLineNumber"):  # a SAXParseException: the XML is not well formed
        line, column = exc.getLineNumber(), exc.getColumnNumber() + 1
    if "Encoding" in kind:
        code, message = "encoding", f"{exc}"
    else:
        code, message = "feed", f"not well-formed XML, read leniently: {exc}"
    if strict:
        error = EncodingError if code == "encoding" else ParseError
        raise error(message, source=source, line=line, column=column, code=code)
    return [Problem(code=code, message=message, source=source, line=line, column=column)]


def _items(
    entries: list[Any],
    channel: Mapping[str, Any],
    *,
    atom: bool,
    source: str | None,
    strict: bool,
    zone: dt.tzinfo,
) -> Iterator[FeedItem]:
    feed_title, feed_link = _title(channel), _get(channel, "link")
    lang = _get(channel, "language")
    for number, entry in enumerate(entries, 1):
        problems: list[Problem] = []
        fields: Fields = {"extra": feed_extra(_get(entry, "id"), feed_title, feed_link)}
        fields["title"] = _title(entry)
        fields["permalink"] = _get(entry, "link") or None
        published, updated = _get(entry, "published"), _get(entry, "updated")
        # RSS's dc:date comes as `updated`: the item's one date; Atom's updated is only that.
        dated = published if atom else published or updated
        for name, raw in (("date", dated), ("updated", updated)):
            set_date(fields, name, raw, number=number, source=source, strict=strict,
                     default_timezone=zone, problems=problems)  # fmt: skip
        fields["authors"] = _authors(entry)
        fields["categories"] = [(t["term"],) for t in _get(entry, "tags", ()) if _get(t, "term")]
        fields["image"], fields["thumbnail"] = _images(entry)
        fields["lang"] = lang if isinstance(lang, str) and lang else None
        body, is_text, summary, base = _body(entry)
        fields["summary"] = summary
        yield FeedItem(number=number, fields=fields, body=body, body_is_text=is_text,
                       base=base, problems=tuple(problems))  # fmt: skip


def _title(entry: Mapping[str, Any]) -> str | None:
    title = _get(entry, "title")
    if not isinstance(title, str):
        return None
    if _get(_get(entry, "title_detail", {}), "type") in _HTML_TYPES:
        return html_text(title)
    return title


def _authors(entry: Mapping[str, Any]) -> list[str]:
    names = [_get(a, "name") or _get(a, "email") for a in _get(entry, "authors", ())]
    found = [name for name in names if isinstance(name, str) and name]
    if not found and isinstance(_get(entry, "author"), str) and entry["author"]:
        found.append(entry["author"])
    return list(dict.fromkeys(found))


def _images(entry: Mapping[str, Any]) -> tuple[str | None, str | None]:
    thumbs = [_get(t, "url") for t in _get(entry, "media_thumbnail", ()) if _get(t, "url")]
    candidates = [
        _get(link, "href")
        for link in _get(entry, "links", ())
        if _get(link, "rel") == "enclosure" and str(_get(link, "type", "")).startswith("image/")
    ]
    candidates += [
        _get(media, "url")
        for media in _get(entry, "media_content", ())
        if _get(media, "medium") == "image" or str(_get(media, "type", "")).startswith("image/")
    ]
    candidates.append(_get(_get(entry, "image", {}), "href"))
    candidates += thumbs
    image = next((url for url in candidates if isinstance(url, str) and url), None)
    return image, thumbs[0] if thumbs else None


def _body(entry: Mapping[str, Any]) -> tuple[str, bool, str | None, str | None]:
    """The body, whether it is plain text, the summary when the body is something else, and
    the base URL of the body."""
    contents = [c for c in _get(entry, "content", ()) if isinstance(_get(c, "value"), str)]
    chosen = next((c for c in contents if _get(c, "type") in _HTML_TYPES), None)
    chosen = chosen or (contents[0] if contents else None)
    detail = _get(entry, "summary_detail") or {}
    summary = _get(entry, "summary")
    if chosen is None:
        if not isinstance(summary, str):
            return "", False, None, None
        return summary, _get(detail, "type") == "text/plain", None, _get(detail, "base") or None
    text: str | None = None
    if isinstance(summary, str) and summary.strip() and summary != chosen["value"]:
        text = html_text(summary) if _get(detail, "type") in _HTML_TYPES else summary.strip()
    is_text = _get(chosen, "type") == "text/plain"
    return chosen["value"], is_text, text or None, _get(chosen, "base") or None
