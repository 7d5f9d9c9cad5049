"""An article's fields as a YAML front matter block that `newsdoc.parse` reads back.

Keys, in this order, each only when the field is set: ``title``, ``authors``
(list), ``date`` and ``updated`` (the text as written, ``date_raw``, when there
is one: it reads back to the same date; else RFC 3339), ``categories`` (one
hierarchy: a flat list; several: a list of lists, Hexo's meaning), ``tags``,
``image``, ``thumbnail``, ``comments``, ``draft`` (only ``true``), ``summary``,
``slug``, ``permalink``, ``lang``, then every ``extra`` key in order.

Two rules keep the reading unambiguous:

- when ``extra`` holds another key a field is read from (``published`` for
  ``draft``, ``cover`` for ``image``…), the field's own key is written even when
  the field is empty (``draft: false``, ``image: null``), so the reader takes the
  field from it and leaves the other key in ``extra``;
- an ``extra`` key equal to a key written for a field is left out (YAML has one
  value per key).

Fields that do not travel: ``source`` (where the article was read from, not
content) and ``problems`` (findings of the original parse); a ``date`` without
``date_raw`` comes back with ``date_raw`` set to the RFC 3339 text.
"""

from __future__ import annotations

from typing import Any

import yaml

from newsdoc.errors import SchemaError
from newsdoc.model import Article
from newsdoc.parsers.fields import FIELD_KEYS
from newsdoc.yaml_core import dump

__all__ = ["front_matter_data", "front_matter_text"]

_EMPTY: dict[str, Any] = {
    "title": None,
    "authors": [],
    "date": None,
    "updated": None,
    "categories": [],
    "tags": [],
    "image": None,
    "thumbnail": None,
    "comments": None,
    "draft": False,
    "summary": None,
    "slug": None,
    "permalink": None,
    "lang": None,
}


def front_matter_data(article: Article) -> dict[str, Any]:
    """The front-matter mapping of an article, in the documented key order.

    Args:
        article: The article.

    Returns:
        A mapping of plain YAML-ready values (str, bool, list, and ``extra``'s values).
    """
    data: dict[str, Any] = {}
    if article.title is not None:
        data["title"] = article.title
    if article.authors:
        data["authors"] = list(article.authors)
    date = _date(article.date_raw, article.date)
    if date is not None:
        data["date"] = date
    updated = _date(article.updated_raw, article.updated)
    if updated is not None:
        data["updated"] = updated
    if article.categories:
        paths = article.categories
        data["categories"] = list(paths[0]) if len(paths) == 1 else [list(p) for p in paths]
    if article.tags:
        data["tags"] = list(article.tags)
    for field in ("image", "thumbnail"):
        value = getattr(article, field)
        if value is not None:
            data[field] = value
    if article.comments is not None:
        data["comments"] = article.comments
    if article.draft:
        data["draft"] = True
    for field in ("summary", "slug", "permalink", "lang"):
        value = getattr(article, field)
        if value is not None:
            data[field] = value
    extra = article.extra
    if extra:
        lowered = {str(key).lower() for key in extra}
        for field, empty in _EMPTY.items():
            if field not in data and field not in extra and lowered & set(FIELD_KEYS[field]):
                data[field] = empty
        data = _in_field_order(data)
        for key, value in extra.items():
            if key not in data:
                data[key] = value
    return data


def _date(raw: str | None, value: Any) -> str | None:
    if raw is not None:
        return raw
    return None if value is None else str(value.isoformat())


def _in_field_order(data: dict[str, Any]) -> dict[str, Any]:
    return {field: data[field] for field in _EMPTY if field in data}


def front_matter_text(article: Article) -> str:
    """The front matter block: ``---``, the YAML, ``---``, each line ending in a newline.

    Args:
        article: The article.

    Returns:
        The block (``---\\n---\\n`` when there is nothing to write).

    Raises:
        SchemaError: An ``extra`` value YAML cannot represent (not JSON-compatible).
    """
    data = front_matter_data(article)
    if not data:
        return "---\n---\n"
    try:
        text = dump(data)
    except (yaml.YAMLError, UnicodeEncodeError) as exc:
        raise SchemaError(f"the front matter cannot be written as YAML: {exc}") from exc
    return f"---\n{text}---\n"
