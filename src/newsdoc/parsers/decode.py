"""Bytes or text in, clean text out: one codec decision, ``\\n`` line endings, no C0 controls.

What `decode` guarantees about the text it returns:

- no byte-order mark at the start;
- every line ending is ``\\n`` (CRLF and a lone CR each count as one line, so line
  numbers stay those of the input);
- no lone surrogate and no C0 control character other than tab and newline
  (they break lxml and JSON consumers): each is replaced by U+FFFD and reported.

How bytes are decoded: with ``encoding`` if given; else with the codec a BOM names
(UTF-8, UTF-16 or UTF-32, little or big endian); else as UTF-8; else, if the bytes
are valid GB18030 (common in Chinese posts), as GB18030 with a ``Problem``; else as
UTF-8 with U+FFFD for each bad byte (lenient) or an `EncodingError` (strict).

Bytes that are not text are refused in both modes, with an `EncodingError` of code ``binary``:
without an ``encoding`` or a BOM, a NUL byte in the first 8,000 bytes says binary (the rule git
uses) unless those bytes are valid UTF-8 and less than 1/8 NUL (a stray NUL in a post is
replaced and reported like any control character).  A PNG, JPEG, ZIP or PDF nearly always
holds NUL and bytes that are not UTF-8, and UTF-16 without a BOM is a third or more NUL:
naming its ``encoding`` reads it.
"""

from __future__ import annotations

import codecs
import functools
import re

from newsdoc.common.chars import (
    C0_CONTROLS,
    SURROGATES,
    has_unsafe,
    has_unsafe_bytes,
    replace_unsafe,
    unsafe_pattern,
)
from newsdoc.errors import EncodingError, Problem

__all__ = ["decode"]

_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BOM_LEADS = frozenset(bom[0] for bom, _ in _BOMS)

_BINARY_SAMPLE = 8000
_MOST_NUL = 8  # a sample more than 1/8 NUL is not text, even if valid UTF-8
"The bytes looked at for a NUL (as git does) to tell a binary file."

_CONTROL = f"[{C0_CONTROLS}]"
_SURROGATE = f"[{SURROGATES}]"


@functools.cache
def _pattern(characters: str) -> re.Pattern[str]:
    # Compiled on first use: few posts hold a control character or a lone surrogate, and
    # compiling these classes costs about a millisecond at import.
    return re.compile(characters)


def decode(
    data: bytes | str,
    *,
    encoding: str | None = None,
    source: str | None = None,
    strict: bool = False,
) -> tuple[str, tuple[Problem, ...]]:
    """Decode a post and normalize its line endings and control characters.

    Args:
        data: the raw bytes of a file, or text already decoded.
        encoding: the codec of ``data`` when it is bytes, if known (a BOM is still removed).
        source: a name for the input, used in problems and errors.
        strict: raise instead of replacing bytes that cannot be decoded.

    Returns:
        The text (see the module docstring) and what was found on the way:
        ``encoding`` problems (GB18030 guessed, bytes or surrogates replaced) and
        ``control-character`` problems, each with the line of the first occurrence.

    Raises:
        EncodingError: ``encoding`` names no codec, or the bytes are not text (code
            ``binary``; see the module docstring), in both modes; in strict mode, bytes
            that are not valid in the chosen codec (and not GB18030 either when no
            codec was named).
    """
    problems: list[Problem] = []
    if isinstance(data, str):
        text = data
        suspect = has_unsafe(text)
    else:
        text, suspect = _decode_bytes(bytes(data), encoding, source, strict, problems)
    if text[:1] == "\ufeff":
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if suspect:
        unsafe = unsafe_pattern().search(text)
        if unsafe is not None:
            text = _replace_unsafe(text, unsafe.start(), source, problems)
    return text, tuple(problems)


def _decode_bytes(
    data: bytes, encoding: str | None, source: str | None, strict: bool, problems: list[Problem]
) -> tuple[str, bool]:
    """The text and whether it may hold a C0 control character or a lone surrogate."""
    codec = encoding
    start = 0
    if codec is None and data[:1] and data[0] in _BOM_LEADS:
        for bom, name in _BOMS:
            if data.startswith(bom):
                codec, start = name, len(bom)
                break
    if codec is None:
        _refuse_binary(data, source)
    if codec is not None:
        text = _decode_with(data, start, codec, source, strict, problems)
        if codec == "utf-8":
            return text, has_unsafe_bytes(data)
        return text, has_unsafe(text)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            text = _replace_bad_bytes(data, 0, "utf-8", utf8_error, source, strict, problems)
            return text, has_unsafe_bytes(data)
        problems.append(
            Problem(
                code="encoding",
                message="the bytes are not UTF-8; decoded as GB18030",
                source=source,
            )
        )
    return text, has_unsafe_bytes(data)


def _refuse_binary(data: bytes, source: str | None) -> None:
    at = data.find(b"\x00", 0, _BINARY_SAMPLE)
    if at < 0 or _reads_as_text(data[:_BINARY_SAMPLE]):
        return
    before = data[:at].decode("utf-8", "replace")
    raise EncodingError(
        f"not text: a NUL byte at byte {at} (a binary file? an encoding given reads it as text)",
        source=source,
        line=before.count("\n") + 1,
        column=len(before) - before.rfind("\n"),
        code="binary",
    )


def _reads_as_text(sample: bytes) -> bool:
    """Whether a sample holding NUL is still text: valid UTF-8, NUL a small share of it."""
    if sample.count(b"\x00") * _MOST_NUL > len(sample):
        return False  # UTF-16 without a BOM, or a file of zeros
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _decode_with(
    data: bytes, start: int, codec: str, source: str | None, strict: bool, problems: list[Problem]
) -> str:
    try:
        return data[start:].decode(codec)
    except UnicodeDecodeError as exc:
        return _replace_bad_bytes(data, start, codec, exc, source, strict, problems)
    except (LookupError, UnicodeError) as exc:  # no such codec, "base64", idna's own errors
        raise EncodingError(
            f"cannot decode with {codec!r}: {exc}", source=source, line=1, code="encoding"
        ) from exc


def _replace_bad_bytes(
    data: bytes,
    start: int,
    codec: str,
    error: UnicodeDecodeError,
    source: str | None,
    strict: bool,
    problems: list[Problem],
) -> str:
    before = data[start : start + error.start].decode(codec, "replace")
    line = before.count("\n") + 1
    column = len(before) - before.rfind("\n")
    message = f"bytes that are not valid {codec} (first at byte {start + error.start})"
    if strict:
        raise EncodingError(
            message, source=source, line=line, column=column, code="encoding"
        ) from error
    text = data[start:].decode(codec, "replace")
    problems.append(
        Problem(
            code="encoding",
            message=f"{message} replaced by U+FFFD",
            source=source,
            line=line,
            column=column,
        )
    )
    return text


def _replace_unsafe(text: str, first: int, source: str | None, problems: list[Problem]) -> str:
    for characters, code, what in (
        (_SURROGATE, "encoding", "lone surrogate"),
        (_CONTROL, "control-character", "control character"),
    ):
        pattern = _pattern(characters)
        found = pattern.findall(text, first)
        if not found:
            continue
        position = pattern.search(text, first)
        assert position is not None
        at = position.start()
        line_start = text.rfind("\n", 0, at) + 1
        count = f"{len(found)} {what}s" if len(found) > 1 else f"a {what}"
        problems.append(
            Problem(
                code=code,
                message=f"{count} replaced by U+FFFD (first: U+{ord(found[0]):04X})",
                source=source,
                line=text.count("\n", 0, at) + 1,
                column=at - line_start + 1,
            )
        )
    return replace_unsafe(text)[0]
