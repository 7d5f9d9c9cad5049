"""The model classes keep attrs' behaviour: repr, equality, hashing, pickling, evolve."""

from __future__ import annotations

import pickle
from typing import Any

import attrs
import pytest

from newsdoc.errors import Problem
from newsdoc.model import (
    Article,
    Break,
    Figure,
    Image,
    Link,
    List,
    ListItem,
    Table,
    TableCell,
    TableRow,
    Text,
    ThematicBreak,
)

QUOTE = Text(value="it's")
REPRS: list[tuple[Any, str]] = [
    (
        Link(url="u", children=(QUOTE, Break())),
        """Link(url='u', children=(Text(value="it's"), Break()), title=None)""",
    ),
    (
        Figure(image=Image(url="i.png", alt="a"), caption=(QUOTE,)),
        """Figure(image=Image(url='i.png', alt='a', title=None), caption=(Text(value="it's"),))""",
    ),
    (
        Table(rows=(TableRow(cells=(TableCell(children=()),)),), align=("left", None)),
        "Table(rows=(TableRow(cells=(TableCell(children=()),)),), align=('left', None))",
    ),
    (
        List(ordered=True, items=(ListItem(children=(ThematicBreak(),)),), start=3),
        "List(ordered=True, items=(ListItem(children=(ThematicBreak(),)),), start=3)",
    ),
]


@pytest.mark.parametrize(("node", "expected"), REPRS)
def test_repr_is_attrs_repr(node: Any, expected: str) -> None:
    """Each node's repr names its fields in order and leaves out ``type``."""
    assert expected == repr(node)


def test_repr_of_a_cycle_stops() -> None:
    """An article whose ``extra`` holds itself prints ``...`` there, as attrs does."""
    article = Article(title="T", source="s", problems=[Problem(code="c", message="m")])
    article.extra["self"] = article
    expected = (
        "Article(title='T', authors=(), date=None, date_raw=None, updated=None,"
        " updated_raw=None, categories=(), tags=(), image=None, thumbnail=None, comments=None,"
        " draft=False, summary=None, slug=None, permalink=None, lang=None,"
        " extra={'self': ...}, blocks=(), source='s',"
        " problems=(Problem(code='c', message='m', source=None, line=None, column=None),))"
    )
    assert expected == repr(article)


def test_equal_nodes_hash_alike_and_pickle() -> None:
    """Equal trees hash alike and survive pickling; ``source`` is not part of equality."""
    first = Article(title="T", blocks=[], source="a")
    second = Article(title="T", blocks=(), source="b")
    assert (True, hash(first)) == (first == second, hash(second))
    assert (first, repr(first)) == (pickle.loads(pickle.dumps(first)), repr(first))


def test_evolve_and_fields() -> None:
    """`attrs.evolve` changes one field; `attrs.fields` lists ``type`` last, out of init."""
    link = attrs.evolve(Link(url="u", children=()), title="t")
    assert Link(url="u", children=(), title="t") == link
    expected = [("url", True), ("children", True), ("title", True), ("type", False)]
    assert expected == [(field.name, field.init) for field in attrs.fields(Link)]
