"""What a body parser (HTML or Markdown) hands back."""

from __future__ import annotations

import attrs

from newsdoc.errors import Problem
from newsdoc.model import Block

__all__ = ["ParsedBody"]


@attrs.frozen(kw_only=True)
class ParsedBody:
    """The blocks of a body and what was found while reading them."""

    blocks: tuple[Block, ...]
    "The body as blocks."
    more: int | None = None
    "How many top-level blocks come before the ``<!--more-->`` marker; None if there is none."
    problems: tuple[Problem, ...] = ()
    "Non-fatal findings (line numbers relative to the body's first line)."
