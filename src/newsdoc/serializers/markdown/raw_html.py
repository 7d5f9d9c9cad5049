"""HTML blocks for what Markdown cannot say, generated and escaped by newsdoc.

CommonMark passes an HTML block through verbatim, and newsdoc's Markdown reader
hands it to the HTML parser, which turns it back into the same node.  Every
block is written on one line (a blank line would end it), except media
elements that are not in CommonMark's list of block tags (``video``, ``audio``,
``object``): their opening tag stands alone on the first line, which is what
makes them an HTML block at all.

- `Figure`: ``<figure><img src alt title><figcaption>…</figcaption></figure>``
- `Embed`: ``<iframe src title></iframe>``, ``<embed src title>``,
  ``<video src title>`` / ``</video>`` (likewise ``audio``, and ``object`` with ``data``)
- `Table` that GFM cannot express: ``<table><tr><th>…</th></tr><tr><td>…</td></tr></table>``
- `Paragraph`/`Heading` whose inline content has no Markdown form: ``<p>…</p>``, ``<h3>…</h3>``
- `List` numbered from where CommonMark cannot count (below 0, past nine digits):
  ``<ol start="-1"><li>…</li></ol>``, its items' blocks as HTML too (`blocks_html`)

Text is escaped (``&``, ``<``, ``>``; line endings as references) and URLs go
through `newsdoc.common.urls.block`, so nothing from the model becomes live markup or script.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from newsdoc.common.urls import block
from newsdoc.errors import SchemaError
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

__all__ = ["blocks_html", "embed_html", "figure_html", "inline_html", "table_html", "wrap_html"]

_TEXT_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\n": "&#10;", "\r": "&#13;"}
)
_ATTR_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;"}
)
_TAGS = {Strong: "strong", Emphasis: "em", Delete: "del"}
_MEDIA = frozenset({"video", "audio", "object"})


def _attr(name: str, value: str | None) -> str:
    return "" if value is None else f' {name}="{value.translate(_ATTR_ESCAPES)}"'


def _img(image: Image) -> str:
    src = _attr("src", block(image.url, image=True))
    return f"<img{src}{_attr('alt', image.alt)}{_attr('title', image.title)}>"


def inline_html(inlines: Sequence[Inline]) -> str:
    """Inline content as escaped HTML (iterative: any nesting depth)."""
    return "".join(_inline_parts(inlines))


def _inline_parts(inlines: Sequence[Inline]) -> Iterator[str]:
    stack: list[tuple[Iterator[Inline], str]] = [(iter(inlines), "")]
    while stack:
        children, end = stack[-1]
        node = next(children, None)
        if node is None:
            stack.pop()
            yield end
        elif isinstance(node, Text):
            yield node.value.translate(_TEXT_ESCAPES)
        elif isinstance(node, Strong | Emphasis | Delete):
            tag = _TAGS[type(node)]
            yield f"<{tag}>"
            stack.append((iter(node.children), f"</{tag}>"))
        elif isinstance(node, Link):
            yield f"<a{_attr('href', block(node.url))}{_attr('title', node.title)}>"
            stack.append((iter(node.children), "</a>"))
        elif isinstance(node, InlineCode):
            yield f"<code>{node.value.translate(_TEXT_ESCAPES)}</code>"
        elif isinstance(node, Image):
            yield _img(node)
        elif isinstance(node, Break):
            yield "<br>"


def wrap_html(tag: str, inlines: Sequence[Inline]) -> str:
    """``<tag>content</tag>`` for a paragraph (``p``) or heading (``h1``…``h6``)."""
    return f"<{tag}>{inline_html(inlines)}</{tag}>"


def figure_html(figure: Figure) -> str:
    """A figure: its image and, if any, its caption."""
    caption = f"<figcaption>{inline_html(figure.caption)}</figcaption>" if figure.caption else ""
    return f"<figure>{_img(figure.image)}{caption}</figure>"


def embed_html(embed: Embed) -> list[str]:
    """The lines of an embed; an unknown ``kind`` is written as an ``iframe``."""
    kind = embed.kind if embed.kind in _MEDIA or embed.kind == "embed" else "iframe"
    url = _attr("data" if kind == "object" else "src", block(embed.url))
    start = f"<{kind}{url}{_attr('title', embed.title)}>"
    if kind == "embed":
        return [start]
    if kind == "iframe":
        return [f"{start}</iframe>"]
    return [start, f"</{kind}>"]


def table_html(table: Table) -> str:
    """A table with its first row as header cells; ``align`` on each column's first cell."""
    parts = ["<table>"]
    aligned: set[int] = set()
    for row_index, row in enumerate(table.rows):
        cell_tag = "th" if row_index == 0 else "td"
        parts.append("<tr>")
        for column, cell in enumerate(row.cells):
            align = table.align[column] if column < len(table.align) else None
            attribute = ""
            if align is not None and column not in aligned:
                aligned.add(column)
                attribute = _attr("align", align)
            parts.append(f"<{cell_tag}{attribute}>{inline_html(cell.children)}</{cell_tag}>")
        parts.append("</tr>")
    parts.append("</table>")
    return "".join(parts)


def _leaf_html(block: Block) -> str:
    if isinstance(block, Paragraph):
        return wrap_html("p", block.children)
    if isinstance(block, Heading):
        return wrap_html(f"h{min(max(block.depth, 1), 6)}", block.children)
    if isinstance(block, Code):
        lang = block.lang
        if lang is not None and lang.split(None, 1) != [lang]:
            raise SchemaError(
                f"a code block's language must be one word to be written as Markdown, not {lang!r}"
            )
        attribute = _attr("class", f"language-{lang}" if lang else None)
        value = block.value.replace("\r\n", "\n").replace("\r", "\n")
        return f"<pre><code{attribute}>{value.translate(_TEXT_ESCAPES)}</code></pre>"
    if isinstance(block, ThematicBreak):
        return "<hr>"
    if isinstance(block, Figure):
        return figure_html(block)
    if isinstance(block, Embed):
        return "".join(embed_html(block))
    if isinstance(block, Table):
        return table_html(block)
    return ""  # pragma: no cover - containers are handled by the caller


def blocks_html(blocks: Sequence[Block]) -> str:
    """Blocks as HTML on one line, containers included (iterative: any nesting depth).

    A tight list's items hold their paragraphs without ``<p>`` (two in a row with
    ``<br><br>`` between, where readers end one), so the list reads back tight.
    """
    parts: list[str] = []
    # (children, end tag, whether the children are a tight item's or a tight list's)
    stack: list[tuple[Iterator[Block | ListItem], str, bool]] = [(iter(blocks), "", False)]
    after_text = False  # whether the last thing written is a tight item's paragraph
    while stack:
        children, end, tight = stack[-1]
        node = next(children, None)
        if tight and type(node) is Paragraph:
            if after_text:
                parts.append("<br><br>")
            parts.append(inline_html(node.children))
            after_text = True
            continue
        after_text = False
        if node is None:
            stack.pop()
            parts.append(end)
        elif isinstance(node, ListItem):
            box = {
                None: "",
                True: '<input type="checkbox" checked>',
                False: '<input type="checkbox">',
            }
            parts.append("<li>" + box[node.checked])
            stack.append((iter(node.children), "</li>", tight))
        elif isinstance(node, List):
            tag = "ol" if node.ordered else "ul"
            start = f' start="{node.start}"' if node.ordered and node.start is not None else ""
            parts.append(f"<{tag}{start}>")
            loose = node.spread or any(item.spread for item in node.items)
            stack.append((iter(node.items), f"</{tag}>", not loose))
        elif isinstance(node, Blockquote):
            parts.append("<blockquote>")
            stack.append((iter(node.children), "</blockquote>", False))
        else:
            parts.append(_leaf_html(node))
    return "".join(parts)
