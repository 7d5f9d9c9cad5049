"""`to_markdown`: expected Markdown for each case, and a render oracle with three engines.

The oracle renders the body with markdown-it-py (CommonMark + tables + strikethrough),
with cmark-gfm (tables + strikethrough) and with pulldown-cmark through pyromark (tables +
strikethrough), reads each HTML back into newsdoc blocks with lxml (below, independently
of newsdoc's own HTML parser) and compares them with the article: same text, same
strong/emphasis/delete/code/link spans, no stray ``*``."""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import attrs
import lxml.html
import pyromark
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from markdown_it import MarkdownIt
from mdit_py_plugins.tasklists import tasklists_plugin

import newsdoc
from conftest import corpus_files, corpus_id, examples
from hostile.properties import cmark_gfm_html
from newsdoc.common import urls
from newsdoc.errors import SchemaError
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
    Inline,
    InlineCode,
    Link,
    List,
    ListItem,
    Paragraph,
    Strong,
    Table,
    TableCell,
    TableRow,
    Text,
    ThematicBreak,
)
from newsdoc.model.canonical import normalize
from newsdoc.serializers.markdown.front_matter import front_matter_text
from newsdoc.serializers.markdown.tightness import LOOSE, layout
from newsdoc.serializers.markdown.writer import to_markdown
from nodes import P
from strategies import blocks, canonical_articles, inlines

FIXTURES = Path(__file__).parent / "fixtures" / "markdown" / "writer.txt"

# ------------------------------------------------------------------ the oracle

_MARKDOWN_IT = (
    MarkdownIt("commonmark").enable("table").enable("strikethrough").use(tasklists_plugin)
)


def _markdown_it(text: str) -> str:
    return str(_MARKDOWN_IT.render(text))


def _cmark_gfm(text: str) -> str:
    # cmarkgfm's own functions leak what C gives them
    return cmark_gfm_html(text, extensions=("table", "strikethrough", "tasklist"))


_PYROMARK_OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_STRIKETHROUGH
    | pyromark.Options.ENABLE_TASKLISTS
)


def _pulldown_cmark(text: str) -> str:
    return pyromark.html(text, options=_PYROMARK_OPTIONS)


RENDERERS = {
    "markdown-it-py": _markdown_it,
    "cmark-gfm": _cmark_gfm,
    "pulldown-cmark": _pulldown_cmark,
}
_BLOCK_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "pre", "hr", "table"}
    | {"figure", "iframe", "video", "audio", "embed", "object"}
)
_SPANS: dict[str, type[Strong | Emphasis | Delete]] = {
    "strong": Strong,
    "em": Emphasis,
    "del": Delete,
    "s": Delete,
}
_TEXT_ALIGN = re.compile(r"text-align:\s*(left|right|center)")


def html_to_blocks(html: str) -> tuple[Block, ...]:
    """Read rendered HTML back into blocks, as literally as possible (no normalizing)."""
    html = re.sub(r"(<embed\b[^>]*>)", r"\1</embed>", html)  # libxml2 does not know it is void
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    return _blocks_of(root)


def _blocks_of(element: etree._Element) -> tuple[Block, ...]:
    found: list[Block] = []
    lead, run = element.text or "", list[etree._Element]()
    for child in element:
        if not isinstance(child.tag, str):  # a comment (the writer's <!----> separator)
            if run:
                run[-1].tail = (run[-1].tail or "") + (child.tail or "")
            else:
                lead += child.tail or ""
            continue
        if child.tag in _BLOCK_TAGS:
            found.extend(_loose_paragraph(lead, run))
            found.append(_block(child))
            lead, run = child.tail or "", []
        else:
            run.append(child)
    found.extend(_loose_paragraph(lead, run))
    return tuple(found)


def _loose_paragraph(lead: str, run: list[etree._Element]) -> list[Block]:
    """Inline content of a tight list item, without the newlines around its blocks."""
    nodes = list(_inlines(lead, run))
    if nodes and isinstance(nodes[0], Text):
        nodes[0:1] = [Text(value=v)] if (v := nodes[0].value.lstrip("\n")) else []
    if nodes and isinstance(nodes[-1], Text):
        nodes[-1:] = [Text(value=v)] if (v := nodes[-1].value.rstrip("\n")) else []
    # Two breaks in a row end the paragraph, as newsdoc's readers read a tight item's text.
    found: list[Block] = []
    start = 0
    for index in range(len(nodes) + 1):
        if index == len(nodes) or (
            index + 1 < len(nodes)
            and isinstance(nodes[index], Break)
            and isinstance(nodes[index + 1], Break)
        ):
            if nodes[start:index]:
                found.append(Paragraph(children=tuple(nodes[start:index])))
            start = index + 2
    return found


def _inlines(lead: str, elements: list[etree._Element]) -> tuple[Inline, ...]:
    nodes: list[Inline] = [Text(value=lead)] if lead else []
    for element in elements:
        tail = element.tail or ""
        tag = element.tag
        if tag in _SPANS:
            span: Inline = _SPANS[tag](children=_children(element))
            nodes.append(span)
        elif tag == "code":
            nodes.append(InlineCode(value="".join(str(part) for part in element.itertext())))
        elif tag == "a":
            href, title = element.get("href", ""), element.get("title")
            nodes.append(Link(url=unquote(href), title=title, children=_children(element)))
        elif tag == "img":
            nodes.append(_image(element))
        elif tag == "br":
            nodes.append(Break())
            tail = tail.removeprefix("\n")
        else:
            raise AssertionError(f"unexpected inline element <{tag}>")
        if tail:
            nodes.append(Text(value=tail))
    merged: list[Inline] = []
    for node in nodes:
        last = merged[-1] if merged else None
        if isinstance(node, Text) and isinstance(last, Text):
            merged[-1] = Text(value=last.value + node.value)
        else:
            merged.append(node)
    return tuple(merged)


def _children(element: etree._Element) -> tuple[Inline, ...]:
    return _inlines(element.text or "", list(element))


def _image(element: etree._Element) -> Image:
    url = unquote(element.get("src", ""))
    return Image(url=url, alt=element.get("alt", ""), title=element.get("title"))


def _block(element: etree._Element) -> Block:
    tag = element.tag
    if tag == "p":
        return Paragraph(children=_children(element))
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return Heading(depth=int(tag[1]), children=_children(element))
    if tag in ("ul", "ol"):
        items = tuple(_item(li) for li in element if li.tag == "li")
        start = int(element.get("start", "1"))
        return List(
            ordered=tag == "ol",
            items=items,
            start=None if start == 1 else start,
            spread=any(item.spread for item in items),
        )
    if tag == "blockquote":
        return Blockquote(children=_blocks_of(element))
    if tag == "pre":
        code = element[0] if len(element) else element
        lang = (code.get("class") or "").removeprefix("language-") or element.get("lang")
        value = "".join(str(part) for part in code.itertext()).removesuffix("\n")
        return Code(value=value, lang=lang or None)
    if tag == "hr":
        return ThematicBreak()
    if tag == "table":
        return _table(element)
    if tag == "figure":
        caption = element.find("figcaption")
        image = element.find("img")
        assert image is not None
        return Figure(
            image=Image(
                url=image.get("src", ""), alt=image.get("alt", ""), title=image.get("title")
            ),
            caption=_children(caption) if caption is not None else (),
        )
    url = element.get("data" if tag == "object" else "src", "")
    return Embed(kind=tag, url=url, title=element.get("title"))


def _item(li: etree._Element) -> ListItem:
    """A list item; a GFM task's checkbox, first in it or in its first paragraph, is its state."""
    spread = any(child.tag == "p" for child in li)  # it shows a paragraph as one (<li><p>)
    holder = li[0] if len(li) and li[0].tag == "p" and not (li.text or "").strip() else li
    box = holder[0] if len(holder) and not (holder.text or "").strip() else None
    checked = None
    if box is not None and box.tag == "input" and box.get("type") == "checkbox":
        checked = box.get("checked") is not None
        # The engines put a space or a newline between the box and the text; remove() would
        # take the tail along.
        tail = (box.tail or "").lstrip(" \n")
        holder.remove(box)
        holder.text = tail
    return ListItem(children=_blocks_of(li), spread=spread, checked=checked)


def _table(element: etree._Element) -> Table:
    rows = [[cell for cell in tr if cell.tag in ("th", "td")] for tr in element.iter("tr")]
    align: list[Any] = [None] * max((len(row) for row in rows), default=0)
    for row in rows:
        for index, cell in enumerate(row):
            found = cell.get("align") or (_TEXT_ALIGN.findall(cell.get("style") or "") or [None])[0]
            if found and align[index] is None:
                align[index] = found
    cells = (TableRow(cells=tuple(TableCell(children=_children(c)) for c in row)) for row in rows)
    return Table(rows=tuple(cells), align=tuple(align))


def as_rendered(found: tuple[Block, ...]) -> tuple[Block, ...]:
    """The blocks a reader should see: URLs neutralised, empty titles gone, URLs unquoted."""
    return tuple(_as_rendered_block(block) for block in found)


def _as_rendered_inlines(nodes: tuple[Inline, ...]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, Strong | Emphasis | Delete):
            out.append(type(node)(children=_as_rendered_inlines(node.children)))
        elif isinstance(node, Link):
            url = unquote(urls.block(node.url))
            children = _as_rendered_inlines(node.children)
            out.append(Link(url=url, title=node.title or None, children=children))
        elif isinstance(node, Image):
            url = unquote(urls.block(node.url, image=True))
            out.append(Image(url=url, alt=node.alt, title=node.title or None))
        else:
            out.append(node)
    return tuple(out)


def _as_rendered_block(block: Block) -> Block:
    if isinstance(block, Paragraph | Heading):
        return attrs.evolve(block, children=_as_rendered_inlines(block.children))
    if isinstance(block, List):
        items = tuple(
            attrs.evolve(item, children=as_rendered(item.children)) for item in block.items
        )
        tight = not block.spread and not any(item.spread for item in block.items)
        if tight and layout(block, {}) == LOOSE:
            # The writer's one fallback: a paragraph holding a run of breaks, which neither
            # Markdown nor HTML can keep in a tight item, makes the list loose (every item
            # with a paragraph spread).
            items = tuple(
                attrs.evolve(i, spread=any(type(b) is Paragraph for b in i.children)) for i in items
            )
            return attrs.evolve(block, items=items, spread=any(i.spread for i in items))
        return attrs.evolve(block, items=items)
    if isinstance(block, Blockquote):
        return Blockquote(children=as_rendered(block.children))
    if isinstance(block, Figure):
        image = attrs.evolve(block.image, url=urls.block(block.image.url, image=True))
        return Figure(image=image, caption=_as_rendered_inlines(block.caption))
    if isinstance(block, Embed):
        return attrs.evolve(block, url=urls.block(block.url))
    if isinstance(block, Table):
        rows = tuple(
            TableRow(
                cells=tuple(TableCell(children=_as_rendered_inlines(c.children)) for c in r.cells)
            )
            for r in block.rows
        )
        return attrs.evolve(block, rows=rows)
    return block


def assert_renders_as_model(found: tuple[Block, ...]) -> str:
    """Every engine renders the body of ``found`` back to ``found``; returns the Markdown."""
    markdown = to_markdown(Article(blocks=found), front_matter=False)
    expected = as_rendered(found)
    for name, render in RENDERERS.items():
        assert (name, expected) == (name, html_to_blocks(render(markdown))), markdown
    return markdown


# ------------------------------------------------------------------ table of cases


def _read_fixtures(path: Path) -> list[Any]:
    """Cases of ``title / . / HTML input / . / expected Markdown / .``, with their line."""
    lines = path.read_text(encoding="utf-8").split("\n")
    cases: list[Any] = []
    index = 0
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        title, start = lines[index], index + 1
        assert lines[index + 1] == ".", f"{path.name}:{index + 2}: expected '.'"
        parts: list[list[str]] = [[], []]
        index += 2
        for part in parts:
            while lines[index] != ".":
                part.append(lines[index])
                index += 1
            index += 1
        html, markdown = "\n".join(parts[0]), "\n".join(parts[1]) + "\n"
        cases.append(pytest.param(html, markdown, id=f"{path.name}:{start} {title}"))
    return cases


def _model_from_html(html: str) -> tuple[Block, ...]:
    """A fixture's input: HTML read literally, each inline sequence normalized."""
    return tuple(_normalized(block) for block in html_to_blocks(html))


def _normalized(block: Block) -> Block:
    if isinstance(block, Paragraph | Heading):
        return attrs.evolve(block, children=normalize(block.children, block=True))
    if isinstance(block, List):
        items = tuple(attrs.evolve(i, children=_model_from_blocks(i.children)) for i in block.items)
        return attrs.evolve(block, items=items)
    if isinstance(block, Blockquote):
        return Blockquote(children=_model_from_blocks(block.children))
    if isinstance(block, Table):
        rows = tuple(
            TableRow(
                cells=tuple(TableCell(children=normalize(c.children, block=True)) for c in r.cells)
            )
            for r in block.rows
        )
        return attrs.evolve(block, rows=rows)
    return block


def _model_from_blocks(found: tuple[Block, ...]) -> tuple[Block, ...]:
    return tuple(_normalized(block) for block in found)


@pytest.mark.parametrize(("html", "expected"), _read_fixtures(FIXTURES))
def test_writes_expected_markdown(html: str, expected: str) -> None:
    """Each case in fixtures/markdown/writer.txt gives exactly its expected Markdown."""
    assert expected == to_markdown(Article(blocks=_model_from_html(html)), front_matter=False)


@pytest.mark.parametrize(("html", "expected"), _read_fixtures(FIXTURES))
def test_fixture_renders_as_model(html: str, expected: str) -> None:
    """Every CommonMark engine renders each fixture case back to its model."""
    assert expected == assert_renders_as_model(_model_from_html(html))


# ------------------------------------------------------------------ property tests

_EDGE_CHARS = st.sampled_from(
    [*"说“”《》：，。a1 *_~¥©!.&#\\`[<-|", "\xa0", "\u3000", "&amp;", "1.", "\u200b"]
)
_EDGE_TEXTS = st.lists(_EDGE_CHARS, min_size=1, max_size=4).map("".join)


def _edge_spans(children: st.SearchStrategy[Inline]) -> st.SearchStrategy[Inline]:
    content = st.lists(children, min_size=1, max_size=3).map(tuple)
    return st.one_of(
        st.builds(Strong, children=content),
        st.builds(Emphasis, children=content),
        st.builds(Delete, children=content),
    )


_EDGE_LEAVES = st.one_of(
    st.builds(Text, value=_EDGE_TEXTS),
    st.builds(Text, value=_EDGE_TEXTS),
    st.builds(InlineCode, value=st.sampled_from(["x", "`", "a b", " a "])),
    st.builds(Image, url=st.sampled_from(["u", "a b", "javascript:x"]), alt=_EDGE_TEXTS),
    st.just(Break()),
)
_EDGE_NODES = st.recursive(_EDGE_LEAVES, _edge_spans, max_leaves=10)
_LINKED = st.builds(Link, url=st.just("https://e.com/"), children=st.lists(_EDGE_NODES).map(tuple))
EDGE_INLINES = st.lists(st.one_of(_EDGE_NODES, _EDGE_NODES, _LINKED), min_size=1, max_size=5).map(
    lambda found: normalize(found, block=True)
)
"Inline content crowded with delimiter edge cases: punctuation, spaces, nesting, adjacency."


def _in_blocks(content: tuple[Inline, ...]) -> tuple[Block, ...]:
    """A paragraph, a heading and a table cell holding ``content`` (nothing if it is empty)."""
    if not content:
        return ()
    cell = Table(rows=(TableRow(cells=(TableCell(children=content),)),), align=(None,))
    return (Paragraph(children=content), Heading(depth=2, children=content), cell)


@settings(max_examples=examples(3), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(EDGE_INLINES)
def test_edge_case_inlines_render_as_model(content: tuple[Inline, ...]) -> None:
    """Every engine reads crowded inline content back exactly, in a paragraph, heading, cell."""
    assert_renders_as_model(_in_blocks(content))


@settings(max_examples=examples(2), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inlines(raw=False))
def test_inlines_render_as_model(content: tuple[Inline, ...]) -> None:
    """Every engine reads generated inline content (CJK, Latin, metacharacters) back exactly."""
    assert_renders_as_model(_in_blocks(content))


@settings(max_examples=examples(2), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(blocks(raw=False))
def test_blocks_render_as_model(body: tuple[Block, ...]) -> None:
    """Every engine reads generated bodies (lists, quotes, tables, code, media) back exactly."""
    assert_renders_as_model(body)


@pytest.mark.parametrize("path", corpus_files(), ids=corpus_id)
def test_corpus_renders_as_model(path: Path) -> None:
    """Every engine reads the body of every corpus post, written as Markdown, back exactly."""
    assert_renders_as_model(newsdoc.load(path).blocks)


def test_tight_item_that_cannot_be_tight_in_markdown() -> None:
    """Blocks that cannot follow one another without a blank line: a paragraph after a table,
    or one Markdown cannot say (a trailing U+0085, whitespace to pulldown-cmark alone), make
    the list an HTML block, read back tight; a paragraph holding a run of breaks (HTML would
    end it there) makes it loose: the writer's one fallback."""
    runs = Paragraph(children=(Text(value="a"), Break(), Break(), Text(value="b")))
    cell = TableCell(children=(Text(value="t"),))
    table = (Table(rows=(TableRow(cells=(cell,)),), align=(None,)), P("c"))
    html = "[//]: # (markdown)\n\n<ul><li>{}</li><li>d</li></ul>\n"
    for children, expected, spread in [
        ((runs,), "- a\\\n  \\\n  b\n\n- d\n", True),
        (table, html.format("<table><tr><th>t</th></tr></table>c"), False),
        ((P("p>\x85"),), html.format("p&gt;\x85"), False),
    ]:
        tight = List(
            ordered=False,
            items=(
                ListItem(children=children),
                ListItem(children=(Paragraph(children=(Text(value="d"),)),)),
            ),
        )
        written = to_markdown(Article(blocks=(tight,)), front_matter=False)
        read = newsdoc.parse(written, body_format="markdown").blocks
        assert (expected, spread) == (written, read[0].spread)
        assert spread or read == (tight,)


def test_loose_list_of_one_paragraph_reads_back_loose() -> None:
    """One item, one paragraph: no blank line can make it loose, a <p> of HTML does."""
    item = ListItem(children=(P("a"),), spread=True)
    loose = List(ordered=False, items=(item,), spread=True)
    written = to_markdown(Article(blocks=(loose,)), front_matter=False)
    assert ("- <p>a</p>\n", (loose,)) == (
        written,
        newsdoc.parse(written, body_format="markdown").blocks,
    )


# ------------------------------------------------------------------ safety and limits


def test_markup_in_text_never_becomes_live_html() -> None:
    """``<script>`` in text, alt, title, code, caption and HTML blocks stays text."""
    script = "<script>alert(1)</script>"
    text = Text(value=script)
    image = Image(url="a.png", alt=script, title=script)
    body = (
        Paragraph(children=(text, Link(url="u", title=script, children=(text,)), image)),
        Heading(depth=3, children=(text, Break(), text)),
        Paragraph(children=(InlineCode(value=script), InlineCode(value=script))),
        Figure(image=image, caption=(text,)),
        Table(rows=(TableRow(cells=(TableCell(children=(text,)),)), TableRow(cells=())), align=()),
        Code(value=script, lang=script),
        Embed(kind=script, url=script, title=script),
    )
    markdown = to_markdown(Article(blocks=body), front_matter=False)
    no_scripts: list[str] = []
    for render in RENDERERS.values():
        root = lxml.html.fragment_fromstring(render(markdown), create_parent="div")
        assert no_scripts == [element.tag for element in root.iter("script")]


_RENDERED_TAGS = frozenset(
    {"div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre"}
    | {"code", "hr", "table", "thead", "tbody", "tr", "th", "td", "figure", "figcaption"}
    | {"img", "iframe", "video", "audio", "embed", "object", "strong", "em", "del", "s", "a", "br"}
    | {"input"}  # a task item's checkbox
)


@settings(max_examples=examples(1.5), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(blocks(raw=True))
def test_any_model_gives_only_the_elements_it_holds(body: tuple[Block, ...]) -> None:
    """Any model, normalized or not, renders to newsdoc's own elements only: text stays text
    (and the empty comment a tight item may need between two blocks, which shows nothing)."""
    markdown = to_markdown(Article(blocks=body), front_matter=False)
    for render in RENDERERS.values():
        root = lxml.html.fragment_fromstring(render(markdown), create_parent="div")
        comments = {element.text for element in root.iter(etree.Comment)}
        assert comments <= {""}
        tags = {element.tag for element in root.iter() if element.tag is not etree.Comment}
        assert set() == tags - _RENDERED_TAGS


@pytest.mark.parametrize(
    ("url", "image", "expected"),
    [
        ("https://e.com/a", False, "https://e.com/a"),
        ("javascript:alert(1)", False, "#blocked:javascript:alert(1)"),
        (" JaVa\tScRiPt:x", False, "#blocked: JaVa\tScRiPt:x"),
        ("vbscript:x", False, "#blocked:vbscript:x"),
        ("file:///etc/passwd", False, "#blocked:file:///etc/passwd"),
        ("data:text/html,<b>", False, "#blocked:data:text/html,<b>"),
        ("data:image/png;base64,AA==", False, "#blocked:data:image/png;base64,AA=="),
        ("data:image/png;base64,AA==", True, "data:image/png;base64,AA=="),
        ("data:image/svg+xml,<svg>", True, "#blocked:data:image/svg+xml,<svg>"),
        ("mailto:a@b.c", False, "mailto:a@b.c"),
        ("/javascript:x", False, "/javascript:x"),
    ],
)
def test_block(url: str, image: bool, expected: str) -> None:
    """Script, file and data URLs get the ``#blocked:`` prefix; data images stay."""
    assert expected == urls.block(url, image=image)


def test_deep_nesting_is_written_without_recursion() -> None:
    """Five thousand nested quotes, list items and spans are written, not a RecursionError."""
    depth = 5000
    inline: Inline = Text(value="x")
    block: Block = Paragraph(children=(inline,))
    for level in range(depth):
        inline = (Strong if level % 2 else Emphasis)(children=(inline, Text(value="y")))
        block = (
            Blockquote(children=(block,))
            if level % 2
            else List(ordered=False, items=(ListItem(children=(block,)),))
        )
    markdown = to_markdown(Article(blocks=(block, Paragraph(children=(inline,)))))
    assert markdown.count("x") == 2


def test_time_is_linear_in_the_size_of_a_paragraph() -> None:
    """Ten times the spans takes well under thirty times as long (quadratic: a hundred times).

    Each size is timed in CPU time, the least of three runs: what another process takes from
    this one, or a pause in one run, does not count.
    """

    def once(count: int) -> float:
        spans = [
            Strong(children=(Text(value="“重”"),)) if i % 2 else Text(value="说")
            for i in range(count)
        ]
        article = Article(blocks=(Paragraph(children=tuple(spans)),))
        start = time.process_time()
        to_markdown(article, front_matter=False)
        return time.process_time() - start

    def seconds(count: int) -> float:
        return min(once(count) for _ in range(3))

    once(200)  # warm up
    assert seconds(20_000) < 30 * max(seconds(2_000), 1e-4)


# ------------------------------------------------------------------ front matter

_UTC8 = dt.timezone(dt.timedelta(hours=8))
_FULL = Article(
    title="10:00",
    authors=("张三", "Li Si"),
    date=dt.datetime(2021, 11, 24, 1, 45, tzinfo=dt.UTC),
    date_raw="Wed, 24 Nov 2021 01:45:00 GMT",
    updated=dt.datetime(2021, 11, 25, 9, 0, tzinfo=_UTC8),
    categories=(("新媒体", "观察者网", "首页"),),
    tags=("no", "C++"),
    image="https://e.com/a.png",
    thumbnail="t.png",
    comments=False,
    draft=True,
    summary="摘要: 一句话",
    slug="a-b",
    permalink="/2021/a/",
    lang="zh-CN",
    extra={"layout": "post", "wordpress_id": 12, "nested": {"a": [1, "yes"]}},
)
_FULL_YAML = """\
---
title: 10:00
authors:
- 张三
- Li Si
date: Wed, 24 Nov 2021 01:45:00 GMT
updated: 2021-11-25T09:00:00+08:00
categories:
- 新媒体
- 观察者网
- 首页
tags:
- no
- C++
image: https://e.com/a.png
thumbnail: t.png
comments: false
draft: true
summary: '摘要: 一句话'
slug: a-b
permalink: /2021/a/
lang: zh-CN
layout: post
wordpress_id: 12
nested:
  a:
  - 1
  - yes
---
"""


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(Article(), "---\n---\n", id="nothing to write"),
        pytest.param(_FULL, _FULL_YAML, id="every field, raw date, RFC 3339 update, extra last"),
        pytest.param(
            Article(categories=(("a",), ("b", "c"))),
            "---\ncategories:\n- - a\n- - b\n  - c\n---\n",
            id="several category hierarchies are lists of lists",
        ),
        pytest.param(
            Article(title="T", extra={"published": False, "cover": "c.png", "title": "x"}),
            "---\nTitle: T\nimage: null\ndraft: false\npublished: false\ncover: c.png\n"
            "title: x\n---\n",
            id="aliases in extra: the field's own key is written; a duplicate key in another case",
        ),
        pytest.param(
            Article(draft=False, comments=None, title=""), "---\ntitle: ''\n---\n", id="empty title"
        ),
    ],
)
def test_front_matter(article: Article, expected: str) -> None:
    """The front matter lists the set fields in the documented order, then extra."""
    assert expected == front_matter_text(article)


def _fields(article: Article) -> dict[str, Any]:
    return {
        f.name: getattr(article, f.name)
        for f in attrs.fields(Article)
        if f.eq and f.name != "blocks"
    }


def test_front_matter_reads_back_with_parse() -> None:
    """newsdoc.parse reads every field back; a date without its raw text gains RFC 3339 text."""
    expected = attrs.evolve(_FULL, updated_raw="2021-11-25T09:00:00+08:00")
    assert _fields(expected) == _fields(newsdoc.parse(to_markdown(_FULL)))


@settings(max_examples=examples(1.5), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(canonical_articles())
def test_front_matter_round_trips(article: Article) -> None:
    """Generated articles keep every front-matter field through to_markdown and parse."""
    assert _fields(article) == _fields(newsdoc.parse(to_markdown(article)))


@pytest.mark.parametrize("lang", ["a b", "", " a", "a\n", "a\u3000b"])
def test_code_language_not_one_word_is_refused(lang: str) -> None:
    """A code language Markdown cannot carry (readers keep its first word) is a SchemaError."""
    article = Article(blocks=(Code(value="x", lang=lang),))
    with pytest.raises(SchemaError, match="must be one word"):
        to_markdown(article)


def test_front_matter_with_a_value_yaml_cannot_write() -> None:
    """An extra value YAML cannot represent is a SchemaError, not a YAML error."""
    with pytest.raises(SchemaError, match="cannot be written as YAML"):
        to_markdown(Article(extra={"x": object()}))


def test_without_front_matter_only_the_body_is_written() -> None:
    """front_matter=False gives the body alone; an empty article gives the bare fences."""
    article = Article(title="T", blocks=(Paragraph(children=(Text(value="正文"),)),))
    expected = ("正文\n", "---\ntitle: T\n---\n\n正文\n", "---\n---\n")
    actual = (
        to_markdown(article, front_matter=False),
        to_markdown(article),
        to_markdown(Article()),
    )
    assert expected == actual
