"""The `Article`: a post's front-matter fields and its body.

`FIELD_KEYS` names the front-matter keys each field is read from; the readers and the writers
both use it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TypeAlias

import attrs

from newsdoc.errors import ArgumentTypeError, Problem
from newsdoc.model.nodes import Block
from newsdoc.model.origin import Origin
from newsdoc.model.text import block_texts

__all__ = ["FIELD_KEYS", "Article", "JSONValue", "each_article", "require_article"]

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


def _freeze_str_tuple(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _freeze_categories(value: Iterable[Iterable[str]]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(path) for path in value)


def _short(text: str, width: int) -> str:
    """`text`'s repr, cut to about `width` characters (an ellipsis marks the cut)."""
    shown = repr(text if len(text) <= width else text[: width - 1] + "…")
    return shown if len(shown) <= width + 2 else shown[: width - 1] + "…"


def summary_repr(article: Article) -> str:
    """`Article`'s repr: the fields a reader tells posts apart by, each cut short, and counts."""
    parts = [f"title={_short(article.title, 60)}"] if article.title is not None else []
    if article.date is not None:
        parts.append(f"date={article.date.isoformat()}")
    elif article.date_raw is not None:
        parts.append(f"date_raw={_short(article.date_raw, 40)}")
    if article.authors:
        names = [_short(name, 30) for name in article.authors[:3]]
        more = f", … {len(article.authors) - 3} more" if len(article.authors) > 3 else ""
        comma = "," if len(article.authors) == 1 else ""  # as a tuple of one is written
        parts.append(f"authors=({', '.join(names)}{more}{comma})")
    parts.append(f"blocks={len(article.blocks)}")
    if article.problems:
        parts.append(f"problems={len(article.problems)}")
    if article.source is not None:
        parts.append(f"source={_short(article.source, 80)}")
    return f"<Article {' '.join(parts)}>"


@attrs.frozen(kw_only=True, repr=False)
class Article:
    """A post: its front-matter fields and its body as blocks.

    Build one with `newsdoc.parse` or `newsdoc.load`, or with keyword arguments (``authors``,
    ``tags``, ``blocks`` and ``problems`` take any iterable, ``categories`` an iterable of
    iterables; each is stored as a tuple); change one with `attrs.evolve`. Its repr is a
    one-line summary; `article.blocks` shows the whole body tree and
    `newsdoc.to_json(article, indent=1)` every field.

    Attributes:
        title: The title, exactly as written (never re-typed by YAML).
        authors: The authors' names, from ``author``/``authors``.
        date: The publication date, timezone-aware; None if absent or unreadable.
        date_raw: The ``date`` value exactly as written in the front matter.
        updated: The last-update date (``updated``/``lastmod``/``modified``), timezone-aware.
        updated_raw: The update date exactly as written.
        categories: The categories as hierarchies, with Hexo's meaning: a flat list is one
            hierarchy (``("新媒体", "观察者网", "首页")``); when any item is itself a list,
            every item starts a hierarchy of its own.
        tags: The tags, in order.
        image: The lead image URL (``headimg``, ``image``, ``cover``, ``banner``, …).
        thumbnail: The thumbnail URL.
        comments: Whether comments are enabled; None if the front matter does not say.
        draft: True for ``draft: true`` or ``published: false``.
        summary: The summary: ``excerpt``/``summary``/``description``, or the body before
            ``<!--more-->``.
        slug: The ``slug``, if given.
        permalink: The ``permalink`` (or ``link``), if given.
        lang: The language (``lang``/``language``), if given.
        extra: Every other front-matter key, in order, with JSON-compatible values.
        blocks: The body.
        source: Where the article came from (a path or a name); not part of equality.
        problems: Non-fatal findings of a lenient parse; not part of equality.
        origin: How the post was written (keys, order, spelling, dialect, and the body when
            parsed with ``keep_body=True``), for writing it back faithfully; None for an
            article built by a program; not part of equality.

    Examples:
        >>> import newsdoc
        >>> a = newsdoc.parse("---\\ntitle: Hi\\n---\\n<p>Hello <b>world</b></p>", source="hi.md")
        >>> a
        <Article title='Hi' blocks=1 source='hi.md'>
        >>> a.blocks
        (Paragraph(children=(Text(value='Hello '), Strong(children=(Text(value='world'),)))),)
        >>> a.title, a.text
        ('Hi', 'Hello world')
    """

    title: str | None = None
    authors: tuple[str, ...] = attrs.field(default=(), converter=_freeze_str_tuple)
    date: dt.datetime | None = None
    date_raw: str | None = None
    updated: dt.datetime | None = None
    updated_raw: str | None = None
    categories: tuple[tuple[str, ...], ...] = attrs.field(default=(), converter=_freeze_categories)
    tags: tuple[str, ...] = attrs.field(default=(), converter=_freeze_str_tuple)
    image: str | None = None
    thumbnail: str | None = None
    comments: bool | None = None
    draft: bool = False
    summary: str | None = None
    slug: str | None = None
    permalink: str | None = None
    lang: str | None = None
    extra: Mapping[str, JSONValue] = attrs.field(factory=dict, hash=False)
    blocks: tuple[Block, ...] = attrs.field(default=(), converter=_freeze_blocks)
    source: str | None = attrs.field(default=None, eq=False)
    problems: tuple[Problem, ...] = attrs.field(default=(), converter=_freeze_problems, eq=False)
    origin: Origin | None = attrs.field(default=None, eq=False)

    def __repr__(self) -> str:
        """A one-line summary: title, date, authors, counts of blocks and problems, source."""
        return summary_repr(self)

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


def require_article(value: object, call: str) -> Article:
    """`value`, checked to be an `Article` (the writers' main argument).

    Raises:
        ArgumentTypeError: It is not one (``to_json(): article must be an Article, not None``).
    """
    if not isinstance(value, Article):
        raise ArgumentTypeError.of(call, "article", "an Article", value, _hint(value))
    return value


def each_article(articles: Iterable[Article], call: str) -> Iterator[Article]:
    """The items of `articles`, each checked to be an `Article`, as they come.

    Raises:
        ArgumentTypeError: `articles` is not iterable, or holds what is not an `Article`.
    """
    if isinstance(articles, Article | str | bytes) or not isinstance(articles, Iterable):
        wanted = "an iterable of Article"
        raise ArgumentTypeError.of(call, "articles", wanted, articles, _hint(articles))
    for article in articles:
        if not isinstance(article, Article):
            item = "each item of articles"
            raise ArgumentTypeError.of(call, item, "an Article", article, _hint(article))
        yield article


def _hint(value: object) -> str:
    if isinstance(value, Article):
        return "pass a list of one"
    if hasattr(value, "article") and hasattr(value, "error"):  # a LoadResult
        return "a LoadResult's article is its .article"
    return ""
