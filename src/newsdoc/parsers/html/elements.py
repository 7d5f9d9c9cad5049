"""What single HTML elements say: tag categories, verbatim text, code language, media URLs.

Everything here reads one lxml element (and at most its own small subtree)
and returns plain values; the block walker in `html_walk` decides what they
become.
"""

from __future__ import annotations

import re

from lxml import etree

__all__ = [
    "CATEGORY",
    "C_BR",
    "C_CODE",
    "C_DELETE",
    "C_EMBED",
    "C_EMPHASIS",
    "C_FIGURE",
    "C_HEADING",
    "C_HR",
    "C_IMAGE",
    "C_LEAF",
    "C_LI",
    "C_LINK",
    "C_LIST",
    "C_P",
    "C_PRE",
    "C_Q",
    "C_QUOTE",
    "C_SKIP",
    "C_STRONG",
    "C_TABLE",
    "C_TRANSPARENT",
    "C_WRAPPER",
    "EVENTS",
    "SKIPPED",
    "code_lang",
    "embed_url",
    "figure_parts",
    "hidden_by_style",
    "is_hidden",
    "task_state",
    "text_of",
]

EVENTS = ("start", "end", "comment", "pi")
"The `etree.iterwalk` events every walk asks for (comments carry tails)."

# Tag categories.  C_STRONG..C_LINK equal html_inline's frame kinds plus one.
C_TRANSPARENT = 0  # unwrapped inline element (span, font, u, unknown tags)
C_STRONG = 1
C_EMPHASIS = 2
C_DELETE = 3
C_LINK = 4
C_BR = 5
C_IMAGE = 6
C_CODE = 7  # inline code
C_SKIP = 8  # dropped with its content
C_WRAPPER = 9  # unwrapped block element: a block boundary
C_P = 10
C_LEAF = 11  # dt, dd, address, figcaption: paragraphs
C_HEADING = 12
C_LIST = 13
C_LI = 14
C_QUOTE = 15
C_PRE = 16
C_TABLE = 17
C_FIGURE = 18
C_HR = 19
C_EMBED = 20
C_Q = 21  # inline quotation: the marks a browser draws around it

SKIPPED = frozenset(
    {"style", "script", "template", "title", "input", "meta", "link", "base", "frame"}
    # Form controls' options: a browser shows a <datalist> never, a <select> as a widget.
    | {"datalist", "select"}
)
"Elements dropped with everything inside them."

CATEGORY: dict[str, int] = {
    **dict.fromkeys(("strong", "b"), C_STRONG),
    # var and dfn: italic in every browser's default style sheet, as cite is.
    **dict.fromkeys(("em", "i", "cite", "var", "dfn"), C_EMPHASIS),
    **dict.fromkeys(("del", "s", "strike"), C_DELETE),
    "a": C_LINK,
    "br": C_BR,
    **dict.fromkeys(("img", "image"), C_IMAGE),
    **dict.fromkeys(("code", "kbd", "samp", "tt"), C_CODE),
    **dict.fromkeys(SKIPPED, C_SKIP),
    **dict.fromkeys(
        (
            "html",
            "head",  # after a leading <style>, libxml2 moves unknown tags (figure…) here
            "body",
            "div",
            "section",
            "article",
            "main",
            "header",
            "footer",
            "aside",
            "nav",
            "center",
            "details",
            "summary",
            "noscript",
            "form",
            "fieldset",
            "legend",
            "hgroup",
            "dl",
            "search",
            "dialog",
            "textarea",
            "frameset",
            "optgroup",
            "option",
            # table parts outside a table
            "caption",
            "colgroup",
            "thead",
            "tbody",
            "tfoot",
            "tr",
            "td",
            "th",
        ),
        C_WRAPPER,
    ),
    "p": C_P,
    **dict.fromkeys(("dt", "dd", "address", "figcaption"), C_LEAF),
    **dict.fromkeys(("h1", "h2", "h3", "h4", "h5", "h6"), C_HEADING),
    **dict.fromkeys(("ul", "ol", "menu", "dir"), C_LIST),
    "li": C_LI,
    "blockquote": C_QUOTE,
    **dict.fromkeys(("pre", "listing", "xmp", "plaintext"), C_PRE),
    "table": C_TABLE,
    "figure": C_FIGURE,
    "hr": C_HR,
    **dict.fromkeys(("iframe", "video", "audio", "embed", "object"), C_EMBED),
    "q": C_Q,
}
"Tag name to category; a tag not listed is `C_TRANSPARENT`."


# The words that can hide: a style without any of them is not parsed.
_MAY_HIDE = re.compile(r"none|hidden|collapse", re.IGNORECASE)
_DECLARATION = re.compile(
    r"(display|visibility)\s*:\s*([a-z-]+)\s*(!\s*important)?\s*(?:;|\Z)", re.IGNORECASE
)


def hidden_by_style(style: str) -> bool:
    """Whether an inline ``style`` hides the element: ``display: none`` or ``visibility:
    hidden``/``collapse``, the last declaration of each winning (``!important`` first).

    A descendant that sets ``visibility: visible`` again would show in a browser; it is
    dropped with its ancestor here (no post seen does that).
    """
    if _MAY_HIDE.search(style) is None:
        return False
    found: dict[str, tuple[bool, str]] = {}
    for match in _DECLARATION.finditer(style):
        if match.start() and style[: match.start()].rstrip()[-1:] not in (";", ""):
            continue  # part of another declaration (a URL, "x-display: none")
        name, value, important = match[1].lower(), match[2].lower(), match[3] is not None
        if important or not found.get(name, (False, ""))[0]:
            found[name] = (important, value)
    return found.get("display", (False, ""))[1] == "none" or found.get("visibility", (False, ""))[
        1
    ] in ("hidden", "collapse")


def is_hidden(element: etree._Element) -> bool:
    """Whether the element carries the ``hidden`` attribute or an inline style hiding it."""
    if element.get("hidden") is not None:
        return True
    style = element.get("style")
    return style is not None and hidden_by_style(style)


def task_state(item: etree._Element) -> bool | None:
    """A GFM task item's state: whether the ``<input type="checkbox">`` that comes first in
    the ``<li>`` (or first in its first ``<p>``, as loose task lists render) is checked;
    None when the item starts otherwise."""
    node = item
    for _ in range(2):
        if not len(node) or (node.text or "").strip(_WHITESPACE):
            return None
        first = node[0]
        if first.tag == "input":
            if (first.get("type") or "").strip().lower() != "checkbox" or is_hidden(first):
                return None  # a hidden checkbox shows nothing: no task
            return first.get("checked") is not None
        if first.tag != "p":
            return None
        node = first
    return None


def text_of(element: etree._Element) -> str:
    """The element's text as written: ``<br>`` is a newline, comments and dropped elements
    add nothing.  Iterative, so any depth is fine.
    """
    if not len(element):
        return element.text or ""
    parts: list[str] = []
    walker = etree.iterwalk(element, events=EVENTS)
    for event, node in walker:
        if event == "start":
            tag = node.tag
            if tag in SKIPPED or is_hidden(node):
                walker.skip_subtree()
                continue
            if tag == "br":
                parts.append("\n")
            if node.text:
                parts.append(node.text)
        elif node is not element and node.tail:
            parts.append(node.tail)
    return "".join(parts)


_LANG_PREFIX = re.compile(r"(?:language|lang)-(\S+)")
_BARE_LANG = re.compile(r"[A-Za-z][\w+#.-]*")
_NOT_LANGS = frozenset(
    {
        "brush:",
        "chroma",
        "code",
        "codehilite",
        "highlight",
        "highlighter",
        "hljs",
        "line-numbers",
        "linenums",
        "literal-block",
        "nohighlight",
        "notranslate",
        "prettyprint",
        "sourcecode",
        "syntax",
        "wp-block-code",
        "wp-block-preformatted",
    }
)


def code_lang(pre: etree._Element) -> str | None:
    """The language of a ``<pre>`` block from its class or its ``<code>`` child's class.

    ``language-x`` and ``lang-x`` win; otherwise the first bare class word that is
    not a known highlighter class (``highlight``, ``prettyprint``, …).
    """
    classes: list[str] = []
    if len(pre) and pre[0].tag == "code":
        classes.extend((pre[0].get("class") or "").split())
    classes.extend((pre.get("class") or "").split())
    for word in classes:
        match = _LANG_PREFIX.fullmatch(word)
        if match:
            return match.group(1)
    for word in classes:
        word = word.rstrip(";")
        if word.lower() not in _NOT_LANGS and _BARE_LANG.fullmatch(word):
            return word
    return None


_PARAM_NAMES = frozenset({"movie", "src", "url", "filename"})


def embed_url(element: etree._Element) -> str | None:
    """The media URL of an embed: ``src``, ``data``, or the first ``<source src>``
    (``<embed src>``, ``<param name=movie value>`` for old ``<object>`` code)."""
    for name in ("src", "data"):
        value = element.get(name)
        if value:
            return value
    for node in element.iter("source", "embed", "param"):
        if node is element:
            continue
        if node.tag == "param":
            if (node.get("name") or "").lower() in _PARAM_NAMES and node.get("value"):
                return node.get("value")
        elif node.get("src"):
            return node.get("src")
    return None


_WHITESPACE = " \t\n\r"
_FIGURE_PARTS = frozenset({"a", "picture", "source", "p", "div", "span", "br"})


def figure_parts(
    figure: etree._Element,
) -> tuple[etree._Element, etree._Element | None] | None:
    """The ``<img>`` and ``<figcaption>`` of a figure that is just that, else None.

    A figure qualifies when it holds one image with a ``src``, at most one
    caption, and otherwise only wrappers (``a``, ``picture``, ``p``, ``div``…)
    and whitespace: anything else keeps the figure a plain wrapper.
    """
    image: etree._Element | None = None
    caption: etree._Element | None = None
    walker = etree.iterwalk(figure, events=EVENTS)
    for event, node in walker:
        if event == "start":
            tag = node.tag
            if node is figure:
                pass
            elif tag == "figcaption":
                if caption is not None:
                    return None
                caption = node
                walker.skip_subtree()
                continue
            elif tag == "img" or tag == "image":
                if image is not None or node.get("src") is None:
                    return None
                image = node
            elif tag in SKIPPED or is_hidden(node):
                walker.skip_subtree()
                continue
            elif tag not in _FIGURE_PARTS:
                return None
            if node.text and node.text.strip(_WHITESPACE):
                return None
        elif node is not figure and node.tail and node.tail.strip(_WHITESPACE):
            return None
    if image is None:
        return None
    return image, caption
