"""Plain text out of blocks: what `Article.text` and `Article.paragraphs` show."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from newsdoc.model.nodes import (
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
    Paragraph,
    Strong,
    Table,
    Text,
    ThematicBreak,
)

__all__ = ["block_texts", "inline_text"]


def inline_text(inlines: Iterable[Inline]) -> str:
    """The visible text of inline content; a `Break` is a newline, images add nothing."""
    return "".join(_inline_parts(inlines))


def _inline_parts(inlines: Iterable[Inline]) -> Iterator[str]:
    for node in inlines:
        if isinstance(node, Text | InlineCode):
            yield node.value
        elif isinstance(node, Strong | Emphasis | Delete | Link):
            yield from _inline_parts(node.children)
        elif isinstance(node, Break):
            yield "\n"
        elif not isinstance(node, Image):  # pragma: no cover - exhaustive
            raise TypeError(f"not an inline node: {node!r}")


def block_texts(blocks: Iterable[Block]) -> tuple[str, ...]:
    """The text of every text-bearing leaf block, in document order; empty ones left out."""
    return tuple(text for text in _block_parts(blocks) if text)


def _block_parts(blocks: Iterable[Block]) -> Iterator[str]:
    for block in blocks:
        if isinstance(block, Paragraph | Heading):
            yield inline_text(block.children)
        elif isinstance(block, Code):
            yield block.value
        elif isinstance(block, List):
            for item in block.items:
                yield from _block_parts(item.children)
        elif isinstance(block, Blockquote):
            yield from _block_parts(block.children)
        elif isinstance(block, Table):
            for row in block.rows:
                yield "\t".join(inline_text(cell.children) for cell in row.cells)
        elif isinstance(block, Figure):
            yield inline_text(block.caption)
        elif not isinstance(block, ThematicBreak | Embed):  # pragma: no cover - exhaustive
            raise TypeError(f"not a block node: {block!r}")
