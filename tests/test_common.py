"""The shared rules of `newsdoc.common`: characters (`chars`) and URLs (`urls`)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsdoc.common import chars, urls

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


# ---------------------------------------------------------------- urls


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://e.org/", "https"),
        ("HTTP://e.org/", "http"),
        (" \x00\x1fjava\tscr\nipt:alert(1)", "javascript"),  # as a browser reads it
        ("svn+ssh://h/p", "svn+ssh"),
        ("/a.png", None),
        ("//cdn.e.org/a.png", None),
        ("a/b.png?x=1:2", None),
        ("#top", None),
        ("", None),
        ("1a:b", None),  # a scheme starts with a letter
        ("\u00a0javascript:x", None),  # no-break space is not stripped
        ("java script:x", None),
        ("x" * 64 + ":y", None),  # past the part read for a scheme
    ],
)
def test_scheme(url: str, expected: str | None) -> None:
    assert urls.scheme(url) == expected


@pytest.mark.parametrize(
    ("url", "schemes", "expected"),
    [
        ("https://e.org/a", urls.LINK_SCHEMES, True),
        ("mailto:a@e.org", urls.LINK_SCHEMES, True),
        ("mailto:a@e.org", urls.MEDIA_SCHEMES, False),
        ("data:image/png;base64,AAAA", urls.MEDIA_SCHEMES, False),
        ("JaVaScRiPt:x", urls.LINK_SCHEMES, False),
        ("/relative", urls.MEDIA_SCHEMES, True),
    ],
)
def test_safe_url(url: str, schemes: frozenset[str], expected: bool) -> None:
    assert urls.safe_url(url, schemes) == expected


@pytest.mark.parametrize(
    ("url", "image", "blocked"),
    [
        ("javascript:alert(1)", False, True),
        ("JAVA SCRIPT:x", False, True),  # whitespace and controls ignored anywhere
        ("\x00vbscript:x", False, True),
        ("file:///etc/passwd", False, True),
        ("data:text/html,x", False, True),
        ("data:image/png;base64,AAAA", False, True),
        ("data:image/png;base64,AAAA", True, False),
        ("data:image/svg+xml,<svg/>", True, True),
        ("https://e.org/", False, False),
        ("mailto:a@e.org", False, False),
        ("/a:b", False, False),
        ("no-colon", False, False),
        ("#blocked:javascript:x", False, True),  # already prefixed: one more, as an escape
        ("#blocked:b.html", False, True),
        ("#blocked:#blocked:javascript:x", True, True),
    ],
)
def test_block_and_unblock(url: str, image: bool, blocked: bool) -> None:
    written = urls.block(url, image=image)
    assert written == (urls.BLOCKED_PREFIX + url if blocked else url)
    assert urls.unblock(written) == url


def test_blocked_urls_have_no_scheme() -> None:
    """A blocked URL reads as a same-page fragment, which every allow-list lets through."""
    written = urls.block("javascript:alert(1)")
    assert urls.scheme(written) is None
    assert urls.unblock("#top") == "#top"


@pytest.mark.parametrize(
    "url", ["#blocked:b.html", "#blocked:", "#blocked:https://e.org/", "#blocked:/a:b", "#top"]
)
def test_unblock_keeps_a_prefix_block_would_not_have_put(url: str) -> None:
    """Only a prefix before a blocked scheme (or another prefix) is taken off: the rest are
    fragments as written."""
    assert url == urls.unblock(url)


@given(st.text())
def test_no_url_is_unblocked_into_a_live_one(url: str) -> None:
    """Whatever a post holds, unblocking gives a URL `block` blocks again, or the URL itself."""
    unblocked = urls.unblock(url)
    assert unblocked == url or urls.block(unblocked) == url


@given(st.text())
def test_block_is_undone_by_unblock(url: str) -> None:
    assert urls.unblock(urls.block(url)) == url
    assert urls.unblock(urls.block(url, image=True)) == url


@pytest.mark.parametrize(
    ("url", "base", "expected"),
    [
        ("b.html", None, ("b.html", None)),
        ("b.html", "https://e.org/a/", ("https://e.org/a/b.html", None)),
        ("/c", "https://e.org/a/", ("https://e.org/c", None)),
        ("#blocked:javascript:x", None, ("javascript:x", None)),
        ("#blocked:b.html", "https://e.org/a/", ("https://e.org/a/#blocked:b.html", None)),
        ("#blocked:#blocked:javascript:x", None, ("#blocked:javascript:x", None)),
        ("http://[::1/x", "https://e.org/", ("http://[::1/x", "cannot resolve 'http://[::1/x'")),
    ],
)
def test_resolve(url: str, base: str | None, expected: tuple[str, str | None]) -> None:
    assert urls.resolve(url, base, markdown=True) == expected


def test_resolve_keeps_the_prefix_outside_markdown() -> None:
    """An HTML body's ``#blocked:`` URL is the post's own: kept as written."""
    url = "#blocked:javascript:x"
    assert (url, None) == urls.resolve(url, None, markdown=False)


def test_without_tabs_and_newlines() -> None:
    assert urls.without_tabs_and_newlines("a\tb\nc\rd e") == "abcd e"
    plain = "https://e.org/"
    assert urls.without_tabs_and_newlines(plain) is plain
