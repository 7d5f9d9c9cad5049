"""The HTML body parser: HTML in, newsdoc blocks out."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import corpus_files, corpus_id, examples
from newsdoc.errors import Problem
from newsdoc.model import (
    Block,
    Blockquote,
    Embed,
    Emphasis,
    Figure,
    Heading,
    Inline,
    List,
    Paragraph,
    Strong,
    Table,
    Text,
)
from newsdoc.model.canonical import normalize
from newsdoc.model.text import block_texts
from newsdoc.parsers.html.reader import parse_html
from nodes import IMG, A, C, P, read_cases

# ------------------------------------------------------------ the rule table

CASES: list[tuple[str, str, tuple[Block, ...]]] = [
    # Inputs whose whitespace or invisible characters matter; the rest are in
    # fixtures/html/reader.txt.
    (
        "code collapsed, not trimmed",
        "<p>x<code> a \n\t b <b>c</b> </code>y</p>",
        (P("x", C(" a b c "), "y"),),
    ),
    (
        "block wrappers unwrapped",
        "<div>a</div><section>b</section><article>c</article><main>d</main><header>e</header>"
        "<footer>f</footer><aside>g</aside><nav>h</nav><center>i</center>"
        "<details><summary>j</summary>k</details><noscript>l</noscript><form>m</form>",
        tuple(P(c) for c in "abcdefghijklm"),
    ),
    ("blank line with spaces", "a\n  \t\nb", (P("a"), P("b"))),
    ("trimmed at block edges", "<p> \n a \t b \n </p>", (P("a b"),)),
    (
        "nbsp and ideographic space kept",
        "<p>&nbsp;a&nbsp;&nbsp;b\u3000c</p>",
        (P("\xa0a\xa0\xa0b\u3000c"),),
    ),
    ("whitespace body", " \n\t\n", ()),
]


ALL_CASES = [
    *read_cases(Path(__file__).parent / "fixtures" / "html" / "reader.txt"),
    *(pytest.param(*case[1:], id=case[0]) for case in CASES),
]


@pytest.mark.parametrize(("html", "expected"), ALL_CASES)
def test_blocks(html: str, expected: tuple[Block, ...]) -> None:
    """Each HTML construct (fixtures/html/reader.txt, and above) gives the documented blocks."""
    assert expected == parse_html(html).blocks


def test_no_problems_on_clean_input() -> None:
    """Well-formed input reports no problems."""
    expected: tuple[Problem, ...] = ()
    assert expected == parse_html("<p>a</p>").problems


# ------------------------------------------------------------ <!--more-->

MORE_CASES = [
    ("<p>a</p><!--more--><p>b</p>", 1),
    ("<div><p>a</p><p>b</p>\n<!-- more -->\n<p>c</p></div>", 2),
    ("<p>a</p><!--break--><p>b</p>", 1),
    ("<p>a</p><!--more Read on--><p>b</p>", 1),
    ("<p>a</p><!--more--><p>b</p><!--more--><p>c</p>", 1),
    ("a\n\n<!--more-->\n\nb", 1),
    ("a<!--more-->b", 1),
    ("<!--more--><p>a</p>", 0),
    ("<p>a</p><!--more-->", 1),
    ("<blockquote><p>a</p><!--more--></blockquote><p>b</p>", 0),
    ("<table><tr><td>a<!--more--></td></tr></table>", 0),
    ("<!--more-->", 0),
    ("<p>a</p></html><!--more--><p>b</p>", 1),
    ("<p>a</p><!-- moreover --><!-- comment -->", None),
    ("<p>a</p>", None),
]


@pytest.mark.parametrize(("html", "expected"), MORE_CASES)
def test_more(html: str, expected: int | None) -> None:
    """The more marker counts the top-level blocks before the first marker."""
    assert expected == parse_html(html).more


def test_more_splits_paragraph() -> None:
    """A marker inside a top-level paragraph splits it there."""
    assert (P("a"), P("b")) == parse_html("<p>a<!--more-->b</p>").blocks


# ------------------------------------------------------------ URLs


def test_base_url_resolves() -> None:
    """With base_url, links, images and embeds are joined to it."""
    html = '<p><a href="b.html">x</a><img src="/i.png"></p><iframe src="//v.io/e"></iframe>'
    expected = (
        P(A("https://ex.org/a/b.html", "x"), IMG("https://ex.org/i.png")),
        Embed(kind="iframe", url="https://v.io/e"),
    )
    assert expected == parse_html(html, base_url="https://ex.org/a/c.html").blocks


def test_bad_url_with_base_url_is_kept() -> None:
    """A URL urljoin cannot read stays as written and is reported."""
    result = parse_html('<a href="http://[::1">x</a>', base_url="https://ex.org/")
    assert (P(A("http://[::1", "x")), ["url"]) == (
        result.blocks[0],
        [p.code for p in result.problems],
    )


def test_huge_data_url() -> None:
    """A 283 KB data: URL is kept whole."""
    url = "data:image/png;base64," + "iVBORw0KGgo" * 25_800
    result = parse_html(f'<p><img src="{url}"></p>', base_url="https://ex.org/")
    assert (P(IMG(url)),) == result.blocks


# ------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>a\x00b</p>", P("a\ufffdb")),
        ("<p>a\x01b\x0bc\x0cd\x1fe</p>", P("a\ufffdb\ufffdc\ufffdd\ufffde")),
        ("<p>a\ud800b</p>", P("a\ufffdb")),
        ("<p>a\x7fb\ufeffc\u200bd</p>", P("a\x7fb\ufeffc\u200bd")),
    ],
)
def test_control_characters_replaced(html: str, expected: Paragraph) -> None:
    """C0 controls and lone surrogates become U+FFFD; other characters stay."""
    assert (expected,) == parse_html(html).blocks


def test_control_character_problem_says_where() -> None:
    """The problem names the line of the first control character and the count."""
    result = parse_html("<p>a</p>\n<p>b</p>\n<p>\x00\x01</p>")
    expected = Problem(
        code="control-character",
        message="2 control character(s) or lone surrogate(s) replaced with U+FFFD",
        line=3,
    )
    assert (expected,) == result.problems


def test_huge_text_node() -> None:
    """A 12 MB paragraph (beyond libxml2's default 10 MB text limit) is kept."""
    text = "word " * 2_400_000
    expected = (P(text[:-1]),)
    assert expected == parse_html(f"<p>{text}</p>").blocks


DEEP = [
    ("div", "<div>", "</div>"),
    ("blockquote", "<blockquote>", "</blockquote>"),
    ("b", "<b>", "</b>"),
    ("alternating formatting", "<b><i>", "</i></b>"),
    ("list", "<ul><li>", "</li></ul>"),
    ("table", "<table><tr><td>", "</td></tr></table>"),
    ("link", "<a href=x>", "</a>"),
    ("unclosed p", "<p>", ""),
]


@pytest.mark.slow
@pytest.mark.parametrize(("start", "end"), [d[1:] for d in DEEP], ids=[d[0] for d in DEEP])
def test_deep_nesting(start: str, end: str) -> None:
    """100,000 levels of nesting keep every text, with no RecursionError."""
    html = start * 100_000 + "deep" + end * 100_000 + "<p>after</p>"
    expected = ("deep", "after")
    assert expected == block_texts(parse_html(html).blocks)[-2:]


@pytest.mark.slow
@pytest.mark.parametrize(
    "html",
    [
        "<wbr>" * 100_000 + "deep<p>after</p>",  # libxml2 nests <wbr>, <embed>, <source>…
        "<b><div></b>" * 3_000 + "deep<p>after</p>",  # end tags libxml2 ignores
    ],
    ids=["wbr", "ignored end tags"],
)
def test_deep_nesting_flattened(html: str) -> None:
    """Nesting libxml2 cannot hold is flattened: the text stays, a problem says so."""
    result = parse_html(html)
    expected = ("deepafter", "depth")
    assert expected == ("".join(block_texts(result.blocks)), result.problems[0].code)


@pytest.mark.parametrize("depth", [100, 300, 3000])
def test_deep_blockquotes_are_capped(depth: int) -> None:
    """Blockquotes nest at most 64 deep in the model; deeper ones are flattened."""
    result = parse_html("<blockquote>" * depth + "x" + "</blockquote>" * depth)
    levels, block = 0, result.blocks[0]
    while isinstance(block, Blockquote):
        levels, block = levels + 1, block.children[0]
    assert (63, P("x"), True) == (
        levels,
        block,
        "depth" in {p.code for p in result.problems},
    )


def test_deep_formatting_is_capped() -> None:
    """Formatting nests at most 32 deep in the model."""
    result = parse_html("<p>" + "<b><i>" * 50 + "x" + "</i></b>" * 50 + "</p>")
    levels, node = 0, result.blocks[0].children[0]  # type: ignore[union-attr]
    while isinstance(node, Strong | Emphasis):
        levels, node = levels + 1, node.children[0]
    assert (32, Text(value="x")) == (levels, node)


def test_threads() -> None:
    """Parsing from several threads at once gives the same result as alone."""
    html = "<div><p>a <b>b</b></p>" * 200 + "</div>"
    expected = parse_html(html)
    results: list[object] = []
    threads = [threading.Thread(target=lambda: results.append(parse_html(html))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [expected] * 4 == results


# ------------------------------------------------------------ the corpus

_FENCE = re.compile(r"^(?:---|\+\+\+)[ \t]*$", re.MULTILINE)


def _body(path: Path) -> str:
    """The text after the second fence line (crude, but enough for a check)."""
    text = path.read_text("utf-8")
    fences = list(_FENCE.finditer(text))
    return text[fences[1].end() :] if len(fences) >= 2 else text


def _visible_text(body: str) -> str:
    """What a browser shows, per lxml, without the parts the parser drops on purpose."""
    parser = etree.HTMLParser(recover=True, no_network=True, huge_tree=True)
    root = etree.fromstring(body.replace("\x00", "\ufffd"), parser)
    if root is None:
        return ""
    etree.strip_elements(
        root, etree.Comment, "style", "script", "template", "title", with_tail=False
    )
    for embed in list(root.iter("iframe", "video", "audio", "embed", "object")):
        embed.text = None
        for child in list(embed):
            embed.remove(child)
    hidden_style = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)", re.I)
    for hidden in [
        e
        for e in root.iter()
        if e.get("hidden") is not None
        or hidden_style.search(e.get("style") or "")
        or e.tag in ("datalist", "select")
    ]:
        parent, previous = hidden.getparent(), hidden.getprevious()
        if hidden.tail and previous is not None:
            previous.tail = (previous.tail or "") + hidden.tail
        elif hidden.tail and parent is not None:
            parent.text = (parent.text or "") + hidden.tail
        if parent is not None:
            parent.remove(hidden)
    return "".join(str(text) for text in root.itertext())


def _first_missing(visible: str, shown: str) -> int | None:
    """Where the non-space characters of visible stop appearing, in order, in shown."""
    wanted = "".join(visible.split())
    remaining = iter("".join(shown.split()))
    for index, char in enumerate(wanted):
        if char not in remaining:
            return index
    return None


@pytest.mark.parametrize("path", corpus_files(), ids=corpus_id)
def test_corpus_keeps_visible_text(path: Path) -> None:
    """Every visible character of a real body appears, in order, in the blocks' text."""
    body = _body(path)
    result = parse_html(body)
    assert None is _first_missing(_visible_text(body), "\n".join(block_texts(result.blocks)))


def test_visible_text_check_can_fail() -> None:
    """The corpus check notices a dropped character."""
    expected = 3
    assert expected == _first_missing("a b c d", "abc")


# ------------------------------------------------------------ tag soup

_SOUP_TAG_NAMES = (
    "p div span b i a em code pre ul ol li blockquote table tr td th caption h2 figure "
    "figcaption img br hr iframe video source embed object dl dt dd font u sup noscript "
    "template style form textarea wbr picture details"
)
_SOUP_TAGS = _SOUP_TAG_NAMES.split()
_SOUP_TEXT = st.sampled_from(
    [
        "a",
        "b c",
        "中文",
        "かな",
        " ",
        "\n",
        "\n\n",
        " \n \n",
        "&nbsp;",
        "&amp;",
        "\t",
        "<!--more-->",
    ]
)


@st.composite
def _element(draw: st.DrawFn, children: st.SearchStrategy[str]) -> str:
    tag = draw(st.sampled_from(_SOUP_TAGS))
    attrs = draw(
        st.sampled_from(
            ["", ' href="u"', ' src="s"', " hidden", ' style="display:none"', ' style="x:y"']
        )
    )
    closed = draw(st.booleans())
    return f"<{tag}{attrs}>{draw(children)}" + (f"</{tag}>" if closed else "")


_SOUP = st.recursive(
    _SOUP_TEXT,
    lambda inner: st.lists(st.one_of(inner, _element(inner)), max_size=5).map("".join),
    max_leaves=30,
)


def _inline_sequences(blocks: tuple[Block, ...]) -> list[tuple[Inline, ...]]:
    found: list[tuple[Inline, ...]] = []
    for block in blocks:
        if isinstance(block, Paragraph | Heading):
            found.append(block.children)
        elif isinstance(block, Figure):
            found.append(block.caption)
        elif isinstance(block, Blockquote):
            found.extend(_inline_sequences(block.children))
        elif isinstance(block, List):
            for item in block.items:
                found.extend(_inline_sequences(item.children))
        elif isinstance(block, Table):
            found.extend(cell.children for row in block.rows for cell in row.cells)
    return found


@settings(max_examples=examples(1.5), deadline=None)
@given(_SOUP)
def test_tag_soup(html: str) -> None:
    """Any tag soup keeps its visible text, in order, and gives canonical inlines."""
    result = parse_html(html)
    sequences = _inline_sequences(result.blocks)
    expected = (None, sequences)
    assert expected == (
        _first_missing(_visible_text(html), "\n".join(block_texts(result.blocks))),
        [normalize(sequence, block=True) for sequence in sequences],
    )
