"""Inline tokens of markdown-it-py → canonical inline content.

The tokens go through the HTML parser's `InlineBuffer`, so whitespace follows
exactly the rules the HTML parser applies to the same content rendered as HTML:
a soft line break is a newline in the text (a space, or nothing between two CJK
characters), a hard break is a `Break`, runs of ASCII whitespace collapse, and
the result is `newsdoc.model.canonical.normalize`-d with ``block=True``.

Formatting nested deeper than `INLINE_DEPTH` (``***…***`` thousands deep)
is unwrapped past that depth, its text kept, so no later recursive walk over
the model can overflow the stack.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from markdown_it.token import Token

from newsdoc.limits import INLINE_DEPTH
from newsdoc.model import Image, Inline
from newsdoc.parsers.inline_buffer import DELETE, EMPHASIS, LINK, STRONG, InlineBuffer, collapse

__all__ = ["alt_text", "convert_inline", "convert_paragraphs"]


_OPENS: dict[str, int] = {
    "strong_open": STRONG,
    "em_open": EMPHASIS,
    "s_open": DELETE,
    "link_open": LINK,
}
_CLOSES = frozenset({"strong_close", "em_close", "s_close", "link_close"})


def alt_text(children: Sequence[Token] | None) -> str:
    """The plain text of an image description, as markdown-it puts it in ``alt``.

    Markup is dropped, code spans give their text, breaks are newlines, nested
    images give their own alt.
    """
    parts: list[str] = []
    stack: list[Iterator[Token]] = [iter(children or ())]
    while stack:
        token = next(stack[-1], None)
        if token is None:
            stack.pop()
            continue
        kind = token.type
        if kind in ("text", "code_inline", "html_inline"):
            parts.append(token.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif kind == "image" and token.children:
            stack.append(iter(token.children))
    return "".join(parts)


def convert_inline(
    children: Sequence[Token],
    *,
    resolve: Callable[[str], str],
    on_too_deep: Callable[[], None],
) -> tuple[Inline, ...]:
    """The canonical inline content of one block's inline tokens.

    Args:
        children: The ``children`` of an ``inline`` token (no ``html_inline`` among
            them: the caller re-reads such blocks as HTML).
        resolve: Turns a link or image URL as written into the model's URL.
        on_too_deep: Called for each span unwrapped for being too deep.

    Returns:
        The inline content, normalized with ``block=True``.
    """
    parts = convert_paragraphs(children, loose=False, resolve=resolve, on_too_deep=on_too_deep)
    return parts[0] if parts else ()


def convert_paragraphs(
    children: Sequence[Token],
    *,
    loose: bool,
    resolve: Callable[[str], str],
    on_too_deep: Callable[[], None],
) -> list[tuple[Inline, ...]]:
    """The paragraphs of one paragraph's inline tokens: one, or more when ``loose``.

    A tight list's paragraphs render without ``<p>``, as loose text, where the
    HTML parser ends a paragraph at a run of two or more line breaks; ``loose``
    does the same.  Empty paragraphs are left out.

    Args:
        children: The ``children`` of an ``inline`` token (no ``html_inline``).
        loose: Whether a run of hard breaks ends the paragraph.
        resolve: Turns a link or image URL as written into the model's URL.
        on_too_deep: Called for each span unwrapped for being too deep.

    Returns:
        The content of each paragraph, normalized with ``block=True``.
    """
    buffer = InlineBuffer()
    text = buffer.text
    paragraphs: list[tuple[Inline, ...]] = []
    applied: list[bool] = []  # for each open span token: whether it opened a frame
    for token in children:
        kind = token.type
        if kind == "text":
            text(token.content)
        elif kind == "softbreak":
            text("\n")
        elif kind in _OPENS:
            if buffer.depth < INLINE_DEPTH:
                attributes = token.attrs
                href = attributes.get("href")
                title = attributes.get("title")
                buffer.open(
                    _OPENS[kind],
                    resolve(str(href)) if href is not None else "",
                    str(title) if title is not None else None,
                )
                applied.append(True)
            else:
                on_too_deep()
                applied.append(False)
        elif kind in _CLOSES:
            if applied and applied.pop():
                buffer.close()
        elif kind == "code_inline":
            buffer.code(collapse(token.content))  # as a browser shows <code>
        elif kind == "image":
            attributes = token.attrs
            title = attributes.get("title")
            buffer.atom(
                Image(
                    url=resolve(str(attributes.get("src") or "")),
                    alt=alt_text(token.children),
                    title=str(title) if title is not None else None,
                )
            )
        elif kind == "hardbreak":
            if loose and buffer.last_break:
                buffer.drop_last_break()
                content = buffer.take()
                if content:
                    paragraphs.append(content)
            else:
                buffer.br()
    while applied:  # markdown-it closes what it opens; be safe anyway
        if applied.pop():
            buffer.close()
    content = buffer.take()
    if content:
        paragraphs.append(content)
    return paragraphs
