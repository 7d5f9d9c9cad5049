"""What a body parser (HTML or Markdown) hands back, and the character rule both apply."""

from __future__ import annotations

import attrs

from newsdoc.common.chars import replace_unsafe
from newsdoc.errors import Problem
from newsdoc.model import Block

__all__ = ["ParsedBody", "replace_unsafe_characters"]


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
