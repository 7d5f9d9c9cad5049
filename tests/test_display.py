"""Notebook display: the article card, its Markdown form, the table, and what stays inert."""

from __future__ import annotations

import datetime as dt
import time
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest
from markdown_it import MarkdownIt

import newsdoc
from conftest import EXAMPLES
from newsdoc.batch.result import LoadResult
from newsdoc.common.urls import LINK_SCHEMES, MEDIA_SCHEMES, safe_url
from newsdoc.display.card import article_html, article_markdown
from newsdoc.display.table import ArticleTable, show_table
from newsdoc.errors import Problem
from newsdoc.model import (
    Article,
    Block,
    Blockquote,
    Break,
    Code,
    Delete,
    Embed,
    Emphasis,
    Figure,
    Heading,
    Image,
    InlineCode,
    Link,
    List,
    ListItem,
    Strong,
    Table,
    TableCell,
    TableRow,
    Text,
    ThematicBreak,
)
from newsdoc.serializers.html import blocks_html
from nodes import P, T

SCRIPT = "<script>alert(1)</script>"
BAD_URLS = (
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "  javascript:alert(1)",
    "\x01javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
)


class Page(HTMLParser):
    """What a browser would build from the HTML: elements with attributes, and visible text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def urls(self) -> list[str]:
        """Every href and src."""
        return [v or "" for _, a in self.elements for k, v in a.items() if k in {"href", "src"}]


def _dangerous(url: str) -> bool:
    """A deny-list oracle, independent of `safe_url`: the schemes that can run code or leak."""
    cleaned = url.lstrip("".join(map(chr, range(0x21)))).translate({9: None, 10: None, 13: None})
    return cleaned.lower().startswith(("javascript:", "vbscript:", "data:", "file:"))


def assert_inert(html: str) -> None:
    """No script element, no event-handler attribute, no dangerous URL in the HTML."""
    page = Page(html)
    assert "<script" not in html.lower()
    assert [tag for tag, _ in page.elements if tag in {"script", "iframe", "object", "embed"}] == []
    assert [k for _, a in page.elements for k in a if k.lower().startswith("on")] == []
    assert [url for url in page.urls() if _dangerous(url)] == []


def hostile_article(url: str) -> Article:
    """An article with a script or `url` in every place one can hide."""
    return Article(
        title=SCRIPT,
        authors=(SCRIPT,),
        date_raw=SCRIPT,
        categories=((SCRIPT, "a"),),
        tags=(SCRIPT,),
        image=url,
        source=SCRIPT,
        problems=(Problem(code=SCRIPT, message=SCRIPT),),
        blocks=(
            P(T(SCRIPT), Link(url=url, title='"><script>x</script>', children=(T("l"),))),
            P(Image(url=url, alt='x" onerror="alert(1)')),
            P(Image(url="https://ok.example/a.png", alt='x" onerror="alert(1)', title=SCRIPT)),
            Figure(image=Image(url=url, alt="<img src=x onerror=alert(1)>"), caption=(T("c"),)),
            Code(value=SCRIPT, lang='"><script>x</script>'),
            Embed(kind="iframe", url=url, title=SCRIPT),
            Heading(depth=1, children=(InlineCode(value=SCRIPT),)),
        ),
    )


@pytest.mark.parametrize("url", BAD_URLS)
def test_hostile_article_renders_inert(url: str) -> None:
    """Scripts, event handlers and dangerous URLs anywhere in an article stay inert."""
    html = article_html(hostile_article(url))
    assert_inert(html)
    expected = ["https://ok.example/a.png"]  # the one http(s) URL: nothing else is live
    assert expected == Page(html).urls()


def test_script_in_text_is_shown_as_text() -> None:
    """A `<script>` written in the post's text is displayed as those characters."""
    article = newsdoc.parse("<p>before &lt;script&gt;alert(1)&lt;/script&gt; after</p>")
    page = Page(article_html(article))
    assert f"before {SCRIPT} after" in "".join(page.text)


def test_script_element_in_the_post_is_not_shown() -> None:
    """A real `<script>` element in an HTML body is dropped by the parser, never displayed."""
    html = article_html(newsdoc.parse(f"<p>a</p>{SCRIPT}<p>b</p>"))
    assert_inert(html)
    assert "alert" not in html


def test_article_repr_html_is_the_card() -> None:
    """`Article._repr_html_` (what Jupyter calls) returns `article_html`."""
    article = newsdoc.load(EXAMPLES / "hexo-rss-zh.md")
    assert article_html(article) == article._repr_html_()


def test_article_repr_markdown_is_the_markdown_form() -> None:
    """`Article._repr_markdown_` returns `article_markdown`."""
    article = newsdoc.load(EXAMPLES / "jekyll-markdown.md")
    assert article_markdown(article) == article._repr_markdown_()


@pytest.mark.parametrize("path", sorted(EXAMPLES.iterdir()), ids=lambda p: p.name)
def test_card_shows_the_whole_body(path: Path) -> None:
    """Every paragraph of each example post appears in the card's visible text."""
    article = newsdoc.load(path)
    visible = "".join("".join(Page(article_html(article)).text).split())
    assert [p for p in article.paragraphs if "".join(p.split()) not in visible] == []


def test_card_shows_title_byline_chips_image_and_problems() -> None:
    """The card holds the title, authors, date, chips, the lead image and the problems."""
    article = Article(
        title="T & co",
        authors=("Ann", "Bo"),
        date=dt.datetime(2021, 11, 24, 8, 11, tzinfo=dt.timezone(dt.timedelta(hours=8))),
        categories=(("新媒体", "首页"),),
        tags=("x",),
        image="//cdn.example/lead.jpg",
        draft=True,
        source="post.md",
        problems=(Problem(code="date", message="bad", line=3),),
    )
    html = article_html(article)
    for expected in (
        '<h2 style="margin:.2em 0">T &amp; co</h2>',
        "Ann, Bo · 2021-11-24 08:11:00+08:00 · draft · post.md",
        ">新媒体 › 首页</span>",
        ">#x</span>",
        '<img src="//cdn.example/lead.jpg"',
        '<summary style="cursor:pointer">1 problem</summary>',
        "<li><code>date</code> (line 3): bad</li>",
    ):
        assert expected in html


class Outline(HTMLParser):
    """The card's parts in document order: problems, lead image, body blocks, what is folded."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.open_problems = False
        self._stack: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        where = next((c for c in reversed(self._stack) if c), "")
        if tag == "details" and found.get("class") == "newsdoc-problems":
            self.parts.append("problems")
            self.open_problems = "open" in found
        elif tag == "details" and found.get("class") == "newsdoc-more":
            self.parts.append("fold")
        elif tag == "img" and where == "newsdoc-article":
            self.parts.append("lead image")
        elif tag == "p" and where in {"newsdoc-body", "newsdoc-more"}:
            self.parts.append(f"p in {where}")
        if tag not in {"img", "br", "hr"}:
            self._stack.append(found.get("class") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag not in {"img", "br", "hr"}:
            self._stack.pop()


def test_card_puts_problems_first_and_folds_a_long_body() -> None:
    """Problems come before the lead image and body; blocks past the first six are folded."""
    article = Article(
        title="T",
        image="https://e.org/lead.jpg",
        blocks=[P(T(f"paragraph {n}")) for n in range(20)],
        problems=[Problem(code="date", message="bad")],
    )
    outline = Outline(article_html(article))
    expected = [
        "problems",
        "lead image",
        *["p in newsdoc-body"] * 6,
        "fold",
        *["p in newsdoc-more"] * 14,
    ]
    assert (expected, True) == (outline.parts, outline.open_problems)
    assert "Show 14 more blocks of 20</summary>" in article_html(article)


def test_card_shows_a_short_body_whole_and_folds_many_problems() -> None:
    """Eight blocks are shown unfolded; more than five problems start folded."""
    article = Article(
        blocks=[P(T(str(n))) for n in range(8)],
        problems=[Problem(code="date", message=str(n)) for n in range(6)],
    )
    outline = Outline(article_html(article))
    assert (["problems", *["p in newsdoc-body"] * 8], False) == (
        outline.parts,
        outline.open_problems,
    )


def test_markdown_form_puts_problems_first_and_cuts_a_long_body() -> None:
    """The Markdown form lists problems under the byline and says how many blocks it leaves out."""
    article = Article(
        title="T",
        blocks=[P(T(f"p{n}")) for n in range(9)],
        problems=[Problem(code="date", message="bad", line=2)],
    )
    expected = (
        "## T\n\n- `date` (line 2): bad\n\n"
        + "".join(f"p{n}\n\n" for n in range(6))
        + "*… 3 more blocks of 9 not shown*\n"
    )
    assert expected == article_markdown(article)


def test_card_of_an_empty_article() -> None:
    """An article with nothing in it still renders, titled "(untitled)"."""
    expected = (
        '<div class="newsdoc-article" style="max-width:48em;line-height:1.5">'
        '<h2 style="margin:.2em 0"><i>(untitled)</i></h2><div class="newsdoc-body"></div></div>'
    )
    assert expected == article_html(Article())


def test_unreadable_date_shows_as_written() -> None:
    """When the date could not be read, the byline shows the raw text and says so."""
    assert "Invalid Date (not a date)" in article_html(Article(date_raw="Invalid Date"))


NODES: list[tuple[Block, str]] = [
    (P(T("a < b")), "<p>a &lt; b</p>"),
    (
        P(Strong(children=(T("s"),)), Emphasis(children=(T("e"),))),
        "<p><strong>s</strong><em>e</em></p>",
    ),
    (
        P(Delete(children=(T("d"),)), InlineCode(value="<c>")),
        '<p><del>d</del><code style="background:rgba(127,127,127,.15);border-radius:3px;'
        'padding:.1em .3em">&lt;c&gt;</code></p>',
    ),
    (P(T("a"), Break(), T("b")), "<p>a<br>b</p>"),
    (
        P(Link(url="https://e.org/?a=1&b=2", title="t", children=(T("x"),))),
        '<p><a href="https://e.org/?a=1&amp;b=2" title="t" target="_blank"'
        ' rel="noopener noreferrer nofollow">x</a></p>',
    ),
    (
        P(Link(url="javascript:alert(1)", children=(T("x"),))),
        '<p><span title="link not shown: unsafe URL">x</span></p>',
    ),
    (
        P(Image(url="data:image/png;base64,AAAA", alt="pic")),
        "<p><span>[image: pic]</span></p>",
    ),
    (
        P(Image(url="/a.png", alt="")),
        '<p><img src="/a.png" alt="" loading="lazy" referrerpolicy="no-referrer"'
        ' style="max-width:100%;height:auto"></p>',
    ),
    (Heading(depth=1, children=(T("h"),)), "<h3>h</h3>"),
    (Heading(depth=5, children=(T("h"),)), "<h6>h</h6>"),
    (
        List(ordered=True, start=3, items=(ListItem(children=(P(T("i")),)),)),
        '<ol start="3"><li>i</li></ol>',
    ),
    (
        List(ordered=False, items=(ListItem(children=(P(T("i")), P(T("j")))),)),
        "<ul><li><p>i</p><p>j</p></li></ul>",
    ),
    (Blockquote(children=(P(T("q")),)), "<blockquote><p>q</p></blockquote>"),
    (
        Code(value="x < 1\n", lang="py"),
        '<pre style="background:rgba(127,127,127,.12);border-radius:4px;padding:.6em .8em;'
        'overflow-x:auto"><code class="language-py">x &lt; 1\n</code></pre>',
    ),
    (ThematicBreak(), "<hr>"),
    (
        Embed(kind="video", url="https://v.example/1.mp4", title=None),
        '<p>▶ video: <a href="https://v.example/1.mp4" target="_blank"'
        ' rel="noopener noreferrer nofollow">https://v.example/1.mp4</a></p>',
    ),
    (Embed(kind="iframe", url="javascript:x"), "<p>▶ iframe: URL not shown: unsafe</p>"),
    (
        Figure(image=Image(url="https://e.org/f.jpg", alt="f"), caption=(T("cap"),)),
        '<figure><img src="https://e.org/f.jpg" alt="f" loading="lazy"'
        ' referrerpolicy="no-referrer" style="max-width:100%;height:auto">'
        "<figcaption>cap</figcaption></figure>",
    ),
    (
        Table(
            rows=(
                TableRow(cells=(TableCell(children=(T("h"),)),)),
                TableRow(cells=(TableCell(children=(T("d"),)),)),
            ),
            align=("right",),
        ),
        '<table style="border-collapse:collapse"><thead><tr><th style="border:1px solid'
        ' rgba(127,127,127,.4);padding:.2em .5em;text-align:right">h</th></tr></thead>'
        '<tbody><tr><td style="border:1px solid rgba(127,127,127,.4);padding:.2em .5em;'
        'text-align:right">d</td></tr></tbody></table>',
    ),
]


@pytest.mark.parametrize(("block", "expected"), NODES, ids=lambda v: getattr(v, "type", ""))
def test_each_node_renders(block: Block, expected: str) -> None:
    """Each block and inline kind renders to its HTML element."""
    assert expected == blocks_html([block])


@pytest.mark.parametrize(
    ("url", "schemes", "expected"),
    [
        ("https://e.org/a", LINK_SCHEMES, True),
        ("HTTP://e.org/a", LINK_SCHEMES, True),
        ("mailto:a@e.org", LINK_SCHEMES, True),
        ("mailto:a@e.org", MEDIA_SCHEMES, False),
        ("//cdn.e.org/a.png", MEDIA_SCHEMES, True),
        ("/a.png", MEDIA_SCHEMES, True),
        ("a/b.png?x=1:2", MEDIA_SCHEMES, True),
        ("#top", LINK_SCHEMES, True),
        ("", LINK_SCHEMES, True),
        ("{{site.baseurl}}/a.png", MEDIA_SCHEMES, True),
        ("\u00a0javascript:x", LINK_SCHEMES, True),  # not stripped by browsers: a relative URL
        *((url, LINK_SCHEMES, False) for url in BAD_URLS),
        pytest.param(
            "data:image/png;base64," + "A" * 300_000, MEDIA_SCHEMES, False, id="data-300k"
        ),
    ],
)
def test_safe_url(url: str, schemes: frozenset[str], expected: bool) -> None:
    """A URL is safe when a browser reads no scheme in it, or an allowed one."""
    assert expected == safe_url(url, schemes)


def test_deep_nesting_renders_without_recursion() -> None:
    """100 000 nested blockquotes and spans render, in linear time, with no RecursionError."""
    depth = 100_000
    inline: Strong | Text = T("x")
    for _ in range(depth):
        inline = Strong(children=(inline,))
    block: Block = P(inline)
    for _ in range(depth):
        block = Blockquote(children=(block,))
    start = time.process_time()  # CPU time: other work on a loaded machine does not count
    html = blocks_html([block])
    # well under a second; quadratic work on 100,000 levels would take hours
    assert time.process_time() - start < 30
    assert (depth, depth) == (html.count("<blockquote>"), html.count("<strong>"))


def test_markdown_form_reads_back_as_the_same_title_and_body() -> None:
    """The Markdown form parses back to the title as a heading, then the body."""
    title = "*not* emphasis <b>nor</b> `code` [x](y) # " + SCRIPT
    article = Article(title=title, blocks=(P(T("body ** text")),))
    back = newsdoc.parse(article_markdown(article), body_format="markdown")
    expected = (Heading(depth=2, children=(T(title),)), P(T("body ** text")))
    assert expected == back.blocks


def markdown_urls(text: str) -> list[str]:
    """Every link, image and raw-HTML URL a CommonMark renderer would emit for `text`."""
    md = MarkdownIt("commonmark").enable("table")
    md.validateLink = lambda url: True  # see every destination, not only those it would allow
    urls: list[str] = []
    tokens = md.parse(text)
    while tokens:
        token = tokens.pop()
        tokens.extend(token.children or ())
        if token.type in {"link_open", "image"}:
            urls.append(str(token.attrGet("href") or token.attrGet("src")))
        elif token.type in {"html_block", "html_inline"}:
            urls.extend(Page(token.content).urls())
    return urls


@pytest.mark.parametrize("url", BAD_URLS)
def test_markdown_form_blocks_dangerous_urls(url: str) -> None:
    """No link, image, figure or embed in the Markdown form points to a dangerous URL."""
    urls = markdown_urls(article_markdown(hostile_article(url)))
    assert len(urls) >= 4  # the link, both images, the figure and the embed are all there
    assert [u for u in urls if _dangerous(u)] == []


def test_markdown_form_moves_headings_below_the_title() -> None:
    """Top-level body headings are shown two levels down, under the level-2 title."""
    article = Article(title="T", blocks=(Heading(depth=1, children=(T("h"),)),))
    assert article_markdown(article) == "## T\n\n### h\n"


def test_table_rows_and_escaping() -> None:
    """The table has one escaped row per article, and says how many there are."""
    articles = [Article(title=SCRIPT, source="a.md"), Article(title="b", tags=("t1", "t2"))]
    html = show_table(articles)._repr_html_()
    assert_inert(html)
    assert html.count("<tr><th>") == 2
    assert "<p>2 articles</p>" in html
    assert '<td style="text-align:left;vertical-align:top">t1, t2</td>' in html


def test_table_gives_the_title_room_and_keeps_dates_on_one_line() -> None:
    """The date cell never wraps; the source cell is narrow and breaks anywhere."""
    article = Article(
        title="T",
        date=dt.datetime(2021, 11, 24, 8, 11, tzinfo=dt.UTC),
        source="a/" * 40 + "post.md",
    )
    cells = [a for tag, a in Page(show_table([article])._repr_html_()).elements if tag == "td"]
    title, date, source = (
        cells[0]["style"] or "",
        cells[1]["style"] or "",
        cells[6]["style"] or "",
    )
    assert ("min-width:16em" in title, "white-space:nowrap" in date) == (True, True)
    assert "overflow-wrap:anywhere" in source


def test_table_shows_load_errors() -> None:
    """A failed `LoadResult` shows its error in its row."""
    failed = LoadResult(path="bad.md", error=newsdoc.ParseError("broken", source="bad.md", line=2))
    html = show_table([failed])._repr_html_()
    assert "error: bad.md:2: broken" in html


def test_table_reads_an_iterator_no_further_than_needed() -> None:
    """An iterator is read up to `max_rows + 1` items; the footer says the rest was not read."""
    read: list[int] = []

    def articles() -> object:
        for number in range(1000):
            read.append(number)
            yield Article(title=str(number))

    table = show_table(articles(), max_rows=3)  # type: ignore[arg-type]
    assert (len(read), len(table), table.total) == (4, 3, None)
    assert "first 3 shown; the rest was not read" in table._repr_html_()


@pytest.mark.parametrize(
    ("count", "max_rows", "footer"),
    [(2, 5, "2 articles"), (1, 5, "1 article"), (7, 5, "first 5 of 7 shown"), (0, 5, "0 articles")],
)
def test_table_footer_for_collections(count: int, max_rows: int, footer: str) -> None:
    """For a list the total is known and the footer counts it."""
    table = show_table([Article(title=str(n)) for n in range(count)], max_rows=max_rows)
    assert f"<p>{footer}</p>" in table._repr_html_()


def test_table_text_repr() -> None:
    """In a terminal the table is a few lines of text."""
    article = Article(title="A\ntitle", date=dt.datetime(2021, 1, 2, tzinfo=dt.UTC))
    failed = LoadResult(path="x.md", error=newsdoc.NewsdocError("x.md: cannot read"))
    expected = "ArticleTable: 2 articles\n  0  2021-01-02  A title\n  1  error: x.md: cannot read"
    assert expected == repr(show_table([article, failed]))


@pytest.mark.parametrize(
    ("items", "max_rows", "error"),
    [([Article()], 0, ValueError), (["not an article"], 5, TypeError)],
)
def test_table_refuses_bad_arguments(items: list[object], max_rows: int, error: type) -> None:
    """`max_rows` below 1 and items that are not articles are refused."""
    with pytest.raises(error):
        show_table(items, max_rows=max_rows)  # type: ignore[arg-type]


def test_table_is_frozen() -> None:
    """An `ArticleTable` cannot be changed after it is made."""
    table = ArticleTable(rows=(), total=0)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        table.total = 1  # type: ignore[misc]
