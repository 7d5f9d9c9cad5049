"""Whether a list can be written tight: how each block of a tight item follows the one
before, and how a list is laid out (tight, loose, or as an HTML block).

A blank line between an item's blocks makes a CommonMark list loose, so a tight item's
blocks must start right under one another (`follows`); where Markdown cannot do that but
HTML can, the list is an HTML block (`layout`).
"""

from __future__ import annotations

from collections.abc import Sequence

from newsdoc.model import (
    Block,
    Blockquote,
    Break,
    Code,
    Delete,
    Emphasis,
    Figure,
    Heading,
    Inline,
    Link,
    List,
    Paragraph,
    Strong,
    Table,
    ThematicBreak,
)
from newsdoc.serializers.markdown.inline import HEADING, PARAGRAPH, render_inlines

__all__ = [
    "CANNOT",
    "DIRECTLY",
    "HTML",
    "LOOSE",
    "MAX_NUMBER",
    "SEPARATED",
    "TASKS",
    "TIGHT",
    "break_run",
    "countable",
    "follows",
    "interrupts",
    "layout",
    "tight",
]

MAX_NUMBER = 999_999_999  # CommonMark list numbers have at most nine digits
TASKS = {None: "", True: "[x] ", False: "[ ] "}  # GFM's task marker, by ListItem.checked
CANNOT, DIRECTLY, SEPARATED = range(3)
"How a tight item's block can follow the one before: not at all, directly, after a comment."


def countable(block: List) -> bool:
    """Whether CommonMark can number the list: from 0 to nine digits."""
    return block.start is None or not block.ordered or 0 <= block.start <= MAX_NUMBER


TIGHT, LOOSE, HTML = range(3)
"How a list is written (`layout`): tight, loose, or as an HTML block."


def layout(
    block: List, written: dict[int, str | None], *, quoted: bool = False, shares_line: bool = False
) -> int:
    """How the list is written: as an HTML block when CommonMark cannot number it, or when it
    is tight and Markdown cannot write it tight but HTML can (a paragraph Markdown cannot
    say, a block that cannot follow the one before); loose when it is spread, or tight but
    for a paragraph holding a run of breaks (HTML would end it there: the one fallback); as
    HTML too when a task's marker cannot be written (`_tasks_fit`).  ``quoted``: a block
    quote holds the list; ``shares_line``: it starts on its item's marker line."""
    if not countable(block) or not _tasks_fit(block, quoted, shares_line):
        return HTML
    if block.spread or any(item.spread for item in block.items):
        return LOOSE
    if all(tight(item.children, written, quoted) for item in block.items):
        return TIGHT
    for item in block.items:
        for child in item.children:
            if type(child) is Paragraph and break_run(child.children):
                return LOOSE
    return HTML


def _tasks_fit(block: List, quoted: bool, shares_line: bool) -> bool:
    """Whether each task's first paragraph is written as Markdown (not ``<p>``) on a line
    without another container's marker (``> - [x]`` when ``quoted``, ``- + [x]`` when the
    first item ``shares_line`` with an outer one: cmark-gfm reads no task there)."""
    items = block.items  # one item of one block, spread, is written <p>…</p> (`_items`)
    if len(items) == 1 == len(items[0].children) and (block.spread or items[0].spread):
        return items[0].checked is None
    return not any(
        item.checked is not None
        and item.children
        and isinstance(first := item.children[0], Paragraph)
        and (
            quoted
            or (shares_line and index == 0)
            or break_run(first.children)
            or render_inlines(first.children, PARAGRAPH) is None
        )
        for index, item in enumerate(items)
    )


def break_run(children: Sequence[Inline]) -> bool:
    """Whether two breaks follow each other in reading order, across span edges."""
    stack = [iter(children)]
    previous_break = False
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
        elif isinstance(node, Break):
            if previous_break:
                return True
            previous_break = True
        elif isinstance(node, (Strong, Emphasis, Delete, Link)):
            stack.append(iter(node.children))
        else:
            previous_break = False
    return False


def tight(blocks: Sequence[Block], written: dict[int, str | None], quoted: bool = False) -> bool:
    """Whether an item's blocks can be written with no blank line between them.

    A blank line would make the list loose, so each block must start right under the one
    before (`follows`).  A paragraph Markdown cannot say is written ``<p>…</p>``, which
    shows as a loose list's paragraph; one holding a run of breaks would be ended at
    ``<br><br>`` without ``<p>``: neither can be tight, nor a GFM table (cmark-gfm then
    reads the list loose).
    """
    for index, block in enumerate(blocks):
        if isinstance(block, Table):  # cmark-gfm makes a list holding a GFM table loose
            return False
        if type(block) is Paragraph:
            if break_run(block.children):
                return False
            # Kept for the writer, which would render it again (id: the model is alive).
            text = written[id(block)] = render_inlines(block.children, PARAGRAPH)
            if text is None:
                return False
        if index and follows(blocks[index - 1], block, quoted) == CANNOT:
            return False
    return True


def follows(before: Block, after: Block, quoted: bool = False) -> int:
    """How ``after`` can be written right under ``before`` in a tight item.

    Anything follows a fenced code block, a thematic break or an ATX heading directly.
    Two paragraphs are written as one with two breaks between, where readers end a tight
    item's paragraph.  After a paragraph, a quote or a list (which may end in a
    paragraph) a block that can interrupt a paragraph follows directly, but for a second
    quote (it would join the first); any other follows an empty HTML comment, which ends
    them and shows nothing.  Nothing follows HTML or a table: they run on to a blank line.
    """
    if isinstance(before, Code | ThematicBreak):
        return DIRECTLY
    if isinstance(before, Heading):
        written = render_inlines(before.children, HEADING)
        return CANNOT if written is None else DIRECTLY  # <hN> runs on to a blank line
    if type(before) is Paragraph and type(after) is Paragraph:
        return DIRECTLY
    if not isinstance(before, Paragraph | Blockquote | List) or (
        isinstance(before, List)
        # HTML, or may be: a first task is, on its item's marker line (`_tasks_fit`).
        and (
            layout(before, {}, quoted=quoted) == HTML
            or bool(before.items and before.items[0].checked is not None)
        )
    ):
        return CANNOT
    if interrupts(after) and not (isinstance(before, Blockquote) and isinstance(after, Blockquote)):
        return DIRECTLY
    return SEPARATED


def interrupts(block: Block) -> bool:
    """Whether a block's first line can interrupt a paragraph (CommonMark's rules)."""
    if isinstance(block, Code | ThematicBreak | Blockquote | Heading):
        return True  # fenced, ***, >, ATX or <hN> (an HTML block of type 6)
    if isinstance(block, List):  # bullets, or numbers from 1, not empty
        return bool(block.items and block.items[0].children) and (
            not block.ordered or block.start in (None, 1)
        )
    if isinstance(block, Paragraph):  # only as <p>, written for content Markdown cannot say
        return render_inlines(block.children, PARAGRAPH) is None
    return isinstance(block, Figure)  # <figure>, type 6; a GFM table or a <video> cannot
