"""Shorthands for building model nodes in tests, named after the HTML they stand for.

Wherever an inline is expected a ``str`` may be given: it becomes a ``Text`` (an empty one
becomes nothing), and in ``LI``/``UL``/``OL`` a ``str`` becomes a paragraph or an item::

    P("Hello ", B("world"))          # <p>Hello <b>world</b></p>
    UL("a", LI(P("b"), Q(P("c"))))   # <ul><li>a</li><li><p>b</p><blockquote>…</li></ul>
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest

from newsdoc import model
from newsdoc.model import (
    Block,
    Blockquote,
    Break,
    Delete,
    Emphasis,
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

__all__ = [
    "BR",
    "HR",
    "IMG",
    "LI",
    "OL",
    "ROW",
    "TABLE",
    "UL",
    "A",
    "B",
    "C",
    "H",
    "I",
    "P",
    "Q",
    "S",
    "T",
    "inlines",
]  # fmt: skip

BR = Break()
HR = ThematicBreak()


def inlines(items: tuple[Inline | str, ...]) -> tuple[Inline, ...]:
    """The items, each ``str`` as a ``Text`` (an empty one left out)."""
    return tuple(Text(value=item) if isinstance(item, str) else item for item in items if item)


def T(value: str) -> Text:
    """A text node."""
    return Text(value=value)


def P(*items: Inline | str) -> Paragraph:
    """A paragraph."""
    return Paragraph(children=inlines(items))


def H(depth: int, *items: Inline | str) -> Heading:
    """A heading of the given depth (1-6)."""
    return Heading(depth=depth, children=inlines(items))


def B(*items: Inline | str) -> Strong:
    """Strong emphasis."""
    return Strong(children=inlines(items))


def I(*items: Inline | str) -> Emphasis:  # noqa: E743 - reads like the HTML tag
    """Emphasis."""
    return Emphasis(children=inlines(items))


def S(*items: Inline | str) -> Delete:
    """Struck-through text."""
    return Delete(children=inlines(items))


def A(url: str, *items: Inline | str, title: str | None = None) -> Link:
    """A link."""
    return Link(url=url, children=inlines(items), title=title)


def IMG(url: str, alt: str = "", title: str | None = None) -> Image:
    """An image."""
    return Image(url=url, alt=alt, title=title)


def C(value: str) -> InlineCode:
    """Inline code."""
    return InlineCode(value=value)


def LI(*blocks: Block | str) -> ListItem:
    """A list item; each ``str`` is a paragraph."""
    return ListItem(children=tuple(P(b) if isinstance(b, str) else b for b in blocks))


def UL(*items: ListItem | str, loose: bool = False) -> List:
    """A bullet list; each ``str`` is an item of one paragraph; ``loose``: spread, as the
    readers give it (the list, and each item holding a paragraph)."""
    return _spread(
        List(ordered=False, items=tuple(LI(i) if isinstance(i, str) else i for i in items)), loose
    )


def OL(*items: ListItem | str, start: int | None = None, loose: bool = False) -> List:
    """An ordered list; each ``str`` is an item of one paragraph; ``loose`` as in `UL`."""
    return _spread(
        List(
            ordered=True,
            start=start,
            items=tuple(LI(i) if isinstance(i, str) else i for i in items),
        ),
        loose,
    )


def _spread(block: List, loose: bool) -> List:
    if not loose:
        return block
    items = tuple(
        attrs.evolve(item, spread=any(isinstance(b, Paragraph) for b in item.children))
        for item in block.items
    )
    return attrs.evolve(block, spread=True, items=items)


def Q(*blocks: Block) -> Blockquote:
    """A block quote."""
    return Blockquote(children=blocks)


def ROW(*cells: tuple[Inline | str, ...] | str) -> TableRow:
    """A table row; a cell is a ``str`` or a tuple of inlines (``""`` is an empty cell)."""
    return TableRow(
        cells=tuple(TableCell(children=inlines((c,) if isinstance(c, str) else c)) for c in cells)
    )


def TABLE(*rows: TableRow, align: tuple[str | None, ...] | None = None) -> Table:
    """A table; ``align`` defaults to None for every column."""
    width = max(len(r.cells) for r in rows)
    return Table(rows=rows, align=align if align is not None else (None,) * width)  # type: ignore[arg-type]


# ------------------------------------------------------------------ case files


def read_cases(path: Path) -> list[Any]:
    """The reader cases of a fixture file, as ``pytest.param(input, blocks, id=…)``.

    A case is a title line, ``.``, the input (its lines as written, no final newline), ``.``,
    the expected blocks as Python written with these shorthands and the ``newsdoc.model``
    classes, separated by commas (nothing for no blocks), and ``.``. Lines starting with ``#``
    between cases are comments. Inputs whose whitespace matters at a line end, or that hold
    control or invisible characters, stay in the test modules, where escapes show them.
    """
    namespace = {**vars(model), **{name: globals()[name] for name in __all__}}
    lines = path.read_text(encoding="utf-8").split("\n")
    cases: list[Any] = []
    index = 0
    while index < len(lines):
        if not lines[index].strip() or lines[index].startswith("#"):
            index += 1
            continue
        title, start = lines[index], index + 1
        assert lines[index + 1] == ".", f"{path.name}:{index + 2}: expected '.'"
        parts: list[list[str]] = [[], []]
        index += 2
        for part in parts:
            while lines[index] != ".":
                part.append(lines[index])
                index += 1
            index += 1
        source = "\n".join(parts[1]).strip()
        expected = eval(f"({source},)", namespace) if source else ()  # our own file, not input
        cases.append(pytest.param("\n".join(parts[0]), expected, id=f"{path.name}:{start} {title}"))
    return cases
