"""One pass over an lxml tree, building newsdoc blocks.

`BlockWalker` turns a document into blocks; `InlineWalker` turns an element
into inline content only (table cells, captions), where every block boundary
becomes a `Break`.  Both walk with `etree.iterwalk` and explicit stacks, so
tree depth costs no Python recursion; the only nested walk is a cell or
caption inside the block walk, one level deep.

Depth limits keep the *output* shallow enough for recursive consumers
(`newsdoc.inlines.normalize`, `newsdoc.text`, serializers): blockquotes and
lists nest at most `MAX_BLOCK_DEPTH` levels and formatting at most
`MAX_INLINE_DEPTH`; deeper ones are unwrapped (their content kept) and a
``Problem(code="depth")`` is recorded once.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml import etree

from newsdoc.errors import Problem
from newsdoc.model import (
    Block,
    Blockquote,
    Code,
    Embed,
    Figure,
    Heading,
    Image,
    Inline,
    Link,
    List,
    ListItem,
    Paragraph,
    Text,
    ThematicBreak,
)
from newsdoc.parsers.html_elements import (
    C_BR,
    C_CODE,
    C_EMBED,
    C_FIGURE,
    C_HEADING,
    C_HR,
    C_IMAGE,
    C_LI,
    C_LINK,
    C_LIST,
    C_PRE,
    C_QUOTE,
    C_SKIP,
    C_TRANSPARENT,
    C_WRAPPER,
    CATEGORY,
    EVENTS,
    code_lang,
    embed_url,
    figure_parts,
    text_of,
)
from newsdoc.parsers.html_inline import WHITESPACE, InlineBuffer, collapse
from newsdoc.parsers.html_tables import build_table

__all__ = [
    "MAX_BLOCK_DEPTH",
    "MAX_INLINE_DEPTH",
    "BlockWalker",
    "Document",
    "InlineWalker",
    "is_marker",
]

MAX_BLOCK_DEPTH = 64
"Deepest nesting of blockquotes, lists and list items kept as such."
MAX_INLINE_DEPTH = 32
"Deepest nesting of strong/emphasis/delete/link kept as such."

_MORE = re.compile(r"\s*(?:more(?:\s.*)?|break)\s*", re.DOTALL)
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")

# What an element's end event must do.
_A_TEXT, _A_SKIP, _A_FRAME, _A_BOUNDARY, _A_LEAF, _A_SINK = range(6)


def is_marker(node: etree._Element) -> bool:
    """Whether a node is a ``<!--more-->`` or ``<!--break-->`` comment."""
    return isinstance(node, etree._Comment) and _MORE.fullmatch(node.text or "") is not None


class Document:
    """What the walkers of one body share: options, findings, the top-level blocks."""

    __slots__ = ("_seen", "base_url", "blocks", "more", "problems")

    def __init__(self, *, base_url: str | None) -> None:
        self.base_url = base_url
        self.blocks: list[Block] = []
        "The top-level blocks so far."
        self.more: int | None = None
        self.problems: list[Problem] = []
        self._seen: set[str] = set()

    def problem_once(self, code: str, message: str) -> None:
        """Record a problem, once per code."""
        if code not in self._seen:
            self._seen.add(code)
            self.problems.append(Problem(code=code, message=message))

    def resolve(self, url: str) -> str:
        """The URL as written, or joined to ``base_url`` when one was given."""
        if self.base_url is None:
            return url
        try:
            return urljoin(self.base_url, url)
        except ValueError:  # e.g. an unbalanced IPv6 bracket
            self.problems.append(Problem(code="url", message=f"cannot resolve {url[:80]!r}"))
            return url

    def more_here(self) -> None:
        """Note a ``<!--more-->`` marker after the top-level blocks so far."""
        if self.more is None:
            self.more = len(self.blocks)

    def image(self, element: etree._Element) -> Image | None:
        """An `Image` from an ``<img>`` element; None without ``src``."""
        src = element.get("src")
        if src is None:
            return None
        return Image(
            url=self.resolve(src), alt=element.get("alt") or "", title=element.get("title")
        )


class InlineWalker:
    """Inline content of elements; block boundaries become breaks."""

    def __init__(self, doc: Document) -> None:
        self._doc = doc
        self._buf = InlineBuffer()

    # -------------------------------------------------- the InlineSource API

    def inlines_of(self, element: etree._Element) -> tuple[Inline, ...]:
        """The inline content of one element."""
        if len(element) or element.get("hidden") is not None:
            self._walk(element)
        elif element.text is not None:  # most cells: just text
            self._text(element.text)
        return self._buf.take()

    def feed(self, element: etree._Element) -> None:
        """Add an element's content (not its tail)."""
        self._walk(element)

    def feed_text(self, text: str) -> None:
        """Add loose text."""
        self._text(text)

    def take(self) -> tuple[Inline, ...]:
        """The content gathered so far; starts over."""
        return self._buf.take()

    # ------------------------------------------------------------ the walk

    def _walk(self, root: etree._Element) -> None:
        walker = etree.iterwalk(root, events=EVENTS)
        ends: list[int] = []
        start, end, text = self._start, self._end, self._text
        for event, element in walker:
            if event == "start":
                action = start(element, walker)
                ends.append(action)
                if action != _A_SKIP:
                    value = element.text  # lxml decodes on every access: read once
                    if value is not None:
                        text(value)
                continue
            if event == "end":
                action = ends.pop()
                if element is root:
                    if action == _A_FRAME:  # a boundary here would only add a trailing break
                        end(action)
                    continue
                if action > _A_SKIP:
                    end(action)
            elif is_marker(element):
                self._marker()
            value = element.tail
            if value is not None:
                text(value)

    def _text(self, raw: str) -> None:
        self._buf.text(raw)

    def _marker(self) -> None:
        self._doc.more_here()

    def _start(self, element: etree._Element, walker: etree.iterwalk) -> int:
        category = CATEGORY.get(element.tag, C_TRANSPARENT)
        if element.get("hidden") is not None:
            category = C_SKIP
        if category <= C_IMAGE:
            return self._start_inline(element, category)
        if category in (C_CODE, C_SKIP):
            if category == C_CODE:
                self._code(element)
            walker.skip_subtree()
            return _A_SKIP
        if category == C_EMBED:
            url = embed_url(element)
            if url is not None:
                url = self._doc.resolve(url)
                title = element.get("title")
                self._buf.atom(Link(url=url, title=title, children=(Text(value=url),)))
            if element.tag == "embed":  # void, but libxml2 nests what follows inside it
                return _A_TEXT
            walker.skip_subtree()
            return _A_SKIP
        self._boundary()
        return _A_BOUNDARY

    def _start_inline(self, element: etree._Element, category: int) -> int:
        """Transparent elements, formatting, links, breaks and images."""
        if category == C_TRANSPARENT:
            return _A_TEXT
        buf = self._buf
        if category == C_LINK:
            href = element.get("href")
            if href is None:
                return _A_TEXT
            if buf.depth >= MAX_INLINE_DEPTH:
                self._too_deep("formatting", MAX_INLINE_DEPTH)
                return _A_TEXT
            buf.open(category - 1, self._doc.resolve(href), element.get("title"))
            return _A_FRAME
        if category == C_BR:
            self._br()
        elif category == C_IMAGE:
            image = self._doc.image(element)
            if image is not None:
                buf.atom(image)
        elif buf.depth >= MAX_INLINE_DEPTH:
            self._too_deep("formatting", MAX_INLINE_DEPTH)
        else:
            buf.open(category - 1)
            return _A_FRAME
        return _A_TEXT

    def _end(self, action: int) -> None:
        if action == _A_FRAME:
            self._buf.close()
        else:
            self._boundary()

    def _br(self) -> None:
        self._buf.br()

    def _code(self, element: etree._Element) -> None:
        self._buf.code(collapse(text_of(element)))

    def _boundary(self) -> None:
        buf = self._buf
        if buf.visible and not buf.last_break:
            buf.br()

    def _too_deep(self, what: str, limit: int) -> None:
        self._doc.problem_once("depth", f"{what} nested deeper than {limit} levels was flattened")


# Kinds of block container.
_ROOT, _QUOTE, _ITEM = range(3)


class _Blocks:
    """A container of blocks: the body, a blockquote or a list item."""

    __slots__ = ("blocks", "implicit", "kind", "leaf", "stray")

    def __init__(self, kind: int, blocks: list[Block] | None = None) -> None:
        self.kind = kind
        self.blocks: list[Block] = [] if blocks is None else blocks
        self.leaf = 0  # what inline content becomes: 0 a loose paragraph, -1 a <p>, n an <hn>
        self.implicit = False  # an item (re)opened for content found outside any <li>
        self.stray = False  # an item made for such content (dropped if it stays empty)


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
    """Blocks of a whole document (see `newsdoc.parsers.html` for the rules)."""

    def __init__(self, doc: Document) -> None:
        super().__init__(doc)
        root = _Blocks(_ROOT, doc.blocks)
        self._sinks: list[_Blocks | _List] = [root]
        self._opened: list[_Blocks | _List] = []
        self._leaves: list[tuple[_Blocks, int]] = []
        self._cells: InlineWalker | None = None

    def walk(self, root: etree._Element) -> None:
        """Walk the document; the blocks land in the document's ``blocks``."""
        self._walk(root)
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
        if not isinstance(sink, _Blocks):
            sink = self._blocks()
        if sink.leaf <= 0:
            sink.blocks.append(Paragraph(children=content))
        else:
            sink.blocks.append(Heading(depth=sink.leaf, children=content))

    def _push(self, sink: _Blocks | _List) -> int:
        self._flush()
        self._sinks.append(sink)
        self._opened.append(sink)
        return _A_SINK

    def _finish(self, sink: _Blocks | _List) -> None:
        """Hand a closed container to its parent."""
        if isinstance(sink, _List):
            items = tuple(
                ListItem(children=tuple(item.blocks))
                for item in sink.items
                if item.blocks or not item.stray
            )
            if items:
                self._blocks().blocks.append(
                    List(ordered=sink.ordered, start=sink.start, items=items)
                )
        elif sink.kind == _QUOTE:
            if sink.blocks:
                self._blocks().blocks.append(Blockquote(children=tuple(sink.blocks)))
        else:
            sink.implicit = False

    def _end(self, action: int) -> None:
        if action == _A_FRAME:
            self._buf.close()
        elif action == _A_BOUNDARY:
            self._flush()
        elif action == _A_LEAF:
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
        if not self._buf.visible and not raw.strip(WHITESPACE):
            return  # whitespace with nothing before it in the block: nothing to do
        top = self._sinks[-1]
        if not isinstance(top, _Blocks):
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

    def _start(self, element: etree._Element, walker: etree.iterwalk) -> int:
        category = CATEGORY.get(element.tag, C_TRANSPARENT)
        if element.get("hidden") is not None:
            category = C_SKIP
        if category == C_SKIP:
            walker.skip_subtree()
            return _A_SKIP
        if category != C_LI and type(self._sinks[-1]) is _List:
            self._blocks()
        if category <= C_IMAGE:
            return self._start_inline(element, category)
        if category == C_CODE:
            self._code(element)
            walker.skip_subtree()
            return _A_SKIP
        if category == C_WRAPPER:
            self._flush()
            return _A_BOUNDARY
        if category <= C_HEADING:
            return self._start_leaf(element, category)
        if category <= C_QUOTE:
            return self._start_container(element, category)
        block: Block | None
        if category == C_FIGURE:
            parts = figure_parts(element)
            self._flush()
            if parts is None:  # not just an image and a caption: a wrapper
                return _A_BOUNDARY
            block = self._figure(*parts)
        else:
            self._flush()
            block = self._leaf_block(element, category)
        if block is not None:
            self._blocks().blocks.append(block)
        if category == C_EMBED and element.tag == "embed":  # void, but libxml2 nests in it
            return _A_BOUNDARY
        walker.skip_subtree()
        return _A_SKIP

    def _start_leaf(self, element: etree._Element, category: int) -> int:
        """``<p>``, ``<dt>``/``<dd>``/``<address>``/``<figcaption>`` and headings."""
        self._flush()
        sink = self._blocks()
        if category == C_HEADING:
            leaf = int(element.tag[1])
        elif sink.leaf == 0:
            leaf = -1
        else:  # a paragraph inside a heading or another paragraph: just a boundary
            return _A_BOUNDARY
        self._leaves.append((sink, sink.leaf))
        sink.leaf = leaf
        return _A_LEAF

    def _start_container(self, element: etree._Element, category: int) -> int:
        """Lists, list items and blockquotes."""
        sinks = self._sinks
        top: _Blocks | _List = sinks[-1]
        if category == C_LI and isinstance(top, _Blocks) and top.implicit:
            self._flush()
            self._finish(sinks.pop())
            top = sinks[-1]
        if len(sinks) >= MAX_BLOCK_DEPTH:
            self._too_deep("blockquotes and lists", MAX_BLOCK_DEPTH)
        elif category == C_LIST:
            return self._push(_List(element.tag == "ol", _list_start(element)))
        elif category == C_QUOTE:
            return self._push(_Blocks(_QUOTE))
        elif isinstance(top, _List):
            item = _Blocks(_ITEM)
            top.items.append(item)
            return self._push(item)
        self._flush()  # an <li> outside a list, or too deep: a wrapper
        return _A_BOUNDARY

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
            if value.startswith("\n"):
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
            return Embed(kind=element.tag, url=doc.resolve(url), title=element.get("title"))
        table, before = build_table(
            element,
            self._cell_walker(),
            InlineWalker(doc),
        )
        if before:
            self._blocks().blocks.append(Paragraph(children=before))
        return table
