"""Flanking: the items an inline writer emits, and making every delimiter run do its job.

An item is a piece of output: text, a span's opening or closing delimiter, or an
atom (code span, image, link bracket, hard break) whose edge characters are
ASCII punctuation.  `choose_delimiters` gives each span its delimiter (see
`newsdoc.serializers.markdown.inline` for why), then `fix_flanking` writes the
first or last character of a text as a numeric character reference where a
delimiter next to it would not flank.  An entity begins with ``&`` and ends
with ``;``, both ASCII punctuation to the delimiter scanner, and references are
resolved only later, so the text renders the same.  Whitespace just *inside* a
delimiter is encoded first; then, if the inside may be punctuation, the
character just *outside* it (``&#x8BF4;**“狗”**&#x4E8B;``).  Encoding the inside
punctuation would not help: ``&`` is punctuation too.

Each delimiter is then checked for every class its neighbours may have in some
renderer (`markdown_chars`), and with cmark-gfm's habit of looking *through*
``~`` characters for the neighbour (``~~a~~**!x**`` leaves ``**`` literal there):
an opener must be able to open, a closer to close, and an opener inside a span
with the same marker must not be able to close.  Work is linear: a character is
encoded at most once, and only the delimiters next to it are checked again.
"""

from __future__ import annotations

from functools import cache

from newsdoc.serializers.markdown.chars import OTHER, PUNCT, WS, char_classes, encodable

__all__ = [
    "ATOM",
    "BREAK",
    "CLOSE",
    "DEL",
    "EDGE_SPACE",
    "EMPHASIS",
    "LINK_CLOSE",
    "LINK_OPEN",
    "OPEN",
    "STRONG",
    "TEXT",
    "Item",
    "Span",
    "choose_delimiters",
    "fix_flanking",
    "mark_line_edges",
]

TEXT, OPEN, CLOSE, ATOM, BREAK, LINK_OPEN, LINK_CLOSE = range(7)
"Kinds of item."
EMPHASIS, STRONG, DEL = range(3)
"Kinds of span."
_DELIMITERS = (("*", "_"), ("**", "__"), ("~~",))  # for each kind of span, by preference
EDGE_SPACE = "\ufeff"
"Stripped at a line's edges by markdown-it's trim(), though not `str.isspace`."


class Span:
    """A strong, emphasis or strikethrough span: its kind and chosen delimiter."""

    __slots__ = ("close_at", "conflict", "delim", "kind")

    def __init__(self, kind: int) -> None:
        self.kind = kind
        self.delim = ""
        "``*``, ``_``, ``**``, ``__`` or ``~~``."
        self.close_at = -1
        "The index of the closing item."
        self.conflict = False
        "Whether an enclosing span uses the same delimiter (the opener must not close)."


class Item:
    """One piece of output: text, a delimiter (``span`` set) or pre-written Markdown."""

    __slots__ = ("enc_first", "enc_last", "kind", "span", "text")

    def __init__(self, kind: int, text: str = "", span: Span | None = None) -> None:
        self.kind = kind
        self.text = text
        self.span = span
        self.enc_first = False
        "Write the first character as a reference (text only)."
        self.enc_last = False
        "Write the last character as a reference (text only)."


def mark_line_edges(items: list[Item], *, breaks: bool = True) -> bool:
    """Mark the whitespace at the start and end of each line for encoding (Markdown
    strips it there).

    Args:
        items: The output items; lines end at `BREAK` items.
        breaks: Whether there may be `BREAK` items; without, only the first and the last
            items are at a line's edge.

    Returns:
        False if such a character has no character reference (write the block as HTML).
    """
    last = len(items) - 1
    if not breaks:
        return last < 0 or (_mark_start(items[0]) and _mark_end(items[last]))
    for index, item in enumerate(items):
        if item.kind != TEXT:
            continue
        if (index == 0 or items[index - 1].kind == BREAK) and not _mark_start(item):
            return False
        if (index == last or items[index + 1].kind == BREAK) and not _mark_end(item):
            return False
    return True


def _mark_start(item: Item) -> bool:
    if item.kind == TEXT:
        first = item.text[0]
        if first.isspace() or first == EDGE_SPACE:
            if not encodable(first):
                return False
            item.enc_first = True
    return True


def _mark_end(item: Item) -> bool:
    if item.kind == TEXT:
        end = item.text[-1]
        if end.isspace() or end == EDGE_SPACE:
            if not encodable(end):
                return False
            item.enc_last = True
    return True


def choose_delimiters(items: list[Item]) -> bool:
    """Give each span a delimiter: ``*``/``**``/``~~``, or ``_``/``__`` where ``*`` cannot work.

    ``_``/``__`` where a delimiter would touch another ``*`` delimiter (``**_x_**``), or
    where an opener that might also close sits inside a span with the same delimiter
    (it would close that span early); see `newsdoc.serializers.markdown.inline`.

    Args:
        items: The output items; each span's ``delim`` and ``conflict`` are set.

    Returns:
        False if some span has no delimiter that fits (write the block as HTML).
    """
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


def _skip_tildes(items: list[Item], index: int, step: int) -> int:
    """The neighbour of ``index`` in direction ``step`` as cmark-gfm sees it: it looks
    through ``~`` characters (``~~a~~**!x**`` leaves ``**`` literal there)."""
    index += step
    while 0 <= index < len(items) and items[index].kind != TEXT:
        span = items[index].span
        if span is None or span.kind != DEL:
            break
        index += step
    return index


def _class_of(items: list[Item], index: int, before: bool) -> int:
    """The classes of the output character of item ``index`` next to a delimiter."""
    if not 0 <= index < len(items):
        return WS
    item = items[index]
    if item.kind == TEXT:
        text = item.text
        char = text[-1] if before else text[0]
        encoded = item.enc_last if before else item.enc_first
        if encoded or (len(text) == 1 and (item.enc_first or item.enc_last)) or char in "\n\r":
            return PUNCT
        return char_classes(char)
    if item.kind == BREAK:
        return WS if before else PUNCT
    return PUNCT  # an atom: its edge characters are ASCII punctuation


def _classes_before(items: list[Item], index: int) -> int:
    found = _class_of(items, index - 1, before=True)
    span = items[index - 1].span if index else None
    if span is None or span.kind != DEL:  # no ``~`` to look through
        return found
    return found | _class_of(items, _skip_tildes(items, index, -1), before=True)


def _classes_after(items: list[Item], index: int) -> int:
    found = _class_of(items, index + 1, before=False)
    span = items[index + 1].span if index + 1 < len(items) else None
    if span is None or span.kind != DEL:  # no ``~`` to look through
        return found
    return found | _class_of(items, _skip_tildes(items, index, 1), before=False)


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


def _delimiter_ok(items: list[Item], index: int) -> bool:
    item = items[index]
    span = item.span
    assert span is not None
    opening = item.kind == OPEN
    return _flanks(
        span.delim[0] == "_",
        opening,
        opening and span.conflict,
        _classes_before(items, index),
        _classes_after(items, index),
    )


def _encode(items: list[Item], index: int, first: bool) -> bool:
    """Write the first (or last) character of text ``index`` as a reference; False if
    it is no text, already encoded, or has no reference."""
    if not 0 <= index < len(items) or items[index].kind != TEXT:
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


def fix_flanking(items: list[Item]) -> bool:
    """Encode characters next to delimiters until every delimiter does its job.

    Args:
        items: The output items; the ``enc_first``/``enc_last`` flags of texts are set.

    Returns:
        False if some delimiter cannot be made to work (write the block as HTML).
    """
    work = [i for i, item in enumerate(items) if item.kind == OPEN or item.kind == CLOSE]
    delimiters = list(work)
    failed = False
    while work:
        index = work.pop()
        if _delimiter_ok(items, index):
            continue
        failed = True
        opening = items[index].kind == OPEN
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
    # Nothing failed: nothing was encoded, and every delimiter was checked as it stands.
    return not failed or all(_delimiter_ok(items, index) for index in delimiters)
