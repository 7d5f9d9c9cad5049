"""Lossless JSON: round trips, the published JSON Schema, and the errors that name a path."""

from __future__ import annotations

import ast
import copy
import datetime as dt
import email.utils
import inspect
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given, settings

import newsdoc.model
from newsdoc.errors import Problem, SchemaError
from newsdoc.model import (
    Article,
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
    Paragraph,
    Strong,
    Table,
    TableCell,
    TableRow,
    Text,
    ThematicBreak,
)
from newsdoc.model.canonical import normalize
from newsdoc.serializers.json.codec import (
    SCHEMA_VERSION,
    from_dict,
    from_json,
    json_schema,
    to_dict,
    to_json,
)
from strategies import articles, canonical_articles

CHINA = dt.timezone(dt.timedelta(hours=8))
SRC = Path(newsdoc.errors.__file__).parent
VALIDATOR = jsonschema.Draft202012Validator(json_schema())
NODE_CLASSES = [
    cls
    for cls in vars(newsdoc.model).values()
    if inspect.isclass(cls) and attrs.has(cls) and "type" in attrs.fields_dict(cls)
]


def every_node_article() -> Article:
    """An article with every field set and every node type, some attributes None, some not."""
    return Article(
        title="标题：“新闻”",
        authors=("张三", "Jane Doe"),
        date=dt.datetime(2021, 11, 24, 8, 11, 59, 123456, tzinfo=CHINA),
        date_raw="2021-11-24T08:11:59.123456+08:00",
        updated=dt.datetime(2021, 11, 25, tzinfo=dt.timezone(dt.timedelta(hours=-6))),
        updated_raw="Thu, 25 Nov 2021 00:00:00 CST",
        categories=(("新媒体", "观察者网"), ("首页",)),
        tags=("a", "b"),
        image="https://example.com/head.jpg",
        thumbnail="//cdn.example.com/t.jpg",
        comments=False,
        draft=True,
        summary="摘要",
        slug="a-slug",
        permalink="/2021/11/24/a-slug/",
        lang="zh-CN",
        extra={"layout": "post", "n": [1, 2.5, None, True, {"deep": ["x"]}]},
        blocks=(
            Heading(depth=2, children=(Text(value="小标题"),)),
            Paragraph(
                children=(
                    Text(value="你好\u3000"),
                    Strong(children=(Emphasis(children=(Text(value="重点"),)),)),
                    Delete(children=(Text(value="删"),)),
                    InlineCode(value="x = 1"),
                    Link(url="https://a.example/?q=1&r=2", children=(Text(value="链接"),)),
                    Link(url="/b", title="标题", children=()),
                    Break(),
                    Image(url="i.png", alt="图", title="t"),
                    Image(url="j.png"),
                )
            ),
            List(
                ordered=True,
                start=3,
                spread=True,
                items=(ListItem(children=(Paragraph(children=(Text(value="一"),)),), spread=True),),
            ),
            List(ordered=False, items=(ListItem(children=()),)),
            Blockquote(children=(Paragraph(children=(Text(value="引用"),)), ThematicBreak())),
            Code(value="print('hi')\n\nx", lang="python"),
            Code(value=""),
            Figure(image=Image(url="f.png", alt="图"), caption=(Text(value="说明"),)),
            Figure(image=Image(url="g.png", title="t")),
            Table(
                align=("left", None, "center"),
                rows=(
                    TableRow(
                        cells=(
                            TableCell(children=(Text(value="a"),)),
                            TableCell(children=()),
                            TableCell(children=(Text(value="c"), Break(), Text(value="d"))),
                        )
                    ),
                ),
            ),
            ThematicBreak(),
            Embed(kind="iframe", url="https://player.example/v", title="视频"),
            Embed(kind="video", url="v.mp4"),
        ),
        source="posts/a.md",
        problems=(
            Problem(code="date", message="'Invalid Date' is not a date", line=7, column=7),
            Problem(code="front-matter", message="m", source="posts/a.md"),
        ),
    )


def assert_same_article(expected: Article, actual: Article) -> None:
    """Equal, and also equal in what Article equality leaves out (source, problems, offsets)."""
    assert expected == actual
    assert expected.source == actual.source
    assert expected.problems == actual.problems
    for name in ("date", "updated"):
        before, after = getattr(expected, name), getattr(actual, name)
        assert (before and before.isoformat()) == (after and after.isoformat())


def node_dicts(value: Any) -> Iterator[dict[str, Any]]:
    """Every node object inside to_dict output (extra left out)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "type" in item:
                yield item
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


# ------------------------------------------------------------ round trips


def test_every_node_type_round_trips_through_json() -> None:
    """An article with every field and node type comes back equal, source and problems too."""
    article = every_node_article()
    assert_same_article(article, from_json(to_json(article)))


def test_every_node_type_round_trips_through_dict() -> None:
    """to_dict and from_dict are inverse without any JSON text in between."""
    article = every_node_article()
    assert_same_article(article, from_dict(to_dict(article)))


def test_every_node_type_is_in_the_hand_built_article() -> None:
    """The hand-built article really covers every node type of the model."""
    expected = {attrs.fields_dict(cls)["type"].default for cls in NODE_CLASSES}
    assert expected == {node["type"] for node in node_dicts(to_dict(every_node_article()))}


def _without_spread(value: Any) -> Any:
    """A document as versions 1 and 2 wrote it: lists and items without ``spread``."""
    if isinstance(value, dict):
        return {k: _without_spread(v) for k, v in value.items() if k != "spread"}
    if isinstance(value, list):
        return [_without_spread(v) for v in value]
    return value


def test_version_2_lists_read_as_tight() -> None:
    """A version 2 document (no spread) reads, its lists and items tight; version 3 needs it."""
    article = every_node_article()
    old = {**_without_spread(to_dict(article)), "schema_version": 2}
    loose = [b for b in article.blocks if isinstance(b, List) and b.spread]
    assert loose  # the hand-built article has a loose list, which comes back tight
    expected = tuple(
        attrs.evolve(b, spread=False, items=tuple(attrs.evolve(i, spread=False) for i in b.items))
        if isinstance(b, List)
        else b
        for b in article.blocks
    )
    assert expected == from_dict(old).blocks
    with pytest.raises(SchemaError, match="missing key 'spread'"):
        from_dict({**old, "schema_version": 3})


def test_default_article_round_trips() -> None:
    """An article with every field at its default comes back equal."""
    assert_same_article(Article(), from_json(to_json(Article())))


def test_indented_json_round_trips_and_is_the_same_document() -> None:
    """indent=2 writes the same document as the compact form, just laid out."""
    article = every_node_article()
    compact = to_json(article)
    expected = json.dumps(json.loads(compact), ensure_ascii=False, indent=2)
    assert expected == to_json(article, indent=2)
    assert_same_article(article, from_json(to_json(article, indent=2)))


def test_from_json_reads_utf8_bytes() -> None:
    """UTF-8 bytes are read like text."""
    article = every_node_article()
    assert_same_article(article, from_json(to_json(article).encode("utf-8")))


def test_offset_and_microseconds_are_kept() -> None:
    """A date keeps its own UTC offset and its microseconds, not just the instant."""
    article = Article(
        date=dt.datetime(
            2021, 1, 2, 3, 4, 5, 6, tzinfo=dt.timezone(-dt.timedelta(hours=9, minutes=30))
        )
    )
    expected = "2021-01-02T03:04:05.000006-09:30"
    assert expected == to_dict(article)["date"]
    assert dt.timedelta(hours=-9, minutes=-30) == from_json(to_json(article)).date.utcoffset()  # type: ignore[union-attr]


def test_shared_extra_values_round_trip() -> None:
    """A list used twice in extra (as YAML anchors make) is written twice, not refused."""
    shared = [1, 2]
    article = Article(extra={"a": shared, "b": {"c": shared}})
    assert article == from_json(to_json(article))


def test_extra_is_passed_through_not_copied() -> None:
    """to_dict puts the article's extra dict in the output as it is (documented)."""
    article = Article(extra={"a": [1]})
    assert article.extra is to_dict(article)["extra"]


@settings(deadline=None)
@given(articles())
def test_any_article_round_trips_through_json(article: Article) -> None:
    """Whatever the model allows comes back equal through JSON text."""
    assert_same_article(article, from_json(to_json(article)))


@settings(deadline=None)
@given(articles())
def test_any_article_validates_against_the_schema(article: Article) -> None:
    """Every to_dict output is valid under the published JSON Schema, and reads back equal."""
    data = to_dict(article)
    no_errors: list[str] = []
    assert no_errors == [error.message for error in VALIDATOR.iter_errors(data)]
    assert_same_article(article, from_dict(data))


@settings(deadline=None)
@given(articles())
def test_json_text_is_the_dict_written_compactly(article: Article) -> None:
    """to_json writes text directly, yet gives exactly what json.dumps makes of to_dict."""
    expected = json.dumps(to_dict(article), ensure_ascii=False, separators=(",", ":"))
    assert expected == to_json(article)


@settings(deadline=None)
@given(canonical_articles())
def test_canonical_articles_are_canonical(article: Article) -> None:
    """canonical_articles keeps its promises: normalized inlines, no empty blocks, real raws."""
    no_blocks: list[Any] = []
    assert no_blocks == [block for block in article.blocks if block_is_empty(block)]
    for inlines in inline_sequences(article.blocks):
        assert normalize(inlines, block=True) == inlines
    for when, raw in ((article.date, article.date_raw), (article.updated, article.updated_raw)):
        assert (when is None) == (raw is None)
        if when is not None and raw is not None:
            read = read_date(raw)
            assert (when, when.utcoffset()) == (read, read.utcoffset())
    assert_same_article(article, from_json(to_json(article)))


def block_is_empty(block: Any) -> bool:
    """A paragraph, heading, quote, list or list item with nothing in it."""
    if isinstance(block, Paragraph | Heading | Blockquote | ListItem):
        return not block.children or any(map(block_is_empty, block.children))
    if isinstance(block, List):
        return not block.items or any(map(block_is_empty, block.items))
    return False


def inline_sequences(blocks: Any) -> Iterator[tuple[Any, ...]]:
    """Every block-level inline sequence: paragraphs, headings, captions, table cells."""
    for block in blocks:
        if isinstance(block, Paragraph | Heading):
            yield block.children
        elif isinstance(block, Figure):
            yield block.caption
        elif isinstance(block, Table):
            yield from (cell.children for row in block.rows for cell in row.cells)
        elif isinstance(block, Blockquote):
            yield from inline_sequences(block.children)
        elif isinstance(block, List):
            for item in block.items:
                yield from inline_sequences(item.children)


def read_date(raw: str) -> dt.datetime:
    """An RFC 3339 or RFC 822 date, read with the standard library."""
    if raw[:1].isdigit():
        return dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    return email.utils.parsedate_to_datetime(raw)


# ----------------------------------------------------------------- golden


GOLDEN = (
    '{"schema_version":4,"title":"新闻：标题","authors":["张三"],'
    '"date":"2021-11-24T08:11:59+08:00","date_raw":"Wed, 24 Nov 2021 00:11:59 GMT",'
    '"updated":null,"updated_raw":null,"categories":[["资讯","观察者网"]],"tags":["a"],'
    '"image":null,"thumbnail":null,"comments":null,"draft":false,"summary":null,"slug":null,'
    '"permalink":null,"lang":"zh-CN","extra":{"layout":"post"},"blocks":['
    '{"type":"heading","depth":1,"children":[{"type":"text","value":"你好"}]},'
    '{"type":"paragraph","children":[{"type":"text","value":"世界，"},'
    '{"type":"strong","children":[{"type":"text","value":"新闻"}]},'
    '{"type":"link","url":"https://example.com/?a=1&b=2","title":null,'
    '"children":[{"type":"text","value":"链接"}]}]},'
    '{"type":"code","value":"x","lang":null}],'
    '"source":"post.md","problems":[{"code":"date","message":"m","source":null,"line":3,'
    '"column":null}],"origin":null}'
)


def test_golden_json_text() -> None:
    """A small article is written exactly so: key order, compact separators, readable CJK."""
    article = Article(
        title="新闻：标题",
        authors=("张三",),
        date=dt.datetime(2021, 11, 24, 8, 11, 59, tzinfo=CHINA),
        date_raw="Wed, 24 Nov 2021 00:11:59 GMT",
        categories=(("资讯", "观察者网"),),
        tags=("a",),
        lang="zh-CN",
        extra={"layout": "post"},
        blocks=(
            Heading(depth=1, children=(Text(value="你好"),)),
            Paragraph(
                children=(
                    Text(value="世界，"),
                    Strong(children=(Text(value="新闻"),)),
                    Link(url="https://example.com/?a=1&b=2", children=(Text(value="链接"),)),
                )
            ),
            Code(value="x"),
        ),
        source="post.md",
        problems=(Problem(code="date", message="m", line=3),),
    )
    expected = GOLDEN
    assert expected == to_json(article)
    assert_same_article(article, from_json(GOLDEN))


def test_top_level_keys_are_the_fields_in_declaration_order() -> None:
    """schema_version, then every Article attribute in declaration order."""
    expected = ["schema_version", *(field.name for field in attrs.fields(Article))]
    assert expected == list(to_dict(Article()))
    assert expected == list(json_schema()["properties"])
    assert to_dict(Article())["schema_version"] == SCHEMA_VERSION


# ----------------------------------------------------------------- schema


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    """The shipped schema passes the metaschema check and names its dialect and $id."""
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    dialect = "https://json-schema.org/draft/2020-12/schema"
    assert dialect == schema["$schema"]
    assert schema["$id"].startswith("https://")


def test_schema_is_a_fresh_copy_each_call() -> None:
    """Changing the returned schema does not change the next one."""
    json_schema()["title"] = "changed"
    expected = "newsdoc Article"
    assert expected == json_schema()["title"]


def test_schema_defs_list_keys_in_the_order_written() -> None:
    """Each node's $defs entry has the keys to_dict writes, in that order, all required."""
    defs = json_schema()["$defs"]
    written = {node["type"]: list(node) for node in node_dicts(to_dict(every_node_article()))}
    assert written == {kind: list(defs[kind]["properties"]) for kind in written}
    assert written == {kind: defs[kind]["required"] for kind in written}
    assert all(defs[kind]["additionalProperties"] is False for kind in written)


def model_docs(path: Path) -> dict[str, tuple[str, dict[str, str]]]:
    """Each class's first docstring paragraph and the docstring under each field, from source."""
    found: dict[str, tuple[str, dict[str, str]]] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if not isinstance(node, ast.ClassDef):
            continue
        fields: dict[str, str] = {}
        for statement, following in zip(node.body, node.body[1:], strict=False):
            if (
                isinstance(statement, ast.AnnAssign)
                and isinstance(statement.target, ast.Name)
                and isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
            ):
                fields[statement.target.id] = " ".join(str(following.value.value).split())
        doc = (ast.get_docstring(node) or "").split("\n\n")[0]
        found[node.name] = (" ".join(doc.split()), fields)
    return found


def test_schema_descriptions_are_the_model_docstrings() -> None:
    """Every node, field and the article are described with the model's own docstrings."""
    schema = json_schema()
    docs = {
        **model_docs(SRC / "model" / "nodes.py"),
        **model_docs(SRC / "model" / "article.py"),
        **model_docs(SRC / "errors.py"),
    }
    expected: dict[str, str] = {}
    actual: dict[str, str] = {}
    targets = {cls.__name__: attrs.fields_dict(cls)["type"].default for cls in NODE_CLASSES}
    targets["Problem"] = "problem"
    for name, kind in targets.items():
        doc, fields = docs[name]
        expected[kind] = doc
        actual[kind] = schema["$defs"][kind]["description"]
        for field, text in fields.items():
            expected[f"{kind}.{field}"] = text
            actual[f"{kind}.{field}"] = schema["$defs"][kind]["properties"][field]["description"]
    for field, text in docs["Article"][1].items():
        expected[field] = text
        actual[field] = schema["properties"][field]["description"]
    assert schema["description"].startswith(docs["Article"][0])
    assert expected == actual


def test_schema_rejects_what_from_dict_rejects() -> None:
    """The schema is as strict as the reader on a missing key, a bad node and a bad depth."""
    good = to_dict(every_node_article())
    cases = [
        {k: v for k, v in good.items() if k != "tags"},
        {**good, "blocks": [{"type": "foo"}]},
        {**good, "blocks": [{"type": "heading", "depth": 7, "children": []}]},
        {**good, "blocks": [{"type": "paragraph", "children": [], "id": "x"}]},
        {**good, "schema_version": 5},
    ]
    for data in cases:
        assert not VALIDATOR.is_valid(data)
        with pytest.raises(SchemaError):
            from_dict(data)


# ----------------------------------------------------------------- errors

DELETE = object()
"Marks a key to remove in the SchemaError table."


def changed(path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    """A copy of the every-node article's dict with the value at path replaced (or deleted)."""
    data = copy.deepcopy(to_dict(every_node_article()))
    target: Any = data
    for step in path[:-1]:
        target = target[step]
    if value is DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


# Blocks of every_node_article: 0 heading, 1 paragraph, 2 ordered list, 3 unordered list,
# 4 blockquote, 5-6 code, 7-8 figure, 9 table, 10 thematic break, 11-12 embed.
BAD_DICTS = [
    (("schema_version",), DELETE, "$: missing key 'schema_version'"),
    (("schema_version",), 5, "schema_version: version 5 is newer than this newsdoc reads (4)"),
    (("schema_version",), "1", "schema_version: expected a positive integer, got string '1'"),
    (("schema_version",), True, "schema_version: expected a positive integer, got true"),
    (("subtitle",), "x", "$: unknown key 'subtitle'"),
    (("tags",), DELETE, "$: missing key 'tags'"),
    (("title",), 5, "title: expected a string or null, got number 5"),
    (("authors",), ["a", 1], "authors[1]: expected a string, got number 1"),
    (("categories",), [["a"], "b"], "categories[1]: expected an array, got string 'b'"),
    (("date",), "yesterday", "date: expected an RFC 3339 date-time, got string 'yesterday'"),
    (
        ("date",),
        "2021-11-24T08:11:59",
        "date: expected a date-time with a UTC offset, got string '2021-11-24T08:11:59'",
    ),
    (
        ("updated",),
        1637712000,
        "updated: expected an RFC 3339 date-time or null, got number 1637712000",
    ),
    (("draft",), None, "draft: expected true or false, got null"),
    (("comments",), "no", "comments: expected true, false or null, got string 'no'"),
    (("extra",), [], "extra: expected an object, got array"),
    (("extra", "n", 4, "deep"), math.nan, "extra.n[4].deep: nan is not a JSON value"),
    (("extra", "a b"), (1,), "extra['a b']: (1,) is not a JSON value"),
    (("extra", "n", 4), {1: "x"}, "extra.n[4]: key number 1 is not a string"),
    (("extra",), {10**5000: 1}, "extra: key a large integer is not a string"),
    (("extra",), {(None, 1): 1}, "extra: key (None, 1) is not a string"),
    (("blocks",), {}, "blocks: expected an array, got object"),
    (("blocks", 0), "text", "blocks[0]: expected a block node, got string 'text'"),
    (("blocks", 0), {"type": "foo"}, "blocks[0]: unknown node type 'foo'"),
    (("blocks", 0), {"children": []}, "blocks[0]: missing key 'type'"),
    (("blocks", 0), {"type": 3}, "blocks[0].type: expected a node type name, got number 3"),
    (
        ("blocks", 0),
        {"type": "text", "value": "x"},
        "blocks[0]: expected a block node, got a 'text' node",
    ),
    (("blocks", 0, "id"), "x", "blocks[0]: unknown key 'id'"),
    (("blocks", 0, "children"), DELETE, "blocks[0]: missing key 'children'"),
    (
        ("blocks", 0),
        {"type": "heading", "level": 2, "children": []},
        "blocks[0]: missing key 'depth'",
    ),
    (("blocks", 0, "depth"), 7, "blocks[0].depth: expected an integer from 1 to 6, got number 7"),
    (("blocks", 0, "depth"), True, "blocks[0].depth: expected an integer from 1 to 6, got true"),
    (
        ("blocks", 1, "children", 0),
        {"type": "foo"},
        "blocks[1].children[0]: unknown node type 'foo'",
    ),
    (
        ("blocks", 1, "children", 1, "children", 0, "children", 0),
        {"type": "paragraph", "children": []},
        "blocks[1].children[1].children[0].children[0]: expected an inline node, "
        "got a 'paragraph' node",
    ),
    (
        ("blocks", 1, "children", 4, "url"),
        None,
        "blocks[1].children[4].url: expected a string, got null",
    ),
    (
        ("blocks", 1, "children", 7, "alt"),
        None,
        "blocks[1].children[7].alt: expected a string, got null",
    ),
    (("blocks", 2, "start"), "1", "blocks[2].start: expected an integer or null, got string '1'"),
    (("blocks", 2, "ordered"), 1, "blocks[2].ordered: expected true or false, got number 1"),
    (
        ("blocks", 2, "items", 0),
        {"type": "paragraph", "children": []},
        "blocks[2].items[0]: expected a listItem node, got a 'paragraph' node",
    ),
    (
        ("blocks", 2, "items", 0, "children", 0, "children"),
        "一",
        "blocks[2].items[0].children[0].children: expected an array, got string '一'",
    ),
    (
        ("blocks", 4, "children", 1, "type"),
        "break",
        "blocks[4].children[1]: expected a block node, got a 'break' node",
    ),
    (("blocks", 5, "lang"), 3, "blocks[5].lang: expected a string or null, got number 3"),
    (
        ("blocks", 7, "image"),
        {"type": "text", "value": "x"},
        "blocks[7].image: expected an image node, got a 'text' node",
    ),
    (("blocks", 7, "image", "url"), DELETE, "blocks[7].image: missing key 'url'"),
    (
        ("blocks", 9, "align", 1),
        "middle",
        'blocks[9].align[1]: expected "left", "right", "center" or null, got string \'middle\'',
    ),
    (
        ("blocks", 9, "rows", 0, "cells", 2, "children", 1),
        {"type": "foo"},
        "blocks[9].rows[0].cells[2].children[1]: unknown node type 'foo'",
    ),
    (("blocks", 9, "rows", 0), [], "blocks[9].rows[0]: expected a tableRow node, got array"),
    (("blocks", 11, "kind"), None, "blocks[11].kind: expected a string, got null"),
    (("problems", 1, "line"), "3", "problems[1].line: expected an integer or null, got string '3'"),
    (("problems", 0, "column"), DELETE, "problems[0]: missing key 'column'"),
    (("problems", 0), "date", "problems[0]: expected an object, got string 'date'"),
]


@pytest.mark.parametrize(
    ("path", "value", "expected"), BAD_DICTS, ids=[case[2].split(":")[0] for case in BAD_DICTS]
)
def test_from_dict_names_the_path_of_what_is_wrong(
    path: tuple[str | int, ...], value: Any, expected: str
) -> None:
    """Each malformed dict raises SchemaError whose message starts with the JSON path."""
    with pytest.raises(SchemaError) as caught:
        from_dict(changed(path, value))
    assert expected == str(caught.value)


BAD_TEXTS: list[tuple[Any, str]] = [
    (
        "{",
        "$: not valid JSON: Expecting property name enclosed in double quotes: "
        "line 1 column 2 (char 1)",
    ),
    ("", "$: not valid JSON: Expecting value: line 1 column 1 (char 0)"),
    (
        b"\xff",
        "$: not valid JSON: 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte",
    ),
    ("[]", "$: expected an object, got array"),
    ("null", "$: expected an object, got null"),
    ("{}", "$: missing key 'schema_version'"),
    (
        "1" * 5000,
        "$: not valid JSON: Exceeds the limit (4300 digits) for integer string conversion: "
        "value has 5000 digits; use sys.set_int_max_str_digits() to increase the limit",
    ),
    ("[" * 100_000 + "]" * 100_000, "$: nested too deeply"),
]


@pytest.mark.parametrize(
    ("text", "expected"), BAD_TEXTS, ids=[str(i) for i in range(len(BAD_TEXTS))]
)
def test_from_json_refuses_what_is_not_json(text: Any, expected: str) -> None:
    """Bad JSON text raises SchemaError, never a json, Unicode or recursion error."""
    with pytest.raises(SchemaError) as caught:
        from_json(text)
    assert expected == str(caught.value)


def test_the_original_error_is_chained() -> None:
    """The foreign error behind a SchemaError is its __cause__."""
    with pytest.raises(SchemaError) as bad_json:
        from_json("{")
    with pytest.raises(SchemaError) as bad_date:
        from_dict(changed(("date",), "yesterday"))
    with pytest.raises(SchemaError) as missing:
        from_dict(changed(("blocks", 0), {"type": "heading", "level": 2, "children": []}))
    causes = [type(caught.value.__cause__) for caught in (bad_json, bad_date, missing)]
    assert [json.JSONDecodeError, ValueError, KeyError] == causes


def deep_blockquotes(depth: int) -> str:
    """An article whose body is `depth` blockquotes, one inside the other, as JSON text."""
    head = to_json(Article()).replace(
        '"blocks":[]', '"blocks":[' + '{"type":"blockquote","children":[' * depth, 1
    )
    return head.replace(',"source"', "]}" * depth + '],"source"', 1)


def test_deep_json_raises_schema_error() -> None:
    """A body 100,000 blockquotes deep is a SchemaError, not a RecursionError."""
    text = deep_blockquotes(100_000)
    with pytest.raises(SchemaError) as caught:
        from_json(text)
    expected = "$: nested too deeply"
    assert expected == str(caught.value)


def test_moderately_deep_json_round_trips() -> None:
    """Fifty nested blockquotes, far more than any post has, still read and write back."""
    article = from_json(deep_blockquotes(50))
    assert deep_blockquotes(50) == to_json(article)


def test_deep_dict_raises_schema_error() -> None:
    """from_dict of a Python-built 100,000-deep body is a SchemaError too."""
    block: dict[str, Any] = {"type": "blockquote", "children": []}
    data = {**to_dict(Article()), "blocks": [block]}
    for _ in range(100_000):
        inner: dict[str, Any] = {"type": "blockquote", "children": []}
        block["children"].append(inner)
        block = inner
    with pytest.raises(SchemaError) as caught:
        from_dict(data)
    expected = "$: nested too deeply"
    assert expected == str(caught.value)


def test_deep_article_raises_schema_error_on_writing() -> None:
    """to_json of an article 100,000 blockquotes deep is a SchemaError."""
    block = Blockquote(children=())
    for _ in range(100_000):
        block = Blockquote(children=(block,))
    with pytest.raises(SchemaError) as caught:
        to_json(Article(blocks=(block,)))
    expected = "$: the article is nested too deeply to write"
    assert expected == str(caught.value)


def deep_list(depth: int) -> list[Any]:
    """A list nested `depth` deep."""
    root: list[Any] = []
    inner = root
    for _ in range(depth):
        inner.append([])
        inner = inner[0]
    return root


def cyclic() -> list[Any]:
    """A list that holds itself."""
    loop: list[Any] = []
    loop.append(loop)
    return loop


UNWRITABLE = [
    (
        Article(date=dt.datetime(2021, 1, 1)),
        "date: expected a datetime with a UTC offset, got datetime.datetime(2021, 1, 1, 0, 0)",
    ),
    (Article(extra={"a": math.inf}), "extra.a: inf is not a JSON value"),
    (Article(extra={"a": [1, (2, 3)]}), "extra.a[1]: (2, 3) is not a JSON value"),
    (Article(extra={"a": {1}}), "extra.a: {1} is not a JSON value"),
    (Article(extra={"a": {2: "x"}}), "extra.a: key number 2 is not a string"),
    (
        Article(extra={"a": dt.date(2021, 1, 1)}),
        "extra.a: datetime.date(2021, 1, 1) is not a JSON value",
    ),
    (Article(extra={"a": cyclic()}), "extra.a[0]: a list or dict that holds itself"),
    (
        Article(extra={"a": 10**5000}),
        "$: cannot write as JSON: Exceeds the limit (4300 digits) for integer string "
        "conversion; use sys.set_int_max_str_digits() to increase the limit",
    ),
    (
        Article(extra={"a": deep_list(100_000)}),
        "$: the article is nested too deeply to write",
    ),
    (
        Article(blocks=(Text(value="x"),)),  # type: ignore[arg-type]
        "$: cannot encode a Text there: not a node of the kind expected",
    ),
    (
        Article(blocks=(List(ordered=False, items=(Paragraph(children=()),)),)),  # type: ignore[arg-type]
        "$: cannot encode a Paragraph there: not a node of the kind expected",
    ),
    (
        Article(blocks=(Paragraph(children=(Text(value=None),)),)),  # type: ignore[arg-type]
        "$: cannot write as JSON: first argument must be a string, not NoneType",
    ),
]


@pytest.mark.parametrize(
    ("article", "expected"), UNWRITABLE, ids=[str(i) for i in range(len(UNWRITABLE))]
)
def test_to_json_refuses_what_would_not_read_back_equal(article: Article, expected: str) -> None:
    """What JSON cannot carry back equal is a SchemaError when writing, never a json error."""
    with pytest.raises(SchemaError) as caught:
        to_json(article)
    assert expected == str(caught.value)


def test_version_3_json_without_checked_reads_as_no_tasks() -> None:
    """JSON written before ``checked`` existed (schema_version 3, no key) reads: no task items;
    version 4 needs the key."""
    article = newsdoc.parse("- [x] done\n- plain\n")
    data = json.loads(newsdoc.to_json(article))
    data["schema_version"] = 3
    for item in data["blocks"][0]["items"]:
        del item["checked"]
    expected = [None, None]
    assert expected == [item.checked for item in from_dict(data).blocks[0].items]
    with pytest.raises(SchemaError, match="missing key 'checked'"):
        from_dict({**data, "schema_version": 4})


def test_checked_must_be_a_boolean_or_null() -> None:
    """A ``checked`` that is not true, false or null is refused with its path."""
    data = json.loads(newsdoc.to_json(newsdoc.parse("- [x] done\n")))
    data["blocks"][0]["items"][0]["checked"] = 1
    with pytest.raises(SchemaError, match=r"blocks\[0\]\.items\[0\]\.checked: expected true"):
        from_dict(data)
