"""``origin`` in JSON: how the post was written, so that JSON -> Markdown writes it back faithfully.

Private to `newsdoc.serializers.json.codec`.  An `Origin` is an object:

- ``dialect``: ``"yaml"``, ``"toml"`` or ``"json"``;
- ``head``: the text before the body, or null when it is ``opening``, every entry's ``text``
  and ``closing`` put together (so it is not written twice), or is not to be written back;
- ``opening``, ``closing``: the text before the first entry and after the last;
- ``entries``: ``{"key", "field", "value", "text"}`` objects, one per top-level key in order;
- ``changed``: the fields whose value is no longer the one read (``["title"]``), so that the
  writer writes them afresh after the trip through JSON too;
- ``body``: the body as written, or null (also when the blocks changed since the parse).

``null`` for an article with no origin.  ``from_dict`` reads an article without the key
(schema version 1) as having none.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from newsdoc.model import Article
from newsdoc.model.origin import (
    CHANGED,
    FIELD_ATTRIBUTES,
    Entry,
    Origin,
    body_is_kept,
    changed_fields,
    field_values,
)
from newsdoc.serializers.json.read import PathError, check_json, describe

__all__ = ["origin_in", "origin_out"]

_KEYS = ("dialect", "head", "opening", "closing", "entries", "changed", "body")
_ENTRY_KEYS = ("key", "field", "value", "text")
_DIALECTS = ("yaml", "toml", "json")


def origin_out(article: Article) -> dict[str, Any] | None:
    """``article.origin`` as JSON-ready dicts (see the module docstring)."""
    origin = article.origin
    if origin is None:
        return None
    entries = [
        {"key": e.key, "field": e.field, "value": e.value, "text": e.text} for e in origin.entries
    ]
    check_json(entries, "origin")
    changed = changed_fields(article, origin)
    return {
        "dialect": origin.dialect,
        "head": origin.head,
        "opening": origin.opening,
        "closing": origin.closing,
        "entries": entries,
        "changed": [field for field in FIELD_ATTRIBUTES if field in changed],
        "body": origin.body if body_is_kept(article, origin) else None,
    }


def _text(data: Mapping[str, Any], key: str, *path: str | int, null: bool = False) -> Any:
    value = data[key]
    if type(value) is str or (null and value is None):
        return value
    expected = "a string or null" if null else "a string"
    raise PathError(f"expected {expected}, got {describe(value)}", key, *path)


def _object(value: Any, keys: tuple[str, ...], *path: str | int) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise PathError(f"expected an object, got {describe(value)}", *path)
    if set(value) != set(keys):
        wrong = sorted(set(value) ^ set(keys))
        raise PathError(f"expected the keys {', '.join(keys)} (not {', '.join(wrong)})", *path)
    return value


def _list(value: Any, *path: str | int) -> list[Any]:
    if not isinstance(value, list | tuple):
        raise PathError(f"expected an array, got {describe(value)}", *path)
    return list(value)


def origin_in(value: Any, article: Article) -> Origin | None:
    """The `Origin` of ``article`` from its JSON form; PathError for a malformed one."""
    if value is None:
        return None
    data = _object(value, _KEYS, "origin")
    dialect = data["dialect"]
    if dialect not in _DIALECTS:
        raise PathError(f"expected 'yaml', 'toml' or 'json', got {describe(dialect)}", "dialect")
    entries = []
    for index, item in enumerate(_list(data["entries"], "entries", "origin")):
        where = (index, "entries", "origin")
        entry = _object(item, _ENTRY_KEYS, *where)
        field = entry["field"]
        if field is not None and field not in FIELD_ATTRIBUTES:
            message = f"expected a field name or null, got {describe(field)}"
            raise PathError(message, "field", *where)
        check_json([entry["value"]], "value")
        entries.append(
            Entry(
                key=_text(entry, "key", *where),
                field=field,
                value=entry["value"],
                text=_text(entry, "text", *where, null=True),
            )
        )
    changed = _list(data["changed"], "changed", "origin")
    if any(field not in FIELD_ATTRIBUTES for field in changed):
        raise PathError("expected field names", "changed", "origin")
    read = []
    values = iter(field_values(article))
    for field, names in FIELD_ATTRIBUTES.items():
        for _ in names:
            now = next(values)
            read.append(CHANGED if field in changed else now)
    body = _text(data, "body", "origin", null=True)
    return Origin(
        dialect=dialect,
        head=_text(data, "head", "origin", null=True),
        opening=_text(data, "opening", "origin"),
        closing=_text(data, "closing", "origin"),
        entries=tuple(entries),
        read=tuple(read),
        body=body,
        blocks=article.blocks if body is not None else (),
    )
