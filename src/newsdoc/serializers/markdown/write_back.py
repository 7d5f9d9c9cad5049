"""An article's front matter in its own world: its own keys, order, spelling and dialect.

What is written for an article parsed from a post (``article.origin`` set):

- each key of the original, in its order, with its text exactly as written when neither its
  field nor its ``extra`` value changed since the parse;
- a changed field in the post's own key for it, in the shape it had (``author: A`` stays a
  scalar while there is one author), every string quoted that a YAML 1.1 or 1.2 reader would
  type otherwise (`newsdoc.serializers.markdown.dialects`);
- a field emptied (None, no names) loses its key; a field set that the post had no key for
  gets newsdoc's key (``image``, ``authors``…) after the others, then new ``extra`` keys;
- an unchanged post in its own dialect: the front matter exactly as it was, fences and blank
  lines included.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from newsdoc.model import Article
from newsdoc.model.article import FIELD_KEYS
from newsdoc.model.origin import (
    Dialect,
    Entry,
    Origin,
    changed_fields,
    entry_is_stale,
    head_of,
)
from newsdoc.serializers.markdown.dialects import json_members, toml_text, yaml_entry
from newsdoc.serializers.markdown.front_matter import (
    date_value,
    front_matter_data,
    front_matter_text,
)

__all__ = ["OMIT", "Item", "field_value", "head_text", "own_items"]

Item = tuple[str, Any, str | None]
"A key, its value, and its text as written (None: write the value)."

OMIT: Any = object()
"What `field_value` gives for a field with nothing to write."


def field_value(article: Article, field: str, key: str | None = None, was: Any = None) -> Any:
    """The value to write for ``field`` under ``key`` (`OMIT` if there is none).

    Args:
        article: The article.
        field: A key of `FIELD_KEYS`.
        key: The key it is written under (``published`` reverses ``draft``).
        was: The value the key held in the post: a string keeps a single name a scalar.
    """
    if field in ("authors", "tags"):
        names = getattr(article, field)
        if not names:
            return OMIT
        return names[0] if isinstance(was, str) and len(names) == 1 else list(names)
    if field == "categories":
        paths = article.categories
        if not paths:
            return OMIT
        if isinstance(was, str) and len(paths) == 1 and len(paths[0]) == 1:
            return paths[0][0]
        return list(paths[0]) if len(paths) == 1 else [list(p) for p in paths]
    if field in ("date", "updated"):
        value = date_value(getattr(article, f"{field}_raw"), getattr(article, field))
        return OMIT if value is None else value
    if field == "draft":
        if key is not None and key.lower() == "published":
            return not article.draft
        return True if article.draft else (False if key is not None else OMIT)
    value = getattr(article, field)
    return OMIT if value is None else value


def own_items(article: Article, origin: Origin) -> list[Item] | None:
    """The front matter's entries in the post's own keys and order; None if nothing changed."""
    changed = changed_fields(article, origin)
    stale = [entry_is_stale(entry, article, changed) for entry in origin.entries]
    keyed = {entry.field for entry in origin.entries if entry.field is not None}
    new_fields = [field for field in FIELD_KEYS if field in changed and field not in keyed]
    known = {entry.key for entry in origin.entries}
    new_extra = [key for key in article.extra if key not in known]
    if not any(stale) and not new_fields and not new_extra:
        return None
    return list(_items(article, origin, stale, new_fields, new_extra))


def _items(
    article: Article, origin: Origin, stale: list[bool], new_fields: list[str], new_extra: list[str]
) -> Iterator[Item]:
    written: set[str] = set()
    for entry, is_stale in zip(origin.entries, stale, strict=True):
        if not is_stale:
            value = entry.value if entry.field is not None else article.extra[entry.key]
            yield entry.key, value, entry.text
        elif entry.field is not None:
            value = field_value(article, entry.field, entry.key, entry.value)
            if value is not OMIT:
                yield entry.key, value, None
        elif entry.key in article.extra:
            yield entry.key, article.extra[entry.key], None
        written.add(entry.key.lower())
    for field in new_fields:
        key = FIELD_KEYS[field][0]
        value = field_value(article, field)
        if value is not OMIT and key not in written:
            written.add(key)
            yield key, value, None
    for key in new_extra:
        yield key, article.extra[key], None


def head_text(article: Article, dialect: Dialect | None, *, own: bool) -> str:
    """The front matter block, fences included, in ``dialect`` (None: the post's own).

    Args:
        article: The article.
        dialect: ``"yaml"``, ``"toml"``, ``"json"``, or None for the post's own (YAML for an
            article that was not parsed).
        own: Write the post's own keys and order (`own_items`); False: newsdoc's vocabulary
            in its documented order (`front_matter_data`).

    Raises:
        SchemaError: A value the dialect cannot write.
    """
    origin = article.origin if own else None
    if origin is None:
        if dialect in (None, "yaml"):
            return front_matter_text(article)
        return _fenced(dialect, list(front_matter_data(article).items()), None)
    target = dialect or origin.dialect
    items = own_items(article, origin)
    if items is None:
        verbatim = head_of(origin)
        if target == origin.dialect and verbatim is not None:
            return verbatim
        items = [(entry.key, _value(article, entry), entry.text) for entry in origin.entries]
    if target == origin.dialect and all(entry.text is not None for entry in origin.entries):
        if target == "yaml":
            body = "".join(t if t is not None else yaml_entry(k, v) for k, v, t in items)
            return origin.opening + body + origin.closing
        if target == "toml":
            return origin.opening + _toml_in_place(items) + origin.closing
    return _fenced(target, [(key, value) for key, value, _ in items], origin)


def _toml_in_place(items: list[Item]) -> str:
    """TOML entries as written, those written afresh (``key = value``) before any ``[table]``.

    A line after a table header belongs to the table: a new or changed entry that would land
    there goes just before the first table instead.
    """
    first = next(
        (i for i, (_, _, text) in enumerate(items) if text is not None and text.startswith("[")),
        len(items),
    )
    before, after = items[:first], items[first:]
    moved = [(key, value) for key, value, text in after if text is None]
    lines = [text if text is not None else toml_text([(key, value)]) for key, value, text in before]
    lines.append(toml_text(moved))
    lines.extend(text for _, _, text in after if text is not None)
    return "".join(lines)


def _value(article: Article, entry: Entry) -> Any:
    return entry.value if entry.field is not None else article.extra[entry.key]


def _fenced(dialect: Dialect, items: list[tuple[str, Any]], origin: Origin | None) -> str:
    if dialect == "yaml":
        return "---\n" + "".join(yaml_entry(key, value) for key, value in items) + "---\n"
    if dialect == "toml":
        return "+++\n" + toml_text(items) + "+++\n"
    members = json_members(items)
    if origin is not None and origin.dialect == "json" and origin.closing.strip() == ";;;":
        # Hexo's form: the members without braces, with or without an opening ';;;'.
        inner = members[1:-1].strip("\n")
        fence = ";;;\n" if origin.opening.strip() == ";;;" else ""
        return f"{fence}{inner}\n;;;\n" if inner else f"{fence};;;\n"
    return members + "\n"
