"""Blocks of a whole HTML document: `BlockWalker`.

It extends `InlineWalker` with containers (the body, blockquotes, lists and
their items) and leaf blocks (paragraphs, headings); see
`newsdoc.parsers.html.reader` for the rules.  Blockquotes and lists nest at most
`BLOCK_DEPTH` levels in the output; deeper ones are unwrapped (their
content kept) and a ``Problem(code="depth")`` is recorded once.
"""

from __future__ import annotations

import re

from lxml import etree

from newsdoc.limits import BLOCK_DEPTH
from newsdoc.model import (
    Block,
    Blockquote,
    Code,
    Embed,
    Figure,
    Heading,
    Paragraph,
    ThematicBreak,
)
from newsdoc.parsers.body import make_list
from newsdoc.parsers.html.elements import (
    C_BR,
    C_CODE,
    C_EMBED,
    C_FIGURE,
    C_HEADING,
    C_HR,
    C_IMAGE,
    C_LI,
    C_LIST,
    C_P,
    C_PRE,
    C_Q,
    C_QUOTE,
    C_SKIP,
    C_WRAPPER,
    code_lang,
    embed_url,
    figure_parts,
    task_state,
    text_of,
)
from newsdoc.parsers.html.tables import build_table
from newsdoc.parsers.html.walk import (
    A_BOUNDARY,
    A_LEAF,
    A_LINE,
    A_QUOTE,
    A_SINK,
    A_SKIP,
    A_TEXT,
    Document,
    InlineWalker,
    is_marker,
)
from newsdoc.parsers.inline_buffer import WHITESPACE

__all__ = ["BlockWalker"]


_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")

# Kinds of block container.
_ROOT, _QUOTE, _ITEM = range(3)


class _Blocks:
    """A container of blocks: the body, a blockquote or a list item."""

    __slots__ = ("blocks", "checked", "implicit", "kind", "leaf", "spread", "stray")

    def __init__(self, kind: int, blocks: list[Block] | None = None) -> None:
        self.kind = kind
        self.blocks: list[Block] = [] if blocks is None else blocks
        self.leaf = 0  # what inline content becomes: 0 a loose paragraph, -1 a <p>, n an <hn>
        self.implicit = False  # an item (re)opened for content found outside any <li>
        self.stray = False  # an item made for such content (dropped if it stays empty)
        self.spread = False  # an item holding a <p> of its own (a loose list's item)
        self.checked: bool | None = None  # a task item's checkbox


class _List:
    """An open list and its items."""

    __slots__ = ("items", "ordered", "start")

    def __init__(self, ordered: bool, start: int | None) -> None:
        self.ordered = ordered
        self.start = start
        self.items: list[_Blocks] = []


def _blank_line_split(text: str) -> list[str]:
    """The text cut at its blank lines (a regex only when a blank line may be there)."""
    if "\n\n" in text or "\n " in text or "\n\t" in text:
        return _BLANK_LINE.split(text)
    return [text]


def _list_start(element: etree._Element) -> int | None:
    value = element.get("start")
    if element.tag != "ol" or value is None:
        return None
    try:
        start = int(value.strip())
    except ValueError:  # not a number, or too many digits
        return None
    return None if start == 1 else start


class BlockWalker(InlineWalker):
    """Blocks of a whole document (see `newsdoc.parsers.html.reader` for the rules)."""

    def __init__(self, doc: Document) -> None:
        super().__init__(doc)
        root = _Blocks(_ROOT, doc.blocks)
        self._sinks: list[_Blocks | _List] = [root]
        self._opened: list[_Blocks | _List] = []
        self._leaves: list[tuple[_Blocks, int]] = []
        self._cells: InlineWalker | None = None

    def walk(self, document: etree._Element) -> None:
        """Walk every top-level node of a parsed document into the document's ``blocks``.

        libxml2 puts comments before ``<html>`` beside it, and content after
        ``</html>`` in a second ``<html>`` element: all of them are read, in order.
        """
        nodes = [document]
        # Asking first is cheaper than building the list when there is nothing beside it.
        if document.getprevious() is not None or document.getnext() is not None:
            nodes = list(document.itersiblings(preceding=True))
            nodes.reverse()
            nodes.append(document)
            nodes.extend(document.itersiblings())
        for node in nodes:
            if isinstance(node, etree._Comment):
                if is_marker(node):
                    self._marker()
            elif isinstance(node.tag, str):
                self._walk(node)
        self._flush()
        while len(self._sinks) > 1:
            self._finish(self._sinks.pop())

    # ------------------------------------------------------------ containers

    def _blocks(self) -> _Blocks:
        """The container inline content and blocks go to now."""
        top = self._sinks[-1]
        if isinstance(top, _Blocks):
            return top
        if not top.items:  # content outside any <li> joins the last item
            top.items.append(_Blocks(_ITEM))
            top.items[-1].stray = True
        item = top.items[-1]
        item.implicit = True
        self._sinks.append(item)
        return item

    def _flush(self) -> None:
        """End the current paragraph or heading, if it has content."""
        buf = self._buf
        if not buf.visible:  # the buffer is in its start state already
            return
        content = buf.take()
        sink = self._sinks[-1]
        if type(sink) is not _Blocks:
            sink = self._blocks()
        if sink.leaf <= 0:
            sink.blocks.append(Paragraph(children=content))
        else:
            sink.blocks.append(Heading(depth=sink.leaf, children=content))

    def _push(self, sink: _Blocks | _List) -> int:
        self._flush()
        self._sinks.append(sink)
        self._opened.append(sink)
        return A_SINK

    def _finish(self, sink: _Blocks | _List) -> None:
        """Hand a closed container to its parent."""
        if isinstance(sink, _List):
            items = [
                (tuple(item.blocks), item.spread, item.checked)
                for item in sink.items
                if item.blocks or not item.stray
            ]
            if items:
                self._blocks().blocks.append(make_list(sink.ordered, sink.start, items))
        elif sink.kind == _QUOTE:
            if sink.blocks:
                self._blocks().blocks.append(Blockquote(children=tuple(sink.blocks)))
        else:
            sink.implicit = False

    def _end(self, action: int, is_root: bool) -> None:
        if action == A_QUOTE:
            self._close_quote()
        elif action == A_LINE:
            self._boundary()
        elif action == A_BOUNDARY:
            if not is_root:  # the caller ends the document
                self._flush()
        elif action == A_LEAF:
            self._flush()
            container, leaf = self._leaves.pop()
            container.leaf = leaf
        else:
            self._flush()
            target = self._opened.pop()
            while len(self._sinks) > 1:
                sink = self._sinks.pop()
                self._finish(sink)
                if sink is target:
                    break

    # ------------------------------------------------------------ content

    def _text(self, raw: str) -> None:
        top = self._sinks[-1]
        if type(top) is not _Blocks:
            if not raw.strip(WHITESPACE):
                return
            top = self._blocks()
        if top.leaf == 0 and raw.count("\n") > 1:
            parts = _blank_line_split(raw)
            for part in parts[:-1]:
                self._buf.text(part)
                self._flush()
            raw = parts[-1]
        self._buf.text(raw)

    def _br(self) -> None:
        buf = self._buf
        if buf.last_break and self._blocks().leaf == 0:  # <br><br> ends a loose paragraph
            buf.drop_last_break()
            self._flush()
        else:
            buf.br()

    def _marker(self) -> None:
        if len(self._sinks) == 1:
            self._flush()
        self._doc.more_here()

    def _start(self, element: etree._Element, category: int) -> int:
        # Paragraphs and headings, the most frequent, first: _start_leaf finds their container.
        if C_P <= category <= C_HEADING:
            return self._start_leaf(element, category)
        if category == C_SKIP:
            return A_SKIP
        # Content directly in a list joins its last item.  (An unwrapped inline element
        # does not get here: it adds nothing itself, and what it holds does this.)
        if category != C_LI and type(self._sinks[-1]) is _List:
            self._blocks()
        if category == C_Q:
            return self._open_quote()
        if category <= C_IMAGE:
            if category == C_BR:
                self._br()
                return A_TEXT
            return self._start_inline(element, category)
        if category == C_WRAPPER:
            if self._in_heading():
                self._boundary()
                return A_LINE
            if self._buf.visible:
                self._flush()
            return A_BOUNDARY
        if category == C_CODE:
            self._code(element)
            return A_SKIP
        if category <= C_QUOTE:
            return self._start_container(element, category)
        block: Block | None
        if category == C_FIGURE:
            parts = figure_parts(element)
            self._flush()
            if parts is None:  # not just an image and a caption: a wrapper
                return A_BOUNDARY
            block = self._figure(*parts)
        else:
            self._flush()
            block = self._leaf_block(element, category)
        if block is not None:
            self._blocks().blocks.append(block)
        if category == C_EMBED and element.tag == "embed":  # void, but libxml2 nests in it
            return A_BOUNDARY
        return A_SKIP

    def _start_leaf(self, element: etree._Element, category: int) -> int:
        """``<p>``, ``<dt>``/``<dd>``/``<address>``/``<figcaption>`` and headings."""
        if category != C_HEADING and self._in_heading():
            self._boundary()  # a browser shows a heading in several lines, not several headings
            return A_LINE
        buf = self._buf
        if buf.visible:
            self._flush()
        sink = self._sinks[-1]
        if type(sink) is not _Blocks:
            sink = self._blocks()
        if category == C_HEADING:
            leaf = int(element.tag[1])
        elif sink.leaf == 0:
            leaf = -1
            if sink.kind == _ITEM and element.tag == "p":
                sink.spread = True
        else:  # a paragraph inside a heading or another paragraph: just a boundary
            leaf = sink.leaf
        if not len(element):  # just text, the usual case: the whole block now
            text = element.text
            if text is not None:
                # Visible content only comes from visible text, so () means nothing to add.
                content = buf.text_block(text)
                if content:
                    sink.blocks.append(
                        Paragraph(children=content)
                        if leaf <= 0
                        else Heading(depth=leaf, children=content)
                    )
            return A_SKIP  # nothing inside to skip, and the text is read
        if leaf == sink.leaf:
            return A_BOUNDARY
        self._leaves.append((sink, sink.leaf))
        sink.leaf = leaf
        return A_LEAF

    def _in_heading(self) -> bool:
        sink = self._sinks[-1]
        return type(sink) is _Blocks and sink.leaf > 0

    def _start_container(self, element: etree._Element, category: int) -> int:
        """Lists, list items and blockquotes."""
        sinks = self._sinks
        top: _Blocks | _List = sinks[-1]
        if category == C_LI and isinstance(top, _Blocks) and top.implicit:
            self._flush()
            self._finish(sinks.pop())
            top = sinks[-1]
        if len(sinks) >= BLOCK_DEPTH:
            self._too_deep("blockquotes and lists", BLOCK_DEPTH)
        elif category == C_LIST:
            return self._push(_List(element.tag == "ol", _list_start(element)))
        elif category == C_QUOTE:
            return self._push(_Blocks(_QUOTE))
        elif isinstance(top, _List):
            item = _Blocks(_ITEM)
            top.items.append(item)
            if len(element):
                item.checked = task_state(element)
                return self._push(item)
            self._flush()  # just text, the usual case: the whole item now
            text = element.text
            if text is not None:
                buf = self._buf
                for part in _blank_line_split(text) if text.count("\n") > 1 else (text,):
                    content = buf.text_block(part)  # () when nothing visible, as above
                    if content:
                        item.blocks.append(Paragraph(children=content))
            return A_SKIP  # nothing inside to skip, and the text is read
        self._flush()  # an <li> outside a list, or too deep: a wrapper
        return A_BOUNDARY

    def _cell_walker(self) -> InlineWalker:
        if self._cells is None:
            self._cells = InlineWalker(self._doc)
        return self._cells

    def _figure(self, img: etree._Element, caption: etree._Element | None) -> Figure | None:
        image = self._doc.image(img)
        if image is None:
            return None
        inlines = () if caption is None else self._cell_walker().inlines_of(caption)
        return Figure(image=image, caption=inlines)

    def _leaf_block(self, element: etree._Element, category: int) -> Block | None:
        """Blocks read whole: pre, table, hr, embeds (None: nothing to add)."""
        doc = self._doc
        if category == C_PRE:
            value = text_of(element)
            if "\r" in value:  # only from "&#13;": libxml2 reads a written CR as a newline
                value = value.replace("\r\n", "\n").replace("\r", "\n")
            # HTML drops one newline right after <pre>, not after <pre><code>.
            if value.startswith("\n") and (element.text or "").startswith("\n"):
                value = value[1:]
            if value.endswith("\n"):
                value = value[:-1]
            return Code(value=value, lang=code_lang(element))
        if category == C_HR:
            return ThematicBreak()
        if category == C_EMBED:
            url = embed_url(element)
            if url is None:
                return None
            return Embed(kind=element.tag, url=doc.resolve(url), title=element.get("title") or None)
        before, table, after = build_table(element, self._cell_walker(), InlineWalker(doc))
        blocks = self._blocks().blocks
        if before:
            blocks.append(Paragraph(children=before))
        if table is not None:
            blocks.append(table)
        if after:
            blocks.append(Paragraph(children=after))
        return None
