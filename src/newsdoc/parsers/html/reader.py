"""HTML bodies → newsdoc blocks, with lxml.

`parse_html` hands the body to lxml's HTML parser (libxml2 2.14: UTF-8
bytes, comments kept, no network, recover, ``huge_tree`` so that text nodes
over 10 MB are not silently emptied; one parser per thread) and walks the tree
once (`html_blocks`, `html_walk`, `html_inline`, `html_tables`).  Plain
``etree`` elements are used: the element classes of ``lxml.html`` cost time
and are not needed.  Every inline sequence is in the canonical form of
`newsdoc.model.canonical.normalize` (``block=True``).

Blocks
    ``<p>`` Paragraph; ``<h1>``–``<h6>`` Heading; ``<ul>``/``<ol start=N>``
    List (``start`` None when it is 1 or not a number; a nested list goes in
    the item after its paragraph; content directly in a list, outside
    ``<li>``, joins the last item; ``<li>`` outside a list is a wrapper);
    ``<blockquote>``; ``<pre>`` (also ``xmp``/``listing``/``plaintext``) Code,
    verbatim (``<br>`` a newline) minus one leading and one trailing newline,
    lang from a ``language-x``/``lang-x``/bare class on the ``<code>`` child or
    the ``<pre>``; ``<figure>`` holding one ``<img>`` and at most one
    ``<figcaption>`` Figure (a link around the image is dropped; any other
    figure is a wrapper and its caption a paragraph); ``<table>`` Table (see
    `html_tables`); ``<hr>`` ThematicBreak; ``<iframe>``/``<video>``/
    ``<audio>``/``<embed>``/``<object>`` Embed (URL from ``src``, ``data``, the
    first ``<source src>``, ``<embed src>`` or ``<param name=movie>``; fallback
    content dropped; nothing without a URL; what libxml2 nests inside the void
    ``<embed>`` is read as following content); ``<dt>``, ``<dd>``,
    ``<address>`` paragraphs.  Empty paragraphs, lists and blockquotes are
    left out; empty list items are kept.
Inlines
    ``strong``/``b`` Strong; ``em``/``i``/``cite``/``var``/``dfn`` Emphasis;
    ``del``/``s``/``strike`` Delete; ``code``/``kbd``/``samp``/``tt``
    InlineCode (its text, whitespace collapsed, not trimmed; empty ones left
    out); ``<a href>`` Link with ``title`` (links with no content left out),
    ``<a>`` without href, or inside another link, unwrapped (links do not
    nest); ``<img src>`` Image with ``alt`` and
    ``title`` (no src: dropped); ``<br>`` Break.  Every other inline element
    (``span``, ``font``, ``sup``, ``u``, unknown tags…) is unwrapped; ``<q>`` with the
    quotation marks a browser draws (“…”, ‘…’ when nested).
    In a table cell or caption (which hold no block) an embed becomes a Link to its
    URL whose text is its accessible name, the ``title``, else the URL (whitespace
    collapsed, as text always is).
Wrappers and block boundaries
    ``div``, ``section``, ``article``, ``header``, ``details``, ``noscript``,
    ``form``, ``dl``… are unwrapped: their start and end end the paragraph
    being gathered.  A block inside an inline element (``<a><div>…</div></a>``)
    ends the paragraph too, and the formatting carries over into the next
    block (``<a href=x><h2>T</h2></a>`` is a heading holding a link).  Inside a
    ``<p>``, a nested block splits it; inside a heading, a paragraph or wrapper
    is a line of the same heading (``<h1>A <p>P</p> C</h1>`` is one heading of
    three lines, as a browser shows it; libxml2 would end the heading at the
    ``<p>``, so inside a closed heading ``<p>`` is read as ``<div>``), while a
    list, table, quote or code block splits it.
Loose content
    Text and inline elements outside any ``<p>`` (in the body, a wrapper, a
    list item, a blockquote) are gathered into paragraphs; a blank line in
    their text ends one, so does a run of two or more ``<br>``: a body of plain
    text gives one paragraph per blank-line chunk.  Inside ``<p>``, headings and
    cells a blank line is whitespace and ``<br><br>`` two breaks.
Dropped
    ``<style>``, ``<script>``, ``<template>``, ``<title>``, ``<input>``,
    ``<meta>``, ``<link>``, ``<datalist>``, ``<select>``, comments and processing
    instructions, elements with a ``hidden`` attribute or an inline style hiding them
    (`newsdoc.parsers.html.elements.hidden_by_style`).  Nothing else that has
    text: ``<head>`` is unwrapped, as libxml2 moves there what follows a leading
    ``<style>`` up to the first element it knows belongs in a body (an
    ``<article>``, a ``<figure>``…).
Markers
    ``<!--more-->``, ``<!-- more -->``, ``<!--more text-->`` (WordPress) and
    ``<!--break-->`` (Drupal): ``more`` is the number of top-level blocks
    before the first one; a paragraph open at the top level is split there; a
    marker inside a blockquote, list or table counts that block as after it.
Whitespace
    As a browser shows it (see `html_inline`): collapsed across elements,
    trimmed at block edges and around breaks, moved out of formatting and
    links, U+00A0 and U+3000 kept, a run with a newline between two CJK
    characters removed.  Entities are decoded.
Text and URLs
    Template syntax (``{{site.baseurl}}``, ``{% … %}``, ``{{< … >}}``) and
    Markdown leftovers stay as text.  URLs are kept as written (entities
    decoded, tabs and line breaks removed as URL parsing does, nothing else:
    a ``#blocked:`` prefix stays, but in the raw HTML of a Markdown body),
    joined to ``base_url`` with `urllib.parse.urljoin` only when one is given
    (``Problem(code="url")`` if that fails).
Bad input
    NUL, the other C0 controls except tab/LF/CR, and lone surrogates are
    replaced with U+FFFD before parsing (``Problem(code="control-character")``
    with the line of the first, counted from the body's first line); so are
    character references to them (``&#1;``, ``&#x1b``), which libxml2 would
    decode to the control character (the Markdown reader makes them U+FFFD
    too).  lxml reads no DTD, resolves no external entity and opens no file or
    URL: the parser gets bytes and has ``no_network`` set.  A tag keeps its first
    `newsdoc.limits.HTML_ATTRIBUTES` attributes (libxml2 takes time quadratic in
    their number; ``Problem(code="limit")``).  libxml2
    drops everything after the 2048th level of nesting: such input is
    flattened and parsed again (`html_depth`, ``Problem(code="depth")``).  In
    the output, formatting nests at most 32 deep and blockquotes and lists 64
    (deeper levels are unwrapped, ``Problem(code="depth")``).  Content after
    ``</html>`` is read.  Time is linear in the input size.
"""

from __future__ import annotations

import re
import threading

from lxml import etree

from newsdoc.common.chars import has_unsafe_bytes
from newsdoc.errors import BodyError, Problem
from newsdoc.limits import HTML_ATTRIBUTES, HTML_FLATTEN_DEPTH
from newsdoc.parsers.body import ParsedBody, replace_unsafe_characters
from newsdoc.parsers.html.blocks import BlockWalker
from newsdoc.parsers.html.depth import flatten_deep, strip_tags
from newsdoc.parsers.html.walk import Document

__all__ = ["parse_html"]

_MORE_COMMENT = re.compile(r"<!--\s*(?:more(?:\s[^>]*)?|break)\s*-->")
_FLATTEN_TO = HTML_FLATTEN_DEPTH  # well under libxml2's 2048, leaving room for what it adds
# A reference to a C0 control but tab, LF and CR, with or without its ";", as libxml2 reads it.
_CONTROL_REF = re.compile(
    r"&#(?:0*(?:[1-8]|1[124-9]|2[0-9]|3[01])(?![0-9])"
    r"|[xX]0*(?:[1-8bBcCeEfF]|1[0-9a-fA-F])(?![0-9a-fA-F]));?"
)
_REF = re.compile("&#")
_ATTRIBUTE = r"""[\s/]++[^\s"'>/=]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s>]++))?+"""
# A start tag with more attributes than kept: group 1 is the part kept.
_MANY_ATTRIBUTES = re.compile(
    rf"(<[A-Za-z][^\s/>]*+(?:{_ATTRIBUTE}){{{HTML_ATTRIBUTES}}})(?:{_ATTRIBUTE})++[^>]*+"
)
# libxml2 ends a heading at a <p> start tag; a browser (the HTML5 tree builder) nests the
# paragraph in the heading. Inside a closed heading, <p> is read as the <div> it then
# behaves as, so that the heading stays one heading of several lines.
_HEADING_START = re.compile(r"<h[1-6](?=[\s/>])[^<>]*+>", re.IGNORECASE)
_HEADING_TAG = re.compile(r"</?h[1-6][\s/>]", re.IGNORECASE)
_P_TAG = re.compile(r"<(/?)p(?=[\s/>])", re.IGNORECASE)
_P_END = re.compile(r"</p(?=[\s/>])", re.IGNORECASE)
_SMALL_BODY = 1 << 16  # below this, even one tag full of attributes costs little
_MANY_TAGS = 2000  # fewer "<" than this cannot nest 2048 deep
_local = threading.local()


def _parser() -> etree.HTMLParser:
    """One parser per thread: lxml parsers must not be shared between threads."""
    parser: etree.HTMLParser | None = getattr(_local, "parser", None)
    if parser is None:
        parser = etree.HTMLParser(
            encoding="utf-8",  # we hand over UTF-8 bytes; a <meta charset> cannot override it
            recover=True,
            no_network=True,
            remove_comments=False,
            remove_pis=False,
            huge_tree=True,
            collect_ids=False,
        )
        _local.parser = parser
    return parser


def _utf8(body: str, problems: list[Problem]) -> bytes:
    """The body as UTF-8, with what libxml2 refuses or mangles replaced by U+FFFD.

    Bytes are what libxml2 reads fastest; encoding and checking them with
    C-level calls is cheaper than one regex scan of the text.
    """
    if _REF.search(body) is not None:  # a regex finds "&#" faster than `in` does
        body = _replace_control_refs(body, problems)
    if len(body) > _SMALL_BODY:
        body = _drop_attributes(body, problems)
    try:
        data = body.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates
        pass
    else:
        if not has_unsafe_bytes(data):
            return data
    return replace_unsafe_characters(body, problems).encode("utf-8")


def _replace_control_refs(body: str, problems: list[Problem]) -> str:
    first = _CONTROL_REF.search(body)
    if first is None:
        return body
    body, count = _CONTROL_REF.subn("\ufffd", body)
    problems.append(
        Problem(
            code="control-character",
            message=f"{count} reference(s) to control characters replaced with U+FFFD",
            line=body.count("\n", 0, first.start()) + 1,
        )
    )
    return body


def _drop_attributes(body: str, problems: list[Problem]) -> str:
    first = _MANY_ATTRIBUTES.search(body)
    if first is None:
        return body
    problems.append(
        Problem(
            code="limit",
            message=f"a tag has more than {HTML_ATTRIBUTES} attributes: the rest are left out",
            line=body.count("\n", 0, first.start()) + 1,
        )
    )
    return _MANY_ATTRIBUTES.sub(r"\1", body)


def _paragraphs_in_headings(body: str) -> str:
    """The body with each ``<p>`` inside a closed heading written ``<div>``."""
    pieces: list[str] = []
    done = position = 0
    while (start := _HEADING_START.search(body, position)) is not None:
        end = _HEADING_TAG.search(body, start.end())
        if end is None:
            break
        inside = body[start.end() : end.start()]
        if end[0][1] == "/" and _P_TAG.search(inside) is not None:
            closed = len(_P_END.findall(inside))
            inside, count = _P_TAG.subn(r"<\1div", inside)
            # The heading's end tag closes a paragraph left open.
            pieces += (body[done : start.end()], inside, "</div>" * max(count - 2 * closed, 0))
            done = end.start()
        position = end.start()
    if not pieces:
        return body
    pieces.append(body[done:])
    return "".join(pieces)


def _too_deep(parser: etree.HTMLParser, data: bytes) -> bool:
    """Whether libxml2 gave up on the nesting depth (and dropped the rest)."""
    error = parser.error_log.last_error  # cheaper than counting: first
    if error is None or error.type != etree.ErrorTypes.ERR_RESOURCE_LIMIT:
        return False
    return data.count(b"<") >= _MANY_TAGS


def _parse(data: bytes, problems: list[Problem]) -> etree._Element | None:
    parser = _parser()
    try:
        root: etree._Element | None = etree.fromstring(data, parser)
        if _too_deep(parser, data):
            problems.append(
                Problem(code="depth", message="HTML nested too deep for libxml2 was flattened")
            )
            text = data.decode("utf-8")
            root = etree.fromstring(flatten_deep(text, _FLATTEN_TO).encode("utf-8"), parser)
            if _too_deep(parser, data):
                root = etree.fromstring(strip_tags(text).encode("utf-8"), parser)
    except (etree.LxmlError, ValueError) as exc:
        raise BodyError(f"HTML cannot be parsed: {exc}", code="html") from exc
    return root


def parse_html(body: str, *, base_url: str | None = None, in_markdown: bool = False) -> ParsedBody:
    """Parse an HTML body into blocks (the rules are in this module's docstring).

    Args:
        body: The body, without front matter.  Plain text and Markdown are read
            as HTML too (text between blank lines becomes paragraphs).
        base_url: Resolve link, image and embed URLs against this with
            `urllib.parse.urljoin`; None keeps them as written.
        in_markdown: The HTML is part of a Markdown body, so a ``#blocked:`` prefix
            is the one `newsdoc.to_markdown` writes, and is taken off
            (`newsdoc.common.urls.unblock`).

    Returns:
        The blocks, the ``<!--more-->`` position and the problems found.

    Raises:
        BodyError: libxml2 could not read the text at all (not seen in
            practice: the parser recovers from any markup).
    """
    problems: list[Problem] = []
    if _HEADING_TAG.search(body) is not None:
        body = _paragraphs_in_headings(body)
    data = _utf8(body, problems)
    root = _parse(data, problems)
    if root is None:  # nothing but whitespace and comments
        more = 0 if _MORE_COMMENT.search(body) else None
        return ParsedBody(blocks=(), more=more, problems=tuple(problems))
    doc = Document(base_url=base_url, in_markdown=in_markdown)
    BlockWalker(doc).walk(root)
    problems.extend(doc.problems)
    return ParsedBody(blocks=tuple(doc.blocks), more=doc.more, problems=tuple(problems))
