"""A feed item's `Origin`: the keys of a Hexo post, as an RSS-to-Hexo generator writes them.

`newsdoc.to_markdown` then writes the article of a feed item the way the posts of
``corpus/seed`` were written: ``title``, ``categories``, ``tags``, ``author`` (a scalar for one
name), ``date`` and ``updated`` as the feed wrote them, ``image``, ``thumbnail``, ``excerpt``,
``link``, ``lang``, then ``guid`` and ``feed`` — each only when it has a value — and, when the
item was read with ``keep_body=True``, the body as the feed gave it (HTML) rather than as
CommonMark.
"""

from __future__ import annotations

from typing import Any

from newsdoc.model import Article
from newsdoc.model.origin import Entry, Origin, field_values

__all__ = ["HEXO_KEYS", "feed_origin"]

HEXO_KEYS = (
    ("title", "title"), ("categories", "categories"), ("tags", "tags"), ("author", "authors"),
    ("date", "date"), ("updated", "updated"), ("image", "image"), ("thumbnail", "thumbnail"),
    ("excerpt", "summary"), ("link", "permalink"), ("lang", "lang"),
)  # fmt: skip
"The front-matter keys written for a feed item, in order, and the field each holds."


def _value(article: Article, field: str) -> Any:
    if field in ("date", "updated"):
        return getattr(article, f"{field}_raw")
    value = getattr(article, field)
    if field == "authors":
        return None if not value else value[0] if len(value) == 1 else list(value)
    if field == "categories":
        return None if not value else [list(path) for path in value]
    if field == "tags":
        return list(value) or None
    return value


def feed_origin(article: Article, body: str | None) -> Origin:
    """The origin of a feed item's article: Hexo's keys; `body` is the item's body, if kept."""
    entries = [
        Entry(key=key, field=field, value=value, text=None)
        for key, field in HEXO_KEYS
        if (value := _value(article, field)) is not None
    ]
    entries += [Entry(key=key, field=None, value=value, text=None)
                for key, value in article.extra.items()]  # fmt: skip
    return Origin(
        dialect="yaml",
        head=None,
        opening="---\n",
        closing="---\n",
        entries=tuple(entries),
        read=field_values(article),
        body=body,
        blocks=article.blocks if body is not None else (),
    )
