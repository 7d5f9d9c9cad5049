"""Reading `newsdoc.serializers.json.codec` output back into an `Article`, checking every value.

Private to `newsdoc.serializers.json.codec` (the public functions and the encoding are documented
there); the writers use its `PathError` and `check_json` too.  Failures raise `PathError`, whose
``path`` grows innermost first as it propagates out; the public functions turn it into a
`SchemaError` that names the JSON path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from contextvars import ContextVar
from typing import Any, Final, NoReturn

from newsdoc.errors import Problem
from newsdoc.model import (
    Article,
    Blockquote,
    Break,
    Code,
    Delete,
    Embed,
    Emphasis,
    Figure,
    Heading,
    Image,
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
from newsdoc.serializers.json.checks import PathError, check_json, describe

__all__ = ["ARTICLE_KEYS", "SCHEMA_VERSION", "PathError", "article_in", "check_json", "describe"]

SCHEMA_VERSION: Final = 4
"The version of the encoding `to_dict` writes; `from_dict` refuses newer ones."
_VERSION: Final = ContextVar("newsdoc_json_version", default=SCHEMA_VERSION)
"""The version of the article being read: before 3, lists have no ``spread``; before 4,
items have no ``checked``."""

ARTICLE_KEYS: Final = (
    "schema_version", "title", "authors", "date", "date_raw", "updated", "updated_raw",
    "categories", "tags", "image", "thumbnail", "comments", "draft", "summary", "slug",
    "permalink", "lang", "extra", "blocks", "source", "problems",
)  # fmt: skip
_PROBLEM_KEYS: Final = ("code", "message", "source", "line", "column")
_ALIGNS: Final = ("left", "right", "center")


def _wrong(value: Any, expected: str, *path: str | int) -> PathError:
    return PathError(f"expected {expected}, got {describe(value)}", *path)


def _bad_keys(data: Mapping[str, Any], names: Sequence[str]) -> NoReturn:
    missing = [name for name in names if name not in data]
    if missing:
        raise PathError(f"missing key {missing[0]!r}")
    unknown = next(key for key in data if key not in names)
    raise PathError(f"unknown key {unknown!r}")


# ----------------------------------------------------------------- article


def article_in(data: Any) -> Article:
    """Build the article; every key is required, so a right count means no unknown keys."""
    if not isinstance(data, Mapping):
        raise _wrong(data, "an object")
    if "schema_version" not in data:
        raise PathError("missing key 'schema_version'")
    version = data["schema_version"]
    if type(version) is not int or version < 1:
        raise _wrong(version, "a positive integer", "schema_version")
    if version > SCHEMA_VERSION:
        message = f"version {version} is newer than this newsdoc reads ({SCHEMA_VERSION})"
        raise PathError(message, "schema_version")
    if len(data) != len(ARTICLE_KEYS):
        _bad_keys(data, ARTICLE_KEYS)
    if version >= SCHEMA_VERSION:
        return _article_in(data)
    old = _VERSION.set(version)
    try:
        return _article_in(data)
    finally:
        _VERSION.reset(old)


def _article_in(data: Mapping[str, Any]) -> Article:
    try:
        return Article(
            title=_opt_str(data, "title"),
            authors=_strings(data["authors"], "authors"),
            date=_datetime_in(data, "date"),
            date_raw=_opt_str(data, "date_raw"),
            updated=_datetime_in(data, "updated"),
            updated_raw=_opt_str(data, "updated_raw"),
            categories=tuple(
                _strings(path, index, "categories")
                for index, path in enumerate(_array(data["categories"], "categories"))
            ),
            tags=_strings(data["tags"], "tags"),
            image=_opt_str(data, "image"),
            thumbnail=_opt_str(data, "thumbnail"),
            comments=_opt_bool(data, "comments"),
            draft=_bool(data, "draft"),
            summary=_opt_str(data, "summary"),
            slug=_opt_str(data, "slug"),
            permalink=_opt_str(data, "permalink"),
            lang=_opt_str(data, "lang"),
            extra=_extra_in(data["extra"]),
            blocks=_each(data["blocks"], "blocks", _BLOCK_IN, _A_BLOCK),
            source=_opt_str(data, "source"),
            problems=_problems_in(data["problems"]),
        )
    except KeyError as exc:
        raise PathError(f"missing key {exc.args[0]!r}") from exc


def _str(data: Mapping[str, Any], key: str) -> str:
    value = data[key]
    if type(value) is str:
        return value
    raise _wrong(value, "a string", key)


def _opt_str(data: Mapping[str, Any], key: str) -> str | None:
    value = data[key]
    if value is None or type(value) is str:
        return value
    raise _wrong(value, "a string or null", key)


def _bool(data: Mapping[str, Any], key: str) -> bool:
    value = data[key]
    if value is True or value is False:
        return value
    raise _wrong(value, "true or false", key)


def _opt_bool(data: Mapping[str, Any], key: str) -> bool | None:
    value = data[key]
    if value is None or value is True or value is False:
        return value
    raise _wrong(value, "true, false or null", key)


def _opt_int(data: Mapping[str, Any], key: str) -> int | None:
    value = data[key]
    if value is None or type(value) is int:
        return value
    raise _wrong(value, "an integer or null", key)


def _array(value: Any, *path: str | int) -> Sequence[Any]:
    if type(value) is list or isinstance(value, list | tuple):
        return value
    raise _wrong(value, "an array", *path)


def _strings(value: Any, *path: str | int) -> tuple[str, ...]:
    items = _array(value, *path)
    for index, item in enumerate(items):
        if type(item) is not str:
            raise _wrong(item, "a string", index, *path)
    return tuple(items)


def _datetime_in(data: Mapping[str, Any], key: str) -> dt.datetime | None:
    value = data[key]
    if value is None:
        return None
    if type(value) is not str:
        raise _wrong(value, "an RFC 3339 date-time or null", key)
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise _wrong(value, "an RFC 3339 date-time", key) from exc
    if parsed.utcoffset() is None:
        raise _wrong(value, "a date-time with a UTC offset", key)
    return parsed


def _extra_in(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _wrong(value, "an object", "extra")
    check_json(value, "extra")
    return value


def _problems_in(value: Any) -> tuple[Problem, ...]:
    problems: list[Problem] = []
    for index, item in enumerate(_array(value, "problems")):
        try:
            if not isinstance(item, Mapping):
                raise _wrong(item, "an object")
            if len(item) != len(_PROBLEM_KEYS):
                _bad_keys(item, _PROBLEM_KEYS)
            try:
                problem = Problem(
                    code=_str(item, "code"),
                    message=_str(item, "message"),
                    source=_opt_str(item, "source"),
                    line=_opt_int(item, "line"),
                    column=_opt_int(item, "column"),
                )
            except KeyError as exc:
                raise PathError(f"missing key {exc.args[0]!r}") from exc
        except PathError as exc:
            exc.path += (index, "problems")
            raise
        problems.append(problem)
    return tuple(problems)


# ------------------------------------------------------------------- nodes

_Reader = tuple[tuple[str, ...], Callable[[Mapping[str, Any]], Any]]
"The keys a node of a type has, and the function that builds it."


def _node(value: Any, readers: Mapping[str, _Reader], what: str) -> Any:
    try:
        names, build = readers[value["type"]]
    except (KeyError, TypeError):  # not a mapping, no type, or not a type read here
        _refuse(value, readers, what)
    if len(value) != len(names):
        value = _older(value, names)
    try:
        return build(value)
    except KeyError as exc:  # the key count was right, so an unknown key took its place
        raise PathError(f"missing key {exc.args[0]!r}") from exc


def _older(value: Mapping[str, Any], names: Sequence[str]) -> Mapping[str, Any]:
    """A list or item of an older version as this one has it (before 3 no ``spread``: tight;
    before 4 no ``checked``: no task); any other node whose keys are not its type's is
    refused."""
    version = _VERSION.get()
    if version < 3 and "spread" in names and "spread" not in value:
        value = {**value, "spread": False}
    if version < 4 and "checked" in names and "checked" not in value:
        value = {**value, "checked": None}
    if len(value) == len(names):
        return value
    _bad_keys(value, names)


def _refuse(value: Any, readers: Mapping[str, _Reader], what: str) -> NoReturn:
    if not isinstance(value, Mapping):
        raise _wrong(value, what)
    if "type" not in value:
        raise PathError("missing key 'type'")
    kind = value["type"]
    if type(kind) is not str:
        raise _wrong(kind, "a node type name", "type")
    if kind in _NODE_TYPES:
        raise PathError(f"expected {what}, got a {kind!r} node")
    raise PathError(f"unknown node type {kind!r}")


def _each(value: Any, key: str, readers: Mapping[str, _Reader], what: str) -> tuple[Any, ...]:
    """Read an array of nodes; `_node` inlined, as this is the hot loop."""
    items = value if type(value) is list else _array(value, key)
    out: list[Any] = []
    append = out.append
    try:
        for item in items:
            try:
                names, build = readers[item["type"]]
            except (KeyError, TypeError):
                _refuse(item, readers, what)
            if len(item) != len(names):
                item = _older(item, names)
            append(build(item))
    except KeyError as exc:  # from this level only: deeper levels raise PathError
        raise PathError(f"missing key {exc.args[0]!r}", len(out), key) from exc
    except PathError as exc:
        exc.path += (len(out), key)
        raise
    return tuple(out)


def _inlines(data: Mapping[str, Any], key: str = "children") -> tuple[Any, ...]:
    return _each(data[key], key, _INLINE_IN, _AN_INLINE)


def _blocks(data: Mapping[str, Any]) -> tuple[Any, ...]:
    return _each(data["children"], "children", _BLOCK_IN, _A_BLOCK)


def _text_in(data: Mapping[str, Any]) -> Text:
    value = data["value"]  # the commonest node: no helper call
    if type(value) is not str:
        raise _wrong(value, "a string", "value")
    return Text(value=value)


def _heading_in(data: Mapping[str, Any]) -> Heading:
    depth = data["depth"]
    if type(depth) is not int or not 1 <= depth <= 6:
        raise _wrong(depth, "an integer from 1 to 6", "depth")
    return Heading(depth=depth, children=_inlines(data))


def _figure_in(data: Mapping[str, Any]) -> Figure:
    try:
        image = _node(data["image"], _IMAGE_IN, "an image node")
    except PathError as exc:
        exc.path.append("image")
        raise
    return Figure(image=image, caption=_inlines(data, "caption"))


def _table_in(data: Mapping[str, Any]) -> Table:
    align = _array(data["align"], "align")
    for index, value in enumerate(align):
        if value is not None and (type(value) is not str or value not in _ALIGNS):
            raise _wrong(value, '"left", "right", "center" or null', index, "align")
    return Table(align=tuple(align), rows=_each(data["rows"], "rows", _ROW_IN, "a tableRow node"))


_CHILDREN: Final = ("type", "children")
_AN_INLINE: Final = "an inline node"
_A_BLOCK: Final = "a block node"
_INLINE_IN: Final[dict[str, _Reader]] = {
    "text": (("type", "value"), _text_in),
    "strong": (_CHILDREN, lambda d: Strong(children=_inlines(d))),
    "emphasis": (_CHILDREN, lambda d: Emphasis(children=_inlines(d))),
    "delete": (_CHILDREN, lambda d: Delete(children=_inlines(d))),
    "inlineCode": (("type", "value"), lambda d: InlineCode(value=_str(d, "value"))),
    "link": (
        ("type", "url", "title", "children"),
        lambda d: Link(url=_str(d, "url"), title=_opt_str(d, "title"), children=_inlines(d)),
    ),
    "image": (
        ("type", "url", "alt", "title"),
        lambda d: Image(url=_str(d, "url"), alt=_str(d, "alt"), title=_opt_str(d, "title")),
    ),
    "break": (("type",), lambda d: Break()),
}
_BLOCK_IN: Final[dict[str, _Reader]] = {
    "paragraph": (_CHILDREN, lambda d: Paragraph(children=_inlines(d))),
    "heading": (("type", "depth", "children"), _heading_in),
    "list": (
        ("type", "ordered", "start", "spread", "items"),
        lambda d: List(
            ordered=_bool(d, "ordered"),
            start=_opt_int(d, "start"),
            spread=_bool(d, "spread"),
            items=_each(d["items"], "items", _ITEM_IN, "a listItem node"),
        ),
    ),
    "blockquote": (_CHILDREN, lambda d: Blockquote(children=_blocks(d))),
    "code": (
        ("type", "value", "lang"),
        lambda d: Code(value=_str(d, "value"), lang=_opt_str(d, "lang")),
    ),
    "figure": (("type", "image", "caption"), _figure_in),
    "table": (("type", "align", "rows"), _table_in),
    "thematicBreak": (("type",), lambda d: ThematicBreak()),
    "embed": (
        ("type", "kind", "url", "title"),
        lambda d: Embed(kind=_str(d, "kind"), url=_str(d, "url"), title=_opt_str(d, "title")),
    ),
}
_ITEM_IN: Final[dict[str, _Reader]] = {
    "listItem": (
        ("type", "spread", "checked", "children"),
        lambda d: ListItem(
            spread=_bool(d, "spread"), checked=_opt_bool(d, "checked"), children=_blocks(d)
        ),
    ),
}
_ROW_IN: Final[dict[str, _Reader]] = {
    "tableRow": (
        ("type", "cells"),
        lambda d: TableRow(cells=_each(d["cells"], "cells", _CELL_IN, "a tableCell node")),
    ),
}
_CELL_IN: Final[dict[str, _Reader]] = {
    "tableCell": (_CHILDREN, lambda d: TableCell(children=_inlines(d))),
}
_IMAGE_IN: Final[dict[str, _Reader]] = {"image": _INLINE_IN["image"]}
_NODE_TYPES: Final = frozenset(
    {*_INLINE_IN, *_BLOCK_IN, *_ITEM_IN, *_ROW_IN, *_CELL_IN}
)  # fmt: skip
