"""The Markdown body reader: Markdown in, the same blocks the HTML parser gives."""

from __future__ import annotations

import functools
import re
import time
from pathlib import Path
from urllib.parse import unquote

import attrs
import cmarkgfm
import pytest
from cmarkgfm.cmark import Options as CmarkOptions  # type: ignore[import-untyped]
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.tasklists import tasklists_plugin

from conftest import corpus_files, corpus_id, examples
from newsdoc.limits import INLINE_DEPTH, MARKDOWN_NESTING
from newsdoc.model import (
    Block,
    Blockquote,
    Break,
    Code,
    Image,
    Link,
    List,
    Paragraph,
    Text,
)
from newsdoc.model.text import block_texts
from newsdoc.parsers.html.reader import parse_html
from newsdoc.parsers.markdown.raw_html import is_self_contained
from newsdoc.parsers.markdown.reader import parse_markdown
from nodes import LI, UL, P, T, read_cases

CASES: list[tuple[str, str, tuple[Block, ...]]] = [
    # Inputs whose whitespace or invisible characters matter; the rest are in
    # fixtures/markdown/reader.txt.
    ("two paragraphs", "one\n\ntwo\n", (P(T("one")), P(T("two")))),
    ("blank body", "\n  \n\t\n", ()),
    ("nbsp and ideographic space kept", "a\u00a0 b\u3000c", (P(T("a\u00a0 b\u3000c")),)),
    ("hard break two spaces", "a  \nb", (P(T("a"), Break(), T("b")),)),
    ("crlf line ends", "a\r\nb\r\n\r\nc", (P(T("a b")), P(T("c")))),
    ("nul becomes replacement character", "a\x00b", (P(T("a\ufffdb")),)),
    ("empty list item", "- a\n-\n", (UL(LI(P(T("a"))), LI()),)),
    ("indented code", "    a\n      b\n", (Code(value="a\n  b"),)),
]


ALL_CASES = [
    *read_cases(Path(__file__).parent / "fixtures" / "markdown" / "reader.txt"),
    *(pytest.param(*case[1:], id=case[0]) for case in CASES),
]


@pytest.mark.parametrize(("markdown", "expected"), ALL_CASES)
def test_blocks(markdown: str, expected: tuple[Block, ...]) -> None:
    """Each Markdown construct (fixtures/markdown/reader.txt, and above) gives its blocks."""
    assert expected == parse_markdown(markdown).blocks


def test_enough_cases() -> None:
    """The cases cover at least forty constructs (72 when they moved to the fixture file)."""
    assert len(ALL_CASES) >= 72


def test_no_problems_on_clean_input() -> None:
    """Ordinary Markdown records no problem."""
    expected: tuple[object, ...] = ()
    assert expected == parse_markdown("# T\n\n- a\n\n> b\n\n```\nc\n```\n").problems


MORE_CASES = [
    ("a\n\n<!--more-->\n\nb", 1),
    ("a\n\nb\n<!-- more -->\n\nc", 2),
    ("<!--more-->", 0),
    ("a<!--more-->b", 1),
    ("- x\n\n  <!--more-->\n- y\n\nz", 0),
    ("a\n\n<!--break-->\n\nb", 1),
    ("a\n\n<!-- other -->\n\nb", None),
    ("`<!--more-->`", None),
]


@pytest.mark.parametrize(("markdown", "expected"), MORE_CASES)
def test_more(markdown: str, expected: int | None) -> None:
    """``more`` counts the top-level blocks before the first excerpt marker."""
    assert expected == parse_markdown(markdown).more


def test_more_only_body_has_no_blocks() -> None:
    """A body holding only the marker has no blocks and ``more`` 0."""
    parsed = parse_markdown("<!--more-->\n")
    expected: tuple[tuple[Block, ...], int] = ((), 0)
    assert expected == (parsed.blocks, parsed.more)


def test_base_url_resolves() -> None:
    """Relative link and image URLs are resolved against ``base_url`` when given."""
    parsed = parse_markdown("[x](/p) ![i](img.png)", base_url="https://h.org/a/")
    expected = (
        P(
            Link(url="https://h.org/p", children=(T("x"),)),
            T(" "),
            Image(url="https://h.org/a/img.png", alt="i"),
        ),
    )
    assert expected == parsed.blocks


def test_base_url_reaches_raw_html() -> None:
    """Raw HTML read by the HTML parser gets ``base_url`` too."""
    parsed = parse_markdown('<a href="/p">x</a>', base_url="https://h.org/")
    assert (P(Link(url="https://h.org/p", children=(T("x"),))),) == parsed.blocks


def test_bad_url_with_base_url_is_kept() -> None:
    """A URL that cannot be joined to ``base_url`` stays as written, with a Problem."""
    parsed = parse_markdown("a\n\n[x](http://[bad/x)", base_url="https://h.org/")
    expected = ((P(T("a")), P(Link(url="http://[bad/x", children=(T("x"),)))), [("url", 3)])
    assert expected == (parsed.blocks, [(p.code, p.line) for p in parsed.problems])


def test_control_characters_replaced() -> None:
    """C0 controls become U+FFFD, with a Problem on the line of the first."""
    parsed = parse_markdown("a\n\nb\x01c\x02")
    expected = ((P(T("a")), P(T("b\ufffdc\ufffd"))), [("control-character", 3)])
    assert expected == (parsed.blocks, [(p.code, p.line) for p in parsed.problems])


def test_html_problem_lines_are_body_lines() -> None:
    """Problems the HTML parser finds in raw HTML carry body line numbers."""
    parsed = parse_markdown(
        "a\n\n<p>x</p>\n\n<b>" + "<i>" * 40 + "y" + "</i>" * 40 + "</b>", base_url=None
    )
    expected = [("depth", 5)]
    assert expected == [(p.code, p.line) for p in parsed.problems]


SELF_CONTAINED = [
    ("<figure><img src=a><figcaption>c</figcaption></figure>", True),
    ("<table><tr><td>a<td>b</table>", True),
    ("<p>open paragraph", True),
    ("<br><img src=x><hr/>", True),
    ("<!-- <div> -->", True),
    ("<script>if (a<b) {}</script>", True),
    ('<a title="x>y">t</a>', True),
    ("<custom/>", True),
    ("<div>", False),
    ("</div>", False),
    ("<table><tr>", False),
    ("<b>x</i>", False),
    ("<script>never closed", False),
    ("<!--><div>", False),  # "<!-->" is a whole comment in HTML
    ("<!-- a --!><div>", False),  # and "--!>" ends one
    ("<ul><li>a<li>b</ul>", True),
    ("<li>x", False),  # outside a list of its own, <li> closes an item the piece did not open
]


@pytest.mark.parametrize(("html", "expected"), SELF_CONTAINED)
def test_is_self_contained(html: str, expected: bool) -> None:
    """A piece of HTML stands alone when it closes what it opens and nothing else."""
    assert expected == is_self_contained(html)


# ------------------------------------------------------------------ nesting


def _max_depth(blocks: tuple[Block, ...]) -> int:
    """How deep blocks and spans nest, measured without recursion."""
    deepest = 0
    stack: list[tuple[object, int]] = [(block, 1) for block in blocks]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        for name in ("children", "items", "rows", "cells"):
            for child in getattr(node, name, ()):
                stack.append((child, depth + 1))
    return deepest


def _timed(markdown: str) -> tuple[float, tuple[Block, ...], tuple[str, ...]]:
    start = time.process_time()  # CPU time: other work on a loaded machine does not count
    parsed = parse_markdown(markdown)
    return time.process_time() - start, parsed.blocks, tuple(p.code for p in parsed.problems)


DEEP = [
    ("100k quote lines", ">\n" * 100_000),
    ("20k quoted text lines", "> x\n" * 20_000),
    ("100k quote markers", ">" * 100_000 + " x"),
    ("50k list markers", "- " * 50_000 + "x"),
    ("50k ordered markers", "1. " * 50_000 + "x"),
    ("list staircase", "\n".join("  " * i + "- x" for i in range(1_000))),
    ("quote staircase", "\n".join(">" * i + " x" for i in range(1, 1_000))),
    ("50k brackets", "[" * 50_000 + "x" + "]" * 50_000),
    ("50k stars", "*" * 50_000 + "x" + "*" * 50_000),
    ("nested emphasis", "*a " * 10_000 + "x" + " a*" * 10_000),
    ("nested inline html", "a " + "<b>" * 20_000 + "x"),
    ("nested html blocks", "<div>" * 20_000 + "\n\nx"),
]


@pytest.mark.parametrize("markdown", [d[1] for d in DEEP], ids=[d[0] for d in DEEP])
def test_deep_input_is_bounded(markdown: str) -> None:
    """Deep nesting neither overflows the stack nor takes quadratic time; the model is shallow."""
    elapsed, blocks, _ = _timed(markdown)
    assert elapsed < 60  # quadratic behaviour on these sizes would take many minutes
    assert _max_depth(blocks) <= 2 * MARKDOWN_NESTING + INLINE_DEPTH + 4


def test_deep_quote_keeps_text() -> None:
    """Quotes nested past the limit are flattened into one paragraph, with a Problem."""
    _, blocks, codes = _timed(
        ">" * (MARKDOWN_NESTING + 10) + " deep\n" + ">" * (MARKDOWN_NESTING + 5) + " deeper"
    )
    expected = ("depth", ("deep deeper",))
    assert expected == (codes[0], block_texts(blocks))
    node: Block = blocks[0]
    levels = 0
    while isinstance(node, Blockquote):
        levels += 1
        node = node.children[0]
    assert (MARKDOWN_NESTING - 1, P(T("deep deeper"))) == (
        levels,
        node,
    )  # the deepest level holds the flattened text


def test_deep_list_keeps_every_item() -> None:
    """Lists nested past the limit keep every item's text, in order."""
    levels = MARKDOWN_NESTING + 5
    markdown = "\n".join("  " * i + f"- x{i}" for i in range(levels))
    _, blocks, codes = _timed(markdown)
    expected = (("depth",), " ".join(f"x{i}" for i in range(levels)))
    assert expected == (codes, " ".join(block_texts(blocks)))


def test_deep_list_under_html_item_keeps_text() -> None:
    """A tight item read as HTML keeps what markdown-it skipped as too deep inside it."""
    markdown = "- <!--x-->b\n  a\n  " + "- " * (MARKDOWN_NESTING + 5) + "deep"
    _, blocks, codes = _timed(markdown)
    expected = (("depth",), "deep")
    assert expected == (codes, block_texts(blocks)[-1].split()[-1])


def test_deep_emphasis_keeps_text() -> None:
    """Formatting nested past the limit unwraps and keeps its text, with a Problem."""
    _, blocks, codes = _timed("*a " * 100 + "x" + " a*" * 100)
    expected = (("depth",), ("a " * 100 + "x" + " a" * 100,))
    assert expected == (codes, block_texts(blocks))


@pytest.mark.parametrize("levels", [8, 32])
def test_limit_is_not_reached_by_ordinary_nesting(levels: int) -> None:
    """Lists nested 8 deep (the deepest seen in real posts) or 32 (half of what a model may
    hold, in lists whose items each nest a list) are kept as structure."""
    markdown = "\n".join("  " * i + f"- x{i}" for i in range(levels))
    parsed = parse_markdown(markdown)
    expected = ((), levels * 2 + 1)  # a list and an item per level, the innermost paragraph
    assert expected == (parsed.problems, _max_depth(parsed.blocks) - 1)


# ------------------------------------------------------------- differential


class _Reference(MarkdownIt):
    """markdown-it that keeps every link destination exactly as written (the model does)."""

    def normalizeLink(self, url: str) -> str:
        return url

    def normalizeLinkText(self, link: str) -> str:
        return link

    def validateLink(self, url: str) -> bool:
        return True


@functools.cache
def markdown_it() -> MarkdownIt:
    """markdown-it-py as newsdoc's reader was before pulldown-cmark: the reference."""
    options = {"maxNesting": MARKDOWN_NESTING}
    reference = _Reference("commonmark", options).enable(["table", "strikethrough"])
    return reference.use(tasklists_plugin)


def _comparable(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Blocks with leading newlines of code values removed (the one known difference).

    markdown-it renders a fence's leading blank line as ``<pre><code>\\n…``; the
    HTML parser drops a newline after ``<pre>`` (HTML's rule) and after
    ``<pre><code>`` too, while the Markdown reader keeps the blank line, which is
    code content.
    """
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Code):
            block = attrs.evolve(block, value=block.value.lstrip("\n"))
        elif isinstance(block, List):
            items = tuple(
                attrs.evolve(item, children=_comparable(item.children)) for item in block.items
            )
            block = attrs.evolve(block, items=items)
        elif isinstance(block, Blockquote):
            block = attrs.evolve(block, children=_comparable(block.children))
        out.append(block)
    return tuple(out)


_SPACES = "\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
_DISAGREEMENTS = re.compile(
    r"(?<![~\n])~{3,}|^ {0,3}~{3,}.*~"  # a run of three or more tildes in a line
    rf"|^[ \t>*+\-\d.)]*\[.*\]:.*\n[ \t>{_SPACES}]*\S"  # a line right after [x]: u
    r"|\|.*\n(?:.+\n)*?(?: {0,3}\t| {4})"  # a table row indented four columns
    rf"|^[ \t>*+\-\d.)]*</?[A-Za-z][^\n]*>[ \t]*[{_SPACES}]"
    rf"|^[ \t>*+\-\d.)]*[{_SPACES}]+[ \t]*[|<]"
    r"|~\\~|\\~~"  # an escaped tilde beside a run of them
    r"|(?:~~(?:.|\n(?!\n))*){3}"  # three ~~ runs in a paragraph
    r"|\]\\\["  # "]\[": pulldown-cmark reads a reference link there
    r"|\S[ \t]*\n[ \t>]*\\\|.*\n[ \t>]*\|?[ \t]*:?-",  # a "\|" header row after a line
    re.MULTILINE,
)


def _readers_disagree(markdown: str) -> bool:
    """Whether ``markdown`` holds a case where markdown-it-py and pulldown-cmark disagree.

    Each is listed in docs/inputs.md; the reader follows pulldown-cmark there:

    - a run of three or more ``~`` inside a line is text (GFM; cmark-gfm too), where
      markdown-it strikes pairs of tildes out of it (``a~~~~b~~``);
    - a line right after a link reference definition goes on the paragraph the
      definition is part of, as CommonMark says (cmark-gfm too): lazily, and an empty
      list item or an HTML tag cannot interrupt it; markdown-it ends the definition
      at its line;
    - a table row indented four columns or more stays in the table (pulldown-cmark's
      own reading, not fixed: markdown-it and cmark-gfm end the table there with an
      indented code block);
    - a line holding only an HTML tag and a Unicode space (U+00A0, U+3000, …) is a
      paragraph (CommonMark; cmark-gfm too, though it keeps the space), where
      markdown-it's HTML block rule takes JavaScript's wider ``\\s`` (not fixed); likewise
      a Unicode space before a table's or an HTML block's first line (markdown-it
      trims it first, then reads a paragraph or HTML there);
    - ``~~`` beside a backslash-escaped ``~`` (``~~\\~~x~~``): pulldown-cmark pairs the
      tildes otherwise than markdown-it and cmark-gfm (not fixed); likewise three or more
      ``~~`` runs in one paragraph (``a~~[x]~~y~~``), which pulldown-cmark pairs first
      to second where markdown-it, skipping a run that cannot open, pairs second to
      third (not fixed: newsdoc only turns back the pairs markdown-it would not make).
    - ``[x]\\[r]`` with ``r`` defined: pulldown-cmark reads a link ``x`` to ``r``'s URL,
      its escaped ``[`` notwithstanding (not fixed);
    - a table whose header row starts with an escaped ``\\|`` right after a paragraph's
      line: pulldown-cmark keeps it in the paragraph, where markdown-it and cmark-gfm start
      the table there (not fixed; an unescaped ``|`` interrupts in all three).

    Elsewhere, where markdown-it alone reads a text otherwise and cmark-gfm (the
    CommonMark reference implementation) reads it as this reader does, the test
    takes cmark-gfm's word (a link definition's paragraph going on lazily, …).
    """
    lines = markdown.replace("\r\n", "\n").replace("\r", "\n")
    return _DISAGREEMENTS.search(lines) is not None


def _cmark_gfm(markdown: str) -> tuple[tuple[Block, ...], int | None]:
    """cmark-gfm's reading, URLs as written (it percent-encodes them)."""
    html = cmarkgfm.markdown_to_html_with_extensions(
        markdown,
        options=CmarkOptions.CMARK_OPT_UNSAFE,
        extensions=["table", "strikethrough", "tasklist"],
    )
    parsed = parse_html(unquote(html))
    return _comparable(parsed.blocks), parsed.more


def _unspaced(node: object) -> object:
    """``node`` without the Unicode spaces markdown-it trims (cmark-gfm keeps them)."""
    if isinstance(node, tuple):
        kept = (_unspaced(child) for child in node)
        return tuple(child for child in kept if child is not None)
    if isinstance(node, Text):
        value = node.value.strip(_WIDE_SPACES)
        return Text(value=value) if value else None
    if not attrs.has(type(node)):
        return node
    changes = {
        field.name: _unspaced(getattr(node, field.name))
        for field in attrs.fields(type(node))
        if isinstance(getattr(node, field.name), tuple)
    }
    if isinstance(node, Paragraph) and not changes["children"]:
        return None
    return attrs.evolve(node, **changes)


_WIDE_SPACES = "\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
_WIDE_SPACES += "\u2028\u2029\u202f\u205f\u3000"


def _oracle(markdown: str) -> tuple[tuple[Block, ...], int | None]:
    parsed = parse_html(markdown_it().render(markdown))
    return _comparable(parsed.blocks), parsed.more


def _read(markdown: str) -> tuple[tuple[Block, ...], int | None]:
    parsed = parse_markdown(markdown)
    return _comparable(parsed.blocks), parsed.more


PIECES = [
    *("a", "b c", "中文", "文字", "“引”", "《书》", "：", "한글", "ｘ", "\u00a0", "\u3000"),
    *(" ", "  ", "\t", "\n", "\n\n", "\n\n\n", "\r\n", "  \n", "\\\n", "\\\n\\\n"),
    *("*", "**", "_", "__", "`", "``", "~~", "\\", "a*b*c", "_x_", "**中**文", "x**“y”**z"),
    *("[a](b)", '[t](u "ti")', "![i](s)", "![*x*](s 't')", "<http://x.y>", "~~d~~"),
    *("[r]\n\n[r]: /url\n", '[x]: <u> "t"\n', "[x]", "![x]", "&amp;", "&nbsp;", "&lt;", "&#42;"),
    *("# ", "## ", "######## ", "#", "- ", "* ", "+ ", "1. ", "3) ", "1986. ", "> ", "    "),
    *("   ", "  - ", "     ", "> > ", "- > ", "1. - ", "---\n", "===\n"),
    *("```\n", "```py\n", "~~~\n", "|a|b|\n|-|:-:|\n", "| x |", "|c|d|\n", "| <b>q</b> |"),
    *("<b>", "</b>", "<em>x</em>", "<br>", "<br><br>", "<p>", "</p>", "<span>", "</span>"),
    *("<i>", "</i>", "<del>", "</del>", "<s>k</s>", '<a href="h">', "</a>", "<code>x  y</code>"),
    *("<div>\n", "</div>\n", "<!--more-->\n", "<!--more-->", "<!-- c -->", "<img src=q>"),
    *("<figure><img src=f></figure>\n", "<iframe src=v></iframe>\n"),
    *("<!-->", "<!--->", "--!>", "<li>", "<table><tr><td>"),
    "<table><tr><td>c</td></tr></table>\n",
    *("[x] ", "[ ] ", "- [x] a\n", "1. [ ] b\n"),
]


@settings(max_examples=examples(15), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=25).map("".join))
@example("<del><div>\n</del><!--more-->\n> a")  # </del> is ignored inside the div
@example("<b><i>x</b>y")  # </b> closes <i> too, which HTML reopens for y
@example("- <!--more-->---\n    a")  # a tight item's text runs on from its HTML block
@example("- a\n  <!--x-->b")  # ... and into it
@example('<!--><a href="h">\na')  # "<!-->" ends the comment: the link is open
@example("- <li>x\n  a")  # the raw <li> ends the Markdown item and starts another
@example("a \t\nb\t\t\nc  \t\nd")  # a tab is not a space: no hard break (pulldown-cmark makes one)
@example("\xa0\r\n\xa0a")  # a first line of trimmed space: markdown-it trims its line end too
@example("a---\n\\|a|b|\n|-|:-:|\n")  # the \| header row: a known disagreement
def test_equals_html_parser_on_rendered_markdown(markdown: str) -> None:
    """Reading Markdown equals reading markdown-it's HTML rendering of it with the HTML parser."""
    assume(not _readers_disagree(markdown))
    expected, found = _oracle(markdown), _read(markdown)
    if expected != found and _unspaced(_cmark_gfm(markdown)) == _unspaced(found):
        return  # markdown-it alone reads it otherwise: cmark (the reference) and pulldown agree
    assert expected == found


# ------------------------------------------------------------------- corpus

FILES = corpus_files()


def _body(path: Path) -> str:
    """The text after the closing front-matter fence (a crude split, enough for tests)."""
    text = path.read_text(encoding="utf-8").lstrip("\ufeff")
    lines = text.splitlines(keepends=True)
    first = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    if first < len(lines) and lines[first].strip() in ("---", "+++"):
        fence = lines[first].strip()
        for index in range(first + 1, len(lines)):
            if lines[index].strip() == fence:
                return "".join(lines[index + 1 :])
    return text


@pytest.mark.parametrize("path", FILES, ids=corpus_id)
def test_corpus_body_reads_like_its_html_rendering(path: Path) -> None:
    """Every corpus body (Markdown or not) reads without error, as its HTML rendering reads."""
    body = _body(path)
    assert _oracle(body) == _read(body)


def test_corpus_markdown_keeps_structure() -> None:
    """The Markdown posts of the corpus give headings, lists, links and code, not flat text."""
    kinds: set[str] = set()
    for path in FILES:
        if "openSUSE" in str(path) or "waddlesplash" in str(path):
            stack: list[object] = list(parse_markdown(_body(path)).blocks)
            while stack:
                node = stack.pop()
                kinds.add(type(node).__name__)
                for name in ("children", "items", "rows", "cells"):
                    stack.extend(getattr(node, name, ()))
    expected = {"Heading", "List", "Link", "Image", "Strong", "Emphasis", "Code", "InlineCode"}
    assert expected <= kinds
