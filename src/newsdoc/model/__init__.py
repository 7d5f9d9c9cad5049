"""The newsdoc data model: an `Article` made of blocks made of inlines.

Nodes are in `newsdoc.model.nodes`, the article in `newsdoc.model.article`, plain text
in `newsdoc.model.text` and the canonical form of inline content in `newsdoc.model.canonical`.

The vocabulary follows mdast (the Markdown syntax tree of the unified/remark
world) so that JSON readers from there feel at home.  Every class is a frozen,
slotted attrs class: change one with `attrs.evolve`.  Sequences are tuples.

Inlines: `Text`, `Strong`, `Emphasis`, `Delete`, `InlineCode`, `Link`,
`Image`, `Break`.

Blocks: `Paragraph`, `Heading`, `List` (of `ListItem`), `Blockquote`, `Code`,
`Figure`, `Table` (of `TableRow` of `TableCell`), `ThematicBreak`, `Embed`.
"""

from newsdoc.model.article import Article, JSONValue
from newsdoc.model.nodes import (
    Align,
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
    TableCell,
    TableRow,
    Text,
    ThematicBreak,
)

__all__ = [
    "Align",
    "Article",
    "Block",
    "Blockquote",
    "Break",
    "Code",
    "Delete",
    "Embed",
    "Emphasis",
    "Figure",
    "Heading",
    "Image",
    "Inline",
    "InlineCode",
    "JSONValue",
    "Link",
    "List",
    "ListItem",
    "Paragraph",
    "Strong",
    "Table",
    "TableCell",
    "TableRow",
    "Text",
    "ThematicBreak",
]
