"""The nodes of an article's body: blocks made of inlines.

The vocabulary follows mdast (the Markdown syntax tree of the unified/remark
world) so that JSON readers from there feel at home.  Every class is a frozen,
slotted attrs class: change one with `attrs.evolve`.  Sequences are tuples.

Inlines: `Text`, `Strong`, `Emphasis`, `Delete`, `InlineCode`, `Link`,
`Image`, `Break`.

Blocks: `Paragraph`, `Heading`, `List` (of `ListItem`), `Blockquote`, `Code`,
`Figure`, `Table` (of `TableRow` of `TableCell`), `ThematicBreak`, `Embed`.
"""

from __future__ import annotations

import threading
from typing import Any, Literal, TypeAlias, TypeVar

import attrs

__all__ = [
    "Align",
    "Block",
    "Blockquote",
    "Break",
    "Code",
    "Delete",
    "Embed",
    "Emphasis",
    "Figure",
    "Heading",
    "Image",
    "Inline",
    "InlineCode",
    "Link",
    "List",
    "ListItem",
    "Paragraph",
    "Strong",
    "Table",
    "TableCell",
    "TableRow",
    "Text",
    "ThematicBreak",
    "shared_repr",
]

# One shared __repr__ instead of one generated per class: attrs compiles every method it
# writes, and the reprs were a fifth of this module's import time.
_repring = threading.local()
_Node = TypeVar("_Node")


def _repr(self: Any) -> str:
    """What attrs' generated ``__repr__`` gives, with the same guard against cycles."""
    seen: set[int] | None = getattr(_repring, "seen", None)
    if seen is None:
        seen = _repring.seen = set()
    if id(self) in seen:
        return "..."
    seen.add(id(self))
    try:
        fields = ", ".join(
            f"{field.name}={getattr(self, field.name)!r}"
            for field in self.__attrs_attrs__
            if field.repr
        )
    finally:
        seen.discard(id(self))
    return f"{self.__class__.__qualname__.rsplit('>.', 1)[-1]}({fields})"


def shared_repr(cls: type[_Node]) -> type[_Node]:
    """Give `cls` the shared ``__repr__`` (see `_repr`)."""
    cls.__repr__ = _repr  # type: ignore[method-assign]
    return cls


# ---------------------------------------------------------------- inlines


@shared_repr
@attrs.frozen(kw_only=True, repr=False)
class Text:
    """A run of plain text, exactly as a reader sees it."""

    value: str
    "The text; whitespace already collapsed as a browser shows it."

    type: Literal["text"] = attrs.field(default="text", init=False, repr=False)


@shared_repr
@attrs.frozen(kw_only=True, repr=False)
class Strong:
    """Strong importance, ``<strong>``/``<b>``, Markdown ``**…**``."""

    children: tuple[Inline, ...]
    "The formatted content."

    type: Literal["strong"] = attrs.field(default="strong", init=False, repr=False)


@shared_repr
@attrs.frozen(kw_only=True, repr=False)
class Emphasis:
    """Stress emphasis, ``<em>``/``<i>``, Markdown ``*…*``."""

    children: tuple[Inline, ...]
    "The formatted content."

    type: Literal["emphasis"] = attrs.field(default="emphasis", init=False, repr=False)


@shared_repr
@attrs.frozen(kw_only=True, repr=False)
class Delete:
    """Deleted text, ``<del>``/``<s>``, GFM ``~~…~~``."""

    children: tuple[Inline, ...]
    "The struck-through content."

    type: Literal["delete"] = attrs.field(default="delete", init=False, repr=False)


@shared_repr
@attrs.frozen(kw_only=True, repr=False)
class InlineCode:
    """Code inside a line, ``<code>``, Markdown `` `…` ``."""

    value: str
    "The code, verbatim."

    type: Literal["inlineCode"] = attrs.field(default="inlineCode", init=False, repr=False)


@shared_repr
@attrs.frozen(kw_only=True, repr=False)
class Link:
    """A hyperlink."""

    url: str
    "The target, as written in the input (or resolved against ``base_url``)."
    children: tuple[Inline, ...]
    "The link text."
    title: str | None = None
    "The ``title`` attribute, if any."

    type: Literal["link"] = attrs.field(default="link", init=False, repr=False)


@shared_repr
@attrs.frozen(kw_only=True, repr=False)
class Image:
    """An image inside text (a figure is the `Figure` block)."""

    url: str
    "The image source, as written (or resolved against ``base_url``)."
    alt: str = ""
    "The alternative text."
    title: str | None = None
    "The ``title`` attribute, if any."

    type: Literal["image"] = attrs.field(default="image", init=False, repr=False)


@shared_repr
@attrs.frozen(kw_only=True, repr=False)
class Break:
    """A hard line break, ``<br>``."""

    type: Literal["break"] = attrs.field(default="break", init=False, repr=False)


Inline: TypeAlias = Text | Strong | Emphasis | Delete | InlineCode | Link | Image | Break
"Any inline node."

# ----------------------------------------------------------------- blocks


@shared_repr
@attrs.frozen(kw_only=True, repr=False)
class Paragraph:
    """A paragraph of inline content."""

    children: tuple[Inline, ...]
    "The paragraph's content."

    type: Literal["paragraph"] = attrs.field(default="paragraph", init=False, repr=False)


@shared_repr
@attrs.frozen(kw_only=True, repr=False)
class Heading:
    """A section heading, ``<h1>``…``<h6>``."""

    depth: int
    "The level, 1 to 6."
    children: tuple[Inline, ...]
    "The heading text."

    type: Literal["heading"] = attrs.field(default="heading", init=False, repr=False)


@shared_repr
@attrs.frozen(kw_only=True, repr=False)
class ListItem:
    """One item of a `List`; holds blocks (usually one paragraph)."""

    children: tuple[Block, ...]
    "The item's content."
    spread: bool = False
    """Whether its paragraphs show as paragraphs (``<li><p>``, an item of a loose Markdown
    list); False for an item of a tight list, and for one without a paragraph."""
    checked: bool | None = None
    """A GFM task item's state (``- [x]``, ``<input type="checkbox" checked>``): True when
    checked, False when not, None for an item that is no task."""

    type: Literal["listItem"] = attrs.field(default="listItem", init=False, repr=False)


@shared_repr
@attrs.frozen(kw_only=True, repr=False)
class List:
    """A bulleted or numbered list."""

    ordered: bool
    "True for a numbered list (``<ol>``)."
    items: tuple[ListItem, ...]
    "The items, in order."
    start: int | None = None
    "The number of the first item of an ordered list (None: 1, or unordered)."
    spread: bool = False
    """Whether the list is loose (Markdown's blank lines, ``<li><p>``): True when an item is
    `ListItem.spread`, and then every item holding a paragraph is."""

    type: Literal["list"] = attrs.field(default="list", init=False, repr=False)


@shared_repr
@attrs.frozen(kw_only=True, repr=False)
class Blockquote:
    """A quotation of other blocks."""

    children: tuple[Block, ...]
    "The quoted blocks."

    type: Literal["blockquote"] = attrs.field(default="blockquote", init=False, repr=False)


@shared_repr
@attrs.frozen(kw_only=True, repr=False)
class Code:
    """A block of preformatted code, ``<pre>``, a fenced code block."""

    value: str
    "The code, verbatim, without a final newline."
    lang: str | None = None
    "The language, from a ``language-x``/``lang-x``/``x`` class or the fence's info string."

    type: Literal["code"] = attrs.field(default="code", init=False, repr=False)


@shared_repr
@attrs.frozen(kw_only=True, repr=False)
class Figure:
    """An image standing as a block, with its caption (``<figure>``)."""

    image: Image
    "The image."
    caption: tuple[Inline, ...] = ()
    "The caption (``<figcaption>``), empty if none."

    type: Literal["figure"] = attrs.field(default="figure", init=False, repr=False)


@shared_repr
@attrs.frozen(kw_only=True, repr=False)
class TableCell:
    """One cell of a table row."""

    children: tuple[Inline, ...]
    "The cell's content; block content inside a cell is joined with `Break`."

    type: Literal["tableCell"] = attrs.field(default="tableCell", init=False, repr=False)


@shared_repr
@attrs.frozen(kw_only=True, repr=False)
class TableRow:
    """One row of a table."""

    cells: tuple[TableCell, ...]
    "The cells, left to right."

    type: Literal["tableRow"] = attrs.field(default="tableRow", init=False, repr=False)


Align: TypeAlias = Literal["left", "right", "center"] | None


@shared_repr
@attrs.frozen(kw_only=True, repr=False)
class Table:
    """A table; as in mdast and GFM, the first row is the header row."""

    rows: tuple[TableRow, ...]
    "The rows, top to bottom; the first one is the header."
    align: tuple[Align, ...] = ()
    "The alignment of each column (None: unspecified)."

    type: Literal["table"] = attrs.field(default="table", init=False, repr=False)


@shared_repr
@attrs.frozen(kw_only=True, repr=False)
class ThematicBreak:
    """A thematic break, ``<hr>``, Markdown ``---``."""

    type: Literal["thematicBreak"] = attrs.field(default="thematicBreak", init=False, repr=False)


@shared_repr
@attrs.frozen(kw_only=True, repr=False)
class Embed:
    """Embedded media that has no Markdown form (``<iframe>``, ``<video>``, ``<audio>``)."""

    kind: str
    "The element it came from: ``iframe``, ``video``, ``audio``, ``embed`` or ``object``."
    url: str
    "The media URL (``src``, or the first ``<source src>``)."
    title: str | None = None
    "The ``title`` attribute, if any."

    type: Literal["embed"] = attrs.field(default="embed", init=False, repr=False)


Block: TypeAlias = (
    Paragraph | Heading | List | Blockquote | Code | Figure | Table | ThematicBreak | Embed
)
"Any block node (`ListItem`, `TableRow` and `TableCell` live only inside their parents)."
