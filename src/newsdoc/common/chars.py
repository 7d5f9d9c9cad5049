"""The character classes the readers and writers share, and the one U+FFFD replacement.

A *class* here is the inside of a regex character class (``"\\x00-\\x08…"``), so that a
module can build its own class from these pieces (``f"[{C0_CONTROLS}{SURROGATES}]"``).

What newsdoc never lets through into a model: a C0 control character other than tab, LF
and CR (`C0_CONTROLS`), and a lone surrogate (`SURROGATES`); they break lxml and JSON
consumers.  `replace_unsafe` makes each one U+FFFD; `has_unsafe` and `has_unsafe_bytes`
say at C speed whether there is anything to replace.
"""

from __future__ import annotations

import functools
import re

__all__ = [
    "C0_CONTROLS",
    "DEL_AND_C1",
    "NONCHARACTERS",
    "SURROGATES",
    "UNSAFE",
    "has_unsafe",
    "has_unsafe_bytes",
    "readable_name",
    "replace_unsafe",
    "unsafe_pattern",
]

C0_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f"
"The C0 control characters but tab, LF and CR (a class)."
DEL_AND_C1 = "\x7f-\x9f"
"DEL and the C1 control characters (a class)."
SURROGATES = "\ud800-\udfff"
"The surrogate code points; in a `str` they are always lone (a class)."
NONCHARACTERS = "\ufffe\uffff"
"The two noncharacters of the Basic Multilingual Plane that YAML refuses (a class)."
UNSAFE = f"[{C0_CONTROLS}{SURROGATES}]"
"What `replace_unsafe` replaces: a C0 control but tab, LF and CR, or a lone surrogate."

# Every byte but the C0 controls; tab, LF and CR stay.  In UTF-8 (and GB18030) a byte
# below 0x20 is always that C0 character.
_ALLOWED_BYTES = bytes(range(0x20, 0x100)) + b"\t\n\r"


@functools.cache
def unsafe_pattern() -> re.Pattern[str]:
    """`UNSAFE`, compiled on first use.

    Few posts hold a control character or a lone surrogate, and compiling the class costs
    about a millisecond at import.
    """
    return re.compile(UNSAFE)


def has_unsafe(text: str) -> bool:
    """Whether ``text`` holds a character of `UNSAFE`.

    A regex over the text costs ~10 ns a character; encoding to UTF-8 and deleting the
    allowed bytes runs at C speed, and a lone surrogate cannot be encoded at all.
    """
    try:
        return has_unsafe_bytes(text.encode("utf-8"))
    except UnicodeEncodeError:
        return True


def has_unsafe_bytes(data: bytes) -> bool:
    """Whether UTF-8 (or GB18030) ``data`` holds a C0 control other than tab, LF and CR."""
    return bool(data.translate(None, _ALLOWED_BYTES))


def replace_unsafe(text: str) -> tuple[str, int, int]:
    """``text`` with each character of `UNSAFE` replaced by U+FFFD.

    Returns:
        The text, the number of characters replaced, and the index of the first one
        (-1 when there was none).

    Examples:
        >>> replace_unsafe("a\\x00b\\ud800")
        ('a\\ufffdb\\ufffd', 2, 1)
    """
    pattern = unsafe_pattern()
    first = pattern.search(text)
    if first is None:
        return text, 0, -1
    replaced, count = pattern.subn("\ufffd", text)
    return replaced, count, first.start()


def readable_name(name: str) -> str:
    """A file name as valid Unicode text, with nothing of it lost.

    A name that is not valid UTF-8 reaches Python with each undecodable byte as a lone
    surrogate (U+DC80 to U+DCFF, `os.fsdecode`'s ``surrogateescape``), which no UTF-8 output
    can hold.  Each such byte is written ``\\xHH`` (two lowercase hex digits), exactly as
    ``os.fsencode(name).decode("utf-8", "backslashreplace")`` writes it; any other lone
    surrogate is written ``\\uXXXX``.  A name that is valid Unicode is returned unchanged.
    The bytes come back with
    ``re.sub(rb"\\\\x([0-9a-f]{2})", lambda m: bytes.fromhex(m[1].decode()), readable.encode())``.

    Examples:
        >>> readable_name("caf\\udce9.md")
        'caf\\\\xe9.md'
        >>> readable_name("café.md")
        'café.md'
    """
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return _surrogate_pattern().sub(_escape_surrogate, name)
    return name


@functools.cache
def _surrogate_pattern() -> re.Pattern[str]:
    return re.compile(f"[{SURROGATES}]")


def _escape_surrogate(match: re.Match[str]) -> str:
    code = ord(match[0])
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"
