"""Every URL rule of newsdoc: scheme reading, blocking, the allowed schemes, base URLs.

Writers never emit a live ``javascript:``/``vbscript:``/``file:``/``data:`` URL into
Markdown (nor into the raw HTML a Markdown body holds): `block` puts `BLOCKED_PREFIX` in
front, which makes the URL a harmless same-page fragment while keeping the original
readable.  A URL that already starts with the prefix gets one more, as an escape.  The
Markdown reader takes one prefix off again (`unblock`, in `resolve`), and only where
`block` would have put it (before a blocked scheme or another prefix), so that a model
written out and read back is the same model (and is neutralised again whenever it is
written).  So ``#blocked:javascript:x`` in a Markdown post reads as what newsdoc writes it
for, ``javascript:x`` (a URL the model keeps as it keeps any other: every writer blocks it
again), while ``#blocked:b.html`` is a plain fragment and stays one.  newsdoc never writes
an HTML body, so the HTML reader keeps every URL of an HTML body as written, prefix and all.

The notebook HTML keeps a URL only when its scheme is allowed (`safe_url`, with
`LINK_SCHEMES` or `MEDIA_SCHEMES`), the scheme read as a browser reads it (`scheme`).

The readers join each URL to the ``base_url`` option, if given, with `resolve`.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

__all__ = [
    "BLOCKED_PREFIX",
    "BLOCKED_SCHEMES",
    "LINK_SCHEMES",
    "MEDIA_SCHEMES",
    "block",
    "resolve",
    "safe_url",
    "scheme",
    "unblock",
    "without_tabs_and_newlines",
]

BLOCKED_PREFIX = "#blocked:"
"""Put before a ``javascript:``, ``vbscript:``, ``file:`` or ``data:`` URL so that it
renders as a harmless same-page link; the original URL follows the prefix unchanged."""
BLOCKED_SCHEMES = frozenset({"javascript", "vbscript", "file", "data"})
"The schemes `block` blocks (a ``data:`` image of a common format excepted)."
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
"The schemes a link may point to in the notebook HTML (URLs without a scheme are allowed too)."
MEDIA_SCHEMES = frozenset({"http", "https"})
"The schemes an image may be loaded from in the notebook HTML (and URLs without a scheme)."

# ---------------------------------------------------------------- reading a scheme

# WHATWG URL parsing: strip leading C0 controls and spaces, drop every tab and newline, then
# a scheme is an ASCII letter followed by letters, digits, '+', '-' or '.' up to a ':'.
_LEADING = re.compile(r"[\x00-\x20]+")
_TAB_OR_NEWLINE = str.maketrans("", "", "\t\n\r")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_SCHEME_SCAN = 64
"How much of a URL's start is read for its scheme (a ``data:`` URL can be 300 KB long)."


def without_tabs_and_newlines(url: str) -> str:
    """``url`` without its tabs, LFs and CRs, which URL parsing removes wherever they are."""
    if "\n" in url or "\t" in url or "\r" in url:
        return url.translate(_TAB_OR_NEWLINE)
    return url


def scheme(url: str) -> str | None:
    """The scheme a browser reads in ``url``, in lower case; None if it reads none.

    Examples:
        >>> scheme(" JaVa\\tScript:alert(1)"), scheme("/a.png"), scheme("a/b?x=1:2")
        ('javascript', None, None)
    """
    head = url[:_SCHEME_SCAN]
    lead = _LEADING.match(head)
    if lead is not None:
        head = head[lead.end() :]
    match = _SCHEME.match(head.translate(_TAB_OR_NEWLINE))
    return None if match is None else match.group(1).lower()


def safe_url(url: str, schemes: frozenset[str]) -> bool:
    """Whether `url` may become an ``href`` or ``src``: its scheme is in `schemes`, or it has none.

    Args:
        url: The URL, as the article holds it.
        schemes: The schemes allowed, in lower case.

    Returns:
        True if a browser would read no scheme, or one in `schemes`.

    Examples:
        >>> safe_url(" JaVa\\tScript:alert(1)", LINK_SCHEMES), safe_url("/a.png", MEDIA_SCHEMES)
        (False, True)
    """
    found = scheme(url)
    return found is None or found in schemes


# ---------------------------------------------------------------- blocking

_BLOCKED_SCHEME = re.compile(rf"(?:{'|'.join(sorted(BLOCKED_SCHEMES))}):", re.IGNORECASE)
_IMAGE_DATA = re.compile(r"data:image/(?:gif|png|jpeg|webp);", re.IGNORECASE)
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]+")


def block(url: str, *, image: bool = False) -> str:
    """``url``, or `BLOCKED_PREFIX` + ``url`` if it would run code or embed a document, or
    already starts with `BLOCKED_PREFIX` (so that `unblock` gives it back whole).

    Blocked: ``javascript:``, ``vbscript:``, ``file:`` and ``data:`` (for images,
    ``data:image/gif|png|jpeg|webp;`` is allowed, as markdown-it and cmark-gfm
    allow it), compared as a browser does: case-insensitive, with ASCII
    whitespace and control characters ignored (anywhere, so that no Markdown reader
    can find one of these schemes where this rule saw none).

    Examples:
        >>> block("JAVA SCRIPT:x"), block("https://e.org/"), block("#blocked:b")
        ('#blocked:JAVA SCRIPT:x', 'https://e.org/', '#blocked:#blocked:b')
    """
    if url.startswith(BLOCKED_PREFIX):
        return BLOCKED_PREFIX + url
    colon = url.find(":")
    if colon < 0:
        return url
    head = url[:colon]
    if head.isalpha() and head.isascii() and head.lower() not in BLOCKED_SCHEMES:
        return url  # a plain scheme (``https``): nothing ignored in it, and not blocked
    probe = _IGNORED_IN_SCHEME.sub("", url)
    if _BLOCKED_SCHEME.match(probe) and not (image and _IMAGE_DATA.match(probe)):
        return BLOCKED_PREFIX + url
    return url


def unblock(url: str) -> str:
    """``url`` without the `BLOCKED_PREFIX` that `block` put before it, if it has one.

    The prefix is taken off only where `block` puts it, so that no URL is unblocked into
    one that `block` would leave live: ``#blocked:javascript:x`` gives ``javascript:x``
    (and is blocked again when written), ``#blocked:#blocked:x`` gives ``#blocked:x``, and
    ``#blocked:b.html`` is a plain fragment, kept as it is.

    Examples:
        >>> unblock("#blocked:javascript:x"), unblock("#blocked:b.html")
        ('javascript:x', '#blocked:b.html')
    """
    if not url.startswith(BLOCKED_PREFIX):
        return url
    rest = url[len(BLOCKED_PREFIX) :]
    return rest if block(rest) != rest else url


# ---------------------------------------------------------------- base URLs


def resolve(url: str, base_url: str | None, *, markdown: bool) -> tuple[str, str | None]:
    """The URL a reader records: `unblock`-ed in Markdown, joined to ``base_url`` when given.

    Joining is `urllib.parse.urljoin`'s.

    Args:
        url: The URL as the post writes it.
        base_url: The ``base_url`` option.
        markdown: Whether the URL is part of a Markdown body (raw HTML in one included),
            where `BLOCKED_PREFIX` is the escape `block` writes.

    Returns:
        The URL, and None, or, when urljoin cannot read the URL (an unbalanced IPv6
        bracket), the URL unjoined and the message of the ``url`` problem to report.

    Examples:
        >>> resolve("#blocked:javascript:x", None, markdown=True)
        ('javascript:x', None)
        >>> resolve("b.html", "https://e.org/a/", markdown=False)
        ('https://e.org/a/b.html', None)
    """
    if markdown:
        url = unblock(url)
    if base_url is None:
        return url, None
    try:
        return urljoin(base_url, url), None
    except ValueError:
        return url, f"cannot resolve {url[:80]!r}"
