"""The shared rules of `newsdoc.common`: characters (`chars`)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsdoc.common import chars

# ---------------------------------------------------------------- chars


def _unsafe(character: str) -> bool:
    """The rule, spelt out: a C0 control but tab, LF and CR, or a surrogate."""
    code = ord(character)
    return (code < 0x20 and character not in "\t\n\r") or 0xD800 <= code <= 0xDFFF


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ("", 0, -1)),
        ("plain\ttext\r\n", ("plain\ttext\r\n", 0, -1)),
        ("a\x00b", ("a\ufffdb", 1, 1)),
        ("\x1f\x0b\x0c", ("\ufffd\ufffd\ufffd", 3, 0)),
        ("x\ud800y\udfff", ("x\ufffdy\ufffd", 2, 1)),
        ("\x7f\x85\ufeff", ("\x7f\x85\ufeff", 0, -1)),  # DEL, C1 and BOM are not C0
    ],
)
def test_replace_unsafe(text: str, expected: tuple[str, int, int]) -> None:
    assert chars.replace_unsafe(text) == expected
    assert chars.has_unsafe(text) == (expected[1] > 0)


@given(st.text(st.characters(max_codepoint=0xE000)))
def test_replace_unsafe_matches_the_rule(text: str) -> None:
    replaced, count, first = chars.replace_unsafe(text)
    assert replaced == "".join("\ufffd" if _unsafe(c) else c for c in text)
    assert count == sum(map(_unsafe, text))
    assert first == next((i for i, c in enumerate(text) if _unsafe(c)), -1)
    assert chars.has_unsafe(text) == (count > 0)


@given(st.text(st.characters(max_codepoint=0xFFFF, exclude_categories=["Cs"])))
def test_has_unsafe_bytes_matches_has_unsafe(text: str) -> None:
    assert chars.has_unsafe_bytes(text.encode("utf-8")) == chars.has_unsafe(text)
    assert chars.has_unsafe_bytes(text.encode("gb18030")) == chars.has_unsafe(text)


def test_classes_build_the_unsafe_class() -> None:
    assert f"[{chars.C0_CONTROLS}{chars.SURROGATES}]" == chars.UNSAFE
    assert chars.unsafe_pattern() is chars.unsafe_pattern()  # compiled once

