"""What a body parser (HTML or Markdown) hands back, and the rules both apply (characters,
lists loose or tight)."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from newsdoc.common.chars import replace_unsafe
from newsdoc.errors import Problem
from newsdoc.model import Block, List, ListItem, Paragraph

__all__ = ["ParsedBody", "make_list", "replace_unsafe_characters"]


@attrs.frozen(kw_only=True)
class ParsedBody:
    """The blocks of a body and what was found while reading them."""

    blocks: tuple[Block, ...]
    "The body as blocks."
    more: int | None = None
    "How many top-level blocks come before the ``<!--more-->`` marker; None if there is none."
    problems: tuple[Problem, ...] = ()
    "Non-fatal findings (line numbers relative to the body's first line)."


def replace_unsafe_characters(body: str, problems: list[Problem]) -> str:
    """The body with C0 controls (but tab, LF, CR) and lone surrogates made U+FFFD.

    Both body readers apply it, so both give the same text; a ``control-character``
    `Problem` is added when anything was replaced.  Check first with
    `newsdoc.common.chars.has_unsafe` (C speed): most bodies need nothing.
    """
    body, count, first = replace_unsafe(body)
    if count:
        problems.append(
            Problem(
                code="control-character",
                message=f"{count} control character(s) or lone surrogate(s) replaced with U+FFFD",
                line=body.count("\n", 0, first) + 1,
            )
        )
    return body


def make_list(
    ordered: bool,
    start: int | None,
    items: Sequence[tuple[tuple[Block, ...], bool, bool | None]],
) -> List:
    """A list of ``(blocks, shown_as_paragraphs, checked)`` items, loose or tight as a whole.

    An item's flag says whether a paragraph in it was shown as one (``<li><p>``, a loose
    Markdown list).  Markdown makes a whole list loose or tight, so one such item makes
    every item holding a paragraph `ListItem.spread`: both readers give that one form,
    which `newsdoc.to_markdown` can write and read back.  A task's ``checked`` is kept
    when the item starts with a paragraph, as mdast has tasks (GFM's marker starts one).
    """
    spread = any(shown and _has_paragraph(blocks) for blocks, shown, _ in items)
    return List(
        ordered=ordered,
        start=start,
        spread=spread,
        items=tuple(
            ListItem(
                children=blocks,
                spread=spread and _has_paragraph(blocks),
                checked=checked if blocks and type(blocks[0]) is Paragraph else None,
            )
            for blocks, _, checked in items
        ),
    )


def _has_paragraph(blocks: tuple[Block, ...]) -> bool:
    return any(type(block) is Paragraph for block in blocks)
