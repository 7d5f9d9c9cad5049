"""What must hold for any input, shared by the hostile-input tests and the fuzzer.

- `parse_only_newsdoc_errors`: `newsdoc.parse` returns an `Article` or raises a newsdoc
  error; in strict mode only a `ParseError` subclass that says its line.
- `assert_outputs_sound`: the article's JSON is valid JSON without lone surrogates and
  reads back equal; its Markdown reads back equal; and the Markdown, rendered by two
  CommonMark renderers, holds no live markup (no ``<script>``, no event handler, no
  ``javascript:``/``vbscript:``/``file:``/non-image ``data:`` URL).

The Markdown round trip is exact for every model: newsdoc's Markdown reader nests
containers `newsdoc.limits.MARKDOWN_NESTING` (70) levels deep, above the
`newsdoc.limits.BLOCK_DEPTH` (64) a model read from HTML may hold.
"""

from __future__ import annotations

import json
import re
from typing import Any

import cmarkgfm
import lxml.html
from cmarkgfm.cmark import Options
from lxml import etree
from markdown_it import MarkdownIt

import newsdoc
from newsdoc.errors import NewsdocError, ParseError
from newsdoc.limits import Limits
from newsdoc.model import Article

ROUND_TRIP_LIMITS = Limits(
    max_input_bytes=1 << 30,
    max_body_markup=1 << 30,
    max_table_cells=1 << 30,
    max_front_matter_chars=1 << 30,
    max_front_matter_values=1 << 30,
)
"""Limits for reading back newsdoc's own output: escaping adds markup, so a body just
under a limit may come back just over it."""

_MARKDOWN_IT = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
_SURROGATE = re.compile("[\ud800-\udfff]")
_LIVE_URL = re.compile(r"(?:javascript|vbscript|file|data):", re.IGNORECASE)
_SAFE_DATA = re.compile(r"data:image/(?:gif|png|jpeg|webp);", re.IGNORECASE)
_URL_ATTRIBUTES = ("href", "src", "data", "action", "formaction", "poster", "srcset")
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")


def parse_only_newsdoc_errors(data: str | bytes, **options: Any) -> Article | None:
    """Parse; None if a newsdoc error was raised.  Any other exception propagates.

    In strict mode the error must be a `ParseError` with a line number.
    """
    error: NewsdocError | None = None
    try:
        return newsdoc.parse(data, **options)
    except NewsdocError as exc:
        error = exc
    if options.get("strict"):
        assert isinstance(error, ParseError), f"strict mode raised {error!r}"
        assert error.line is not None, f"no line in {error!r}"
    return None


def assert_json_round_trip(article: Article) -> None:
    """The JSON is valid, free of lone surrogates, and reads back equal."""
    text = newsdoc.to_json(article)
    json.loads(text)
    assert _SURROGATE.search(text) is None
    back = newsdoc.from_json(text)
    assert article == back
    assert article.problems == back.problems


def assert_markdown_round_trip(article: Article) -> str:
    """The Markdown reads back equal; returns the Markdown body."""
    text = newsdoc.to_markdown(article)
    back = newsdoc.parse(text, limits=ROUND_TRIP_LIMITS)
    assert article == back, "the Markdown reads back different"
    return newsdoc.to_markdown(article, front_matter=False)


def live_markup(markdown: str) -> list[str]:
    """What renders as live markup in `markdown`, by markdown-it-py and cmark-gfm."""
    found: list[str] = []
    rendered = [
        str(_MARKDOWN_IT.render(markdown)),
        cmarkgfm.markdown_to_html_with_extensions(
            markdown, options=Options.CMARK_OPT_UNSAFE, extensions=["table", "strikethrough"]
        ),
    ]
    for html in rendered:
        if not html.strip():
            continue
        root = lxml.html.fragment_fromstring(html, create_parent="div")
        for element in root.iter():
            if not isinstance(element.tag, str):  # comments, processing instructions
                continue
            if element.tag in ("script", "style", "base", "meta", "link", "form"):
                found.append(f"<{element.tag}>")
            for name, value in element.attrib.items():
                if name.lower().startswith("on"):
                    found.append(f"{element.tag} {name}=")
                elif name.lower() in _URL_ATTRIBUTES and _is_live_url(element, value):
                    found.append(f"{element.tag} {name}={value[:40]!r}")
    return found


def _is_live_url(element: etree._Element, value: str) -> bool:
    url = _IGNORED_IN_URL.sub("", value)
    if not _LIVE_URL.match(url):
        return False
    return not (element.tag == "img" and _SAFE_DATA.match(url))


def assert_outputs_sound(article: Article, *, markdown: bool = True) -> None:
    """JSON and Markdown round trips are exact; the Markdown holds no live markup.

    ``markdown=False`` checks the JSON only (for articles too large to read back quickly).
    """
    assert_json_round_trip(article)
    if not markdown:
        return
    body = assert_markdown_round_trip(article)
    nothing_live: list[str] = []
    assert nothing_live == live_markup(body)
