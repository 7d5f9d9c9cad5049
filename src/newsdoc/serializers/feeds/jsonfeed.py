"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1): the feed's head and one item.

An item holds ``id`` (a string, `newsdoc.serializers.feeds.common.item_id`), ``content_html``
(the body as HTML; always, as an item needs it or ``content_text``), and each when the article
has it: ``url`` (the permalink), ``title``, ``content_text`` (the body's plain text),
``summary``, ``image``, ``date_published`` and ``date_modified`` (RFC 3339), ``authors``
(``[{"name": …}]``), ``tags`` (the tags, then each category hierarchy joined with ``/``),
``language``.  Text is written as the XML formats write it (`common.xml_text`).
"""

from __future__ import annotations

from typing import Any

from newsdoc.model import Article
from newsdoc.serializers.feeds.common import body_html, item_id, rfc3339, xml_text

__all__ = ["VERSION", "feed_head", "json_item"]

VERSION = "https://jsonfeed.org/version/1.1"
"The ``version`` written."


def feed_head(
    *, title: str, link: str, self_url: str | None, description: str | None, lang: str | None
) -> dict[str, Any]:
    """The feed's own members, written before ``items``."""
    head: dict[str, Any] = {"version": VERSION, "title": title}
    if link:
        head["home_page_url"] = link
    if self_url:
        head["feed_url"] = self_url
    if description:
        head["description"] = description
    if lang:
        head["language"] = lang
    cleaned: dict[str, Any] = _clean(head)
    return cleaned


def json_item(article: Article) -> dict[str, Any]:
    """One item (see the module docstring)."""
    # content_html always: an item must have it or content_text, even for an empty body.
    item: dict[str, Any] = {"id": item_id(article)[0], "content_html": body_html(article)}
    optional: dict[str, Any] = {
        "url": article.permalink,
        "title": article.title,
        "content_text": article.text,
        "summary": article.summary,
        "image": article.image,
        "date_published": rfc3339(article.date) if article.date else None,
        "date_modified": rfc3339(article.updated) if article.updated else None,
        "authors": [{"name": name} for name in article.authors],
        "tags": list(article.tags) + ["/".join(path) for path in article.categories],
        "language": article.lang,
    }
    item.update((key, value) for key, value in optional.items() if value)
    cleaned: dict[str, Any] = _clean(item)
    return cleaned


def _clean(value: Any) -> Any:
    """`value` with the characters XML cannot hold made U+FFFD, as the other formats write them
    (a lone surrogate would not even be UTF-8)."""
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value
