"""The canonical form of inline content, shared by every body parser.

Two inputs a browser shows the same way should give equal models, whichever
syntax they came in.  `normalize` brings a sequence of inlines to one form:

- empty text is dropped and adjacent texts are merged (one space kept where
  both sides had one);
- formatting (strong, emphasis, delete) holding nothing visible is dropped,
  and holding only spaces becomes those spaces;
- spaces and line breaks at the inner edges of formatting and links move outside
  them (``<b>bold </b>`` is ``**bold** ``), since Markdown cannot express them; a
  link left with nothing inside is dropped, as both parsers do;
- adjacent runs of the same formatting merge, and formatting nested in the
  same formatting is unwrapped;
- spaces on either side of a line break are dropped, at any depth;
- ``block=True`` also trims spaces at the block's edges.

Only the ASCII space is moved or trimmed: U+00A0 and U+3000 are content.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from newsdoc.model.nodes import (
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

__all__ = ["normalize"]

_SpanNode = Strong | Emphasis | Delete
_SPAN_TYPES = (Strong, Emphasis, Delete)


def normalize(inlines: Iterable[Inline], *, block: bool = False) -> tuple[Inline, ...]:
    """Bring inline content to its canonical form (see the module docstring)."""
    nodes = inlines if type(inlines) is tuple else tuple(inlines)
    if _is_canonical(nodes, block):  # most content is: checking is far cheaper than rebuilding
        return nodes
    run = _Run()
    for node in nodes:
        run.add(node, None)
    out = run.finish()
    if block:
        out = _trim_block(out)
    return tuple(out)


_LEAF_TYPES = (Image, InlineCode)


def _is_canonical(inlines: tuple[Inline, ...], block: bool) -> bool:
    """Whether `normalize` would give back `inlines` unchanged.

    A sufficient test, not a necessary one: a False only costs the full rebuild.
    Each rule below is one thing `_Run` would change.  Exact types only, so that
    a subclass or a list of children takes the rebuild (which returns the base
    class and tuples).
    """
    pending: list[tuple[tuple[Inline, ...], type | None, bool]] = [(inlines, None, block)]
    while pending:
        nodes, inside, edges = pending.pop()
        if edges and nodes:  # spaces and breaks at the edges of spans and blocks move out
            first, last = nodes[0], nodes[-1]
            if type(first) is Break or type(last) is Break:
                return False
            if type(first) is Text and first.value[:1] == " ":
                return False
            if type(last) is Text and last.value[-1:] == " ":
                return False
        previous: type | None = None
        text = ""
        for node in nodes:
            kind = type(node)
            if type(node) is Text:
                value = node.value
                # empty texts drop, adjacent ones merge, a line starts without spaces
                if not value or previous is Text or (previous is Break and value[0] == " "):
                    return False
                text = value
            elif kind is Break:
                if previous is Text and text[-1] == " ":  # a line ends without spaces
                    return False
            elif type(node) is Strong or type(node) is Emphasis or type(node) is Delete:
                children = node.children
                # nested and adjacent spans of a kind merge, empty ones drop
                if kind is previous or kind is inside or type(children) is not tuple:
                    return False
                if not children:
                    return False
                pending.append((children, kind, True))
            elif type(node) is Link:
                children = node.children
                if not children or type(children) is not tuple:
                    return False
                pending.append((children, None, True))
            elif kind not in _LEAF_TYPES:
                return False
            previous = kind
    return True


class _Span:
    """A span being built; an adjacent span of the same kind merges into it."""

    __slots__ = ("kind", "run")

    def __init__(self, kind: type[_SpanNode]) -> None:
        self.kind = kind
        self.run = _Run()


class _Run:
    """Inline nodes being built.  Adjacent texts and same-kind spans stay open until
    `finish`, so that merging N pieces costs O(N), not O(N²)."""

    __slots__ = ("nodes",)

    def __init__(self) -> None:
        self.nodes: list[Inline | list[str] | _Span] = []

    def add(self, node: Inline, inside: type | None) -> None:
        if isinstance(node, Text):
            self.text(node.value)
        elif isinstance(node, _SPAN_TYPES):
            if inside is not None and isinstance(node, inside):  # <b><b>x</b></b> is <b>x</b>
                for child in node.children:
                    self.add(child, inside)
            else:
                self.span(type(node), node.children)
        elif isinstance(node, Link):
            self.span(Link, node.children, link=node)
        else:
            self.nodes.append(node)

    def text(self, value: str) -> None:
        if not value:
            return
        last = self.nodes[-1] if self.nodes else None
        if isinstance(last, list):
            if value[0] == " " and last[-1][-1] == " ":
                value = value[1:]
                if not value:
                    return
            last.append(value)
        else:
            self.nodes.append([value])

    def span(
        self,
        kind: type[_SpanNode | Link],
        children: Iterable[Inline],
        link: Link | None = None,
    ) -> None:
        inner = _Run()
        for child in children:
            inner.add(child, None if link is not None else kind)
        nodes = inner.finish()
        # Move spaces and breaks at the inner edges outside the span.
        start, end = 0, len(nodes)
        lead: list[Inline] = []
        trail: list[Inline] = []
        while start < end:
            first = nodes[start]
            if isinstance(first, Break):
                lead.append(first)
                start += 1
            elif isinstance(first, Text) and first.value[0] == " ":
                stripped = first.value.lstrip(" ")
                lead.append(Text(value=first.value[: len(first.value) - len(stripped)]))
                if stripped:
                    nodes[start] = Text(value=stripped)
                    break
                start += 1
            else:
                break
        while start < end:
            last = nodes[end - 1]
            if isinstance(last, Break):
                trail.append(last)
                end -= 1
            elif isinstance(last, Text) and last.value[-1] == " ":
                stripped = last.value.rstrip(" ")
                trail.append(Text(value=last.value[len(stripped) :]))
                if stripped:
                    nodes[end - 1] = Text(value=stripped)
                    break
                end -= 1
            else:
                break
        for node in lead:
            self.add(node, None)
        if start < end and link is not None:
            kept = tuple(nodes[start:end])
            self.nodes.append(Link(url=link.url, title=link.title, children=kept))
        elif start < end and kind is not Link:
            span_kind = cast("type[_SpanNode]", kind)
            if self._follows(span_kind):  # <b>a</b><b>b</b> is <b>ab</b>
                self._reopen(span_kind).run.extend(nodes[start:end])
            else:
                self.nodes.append(span_kind(children=tuple(nodes[start:end])))
        for node in reversed(trail):
            self.add(node, None)

    def extend(self, nodes: Iterable[Inline]) -> None:
        """Append nodes already in canonical form, merging only at the seams."""
        for node in nodes:
            if isinstance(node, Text):
                self.text(node.value)
            elif isinstance(node, _SPAN_TYPES) and self._follows(type(node)):
                self._reopen(type(node)).run.extend(node.children)
            else:
                self.nodes.append(node)

    def _follows(self, kind: type[_SpanNode]) -> bool:
        """Whether the last node is a span of `kind`, which a new one would merge into."""
        last = self.nodes[-1] if self.nodes else None
        return (isinstance(last, _Span) and last.kind is kind) or type(last) is kind

    def _reopen(self, kind: type[_SpanNode]) -> _Span:
        last = self.nodes[-1]
        if isinstance(last, _Span):
            return last
        span = _Span(kind)
        span.run.extend(cast("_SpanNode", last).children)
        self.nodes[-1] = span
        return span

    def finish(self) -> list[Inline]:
        out: list[Inline] = []
        nodes = self.nodes
        last = len(nodes) - 1
        for index, node in enumerate(nodes):
            if isinstance(node, list):
                value = "".join(node)
                # A line ends and starts without its spaces, at any depth (as browsers show it).
                if index and isinstance(nodes[index - 1], Break):
                    value = value.lstrip(" ")
                if index < last and isinstance(nodes[index + 1], Break):
                    value = value.rstrip(" ")
                if value:
                    out.append(Text(value=value))
            elif isinstance(node, _Span):
                out.append(node.kind(children=tuple(node.run.finish())))
            else:
                out.append(node)
        return out


def _trim_block(out: list[Inline]) -> list[Inline]:
    """Trim ASCII spaces at the block's edges and on both sides of each break."""
    result: list[Inline] = []
    last = len(out) - 1
    for index, node in enumerate(out):
        if isinstance(node, Text):
            value = node.value
            if index == 0 or isinstance(out[index - 1], Break):
                value = value.lstrip(" ")
            if index == last or isinstance(out[index + 1], Break):
                value = value.rstrip(" ")
            if value:
                result.append(node if value is node.value else Text(value=value))
        else:
            result.append(node)
    # Breaks at the very edges of a block show nothing.
    start, end = 0, len(result)
    while start < end and isinstance(result[start], Break):
        start += 1
    while end > start and isinstance(result[end - 1], Break):
        end -= 1
    return result[start:end]
