"""HTML bodies → newsdoc blocks, with lxml.

`parse_html` parses the body with lxml's HTML parser (libxml2; comments kept,
no network, recover, ``huge_tree`` so text nodes over 10 MB are not emptied)
and walks the tree once (`newsdoc.parsers.html_walk`).  Plain ``etree``
elements are used (the parser of ``lxml.html`` minus its element classes, which
cost time and are not needed).

Blocks
    ``<p>`` Paragraph; ``<h1>``–``<h6>`` Heading; ``<ul>``/``<ol start=N>``
    List (``start`` None when it is 1; a nested list goes in the item after its
    paragraph; content directly in a list, outside ``<li>``, joins the last
    item; ``<li>`` outside a list is a wrapper); ``<blockquote>``; ``<pre>``
    (also ``xmp``/``listing``/``plaintext``) Code, value verbatim (``<br>`` a
    newline) minus one leading and one trailing newline, lang from a
    ``language-x``/``lang-x``/bare class on ``<pre>`` or its ``<code>``;
    ``<figure>`` holding one ``<img>`` and at most a ``<figcaption>`` Figure (a
    link around the image is dropped; any other figure is a wrapper and its
    caption a paragraph); ``<table>`` Table (see `html_tables`); ``<hr>``;
    ``<iframe>``/``<video>``/``<audio>``/``<embed>``/``<object>`` Embed (URL from
    ``src``, ``data``, the first ``<source src>``, ``<embed src>`` or
    ``<param name=movie>``; fallback content dropped; none without a URL);
    ``<dt>``, ``<dd>``, ``<address>`` paragraphs.  Empty paragraphs, lists and
    blockquotes are left out.
Inlines
    ``strong``/``b`` Strong; ``em``/``i``/``cite`` Emphasis; ``del``/``s``/``strike``
    Delete; ``code``/``kbd``/``samp``/``tt`` InlineCode (its text, whitespace
    collapsed, not trimmed; empty ones left out); ``<a href>`` Link with
    ``title`` (empty links left out), ``<a>`` without href unwrapped; ``<img
    src>`` Image (no src: dropped); ``<br>`` Break.  Every other inline element
    is unwrapped.  Formatting nests at most 32 deep, blockquotes and lists 64
    (deeper ones are unwrapped, ``Problem(code="depth")``).
Wrappers and block boundaries
    ``div``, ``section``, ``article``, ``header``, ``details``, ``noscript``,
    ``form``, ``dl``… are unwrapped: each start and end ends the paragraph
    being gathered.  A block inside an inline element (``<a><div>…</div></a>``)
    ends the paragraph too, and the formatting carries over into the next
    block (``<a href=x><h2>T</h2></a>`` is a heading holding a link).  In an
    embed, ``<p>`` or heading, an ``<iframe>`` or a ``<figure>`` splits it.
Loose content
    Text and inline elements outside any ``<p>`` are gathered into paragraphs;
    a blank line in their text ends one, so does a run of two or more
    ``<br>``, so a body of plain text gives one paragraph per blank-line chunk.
    Inside ``<p>``, headings and cells blank lines are just whitespace.
Dropped
    ``<style>``, ``<script>``, ``<template>``, ``<head>`` and what libxml2 moves
    there (a leading ``<title>`` too), ``<input>``, ``<meta>``, ``<link>``,
    comments, elements with a ``hidden`` attribute.
Markers
    ``<!--more-->``, ``<!-- more -->``, ``<!--more text-->`` (WordPress) and
    ``<!--break-->`` (Drupal): ``more`` is the number of top-level blocks
    before the first one; a loose or ``<p>`` paragraph at the top level is split
    there; a marker inside a blockquote, list or table counts that block as
    after it.
Whitespace
    As a browser shows it (see `html_inline`): collapsed across elements,
    trimmed at block edges and around breaks, U+00A0 and U+3000 kept, a
    newline run between two CJK characters removed.  Entities are decoded.
Text and URLs
    Template syntax (``{{site.baseurl}}``, ``{% … %}``, ``{{< … >}}``) and
    Markdown leftovers stay as text.  URLs are kept as written (entities
    decoded, nothing else), joined to ``base_url`` with `urllib.parse.urljoin`
    only when one is given.
Bad input
    NUL, the other C0 controls except tab/LF/CR, and lone surrogates are
    replaced with U+FFFD before parsing (``Problem(code="control-character")``
    with the line of the first).  Nesting deeper than libxml2 allows (it drops
    everything after the 2048th level) is flattened first (`html_depth`,
    ``Problem(code="depth")``).  Time is linear in the input size.
"""

from __future__ import annotations

import re
import threading

from lxml import etree

from newsdoc.errors import BodyError, Problem
from newsdoc.parsers.body import ParsedBody
from newsdoc.parsers.html_depth import flatten_deep, strip_tags
from newsdoc.parsers.html_walk import BlockWalker, Document, is_marker

__all__ = ["parse_html"]

_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
_C0_BYTES = bytes(set(range(32)) - {9, 10, 13})
_MORE_COMMENT = re.compile(r"<!--\s*(?:more(?:\s[^>]*)?|break)\s*-->")
_FLATTEN_TO = 512  # well under libxml2's 2048, leaving room for what its stack adds
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
    try:
        data = body.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates
        pass
    else:
        if len(data.translate(None, _C0_BYTES)) == len(data):
            return data
    match = _BAD_CHARS.search(body)
    assert match is not None
    line = body.count("\n", 0, match.start()) + 1
    body, count = _BAD_CHARS.subn("\ufffd", body)
    problems.append(
        Problem(
            code="control-character",
            message=f"{count} control character(s) or lone surrogate(s) replaced with U+FFFD",
            line=line,
        )
    )
    return body.encode("utf-8")


def _too_deep(parser: etree.HTMLParser, data: bytes) -> bool:
    """Whether libxml2 gave up on the nesting depth (and dropped the rest)."""
    if data.count(b"<") < _MANY_TAGS:
        return False
    error = parser.error_log.last_error
    return error is not None and error.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT


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


def parse_html(body: str, *, base_url: str | None = None) -> ParsedBody:
    """Parse an HTML body into blocks (the rules are in this module's docstring).

    Args:
        body: The body, without front matter.  Plain text and Markdown are read
            as HTML too (text between blank lines becomes paragraphs).
        base_url: Resolve link, image and embed URLs against this with
            `urllib.parse.urljoin`; None keeps them as written.

    Returns:
        The blocks, the ``<!--more-->`` position and the problems found.

    Raises:
        BodyError: libxml2 could not read the text at all (not seen in
            practice: the parser recovers from any markup).
    """
    problems: list[Problem] = []
    data = _utf8(body, problems)
    root = _parse(data, problems)
    if root is None:  # nothing but whitespace and comments
        more = 0 if _MORE_COMMENT.search(body) else None
        return ParsedBody(blocks=(), more=more, problems=tuple(problems))
    doc = Document(base_url=base_url)
    if any(is_marker(node) for node in root.itersiblings(preceding=True)):
        doc.more = 0
    BlockWalker(doc).walk(root)
    if any(is_marker(node) for node in root.itersiblings()):
        doc.more_here()
    problems.extend(doc.problems)
    return ParsedBody(blocks=tuple(doc.blocks), more=doc.more, problems=tuple(problems))
