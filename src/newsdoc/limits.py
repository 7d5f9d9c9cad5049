"""Limits on what one post may cost: sizes, counts and depths, in one place.

newsdoc reads text that other programs scraped from the web; some of it is made to
hurt.  `Limits` holds the bounds a caller may change (pass ``limits=Limits(...)`` to
`newsdoc.parse` or `newsdoc.load`); `DEFAULT_LIMITS` is what is used otherwise.  The
module constants below them are fixed: they keep the recursive parts of newsdoc (and of
the libraries it uses) well clear of Python's recursion limit, so they are not options.

What happens past each limit (see ``docs/limits.md``):

=========================  ==========================================================
``max_input_bytes``        `InputTooLargeError` (code ``limit``), in both modes, before
                           any decoding; `newsdoc.load` reads no further than the limit.
``max_front_matter_*``     `FrontMatterError` (code ``limit``) in strict mode; lenient
                           mode records it as a `Problem` naming the YAML key left out
                           and keeps the other keys (TOML, JSON: the front matter).
``max_body_markup``        `BodyError` (code ``limit``) in strict mode; lenient mode
                           reads the body up to that point (``limit`` problem).
``max_table_cells``        Markdown tables past the budget are read as paragraphs
                           (their text kept, ``limit`` problem).
=========================  ==========================================================
"""

from __future__ import annotations

import functools
import re

import attrs

__all__ = [
    "BLOCK_DEPTH",
    "DEFAULT_LIMITS",
    "HTML_ATTRIBUTES",
    "HTML_FLATTEN_DEPTH",
    "INLINE_DEPTH",
    "MARKDOWN_NESTING",
    "YAML_MERGED_KEYS",
    "YAML_MERGE_DEPTH",
    "Limits",
    "markup_end",
]

_MIB = 1 << 20

# ---------------------------------------------------------------- fixed bounds

BLOCK_DEPTH = 64
"How deeply blockquotes and lists nest in an article read from HTML; deeper ones are unwrapped."
INLINE_DEPTH = 32
"How deeply formatting (strong, emphasis, delete, links) nests; deeper spans are unwrapped."
MARKDOWN_NESTING = 70
"""How deeply Markdown containers nest (markdown-it's ``maxNesting``): above `BLOCK_DEPTH`, so
every model's Markdown reads back whole, and well within Python's recursion limit (markdown-it
recurses about three frames a level)."""
HTML_FLATTEN_DEPTH = 512
"""HTML nested deeper than libxml2 reads (2048 open elements) is re-read with the
elements past this depth unwrapped (``depth`` problem)."""
HTML_ATTRIBUTES = 100
"""The most attributes an HTML tag keeps (libxml2 checks each new attribute against all
earlier ones, so time grows with the square of their number); the rest are dropped."""
YAML_MERGED_KEYS = 100_000
"How many key/value pairs YAML merge keys (``<<``) may copy in one document."
YAML_MERGE_DEPTH = 100
"How deeply YAML merge keys may chain (a mapping merging a mapping merging …)."
_MAX_FRONT_MATTER_DEPTH = 200  # the value walk recurses twice a level: stay far below 1000


def _positive(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if type(value) is not int or value < 1:
        raise ValueError(f"{attribute.name} must be a positive int, not {value!r}")


def _depth(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    _positive(instance, attribute, value)
    if value > _MAX_FRONT_MATTER_DEPTH:
        raise ValueError(f"{attribute.name} must be at most {_MAX_FRONT_MATTER_DEPTH}")


@attrs.frozen(kw_only=True)
class Limits:
    """The bounds one parse works within; change a few with ``Limits(max_input_bytes=…)``.

    Every field is a positive int.  The defaults bound what costs more than linear time
    or memory out of proportion to the input (YAML aliases, nesting, GFM table padding,
    markup: see ``docs/limits.md`` for what each worst case costs); within them a post is
    read whole, and a YAML key that breaks a front-matter limit is left out alone.

    Examples:
        >>> import newsdoc
        >>> from newsdoc.limits import Limits
        >>> newsdoc.parse("<p>a</p><p>b</p>", limits=Limits(max_body_markup=3)).text
        'a'
    """

    max_input_bytes: int = attrs.field(default=64 * _MIB, validator=_positive)
    """The largest input: bytes for bytes and files, characters for ``str`` (64 MiB).
    Larger input raises `InputTooLargeError` in both modes."""
    max_front_matter_chars: int = attrs.field(default=64 * _MIB, validator=_positive)
    """The largest front matter, in characters (64 MiB, as `max_input_bytes`: a long scalar
    costs only linear time).  Past it, YAML's largest top-level keys are left out until the
    rest fits; a TOML or JSON front matter is left out whole."""
    max_front_matter_values: int = attrs.field(default=1_000_000, validator=_positive)
    """How many values the front matter may hold, YAML aliases counted at each use, so a
    "billion laughs" document stops here instead of filling memory (1,000,000).  The key
    that would go past it is left out; the keys before and after it are kept."""
    max_front_matter_depth: int = attrs.field(default=100, validator=_depth)
    """How deeply lists and mappings (and TOML dotted keys) may nest in the front matter
    (100; at most 200).  A YAML key nesting deeper is left out, the others kept."""
    max_body_markup: int = attrs.field(default=1_000_000, validator=_positive)
    """How much markup a body may hold (1,000,000): for HTML its ``<`` characters (tags,
    comments) and line breaks, for Markdown its ASCII punctuation and line breaks.  Every
    block and every span starts with one of these, so this bounds the memory the body
    parsers use (a few hundred bytes per markup character: the model and the parsers'
    trees), and the number of blocks in the article."""
    max_table_cells: int = attrs.field(default=100_000, validator=_positive)
    """How many table cells a Markdown body may give (100,000).  GFM pads short rows to
    the header's width, so a few bytes can ask for thousands of cells; tables past this
    budget are read as paragraphs."""

    @property
    def read_size(self) -> int:
        """How many bytes to read from a file or stream: one more than `max_input_bytes`, which
        tells that the input is too large without reading the rest of it.

        Examples:
            >>> Limits(max_input_bytes=10).read_size
            11
        """
        return self.max_input_bytes + 1


DEFAULT_LIMITS = Limits()
"The limits used when none are given."


# ---------------------------------------------------------------- markup budget

# What counts as markup, as bytes to delete: everything ASCII but punctuation and LF.
_NOT_MARKDOWN_MARKUP = bytes(
    c for c in range(128) if not (chr(c) == "\n" or (0x21 <= c <= 0x7E and not chr(c).isalnum()))
)
_MARKDOWN_CLASS = r"[!-/:-@\[-`{-~\n]"
_HTML_CLASS = r"[<\n]"


def _count(text: str, *, markdown: bool) -> int:
    if not markdown:
        return text.count("<") + text.count("\n")
    # Two C-level passes: drop what is not ASCII, then what is not markup.
    return len(text.encode("ascii", "ignore").translate(None, _NOT_MARKDOWN_MARKUP))


@functools.lru_cache(maxsize=8)
def _prefix(markdown: bool, count: int) -> re.Pattern[str]:
    """Matches the shortest prefix holding ``count`` markup characters."""
    cls = _MARKDOWN_CLASS if markdown else _HTML_CLASS
    other = "[^" + cls[1:]
    return re.compile(f"(?:{other}*+{cls}){{{count}}}")


def markup_end(text: str, *, markdown: bool, limit: int) -> int | None:
    """Where a body must be cut to hold at most ``limit`` markup characters.

    Args:
        text: The body.
        markdown: Count Markdown markup (ASCII punctuation, line breaks) rather than
            HTML markup (``<``, line breaks).
        limit: The most markup characters allowed.

    Returns:
        None if the body is within the limit; else, for HTML, the index of its
        ``limit``-th markup character (a cut there never leaves the start of a tag as
        text) and, for Markdown, the index just after it (a closing delimiter is kept).
        Linear time, C-level scans only.
    """
    if len(text) <= limit or _count(text, markdown=markdown) <= limit:
        return None
    match = _prefix(markdown, limit).match(text)
    assert match is not None  # the count says there are more than `limit`
    return match.end() if markdown else match.end() - 1
