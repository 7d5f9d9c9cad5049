"""python-frontmatter interop: `from_post` and `to_post`, between `frontmatter.Post` and `Article`.

Needs ``pip install "newsdoc[frontmatter]"`` (python-frontmatter, imported only when called).

- `to_post` writes the article with `newsdoc.to_markdown` (the post's own keys and order, as
  YAML) and reads it with ``frontmatter.loads``: the Post's metadata is exactly what
  python-frontmatter reads from the post newsdoc would write, its content the body.
- `from_post` writes the Post's metadata as YAML that every reader reads alike (strings that
  YAML 1.1 or 1.2 would type are quoted, key order kept) above its content, and parses that.
  PyYAML already typed the metadata when the Post was loaded (``time: 23:00:00`` is 82800 in
  the Post): what was lost there cannot come back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from newsdoc.api import parse
from newsdoc.errors import ArgumentTypeError, SchemaError
from newsdoc.io import require
from newsdoc.model import Article
from newsdoc.model.article import require_article
from newsdoc.serializers.markdown.dialects import yaml_entry
from newsdoc.serializers.markdown.writer import to_markdown

if TYPE_CHECKING:
    import frontmatter

__all__ = ["from_post", "to_post"]


def to_post(article: Article) -> frontmatter.Post:
    """The article as a python-frontmatter Post (see the module docstring).

    Args:
        article: The article.

    Returns:
        A `frontmatter.Post`: metadata as python-frontmatter reads the written post, content
        the body as `newsdoc.to_markdown` writes it (as written, if kept).

    Raises:
        ArgumentTypeError: `article` is not an `Article`.
        MissingDependencyError: python-frontmatter is not installed.
        SchemaError: As `newsdoc.to_markdown`.

    Examples:
        >>> import newsdoc
        >>> post = newsdoc.to_post(newsdoc.parse("---\\ntitle: '10:00'\\nauthor: Ann\\n---\\nHi"))
        >>> post.metadata, post.content
        ({'title': '10:00', 'author': 'Ann'}, 'Hi')
    """
    require_article(article, "to_post")
    fm = require("frontmatter", "frontmatter")
    post: frontmatter.Post = fm.loads(to_markdown(article, front_matter="yaml"))
    return post


def _plain(value: Any, key: str) -> Any:
    """A metadata value as YAML writes it for newsdoc: dates as their ISO text."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v, key) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item, key) for item in value]
    if value is None or isinstance(value, str | int | float):
        return value
    raise SchemaError(f"{key!r}: {type(value).__name__} cannot go into a front matter")


def from_post(post: frontmatter.Post, *, source: str | None = None) -> Article:
    """An article from a python-frontmatter Post: its metadata and its content.

    Args:
        post: The Post (``frontmatter.load(...)``, ``frontmatter.Post(content, **metadata)``).
        source: A name for the article (a path), as in `newsdoc.parse`.

    Returns:
        The article, read from the Post's metadata written as YAML and its content.

    Raises:
        ArgumentTypeError: `post` has no ``metadata`` mapping and ``content`` text.
        SchemaError: A metadata value that is not plain data (a set, an object).

    Examples:
        >>> import frontmatter, newsdoc
        >>> post = frontmatter.Post("Hi", title="no", tags=["a", "b"])
        >>> article = newsdoc.from_post(post)
        >>> article.title, article.tags, article.text
        ('no', ('a', 'b'), 'Hi')
    """
    metadata = getattr(post, "metadata", None)
    if not isinstance(metadata, Mapping) or not isinstance(getattr(post, "content", None), str):
        wanted = "a frontmatter.Post (metadata and content)"
        raise ArgumentTypeError.of("from_post", "post", wanted, post)
    head = "".join(yaml_entry(str(key), _plain(value, str(key))) for key, value in metadata.items())
    text = f"---\n{head}---\n\n{post.content}\n" if head else f"{post.content}\n"
    return parse(text, source=source)
