"""How CommonMark renderers classify a character next to a delimiter run.

The flanking rules for ``*``, ``_`` and ``~`` look at the character on each
side of a delimiter run and ask: Unicode whitespace, Unicode punctuation, or
neither?  Renderers disagree on punctuation:

- markdown-it-py (and CommonMark 0.31.2) count the Unicode P *and* S
  categories, with the Unicode tables of the running Python;
- cmark-gfm counts only the P categories, from an older Unicode version.

They also disagree on whitespace: U+000B is whitespace to markdown-it-py and pulldown-cmark,
not to cmark-gfm; U+0085, U+2028 and U+2029 are whitespace to pulldown-cmark alone (Rust's
``char::is_whitespace``; every code point probed in ``a**Xb**``).
A character is therefore described by the *set* of classes it may have in some
renderer (`WS`, `PUNCT`, `OTHER` bits); the writer only relies on what holds in
every renderer.  "Surely punctuation" is ASCII punctuation or a character in a
P category both today and in Unicode 3.2 (checked against cmark-gfm 0.29.0.gfm:
a subset of what it counts, every code point probed).
"""

from __future__ import annotations

import unicodedata

__all__ = [
    "OTHER",
    "PUNCT",
    "WS",
    "char_classes",
    "char_ref",
    "encodable",
    "is_surely_other",
    "is_surely_ws",
]

WS = 1
"May be Unicode whitespace to some renderer."
PUNCT = 2
"May be Unicode punctuation to some renderer."
OTHER = 4
"May be neither to some renderer."

_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
# Zs plus tab, line feed, form feed, carriage return: the same set in both renderers.
_WS_ALL = frozenset(
    "\t\n\f\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000"
)
_WS_SOME = "\x0b\x85\u2028\u2029"
_OLD = unicodedata.ucd_3_2_0


def char_classes(char: str) -> int:
    """The classes ``char`` may have in some renderer: a mask of `WS`, `PUNCT`, `OTHER`."""
    if char in _WS_ALL:
        return WS
    if char in _WS_SOME:
        return WS | OTHER
    if char in _ASCII_PUNCT:
        return PUNCT
    category = unicodedata.category(char)[0]
    if category == "P" and _OLD.category(char)[0] == "P":
        return PUNCT
    return PUNCT | OTHER if category == "P" or category == "S" else OTHER


def is_surely_ws(char: str) -> bool:
    """Whether every renderer takes ``char`` for whitespace."""
    return char in _WS_ALL


def is_surely_other(char: str) -> bool:
    """Whether no renderer takes ``char`` for whitespace or punctuation."""
    return char_classes(char) == OTHER


def encodable(char: str) -> bool:
    """Whether a numeric character reference to ``char`` reads back as ``char``.

    markdown-it-py turns references to NUL, C0/C1 controls (other than tab,
    line feed, form feed and carriage return), surrogates and noncharacters
    into U+FFFD.
    """
    code = ord(char)
    if code < 0x20:
        return char in "\t\n\f\r"
    if 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF or 0xFDD0 <= code <= 0xFDEF:
        return False
    return (code & 0xFFFF) < 0xFFFE


def char_ref(char: str) -> str:
    """A character reference for ``char`` (``&#32;``, ``&nbsp;``, else ``&#xHEX;``)."""
    if char == " ":
        return "&#32;"
    if char == "\xa0":
        return "&nbsp;"
    return f"&#x{ord(char):X};"
