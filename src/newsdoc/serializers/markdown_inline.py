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
   close that span early);
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
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

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
from newsdoc.serializers.markdown_chars import OTHER, PUNCT, WS, char_classes, char_ref
from newsdoc.serializers.markdown_escape import (
    code_span,
    destination,
    escape_heading_end,
    escape_line_start,
    escape_run,
    link_title,
    neutralize,
)
from newsdoc.serializers.markdown_flanking import (
    ATOM,
    BREAK,
    CLOSE,
    DEL,
    EMPHASIS,
    LINK_CLOSE,
    LINK_OPEN,
    OPEN,
    STRONG,
    TEXT,
    Item,
    Span,
    fix_flanking,
    mark_line_edges,
)

__all__ = ["CELL", "HEADING", "PARAGRAPH", "render_inlines"]

PARAGRAPH, HEADING, CELL = range(3)
"Where inline content goes: block-start escapes (paragraph), no breaks (heading), ``|`` (cell)."

_SPAN_KINDS: dict[type, int] = {Emphasis: EMPHASIS, Strong: STRONG, Delete: DEL}
_SPAN_TYPES = (Emphasis, Strong, Delete)
_DELIMITERS = (("*", "_"), ("**", "__"), ("~~",))


def render_inlines(inlines: Sequence[Inline], mode: int = PARAGRAPH) -> str | None:
    """Write inline content as CommonMark.

    Args:
        inlines: The content, in `newsdoc.inlines.normalize` form (what parsers produce).
        mode: `PARAGRAPH`, `HEADING` or `CELL`.

    Returns:
        The Markdown (hard breaks as ``\\`` + newline, or ``<br>`` in a cell), or None
        when the content has no Markdown form that parses back the same.
    """
    if len(inlines) == 1 and isinstance(inlines[0], Text) and inlines[0].value:
        alone = [Item(TEXT, inlines[0].value)]  # the common case: no delimiters at all
        return _text(alone, 0, mode, is_last=True) if mark_line_edges(alone) else None
    items = _flatten(inlines, mode)
    if items is None or not _choose_delimiters(items):
        return None
    if not mark_line_edges(items) or not fix_flanking(items):
        return None
    return "".join(_emit(items, mode))


# ------------------------------------------------------------------ pass 1


def _flatten(inlines: Sequence[Inline], mode: int) -> list[Item] | None:
    items: list[Item] = []
    # Each frame: the children left to write, and what closes the frame.
    stack: list[tuple[Iterator[Inline], Span | Item | None]] = [(iter(inlines), None)]
    in_link = 0
    while stack:
        children, closer = stack[-1]
        node = next(children, None)
        if node is None:
            stack.pop()
            if isinstance(closer, Span):
                if items[-1].span is closer:  # nothing inside: write nothing
                    items.pop()
                else:
                    closer.close_at = len(items)
                    items.append(Item(CLOSE, span=closer))
            elif closer is not None:
                in_link -= 1
                items.append(closer)
            continue
        if isinstance(node, Text):
            if node.value:
                if items and items[-1].kind == TEXT:
                    items[-1].text += node.value
                else:
                    items.append(Item(TEXT, node.value))
        elif isinstance(node, _SPAN_TYPES):
            span = Span(_SPAN_KINDS[type(node)])
            items.append(Item(OPEN, span=span))
            stack.append((iter(node.children), span))
        elif isinstance(node, Link):
            if in_link:  # CommonMark has no link inside a link: keep its text
                stack.append((iter(node.children), None))
                continue
            in_link += 1
            items.append(Item(LINK_OPEN, "["))
            url = destination(neutralize(node.url), table=mode == CELL)
            end = f"]({url}{link_title(node.title, table=mode == CELL)})"
            stack.append((iter(node.children), Item(LINK_CLOSE, end)))
        elif isinstance(node, InlineCode):
            code = code_span(node.value, table=mode == CELL)
            if code is None or (items and items[-1].kind == ATOM and items[-1].text[-1] == "`"):
                return None  # empty, or touching another code span: their backticks would merge
            items.append(Item(ATOM, code))
        elif isinstance(node, Image):
            items.append(Item(ATOM, _image(node, mode == CELL)))
        elif isinstance(node, Break):
            if mode == HEADING:
                return None
            if mode == CELL:
                items.append(Item(ATOM, "<br>"))
            elif items:  # a break at the very start shows nothing
                items.append(Item(BREAK, "\\\n"))
    while items and items[-1].kind == BREAK:
        items.pop()
    return items


def _image(node: Image, table: bool) -> str:
    alt = escape_run(node.alt, "]", table=table)
    url = destination(neutralize(node.url, image=True), table=table)
    return f"![{alt}]({url}{link_title(node.title, table=table)})"


# ------------------------------------------------------------------ pass 2


def _choose_delimiters(items: list[Item]) -> bool:
    """Give each span a delimiter (see the module docstring); False if none fits."""
    regions: list[dict[str, int]] = [{}]
    for index, item in enumerate(items):
        kind = item.kind
        if kind == OPEN:
            span = item.span
            assert span is not None
            open_counts = regions[-1]
            forbidden = ""
            before = items[index - 1] if index else None
            if before is not None and before.span is not None:
                forbidden += before.span.delim[0]
            after_close = items[span.close_at + 1] if span.close_at + 1 < len(items) else None
            if after_close is not None and after_close.kind == CLOSE:
                assert after_close.span is not None
                forbidden += after_close.span.delim[0]
            may_close = _may_close(before, items[index + 1])
            candidates = _DELIMITERS[span.kind]
            for delim in candidates:
                if delim[0] in forbidden or (may_close and open_counts.get(delim)):
                    continue
                span.delim = delim
                break
            else:
                if len(candidates) > 1 or candidates[0][0] in forbidden:
                    return False
                span.delim = candidates[0]  # ``~~`` has no other form: step 4 decides
            span.conflict = bool(open_counts.get(span.delim))
            open_counts[span.delim] = open_counts.get(span.delim, 0) + 1
        elif kind == CLOSE:
            assert item.span is not None
            regions[-1][item.span.delim] -= 1
        elif kind == LINK_OPEN:  # delimiters never pair across link brackets
            regions.append({})
        elif kind == LINK_CLOSE:
            regions.pop()
    return True


def _may_close(before: Item | None, after: Item) -> bool:
    """Whether an opener between ``before`` and ``after`` might be able to close too
    (right-flanking), before any character is encoded: a space inside will be
    encoded, a letter outside may be."""
    if before is None or before.kind == BREAK:
        return False
    if before.kind == TEXT:
        last = before.text[-1]
        outside = PUNCT if last in "\n\r" else char_classes(last)
        if outside == WS:
            return False
        if outside & OTHER:
            return True
    if after.kind == TEXT:
        first = after.text[0]
        return first in "\n\r" or bool(char_classes(first) & (WS | PUNCT))
    return True


# ------------------------------------------------------------------ pass 4


def _emit(items: list[Item], mode: int) -> Iterator[str]:
    last = len(items) - 1
    for index, item in enumerate(items):
        kind = item.kind
        if kind == TEXT:
            yield _text(items, index, mode, index == last)
        elif kind in (OPEN, CLOSE):
            assert item.span is not None
            yield item.span.delim
        else:
            yield item.text


def _text(items: list[Item], index: int, mode: int, is_last: bool) -> str:
    item = items[index]
    value = item.text
    if len(value) == 1 and (item.enc_first or item.enc_last):
        return char_ref(value)
    head = char_ref(value[0]) if item.enc_first else ""
    tail = char_ref(value[-1]) if item.enc_last else ""
    body = value[1 if head else 0 : len(value) - 1 if tail else len(value)]
    if tail:
        next_char = "&"
    elif is_last:
        next_char = ""
    else:
        following = items[index + 1]
        next_char = following.span.delim[0] if following.span is not None else following.text[0]
    prefix = ""
    if mode == PARAGRAPH and not head and body:
        before = items[index - 1] if index else None
        if before is None or before.kind == BREAK:
            prefix, used = escape_line_start(body, continuation=before is not None)
            body = body[used:]
    escaped = prefix + escape_run(body, next_char, table=mode == CELL)
    if mode == HEADING and is_last and not tail:
        escaped = escape_heading_end(escaped)
    return head + escaped + tail
