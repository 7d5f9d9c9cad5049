"""Atom 1.0 (RFC 4287): the feed's head and one ``<entry>``.

An entry holds ``id`` (`newsdoc.serializers.feeds.common.item_id`), ``title`` (always: Atom
requires one; empty when the article has none), ``updated`` (required: the article's update
date, else its date, else the feed's), ``published`` (the date), one ``author`` per author,
``link rel="alternate"`` (the permalink), one ``category term`` per category (joined with
``/``) and per tag, ``summary type="text"``, ``content type="html"`` (the body), and the image
and thumbnail as ``link rel="enclosure"`` and ``media:thumbnail``.  Every date is RFC 3339.
"""

from __future__ import annotations

from lxml import etree

from newsdoc.model import Article
from newsdoc.serializers.feeds.common import body_html, item_id, rfc3339, xml_text

__all__ = ["ATOM", "MEDIA", "NSMAP", "atom_entry", "feed_elements"]

ATOM = "http://www.w3.org/2005/Atom"
"The Atom namespace, the feed's default."
MEDIA = "http://search.yahoo.com/mrss/"
"Media RSS, for ``media:thumbnail``."
NSMAP: dict[str | None, str] = {None: ATOM, "media": MEDIA}
"The namespaces of the feed: each element is made with them, so that none gets a made-up prefix."


def _add(parent: etree._Element, name: str, text: str | None, **attributes: str) -> None:
    if text is not None:
        element = etree.SubElement(parent, f"{{{ATOM}}}{name}", attributes)
        element.text = xml_text(text)


def feed_elements(
    *, title: str, link: str, feed_id: str, self_url: str | None, generator: str
) -> list[etree._Element]:
    """The feed's own elements, written before its entries (``updated`` comes after them)."""
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap=NSMAP)  # type: ignore[arg-type]
    _add(feed, "id", feed_id)
    _add(feed, "title", title)
    if link:
        etree.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=xml_text(link))
    if self_url:
        etree.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=xml_text(self_url))
    _add(feed, "generator", generator)
    return list(feed)


def atom_entry(article: Article, *, fallback_updated: str) -> etree._Element:
    """One ``<entry>`` (see the module docstring); `fallback_updated` when it has no date."""
    entry = etree.Element(f"{{{ATOM}}}entry", nsmap=NSMAP)  # type: ignore[arg-type]
    _add(entry, "id", item_id(article)[0])
    _add(entry, "title", article.title or "", type="text")
    latest = article.updated or article.date
    _add(entry, "updated", rfc3339(latest) if latest is not None else fallback_updated)
    if article.date is not None:
        _add(entry, "published", rfc3339(article.date))
    for name in article.authors:
        author = etree.SubElement(entry, f"{{{ATOM}}}author")
        _add(author, "name", name)
    if article.permalink:
        etree.SubElement(entry, f"{{{ATOM}}}link", rel="alternate",
                         href=xml_text(article.permalink))  # fmt: skip
    for term in ["/".join(path) for path in article.categories] + list(article.tags):
        etree.SubElement(entry, f"{{{ATOM}}}category", term=xml_text(term))
    if article.summary:
        _add(entry, "summary", article.summary, type="text")
    _add(entry, "content", body_html(article), type="html")
    if article.image:
        etree.SubElement(entry, f"{{{ATOM}}}link", rel="enclosure", href=xml_text(article.image),
                         type="image/*")  # fmt: skip
    if article.thumbnail:
        etree.SubElement(entry, f"{{{MEDIA}}}thumbnail", url=xml_text(article.thumbnail))
    return entry
