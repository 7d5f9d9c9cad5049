"""Inline content as CommonMark whose emphasis parses back exactly as the model says.

CommonMark decides whether ``**`` opens or closes by the characters on either
side of the run ("flanking"): ``说**“狗”**事`` stays literal because ``**`` sits
between a letter and punctuation.  The writer works in four linear passes over
a flat list of items (text, delimiter, atom):

1. flatten the inline tree (no recursion, any depth);
2. choose each span's delimiter: ``*``/``**`` (``~~`` for strikethrough); the
   same-type alternative ``_``/``__`` only where ``*`` cannot work: a
   delimiter would touch another ``*`` delimiter (``**_x_**`` for strong around
   emphasis; ``***x***`` reads as emphasis around strong), or a delimiter that
   might also close sits inside a span of the same kind and marker (it would
   close that span early);
3. fix flanking by writing a neighbouring character as a numeric character
   reference: an entity begins with ``&`` and ends with ``;``, both ASCII
   punctuation to the delimiter scanner (references are resolved later, so the
   text renders the same).  Whitespace just *inside* a delimiter is encoded;
   then, if the inside is punctuation, the letter just *outside* it
   (``&#x8BF4;**“狗”**&#x4E8B;``).  Encoding the inside punctuation would not help:
   ``&`` is punctuation too;
4. verify every delimiter under every renderer's character classes (see
   `markdown_chars`): each opener can open, each closer can close, and an opener
   inside a span with the same marker cannot close.  If that fails (a control
   character that has no reference, three levels of the same formatting
   nested), the caller writes the block as HTML instead.

Why this is enough: no two delimiters with the same character touch, so each
delimiter run is one delimiter of length 1 or 2, and ``*`` (1) never pairs with
``**`` (2) when either can both open and close (rule of 3).  Processing closers
left to right, every span between an opener and its closer is already matched,
so the nearest opener with the same marker is the right one, unless an earlier
opener that can also close took it: step 4 rules that out.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cache

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
from newsdoc.serializers.markdown_chars import (
    OTHER,
    PUNCT,
    WS,
    char_classes,
    char_ref,
    encodable,
    is_surely_ws,
)
from newsdoc.serializers.markdown_escape import (
    code_span,
    destination,
    escape_heading_end,
    escape_line_start,
    escape_run,
    link_title,
    neutralize,
)

__all__ = ["CELL", "HEADING", "PARAGRAPH", "render_inlines"]

PARAGRAPH, HEADING, CELL = range(3)
"Where inline content goes: block-start escapes (paragraph), no breaks (heading), ``|`` (cell)."

_TEXT, _OPEN, _CLOSE, _ATOM, _BREAK, _LINK_OPEN, _LINK_CLOSE = range(7)
_EMPHASIS, _STRONG, _DEL = range(3)
_DELIMITERS = (("*", "_"), ("**", "__"), ("~~",))
_EDGE_SPACE = "\ufeff"  # stripped by markdown-it's trim() though not str.isspace()


class _Span:
    __slots__ = ("close_at", "conflict", "delim", "kind")

    def __init__(self, kind: int) -> None:
        self.kind = kind
        self.delim = ""
        self.close_at = -1
        self.conflict = False


class _Item:
    __slots__ = ("enc_first", "enc_last", "first", "kind", "last", "span", "text")

    def __init__(
        self, kind: int, text: str = "", span: _Span | None = None, edges: int = PUNCT
    ) -> None:
        self.kind = kind
        self.text = text
        self.span = span
        self.first = edges
        self.last = edges
        self.enc_first = False
        self.enc_last = False


def render_inlines(inlines: Sequence[Inline], mode: int = PARAGRAPH) -> str | None:
    """Write inline content as CommonMark.

    Args:
        inlines: The content, in `newsdoc.inlines.normalize` form (what parsers produce).
        mode: `PARAGRAPH`, `HEADING` or `CELL`.

    Returns:
        The Markdown (hard breaks as ``\\`` + newline, or ``<br>`` in a cell), or None
        when the content has no Markdown form that parses back the same.
    """
    items = _flatten(inlines, mode)
    if items is None or not _choose_delimiters(items):
        return None
    if not _mark_line_edges(items) or not _fix_flanking(items):
        return None
    return "".join(_emit(items, mode))


# ------------------------------------------------------------------ pass 1


def _flatten(inlines: Sequence[Inline], mode: int) -> list[_Item] | None:
    items: list[_Item] = []
    # Each frame: the children left to write, and what closes the frame.
    stack: list[tuple[Iterator[Inline], _Span | _Item | None]] = [(iter(inlines), None)]
    in_link = 0
    while stack:
        children, closer = stack[-1]
        node = next(children, None)
        if node is None:
            stack.pop()
            if isinstance(closer, _Span):
                if items[-1].span is closer:  # nothing inside: write nothing
                    items.pop()
                else:
                    closer.close_at = len(items)
                    items.append(_Item(_CLOSE, span=closer))
            elif closer is not None:
                in_link -= 1
                items.append(closer)
            continue
        if isinstance(node, Text):
            if node.value:
                if items and items[-1].kind == _TEXT:
                    items[-1].text += node.value
                else:
                    items.append(_Item(_TEXT, node.value))
        elif isinstance(node, Strong | Emphasis | Delete):
            kind = _STRONG if isinstance(node, Strong) else _EMPHASIS
            span = _Span(_DEL if isinstance(node, Delete) else kind)
            items.append(_Item(_OPEN, span=span))
            stack.append((iter(node.children), span))
        elif isinstance(node, Link):
            if in_link:  # CommonMark has no link inside a link: keep its text
                stack.append((iter(node.children), None))
                continue
            in_link += 1
            items.append(_Item(_LINK_OPEN, "["))
            url = destination(neutralize(node.url), table=mode == CELL)
            end = f"]({url}{link_title(node.title, table=mode == CELL)})"
            stack.append((iter(node.children), _Item(_LINK_CLOSE, end)))
        elif isinstance(node, InlineCode):
            code = code_span(node.value, table=mode == CELL)
            if code is None or (items and items[-1].kind == _ATOM and items[-1].text[-1] == "`"):
                return None  # empty, or touching another code span: their backticks would merge
            items.append(_Item(_ATOM, code))
        elif isinstance(node, Image):
            items.append(_Item(_ATOM, _image(node, mode == CELL)))
        elif isinstance(node, Break):
            if mode == HEADING:
                return None
            if mode == CELL:
                items.append(_Item(_ATOM, "<br>"))
            elif items:  # a break at the very start shows nothing
                items.append(_Item(_BREAK, "\\\n"))
    while items and items[-1].kind == _BREAK:
        items.pop()
    return items


def _image(node: Image, table: bool) -> str:
    alt = escape_run(node.alt, "]", table=table)
    url = destination(neutralize(node.url, image=True), table=table)
    return f"![{alt}]({url}{link_title(node.title, table=table)})"


# ------------------------------------------------------------------ pass 2


def _choose_delimiters(items: list[_Item]) -> bool:
    """Give each span a delimiter (see the module docstring); False if none fits."""
    regions: list[dict[str, int]] = [{}]
    for index, item in enumerate(items):
        kind = item.kind
        if kind == _OPEN:
            span = item.span
            assert span is not None
            open_counts = regions[-1]
            forbidden = ""
            before = items[index - 1] if index else None
            if before is not None and before.span is not None:
                forbidden += before.span.delim[0]
            after_close = items[span.close_at + 1] if span.close_at + 1 < len(items) else None
            if after_close is not None and after_close.kind == _CLOSE:
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
        elif kind == _CLOSE:
            assert item.span is not None
            regions[-1][item.span.delim] -= 1
        elif kind == _LINK_OPEN:  # delimiters never pair across link brackets
            regions.append({})
        elif kind == _LINK_CLOSE:
            regions.pop()
    return True


def _may_close(before: _Item | None, after: _Item) -> bool:
    """Whether an opener between ``before`` and ``after`` might be able to close too
    (right-flanking), before any character is encoded: a space inside will be
    encoded, a letter outside may be."""
    if before is None or before.kind == _BREAK:
        return False
    if before.kind == _TEXT:
        last = before.text[-1]
        outside = PUNCT if last in "\n\r" else char_classes(last)
        if outside == WS:
            return False
        if outside & OTHER:
            return True
    if after.kind == _TEXT:
        first = after.text[0]
        return first in "\n\r" or bool(char_classes(first) & (WS | PUNCT))
    return True


# ------------------------------------------------------------------ pass 3


def _mark_line_edges(items: list[_Item]) -> bool:
    """Encode spaces at the start and end of each line, which Markdown would strip;
    False if one has no character reference."""
    last = len(items) - 1
    for index, item in enumerate(items):
        if item.kind != _TEXT:
            continue
        if index == 0 or items[index - 1].kind == _BREAK:
            first = item.text[0]
            if first.isspace() or first == _EDGE_SPACE:
                if not encodable(first):
                    return False
                item.enc_first = True
        if index == last or items[index + 1].kind == _BREAK:
            end = item.text[-1]
            if end.isspace() or end == _EDGE_SPACE:
                if not encodable(end):
                    return False
                item.enc_last = True
    return True


def _skip_tildes(items: list[_Item], index: int, step: int) -> int:
    """The neighbour of ``index`` in direction ``step`` as cmark-gfm sees it: it looks
    through ``~`` characters (``~~a~~**!x**`` leaves ``**`` literal there)."""
    index += step
    while 0 <= index < len(items) and items[index].kind != _TEXT:
        span = items[index].span
        if span is None or span.kind != _DEL:
            break
        index += step
    return index


def _class_of(items: list[_Item], index: int, before: bool) -> int:
    """The classes of the output character of item ``index`` next to a delimiter."""
    if not 0 <= index < len(items):
        return WS
    item = items[index]
    if item.kind == _TEXT:
        text = item.text
        char = text[-1] if before else text[0]
        encoded = item.enc_last if before else item.enc_first
        if encoded or (len(text) == 1 and (item.enc_first or item.enc_last)) or char in "\n\r":
            return PUNCT
        return char_classes(char)
    if item.kind == _BREAK:
        return WS if before else PUNCT
    return item.last if before else item.first


def _classes_before(items: list[_Item], index: int) -> int:
    found = _class_of(items, index - 1, before=True)
    far = _skip_tildes(items, index, -1)
    return found if far == index - 1 else found | _class_of(items, far, before=True)


def _classes_after(items: list[_Item], index: int) -> int:
    found = _class_of(items, index + 1, before=False)
    far = _skip_tildes(items, index, 1)
    return found if far == index + 1 else found | _class_of(items, far, before=False)


@cache
def _flanks(underscore: bool, opening: bool, conflict: bool, before: int, after: int) -> bool:
    """Whether a delimiter does its job for every class its neighbours may have."""
    for b in (WS, PUNCT, OTHER):
        if not before & b:
            continue
        for a in (WS, PUNCT, OTHER):
            if not after & a:
                continue
            left = a != WS and (a != PUNCT or b != OTHER)
            right = b != WS and (b != PUNCT or a != OTHER)
            if underscore:
                can_open = left and (not right or b == PUNCT)
                can_close = right and (not left or a == PUNCT)
            else:
                can_open, can_close = left, right
            if opening and (not can_open or (conflict and can_close)):
                return False
            if not opening and not can_close:
                return False
    return True


def _delimiter_ok(items: list[_Item], index: int) -> bool:
    item = items[index]
    span = item.span
    assert span is not None
    opening = item.kind == _OPEN
    return _flanks(
        span.delim[0] == "_",
        opening,
        opening and span.conflict,
        _classes_before(items, index),
        _classes_after(items, index),
    )


def _encode(items: list[_Item], index: int, first: bool) -> bool:
    """Write the first (or last) character of text ``index`` as a reference; False if
    it is no text, already encoded, or has no reference."""
    if not 0 <= index < len(items) or items[index].kind != _TEXT:
        return False
    item = items[index]
    char = item.text[0] if first else item.text[-1]
    if (item.enc_first if first else item.enc_last) or not encodable(char):
        return False
    if first:
        item.enc_first = True
    else:
        item.enc_last = True
    return True


def _fix_flanking(items: list[_Item]) -> bool:
    """Encode neighbours until every delimiter flanks; False if one cannot."""
    work = [i for i, item in enumerate(items) if item.kind == _OPEN or item.kind == _CLOSE]
    delimiters = list(work)
    while work:
        index = work.pop()
        if _delimiter_ok(items, index):
            continue
        opening = items[index].kind == _OPEN
        inner = _skip_tildes(items, index, 1 if opening else -1)
        outer = _skip_tildes(items, index, -1 if opening else 1)
        changed: list[int] = []
        inner_classes = _classes_after(items, index) if opening else _classes_before(items, index)
        if inner_classes & WS and _encode(items, inner, first=opening):
            changed.append(inner)
        if not _delimiter_ok(items, index) and _encode(items, outer, first=not opening):
            changed.append(outer)
        for text_index in changed:  # its other end may touch another delimiter
            for step in (-1, 1):
                near, far = text_index + step, _skip_tildes(items, text_index, step)
                for neighbour in (near, far) if near != far else (near,):
                    if 0 <= neighbour < len(items) and items[neighbour].span is not None:
                        work.append(neighbour)
    return all(_delimiter_ok(items, index) for index in delimiters)


# ------------------------------------------------------------------ pass 4


def _emit(items: list[_Item], mode: int) -> Iterator[str]:
    last = len(items) - 1
    for index, item in enumerate(items):
        kind = item.kind
        if kind == _TEXT:
            yield _text(items, index, mode, index == last)
        elif kind == _OPEN or kind == _CLOSE:
            assert item.span is not None
            yield item.span.delim
        else:
            yield item.text


def _text(items: list[_Item], index: int, mode: int, is_last: bool) -> str:
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
        if before is None or before.kind == _BREAK:
            prefix, used = escape_line_start(body, continuation=before is not None)
            body = body[used:]
    escaped = prefix + escape_run(body, next_char, table=mode == CELL)
    if mode == HEADING and is_last and not tail:
        escaped = escape_heading_end(escaped)
    return head + escaped + tail
