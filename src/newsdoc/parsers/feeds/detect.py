"""Is this input a feed?  Told by its content: an ``<rss>``, ``<feed>`` or ``<rdf:RDF>`` root
element, or a JSON object whose ``version`` is a JSON Feed URL.

Only the start of the input is looked at for XML (after a BOM, whitespace, the XML
declaration, comments and processing instructions; a DOCTYPE's name is the root's).  A JSON
input is a feed when it mentions ``jsonfeed.org/version`` and is, whole, an object with such a
``version``: a Hugo post with a JSON front matter is an object followed by a body, never one
whole JSON document.
"""

from __future__ import annotations

import codecs
import json
import re
from typing import Literal, TypeAlias

__all__ = ["JSON_FEED_VERSION", "FeedKind", "feed_kind", "json_feed_version"]

FeedKind: TypeAlias = Literal["rss", "atom", "rdf", "jsonfeed"]
"The kinds of feed: RSS 0.9x/2.0, Atom, RSS 1.0 (RDF) and JSON Feed."

JSON_FEED_VERSION = "https://jsonfeed.org/version/"
"The start of every JSON Feed ``version`` URL (``…/1``, ``…/1.1``)."

_HEAD = 4096  # bytes of prolog looked at: declaration, comments and a DOCTYPE fit
_PROLOG = re.compile(
    # A DOCTYPE names the root element: its internal subset may be longer than the head.
    r"(?:\s|<\?[^>]*\?>|<!--.*?-->)*<(?:!DOCTYPE\s+)?([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)",
    re.S | re.I,
)
_ROOTS: dict[str, FeedKind] = {"rss": "rss", "feed": "atom", "rdf": "rdf"}
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))  # fmt: skip


def _head_text(data: str | bytes) -> str:
    if isinstance(data, str):
        return data[:_HEAD].lstrip("\ufeff")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) : len(bom) + _HEAD].decode(codec, "replace")
    if data[:2] in (b"<\0", b"\0<"):  # UTF-16 without a BOM
        return data[:_HEAD].decode("utf-16-le" if data[0] else "utf-16-be", "replace")
    return data[:_HEAD].decode("latin-1")  # markup names are ASCII: any byte decoding will do


def feed_kind(data: str | bytes) -> FeedKind | None:
    """The kind of feed `data` is, or None for anything else (a post).

    Examples:
        >>> feed_kind(b'<?xml version="1.0"?>\\n<rss version="2.0"><channel/></rss>')
        'rss'
        >>> feed_kind("---\\ntitle: a post\\n---\\n<p>hi</p>") is None
        True
    """
    head = _head_text(data)
    start = head.lstrip()
    if start.startswith("{"):
        return "jsonfeed" if json_feed_version(data) is not None else None
    if not start.startswith("<"):
        return None
    match = _PROLOG.match(head)
    if match is None:
        return None
    return _ROOTS.get(match[2].lower())  # with or without a prefix (``<atom:feed>``)


def json_feed_version(data: str | bytes) -> str | None:
    """The ``version`` of a JSON Feed, or None when `data` is not one (see the module)."""
    marker = "jsonfeed.org/version"
    if isinstance(data, bytes) and marker.encode() not in data:
        return None
    if isinstance(data, str) and marker not in data:
        return None
    try:
        value = json.loads(data)
    except (ValueError, RecursionError):  # not JSON (UnicodeDecodeError is a ValueError)
        return None
    if not isinstance(value, dict):
        return None
    version = value.get("version")
    # http:// rather than https:// is still meant as a JSON Feed
    return version if isinstance(version, str) and marker in version else None
