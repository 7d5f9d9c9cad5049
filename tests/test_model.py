"""The model classes keep attrs' behaviour: repr, equality, hashing, pickling, evolve."""

from __future__ import annotations

import pickle
import re
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
    Paragraph,
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
        "List(ordered=True, items=(ListItem(children=(ThematicBreak(),), spread=False,"
        " checked=None),), start=3, spread=False)",
    ),
]


@pytest.mark.parametrize(("node", "expected"), REPRS)
def test_repr_is_attrs_repr(node: Any, expected: str) -> None:
    """Each node's repr names its fields in order and leaves out ``type``."""
    assert expected == repr(node)


def test_article_repr_is_a_summary() -> None:
    """An article's repr names title, date, authors, counts and source, never the tree."""
    article = Article(
        title="T" * 100,
        authors=["a", "b", "c", "d", "e"],
        date_raw="+17:00",
        blocks=[Paragraph(children=(Text(value="x" * 10_000),))] * 50,
        source="s",
        problems=[Problem(code="c", message="m")],
    )
    article.extra["self"] = article
    expected = (
        f"<Article title='{'T' * 59}…' date_raw='+17:00' authors=('a', 'b', 'c', … 2 more)"
        " blocks=50 problems=1 source='s'>"
    )
    assert expected == repr(article)


def test_article_repr_of_one_author_is_a_tuple() -> None:
    """One author is shown as the tuple it is, not as a string in parentheses."""
    expected = "<Article authors=('Ann',) blocks=0>"
    assert expected == repr(Article(authors=["Ann"]))


def test_article_repr_cuts_escaped_characters() -> None:
    """A title of characters that repr escapes long still gives a short repr."""
    assert len(repr(Article(title="\x00" * 1000, source="\U0010ffff" * 1000))) < 200


def test_article_fields_are_described_in_help() -> None:
    """Each field has a line in the class docstring's Attributes section (what help() shows)."""
    section = (Article.__doc__ or "").split("Attributes:\n", 1)[1].split("\n\n", 1)[0]
    described = re.findall(r"^        (\w+): \S", section, re.M)
    assert [field.name for field in attrs.fields(Article)] == described


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
