"""Inline content of one HTML block, with whitespace collapsed as a browser shows it.

`InlineBuffer` receives text, formatting starts and ends, and atoms (images,
code, breaks) in document order and hands back the canonical inline tuple of a
block (`newsdoc.inlines.normalize` with ``block=True``).

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
"""

from __future__ import annotations

import re

from newsdoc.inlines import normalize
from newsdoc.model import Break, Delete, Emphasis, Inline, InlineCode, Link, Strong, Text

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


def _node(frame: _Frame, children: tuple[Inline, ...]) -> Inline:
    kind = frame.kind
    if kind == STRONG:
        return Strong(children=children)
    if kind == EMPHASIS:
        return Emphasis(children=children)
    if kind == DELETE:
        return Delete(children=children)
    return Link(url=frame.url, title=frame.title, children=children)


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
        "_pend",
        "_root",
        "_texts",
        "last_break",
        "visible",
    )

    def __init__(self) -> None:
        self._root: list[Inline] = []
        self._frames: list[_Frame] = []
        self._cur = self._root
        self._texts: list[str] = []  # a text run not yet made a Text; belongs to _cur
        self._pend = 0  # pending whitespace: 0 none, 1 space, 2 run with a newline
        self._drop = True  # whitespace here is dropped (block start, after a break)
        self._last = ""  # last visible character written, for the CJK rule
        self._break_list: list[Inline] | None = None
        self.visible = False
        "Whether the block has visible content."
        self.last_break = False
        "Whether the last thing written is a `Break`."

    @property
    def depth(self) -> int:
        """How many formatting frames are open."""
        return len(self._frames)

    @property
    def in_link(self) -> bool:
        """Whether a link is open (links do not nest: HTML forbids it, Markdown cannot say it)."""
        return any(frame.kind == LINK for frame in self._frames)

    # ------------------------------------------------------------ writing

    def text(self, raw: str) -> None:
        """Add a text node's content, whitespace collapsed."""
        core = raw.strip(WHITESPACE)
        if not core:
            if raw and not self._drop:
                self._pend = max(self._pend, 2 if "\n" in raw else 1)
            return
        trail = ""
        if len(core) != len(raw):
            start = 0
            if raw[0] in WHITESPACE:
                start = raw.find(core[0])  # the lead is whitespace, core[0] is not
                if not self._drop:
                    self._pend = max(self._pend, 2 if "\n" in raw[:start] else 1)
            trail = raw[start + len(core) :]
        if "\n" in core:
            core = _join_lines(core)
        if "\t" in core or "\r" in core:
            core = core.replace("\t", " ").replace("\r", " ")
        if "  " in core:
            core = _SPACES.sub(" ", core)
        if self._pend:
            self._space_before(core[0])
        self._texts.append(core)
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
        self._append(InlineCode(value=value))
        self._last = value[-1]
        self._drop = value.endswith(" ")
        self.visible = True
        self.last_break = False

    def atom(self, node: Inline) -> None:
        """Add an image or a link standing for an embed."""
        if self._pend:
            self._space_before("")
        self._pend = 0
        self._append(node)
        self._last = ""
        self._drop = False
        self.visible = True
        self.last_break = False

    def br(self) -> None:
        """Add a line break (nothing at the start of a block)."""
        if not self.visible:
            return
        self._pend = 0
        target = self._edge_list()
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
        self.last_break = False

    def open(self, kind: int, url: str = "", title: str | None = None) -> None:
        """Start a formatting element (`STRONG`, `EMPHASIS`, `DELETE`, `LINK`)."""
        self._flush_texts()
        frame = _Frame(kind, url, title)
        self._frames.append(frame)
        self._cur = frame.children

    def close(self) -> None:
        """End the innermost formatting element."""
        self._flush_texts()
        frame = self._frames.pop()
        parent = self._frames[-1].children if self._frames else self._root
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
            self._pend = 0  # what _reset() does, inlined on the hot path
            self._drop = True
            self.visible = self.last_break = False
            return (Text(value=value),)
        self._flush_texts()
        frames = self._frames
        for index in range(len(frames) - 1, -1, -1):
            self._close_into(frames[index], frames[index - 1].children if index else self._root)
            frames[index].children = []
        root = self._root
        self._root = []
        self._cur = frames[-1].children if frames else self._root
        self._reset()
        if len(root) == 1 and type(root[0]) is Text:
            return (root[0],)  # normalize() would return it unchanged
        return normalize(root, block=True)

    # ------------------------------------------------------------ helpers

    def _reset(self) -> None:
        self._pend = 0
        self._drop = True
        self._last = ""
        self._break_list = None
        self.visible = False
        self.last_break = False

    def _space_before(self, following: str) -> None:
        """Write the pending space, unless the whitespace disappears."""
        if self._drop:
            return
        if self._pend == 2 and following and is_cjk(following) and is_cjk(self._last):
            return
        if self._cur or self._texts:
            self._texts.append(" ")
        else:
            self._edge_list().append(_SPACE)

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

    def _append(self, node: Inline) -> None:
        self._flush_texts()
        self._cur.append(node)

    def _flush_texts(self) -> None:
        if self._texts:
            self._cur.append(Text(value="".join(self._texts)))
            self._texts.clear()

    def _close_into(self, frame: _Frame, parent: list[Inline]) -> None:
        """Append a closed frame's node to its parent; breaks at its end go after it."""
        children = frame.children
        breaks = 0
        while children and children[-1] is _BREAK:
            children.pop()
            breaks += 1
        if children:
            parent.append(_node(frame, tuple(children)))
        if breaks:
            parent.extend([_BREAK] * breaks)
            self._break_list = parent
