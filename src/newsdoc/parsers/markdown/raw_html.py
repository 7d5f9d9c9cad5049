"""Whether a piece of raw HTML found in Markdown stands on its own.

CommonMark ends an HTML block at a blank line, so ``<table>`` … (blank line) …
``</table>`` or a ``<div>`` wrapped around Markdown arrive as several pieces
with Markdown between them.  Such a piece can only be read together with the
rest of the document; a self-contained one (every element it opens is closed
in it, and it closes nothing it did not open) can be read alone.

The check is a single regex scan, linear in the length of the piece.
"""

from __future__ import annotations

import re

__all__ = ["is_self_contained"]

_TAG = re.compile(
    r"<!--(?:-?>|.*?(?:--!?>|\Z))"  # a comment, ended as HTML ends it (or by the end)
    r"|<![^<>]*>?|<\?[^<>]*>?"  # a declaration, a processing instruction
    r"|<(/?)([A-Za-z][A-Za-z0-9:-]*)((?:[^<>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.DOTALL,
)
_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "image",
        "img",
        "input",
        "keygen",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
_OPTIONAL_END = frozenset(
    {
        "caption",
        "colgroup",
        "dd",
        "dt",
        "li",
        "optgroup",
        "option",
        "p",
        "rp",
        "rt",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
    }
)
"Elements whose end tag HTML lets the parent's end (or the fragment's end) imply."
_LISTS = frozenset({"ul", "ol", "menu"})
"Elements whose ``<li>`` children stay inside them."
_RAW_TEXT_END = {
    name: re.compile(rf"</{name}\s*>", re.IGNORECASE)
    for name in ("script", "style", "textarea", "title", "xmp")
}
"Elements whose content is text, not markup, and the end tag that closes each."


def is_self_contained(html: str) -> bool:
    """Whether ``html`` closes every element it opens and nothing else.

    Args:
        html: Raw HTML as markdown-it passes it through (an HTML block, or the
            inline HTML of one paragraph joined together).

    Returns:
        True if the fragment can be read on its own.
    """
    open_tags: list[str] = []
    lists = 0  # how many of open_tags are lists
    position = 0
    search = _TAG.search
    while True:
        match = search(html, position)
        if match is None:
            break
        position = match.end()
        name = match.group(2)
        if name is None:
            continue
        name = name.lower()
        if match.group(1):  # an end tag
            if name in _VOID:
                continue
            # Only the innermost open element may close, after those whose end tag is
            # optional: closing others implicitly follows HTML's rules (the end tag is
            # ignored past a div, formatting is reopened), which only the HTML parser on
            # the whole body gets right.
            while open_tags and open_tags[-1] != name and open_tags[-1] in _OPTIONAL_END:
                open_tags.pop()
            if not open_tags or open_tags[-1] != name:
                return False
            open_tags.pop()
            if name in _LISTS:
                lists -= 1
        elif name == "li" and not lists:
            # Outside a list of the piece's own, <li> closes an item the piece did not open
            # (the Markdown list item it stands in): only the whole body reads it right.
            return False
        elif name in _RAW_TEXT_END:
            end = _RAW_TEXT_END[name].search(html, position)
            if end is None:
                return False
            position = end.end()
        elif name not in _VOID and not match.group(3).rstrip().endswith("/"):
            open_tags.append(name)
            if name in _LISTS:
                lists += 1
    return all(name in _OPTIONAL_END for name in open_tags)
