"""The walk over an lxml tree, and its inline-only form.

`InlineWalker` turns an element into inline content only (table cells,
captions, loose table content), where every block boundary becomes a `Break`;
`newsdoc.parsers.html.blocks.BlockWalker` extends it to whole documents.  Both
walk with an explicit stack of child iterators, so tree depth costs no Python
recursion; the only nested walk is a cell or caption inside the block walk,
one level deep.

Formatting nests at most `INLINE_DEPTH` levels in the output, so that
recursive consumers (`newsdoc.model.canonical.normalize`, `newsdoc.model.text`, serializers)
are safe; deeper formatting is unwrapped (its content kept) and a
``Problem(code="depth")`` is recorded once.
"""

from __future__ import annotations

import re

from lxml import etree

from newsdoc.common.urls import resolve, without_tabs_and_newlines
from newsdoc.errors import Problem
from newsdoc.limits import INLINE_DEPTH
from newsdoc.model import (
    Block,
    Image,
    Inline,
    Link,
    Text,
)
from newsdoc.parsers.html.elements import (
    C_BR,
    C_CODE,
    C_EMBED,
    C_IMAGE,
    C_LINK,
    C_Q,
    C_SKIP,
    C_TRANSPARENT,
    CATEGORY,
    embed_url,
    hidden_by_style,
    is_hidden,
    text_of,
)
from newsdoc.parsers.inline_buffer import WHITESPACE, InlineBuffer, collapse

__all__ = [
    "A_BOUNDARY",
    "A_FRAME",
    "A_LEAF",
    "A_LINE",
    "A_QUOTE",
    "A_SINK",
    "A_SKIP",
    "A_TEXT",
    "Document",
    "InlineWalker",
    "is_marker",
]


_MORE = re.compile(r"\s*(?:more(?:\s.*)?|break)\s*", re.DOTALL)

# What an element's start did, and so what its end must do (A_TEXT: nothing;
# A_SKIP: nothing, and its text and children are not to be read).
# A_LINE: a block boundary inside a heading, which stays one heading: a line break.
A_TEXT, A_SKIP, A_FRAME, A_BOUNDARY, A_LEAF, A_SINK, A_QUOTE, A_LINE = range(8)
# The marks a browser draws around <q> (the default style sheet's quotes for English),
# alternating with depth.
_QUOTE_MARKS = (("\u201c", "\u201d"), ("\u2018", "\u2019"))

_C_NODE = -1
_KIND: dict[object, int] = dict(CATEGORY.items())
"`CATEGORY`, and the ``tag`` of the other nodes a child iterator yields."
_KIND.update(dict.fromkeys((etree.Comment, etree.ProcessingInstruction, etree.Entity), _C_NODE))


def is_marker(node: etree._Element) -> bool:
    """Whether a node is a ``<!--more-->`` or ``<!--break-->`` comment."""
    return isinstance(node, etree._Comment) and _MORE.fullmatch(node.text or "") is not None


class Document:
    """What the walkers of one body share: options, findings, the top-level blocks."""

    __slots__ = ("_seen", "base_url", "blocks", "in_markdown", "more", "problems")

    def __init__(self, *, base_url: str | None, in_markdown: bool) -> None:
        self.base_url = base_url
        self.in_markdown = in_markdown
        "Whether the HTML is part of a Markdown body (`resolve` unblocks its URLs)."
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
        """The URL as written, or joined to ``base_url`` when one was given.

        Tabs and line breaks are removed, as URL parsing does (Markdown cannot write them).
        """
        url, problem = resolve(
            without_tabs_and_newlines(url), self.base_url, markdown=self.in_markdown
        )
        if problem is not None:
            self.problems.append(Problem(code="url", message=problem))
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
            url=self.resolve(src), alt=element.get("alt") or "", title=element.get("title") or None
        )


class InlineWalker:
    """Inline content of elements; block boundaries become breaks."""

    def __init__(self, doc: Document) -> None:
        self._doc = doc
        self._buf = InlineBuffer()
        self._quotes = 0  # <q> elements open

    # -------------------------------------------------- the InlineSource API

    def inlines_of(self, element: etree._Element) -> tuple[Inline, ...]:
        """The inline content of one element."""
        if len(element) or is_hidden(element):
            self._walk(element)
        elif element.text is not None:  # most cells: just text
            self._text(element.text)
        return self._buf.take()

    def feed(self, element: etree._Element) -> None:
        """Add an element's content (not its tail)."""
        self._walk(element)

    def feed_text(self, text: str) -> None:
        """Add loose text."""
        if self._buf.visible or text.strip(WHITESPACE):  # else it cannot show (as in _walk)
            self._text(text)

    def take(self) -> tuple[Inline, ...]:
        """The content gathered so far; starts over."""
        return self._buf.take()

    # ------------------------------------------------------------ the walk

    def _walk(self, root: etree._Element) -> None:
        """Walk ``root`` in document order: each element's start, text, children, end
        and tail (the root's own boundary and tail are the caller's).

        The hot loop of the reader.  It steps from an element to its first child and
        to its next sibling rather than using `etree.iterwalk` or child iterators, so
        that a childless element (most of them) is one step, not a start and an end
        event, and no iterator is made per parent; the stack of open elements is
        explicit, so depth costs no Python recursion.  An unwrapped inline element
        (span, font…) makes no call, nor does whitespace that cannot show.
        """
        start, end, text = self._start, self._end, self._text
        buf = self._buf
        kind_of = _KIND.get
        open_: list[tuple[etree._Element, int]] = []
        element = root
        while True:
            category = kind_of(element.tag, C_TRANSPARENT)
            if category == _C_NODE:  # a comment or processing instruction
                if is_marker(element):
                    self._marker()
                action = A_SKIP
            else:
                style = element.get("style")
                if element.get("hidden") is not None or (
                    style is not None and hidden_by_style(style)
                ):
                    category = C_SKIP
                action = start(element, category) if category else A_TEXT
                if action != A_SKIP:  # A_SKIP: the element is done, all but its tail
                    value = element.text  # lxml decodes on every access: read once
                    # Whitespace before any visible content of a block shows nothing.
                    if value is not None and (buf.visible or value.strip(WHITESPACE)):
                        text(value)
                    if len(element):
                        open_.append((element, action))
                        element = element[0]
                        continue
            # The element ends (a childless one right after its start): what its start
            # asks for, then its tail; then its next sibling starts, or, after the last
            # child, its parent ends.
            while True:
                if action == A_FRAME:
                    buf.close()
                elif action > A_FRAME and (buf.visible or action != A_BOUNDARY):
                    end(action, element is root)
                if element is root:
                    return
                value = element.tail
                if value is not None and (buf.visible or value.strip(WHITESPACE)):
                    text(value)
                following = element.getnext()
                if following is not None:
                    element = following
                    break
                element, action = open_.pop()

    def _text(self, raw: str) -> None:
        self._buf.text(raw)

    def _marker(self) -> None:
        self._doc.more_here()

    def _start(self, element: etree._Element, category: int) -> int:
        """What an element's start does (not called for `C_TRANSPARENT` ones)."""
        if category <= C_IMAGE:
            return self._start_inline(element, category)
        if category in (C_CODE, C_SKIP):
            if category == C_CODE:
                self._code(element)
            return A_SKIP
        if category == C_EMBED:
            url = embed_url(element)
            if url is not None:
                url = self._doc.resolve(url)
                title = element.get("title") or None
                # The text is the embed's accessible name (its title), else its URL: a
                # browser shows the media, and a cell holds no block.
                label = collapse(title or "").strip(WHITESPACE) or collapse(url).strip(WHITESPACE)
                if self._buf.in_link:  # links do not nest: the label is the outer link's text
                    self._buf.text(label)
                elif label:
                    self._buf.atom(Link(url=url, title=title, children=(Text(value=label),)))
            if element.tag == "embed":  # void, but libxml2 nests what follows inside it
                return A_TEXT
            return A_SKIP
        if category == C_Q:
            return self._open_quote()
        self._boundary()
        return A_BOUNDARY

    def _open_quote(self) -> int:
        self._text(_QUOTE_MARKS[self._quotes % 2][0])
        self._quotes += 1
        return A_QUOTE

    def _close_quote(self) -> None:
        self._quotes -= 1
        self._text(_QUOTE_MARKS[self._quotes % 2][1])

    def _start_inline(self, element: etree._Element, category: int) -> int:
        """Formatting, links, breaks and images."""
        buf = self._buf
        if category == C_LINK:
            href = element.get("href")
            if href is None or buf.in_link:  # a link inside a link is unwrapped
                return A_TEXT
            if buf.depth >= INLINE_DEPTH:
                self._too_deep("formatting", INLINE_DEPTH)
                return A_TEXT
            buf.open(category - 1, self._doc.resolve(href), element.get("title") or None)
            return A_FRAME
        if category == C_BR:
            self._br()
        elif category == C_IMAGE:
            image = self._doc.image(element)
            if image is not None:
                buf.atom(image)
        elif buf.depth >= INLINE_DEPTH:
            self._too_deep("formatting", INLINE_DEPTH)
        else:
            buf.open(category - 1)
            return A_FRAME
        return A_TEXT

    def _end(self, action: int, is_root: bool) -> None:
        """What an element's end does, for `A_BOUNDARY` and beyond (frames are closed
        by the walk itself; a boundary ends nothing while the block shows nothing)."""
        if action == A_QUOTE:
            self._close_quote()
        elif not is_root:  # in a cell it would only add a trailing break
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
