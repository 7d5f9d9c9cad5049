"""The canonical form of inline content, shared by every body parser.

Two inputs a browser shows the same way should give equal models, whichever
syntax they came in.  `normalize` brings a sequence of inlines to one form:

- empty text is dropped and adjacent texts are merged (one space kept where
  both sides had one);
- formatting (strong, emphasis, delete) holding nothing visible is dropped,
  and holding only spaces becomes those spaces;
- spaces and line breaks at the inner edges of formatting move outside it
  (``<b>bold </b>`` is ``**bold** ``), since Markdown cannot express them;
- adjacent runs of the same formatting merge, and formatting nested in the
  same formatting is unwrapped;
- ``block=True`` also trims spaces at the block's edges and around breaks.

Only the ASCII space is moved or trimmed: U+00A0 and U+3000 are content.
"""

from __future__ import annotations

from collections.abc import Iterable

from newsdoc.model import Break, Delete, Emphasis, Inline, Link, Strong, Text

__all__ = ["normalize"]

_Span = Strong | Emphasis | Delete
_SPAN_TYPES = (Strong, Emphasis, Delete)


def normalize(inlines: Iterable[Inline], *, block: bool = False) -> tuple[Inline, ...]:
    """Bring inline content to its canonical form (see the module docstring)."""
    out: list[Inline] = []
    for node in inlines:
        _append_node(out, node, None)
    if block:
        out = _trim_block(out)
    return tuple(out)


def _append_node(out: list[Inline], node: Inline, inside: type | None) -> None:
    if isinstance(node, Text):
        _append_text(out, node.value)
    elif isinstance(node, _SPAN_TYPES):
        if isinstance(node, inside or ()):  # <b><b>x</b></b> is <b>x</b>
            for child in node.children:
                _append_node(out, child, inside)
            return
        _append_span(out, type(node), node.children)
    elif isinstance(node, Link):
        children: list[Inline] = []
        for child in node.children:
            _append_node(children, child, None)
        out.append(Link(url=node.url, title=node.title, children=tuple(children)))
    else:
        out.append(node)


def _append_text(out: list[Inline], value: str) -> None:
    if not value:
        return
    last = out[-1] if out else None
    if isinstance(last, Text):
        if last.value.endswith(" ") and value.startswith(" "):
            value = value[1:]
        out[-1] = Text(value=last.value + value)
    else:
        out.append(Text(value=value))


def _append_span(out: list[Inline], kind: type[_Span], children: Iterable[Inline]) -> None:
    inner: list[Inline] = []
    for child in children:
        _append_node(inner, child, kind)
    # Move spaces and breaks at the inner edges outside the span.
    lead: list[Inline] = []
    trail: list[Inline] = []
    while inner:
        first = inner[0]
        if isinstance(first, Break):
            lead.append(inner.pop(0))
        elif isinstance(first, Text) and first.value.startswith(" "):
            stripped = first.value.lstrip(" ")
            lead.append(Text(value=first.value[: len(first.value) - len(stripped)]))
            if stripped:
                inner[0] = Text(value=stripped)
            else:
                inner.pop(0)
        else:
            break
    while inner:
        last = inner[-1]
        if isinstance(last, Break):
            trail.insert(0, inner.pop())
        elif isinstance(last, Text) and last.value.endswith(" "):
            stripped = last.value.rstrip(" ")
            trail.insert(0, Text(value=last.value[len(stripped) :]))
            if stripped:
                inner[-1] = Text(value=stripped)
            else:
                inner.pop()
        else:
            break
    for node in lead:
        _append_node(out, node, None)
    if inner:
        previous = out[-1] if out else None
        if isinstance(previous, kind):  # <b>a</b><b>b</b> is <b>ab</b>
            merged: list[Inline] = list(previous.children)
            for node in inner:
                _append_node(merged, node, kind)
            out[-1] = kind(children=tuple(merged))
        else:
            out.append(kind(children=tuple(inner)))
    for node in trail:
        _append_node(out, node, None)


def _trim_block(out: list[Inline]) -> list[Inline]:
    """Trim ASCII spaces at the block's edges and on both sides of each break."""
    result: list[Inline] = []
    for index, node in enumerate(out):
        if isinstance(node, Text):
            value = node.value
            before = out[index - 1] if index > 0 else None
            after = out[index + 1] if index + 1 < len(out) else None
            if before is None or isinstance(before, Break):
                value = value.lstrip(" ")
            if after is None or isinstance(after, Break):
                value = value.rstrip(" ")
            if value:
                result.append(Text(value=value))
        else:
            result.append(node)
    # Breaks at the very edges of a block show nothing.
    while result and isinstance(result[-1], Break):
        result.pop()
    while result and isinstance(result[0], Break):
        result.pop(0)
    return result
