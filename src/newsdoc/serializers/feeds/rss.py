"""RSS 2.0 (https://www.rssboard.org/rss-specification): the channel's head and one ``<item>``.

An item holds, each only when the article has it:

- ``title`` (HTML-escaped when it holds what a reader would take for HTML, ``&#123;`` or
  ``</b>``: RSS does not say whether a title is text or HTML, and readers guess); ``link`` (the
  permalink); one ``guid`` (`newsdoc.serializers.feeds.common.item_id`,
  ``isPermaLink="false"`` unless it is the link);
- ``pubDate``, RFC 822 (``updated`` has no RSS element: ``atom:updated`` holds it);
- one ``dc:creator`` per author (RSS's own ``author`` must be an e-mail address);
- one ``category`` per category (a hierarchy joined with ``/``, as RSS 2.0 writes one) and per
  tag;
- ``description``: the summary (HTML-escaped) when there is one, the body otherwise;
  ``content:encoded``: the body as HTML, when the summary took ``description``;
- ``media:content medium="image"`` for the image, ``media:thumbnail`` for the thumbnail.
"""

from __future__ import annotations

import html
import re

from lxml import etree

from newsdoc.model import Article
from newsdoc.serializers.feeds.common import body_html, item_id, rfc822, rfc3339, xml_text

__all__ = ["NAMESPACES", "channel_elements", "rss_item"]

NAMESPACES = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "media": "http://search.yahoo.com/mrss/",
}
"The namespaces the ``<rss>`` element declares."


# What readers take for HTML in an RSS element that RSS leaves untyped (feedparser's
# looks_like_html): a closing tag or a character reference.
_LOOKS_LIKE_HTML = re.compile(r"</\w+>|&#?\w+;")


def _as_html(text: str | None) -> str | None:
    """Text that reads back as itself whether a reader takes it for text or for HTML."""
    return html.escape(text, quote=False) if text and _LOOKS_LIKE_HTML.search(text) else text


def _q(prefix: str, name: str) -> str:
    return f"{{{NAMESPACES[prefix]}}}{name}"


def _add(parent: etree._Element, tag: str, text: str | None) -> None:
    if text is not None:
        etree.SubElement(parent, tag).text = xml_text(text)


def channel_elements(
    *, title: str, link: str, description: str, lang: str | None, generator: str
) -> list[etree._Element]:
    """The channel's own elements, written before its items."""
    channel = etree.Element("channel")
    _add(channel, "title", title)
    _add(channel, "link", link or None)
    _add(channel, "description", description)
    _add(channel, "language", lang)
    _add(channel, "generator", generator)
    return list(channel)


def rss_item(article: Article) -> etree._Element:
    """One ``<item>`` (see the module docstring)."""
    item = etree.Element("item", nsmap=NAMESPACES)  # no made-up prefixes when written alone
    _add(item, "title", _as_html(article.title))
    _add(item, "link", article.permalink)
    guid, is_link = item_id(article)
    element = etree.SubElement(item, "guid", isPermaLink="true" if is_link else "false")
    element.text = xml_text(guid)
    if article.date is not None:
        _add(item, "pubDate", rfc822(article.date))
    if article.updated is not None:
        _add(item, _q("atom", "updated"), rfc3339(article.updated))
    for name in article.authors:
        _add(item, _q("dc", "creator"), name)
    for path in article.categories:
        _add(item, "category", "/".join(path))
    for tag in article.tags:
        _add(item, "category", tag)
    body = body_html(article)
    if article.summary:
        _add(item, "description", html.escape(article.summary, quote=False))
        _add(item, _q("content", "encoded"), body)
    else:
        _add(item, "description", body)
    if article.image:
        etree.SubElement(item, _q("media", "content"), url=xml_text(article.image), medium="image")
    if article.thumbnail:
        etree.SubElement(item, _q("media", "thumbnail"), url=xml_text(article.thumbnail))
    return item
