"""Input libxml2 cannot nest: flatten element nesting beyond a depth.

libxml2 stops parsing at 256 open elements (2048 with ``huge_tree``) and
silently drops the rest of the document.  When that happens the body is
re-tokenised here with a crude linear scanner that models the open-element
stack (end tags close up to their match, unmatched end tags are ignored, void
and self-closed tags do not nest, raw text is skipped) and start/end tags
deeper than a limit are removed, so their content joins the element at the
limit.  The scanner over-estimates depth (implicitly closed ``<p>``/``<li>``
count as open), which only makes it flatten more than needed.
"""

from __future__ import annotations

import re

__all__ = ["flatten_deep", "strip_tags"]

_TOKEN = re.compile(r"<!--.*?(?:-->|\Z)|<(/?)([A-Za-z][^\s/>]*)[^>]*>", re.DOTALL)
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "plaintext", "iframe"})
_VOID = frozenset(  # what libxml2 2.14 does not nest (it nests embed, source, wbr…)
    {
        "area",
        "base",
        "basefont",
        "br",
        "col",
        "frame",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
    }
)
_raw_ends: dict[str, re.Pattern[str]] = {}


def _raw_end(name: str) -> re.Pattern[str]:
    pattern = _raw_ends.get(name)
    if pattern is None:
        pattern = _raw_ends[name] = re.compile(rf"</{name}\b", re.IGNORECASE)
    return pattern


def flatten_deep(text: str, limit: int) -> str:
    """Remove the start and end tags of elements nested deeper than ``limit``.

    Args:
        text: The HTML.
        limit: How many open elements to keep at most.

    Returns:
        The HTML with the deeper tags removed (their content kept).
    """
    out: list[str] = []
    last = 0  # text[last:] is not yet copied to out
    stack: list[tuple[str, bool]] = []  # open elements: name, whether its tags are kept
    counts: dict[str, int] = {}  # open elements by name, to find an end tag's match in O(1)
    depth = 0  # open elements whose tags are kept
    pos = 0
    while (match := _TOKEN.search(text, pos)) is not None:
        pos = match.end()
        name = match.group(2)
        if name is None:  # a comment
            continue
        name = name.lower()
        drop = False
        if match.group(1):  # an end tag
            if counts.get(name):
                while stack:
                    open_name, kept = stack.pop()
                    counts[open_name] -= 1
                    depth -= kept
                    if open_name == name:
                        drop = not kept
                        break
        elif name not in _VOID and not match.group().endswith("/>"):
            kept = depth < limit
            stack.append((name, kept))
            counts[name] = counts.get(name, 0) + 1
            depth += kept
            drop = not kept
            if name in _RAW_TEXT:
                end = _raw_end(name).search(text, pos)
                pos = len(text) if end is None else end.start()
        if drop:
            out.append(text[last : match.start()])
            last = match.end()
    out.append(text[last:])
    return "".join(out)


def strip_tags(text: str) -> str:
    """The text with every tag and comment removed (the last resort)."""
    return _TOKEN.sub("", text)
