"""Writing an `Article` as JSON: as dicts (`article_dict`) and straight as text (`article_text`).

Private to `newsdoc.serializers.json.codec`, which documents the encoding.  Both writers give the
same document; the text writer skips the dicts (and `json`'s generic walk over them), which makes
`to_json` about twice as fast.  Strings are escaped by `json`'s own C function, so the text is
what ``json.dumps(..., ensure_ascii=False, separators=(",", ":"))`` would write.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from json.encoder import encode_basestring as _quote
from typing import Any, Final

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
from newsdoc.serializers.json.origin import origin_out
from newsdoc.serializers.json.read import SCHEMA_VERSION, PathError, check_json

_Json = dict[str, Any]


def encoder(indent: int | None) -> json.JSONEncoder:
    """The `json` encoder for to_json's output: non-ASCII kept, compact unless indented."""
    # No circular check: the writers build everything but extra, and check_json checks extra.
    return json.JSONEncoder(
        ensure_ascii=False,
        check_circular=False,
        allow_nan=False,
        indent=indent,
        separators=(",", ":") if indent is None else None,
    )


_COMPACT: Final = encoder(None)


def _checked_extra(article: Article) -> dict[str, Any]:
    extra = article.extra
    if type(extra) is not dict:
        extra = dict(extra)
    check_json(extra, "extra")
    return extra


def _datetime_out(value: dt.datetime | None, key: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, dt.datetime) or value.utcoffset() is None:
        raise PathError(f"expected a datetime with a UTC offset, got {value!r}", key)
    return value.isoformat()


# ------------------------------------------------------------------- dicts


def article_dict(article: Article) -> _Json:
    """The article as dicts and lists; KeyError names a type that is not a node of its place."""
    extra = _checked_extra(article)
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
        "blocks": _blocks(article.blocks),
        "source": article.source,
        "problems": [
            {"code": p.code, "message": p.message, "source": p.source, "line": p.line,
             "column": p.column}
            for p in article.problems
        ],
        "origin": origin_out(article),
    }  # fmt: skip


def _inlines(nodes: Sequence[Inline]) -> list[_Json]:
    return [_INLINE[type(node)](node) for node in nodes]


def _blocks(nodes: Sequence[Block]) -> list[_Json]:
    return [_BLOCK[type(node)](node) for node in nodes]


def _image(node: Image) -> _Json:
    return {"type": "image", "url": node.url, "alt": node.alt, "title": node.title}


def _table_row(node: TableRow) -> _Json:
    return {"type": "tableRow", "cells": [_CELL[type(cell)](cell) for cell in node.cells]}


_Writer = Callable[[Any], Any]
_INLINE: Final[dict[type[Any], _Writer]] = {
    Text: lambda n: {"type": "text", "value": n.value},
    Strong: lambda n: {"type": "strong", "children": _inlines(n.children)},
    Emphasis: lambda n: {"type": "emphasis", "children": _inlines(n.children)},
    Delete: lambda n: {"type": "delete", "children": _inlines(n.children)},
    InlineCode: lambda n: {"type": "inlineCode", "value": n.value},
    Link: lambda n: {
        "type": "link",
        "url": n.url,
        "title": n.title,
        "children": _inlines(n.children),
    },
    Image: _image,
    Break: lambda n: {"type": "break"},
}
_BLOCK: Final[dict[type[Any], _Writer]] = {
    Paragraph: lambda n: {"type": "paragraph", "children": _inlines(n.children)},
    Heading: lambda n: {"type": "heading", "depth": n.depth, "children": _inlines(n.children)},
    List: lambda n: {
        "type": "list", "ordered": n.ordered, "start": n.start, "spread": n.spread,
        "items": [_ITEM[type(item)](item) for item in n.items],
    },
    Blockquote: lambda n: {"type": "blockquote", "children": _blocks(n.children)},
    Code: lambda n: {"type": "code", "value": n.value, "lang": n.lang},
    Figure: lambda n: {
        "type": "figure", "image": _IMAGE[type(n.image)](n.image), "caption": _inlines(n.caption)
    },
    Table: lambda n: {
        "type": "table", "align": list(n.align),
        "rows": [_ROW[type(row)](row) for row in n.rows],
    },
    ThematicBreak: lambda n: {"type": "thematicBreak"},
    Embed: lambda n: {"type": "embed", "kind": n.kind, "url": n.url, "title": n.title},
}  # fmt: skip
_ITEM: Final[dict[type[Any], _Writer]] = {
    ListItem: lambda n: {
        "type": "listItem",
        "spread": n.spread,
        "checked": n.checked,
        "children": _blocks(n.children),
    },
}
_ROW: Final[dict[type[Any], _Writer]] = {TableRow: _table_row}
_CELL: Final[dict[type[Any], _Writer]] = {
    TableCell: lambda n: {"type": "tableCell", "children": _inlines(n.children)}
}
_IMAGE: Final[dict[type[Any], _Writer]] = {Image: _image}

# -------------------------------------------------------------------- text


def article_text(article: Article) -> str:
    """The article as compact JSON text, the same document `article_dict` gives."""
    extra = _COMPACT.encode(_checked_extra(article))
    date = _datetime_out(article.date, "date")
    updated = _datetime_out(article.updated, "updated")
    categories = ",".join(["[" + ",".join(map(_quote, path)) + "]" for path in article.categories])
    problems = ",".join([
        f'{{"code":{_quote(p.code)},"message":{_quote(p.message)},"source":{_opt(p.source)},'
        f'"line":{_opt_int(p.line)},"column":{_opt_int(p.column)}}}'
        for p in article.problems
    ])  # fmt: skip
    a = article
    return (
        f'{{"schema_version":{SCHEMA_VERSION},"title":{_opt(a.title)},'
        f'"authors":[{",".join(map(_quote, a.authors))}],"date":{_opt(date)},'
        f'"date_raw":{_opt(a.date_raw)},"updated":{_opt(updated)},'
        f'"updated_raw":{_opt(a.updated_raw)},"categories":[{categories}],'
        f'"tags":[{",".join(map(_quote, a.tags))}],"image":{_opt(a.image)},'
        f'"thumbnail":{_opt(a.thumbnail)},"comments":{_opt_bool(a.comments)},'
        f'"draft":{_opt_bool(a.draft)},"summary":{_opt(a.summary)},"slug":{_opt(a.slug)},'
        f'"permalink":{_opt(a.permalink)},"lang":{_opt(a.lang)},"extra":{extra},'
        f'"blocks":[{_blocks_text(a.blocks)}],"source":{_opt(a.source)},"problems":[{problems}],'
        f'"origin":{_COMPACT.encode(origin_out(a))}}}'
    )


def _opt(value: str | None) -> str:
    return "null" if value is None else _quote(value)


def _opt_int(value: int | None) -> str:
    return "null" if value is None else int.__repr__(value)


def _opt_bool(value: bool | None) -> str:
    return "null" if value is None else "true" if value else "false"


def _inlines_text(nodes: Sequence[Inline]) -> str:
    return ",".join([_INLINE_TEXT[type(node)](node) for node in nodes])


def _blocks_text(nodes: Sequence[Block]) -> str:
    return ",".join([_BLOCK_TEXT[type(node)](node) for node in nodes])


def _image_text(n: Image) -> str:
    return f'{{"type":"image","url":{_quote(n.url)},"alt":{_quote(n.alt)},"title":{_opt(n.title)}}}'


def _list_text(n: List) -> str:
    items = ",".join([_ITEM_TEXT[type(item)](item) for item in n.items])
    ordered = _opt_bool(n.ordered)
    start = _opt_int(n.start)
    spread = _opt_bool(n.spread)
    return (
        f'{{"type":"list","ordered":{ordered},"start":{start},"spread":{spread},"items":[{items}]}}'
    )


def _table_text(n: Table) -> str:
    align = ",".join([_opt(side) for side in n.align])
    rows = ",".join([_ROW_TEXT[type(row)](row) for row in n.rows])
    return f'{{"type":"table","align":[{align}],"rows":[{rows}]}}'


def _table_row_text(n: TableRow) -> str:
    cells = ",".join([_CELL_TEXT[type(cell)](cell) for cell in n.cells])
    return f'{{"type":"tableRow","cells":[{cells}]}}'


_INLINE_TEXT: Final[dict[type[Any], _Writer]] = {
    Text: lambda n: '{"type":"text","value":' + _quote(n.value) + "}",
    Strong: lambda n: '{"type":"strong","children":[' + _inlines_text(n.children) + "]}",
    Emphasis: lambda n: '{"type":"emphasis","children":[' + _inlines_text(n.children) + "]}",
    Delete: lambda n: '{"type":"delete","children":[' + _inlines_text(n.children) + "]}",
    InlineCode: lambda n: '{"type":"inlineCode","value":' + _quote(n.value) + "}",
    Link: lambda n: (
        f'{{"type":"link","url":{_quote(n.url)},"title":{_opt(n.title)},'
        f'"children":[{_inlines_text(n.children)}]}}'
    ),
    Image: _image_text,
    Break: lambda n: '{"type":"break"}',
}
_BLOCK_TEXT: Final[dict[type[Any], _Writer]] = {
    Paragraph: lambda n: '{"type":"paragraph","children":[' + _inlines_text(n.children) + "]}",
    Heading: lambda n: (
        f'{{"type":"heading","depth":{int.__repr__(n.depth)},'
        f'"children":[{_inlines_text(n.children)}]}}'
    ),
    List: _list_text,
    Blockquote: lambda n: '{"type":"blockquote","children":[' + _blocks_text(n.children) + "]}",
    Code: lambda n: f'{{"type":"code","value":{_quote(n.value)},"lang":{_opt(n.lang)}}}',
    Figure: lambda n: (
        f'{{"type":"figure","image":{_IMAGE_TEXT[type(n.image)](n.image)},'
        f'"caption":[{_inlines_text(n.caption)}]}}'
    ),
    Table: _table_text,
    ThematicBreak: lambda n: '{"type":"thematicBreak"}',
    Embed: lambda n: (
        f'{{"type":"embed","kind":{_quote(n.kind)},"url":{_quote(n.url)},"title":{_opt(n.title)}}}'
    ),
}
_ITEM_TEXT: Final[dict[type[Any], _Writer]] = {
    ListItem: lambda n: (
        f'{{"type":"listItem","spread":{_opt_bool(n.spread)},"checked":{_opt_bool(n.checked)},'
        '"children":[' + _blocks_text(n.children) + "]}"
    )
}
_ROW_TEXT: Final[dict[type[Any], _Writer]] = {TableRow: _table_row_text}
_CELL_TEXT: Final[dict[type[Any], _Writer]] = {
    TableCell: lambda n: '{"type":"tableCell","children":[' + _inlines_text(n.children) + "]}"
}
_IMAGE_TEXT: Final[dict[type[Any], _Writer]] = {Image: _image_text}
