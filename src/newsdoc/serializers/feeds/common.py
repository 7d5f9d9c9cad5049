"""What the three feed writers share: dates, the item's id, its body, text safe for XML.

- Dates: RFC 822 for RSS (``Wed, 24 Nov 2021 08:11:59 GMT`` for UTC, else ``+0800``), RFC 3339
  for Atom and JSON Feed (``2021-11-24T16:11:59+08:00``), from ``Article.date`` and
  ``Article.updated``; an article without a date gets none.
- The id (RSS ``guid``, Atom ``id``, JSON Feed ``id``): ``extra["guid"]`` as read from a feed,
  else the permalink, else ``urn:sha1:`` and the SHA-1 of the article's title, date and text, so
  that each item has one, the same on every run.
- The body: the blocks as HTML by `newsdoc.serializers.html.blocks_html`, the one HTML writer
  (the notebook card's, with its URL checks), headings at their own level.
- Each element is written alone (streaming), its namespaces declared by the root (`fragment`).
- XML 1.0 cannot hold C0 controls (but tab and line breaks), lone surrogates, U+FFFE or U+FFFF:
  each becomes U+FFFD.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import re

from lxml import etree

from newsdoc.model import Article
from newsdoc.serializers.html import blocks_html

__all__ = ["body_html", "fragment", "item_id", "rfc822", "rfc3339", "xml_text"]

_DECLARATIONS = re.compile(rb'^(<[\w:]+)(?: xmlns(?::\w+)?="[^"]*")+')
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """`text` with every character XML 1.0 cannot hold made U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def rfc822(date: dt.datetime) -> str:
    """An RFC 822 date, as RSS 2.0 writes it: ``GMT`` for UTC, else the offset.

    Examples:
        >>> rfc822(dt.datetime(2021, 11, 24, 8, 11, 59, tzinfo=dt.UTC))
        'Wed, 24 Nov 2021 08:11:59 GMT'
    """
    if date.utcoffset() == dt.timedelta(0):
        return email.utils.format_datetime(date.astimezone(dt.UTC), usegmt=True)
    return email.utils.format_datetime(date.replace(microsecond=0))


def rfc3339(date: dt.datetime) -> str:
    """An RFC 3339 date (``2021-11-24T16:11:59+08:00``; ``Z`` is never needed)."""
    return date.isoformat(timespec="microseconds" if date.microsecond else "seconds")


def item_id(article: Article) -> tuple[str, bool]:
    """The item's id and whether it is its permalink (see the module docstring)."""
    guid = article.extra.get("guid")
    if isinstance(guid, str) and guid.strip():
        return guid, guid == article.permalink
    if article.permalink:
        return article.permalink, True
    seed = "\0".join([article.title or "", article.date_raw or "", article.text])
    return "urn:sha1:" + hashlib.sha1(seed.encode("utf-8", "surrogatepass")).hexdigest(), False


def body_html(article: Article) -> str:
    """The body as HTML: every text escaped, every URL checked (`blocks_html`)."""
    return xml_text(blocks_html(article.blocks, heading_offset=0))


def fragment(element: etree._Element) -> bytes:
    """`element` as UTF-8 XML and a line break, without the namespace declarations of its start
    tag: it is written inside the document's root element, which declares them once."""
    data: bytes = etree.tostring(element, encoding="utf-8")
    return _DECLARATIONS.sub(rb"\1", data, count=1) + b"\n"
