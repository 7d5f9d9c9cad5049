"""Inline content of one HTML block, with whitespace collapsed as a browser shows it.

`InlineBuffer` receives text, formatting starts and ends, and atoms (images,
code, breaks) in document order and hands back the canonical inline tuple of a
block (`newsdoc.model.canonical.normalize` with ``block=True``).

Whitespace rules (CSS ``white-space: normal``):

- runs of ASCII whitespace (space, tab, LF, CR) collapse to one space, across
  element boundaries too; U+00A0 and U+3000 are content;
- a run containing a newline between two CJK characters (Han, kana, Hangul,
  CJK punctuation, full-width forms) disappears (CSS Text segment-break rule);
- spaces and breaks at a block's edges vanish; a space at the edge of a
  formatting element or link is placed outside it.

Trailing whitespace of a text is kept *pending* and only written once the next
visible content shows whether it is needed, which makes the three rules one
linear pass with no look-ahead.

The buffer builds the canonical form directly (texts merged, spaces and breaks
written outside formatting); `normalize` only runs on a block where something
it would change may have been written: an empty formatting element, one
directly inside or right after one of its kind, a lone space, a break taken
back.
"""

from __future__ import annotations

import re

from newsdoc.model import Break, Delete, Emphasis, Inline, InlineCode, Link, Strong, Text
from newsdoc.model.canonical import normalize

__all__ = [
    "DELETE",
    "EMPHASIS",
    "LINK",
    "STRONG",
    "WHITESPACE",
    "InlineBuffer",
    "collapse",
    "is_cjk",
]

WHITESPACE = " \t\n\r"
"What HTML collapses (form feed is replaced before parsing)."

STRONG, EMPHASIS, DELETE, LINK = range(4)
"Kinds of formatting frame."

_CJK = (
    "\u1100-\u11ff"  # Hangul Jamo
    "\u2e80-\u2fdf"  # CJK and Kangxi radicals
    "\u3000-\u303f"  # CJK symbols and punctuation
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3100-\u31ff"  # Bopomofo, Hangul compatibility Jamo, Kanbun, strokes
    "\u3200-\u33ff"  # enclosed CJK, CJK compatibility
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\ua960-\ua97f"  # Hangul Jamo extended A
    "\uac00-\ud7ff"  # Hangul syllables, Jamo extended B
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\ufe30-\ufe4f"  # CJK compatibility forms
    "\uff00-\uffef"  # half-width and full-width forms
    "\U00020000-\U0003ffff"  # CJK extensions B and later
)
_CJK_CHAR = re.compile(f"[{_CJK}]")
_SPACES = re.compile("  +")
_BREAK = Break()
_SPACE = Text(value=" ")


def is_cjk(char: str) -> bool:
    """Whether a single character is CJK in the sense of the segment-break rule."""
    return char >= "\u1100" and _CJK_CHAR.match(char) is not None


def _join_lines(text: str) -> str:
    """Join the lines of a text, each newline run a space or, between CJK, nothing."""
    if text.isascii():  # O(1) in CPython: no CJK, so every run is a space
        return text.replace("\n", " ")
    out: list[str] = []
    last = ""
    for line in text.split("\n"):
        line = line.strip(" \t\r")
        if line:
            if out:
                out.append("" if is_cjk(last) and is_cjk(line[0]) else " ")
            out.append(line)
            last = line[-1]
    return "".join(out)


def collapse(text: str) -> str:
    """Collapse whitespace inside one run of text (edges kept as one space).

    A few C-level scans instead of one regex over every character: regex
    substitution costs ~10x more per character.
    """
    if "\n" in text:
        lead = text[0] in WHITESPACE
        trail = text[-1] in WHITESPACE
        text = _join_lines(text)
        text = (" " if lead else "") + text + (" " if trail and text else "")
    if "\t" in text or "\r" in text:
        text = text.replace("\t", " ").replace("\r", " ")
    if "  " in text:
        text = _SPACES.sub(" ", text)
    return text


class _Frame:
    """An open formatting element: its kind, link target and children so far."""

    __slots__ = ("children", "kind", "title", "url")

    def __init__(self, kind: int, url: str, title: str | None) -> None:
        self.kind = kind
        self.url = url
        self.title = title
        self.children: list[Inline] = []


_SPAN_NODES = (Strong, Emphasis, Delete)  # indexed by frame kind


def _collapse(core: str) -> str:
    """Trimmed text with its inner whitespace as a browser shows it (tests before work)."""
    if "\n" in core:
        core = _join_lines(core)
    if "\t" in core or "\r" in core:
        core = core.replace("\t", " ").replace("\r", " ")
    if "  " in core:
        core = _SPACES.sub(" ", core)
    return core


class InlineBuffer:
    """Collects the inline content of the current block.

    Formatting frames stay open across blocks: when a block ends inside
    ``<a href>`` the next block starts inside the same link again (the HTML
    "reconstruct the active formatting elements" idea), so a block element
    inside an inline one loses nothing.
    """

    __slots__ = (
        "_break_list",
        "_cur",
        "_drop",
        "_frames",
        "_last",
        "_links",
        "_nested",
        "_odd",
        "_pend",
        "_root",
        "_texts",
        "_tlist",
        "depth",
        "in_link",
        "last_break",
        "visible",
    )

    def __init__(self) -> None:
        self._root: list[Inline] = []
        self._frames: list[_Frame] = []
        self._cur = self._root
        self._texts: list[str] = []  # a text run not yet made a Text, for _tlist
        # _tlist is _cur, or a list that empty frames were opened inside since: a space
        # written there then joins the text before those frames, as normalize() would.
        self._tlist = self._root
        self._links = 0  # open LINK frames
        self._pend = 0  # pending whitespace: 0 none, 1 space, 2 run with a newline
        self._drop = True  # whitespace here is dropped (block start, after a break)
        self._last = ""  # last visible character written, for the CJK rule
        self._break_list: list[Inline] | None = None
        # Whether the block may not be in canonical form.  The buffer writes canonical
        # content by construction except in the few places that set this (empty or
        # nested formatting, lone spaces, a break taken back), so normalize() is only
        # needed then.
        self._odd = False
        self._nested = 0  # open frames directly inside one of their own kind (odd too)
        self.visible = False
        "Whether the block has visible content."
        self.last_break = False
        "Whether the last thing written is a `Break`."
        self.depth = 0
        "How many formatting frames are open."
        self.in_link = False
        "Whether a link is open (links do not nest: HTML forbids it, Markdown cannot say it)."

    # ------------------------------------------------------------ writing

    def text(self, raw: str) -> None:
        """Add a text node's content, whitespace collapsed."""
        core = raw.strip(WHITESPACE)
        if not core:
            if raw and not self._drop and self._pend != 2:
                self._pend = 2 if "\n" in raw else 1
            return
        trail = ""
        if len(core) != len(raw):
            start = 0
            if raw[0] in WHITESPACE:
                start = raw.find(core[0])  # the lead is whitespace, core[0] is not
                if not self._drop and self._pend != 2:
                    self._pend = 2 if "\n" in raw[:start] else 1
            trail = raw[start + len(core) :]
        core = _collapse(core)
        if self._pend:
            self._space_before(core[0])
        texts = self._texts
        if not texts:
            self._tlist = self._cur
        elif self._tlist is not self._cur:  # _flush_texts(), inlined on the hot path
            self._tlist.append(Text(value="".join(texts)))
            texts.clear()
            self._tlist = self._cur
        texts.append(core)
        self._last = core[-1]
        self._pend = (2 if "\n" in trail else 1) if trail else 0
        self._drop = False
        self.visible = True
        self.last_break = False

    def code(self, value: str) -> None:
        """Add inline code; its value is kept as given (not trimmed)."""
        if not value:
            return
        if self._pend and value[0] != " ":
            self._space_before(value[0])
        self._pend = 0
        if self._texts:
            self._flush_texts()
        self._cur.append(InlineCode(value=value))
        self._last = value[-1]
        self._drop = value.endswith(" ")
        self.visible = True
        self.last_break = False

    def atom(self, node: Inline) -> None:
        """Add an image or a link standing for an embed."""
        if self._pend:
            self._space_before("")
        self._pend = 0
        if self._texts:
            self._flush_texts()
        self._cur.append(node)
        self._last = ""
        self._drop = False
        self.visible = True
        self.last_break = False

    def br(self) -> None:
        """Add a line break (nothing at the start of a block)."""
        if not self.visible:
            return
        self._pend = 0
        if self._texts:
            self._flush_texts()
        target = self._cur or self._edge_list()
        target.append(_BREAK)
        self._break_list = target
        self._last = ""
        self._drop = True
        self.last_break = True

    def drop_last_break(self) -> None:
        """Remove the break just written (the first of a ``<br><br>`` run)."""
        target = self._break_list
        if self.last_break and target and target[-1] is _BREAK:
            target.pop()
            self._odd = True  # texts on either side may now meet
        self.last_break = False

    def open(self, kind: int, url: str = "", title: str | None = None) -> None:
        """Start a formatting element (`STRONG`, `EMPHASIS`, `DELETE`, `LINK`)."""
        frames = self._frames
        if frames and frames[-1].kind == kind and kind != LINK:
            self._nested += 1  # <b><b>x</b></b> is unwrapped
        frame = _Frame(kind, url, title)
        frames.append(frame)
        self._cur = frame.children
        self.depth += 1
        if kind == LINK:
            self._links += 1
            self.in_link = True

    def close(self) -> None:
        """End the innermost formatting element."""
        texts = self._texts
        if texts:  # _flush_texts(), inlined on the hot path
            self._tlist.append(Text(value="".join(texts)))
            texts.clear()
        frames = self._frames
        frame = frames.pop()
        self.depth -= 1
        if frame.kind == LINK:
            self._links -= 1
            self.in_link = self._links > 0
        elif frames and frames[-1].kind == frame.kind:
            self._nested -= 1
            self._odd = True  # its node is now inside one of its kind
        parent = frames[-1].children if frames else self._root
        self._close_into(frame, parent)
        self._cur = parent

    # ------------------------------------------------------------ reading

    def take(self) -> tuple[Inline, ...]:
        """The block's content in canonical form; the buffer starts a new block.

        Formatting frames still open stay open, empty, for the next block.
        """
        if not self.visible:  # nothing written since the last reset
            return ()
        texts = self._texts
        if texts and not self._root and not self._frames:  # the usual block: one text run
            value = texts[0] if len(texts) == 1 else "".join(texts)
            texts.clear()
            self._pend = 0  # the buffer starts over, as below
            self._drop = True
            self.visible = self.last_break = self._odd = False
            return (Text(value=value),)
        if texts:
            self._flush_texts()
        frames = self._frames
        if frames:
            for index in range(len(frames) - 1, -1, -1):
                parent = frames[index - 1].children if index else self._root
                self._close_into(frames[index], parent)
                frames[index].children = []
        root = self._root
        self._root = []
        self._cur = frames[-1].children if frames else self._root
        odd = self._odd or self._nested
        self._odd = False  # the buffer starts over
        self._pend = 0
        self._drop = True
        self._last = ""
        self._break_list = None
        self.visible = self.last_break = False
        while root and root[-1] is _BREAK:  # the only edge item written: normalize() would
            root.pop()  # drop it too
        if odd:
            return normalize(root, block=True)
        return tuple(root)

    def text_block(self, raw: str) -> tuple[Inline, ...]:
        """`text` then `take`: the content of a block holding just this text."""
        if self.visible or self._frames:
            self.text(raw)
            return self.take()
        # An empty buffer has nothing pending: the text, trimmed and collapsed, is all.
        core = raw.strip(WHITESPACE)
        if not core:
            return ()
        core = _collapse(core)
        return (Text(value=core),)

    # ------------------------------------------------------------ helpers

    def _space_before(self, following: str) -> None:
        """Write the pending space, unless the whitespace disappears."""
        if self._drop:
            return
        if self._pend == 2 and following and is_cjk(following) and is_cjk(self._last):
            return
        if self._texts:
            self._texts.append(" ")  # to _tlist: outside the frames opened since, if any
        elif self._cur:
            self._texts.append(" ")
            self._tlist = self._cur
        else:
            self._edge_list().append(_SPACE)
            self._odd = True  # maybe next to a text

    def _edge_list(self) -> list[Inline]:
        """Where an edge item goes: outside every formatting frame still empty."""
        self._flush_texts()
        if self._cur:
            return self._cur
        frames = self._frames
        index = len(frames) - 2
        while index >= 0 and not frames[index].children:
            index -= 1
        return frames[index].children if index >= 0 else self._root

    def _flush_texts(self) -> None:
        if self._texts:
            self._tlist.append(Text(value="".join(self._texts)))
            self._texts.clear()

    def _close_into(self, frame: _Frame, parent: list[Inline]) -> None:
        """Append a closed frame's node to its parent; breaks at its end go after it."""
        children = frame.children
        breaks = 0
        while children and children[-1] is _BREAK:
            children.pop()
            breaks += 1
        if not children:
            self._odd = True  # dropped: what was on either side may meet
        elif frame.kind == LINK:
            parent.append(Link(url=frame.url, title=frame.title, children=tuple(children)))
        else:
            span = _SPAN_NODES[frame.kind]
            if parent and type(parent[-1]) is span:
                self._odd = True  # <b>a</b><b>b</b> is <b>ab</b>
            parent.append(span(children=tuple(children)))
        if breaks:
            parent.extend([_BREAK] * breaks)
            self._break_list = parent
