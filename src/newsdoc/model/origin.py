"""`Origin`: how a post's front matter (and, if asked, its body) was written.

`newsdoc.parse` records it on the `Article` (``article.origin``, not part of equality), so that
`newsdoc.to_markdown` can write the post back into its own world: its own keys, in its own
order, each value spelled as it was, in its own dialect.  A field that a program changed is
written in the post's own key for it; `changed_fields` and `entry_is_stale` tell what changed
since the parse.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal, TypeAlias

import attrs

__all__ = [
    "CHANGED",
    "FIELD_ATTRIBUTES",
    "Dialect",
    "Entry",
    "Origin",
    "body_is_kept",
    "changed_fields",
    "entry_is_stale",
    "field_values",
    "head_of",
    "same_value",
]

Dialect: TypeAlias = Literal["yaml", "toml", "json"]
"A front-matter dialect: YAML (``---``), TOML (``+++``, Hugo) or JSON (``;;;`` Hexo, ``{`` Hugo)."

FIELD_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "authors": ("authors",),
    "date": ("date", "date_raw"),
    "updated": ("updated", "updated_raw"),
    "categories": ("categories",),
    "tags": ("tags",),
    "image": ("image",),
    "thumbnail": ("thumbnail",),
    "comments": ("comments",),
    "draft": ("draft",),
    "summary": ("summary",),
    "slug": ("slug",),
    "permalink": ("permalink",),
    "lang": ("lang",),
}
"The `Article` attributes each front-matter field fills (a date key fills the date and its text)."


class _Changed:
    """The marker of a field value that differs from the one read (whatever it is now)."""

    def __repr__(self) -> str:
        return "CHANGED"


CHANGED: Any = _Changed()
"In `Origin.read`: the field was changed before the origin was stored (for instance in JSON)."


@attrs.frozen(kw_only=True)
class Entry:
    """One top-level key of the front matter, as written."""

    key: str
    "The key, spelled as in the post."
    field: str | None
    "The `Article` field the key fills (a key of `FIELD_ATTRIBUTES`), or None for ``extra``."
    value: Any
    "The value as read (JSON-compatible)."
    text: str | None
    "The entry's lines as written (key, value, comments after it), or None: write the value."


@attrs.frozen(kw_only=True)
class Origin:
    """How a post was written: dialect, fences, entries in order, and optionally its body."""

    dialect: Dialect
    "The front matter's dialect."
    head: str | None
    """The text before the body, exactly (blank lines, fences, the front matter); None when it
    is `opening`, every entry's text and `closing` put together, or when it is not to be
    written back as it was (see `head_of`)."""
    opening: str
    "The text before the first entry (blank lines, the opening fence line, leading comments)."
    closing: str
    "The text after the last entry: the closing fence line (empty for a JSON object)."
    entries: tuple[Entry, ...]
    "The top-level keys in order."
    read: tuple[Any, ...]
    "The field values as read, in `FIELD_ATTRIBUTES` order (`CHANGED` where unknown)."
    body: str | None = None
    "The body text exactly as written, when the post was parsed with ``keep_body=True``."
    blocks: tuple[Any, ...] = ()
    "The blocks the body was read as (to tell whether the body changed)."


def head_of(origin: Origin) -> str | None:
    """The text before the body exactly, if known: `Origin.head`, or the entries between fences.

    None for a front matter newsdoc could not read whole (over a limit, malformed): writing it
    back as it was would carry what newsdoc refused, so its values are written afresh.
    """
    if origin.head is not None:
        return origin.head
    texts = [entry.text for entry in origin.entries]
    if any(text is None for text in texts):
        return None
    return origin.opening + "".join(t for t in texts if t is not None) + origin.closing


def field_values(article: Any) -> tuple[Any, ...]:
    """The values of every front-matter field of ``article``, in `FIELD_ATTRIBUTES` order."""
    return tuple(getattr(article, name) for names in FIELD_ATTRIBUTES.values() for name in names)


def same_value(a: Any, b: Any) -> bool:
    """Whether two values are equal and of the same types throughout (``1`` is not ``True``)."""
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, Mapping):
        return list(a) == list(b) and all(same_value(a[k], b[k]) for k in a)
    if isinstance(a, Sequence) and not isinstance(a, str):
        return len(a) == len(b) and all(map(same_value, a, b))
    return bool(a == b)


def changed_fields(article: Any, origin: Origin) -> set[str]:
    """The fields of ``article`` whose value is not the one ``origin`` read."""
    now = field_values(article)
    changed: set[str] = set()
    index = 0
    for field, names in FIELD_ATTRIBUTES.items():
        for offset in range(len(names)):
            if not same_value(now[index + offset], origin.read[index + offset]):
                changed.add(field)
        index += len(names)
    return changed


def entry_is_stale(entry: Entry, article: Any, changed: set[str]) -> bool:
    """Whether ``entry`` no longer says what ``article`` holds (its field or extra value)."""
    if entry.field is not None:
        return entry.field in changed
    return entry.key not in article.extra or not same_value(article.extra[entry.key], entry.value)


def body_is_kept(article: Any, origin: Origin) -> bool:
    """Whether the body as written is kept and the blocks are still those it was read as."""
    return origin.body is not None and (
        article.blocks is origin.blocks or article.blocks == origin.blocks
    )
