"""Events → HTML, as markdown-it-py's renderer writes the same document.

Raw HTML that `newsdoc.parsers.markdown.blocks` cannot place block by block is read
by the HTML parser from this rendering: a paragraph, heading, table or list item,
or the whole body.  It follows markdown-it's output where the HTML parser could
tell a difference: tight list items' text without ``<p>``, ``language-`` classes,
``text-align`` styles, alt text as plain text, a single ``~`` left as text, and
containers nested `MARKDOWN_NESTING` deep rendered empty (markdown-it drops what
lies deeper).
"""

from __future__ import annotations

import re
import unicodedata
from html import escape
from typing import Any

from newsdoc.limits import MARKDOWN_NESTING
from newsdoc.parsers.markdown.events import TRIM, Event, NeedRanges, container_end

__all__ = ["alt_text", "fence_lang", "fence_text", "link_url", "render", "single_tilde"]

_SPLIT = re.compile(f"[{re.escape(TRIM)}]+")
_SPANS = {"Emphasis": "em", "Strong": "strong", "Strikethrough": "s"}
_ALIGN = {"Left": "left", "Right": "right", "Center": "center"}
_CONTAINERS = frozenset({"BlockQuote", "List", "Item"})


def _esc(text: str) -> str:
    return escape(text, quote=True).replace("&#x27;", "'")


def fence_text(text: str) -> str:
    """A fenced block's content as markdown-it has it: a blank last line at the very end
    (an unclosed fence, no newline after it) is dropped."""
    if text.endswith("\n"):
        return text
    head, _, last = text.rpartition("\n")
    return text if last.strip(" \t") else head + "\n" if head else ""


def fence_lang(info: str) -> str | None:
    """The language of a fenced code block: the first word of its info string."""
    words = _SPLIT.split(info.strip(TRIM), maxsplit=1)
    return words[0] or None


def link_url(data: Any) -> str:
    """A link's destination as written (an e-mail autolink gains ``mailto:``)."""
    url: str = data["dest_url"]
    return "mailto:" + url if data["link_type"] == "Email" else url


def _is_space(char: str) -> bool:
    return not char or (char in TRIM and char not in "\u2028\u2029")


def _is_punct(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS"


def single_tilde(source: bytes, span: Any) -> str | None:
    """The tildes of a strikethrough if markdown-it reads them as text, else None.

    It strikes only ``~~`` pairs whose opener is left-flanking and closer
    right-flanking (CommonMark's rules for ``*``); pulldown-cmark strikes a single
    ``~`` pair too, and ignores punctuation beside the tildes.
    """
    if span is None:
        raise NeedRanges
    start, end = span["start"], span["end"]
    if source[start + 1 : start + 2] != b"~" or end - start < 4:
        return "~"
    before = source[max(0, start - 4) : start].decode("utf-8", "ignore")[-1:]
    after = source[start + 2 : start + 6].decode("utf-8", "ignore")[:1]
    if _is_space(after) or (_is_punct(after) and not (_is_space(before) or _is_punct(before))):
        return "~~"
    before = source[max(0, end - 6) : end - 2].decode("utf-8", "ignore")[-1:]
    after = source[end : end + 4].decode("utf-8", "ignore")[:1]
    if _is_space(before) or (_is_punct(before) and not (_is_space(after) or _is_punct(after))):
        return "~~"
    return None


def alt_text(events: list[Event], start: int, end: int) -> str:
    """The plain text of the events between an image's ``Start`` and its ``End``."""
    parts: list[str] = []
    for index in range(start + 1, end):
        event = events[index][0]
        if event.__class__ is str:
            if event != "Rule":
                parts.append("\n")
            continue
        text = event.get("Text")
        if text is None:
            text = event.get("Code") or event.get("InlineHtml")
        if text is not None:
            parts.append(text)
    return "".join(parts)


def render(
    events: list[Event], start: int, end: int, source: bytes, *, depth: int = 0
) -> tuple[str, Any]:
    """The HTML of ``events[start:end]``, and the range of the first container dropped.

    Args:
        events: The events.
        start: The first event to render.
        end: One past the last.
        source: The body's UTF-8 bytes, which the ranges index.
        depth: How many containers enclose the first event.
    """
    out: list[str] = []
    closing: list[str] = []
    dropped: Any = None
    table_body = loose_text = False
    aligns: tuple[str, ...] = ()
    cell = 0
    index = start
    while index < end:
        event, span = events[index]
        index += 1
        if event.__class__ is str:
            if event == "SoftBreak":
                out.append("\n")
            elif event == "HardBreak":
                out.append("<br />\n")
            else:
                out.append("\n<hr />\n" if loose_text else "<hr />\n")
                loose_text = False
            continue
        kind, value = next(iter(event.items()))
        if kind == "Text":
            if closing and closing[-1] == "":  # an HTML block's indentation
                out.append(value)
                continue
            out.append(_esc(value))
            loose_text = loose_text or not closing or closing[-1] == "</li>\n"
        elif kind == "Start":
            tag = value if value.__class__ is str else next(iter(value))
            if tag in _CONTAINERS and depth >= MARKDOWN_NESTING - 1:
                skip = container_end(events, index - 1)
                if dropped is None:
                    dropped = span
                opened, close = _container_tags(tag, value)
                out.append(opened.rstrip("\n") + close)
                index = skip + 1
                continue
            if tag in _SPANS:
                tildes = single_tilde(source, span) if tag == "Strikethrough" else None
                if tildes:
                    out.append(tildes)
                    closing.append(tildes)
                else:
                    name = _SPANS[tag]
                    out.append(f"<{name}>")
                    closing.append(f"</{name}>")
            elif tag == "Link":
                data = value["Link"]
                title = data["title"]
                attributes = f' title="{_esc(title)}"' if title else ""
                out.append(f'<a href="{_esc(link_url(data))}"{attributes}>')
                closing.append("</a>")
            elif tag == "Image":
                data = value["Image"]
                stop = container_end(events, index - 1)
                title = data["title"]
                attributes = f' title="{_esc(title)}"' if title else ""
                alt = _esc(alt_text(events, index - 1, stop))
                out.append(f'<img src="{_esc(link_url(data))}" alt="{alt}"{attributes} />')
                index = stop + 1
            elif loose_text:  # markdown-it ends a tight item's text before a block tag
                loose_text = False
                if tag not in ("CodeBlock", "HtmlBlock"):
                    out.append("\n")
                index -= 1
            elif tag == "Paragraph":
                out.append("<p>")
                closing.append("</p>\n")
            elif tag == "Heading":
                level = value["Heading"]["level"][1]
                out.append(f"<h{level}>")
                closing.append(f"</h{level}>\n")
            elif tag == "CodeBlock":
                stop = container_end(events, index - 1)
                code = "".join(events[i][0]["Text"] for i in range(index, stop))
                kind_of = value["CodeBlock"]
                lang = None
                if kind_of.__class__ is dict:
                    lang = fence_lang(kind_of["Fenced"])
                    code = fence_text(code)
                if lang is None and kind_of == "Indented" and not code.endswith("\n"):
                    code += "\n"  # markdown-it ends every indented block with a newline
                attributes = f' class="language-{_esc(lang)}"' if lang else ""
                out.append(f"<pre><code{attributes}>{_esc(code)}</code></pre>\n")
                index = stop + 1
            elif tag == "HtmlBlock":
                closing.append("")
            elif tag == "Table":
                aligns = value["Table"]
                table_body = False
                out.append("<table>\n")
                closing.append("</table>\n")
            elif tag == "TableHead":
                cell = 0
                out.append("<thead>\n<tr>\n")
                closing.append("</tr>\n</thead>\n")
            elif tag == "TableRow":
                cell = 0
                if not table_body:
                    table_body = True
                    out.append("<tbody>\n")
                out.append("<tr>\n")
                closing.append("</tr>\n")
            elif tag == "TableCell":
                name = "th" if closing[-1] == "</tr>\n</thead>\n" else "td"
                align = _ALIGN.get(aligns[cell]) if cell < len(aligns) else None
                cell += 1
                out.append(f'<{name} style="text-align:{align}">' if align else f"<{name}>")
                closing.append(f"</{name}>\n")
            else:
                opened, close = _container_tags(tag, value)
                depth += 1
                out.append(opened)
                closing.append(close)
        elif kind == "End":
            tag = value if value.__class__ is str else next(iter(value))
            close = closing.pop()
            if tag == "Table" and table_body:
                close = "</tbody>\n" + close
            elif tag in _CONTAINERS:
                depth -= 1
            out.append(close)
            loose_text = False
        elif kind == "TaskListMarker":  # GFM's rendering, which the HTML reader reads back
            out.append(
                '<input type="checkbox" disabled checked>'
                if value
                else '<input type="checkbox" disabled>'
            )
        elif kind == "Code":
            out.append(f"<code>{_esc(value)}</code>")
            loose_text = loose_text or not closing or closing[-1] == "</li>\n"
        else:  # Html, InlineHtml
            out.append(value)
            loose_text = loose_text or (kind == "InlineHtml" and closing[-1:] == ["</li>\n"])
    return "".join(out), dropped


def _container_tags(tag: str, value: Any) -> tuple[str, str]:
    if tag == "BlockQuote":
        return "<blockquote>\n", "</blockquote>\n"
    if tag == "Item":
        return "<li>", "</li>\n"
    start = value["List"]
    if start is None:
        return "<ul>\n", "</ul>\n"
    return (f'<ol start="{start}">\n' if start != 1 else "<ol>\n"), "</ol>\n"
