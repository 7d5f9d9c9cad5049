"""Hypothesis strategies for newsdoc's model: text, inlines, blocks and whole articles.

Import them from a test module (pytest puts ``tests/`` on ``sys.path``)::

    from hypothesis import given
    from strategies import articles, canonical_articles

    @given(articles())
    def test_json_round_trip(article: Article) -> None:
        assert article == from_json(to_json(article))

Two families:

- ``raw=True`` (`articles`, and `texts`/`inlines`/`blocks` by default): anything the model
  allows, for lossless formats (JSON).  Text may hold newlines, tabs, runs of spaces and any
  Unicode; spans and links may be empty; dates carry any fixed UTC offset (seconds too) and an
  unrelated ``date_raw``; ``extra`` holds any JSON value; ``source`` and ``problems`` are set.
- ``raw=False`` (`canonical_articles`): only what the parsers produce, for round trips through
  lossy formats (Markdown).  Every inline sequence is in the form of
  ``newsdoc.model.canonical.normalize(..., block=True)`` (generated, then normalized, then empty
  paragraphs, headings, quotes, list items and lists dropped); text has no newline, tab or run
  of ASCII spaces; inline code has no edge spaces; an ordered list starts at None (meaning 1)
  or at a number other than 1 (negative ones and ones past nine digits too); each table row
  has as many cells as ``align`` has entries; ``date_raw`` is the RFC 3339 or RFC 822 text of
  ``date`` (``updated`` likewise), offsets within ±14:00; ``extra`` keys are not front-matter
  keys newsdoc models; no ``source`` and no ``problems``.

Text of both families mixes Han characters, CJK punctuation (“”《》：，。！), Latin words,
Markdown metacharacters (``*_#[]()<>&|\\`~!+-.``), markup-like snippets (``&amp;``,
``{{site.baseurl}}``, ``<br>``, ``1.``) and whitespace including U+00A0 and U+3000.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import functools
import itertools
import re
import string
from collections.abc import Callable

import attrs
from hypothesis import strategies as st

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

__all__ = [
    "articles",
    "blocks",
    "canonical_articles",
    "datetimes",
    "inlines",
    "json_values",
    "texts",
    "urls",
]

_CJK_PUNCTUATION = tuple("“”《》：，。！")
_METACHARACTERS = "*_#[]()<>&|\\`~!+-."
_META_PIECES = (*_METACHARACTERS, "**", "__", "~~", "``", "[]", "()", "\\*", "<>", "![")
_SNIPPETS = (
    "&amp;", "&#123;", "&nbsp;", "{{site.baseurl}}", "{% raw %}", "<br>", "<b>", "</p>",
    "1.", "- ", "# ", "***", "> ", "http://example.com/a_b", "[x]", "![", "~~", "__",
)  # fmt: skip
_HAN_WORDS = (
    "新闻", "观察者网", "中国", "发布", "记者", "报道", "今天", "技术", "开源", "社区", "美团",
    "经济", "数据", "人工智能", "世界", "首页", "资讯", "北京", "上海", "表示", "会议", "的",
)  # fmt: skip
_LATIN = (
    "the", "news", "API", "Hexo", "open", "source", "GitHub", "v2.0", "iPhone", "Hello", "world",
    "2021", "a", "I", "OK", "e.g", "COVID", "x86",
)  # fmt: skip
_SPACES = (" ", "\u00a0", "\u3000")
_RAW_SPACES = (*_SPACES, "\n", "\t", "  ", "\r\n")
_HAN_CHARACTERS = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
_LATIN_WORDS = st.sampled_from(_LATIN) | st.text(string.ascii_letters, min_size=1, max_size=6)
_ASCII_SPACE_RUNS = re.compile(" {2,}")


def _pieces(raw: bool) -> st.SearchStrategy[str]:
    # Mostly single draws (sampled words) so that whole articles stay cheap to generate.
    pieces = [
        st.sampled_from(_HAN_WORDS),
        _HAN_CHARACTERS,
        _LATIN_WORDS,
        st.sampled_from(_CJK_PUNCTUATION),
        st.sampled_from(_META_PIECES),
        st.sampled_from(_SNIPPETS),
        st.sampled_from(_RAW_SPACES if raw else _SPACES),
    ]
    if raw:
        pieces.append(st.text(max_size=3))  # any Unicode but surrogates
    return st.one_of(pieces)


@functools.cache
def texts(*, raw: bool = True, min_pieces: int = 0, max_pieces: int = 5) -> st.SearchStrategy[str]:
    """Inline text: a run of pieces (words, punctuation, metacharacters, spaces).

    Args:
        raw: Allow newlines, tabs, runs of spaces and any Unicode (see the module docstring).
        min_pieces: The fewest pieces; 1 or more gives non-empty text.
        max_pieces: The most pieces.
    """
    text = st.lists(_pieces(raw), min_size=min_pieces, max_size=max_pieces).map("".join)
    return text if raw else text.map(lambda value: _ASCII_SPACE_RUNS.sub(" ", value))


_URLS = (
    "https://example.com/", "https://example.com/a/b?c=1&d=2#e", "http://example.org/p/undefined",
    "//cdn.example.com/img/a.png", "/images/2021/a.jpg", "images/a b.png",
    "https://en.wikipedia.org/wiki/Foo_(bar)", "https://example.com/中文/路径?q=新闻",
    "{{site.baseurl}}/img/x.png", "data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==",
    "mailto:someone@example.com", "https://example.com/a<b>c", "https://example.com/a*b_c*",
)  # fmt: skip


@functools.cache
def urls(*, raw: bool = True) -> st.SearchStrategy[str]:
    """URLs as posts write them: absolute, protocol- and site-relative, templated, odd ones."""
    path = st.text(string.ascii_letters + string.digits + "-_./%~", max_size=16)
    built = st.builds("https://example.com/{}".format, path)
    return st.one_of(st.sampled_from(("", *_URLS) if raw else _URLS), built)


@functools.cache
def _titles(raw: bool) -> st.SearchStrategy[str | None]:
    return st.none() | texts(raw=raw, min_pieces=1, max_pieces=4)


@functools.cache
def _images(raw: bool) -> st.SearchStrategy[Image]:
    alt = texts(raw=raw, max_pieces=3)
    return st.builds(Image, url=urls(raw=raw), alt=alt, title=_titles(raw))


@functools.cache
def _code_texts(raw: bool, *, block: bool) -> st.SearchStrategy[str]:
    pieces = _LATIN_WORDS | st.sampled_from((*_META_PIECES, "{", "}", "=", ";", "'", '"'))
    separators = ("\n", " ", "    ", "\t") if block else (" ",)
    separator = st.sampled_from(separators)
    pair = st.tuples(pieces, separator).map("".join)
    code = st.lists(pair, min_size=0 if raw else 1, max_size=6).map("".join)
    return code if raw else code.map(str.strip)


@functools.cache
def _leaf_inlines(raw: bool) -> st.SearchStrategy[Inline]:
    text = st.builds(Text, value=texts(raw=raw, min_pieces=0 if raw else 1))
    return st.one_of(
        text,
        text,
        text,
        st.builds(InlineCode, value=_code_texts(raw, block=False)),
        _images(raw),
        st.just(Break()),
    )


@functools.cache
def _inline_nodes(raw: bool) -> st.SearchStrategy[Inline]:
    """Any inline node: spans nest two deep, links hold no links (as in HTML and Markdown)."""
    # Levels built by hand rather than st.recursive: cheaper to draw, and leaves stay common.
    leaf = _leaf_inlines(raw)

    def spans(children: st.SearchStrategy[Inline]) -> st.SearchStrategy[Inline]:
        content = st.lists(children, min_size=0 if raw else 1, max_size=3).map(tuple)
        return st.one_of(
            st.builds(Strong, children=content),
            st.builds(Emphasis, children=content),
            st.builds(Delete, children=content),
        )

    link = st.builds(
        Link,
        url=urls(raw=raw),
        title=_titles(raw),
        children=st.lists(leaf | spans(leaf), max_size=3).map(tuple),
    )
    inner = st.one_of(leaf, leaf, link, spans(leaf | link))
    return st.one_of(leaf, leaf, leaf, link, spans(inner))


@functools.cache
def inlines(
    *, raw: bool = True, min_size: int = 0, max_size: int = 4
) -> st.SearchStrategy[tuple[Inline, ...]]:
    """A sequence of inline nodes; links hold no links (as in HTML and Markdown).

    Args:
        raw: See the module docstring; with False the sequence is normalized (``block=True``),
            which may leave it shorter than ``min_size``.
        min_size: The fewest top-level nodes.
        max_size: The most top-level nodes.
    """
    nodes = st.lists(_inline_nodes(raw), min_size=min_size, max_size=max_size).map(tuple)
    return nodes if raw else nodes.map(lambda found: normalize(found, block=True))


def _tables(raw: bool) -> st.SearchStrategy[Table]:
    cell = st.builds(TableCell, children=inlines(raw=raw, max_size=2))
    sides = st.sampled_from(("left", "right", "center", None))
    by_columns = {}
    for columns in (1, 2, 3):
        width = st.integers(0, 4) if raw else st.just(columns)
        row = width.flatmap(_rows_of(cell))
        by_columns[columns] = st.builds(
            Table,
            align=st.lists(sides, min_size=columns, max_size=columns).map(tuple),
            rows=st.lists(row, min_size=1, max_size=3).map(tuple),
        )
    return st.sampled_from((1, 2, 3)).flatmap(by_columns.__getitem__)


@functools.cache
def _rows_of(cell: st.SearchStrategy[TableCell]) -> Callable[[int], st.SearchStrategy[TableRow]]:
    rows = {
        width: st.builds(TableRow, cells=st.lists(cell, min_size=width, max_size=width).map(tuple))
        for width in range(5)
    }
    return rows.__getitem__


@functools.cache
def _leaf_blocks(raw: bool) -> st.SearchStrategy[Block]:
    content = inlines(raw=raw, min_size=0 if raw else 1)
    paragraph = st.builds(Paragraph, children=content)
    return st.one_of(
        paragraph,
        paragraph,
        st.builds(Heading, depth=st.integers(1, 6), children=content),
        st.builds(
            Code,
            value=_code_texts(raw, block=True),
            lang=st.none() | st.sampled_from(("python", "js", "c++", "shell", "yaml", "中文")),
        ),
        st.builds(Figure, image=_images(raw), caption=content),
        _tables(raw),
        st.just(ThematicBreak()),
        st.builds(
            Embed,
            kind=st.sampled_from(("iframe", "video", "audio", "embed", "object")),
            url=urls(raw=raw),
            title=_titles(raw),
        ),
    )


def _lists(raw: bool, children: st.SearchStrategy[Block]) -> st.SearchStrategy[List]:
    item = st.builds(
        ListItem,
        children=st.lists(children, min_size=1, max_size=3).map(tuple),
        spread=st.booleans(),
        checked=st.none() | st.none() | st.booleans(),
    )
    items = st.lists(item, min_size=1, max_size=3).map(tuple)
    spread = st.booleans()
    if raw:
        return st.builds(
            List,
            ordered=st.booleans(),
            items=items,
            start=st.none() | st.integers(),
            spread=spread,
        )
    start = st.none() | st.integers(-(10**12), 10**12).filter(lambda number: number != 1)
    unordered = st.builds(List, ordered=st.just(False), items=items, start=st.none(), spread=spread)
    return unordered | st.builds(
        List, ordered=st.just(True), items=items, start=start, spread=spread
    )


@functools.cache
def blocks(*, raw: bool = True, max_size: int = 4) -> st.SearchStrategy[tuple[Block, ...]]:
    """A body: a sequence of blocks (empty now and then), quotes and lists two levels deep.

    Args:
        raw: See the module docstring; with False every inline sequence is normalized and
            blocks left empty by that are dropped.
        max_size: The most top-level blocks.
    """

    leaf = _leaf_blocks(raw)

    def containers(children: st.SearchStrategy[Block]) -> st.SearchStrategy[Block]:
        quoted = st.lists(children, min_size=0 if raw else 1, max_size=3).map(tuple)
        return st.builds(Blockquote, children=quoted) | _lists(raw, children)

    # Two levels of quotes and lists, built by hand: leaves stay the commonest blocks.
    node = st.one_of(leaf, leaf, leaf, containers(st.one_of(leaf, leaf, containers(leaf))))
    found = st.lists(node, min_size=1, max_size=max_size).map(tuple)
    found = st.one_of(found, found, found, st.just(()))
    return found if raw else found.map(_canonical_blocks)


def _canonical_blocks(found: tuple[Block, ...]) -> tuple[Block, ...]:
    """Drop what normalizing left empty (inline sequences are already normalized)."""
    kept: list[Block] = []
    for block in found:
        if isinstance(block, Paragraph | Heading) and not block.children:
            continue
        if isinstance(block, Blockquote):
            children = _canonical_blocks(block.children)
            if not children:
                continue
            block = Blockquote(children=children)
        elif isinstance(block, List):
            kept_items = [
                (children, item.checked)
                for item in block.items
                if (children := _canonical_blocks(item.children))
            ]
            if not kept_items:
                continue
            block = _canonical_list(block, kept_items)
        kept.append(block)
    return tuple(kept)


def _break_run(children: tuple[Inline, ...]) -> bool:
    """Whether two breaks follow each other in reading order, across span edges."""
    order: list[Inline] = []
    stack = list(reversed(children))
    while stack:
        node = stack.pop()
        if isinstance(node, Strong | Emphasis | Delete | Link):
            stack.extend(reversed(node.children))
        else:
            order.append(node)
    return any(isinstance(a, Break) and isinstance(b, Break) for a, b in itertools.pairwise(order))


def _canonical_list(block: List, kept: list[tuple[tuple[Block, ...], bool | None]]) -> List:
    """The list loose or tight as the readers give it: loose as a whole, its items holding a
    paragraph spread; tight only when each item has one block (a tight item of several is
    written loose where its blocks cannot follow one another: the writer's tests cover it),
    and only without a paragraph holding two breaks in a row.  A task (``checked``) starts
    with a paragraph, as the readers give one."""
    items = [children for children, _ in kept]
    paragraphs = [any(type(b) is Paragraph for b in children) for children in items]
    # A paragraph holding two breaks in a row cannot be in a tight item: readers end it there.
    breaks = any(
        type(b) is Paragraph and _break_run(b.children) for children in items for b in children
    )
    spread = block.spread or breaks or any(len(children) > 1 for children in items)
    spread = spread and any(paragraphs)
    return attrs.evolve(
        block,
        spread=spread,
        items=tuple(
            ListItem(
                children=children,
                spread=spread and has,
                checked=checked if type(children[0]) is Paragraph else None,
            )
            for (children, checked), has in zip(kept, paragraphs, strict=True)
        ),
    )


_OFFSETS = st.integers(-14 * 60, 14 * 60).map(lambda minutes: dt.timedelta(minutes=minutes))
_RAW_OFFSETS = st.integers(-86_399, 86_399).map(lambda seconds: dt.timedelta(seconds=seconds))


@functools.cache
def datetimes(*, raw: bool = True) -> st.SearchStrategy[dt.datetime]:
    """Timezone-aware datetimes with a fixed offset (`datetime.timezone`).

    Args:
        raw: Any year and any offset under a day (seconds too); with False, 1970–2099 and
            whole-minute offsets within ±14:00, as the date parser gives.
    """
    zones = (_RAW_OFFSETS if raw else _OFFSETS).map(dt.timezone)
    if raw:
        return st.datetimes(timezones=zones)
    return st.datetimes(dt.datetime(1970, 1, 1), dt.datetime(2099, 12, 31), timezones=zones)


@st.composite
def _dated(draw: st.DrawFn) -> tuple[dt.datetime | None, str | None]:
    """A canonical (date, date_raw): both None, or an instant and the text it was read from."""
    when = draw(st.none() | datetimes(raw=False))
    if when is None:
        return None, None
    form = draw(st.sampled_from(("rfc3339", "rfc822")))
    if form == "rfc822":
        when = when.replace(microsecond=0)
        in_gmt = when.utcoffset() == dt.timedelta(0) and draw(st.booleans())
        return when, email.utils.format_datetime(when, usegmt=in_gmt)
    text = when.isoformat()
    if text.endswith("+00:00") and draw(st.booleans()):
        text = text[: -len("+00:00")] + "Z"
    return when, text


@functools.cache
def json_values(*, raw: bool = True) -> st.SearchStrategy[object]:
    """JSON-compatible values: None, bool, int, finite float, str, and lists and dicts of them."""
    strings = texts(raw=raw, max_pieces=3)
    if not raw:  # YAML 1.1 would re-type these if written unquoted
        strings |= st.sampled_from(("yes", "no", "on", "null", "~", "10:00", "2015-10-11", ""))
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False, allow_infinity=False),
        strings,
    )
    return st.recursive(
        scalars,
        lambda children: (
            st.lists(children, max_size=3) | st.dictionaries(strings, children, max_size=3)
        ),
        max_leaves=8,
    )


_EXTRA_KEYS = ("layout", "wordpress_id", "license", "toc", "mathjax", "series", "x_自定义")
_NAMES = st.one_of(
    st.sampled_from(_HAN_WORDS),
    _LATIN_WORDS,
    st.lists(_LATIN_WORDS, min_size=2, max_size=3).map(" ".join),
)


def _problems() -> st.SearchStrategy[Problem]:
    number = st.none() | st.integers(1, 10_000)
    return st.builds(
        Problem,
        code=st.sampled_from(("date", "front-matter", "duplicate-key", "body")),
        message=texts(),
        source=st.none() | texts(min_pieces=1),
        line=number,
        column=number,
    )


def articles() -> st.SearchStrategy[Article]:
    """Any article the model allows, every field set or not (see the module docstring)."""
    optional_text = st.none() | texts()
    return st.builds(
        Article,
        title=optional_text,
        authors=st.lists(texts(), max_size=3),
        date=st.none() | datetimes(),
        date_raw=optional_text,
        updated=st.none() | datetimes(),
        updated_raw=optional_text,
        categories=st.lists(st.lists(texts(), max_size=3), max_size=3),
        tags=st.lists(texts(), max_size=4),
        image=st.none() | urls(),
        thumbnail=st.none() | urls(),
        comments=st.none() | st.booleans(),
        draft=st.booleans(),
        summary=optional_text,
        slug=optional_text,
        permalink=st.none() | urls(),
        lang=optional_text,
        extra=st.dictionaries(texts(), json_values(), max_size=4),
        blocks=blocks(),
        source=optional_text,
        problems=st.lists(_problems(), max_size=3),
    )


@st.composite
def canonical_articles(draw: st.DrawFn) -> Article:
    """An article as the parsers produce it (see the module docstring)."""
    date, date_raw = draw(_dated())
    updated, updated_raw = draw(_dated())
    text = texts(raw=False, min_pieces=1)
    return Article(
        title=draw(st.none() | text),
        authors=draw(st.lists(_NAMES, max_size=3, unique=True)),
        date=date,
        date_raw=date_raw,
        updated=updated,
        updated_raw=updated_raw,
        categories=draw(st.lists(st.lists(_NAMES, min_size=1, max_size=3), max_size=3)),
        tags=draw(st.lists(_NAMES, max_size=4, unique=True)),
        image=draw(st.none() | urls(raw=False)),
        thumbnail=draw(st.none() | urls(raw=False)),
        comments=draw(st.none() | st.booleans()),
        draft=draw(st.booleans()),
        summary=draw(st.none() | text),
        slug=draw(st.none() | st.from_regex(r"[a-z0-9]+(-[a-z0-9]+){0,3}", fullmatch=True)),
        permalink=draw(st.none() | urls(raw=False)),
        lang=draw(st.sampled_from((None, "zh-CN", "en", "ja", "en-US"))),
        extra=draw(st.dictionaries(st.sampled_from(_EXTRA_KEYS), json_values(raw=False))),
        blocks=draw(blocks(raw=False)),
    )
