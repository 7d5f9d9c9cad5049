"""The catalogue of hostile inputs, each with what `newsdoc.parse` must make of it.

Inputs are built by code, not stored: several are megabytes of one repeated pattern.
Each `Case` says how to call `newsdoc.parse` and what must come out: an article whose
problem codes are exactly ``problems`` (and that passes ``check``), or the newsdoc error
``error`` with code ``code``.  ``budget`` (CPU seconds) is set only where a hang or
super-linear time is what the case rules out; it is about ten times the time measured
on the development machine (see ``docs/limits.md``).

Builders take a scratch folder (the XXE cases write a local file there to prove that
lxml never reads it).
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs

from newsdoc.errors import (
    BodyError,
    EncodingError,
    FrontMatterError,
    InputTooLargeError,
    NewsdocError,
)
from newsdoc.limits import Limits
from newsdoc.model import Article, Paragraph

Builder = Callable[[Path], "str | bytes"]
Check = Callable[[Article, Path], None]

SECRET = "NEWSDOC-SECRET-7f3a9c"
"What the local file behind the external-entity cases holds; it must never show up."


@attrs.frozen(kw_only=True)
class Case:
    """One hostile input and its expected outcome."""

    id: str
    make: Builder
    problems: frozenset[str] = frozenset()
    "The exact set of problem codes of the article (when no error is expected)."
    error: type[NewsdocError] | None = None
    "The error `parse` must raise, if any."
    code: str | None = None
    "The ``code`` of that error."
    options: Mapping[str, Any] = attrs.field(factory=dict)
    "Keyword arguments for `newsdoc.parse`."
    budget: float | None = None
    "Seconds the parse may take, where a hang is what is ruled out."
    check: Check | None = None
    "More assertions on the article."


def ok(
    id: str,
    make: Builder,
    *problems: str,
    budget: float | None = None,
    check: Check | None = None,
    **options: Any,
) -> Case:
    """A case whose outcome is an article with exactly these problem codes."""
    return Case(
        id=id,
        make=make,
        problems=frozenset(problems),
        options=options,
        budget=budget,
        check=check,
    )


def fails(
    id: str,
    make: Builder,
    error: type[NewsdocError],
    code: str,
    *,
    budget: float | None = None,
    **options: Any,
) -> Case:
    """A case whose outcome is a newsdoc error of this class and code."""
    return Case(id=id, make=make, error=error, code=code, options=options, budget=budget)


def const(value: str | bytes) -> Builder:
    """A builder for an input that needs no scratch folder."""
    return lambda _tmp: value


# ---------------------------------------------------------------- checks


def blocks(count: int) -> Check:
    """The article has ``count`` top-level blocks."""

    def check(article: Article, _tmp: Path) -> None:
        assert count == len(article.blocks)

    return check


def text(expected: str) -> Check:
    """The article's text is ``expected``."""

    def check(article: Article, _tmp: Path) -> None:
        assert expected == article.text

    return check


def title_and_text(title: str, body: str) -> Check:
    """The article's title and text."""

    def check(article: Article, _tmp: Path) -> None:
        assert (title, body) == (article.title, article.text)

    return check


def _equal(expected: object, actual: object) -> None:
    assert expected == actual


def no_secret(article: Article, _tmp: Path) -> None:
    """The local file's content appears nowhere in the article."""
    assert SECRET not in repr(article)


def title_length(count: int) -> Check:
    """The article's title is ``count`` characters long (kept whole)."""

    def check(article: Article, _tmp: Path) -> None:
        assert count == len(article.title or "")

    return check


def tags(count: int) -> Check:
    """The article has ``count`` tags, a title and a slug if one was written (kept)."""

    def check(article: Article, _tmp: Path) -> None:
        assert (count, "t") == (len(article.tags), article.title)

    return check


def only_data(article: Article, _tmp: Path) -> None:
    """The refused YAML tag left no title and no Python object behind."""
    expected = (None, "body")
    assert expected == (article.title, article.text)


# ---------------------------------------------------------------- builders

LAUGHS = "\n".join(
    [
        "---",
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        *(
            f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]"
            for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
        ),
        "title: laughs",
        "---",
        "body",
    ]
)
MERGE_BOMB = "\n".join(
    [
        "---",
        "a: &a {x: 1, y: 2}",
        *(
            f"{name}: &{name} {{<<: [{', '.join([f'*{prev}'] * 9)}]}}"
            for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
        ),
        "---",
        "body",
    ]
)
PYTHON_TAG = "---\ntitle: !!python/object/apply:os.system ['echo pwned']\n---\nbody\n"


def entity_html(tmp: Path) -> str:
    """An HTML body declaring an external entity that names a local file."""
    secret = tmp / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    uri = secret.as_uri()
    return (
        f'<!DOCTYPE p [<!ENTITY xxe SYSTEM "{uri}">]>\n'
        f'<p>before &xxe; after</p><svg><!ENTITY e2 SYSTEM "{uri}"><text>&e2;</text></svg>\n'
        f'<p><img src="{uri}"> <a href="{uri}">link</a></p>'
    )


def doctype_system(tmp: Path) -> str:
    """A DOCTYPE whose external subset is a local file, and an XML declaration."""
    secret = tmp / "secret.dtd"
    secret.write_text(f'<!ENTITY s "{SECRET}">', encoding="utf-8")
    return (
        f'<?xml version="1.0"?><!DOCTYPE html SYSTEM "{secret.as_uri()}">\n'
        "<p>a &s; b</p><?xml-stylesheet href='file:///etc/passwd'?>"
    )


def entity_markdown(tmp: Path) -> str:
    """The same entity declaration as raw HTML in a Markdown body."""
    return "Some *Markdown*.\n\n" + entity_html(tmp)


def markdown_table_bomb(_tmp: Path) -> str:
    """Tables whose short rows GFM pads to 300 cells each."""
    one = "|" + "a|" * 300 + "\n|" + "-|" * 300 + "\n" + "|a\n" * 200
    return "\n".join([one] * 4)


def _utf16(text: str, codec: str, bom: bytes) -> bytes:
    return bom + text.encode(codec)


POST_ZH = "---\ntitle: 中文标题\n---\n<p>正文内容，“引号”。</p>\n"
MANY_ATTRIBUTES = "<p " + " ".join(f"a{i}=b" for i in range(100_000)) + ">x</p>"

# ---------------------------------------------------------------- the catalogue

CASES: list[Case] = [
    # -- sizes: everything linear
    ok("paragraph-5mb-html", const("<p>" + "word " * 1_000_000 + "</p>"), budget=10),
    ok(
        "paragraph-5mb-markdown",
        const("word " * 1_000_000),
        budget=15,
        body_format="markdown",
    ),
    ok("p-200k-html", const("<p>words</p>\n" * 200_000), budget=40, check=blocks(200_000)),
    ok("p-600k-html", const("<p>x</p>" * 600_000), "limit", budget=100, check=blocks(500_000)),
    ok(
        "p-200k-html-within-lowered-limit",
        const("<p>x</p>" * 200_000),
        "limit",
        budget=20,
        check=blocks(100_000),
        limits=Limits(max_body_markup=200_000),
    ),
    ok("paragraphs-200k-markdown", const("x\n\n" * 200_000), budget=100, check=blocks(200_000)),
    ok("stars-100k-markdown", const("**" * 100_000), budget=5, body_format="markdown"),
    ok("stars-100k-html", const("**" * 100_000), budget=5, body_format="html"),
    ok("brackets-50k", const("[" * 50_000), budget=20),
    ok("brackets-50k-markdown", const("[" * 50_000), budget=20, body_format="markdown"),
    ok(
        "front-matter-10mb-line",
        const("---\ntitle: " + "a" * 10_000_000 + "\n---\nbody"),
        budget=20,
        check=title_length(10_000_000),
    ),
    ok(
        "front-matter-10mb-line-strict",
        const("---\ntitle: " + "a" * 10_000_000 + "\n---\nbody"),
        budget=20,
        check=title_length(10_000_000),
        strict=True,
    ),
    ok(
        "front-matter-200k-tags",
        const("---\ntitle: t\ntags:\n" + "- tag\n" * 200_000 + "---\nbody"),
        budget=30,
        check=tags(200_000),
    ),
    ok(
        "front-matter-2m-tags",
        const("---\ntitle: t\ntags: [" + "a," * 2_000_000 + "]\nslug: s\n---\nbody"),
        "limit",
        budget=30,
        check=tags(0),
    ),
    ok(
        "front-matter-scalar-line-of-brackets",
        const("---\ntitle: a title\n  " + "[" * 101 + "\nslug: s\n---\nbody"),
        check=title_length(len("a title ") + 101),
    ),
    ok("line-10mb-body", const("x" * 10_000_000), budget=10),
    fails(
        "input-over-64mib",
        const(b" " * (64 * 2**20 + 1)),
        InputTooLargeError,
        "limit",
        budget=2,
    ),
    fails(
        "input-over-limit-lenient",
        const("<p>x</p>" * 200),
        InputTooLargeError,
        "limit",
        limits=Limits(max_input_bytes=1000),
    ),
    fails(
        "body-markup-strict",
        const("<p>x</p>" * 600_000),
        BodyError,
        "limit",
        budget=5,
        strict=True,
    ),
    ok(
        "markdown-table-padding",
        markdown_table_bomb,
        "limit",
        budget=60,
        check=lambda a, _t: None,
    ),
    ok("empty-list-items-90k", const("-\n" * 90_000), budget=30, body_format="markdown"),
    ok("attributes-100k", const(MANY_ATTRIBUTES), "limit", budget=2, check=text("x")),
    # -- depth: no RecursionError, flattened with a problem
    ok("div-100k", const("<div>" * 100_000 + "x" + "</div>" * 100_000), "depth", budget=15),
    ok(
        "blockquote-100k",
        const("<blockquote>" * 100_000 + "x" + "</blockquote>" * 100_000),
        "depth",
        budget=20,
    ),
    ok("gt-100k-one-line", const(">" * 100_000 + " x\n"), "depth", body_format="markdown"),
    ok(
        "gt-lines-100-by-1000",
        const(("> " * 1000 + "x\n") * 100),
        "depth",
        budget=10,
        body_format="markdown",
    ),
    ok("ul-li-50k", const("<ul><li>" * 50_000 + "x"), "depth", budget=10),
    ok("bold-100k", const("<b>" * 100_000 + "x"), "depth", budget=10, check=text("x")),
    ok(
        "nested-emphasis-markdown",
        const("*a **a " * 7_500 + "b" + " a** a*" * 7_500),
        "depth",
        budget=20,
        body_format="markdown",
    ),
    ok("table-20k-nested", const("<table><tr><td>" * 20_000 + "x"), "depth", budget=10),
    ok(
        "list-2000-nested",
        const("".join("  " * i + "- a\n" for i in range(2000))),
        "depth",
        budget=20,
        body_format="markdown",
    ),
    # -- CommonMark's pathological inputs (cmark's test/pathological_tests.py)
    ok("emphasis-closers", const("a_ " * 30_000), budget=20, body_format="markdown"),
    ok("emphasis-openers", const("_a " * 30_000), budget=20, body_format="markdown"),
    ok("mismatched-openers", const("*a_ " * 30_000), budget=30, body_format="markdown"),
    ok("link-openers", const("[a " * 30_000), budget=30, body_format="markdown"),
    ok("nested-brackets", const("[" * 30_000 + "a" + "]" * 30_000), budget=20),
    ok("backticks", const("e`" * 30_000), budget=10, body_format="markdown"),
    ok("unclosed-links", const("[a](b" * 30_000), budget=30, body_format="markdown"),
    ok("cdata-openers", const("a <![CDATA[" * 30_000), budget=60, body_format="markdown"),
    ok("backslashes", const("\\" * 100_000), budget=10, body_format="markdown"),
    ok("link-references", const("[a]: b\n" * 30_000 + "[a]" * 30_000), budget=40),
    # -- front matter: YAML, TOML, JSON
    ok("billion-laughs", const(LAUGHS), "limit", budget=10, check=title_and_text("laughs", "body")),
    fails("billion-laughs-strict", const(LAUGHS), FrontMatterError, "limit", budget=2, strict=True),
    ok(
        "merge-key-bomb",
        const(MERGE_BOMB),
        budget=2,
        check=lambda a, _t: _equal({"x": 1, "y": 2}, a.extra["i"]),
    ),
    ok("python-object-apply", const(PYTHON_TAG), "front-matter", check=only_data),
    fails(
        "python-object-apply-strict",
        const(PYTHON_TAG),
        FrontMatterError,
        "front-matter",
        strict=True,
    ),
    ok("recursive-alias", const("---\na: &a [*a]\n---\nbody"), "limit", budget=2),
    ok("yaml-flow-100k-deep", const("---\na: " + "[" * 100_000 + "\n---\nbody"), "limit", budget=2),
    ok(
        "yaml-hex-int-10k-digits",
        const("---\nn: 0x" + "f" * 10_000 + "\n---\nb"),
        "value-converted",
    ),
    ok(
        "toml-dotted-key-100k",
        const("+++\n" + "a." * 100_000 + "b = 1\n+++\nbody"),
        "limit",
        budget=2,
    ),
    ok(
        "toml-array-100k-deep",
        const("+++\na = " + "[" * 100_000 + "\n+++\nbody"),
        "limit",
        budget=2,
    ),
    ok("toml-int-10k-digits", const("+++\nn = 1" + "0" * 10_000 + "\n+++\nbody"), "limit"),
    ok("json-int-10k-digits", const('{"n": 1' + "0" * 10_000 + "}\nbody"), check=text("body")),
    ok("json-object-100k-deep", const(';;;\n"a": ' + "[" * 100_000 + "\n;;;\nbody"), "limit"),
    # -- encodings
    ok("invalid-utf8", const(b"---\ntitle: a\xff\n---\n<p>b\xc3\x28</p>"), "encoding"),
    fails(
        "invalid-utf8-strict",
        const(b"---\ntitle: a\xff\xfe\n---\nbody \xc3\x28"),
        EncodingError,
        "encoding",
        strict=True,
    ),
    ok(
        "utf16-le-bom",
        const(_utf16(POST_ZH, "utf-16-le", codecs.BOM_UTF16_LE)),
        check=title_and_text("中文标题", "正文内容，“引号”。"),
    ),
    ok(
        "utf16-be-bom",
        const(_utf16(POST_ZH, "utf-16-be", codecs.BOM_UTF16_BE)),
        check=title_and_text("中文标题", "正文内容，“引号”。"),
    ),
    ok(
        "utf32-bom",
        const(_utf16(POST_ZH, "utf-32-le", codecs.BOM_UTF32_LE)),
        check=title_and_text("中文标题", "正文内容，“引号”。"),
    ),
    ok(
        "gb18030",
        const((POST_ZH + "<p>€ 𠀀</p>").encode("gb18030")),
        "encoding",
        check=title_and_text("中文标题", "正文内容，“引号”。\n\n€ 𠀀"),
    ),
    ok(
        "gbk",
        const(POST_ZH.encode("gbk")),
        "encoding",
        check=title_and_text("中文标题", "正文内容，“引号”。"),
    ),
    ok(
        "lone-surrogates",
        const("---\ntitle: a\ud800b\n---\n<p>x\udfffy</p>"),
        "encoding",
        check=title_and_text("a\ufffdb", "x\ufffdy"),
    ),
    ok(
        "lone-surrogates-strict",
        const("---\ntitle: a\ud800b\n---\n<p>x\udfffy</p>"),
        "encoding",
        strict=True,
        check=title_and_text("a\ufffdb", "x\ufffdy"),
    ),
    ok(
        "nul-and-controls",
        const("---\ntitle: a\x00b\n---\n<p>x\x00y\x1bz\x7f</p>"),
        "control-character",
        check=title_and_text("a\ufffdb", "x\ufffdy\ufffdz\x7f"),
    ),
    ok(
        "nul-and-controls-bytes",
        const(b"---\ntitle: a\x00b\n---\nx\x00y\x08z\n"),
        "control-character",
        check=title_and_text("a\ufffdb", "x\ufffdy\ufffdz"),
    ),
    ok(
        "control-character-references",
        const("<p>a&#1;b&#x1b;c&#0;d&#xD800;e&#x110000;f</p>"),
        "control-character",
        check=text("a\ufffdb\ufffdc\ufffdd\ufffde\ufffdf"),
    ),
    ok(
        "control-character-references-markdown",
        const("a&#1;b&#x1b;c&#0;d&#xD800;e"),
        body_format="markdown",
        check=text("a\ufffdb\ufffdc\ufffdd\ufffde"),
    ),
    ok(
        "codec-makes-surrogates",
        const(b"a\\ud800b"),
        "encoding",
        encoding="unicode_escape",
        check=text("a\ufffdb"),
    ),
    # -- safety: no file read, no markup made live
    ok("external-entity-html", entity_html, check=no_secret, body_format="html"),
    ok("external-entity-markdown", entity_markdown, check=no_secret, body_format="markdown"),
    ok("doctype-system", doctype_system, check=no_secret, body_format="html"),
    ok(
        "script-and-javascript-urls",
        const(
            '<p><script>alert(1)</script><a href="javascript:alert(1)">x</a>'
            '<a href=" JaVa&#x09;ScRiPt:alert(1)">y</a><img src=x onerror="alert(1)">'
            '<iframe src="javascript:alert(1)"></iframe></p>'
            "<p>&lt;script&gt;alert(2)&lt;/script&gt;</p>"
        ),
        check=lambda a, _t: None,
    ),
    ok(
        "script-and-javascript-urls-markdown",
        const(
            "[x](javascript:alert(1)) ![y](vbscript:x) <javascript:alert(1)>\n\n"
            "<script>alert(1)</script>\n\n\\<script>alert(2)\\</script>\n"
        ),
        body_format="markdown",
    ),
]


def paragraph_texts(article: Article) -> list[str]:
    """The text of each top-level paragraph (used by a few checks)."""
    return [
        "".join(getattr(child, "value", "") for child in block.children)
        for block in article.blocks
        if isinstance(block, Paragraph)
    ]
