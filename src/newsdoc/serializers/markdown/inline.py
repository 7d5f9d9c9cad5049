"""Inline content as CommonMark whose emphasis parses back exactly as the model says.

CommonMark decides whether ``**`` opens or closes by the characters on either
side of the run ("flanking"): ``说**“狗”**事`` stays literal because ``**`` sits
between a letter and punctuation.  The writer works in linear passes over
a flat list of items (text, delimiter, atom):

1. flatten the inline tree (no recursion, any depth);
2. choose each span's delimiter: ``*``/``**`` (``~~`` for strikethrough); the
   same-type alternative ``_``/``__`` only where ``*`` cannot work: a
   delimiter would touch another ``*`` delimiter (``**_x_**`` for strong around
   emphasis; ``***x***`` reads as emphasis around strong), or a delimiter that
   might also close sits inside a span of the same kind and marker (it would
   close that span early) (`markdown_flanking.choose_delimiters`);
3. fix flanking by writing a character next to a delimiter as a numeric
   character reference (``&#x8BF4;**“狗”**&#x4E8B;``);
4. verify every delimiter under every renderer's character classes
   (`markdown_flanking`).  If that fails (a control character that has no
   reference, three levels of the same formatting nested), the caller writes
   the block as HTML instead;
5. write the items out, escaping text (`markdown_escape`).

Why this is enough: no two delimiters with the same character touch, so each
delimiter run is one delimiter of length 1 or 2, and ``*`` (1) never pairs with
``**`` (2) when either can both open and close (rule of 3).  Processing closers
left to right, every span between an opener and its closer is already matched,
so the nearest opener with the same marker is the right one, unless an earlier
opener that can also close took it: step 4 rules that out.

Most content needs few of these passes, and two shortcuts give what they would:
content that is one text, and content with no span, no break and no link in a
link (written in one pass: only the first and the last text touch a line's
edges).  ``tests/test_markdown_fast.py`` checks both against the full passes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from newsdoc.common.urls import block
from newsdoc.model import (
    Break,
    Delete,
    Emphasis,
    Image,
    Inline,
    InlineCode,
    Link,
    Strong,
    Text,
)
from newsdoc.serializers.markdown.chars import char_ref, encodable
from newsdoc.serializers.markdown.escape import (
    code_span,
    destination,
    escape_heading_end,
    escape_line_start,
    escape_run,
    link_title,
)
from newsdoc.serializers.markdown.flanking import (
    ATOM,
    BREAK,
    CLOSE,
    DEL,
    EDGE_SPACE,
    EMPHASIS,
    LINK_CLOSE,
    LINK_OPEN,
    OPEN,
    STRONG,
    TEXT,
    Item,
    Span,
    choose_delimiters,
    fix_flanking,
    mark_line_edges,
)

__all__ = ["CELL", "HEADING", "PARAGRAPH", "render_inlines"]

PARAGRAPH, HEADING, CELL = range(3)
"Where inline content goes: block-start escapes (paragraph), no breaks (heading), ``|`` (cell)."

_SPAN_KINDS: dict[type, int] = {Emphasis: EMPHASIS, Strong: STRONG, Delete: DEL}
_SPAN_TYPES = (Emphasis, Strong, Delete)
# Items other than texts are never changed by the passes: these are shared.
_LINK_OPEN = Item(LINK_OPEN, "[")
_BREAK = Item(BREAK, "\\\n")
_CELL_BREAK = Item(ATOM, "<br>")
_LINK_END: Inline = Break()  # put after a link's children by `_plain`: the link ends here


def render_inlines(inlines: Sequence[Inline], mode: int = PARAGRAPH) -> str | None:
    """Write inline content as CommonMark.

    Args:
        inlines: The content, in `newsdoc.model.canonical.normalize` form (what parsers produce).
        mode: `PARAGRAPH`, `HEADING` or `CELL`.

    Returns:
        The Markdown (hard breaks as ``\\`` + newline, or ``<br>`` in a cell), or None
        when the content has no Markdown form that parses back the same.
    """
    if len(inlines) == 1:
        node = inlines[0]
        if isinstance(node, Text) and node.value:  # the common case: no delimiters at all
            return _lone_text(node.value, mode)
    try:
        return _plain(inlines, mode)
    except _NeedsPassesError:
        pass
    flat = _flatten(inlines, mode)
    if flat is None:
        return None
    items, spans, breaks = flat
    # Without spans there is no delimiter to choose or to make flank.
    if spans and not choose_delimiters(items):
        return None
    if not mark_line_edges(items, breaks=breaks) or (spans and not fix_flanking(items)):
        return None
    return _emit(items, mode)


def _lone_text(value: str, mode: int) -> str | None:
    """What the passes give for content that is one text (one item, alone on its line)."""
    first, last = value[0], value[-1]
    enc_first = first.isspace() or first == EDGE_SPACE
    enc_last = last.isspace() or last == EDGE_SPACE
    if (enc_first and not encodable(first)) or (enc_last and not encodable(last)):
        return None
    return _text_out(value, enc_first, enc_last, 0, "&" if enc_last else "", mode, is_last=True)


class _NeedsPassesError(Exception):
    """The content has a span, a break or a link in a link: `_plain` leaves it to the passes."""


def _plain(inlines: Sequence[Inline], mode: int) -> str | None:
    """Content of texts, code, images and links of those, in one pass (most paragraphs).

    What the passes come to with no delimiter and one line: only the first and the
    last item touch the line's edges, and a text is escaped once the next character
    written is known.

    Raises:
        _NeedsPassesError: a span, a break, or a link inside a link.
    """
    out: list[str] = []
    table = mode == CELL
    pending = ""  # text waiting for the next piece, which decides its escaping
    first = True  # whether the pending text would be the first item
    after_code = False  # the last piece is a code span: another one would merge with it
    for node in inlines:
        if isinstance(node, Link):
            url = destination(block(node.url), table=table)
            pieces: Sequence[Inline] = (*node.children, _LINK_END)
            end = f"]({url}{link_title(node.title, table=table)})"
            if pending:
                text = _plain_text(pending, first, False, "[", mode)
                if text is None:
                    return None
                out.append(text)
                pending = ""
            out.append("[")
            after_code = False
        else:
            pieces = (node,)
            end = ""
        for piece in pieces:
            if isinstance(piece, Text):
                if piece.value:
                    if not pending:
                        first = not out
                    pending += piece.value
                    after_code = False
                continue
            if piece is _LINK_END:
                written = end
            elif isinstance(piece, InlineCode):
                code = code_span(piece.value, table=table)
                if code is None or after_code:
                    return None  # empty, or touching another code span: their backticks would merge
                written = code
            elif isinstance(piece, Image):
                written = _image(piece, table)
            else:
                raise _NeedsPassesError
            if pending:
                text = _plain_text(pending, first, False, written[0], mode)
                if text is None:
                    return None
                out.append(text)
                pending = ""
            out.append(written)
            after_code = written[-1] == "`"  # a code span (images and links end with ")")
    if pending:
        text = _plain_text(pending, first, True, "", mode)
        if text is None:
            return None
        out.append(text)
    return "".join(out)


def _plain_text(value: str, first: bool, last: bool, next_char: str, mode: int) -> str | None:
    """A text of `_plain`, alone on its line with what surrounds it; None: no Markdown form."""
    if not first and not last:
        return escape_run(value, next_char, table=mode == CELL)
    enc_first = enc_last = False
    if first:
        char = value[0]
        enc_first = char.isspace() or char == EDGE_SPACE
        if enc_first and not encodable(char):
            return None
    if last:
        char = value[-1]
        enc_last = char.isspace() or char == EDGE_SPACE
        if enc_last and not encodable(char):
            return None
    return _text_out(value, enc_first, enc_last, 0 if first else 2, next_char, mode, last)


# ------------------------------------------------------------------ pass 1


def _flatten(inlines: Sequence[Inline], mode: int) -> tuple[list[Item], bool, bool] | None:
    """The items, whether a span was written, whether a break was; None: no Markdown form."""
    items: list[Item] = []
    table = mode == CELL
    spans = breaks = False
    # Each frame: the children left to write, and what closes the frame.  A frame's children
    # are walked with a for loop; only a container suspends it (pushed back, then its child).
    stack: list[tuple[Iterator[Inline], Span | Item | None]] = [(iter(inlines), None)]
    in_link = 0
    while stack:
        children, closer = stack.pop()
        for node in children:
            if isinstance(node, Text):
                if node.value:
                    if items and items[-1].kind == TEXT:
                        items[-1].text += node.value
                    else:
                        items.append(Item(TEXT, node.value))
            elif isinstance(node, _SPAN_TYPES):
                span = Span(_SPAN_KINDS[type(node)])
                items.append(Item(OPEN, span=span))
                spans = True
                inner = _lone_value(node.children)
                if inner:  # the usual span: one text, written without a frame
                    items.append(Item(TEXT, inner))
                    span.close_at = len(items)
                    items.append(Item(CLOSE, span=span))
                    continue
                stack.append((children, closer))
                stack.append((iter(node.children), span))
                break
            elif isinstance(node, Link):
                if in_link:  # CommonMark has no link inside a link: keep its text
                    stack.append((children, closer))
                    stack.append((iter(node.children), None))
                    break
                items.append(_LINK_OPEN)
                url = destination(block(node.url), table=table)
                end = Item(LINK_CLOSE, f"]({url}{link_title(node.title, table=table)})")
                inner = _lone_value(node.children)
                if inner:  # the usual link: one text, written without a frame
                    items.append(Item(TEXT, inner))
                    items.append(end)
                    continue
                in_link += 1
                stack.append((children, closer))
                stack.append((iter(node.children), end))
                break
            elif isinstance(node, InlineCode):
                code = code_span(node.value, table=table)
                if code is None or (items and items[-1].kind == ATOM and items[-1].text[-1] == "`"):
                    return None  # empty, or touching another code span: their backticks would merge
                items.append(Item(ATOM, code))
            elif isinstance(node, Image):
                items.append(Item(ATOM, _image(node, table)))
            elif isinstance(node, Break):
                if mode == HEADING:
                    return None
                if table:
                    items.append(_CELL_BREAK)
                elif items:  # a break at the very start shows nothing
                    items.append(_BREAK)
                    breaks = True
        else:  # the frame is done: close what it was in
            if isinstance(closer, Span):
                if items[-1].span is closer:  # nothing inside: write nothing
                    items.pop()
                else:
                    closer.close_at = len(items)
                    items.append(Item(CLOSE, span=closer))
            elif closer is not None:
                in_link -= 1
                items.append(closer)
    while items and items[-1].kind == BREAK:
        items.pop()
    return items, spans, breaks


def _lone_value(children: Sequence[Inline]) -> str:
    """The text of children that are one `Text`, else ''."""
    if len(children) == 1:
        child = children[0]
        if isinstance(child, Text):
            return child.value
    return ""


def _image(node: Image, table: bool) -> str:
    alt = escape_run(node.alt, "]", table=table)
    url = destination(block(node.url, image=True), table=table)
    return f"![{alt}]({url}{link_title(node.title, table=table)})"


# ------------------------------------------------------------------ pass 4


def _emit(items: list[Item], mode: int) -> str:
    out: list[str] = []
    table = mode == CELL
    last = len(items) - 1
    for index, item in enumerate(items):
        kind = item.kind
        if kind == TEXT:
            is_last = index == last
            if is_last:
                next_char = ""
            else:
                following = items[index + 1]
                span = following.span
                next_char = span.delim[0] if span is not None else following.text[0]
            start = 0 if index == 0 else 1 if items[index - 1].kind == BREAK else 2
            if (
                item.enc_first
                or item.enc_last
                or (mode == PARAGRAPH and start < 2)
                or (mode == HEADING and is_last)
            ):
                enc_first, enc_last = item.enc_first, item.enc_last
                out.append(
                    _text_out(item.text, enc_first, enc_last, start, next_char, mode, is_last)
                )
            else:  # what `_text_out` comes to for text inside a line
                out.append(escape_run(item.text, next_char, table=table))
        elif kind in (OPEN, CLOSE):
            assert item.span is not None
            out.append(item.span.delim)
        else:
            out.append(item.text)
    return "".join(out)


def _text_out(
    value: str,
    enc_first: bool,
    enc_last: bool,
    start: int,
    next_char: str,
    mode: int,
    is_last: bool,
) -> str:
    """A text item written out.

    ``start``: 0 at the start of the content, 1 after a hard break, 2 elsewhere;
    ``next_char``: the first character written after it ('' at the end).
    """
    if len(value) == 1 and (enc_first or enc_last):
        return char_ref(value)
    head = char_ref(value[0]) if enc_first else ""
    tail = char_ref(value[-1]) if enc_last else ""
    body = value[1 if head else 0 : len(value) - 1 if tail else len(value)]
    if tail:
        next_char = "&"
    prefix = ""
    if mode == PARAGRAPH and start < 2 and not head and body:
        prefix, used = escape_line_start(body, continuation=start == 1)
        body = body[used:]
    escaped = prefix + escape_run(body, next_char, table=mode == CELL)
    if mode == HEADING and is_last and not tail:
        escaped = escape_heading_end(escaped)
    return head + escaped + tail
