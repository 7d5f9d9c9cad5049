"""decode: one codec decision, ``\\n`` line endings, no C0 controls or lone surrogates."""

from __future__ import annotations

import codecs
from typing import Any

import pytest

from newsdoc.errors import EncodingError
from newsdoc.parsers.decode import decode

CASES = [
    # (input, keyword arguments, expected text, expected [(code, line, column)])
    pytest.param(b"plain\n", {}, "plain\n", [], id="utf8"),
    pytest.param("中文\n".encode(), {}, "中文\n", [], id="utf8-cjk"),
    pytest.param(b"", {}, "", [], id="empty-bytes"),
    pytest.param("", {}, "", [], id="empty-str"),
    pytest.param(codecs.BOM_UTF8 + b"a\r\nb", {}, "a\nb", [], id="utf8-bom-crlf"),
    pytest.param("\ufeffa\r\nb".encode("utf-16-le"), {}, "a\nb", [], id="utf16-le-bom"),
    pytest.param("\ufeffa\nb".encode("utf-16-be"), {}, "a\nb", [], id="utf16-be-bom"),
    pytest.param("\ufeffa\u00e9".encode("utf-32-le"), {}, "a\u00e9", [], id="utf32-le-bom"),
    pytest.param("\ufeffa".encode("utf-32-be"), {}, "a", [], id="utf32-be-bom"),
    pytest.param(b"a\rb\rc", {}, "a\nb\nc", [], id="lone-cr"),
    pytest.param(b"a\r\n\rb\n\r\nc", {}, "a\n\nb\n\nc", [], id="mixed-endings"),
    pytest.param(b"a\r\r\nb", {}, "a\n\nb", [], id="cr-then-crlf"),
    pytest.param("\ufeffstr\r\n", {}, "str\n", [], id="str-bom-crlf"),
    pytest.param("tab\tkept\n", {}, "tab\tkept\n", [], id="tab-kept"),
    pytest.param(
        "河南安阳".encode("gb18030"), {}, "河南安阳", [("encoding", None, None)], id="gb18030"
    ),
    pytest.param(
        "caf\u00e9".encode("latin-1"), {"encoding": "latin-1"}, "caf\u00e9", [], id="named-encoding"
    ),
    pytest.param(
        codecs.BOM_UTF8 + b"x", {"encoding": "utf-8"}, "x", [], id="named-encoding-bom-removed"
    ),
    pytest.param(
        b"ok\ncaf\xe9 x\xff",
        {},
        "ok\ncaf\ufffd x\ufffd",
        [("encoding", 2, 4)],
        id="invalid-utf8-replaced",
    ),
    pytest.param(
        codecs.BOM_UTF8 + b"\xd6\xd0",
        {},
        "\ufffd\ufffd",
        [("encoding", 1, 1)],
        id="bom-decides-no-gb18030",
    ),
    pytest.param(
        "ab\ud800c\n\udfff", {}, "ab\ufffdc\n\ufffd", [("encoding", 1, 3)], id="lone-surrogates"
    ),
    pytest.param(
        b"a\x01b\nc\x1bd\x0c",
        {},
        "a\ufffdb\nc\ufffdd\ufffd",
        [("control-character", 1, 2)],
        id="soh-esc-form-feed",
    ),
    pytest.param(
        "a\x00b\nc\x1bd\x0c",
        {},
        "a\ufffdb\nc\ufffdd\ufffd",
        [("control-character", 1, 2)],
        id="nul-in-text",
    ),
    pytest.param(
        b"a\x00b",
        {"encoding": "utf-8"},
        "a\ufffdb",
        [("control-character", 1, 2)],
        id="nul-named-codec",
    ),
    pytest.param(
        "x\r\n\x01".encode("utf-16"), {}, "x\n\ufffd", [("control-character", 2, 1)], id="utf16-c0"
    ),
    pytest.param("x\x7f\x85", {}, "x\x7f\x85", [], id="del-and-c1-kept"),
]


@pytest.mark.parametrize(("data", "kwargs", "text", "problems"), CASES)
def test_decode(
    data: bytes | str,
    kwargs: dict[str, Any],
    text: str,
    problems: list[tuple[str, int | None, int | None]],
) -> None:
    """Each input decodes to the expected text with the expected problems."""
    actual, found = decode(data, **kwargs)
    assert (text, problems) == (actual, [(p.code, p.line, p.column) for p in found])


def test_line_count_is_kept() -> None:
    """Every CRLF and every lone CR counts as one line."""
    text, _ = decode(b"1\r\n2\r3\n4\r\n\r5")
    expected = ["1", "2", "3", "4", "", "5"]
    assert expected == text.split("\n")


def test_problem_messages() -> None:
    """Problems say what was replaced, how often, and carry the source."""
    _, problems = decode(b"\x01\x02 \xff", source="post.md")
    expected = [
        "post.md:1:4: encoding: bytes that are not valid utf-8 (first at byte 3)"
        " replaced by U+FFFD",
        "post.md:1:1: control-character: 2 control characters replaced by U+FFFD (first: U+0001)",
    ]
    assert expected == [str(p) for p in problems]


def test_gb18030_problem_says_so() -> None:
    """A GB18030 guess is reported in words."""
    _, problems = decode("标题".encode("gb18030"))
    expected = ["the bytes are not UTF-8; decoded as GB18030"]
    assert expected == [p.message for p in problems]


def test_strict_raises_on_invalid_bytes() -> None:
    """Strict mode raises an EncodingError saying where the first bad byte is."""
    with pytest.raises(EncodingError) as caught:
        decode(b"ok\nab\xff", source="post.md", strict=True)
    expected = "post.md:2:3: bytes that are not valid utf-8 (first at byte 5)"
    assert expected == str(caught.value)


def test_strict_accepts_gb18030() -> None:
    """Strict mode still reads valid GB18030, with its problem."""
    text, problems = decode("标题".encode("gb18030"), strict=True)
    expected = ("标题", ["encoding"])
    assert expected == (text, [p.code for p in problems])


def test_strict_raises_on_invalid_named_encoding() -> None:
    """Strict mode raises when the named codec cannot decode the bytes."""
    with pytest.raises(EncodingError, match="not valid ascii"):
        decode(b"\xe9", encoding="ascii", strict=True)


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize("encoding", ["no-such-codec", "base64"])
def test_unknown_encoding_raises(encoding: str, strict: bool) -> None:
    """An encoding that names no text codec raises EncodingError in both modes."""
    with pytest.raises(EncodingError, match="cannot decode with"):
        decode(b"x", encoding=encoding, strict=strict)


def test_clean_text_is_returned_as_is() -> None:
    """Clean LF text without a BOM comes back as the very same object."""
    text = "---\ntitle: x\n---\nbody\n" * 100
    assert text is decode(text)[0]
