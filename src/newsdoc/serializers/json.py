"""Lossless JSON for `Article`: `to_json`/`from_json`, `to_dict`/`from_dict`, `json_schema`.

``from_json(to_json(article)) == article``, and ``source`` and ``problems`` come back as well.
`json_schema` returns the JSON Schema (draft 2020-12) of the encoding (``schema.json`` here).

How each type is encoded:

- `Article`: an object, ``"schema_version": 1`` first, then every field under its attribute name
  in declaration order: title, authors, date, date_raw, updated, updated_raw, categories, tags,
  image, thumbnail, comments, draft, summary, slug, permalink, lang, extra, blocks, source,
  problems.  Every key is always written; None is ``null``.
- `datetime.datetime` (``date``, ``updated``): an RFC 3339 string by ``isoformat()``, the UTC
  offset kept as it was (``+08:00``), microseconds when not zero; read back with
  `datetime.datetime.fromisoformat`.  A datetime without a UTC offset is refused both ways.
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
  - ``list``: ordered, start, items (``listItem`` objects: children, blocks).
  - ``blockquote``: children (blocks).  ``code``: value, lang.  ``embed``: kind, url, title.
  - ``figure``: image (an ``image`` object), caption (inlines).
  - ``table``: align (``"left"``, ``"right"``, ``"center"`` or null per column), rows
    (``tableRow`` objects: cells, ``tableCell`` objects: children, inlines).

Errors: reading raises `SchemaError` for bad JSON text, wrong types, unknown or misplaced node
types, missing or unknown keys and a newer ``schema_version``; its message starts with the JSON
path (``blocks[3].children[0]: unknown node type 'foo'``; ``$`` is the document itself) and the
original exception, if any, is chained.  Writing raises `SchemaError` for what JSON cannot carry
back (a naive datetime, a non-JSON ``extra``, a non-node among the nodes).  Nesting deeper than
Python's recursion limit allows is a `SchemaError` both ways.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.resources
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from newsdoc.errors import SchemaError
from newsdoc.model import (
    Article,
    Block,
    Blockquote,
    Break,
    Code,
    Delete,
    Embed,
    Emphasis,
    Figure,
    Heading,
    Image,
    Inline,
    InlineCode,
    Link,
    List,
    ListItem,
    Paragraph,
    Strong,
    Table,
    TableCell,
    TableRow,
    Text,
    ThematicBreak,
)
from newsdoc.serializers._json_read import (
    SCHEMA_VERSION,
    PathError,
    article_in,
    check_json,
    describe,
)

__all__ = ["SCHEMA_VERSION", "from_dict", "from_json", "json_schema", "to_dict", "to_json"]

_Json = dict[str, Any]


def to_dict(article: Article) -> dict[str, Any]:
    """The article as JSON-ready dicts and lists (see the module docstring).

    Args:
        article: The article; ``extra`` goes into the result as is, not copied.

    Returns:
        A dict that `json.dumps` can write and `from_dict` turns back into an equal article.

    Raises:
        SchemaError: A datetime has no UTC offset, ``extra`` holds a value JSON cannot carry
            back equal, or a node list holds something that is not a node of its kind.
    """
    try:
        return _article_out(article)
    except PathError as exc:
        raise exc.error() from exc.__cause__
    except KeyError as exc:  # only the node tables below raise it: a type they do not know
        raise SchemaError(f"$: cannot encode {exc.args[0]!r} where a node is expected") from exc
    except RecursionError as exc:
        raise SchemaError("$: the article is nested too deeply to encode") from exc


def to_json(article: Article, *, indent: int | None = None) -> str:
    """The article as JSON text; Chinese and other non-ASCII text stays as it is.

    Args:
        article: The article.
        indent: Spaces per nesting level; None writes one compact line.

    Returns:
        JSON text that `from_json` turns back into an equal article.

    Raises:
        SchemaError: As `to_dict`, or an integer in ``extra`` too long for `json` to write.
    """
    data = to_dict(article)
    encoder = _COMPACT if indent is None else _encoder(indent)
    try:
        return encoder.encode(data)
    except RecursionError as exc:
        raise SchemaError("$: the article is nested too deeply to write as JSON") from exc
    except ValueError as exc:  # integers over Python's limit of digits
        raise SchemaError(f"$: cannot write as JSON: {exc}") from exc


def from_dict(data: Mapping[str, Any]) -> Article:
    """Build an article from `to_dict` output, checking everything on the way.

    Args:
        data: A mapping of the shape `json_schema` describes; ``extra`` is used as is.

    Returns:
        The article, ``source`` and ``problems`` included.

    Raises:
        SchemaError: The data does not describe an article; the message starts with the path.
    """
    try:
        return article_in(data)
    except PathError as exc:
        raise exc.error() from exc.__cause__
    except RecursionError as exc:
        raise SchemaError("$: nested too deeply") from exc


def from_json(text: str | bytes) -> Article:
    """Read an article from `to_json` output.

    Args:
        text: The JSON text, as str or as UTF-8 (or UTF-16/32) bytes.

    Returns:
        The article, ``source`` and ``problems`` included.

    Raises:
        SchemaError: The text is not JSON, or not an article; the message starts with the path.
    """
    if not isinstance(text, str | bytes | bytearray):
        raise SchemaError(f"$: expected JSON text, got {describe(text)}")
    try:
        data = json.loads(text)
    except RecursionError as exc:
        raise SchemaError("$: nested too deeply") from exc
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError, too many digits
        raise SchemaError(f"$: not valid JSON: {exc}") from exc
    return from_dict(data)


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of `to_dict` output.

    Returns:
        A fresh dict each call (the file is read once).
    """
    schema: dict[str, Any] = json.loads(_schema_text())
    return schema


def _encoder(indent: int | None) -> json.JSONEncoder:
    # No circular check: to_dict built everything but extra, and checked extra for cycles.
    return json.JSONEncoder(
        ensure_ascii=False,
        check_circular=False,
        allow_nan=False,
        indent=indent,
        separators=(",", ":") if indent is None else None,
    )


_COMPACT: Final = _encoder(None)


@functools.cache
def _schema_text() -> str:
    resource = importlib.resources.files("newsdoc.serializers").joinpath("schema.json")
    return resource.read_text(encoding="utf-8")


# ----------------------------------------------------------------- writing


def _article_out(article: Article) -> _Json:
    extra = article.extra
    if type(extra) is not dict:
        extra = dict(extra)
    check_json(extra, "extra")
    return {
        "schema_version": SCHEMA_VERSION,
        "title": article.title,
        "authors": list(article.authors),
        "date": _datetime_out(article.date, "date"),
        "date_raw": article.date_raw,
        "updated": _datetime_out(article.updated, "updated"),
        "updated_raw": article.updated_raw,
        "categories": [list(path) for path in article.categories],
        "tags": list(article.tags),
        "image": article.image,
        "thumbnail": article.thumbnail,
        "comments": article.comments,
        "draft": article.draft,
        "summary": article.summary,
        "slug": article.slug,
        "permalink": article.permalink,
        "lang": article.lang,
        "extra": extra,
        "blocks": _blocks_out(article.blocks),
        "source": article.source,
        "problems": [
            {"code": p.code, "message": p.message, "source": p.source, "line": p.line,
             "column": p.column}
            for p in article.problems
        ],
    }  # fmt: skip


def _datetime_out(value: dt.datetime | None, key: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, dt.datetime) or value.utcoffset() is None:
        raise PathError(f"expected a datetime with a UTC offset, got {value!r}", key)
    return value.isoformat()


def _inlines_out(nodes: Sequence[Inline]) -> list[_Json]:
    return [_INLINE_OUT[type(node)](node) for node in nodes]


def _blocks_out(nodes: Sequence[Block]) -> list[_Json]:
    return [_BLOCK_OUT[type(node)](node) for node in nodes]


def _image_out(node: Image) -> _Json:
    return {"type": "image", "url": node.url, "alt": node.alt, "title": node.title}


def _list_item_out(node: ListItem) -> _Json:
    return {"type": "listItem", "children": _blocks_out(node.children)}


def _table_cell_out(node: TableCell) -> _Json:
    return {"type": "tableCell", "children": _inlines_out(node.children)}


def _table_row_out(node: TableRow) -> _Json:
    return {"type": "tableRow", "cells": [_CELL_OUT[type(cell)](cell) for cell in node.cells]}


_Encoder = Callable[[Any], _Json]
_INLINE_OUT: Final[dict[type[Any], _Encoder]] = {
    Text: lambda n: {"type": "text", "value": n.value},
    Strong: lambda n: {"type": "strong", "children": _inlines_out(n.children)},
    Emphasis: lambda n: {"type": "emphasis", "children": _inlines_out(n.children)},
    Delete: lambda n: {"type": "delete", "children": _inlines_out(n.children)},
    InlineCode: lambda n: {"type": "inlineCode", "value": n.value},
    Link: lambda n: {
        "type": "link",
        "url": n.url,
        "title": n.title,
        "children": _inlines_out(n.children),
    },
    Image: _image_out,
    Break: lambda n: {"type": "break"},
}
_BLOCK_OUT: Final[dict[type[Any], _Encoder]] = {
    Paragraph: lambda n: {"type": "paragraph", "children": _inlines_out(n.children)},
    Heading: lambda n: {
        "type": "heading", "depth": n.depth, "children": _inlines_out(n.children)
    },
    List: lambda n: {
        "type": "list", "ordered": n.ordered, "start": n.start,
        "items": [_ITEM_OUT[type(item)](item) for item in n.items],
    },
    Blockquote: lambda n: {"type": "blockquote", "children": _blocks_out(n.children)},
    Code: lambda n: {"type": "code", "value": n.value, "lang": n.lang},
    Figure: lambda n: {
        "type": "figure", "image": _IMAGE_OUT[type(n.image)](n.image),
        "caption": _inlines_out(n.caption),
    },
    Table: lambda n: {
        "type": "table", "align": list(n.align),
        "rows": [_ROW_OUT[type(row)](row) for row in n.rows],
    },
    ThematicBreak: lambda n: {"type": "thematicBreak"},
    Embed: lambda n: {"type": "embed", "kind": n.kind, "url": n.url, "title": n.title},
}  # fmt: skip
_ITEM_OUT: Final[dict[type[Any], _Encoder]] = {ListItem: _list_item_out}
_ROW_OUT: Final[dict[type[Any], _Encoder]] = {TableRow: _table_row_out}
_CELL_OUT: Final[dict[type[Any], _Encoder]] = {TableCell: _table_cell_out}
_IMAGE_OUT: Final[dict[type[Any], _Encoder]] = {Image: _image_out}
