"""The visible text of a body, computed independently of newsdoc's block builder.

Used by the "no body text is lost" tests: what a browser would show of the body
(style, script, template, comments, hidden elements and embed fallbacks removed).
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree
from markdown_it import MarkdownIt

_INVISIBLE = (
    "style",
    "script",
    "template",
    "iframe",
    "video",
    "audio",
    "object",
    "embed",
    "head",
    "title",
    "meta",
    "link",
    "input",
    "datalist",
    "select",
)
_HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)", re.I)
_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
# CommonMark makes `[x](javascript:…)` a link; markdown-it refuses such links by default as a
# safety measure, which would show their source as text. newsdoc keeps them as links (and
# neutralises them on output), so the oracle must read them the same way.
_MD.validateLink = lambda url: True  # type: ignore[method-assign]
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def visible_html_text(html: str) -> str:
    """The text a browser shows for an HTML body."""
    html = _CONTROL.sub("\ufffd", html)
    if not html.strip():
        return ""
    parser = lxml.html.HTMLParser(remove_comments=True, no_network=True, huge_tree=True)
    root = lxml.html.document_fromstring(f"<html><body>{html}</body></html>", parser=parser)
    for element in list(root.iter(*_INVISIBLE)):
        element.drop_tree()
    hidden = root.xpath("//*[@hidden]") + [
        e for e in root.xpath("//*[@style]") if _HIDDEN_STYLE.search(e.get("style"))
    ]
    for element in list(hidden):
        if isinstance(element, etree._Element) and element.getparent() is not None:
            element.drop_tree()
    return str(root.text_content())


def visible_markdown_text(markdown: str) -> str:
    """The text a browser shows for a Markdown body rendered as CommonMark."""
    return visible_html_text(_MD.render(markdown))


def non_space(text: str) -> str:
    """Every character of `text` that is not whitespace."""
    return "".join(text.split())


def missing_from(expected: str, actual: str) -> str | None:
    """The first stretch of `expected` not found, in order, in `actual`; None if all are."""
    position = 0
    for index, char in enumerate(expected):
        found = actual.find(char, position)
        if found < 0:
            return expected[max(0, index - 20) : index + 20]
        position = found + 1
    return None
