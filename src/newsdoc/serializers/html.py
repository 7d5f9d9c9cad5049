"""Blocks and inlines as inert HTML, for notebook display (`newsdoc.display.card`).

Everything an article holds is data, never markup: every text and attribute value is escaped,
and a URL is kept only when its scheme is harmless (`newsdoc.common.urls.safe_url`):

- links keep an ``href`` for ``http:``, ``https:`` and ``mailto:`` URLs and for URLs without a
  scheme (relative, ``//host/…``, ``#…``); other links show their text only;
- images are shown only for ``http:``/``https:`` and scheme-less URLs (``data:`` images are left
  out too: one can weigh hundreds of kilobytes); other images show ``[image: alt]`` as text;
- embeds (``<iframe>``, ``<video>``, …) are never loaded: they show as a link to their URL.

A scheme is read as a browser reads it (`newsdoc.common.urls.scheme`), so ``" java\\tscript:"``
is ``javascript:``.  Headings are shown two levels down (``# x`` as ``<h3>``), below the card's
title; a feed's body (`newsdoc.serializers.feeds`) keeps their levels.

The tree is walked with an explicit stack: depth costs no recursion, time is linear in size.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import TypeAlias

from newsdoc.common.urls import LINK_SCHEMES, MEDIA_SCHEMES, safe_url
from newsdoc.model import (
    Block,
    Blockquote,
    Break,
    Code,
    Delete,
    Embed,
    Emphasis,
    Figure,
    Heading,
    Image,
    Inline,
    InlineCode,
    Link,
    List,
    ListItem,
    Paragraph,
    Strong,
    Table,
    Text,
    ThematicBreak,
)

__all__ = ["blocks_html", "img_html", "inlines_html"]

_Item: TypeAlias = "str | Block | Inline | ListItem"
_SPANS = {Strong: "strong", Emphasis: "em", Delete: "del"}
_ALIGN = frozenset({"left", "right", "center"})
_IMG_STYLE = "max-width:100%;height:auto"
_CELL_STYLE = "border:1px solid rgba(127,127,127,.4);padding:.2em .5em"
_CODE_STYLE = "background:rgba(127,127,127,.15);border-radius:3px;padding:.1em .3em"
_PRE_STYLE = "background:rgba(127,127,127,.12);border-radius:4px;padding:.6em .8em;overflow-x:auto"


def _attr(name: str, value: str | None) -> str:
    return "" if value is None else f' {name}="{escape(value)}"'


def img_html(url: str, alt: str, title: str | None = None, *, style: str = _IMG_STYLE) -> str:
    """An ``<img>`` for a safe URL; for any other, its alternative text as ``[image: alt]``.

    Args:
        url: The image URL.
        alt: The alternative text.
        title: The ``title`` attribute, if any.
        style: The inline CSS of the image.

    Returns:
        The HTML, every value escaped.

    Examples:
        >>> img_html("javascript:x", 'a" onerror="b')
        '<span>[image: a&quot; onerror=&quot;b]</span>'
    """
    if not safe_url(url, MEDIA_SCHEMES):
        return f"<span>[image: {escape(alt)}]</span>" if alt else "<span>[image]</span>"
    return (
        f'<img src="{escape(url)}"{_attr("alt", alt)}{_attr("title", title)}'
        f' loading="lazy" referrerpolicy="no-referrer" style="{style}">'
    )


def blocks_html(blocks: Iterable[Block], *, heading_offset: int = 2) -> str:
    """Blocks as HTML (see the module docstring for what is shown and how).

    Args:
        blocks: The blocks, e.g. ``article.blocks``.
        heading_offset: Levels added to each heading: 2 below a card's title (``# x`` as
            ``<h3>``), 0 for a feed item's body, whose reader shows the title itself.

    Returns:
        The HTML, every text escaped and every URL checked.

    Examples:
        >>> from newsdoc.model import Paragraph, Text
        >>> blocks_html([Paragraph(children=(Text(value="<script>alert(1)</script>"),))])
        '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'
    """
    return _render(list(blocks), heading_offset)


def inlines_html(inlines: Iterable[Inline]) -> str:
    """Inline content as HTML, as in `blocks_html`.

    Examples:
        >>> from newsdoc.model import Link, Text
        >>> inlines_html([Link(url="javascript:alert(1)", children=(Text(value="x"),))])
        '<span title="link not shown: unsafe URL">x</span>'
    """
    return _render(list(inlines))


def _render(items: list[_Item], heading_offset: int = 2) -> str:
    out: list[str] = []
    stack = items[::-1]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, Text):
            out.append(escape(node.value))
        else:
            stack.extend(reversed(_expand(node, heading_offset)))
    return "".join(out)


def _expand(node: Block | Inline | ListItem, heading_offset: int) -> list[_Item]:
    """A node as markup strings and the child nodes between them, in document order."""
    if isinstance(node, Strong | Emphasis | Delete):
        tag = _SPANS[type(node)]
        return [f"<{tag}>", *node.children, f"</{tag}>"]
    if isinstance(node, Paragraph):
        return ["<p>", *node.children, "</p>"]
    if isinstance(node, Link):
        if safe_url(node.url, LINK_SCHEMES):
            opening = (
                f'<a href="{escape(node.url)}"{_attr("title", node.title)}'
                ' target="_blank" rel="noopener noreferrer nofollow">'
            )
            return [opening, *node.children, "</a>"]
        return ['<span title="link not shown: unsafe URL">', *node.children, "</span>"]
    if isinstance(node, InlineCode):
        return [f'<code style="{_CODE_STYLE}">{escape(node.value)}</code>']
    if isinstance(node, Break):
        return ["<br>"]
    if isinstance(node, Image):
        return [img_html(node.url, node.alt, node.title)]
    if isinstance(node, Heading):
        level = min(max(node.depth, 1) + heading_offset, 6)
        return [f"<h{level}>", *node.children, f"</h{level}>"]
    if isinstance(node, List):
        return _list(node)
    if isinstance(node, ListItem):
        start = "<li>"
        if node.checked is not None:  # a task: its box, inert
            start += f'<input type="checkbox" disabled{" checked" if node.checked else ""}> '
        if len(node.children) == 1 and isinstance(node.children[0], Paragraph):
            return [start, *node.children[0].children, "</li>"]  # a tight item: no <p> margins
        return [start, *node.children, "</li>"]
    if isinstance(node, Blockquote):
        return ["<blockquote>", *node.children, "</blockquote>"]
    if isinstance(node, Code):
        lang = _attr("class", f"language-{node.lang}") if node.lang else ""
        return [f'<pre style="{_PRE_STYLE}"><code{lang}>{escape(node.value)}</code></pre>']
    if isinstance(node, Figure):
        image = img_html(node.image.url, node.image.alt, node.image.title)
        if not node.caption:
            return [f"<figure>{image}</figure>"]
        return [f"<figure>{image}<figcaption>", *node.caption, "</figcaption></figure>"]
    if isinstance(node, Table):
        return _table(node)
    if isinstance(node, ThematicBreak):
        return ["<hr>"]
    if isinstance(node, Embed):
        return [_embed(node)]
    raise TypeError(f"not a node: {node!r}")


def _list(node: List) -> list[_Item]:
    if not node.ordered:
        return ["<ul>", *node.items, "</ul>"]
    start = "" if node.start is None else f' start="{int(node.start)}"'
    return [f"<ol{start}>", *node.items, "</ol>"]


def _table(node: Table) -> list[_Item]:
    items: list[_Item] = ['<table style="border-collapse:collapse">']
    for number, row in enumerate(node.rows):
        tag = "th" if number == 0 else "td"
        items.append("<thead><tr>" if number == 0 else "<tbody><tr>" if number == 1 else "<tr>")
        for column, cell in enumerate(row.cells):
            align = node.align[column] if column < len(node.align) else None
            style = f"{_CELL_STYLE};text-align:{align}" if align in _ALIGN else _CELL_STYLE
            items.append(f'<{tag} style="{style}">')
            items.extend(cell.children)
            items.append(f"</{tag}>")
        items.append("</tr></thead>" if number == 0 else "</tr>")
    if len(node.rows) > 1:
        items.append("</tbody>")
    items.append("</table>")
    return items


def _embed(node: Embed) -> str:
    if safe_url(node.url, MEDIA_SCHEMES):
        target = f'<a href="{escape(node.url)}" target="_blank" rel="noopener noreferrer nofollow">'
        label = f"{target}{escape(node.title or node.url)}</a>"
    else:
        label = escape(node.title or "URL not shown: unsafe")
    return f"<p>▶ {escape(node.kind)}: {label}</p>"
