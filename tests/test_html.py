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
    Code,
    Embed,
    Emphasis,
    Figure,
    Heading,
    Inline,
    List,
    ListItem,
    Paragraph,
    Strong,
    Table,
    Text,
)
from newsdoc.model.canonical import normalize
from newsdoc.model.text import block_texts
from newsdoc.parsers.html.reader import parse_html
from nodes import BR, HR, IMG, LI, OL, ROW, TABLE, UL, A, B, C, H, I, P, Q, S, inlines

# ------------------------------------------------------------ the rule table

CASES: list[tuple[str, str, tuple[Block, ...]]] = [
    # --- blocks
    ("p", "<p>Hello <b>world</b></p>", (P("Hello ", B("world")),)),
    ("p implicitly closed", "<p>one<p>two", (P("one"), P("two"))),
    (
        "headings",
        "<h1>a</h1><h2>b</h2><h3>c</h3><h4>d</h4><h5>e</h5><h6>f</h6>",
        (H(1, "a"), H(2, "b"), H(3, "c"), H(4, "d"), H(5, "e"), H(6, "f")),
    ),
    ("ul", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>", (UL("a", "b"),)),
    ("ol start", '<ol start="3"><li>a</li></ol>', (OL("a", start=3),)),
    ("ol start 1 is None", '<ol start="1"><li>a</li></ol>', (OL("a"),)),
    ("ol bad start", '<ol start="x"><li>a</li></ol>', (OL("a"),)),
    ("li implicitly closed", "<ul><li>a<li>b</ul>", (UL("a", "b"),)),
    (
        "blank line in an item",
        "<ul><li>a\n\nb</li><li>c\n\n<b>d</b></li></ul>",
        (UL(LI("a", "b"), LI("c", P(B("d")))),),
    ),
    (
        "nested list after the item's paragraph",
        "<ul><li>a<ul><li>b</li></ul></li></ul>",
        (UL(LI("a", UL("b"))),),
    ),
    (
        "list directly in a list joins the last item",
        "<ul><li>a</li><ul><li>b</li></ul></ul>",
        (UL(LI("a", UL("b"))),),
    ),
    ("text outside li", "<ul>t<li>a</li></ul>", (UL("t", "a"),)),
    ("empty item kept", "<ul><li></li></ul>", (UL(ListItem(children=())),)),
    ("li outside a list is a wrapper", "<li>x</li>", (P("x"),)),
    (
        "blockquote",
        "<blockquote><p>q</p><blockquote>r</blockquote></blockquote>",
        (Q(P("q"), Q(P("r"))),),
    ),
    ("empty blockquote dropped", "<blockquote> </blockquote><p>a</p>", (P("a"),)),
    (
        "pre language- on code (the newline after <code> shows, unlike one after <pre>)",
        '<pre><code class="language-python">\nx = 1\n  y\n</code></pre>',
        (Code(value="\nx = 1\n  y", lang="python"),),
    ),
    ("pre lang- on pre", '<pre class="prettyprint lang-js">a</pre>', (Code(value="a", lang="js"),)),
    ("pre bare class", '<pre class="ruby">a</pre>', (Code(value="a", lang="ruby"),)),
    ("pre with a CR reference", "<pre>a&#13;b&#13;&#10;c</pre>", (Code(value="a\nb\nc"),)),
    ("pre highlighter class", '<pre class="highlight"><code>a</code></pre>', (Code(value="a"),)),
    ("pre strips one newline each end", "<pre>\n\nx\n\n</pre>", (Code(value="\nx\n"),)),
    ("pre br is a newline", "<pre>a<br>b <b>c</b></pre>", (Code(value="a\nb c"),)),
    (
        "figure",
        '<figure><img src="i.png" alt="A" title="T"><figcaption>c <b>d</b></figcaption></figure>',
        (Figure(image=IMG("i.png", "A", "T"), caption=inlines(("c ", B("d")))),),
    ),
    (
        "figure with a link around the image",
        '<figure><a href="big.png"><img src="s.png"></a></figure>',
        (Figure(image=IMG("s.png")),),
    ),
    (
        "figure with two images is a wrapper",
        "<figure><img src=a><img src=b><figcaption>c</figcaption></figure>",
        (P(IMG("a"), IMG("b")), P("c")),
    ),
    (
        "figure with code is a wrapper",
        "<figure><pre>x</pre><figcaption>Listing</figcaption></figure>",
        (Code(value="x"), P("Listing")),
    ),
    (
        "table header first, align",
        "<table><tr><th align=right>h</th><th style='TEXT-ALIGN: center'>i</th></tr>"
        "<tr><td>1</td><td>2</td></tr></table>",
        (TABLE(ROW("h", "i"), ROW("1", "2"), align=("right", "center")),),
    ),
    (
        "table sections in document order",
        "<table><thead><tr><th>h</th></tr></thead><tfoot><tr><td>f</td></tr></tfoot>"
        "<tbody><tr><td>b</td></tr></tbody></table>",
        (TABLE(ROW("h"), ROW("f"), ROW("b")),),
    ),
    (
        "ragged rows kept",
        "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>",
        (TABLE(ROW("a", "b"), ROW("c")),),
    ),
    (
        "cell blocks joined with breaks",
        "<table><tr><td><p>a</p><p>b <i>c</i></p><ul><li>d</li></ul></td></tr></table>",
        (TABLE(ROW(("a", BR, "b ", I("c"), BR, "d"))),),
    ),
    (
        "nested table flattened",
        "<table><tr><td><table><tr><td>n1</td><td>n2</td></tr></table></td></tr></table>",
        (TABLE(ROW(("n1", BR, "n2"))),),
    ),
    (
        "table caption and loose text before the table",
        "<table>stray<caption>Cap</caption><font><tr><td>x</td></tr></font></table>",
        (P("stray", BR, "Cap"), TABLE(ROW("x"))),
    ),
    (
        "loose table content keeps its order",
        "<table><tr><td>a</td>b</tr>c<tr><td>d</td></tr>e</table>",
        (TABLE(ROW("a", "b"), ROW("c"), ROW("d")), P("e")),
    ),
    ("empty table dropped", "<table></table><p>a</p>", (P("a"),)),
    ("hr", "<p>a</p><hr><p>b</p>", (P("a"), HR, P("b"))),
    (
        "embeds",
        "<iframe src='https://y.t/e' title='T'>fb</iframe><video><source src=v.mp4>"
        "Your browser <a href=v.mp4>fallback</a></video><audio src=a.mp3></audio>"
        "<embed src=e.swf><object data=o.swf>fb</object>"
        "<object><param name=movie value=m.swf>fb</object>",
        (
            Embed(kind="iframe", url="https://y.t/e", title="T"),
            Embed(kind="video", url="v.mp4"),
            Embed(kind="audio", url="a.mp3"),
            Embed(kind="embed", url="e.swf"),
            Embed(kind="object", url="o.swf"),
            Embed(kind="object", url="m.swf"),
        ),
    ),
    ("embed without URL dropped", "<iframe>fallback</iframe><p>a</p>", (P("a"),)),
    (
        "iframe splits a paragraph",
        "<p>a<iframe src=u></iframe>b</p>",
        (P("a"), Embed(kind="iframe", url="u"), P("b")),
    ),
    (
        "embed in a table cell is a link, its URL the text inside another link",
        '<table><tr><td><iframe src=u></iframe></td><td><a href="h"><iframe src=v></a></td></tr>',
        (TABLE(ROW((A("u", "u"),), (A("h", "v"),))),),
    ),
    (
        "leading style: what libxml2 moves into <head> is kept",
        "<style>p{}</style><figure><img src=a><figcaption>cap</figcaption></figure>"
        "<section><p>s</p></section>",
        (Figure(image=IMG("a"), caption=(Text(value="cap"),)), P("s")),
    ),
    ("title dropped", "<title>T</title><p>x</p>", (P("x"),)),
    ("dl", "<dl><dt>T</dt><dd>D <b>d</b></dd></dl>", (P("T"), P("D ", B("d")))),
    ("address", "<address>A<br>B</address>", (P("A", BR, "B"),)),
    # --- inlines
    ("strong, b", "<p><strong>a</strong> <b>b</b></p>", (P(B("a"), " ", B("b")),)),
    (
        "em, i, cite",
        "<p><em>a</em> <i>b</i> <cite>c</cite></p>",
        (P(I("a"), " ", I("b"), " ", I("c")),),
    ),
    (
        "del, s, strike",
        "<p><del>a</del> <s>b</s> <strike>c</strike></p>",
        (P(S("a"), " ", S("b"), " ", S("c")),),
    ),
    ("nested formatting", "<p><b>a <i>b</i></b></p>", (P(B("a ", I("b"))),)),
    (
        "code, kbd, samp, tt",
        "<p><code>a</code><kbd>b</kbd><samp>c</samp><tt>d</tt></p>",
        (P(C("a"), C("b"), C("c"), C("d")),),
    ),
    (
        "code collapsed, not trimmed",
        "<p>x<code> a \n\t b <b>c</b> </code>y</p>",
        (P("x", C(" a b c "), "y"),),
    ),
    ("empty code dropped", "<p><code></code>x</p>", (P("x"),)),
    (
        "link with title",
        '<p><a href="/u" title="T">go</a></p>',
        (P(A("/u", "go", title="T")),),
    ),
    ("a without href unwrapped", "<p><a name=x>go</a></p>", (P("go"),)),
    ("empty href is a link", '<p><a href="">go</a></p>', (P(A("", "go")),)),
    ("empty link dropped", "<p><a href=x></a>t</p>", (P("t"),)),
    ("image", '<p><img src="i.png" alt="A" title="T"></p>', (P(IMG("i.png", "A", "T")),)),
    ("image without src dropped", "<p>a<img alt=x></p>", (P("a"),)),
    ("image tag", "<image src=i.png>", (P(IMG("i.png")),)),
    ("br", "<p>a<br>b</p>", (P("a", BR, "b"),)),
    ("br at edges dropped", "<p><br>a<br></p>", (P("a"),)),
    ("double br inside p kept", "<p>a<br><br>b</p>", (P("a", BR, BR, "b"),)),
    (
        "wrapper inline elements unwrapped",
        "<p><span>a</span><font>b</font><sup>c</sup><sub>d</sub><u>e</u><mark>f</mark>"
        "<small>g</small><abbr>h</abbr><label>i</label><foo>j</foo></p>",
        (P("abcdefghij"),),
    ),
    # --- wrappers
    (
        "block wrappers unwrapped",
        "<div>a</div><section>b</section><article>c</article><main>d</main><header>e</header>"
        "<footer>f</footer><aside>g</aside><nav>h</nav><center>i</center>"
        "<details><summary>j</summary>k</details><noscript>l</noscript><form>m</form>",
        tuple(P(c) for c in "abcdefghijklm"),
    ),
    ("block inside a link", "<a href=x><div>t</div></a>", (P(A("x", "t")),)),
    (
        "block inside a link: the link carries over",
        "<a href=x>a<div>b</div>c</a>",
        (P(A("x", "a")), P(A("x", "b")), P(A("x", "c"))),
    ),
    ("heading inside a link", "<a href=x><h2>T</h2></a>", (H(2, A("x", "T")),)),
    ("block inside span", "<span>a<p>b</p>c</span>", (P("a"), P("b"), P("c"))),
    ("div inside a heading", "<h2><div>T</div></h2>", (H(2, "T"),)),
    ("blocks inside a heading", "<h2>a<div>T</div>b</h2>", (H(2, "a"), H(2, "T"), H(2, "b"))),
    ("p inside dt", "<dt><p>x</p>y</dt>", (P("x"), P("y"))),
    (
        "embed is void",
        "<p>a<embed src=e.swf>b <i>c</i></p>",
        (P("a"), Embed(kind="embed", url="e.swf"), P("b ", I("c"))),
    ),
    (
        "embed in a cell",
        "<table><tr><td><embed src=e>t</td></tr></table>",
        (TABLE(ROW((A("e", "e"), "t"))),),
    ),
    # --- dropped
    (
        "style, script, template, input, meta, link",
        "<style>p{}</style><script>x</script><template>t</template>"
        "<p>a<input value=v><meta name=m><link rel=r></p>",
        (P("a"),),
    ),
    (
        "hidden attribute",
        "<div hidden>h</div><p HIDDEN>x</p><p>v<span hidden>s</span></p>",
        (P("v"),),
    ),
    ("comments", "<p>x<!-- c -->y</p><!-- z -->", (P("xy"),)),
    ("head contents", "<title>T</title><meta charset=utf-8><p>a</p>", (P("a"),)),
    # --- loose content
    ("plain text", "one\ntwo\n\nthree\n\n\nfour", (P("one two"), P("three"), P("four"))),
    ("blank line with spaces", "a\n  \t\nb", (P("a"), P("b"))),
    (
        "loose inline content",
        "Some <b>bold</b>\n\n<a href=x>link</a> text",
        (P("Some ", B("bold")), P(A("x", "link"), " text")),
    ),
    ("blank line inside loose bold", "<b>a\n\nb</b>", (P(B("a")), P(B("b")))),
    ("double br ends a loose paragraph", "a<br>b<br> <br>c", (P("a", BR, "b"), P("c"))),
    ("triple br", "a<br><br><br>b", (P("a"), P("b"))),
    ("blank line inside p is a space", "<p>a\n\nb</p>", (P("a b"),)),
    (
        "drupal body",
        "Intro <a href=/x>x</a>.\n\nMore:\n<ol>\n<li>one</li>\n</ol>\n\nEnd.",
        (P("Intro ", A("/x", "x"), "."), P("More:"), OL("one"), P("End.")),
    ),
    (
        "loose image",
        "<div><img src=a.png><span>caption</span></div>",
        (P(IMG("a.png"), "caption"),),
    ),
    # --- whitespace
    ("space across elements", "<p>one<i> </i>two</p>", (P("one two"),)),
    ("space into bold", "<p>a <b> b</b></p>", (P("a ", B("b")),)),
    ("space out of bold", "<p><b>a </b> b</p>", (P(B("a"), " b"),)),
    ("space out of a link", "<p>x<a href=u> y </a>z</p>", (P("x ", A("u", "y"), " z"),)),
    ("trimmed at block edges", "<p> \n a \t b \n </p>", (P("a b"),)),
    ("trimmed around breaks", "<p>a <br> b</p>", (P("a", BR, "b"),)),
    (
        "nbsp and ideographic space kept",
        "<p>&nbsp;a&nbsp;&nbsp;b\u3000c</p>",
        (P("\xa0a\xa0\xa0b\u3000c"),),
    ),
    ("CJK newline removed", "<p>中文\n中文</p>", (P("中文中文"),)),
    (
        "CJK newline across elements",
        "<p><b>中文</b>\n中文\n<i>。</i></p>",
        (P(B("中文"), "中文", I("。")),),
    ),
    ("CJK newline into a link", "<p>中文\n<a href=u>中文</a></p>", (P("中文", A("u", "中文")),)),
    ("CJK space kept without newline", "<p>中文 中文</p>", (P("中文 中文"),)),
    ("CJK and Latin newline is a space", "<p>中文\nabc\n中文</p>", (P("中文 abc 中文"),)),
    ("kana and hangul newline removed", "<p>かな\nカナ\n한국어\n，</p>", (P("かなカナ한국어，"),)),
    (
        "entities decoded",
        "<p>&#123;&#125; &mdash; &quot;&amp;&quot; &alpha; &#x4E2D; &bogus;</p>",
        (P('{} — "&" α 中 &bogus;'),),
    ),
    # --- text and URLs kept as written
    (
        "template and markdown leftovers",
        "<p>{{site.baseurl}} {% if x %} {{< ref >}} ```python **bold** _i_</p>",
        (P("{{site.baseurl}} {% if x %} {{< ref >}} ```python **bold** _i_"),),
    ),
    (
        "URLs as written",
        '<p><a href="{{site.baseurl}}/a b?x=1&amp;y=%2F#f">a</a>'
        '<img src="//cdn.example/p/undefined"><a href=" /sp ">b</a></p>',
        (
            P(
                A("{{site.baseurl}}/a b?x=1&y=%2F#f", "a"),
                IMG("//cdn.example/p/undefined"),
                A(" /sp ", "b"),
            ),
        ),
    ),
    (
        "content after </html>",
        "<p>a</p></body></html>tail <b>b</b><p>c</p>",
        (P("a"), P("tail ", B("b")), P("c")),
    ),
    (
        "a whole document",
        "<!DOCTYPE html><html><head><title>T</title></head><body><p>b</p></body></html>",
        (P("b"),),
    ),
    ("empty body", "", ()),
    ("whitespace body", " \n\t\n", ()),
    ("comment-only body", "<!-- x -->", ()),
]


@pytest.mark.parametrize(("html", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_blocks(html: str, expected: tuple[Block, ...]) -> None:
    """Each HTML construct becomes the documented blocks and inlines."""
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
    for hidden in [e for e in root.iter() if e.get("hidden") is not None]:
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
    attrs = draw(st.sampled_from(["", ' href="u"', ' src="s"', " hidden"]))
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
