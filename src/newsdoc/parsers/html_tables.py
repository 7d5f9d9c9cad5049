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
  elements) come back as inline content for a paragraph *before* the table,
  where browsers show them too.
"""

from __future__ import annotations

import re
from typing import Protocol

from lxml import etree

from newsdoc.model import Align, Inline, Table, TableCell, TableRow
from newsdoc.parsers.html_elements import EVENTS, SKIPPED, is_hidden

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


def build_table(
    table: etree._Element, cells: InlineSource, loose: InlineSource
) -> tuple[Table | None, tuple[Inline, ...]]:
    """Read a ``<table>`` element.

    Args:
        table: The ``<table>`` element.
        cells: Gives each cell's inline content.
        loose: Gathers the caption and loose content.

    Returns:
        The table (None if it has no cells) and the inline content that goes in a
        paragraph before it (empty if none).
    """
    rows: list[list[TableCell]] = []
    aligns: list[list[Align]] = []
    row: list[TableCell] | None = None
    row_aligns: list[Align] = []
    row_align: Align = None
    walker = etree.iterwalk(table, events=EVENTS)
    for event, node in walker:
        if event == "start":
            tag = node.tag
            if node is table:
                pass
            elif tag in SKIPPED or is_hidden(node):
                walker.skip_subtree()
                continue
            elif tag == "tr":
                row, row_aligns, row_align = [], [], _align(node)
                rows.append(row)
                aligns.append(row_aligns)
            elif tag == "td" or tag == "th":
                if row is None:
                    row, row_aligns, row_align = [], [], None
                    rows.append(row)
                    aligns.append(row_aligns)
                row.append(TableCell(children=cells.inlines_of(node)))
                row_aligns.append(_align(node) or row_align)
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
                row = None
            if node is not table and node.tail:
                loose.feed_text(node.tail)
    before = loose.take()
    width = max((len(cells_) for cells_ in rows), default=0)
    if not width:
        return None, before
    align: list[Align] = [None] * width
    for row_aligns in aligns:
        for index, value in enumerate(row_aligns):
            if value is not None and align[index] is None:
                align[index] = value
    table_rows = tuple(TableRow(cells=tuple(cells_)) for cells_ in rows)
    return Table(rows=table_rows, align=tuple(align)), before
