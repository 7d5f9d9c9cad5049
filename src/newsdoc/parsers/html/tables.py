"""``<table>`` → `Table`: rows in document order, cells as inline content.

- Rows come from ``thead``/``tbody``/``tfoot``/``tr`` in document order (also
  through wrappers lxml leaves inside a table, such as ``<font>`` or
  ``<form>``); the first row is the header row, as in GFM.  A cell outside any
  ``<tr>`` starts a row.  Ragged rows stay ragged; ``colspan``/``rowspan`` are
  ignored.
- A cell's block content becomes inlines joined with `Break`; a table nested
  in a cell is flattened into its text the same way.
- ``align`` has one entry per column (the longest row): the first cell of the
  column with ``align=`` or ``style="text-align: …"`` (the cell's, else its
  row's) decides; ``left``/``right``/``center`` only.
- The ``<caption>`` and anything lxml left loose in the table (text, stray
  elements) stay in document order: before the first row they make a
  paragraph before the table, after the last one a paragraph after it, and in
  between a cell of their own (browsers would show them all before the table,
  but nothing may move text out of order).
"""

from __future__ import annotations

import re
from typing import Protocol

from lxml import etree

from newsdoc.model import Align, Inline, Table, TableCell, TableRow
from newsdoc.parsers.html.elements import EVENTS, SKIPPED, is_hidden

__all__ = ["InlineSource", "build_table"]

_ALIGNS: dict[str, Align] = {"left": "left", "right": "right", "center": "center"}
_TEXT_ALIGN = re.compile(r"text-align\s*:\s*(left|right|center)\b", re.IGNORECASE)
_SECTIONS = frozenset({"thead", "tbody", "tfoot", "colgroup", "col"})


class InlineSource(Protocol):
    """Turns elements into inline content (the inline-only walker)."""

    def inlines_of(self, element: etree._Element) -> tuple[Inline, ...]:
        """The inline content of one element, as a whole."""

    def feed(self, element: etree._Element) -> None:
        """Add an element (not its tail) to the content being gathered."""

    def feed_text(self, text: str) -> None:
        """Add loose text to the content being gathered."""

    def take(self) -> tuple[Inline, ...]:
        """The content gathered so far; starts over."""


def _align(element: etree._Element) -> Align:
    value = element.get("align")
    if value:
        return _ALIGNS.get(value.strip().lower())
    style = element.get("style")
    if style:
        match = _TEXT_ALIGN.search(style)
        if match:
            return _ALIGNS.get(match.group(1).lower())
    return None


class _Rows:
    """The rows read so far, with their cells' alignments."""

    def __init__(self) -> None:
        self.cells: list[list[TableCell]] = []
        self.aligns: list[list[Align]] = []
        self.open = False  # whether the last row still takes cells
        self.align: Align = None  # the open row's own alignment

    def start(self, align: Align) -> None:
        self.cells.append([])
        self.aligns.append([])
        self.open, self.align = True, align

    def add(self, content: tuple[Inline, ...], align: Align) -> None:
        if not self.open:
            self.start(None)
        self.cells[-1].append(TableCell(children=content))
        self.aligns[-1].append(align or self.align)

    def table(self) -> Table | None:
        width = max((len(row) for row in self.cells), default=0)
        if not width:
            return None
        align: list[Align] = [None] * width
        for row_aligns in self.aligns:
            for index, value in enumerate(row_aligns):
                if value is not None and align[index] is None:
                    align[index] = value
        rows = tuple(TableRow(cells=tuple(row)) for row in self.cells)
        return Table(rows=rows, align=tuple(align))


def build_table(
    table: etree._Element, cells: InlineSource, loose: InlineSource
) -> tuple[tuple[Inline, ...], Table | None, tuple[Inline, ...]]:
    """Read a ``<table>`` element.

    Args:
        table: The ``<table>`` element.
        cells: Gives each cell's inline content.
        loose: Gathers the caption and loose content.

    Returns:
        The inline content of a paragraph before the table, the table (None if it
        has no cells) and the content of a paragraph after it (each part may be
        empty).
    """
    rows = _Rows()
    before: tuple[Inline, ...] = ()
    walker = etree.iterwalk(table, events=EVENTS)
    for event, node in walker:
        if event == "start":
            tag = node.tag
            if node is table:
                pass
            elif tag in SKIPPED or is_hidden(node):
                walker.skip_subtree()
                continue
            elif tag == "tr" or tag == "td" or tag == "th":
                found = loose.take()  # loose content before this row or cell
                if found and not rows.cells:
                    before = found
                elif found:
                    rows.add(found, None)
                if tag == "tr":
                    rows.start(_align(node))
                else:
                    rows.add(cells.inlines_of(node), _align(node))
                    walker.skip_subtree()
                    continue
            elif tag not in _SECTIONS and (
                tag == "caption"
                or tag == "table"
                or next(node.iter("tr", "td", "th"), None) is None
            ):
                loose.feed(node)
                walker.skip_subtree()
                continue
            if node.text:
                loose.feed_text(node.text)
        else:
            if event == "end" and node.tag == "tr":
                found = loose.take()  # loose content after the row's last cell
                if found:
                    rows.add(found, None)
                rows.open = False
            if node is not table and node.tail:
                loose.feed_text(node.tail)
    return before, rows.table(), loose.take()
