"""Escaping for CommonMark: text that reads as itself, code spans, link destinations, titles.

Text is escaped with a backslash only where the character could otherwise be
read as syntax:

- always: `` ` ``, ``[``, ``]``;
- ``\\`` before ASCII punctuation (or at the end of a run whose next output
  character is not known to be harmless);
- ``<`` before a letter, ``/``, ``!`` or ``?`` (a tag, comment or autolink could
  start); ``&`` where it would form a character reference (``&amp;``,
  ``&#123;``; ``&foo;`` is no entity and stays); ``!`` right before a link;
- ``*``, ``_`` and ``~`` runs unless their neighbours make them inert (``2 * 3``
  between spaces, ``snake_case`` between letters);
- ``|`` in table cells;
- at the start of a line: ``#``…``######`` before a space, ``>``, ``-``/``+``
  before a space, a ``-`` line (thematic break, setext underline), ``1.``/``1)``
  (any number on a paragraph's first line, only 1 after a hard break, where
  nothing else can interrupt a paragraph), ``=`` lines and table delimiter
  rows after a hard break.

Line feeds and carriage returns inside text become ``&#10;``/``&#13;``: a raw one
would end the line.  Leading and trailing spaces are the inline writer's job.
"""

from __future__ import annotations

import re
from html.entities import html5

from newsdoc.serializers.markdown.chars import is_surely_other, is_surely_ws

__all__ = [
    "code_span",
    "destination",
    "escape_heading_end",
    "escape_line_start",
    "escape_run",
    "info_string",
    "link_title",
]

_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_LINE_ENDS = frozenset("\n\r")
_TAG_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ/!?")
# What may need a backslash (or a reference) in text.  The lookaheads leave out what is
# harmless whatever follows, sparing a Python call per match; at the end of the text the
# character that follows is only known to `escape_run`.
_SPECIAL_PARTS = (
    r"[`\[\]\n\r]|\\(?=[!-/:-@\[-`{-~\n\r]|\Z)|<(?=[A-Za-z/!?]|\Z)|&(?=[#A-Za-z])|!\Z"
    r"|\*+|_+|~+"
)
_SPECIAL = re.compile(_SPECIAL_PARTS)
_SPECIAL_IN_CELL = re.compile(_SPECIAL_PARTS + r"|\|")
_ANY_SPECIAL = re.compile(r"[\\`\[\]<&!|\n\r*_~]")  # one class: much faster to search
# Numeric references of any length: CommonMark stops at 7 decimal / 6 hex digits, but some
# renderers read longer ones (``&#87654321;``) as U+FFFD, so the ``&`` is escaped for all.
_ENTITY = re.compile(r"&(?:#[0-9]+;|#[xX][0-9a-fA-F]+;|([A-Za-z][A-Za-z0-9]{0,31};))")
_FIXED = {"`": "\\`", "[": "\\[", "]": "\\]", "\n": "&#10;", "\r": "&#13;"}


def _is_entity(text: str, at: int) -> bool:
    match = _ENTITY.match(text, at)
    if match is None:
        return False
    name = match.group(1)
    return name is None or name in html5


def _inert(text: str, start: int, end: int) -> bool:
    """Whether a ``*``/``_``/``~`` run inside ``text`` can neither open nor close."""
    if start == 0 or end == len(text):
        return False  # a neighbour outside this text: not known here
    before, after = text[start - 1], text[end]
    if before not in _LINE_ENDS and after not in _LINE_ENDS:
        if is_surely_ws(before) and is_surely_ws(after):
            return True
        if text[start] == "_":
            return is_surely_other(before) and is_surely_other(after)
    return False


def escape_run(text: str, next_char: str, *, table: bool = False) -> str:
    """Escape text so that CommonMark reads it back as the same text.

    Args:
        text: The text; what precedes it in the output is assumed to be anything.
        next_char: The first character written after it ('' at the end of the content).
        table: Also escape ``|`` (the text is in a table cell).

    Returns:
        The escaped text.
    """
    if _ANY_SPECIAL.search(text) is None:
        return text

    def replace(match: re.Match[str]) -> str:
        found = match.group()
        fixed = _FIXED.get(found)
        if fixed is not None:
            return fixed
        start, end = match.span()
        at_end = end == len(text)
        first = found[0]
        if first == "\\":  # before ASCII punctuation or a line end (see `_SPECIAL`)
            if at_end and not (next_char in _ASCII_PUNCT or next_char in _LINE_ENDS):
                return "\\"
            return "\\\\"
        if first == "<":  # before a letter, "/", "!" or "?"
            return "<" if at_end and next_char not in _TAG_START else "\\<"
        if first == "&":
            return "\\&" if _is_entity(text, start) else "&"
        if first == "!":  # at the end
            return "\\!" if next_char == "[" else "!"
        if first == "|":  # in a table cell
            return "\\|"
        if _inert(text, start, end):
            return found
        return "\\" + "\\".join(found)

    return (_SPECIAL_IN_CELL if table else _SPECIAL).sub(replace, text)


_ATX = re.compile(r"#{1,6}(?=[ \t]|\Z)")
_ORDERED = re.compile(r"([0-9]{1,9})([.)])(?=[ \t]|\Z)")
_DASH_LINE = re.compile(r"(?:-[ \t]*)+\Z")
_EQUALS_LINE = re.compile(r"=+[ \t]*\Z")
_DELIMITER_ROW = re.compile(r"[|:-][ \t|:-]*\Z")


def escape_line_start(text: str, *, continuation: bool) -> tuple[str, int]:
    """The escaped form of the block syntax a line starting with ``text`` would open.

    Args:
        text: The text that starts the line (not yet escaped).
        continuation: The line follows a hard break (paragraph continuation).

    Returns:
        The escaped prefix and how many characters of ``text`` it stands for
        (``('', 0)`` when the start is harmless).
    """
    first = text[:1]
    if first == "#":
        return ("\\#", 1) if _ATX.match(text) else ("", 0)
    if first == ">":
        return "\\>", 1
    if first in ("-", "+"):
        after = text[1:2]
        if after in ("", " ", "\t") or (first == "-" and _DASH_LINE.match(text)):
            return "\\" + first, 1
    if first.isdigit():
        match = _ORDERED.match(text)
        if match and (not continuation or int(match.group(1)) == 1):
            return match.group(1) + "\\" + match.group(2), match.end()
        return "", 0
    if continuation:
        if first == "=" and _EQUALS_LINE.match(text):
            return "\\=", 1
        if first in ("|", ":", "-") and "-" in text and _DELIMITER_ROW.match(text):
            return "\\" + first, 1
    return "", 0


_CLOSING_HASHES = re.compile(r"(?:(?<=[ \t])|\A)#+\Z")


def escape_heading_end(escaped: str) -> str:
    """Escape a trailing ``#`` run that an ATX heading would take for its closing sequence."""
    match = _CLOSING_HASHES.search(escaped)
    if match is None:
        return escaped
    return escaped[: match.start()] + "\\" + escaped[match.start() :]


_BACKTICKS = re.compile(r"`+")


def code_span(value: str, *, table: bool = False) -> str | None:
    """A code span showing ``value`` verbatim, or None for empty code (no Markdown form).

    Line endings become spaces (a code span cannot hold one); the fence is the
    shortest backtick run that does not occur inside.
    """
    if not value:
        return None
    if "\n" in value or "\r" in value:
        value = value.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    if table and "|" in value:
        value = value.replace("|", "\\|")
    size = 1
    if "`" in value:
        runs = {len(run) for run in _BACKTICKS.findall(value)}
        while size in runs:
            size += 1
    fence = "`" * size
    if (
        value[0] == "`"
        or value[-1] == "`"
        or (value[0] == " " and value[-1] == " " and value.strip(" "))
    ):
        return f"{fence} {value} {fence}"
    return f"{fence}{value}{fence}"


_NEEDS_ANGLE = re.compile(r"[\x00-\x20()<>\x7f]")
_IN_DESTINATION = re.compile(r"[\\&|<>]")
_IN_ANY_DESTINATION = re.compile(r"[\x00-\x20()<>\x7f\\&|]")  # either of the two above


def _escape_in_link(text: str, pattern: re.Pattern[str], *, table: bool) -> str:
    if pattern.search(text) is None:  # most URLs: nothing to escape
        return text

    def replace(match: re.Match[str]) -> str:
        found = match.group()
        end = match.end()
        if found == "\\":
            after = text[end : end + 1]
            return "\\\\" if after == "" or after in _ASCII_PUNCT or after in _LINE_ENDS else "\\"
        if found == "\n" or found == "\r":
            return "&#10;" if found == "\n" else "&#13;"
        if found == "&":  # cmark-gfm resolves references before backslash escapes here
            return "&amp;" if _is_entity(text, match.start()) else "&"
        if found == "|" and not table:
            return "|"
        return "\\" + found

    return pattern.sub(replace, text)


def destination(url: str, *, table: bool = False) -> str:
    """A link destination for ``url``: bare, or in ``<…>`` when it holds spaces,
    parentheses or control characters.  Line endings are percent-encoded (no
    destination can hold one).
    """
    if _IN_ANY_DESTINATION.search(url) is None:
        return url or "<>"  # the usual URL: nothing to escape, no need for <…>
    if "\n" in url or "\r" in url:
        url = url.replace("\n", "%0A").replace("\r", "%0D")
    if _NEEDS_ANGLE.search(url):
        return "<" + _escape_in_link(url, _IN_DESTINATION, table=table) + ">"
    return _escape_in_link(url, _IN_DESTINATION, table=table)


_IN_TITLE = re.compile(r"[\\&|\"\n\r]")
_IN_TITLE_NO_PIPE = re.compile(r"[\\&\"\n\r]")


def _title_char(match: re.Match[str]) -> str:
    found = match.group()
    if found == "\\":
        after = match.string[match.end() : match.end() + 1]
        if after == "":
            return "&#92;"
        return "\\\\" if after in _ASCII_PUNCT or after in _LINE_ENDS else "\\"
    if found == "&":
        return "&amp;" if _is_entity(match.string, match.start()) else "&"
    return _TITLE_FIXED[found]


_TITLE_FIXED = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "|": "\\|"}


def link_title(title: str | None, *, table: bool = False) -> str:
    """`` "title"`` to follow a destination, or '' for None and for an empty title
    (markdown-it drops ``""``; a browser shows both alike).

    Quotes are written as ``&quot;`` and a final backslash as ``&#92;``:
    cmark-gfm's title scanner takes the longest match, so a title ending in
    ``\\"`` would swallow the next link's title.  Elsewhere a backslash before
    punctuation is doubled (cmark-gfm resolves references *before* backslash
    escapes in titles, so ``&#92;*`` would read as ``*`` there).
    """
    if not title:
        return ""
    escaped = (_IN_TITLE if table else _IN_TITLE_NO_PIPE).sub(_title_char, title)
    return f' "{escaped}"'


_IN_INFO = re.compile(r"[\\&\n\r]")


def info_string(lang: str) -> str:
    """A fenced code block's info string for ``lang`` (backslashes and references escaped)."""
    return _escape_in_link(lang, _IN_INFO, table=False)
