"""The `Article`: a post's front-matter fields and its body.

`FIELD_KEYS` names the front-matter keys each field is read from; the readers and the writers
both use it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, TypeAlias

import attrs

from newsdoc.errors import Problem
from newsdoc.model.nodes import Block, shared_repr
from newsdoc.model.text import block_texts

__all__ = ["FIELD_KEYS", "Article", "JSONValue"]

FIELD_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "authors": ("authors", "author"),
    "date": ("date", "publishdate", "pubdate"),
    "updated": ("updated", "lastmod", "modified", "last_modified_at", "datemodified"),
    "categories": ("categories", "category"),
    "tags": ("tags", "tag"),
    "image": ("image", "headimg", "cover", "banner", "featured_image", "feature_image"),
    "thumbnail": ("thumbnail", "thumb"),
    "comments": ("comments",),
    "draft": ("draft", "published"),
    "summary": ("summary", "excerpt", "description"),
    "slug": ("slug",),
    "permalink": ("permalink", "link"),
    "lang": ("lang", "language"),
}
"The front-matter keys each field is read from, in order of precedence (lower case)."


JSONValue: TypeAlias = Any
"A value JSON can carry: None, bool, int, float, str, list or dict of them."


def _freeze_blocks(value: Iterable[Block]) -> tuple[Block, ...]:
    return tuple(value)


def _freeze_problems(value: Iterable[Problem]) -> tuple[Problem, ...]:
    return tuple(value)


def _freeze_str_tuple(value: Any) -> tuple[str, ...]:
    return tuple(value)


def _freeze_categories(value: Any) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(path) for path in value)


@shared_repr
@attrs.frozen(kw_only=True, repr=False)
class Article:
    """A post: its front-matter fields and its body as blocks.

    Build one with `newsdoc.parse` or `newsdoc.load`; change one with
    `attrs.evolve`.

    Examples:
        >>> import newsdoc
        >>> a = newsdoc.parse("---\\ntitle: Hi\\n---\\n<p>Hello <b>world</b></p>")
        >>> a.title, a.text
        ('Hi', 'Hello world')
    """

    title: str | None = None
    "The title, exactly as written (never re-typed by YAML)."
    authors: tuple[str, ...] = attrs.field(default=(), converter=_freeze_str_tuple)
    "The authors' names, from ``author``/``authors``."
    date: dt.datetime | None = None
    "The publication date, timezone-aware; None if absent or unreadable."
    date_raw: str | None = None
    "The ``date`` value exactly as written in the front matter."
    updated: dt.datetime | None = None
    "The last-update date (``updated``/``lastmod``/``modified``), timezone-aware."
    updated_raw: str | None = None
    "The update date exactly as written."
    categories: tuple[tuple[str, ...], ...] = attrs.field(default=(), converter=_freeze_categories)
    """The categories as hierarchies, with Hexo's meaning: a flat list is one
    hierarchy (``("新媒体", "观察者网", "首页")``); when any item is itself a list,
    every item starts a hierarchy of its own."""
    tags: tuple[str, ...] = attrs.field(default=(), converter=_freeze_str_tuple)
    "The tags, in order."
    image: str | None = None
    "The lead image URL (``headimg``, ``image``, ``cover``, ``banner``, …)."
    thumbnail: str | None = None
    "The thumbnail URL."
    comments: bool | None = None
    "Whether comments are enabled; None if the front matter does not say."
    draft: bool = False
    "True for ``draft: true`` or ``published: false``."
    summary: str | None = None
    "The summary: ``excerpt``/``summary``/``description``, or the body before ``<!--more-->``."
    slug: str | None = None
    "The ``slug``, if given."
    permalink: str | None = None
    "The ``permalink`` (or ``link``/``url``), if given."
    lang: str | None = None
    "The language (``lang``/``language``), if given."
    extra: Mapping[str, JSONValue] = attrs.field(factory=dict, hash=False)
    "Every other front-matter key, in order, with JSON-compatible values."
    blocks: tuple[Block, ...] = attrs.field(default=(), converter=_freeze_blocks)
    "The body."
    source: str | None = attrs.field(default=None, eq=False)
    "Where the article came from (a path or a name); not part of equality."
    problems: tuple[Problem, ...] = attrs.field(default=(), converter=_freeze_problems, eq=False)
    "Non-fatal findings of a lenient parse; not part of equality."

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """The plain text of each text-bearing block, in document order."""
        return block_texts(self.blocks)

    @property
    def text(self) -> str:
        """The body as plain text, blocks separated by a blank line."""
        return "\n\n".join(self.paragraphs)

    @property
    def category_names(self) -> tuple[str, ...]:
        """Every category name once, in order, hierarchies flattened."""
        return tuple(dict.fromkeys(name for path in self.categories for name in path))
