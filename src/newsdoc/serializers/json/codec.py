"""Lossless JSON for `Article`: `to_json`/`from_json`, `to_dict`/`from_dict`, `json_schema`.

``from_json(to_json(article)) == article``, and ``source``, ``problems`` and ``origin`` come back
as well.
`json_schema` returns the JSON Schema (draft 2020-12) of the encoding (``schema.json`` here).

How each type is encoded:

- `Article`: an object, ``"schema_version": 4`` first, then every field under its attribute name
  in declaration order: title, authors, date, date_raw, updated, updated_raw, categories, tags,
  image, thumbnail, comments, draft, summary, slug, permalink, lang, extra, blocks, source,
  problems, origin.  Every key is always written; None is ``null``.  Version 1 (no ``origin``)
  is still read, as an article with no origin; versions 1 and 2 (no ``spread``) as articles
  whose lists are all tight; versions 1 to 3 (no ``checked``) as articles with no task items.
- ``origin`` (how the post was written, for `to_markdown`): see
  `newsdoc.serializers.json.origin`; null for an article built by a program.
- `datetime.datetime` (``date``, ``updated``): an RFC 3339 string by ``isoformat()``, the UTC
  offset kept as it was (``+08:00``), microseconds when not zero; read back with
  `datetime.datetime.fromisoformat` as a fixed-offset `datetime.timezone` (a named zone's
  name is not kept; the parsers only make fixed offsets).  A datetime without a UTC offset is
  refused both ways.
- tuples: arrays; ``categories``: an array of arrays of strings.
- ``extra``: the object as it is (checked, not copied): string keys; values null, booleans,
  integers, finite floats, strings, lists and dicts of them.  Anything else (tuples, NaN, sets,
  dates, non-string keys, cycles) would not read back equal, so it is refused.
- `Problem`: ``{"code", "message", "source", "line", "column"}``.
- Nodes: mdast-style objects, ``"type"`` first, then the scalar attributes, then the nested
  content.  Every key is always written (None as ``null``) and required when read:

  - ``text``, ``inlineCode``: value.  ``break``, ``thematicBreak``: nothing else.
  - ``strong``, ``emphasis``, ``delete``, ``paragraph``: children (inlines).
  - ``link``: url, title, children (inlines).  ``image``: url, alt, title.
  - ``heading``: depth (1 to 6), children (inlines).
  - ``list``: ordered, start, spread, items (``listItem`` objects: spread, checked, a GFM
    task's state or null; children, blocks).
  - ``blockquote``: children (blocks).  ``code``: value, lang.  ``embed``: kind, url, title.
  - ``figure``: image (an ``image`` object), caption (inlines).
  - ``table``: align (``"left"``, ``"right"``, ``"center"`` or null per column), rows
    (``tableRow`` objects: cells, ``tableCell`` objects: children, inlines).

Errors: reading raises `SchemaError` for bad JSON text, wrong types, unknown or misplaced node
types, missing or unknown keys and a newer ``schema_version``; its message starts with the JSON
path (``blocks[3].children[0]: unknown node type 'foo'``; ``$`` is the document itself) and the
original exception, if any, is chained.  Writing raises `SchemaError` for what JSON cannot carry
back (a naive datetime, a non-JSON ``extra``, a non-node among the nodes).  Nesting deeper than
Python's recursion limit allows is a `SchemaError` both ways.  `from_dict` also takes tuples
for arrays and any mapping for a node; in JSON text a repeated key keeps its last value.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import attrs

from newsdoc.errors import ArgumentTypeError, SchemaError
from newsdoc.model import Article
from newsdoc.model.article import require_article
from newsdoc.serializers.json.origin import origin_in
from newsdoc.serializers.json.read import SCHEMA_VERSION, PathError, article_in
from newsdoc.serializers.json.write import article_dict, article_text, encoder

__all__ = ["SCHEMA_VERSION", "from_dict", "from_json", "json_schema", "to_dict", "to_json"]

_T = TypeVar("_T")


def to_dict(article: Article) -> dict[str, Any]:
    """The article as JSON-ready dicts and lists (see the module docstring).

    Args:
        article: The article; ``extra`` goes into the result as is, not copied.

    Returns:
        A dict that `json.dumps` can write and `from_dict` turns back into an equal article.

    Raises:
        ArgumentTypeError: `article` is not an `Article`.
        SchemaError: A datetime has no UTC offset, ``extra`` holds a value JSON cannot carry
            back equal, or a node list holds something that is not a node of its kind.

    Examples:
        >>> import newsdoc
        >>> data = to_dict(newsdoc.parse("---\\ntitle: Hi\\n---\\nHello"))
        >>> data["schema_version"], data["title"], data["blocks"]
        (4, 'Hi', [{'type': 'paragraph', 'children': [{'type': 'text', 'value': 'Hello'}]}])
    """
    return _write(article_dict, require_article(article, "to_dict"))


def to_json(article: Article, *, indent: int | None = None) -> str:
    """The article as JSON text; Chinese and other non-ASCII text stays as it is.

    Args:
        article: The article.
        indent: Spaces per nesting level; None writes one compact line.

    Returns:
        JSON text that `from_json` turns back into an equal article.

    Raises:
        ArgumentTypeError: `article` is not an `Article`.
        SchemaError: As `to_dict`, or an integer in ``extra`` too long for `json` to write.

    Examples:
        >>> import newsdoc
        >>> to_json(newsdoc.parse("---\\ntitle: 你好\\n---\\n"))[:33]
        '{"schema_version":4,"title":"你好",'
    """
    require_article(article, "to_json")
    if indent is None:
        return _write(article_text, article)
    return _write(lambda found: encoder(indent).encode(article_dict(found)), article)


def _write(writer: Callable[[Article], _T], article: Article) -> _T:
    try:
        return writer(article)
    except PathError as exc:
        raise exc.error() from exc.__cause__
    except KeyError as exc:  # only the writers' node tables raise it: a type they do not know
        kind = getattr(exc.args[0], "__name__", exc.args[0])
        message = f"cannot encode a {kind} there: not a node of the kind expected"
        raise SchemaError(message, path="$") from exc
    except RecursionError as exc:
        raise SchemaError("the article is nested too deeply to write", path="$") from exc
    except (ValueError, TypeError) as exc:  # too many digits; a field of the wrong type
        raise SchemaError(f"cannot write as JSON: {exc}", path="$") from exc


def from_dict(data: Mapping[str, Any]) -> Article:
    """Build an article from `to_dict` output, checking everything on the way.

    Args:
        data: A mapping of the shape `json_schema` describes; ``extra`` is used as is.

    Returns:
        The article, ``source`` and ``problems`` included.

    Raises:
        SchemaError: The data does not describe an article; the message starts with the path.

    Examples:
        >>> import newsdoc
        >>> article = newsdoc.parse("---\\ntitle: Hi\\n---\\nHello")
        >>> from_dict(to_dict(article)) == article
        True
    """
    try:
        if not isinstance(data, Mapping) or "origin" not in data:
            return article_in(data)
        article = article_in({key: value for key, value in data.items() if key != "origin"})
        return attrs.evolve(article, origin=origin_in(data["origin"], article))
    except PathError as exc:
        raise exc.error() from exc.__cause__
    except RecursionError as exc:
        raise SchemaError("nested too deeply", path="$") from exc


def from_json(text: str | bytes) -> Article:
    """Read an article from `to_json` output.

    Args:
        text: The JSON text, as str or as UTF-8 (or UTF-16/32) bytes.

    Returns:
        The article, ``source`` and ``problems`` included.

    Raises:
        ArgumentTypeError: `text` is neither str nor bytes (`from_dict` reads parsed JSON).
        SchemaError: The text is not JSON, or not an article; the message starts with the path.

    Examples:
        >>> import newsdoc
        >>> article = newsdoc.parse("---\\ntitle: Hi\\n---\\nHello", source="post.md")
        >>> back = from_json(to_json(article))
        >>> back == article, back.source
        (True, 'post.md')
    """
    if not isinstance(text, str | bytes | bytearray):
        hint = "newsdoc.from_dict() reads parsed JSON" if isinstance(text, Mapping) else ""
        raise ArgumentTypeError.of("from_json", "text", "JSON text (str or bytes)", text, hint)
    try:
        data = json.loads(text)
    except RecursionError as exc:
        raise SchemaError("nested too deeply", path="$") from exc
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError, too many digits
        raise SchemaError(f"not valid JSON: {exc}", path="$") from exc
    return from_dict(data)


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of `to_dict` output.

    Returns:
        A fresh dict each call (the file is read once).

    Examples:
        >>> schema = json_schema()
        >>> schema["title"], schema["properties"]["schema_version"]["const"]
        ('newsdoc Article', 4)
    """
    schema: dict[str, Any] = json.loads(_schema_text())
    return schema


@functools.cache
def _schema_text() -> str:
    resource = importlib.resources.files("newsdoc.serializers.json").joinpath("schema.json")
    return resource.read_text(encoding="utf-8")
