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

cmark-gfm is called through `cmark_gfm_html`, not cmarkgfm's own functions: those never free
the document tree nor the HTML string they get from C (about 26 KB a call for a small post
with extensions, 1 GB after 120,000 fuzzed inputs); `cmark_gfm_html` frees both.
"""

from __future__ import annotations

import ctypes
import json
import re
from typing import Any

import lxml.html
from cmarkgfm import _cmark  # type: ignore[import-untyped]
from cmarkgfm.cmark import Options  # type: ignore[import-untyped]
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


_LIB, _FFI = _cmark.lib, _cmark.ffi
# The cffi module declares neither cmark_node_free nor free: take them from the same shared
# object (already loaded, so dlopen gives the same copy of cmark) and from the C library that
# cmark's default allocator (calloc, realloc, free) uses.
_NODE_FREE = ctypes.CDLL(_cmark.__file__).cmark_node_free
_NODE_FREE.argtypes, _NODE_FREE.restype = [ctypes.c_void_p], None
_FREE = ctypes.CDLL(None).free
_FREE.argtypes, _FREE.restype = [ctypes.c_void_p], None
_CMARK_EXTENSIONS = ("table", "strikethrough")


def _address(pointer: Any) -> int:
    return int(_FFI.cast("uintptr_t", pointer))


def cmark_gfm_html(markdown: str, extensions: tuple[str, ...] = _CMARK_EXTENSIONS) -> str:
    """``markdown`` rendered by cmark-gfm (raw HTML kept, GFM tables and strikethrough on, or
    the ``extensions`` named), as cmarkgfm's ``markdown_to_html_with_extensions`` renders it,
    without its leaks."""
    _LIB.cmark_gfm_core_extensions_ensure_registered()
    options = Options.CMARK_OPT_UNSAFE
    parser = _LIB.cmark_parser_new(options)
    try:
        for name in extensions:
            extension = _LIB.cmark_find_syntax_extension(name.encode())
            assert extension != _FFI.NULL, name
            _LIB.cmark_parser_attach_syntax_extension(parser, extension)
        data = markdown.encode("utf-8")
        _LIB.cmark_parser_feed(parser, data, len(data))
        root = _LIB.cmark_parser_finish(parser)  # the caller's to free
        try:
            extensions = _LIB.cmark_parser_get_syntax_extensions(parser)
            raw = _LIB.cmark_render_html(root, options, extensions)
            try:
                html: str = _FFI.string(raw).decode("utf-8")
            finally:
                _FREE(_address(raw))
        finally:
            _NODE_FREE(_address(root))
    finally:
        _LIB.cmark_parser_free(parser)
    return html


def live_markup(markdown: str) -> list[str]:
    """What renders as live markup in `markdown`, by markdown-it-py and cmark-gfm."""
    found: list[str] = []
    rendered = [
        str(_MARKDOWN_IT.render(markdown)),
        cmark_gfm_html(markdown),
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
