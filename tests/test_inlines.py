"""newsdoc.model.canonical.normalize: the canonical form both body parsers produce."""

from __future__ import annotations

import pytest

from newsdoc.model import Break, Emphasis, Inline, InlineCode, Link, Strong, Text
from newsdoc.model.canonical import normalize


def t(value: str) -> Text:
    """A text node."""
    return Text(value=value)


CASES: list[tuple[str, list[Inline], tuple[Inline, ...]]] = [
    ("adjacent texts merge", [t("a"), t("b")], (t("ab"),)),
    ("one space kept at a seam", [t("a "), t(" b")], (t("a b"),)),
    (
        "space-only emphasis is a space",
        [t("one"), Emphasis(children=(t(" "),)), t("two")],
        (t("one two"),),
    ),
    (
        "edge spaces move out",
        [t("x"), Strong(children=(t(" b "),)), t("y")],
        (t("x "), Strong(children=(t("b"),)), t(" y")),
    ),
    (
        "adjacent strongs merge",
        [Strong(children=(t("a"),)), Strong(children=(t("b"),))],
        (Strong(children=(t("ab"),)),),
    ),
    (
        "nested same kind unwraps",
        [Strong(children=(t("a"), Strong(children=(t("b"),))))],
        (Strong(children=(t("ab"),)),),
    ),
    (
        "merge reaches into nested spans",
        [
            Strong(children=(Emphasis(children=(t("a"),)),)),
            Strong(children=(Emphasis(children=(t("b"),)),)),
        ],
        (Strong(children=(Emphasis(children=(t("ab"),)),)),),
    ),
    ("empty strong dropped", [t("a"), Strong(children=()), t("b")], (t("ab"),)),
    ("empty link dropped", [t("a"), Link(url="x", children=()), t("b")], (t("ab"),)),
    (
        "break moves out of a link",
        [Link(url="x", children=(Break(), t("y")))],
        (Link(url="x", children=(t("y"),)),),
    ),
    ("block edges trimmed", [t("  a "), Break(), t(" b  ")], (t("a"), Break(), t("b"))),
    ("edge breaks dropped", [Break(), t("a"), Break()], (t("a"),)),
    ("nbsp is content", [t("\u00a0a\u00a0")], (t("\u00a0a\u00a0"),)),
    ("code untouched", [InlineCode(value=" x ")], (InlineCode(value=" x "),)),
]


@pytest.mark.parametrize(("name", "given", "expected"), CASES, ids=[c[0] for c in CASES])
def test_normalize(name: str, given: list[Inline], expected: tuple[Inline, ...]) -> None:
    """Each input reaches its canonical form."""
    assert expected == normalize(given, block=True)


def test_deep_alternating_spans_are_linear() -> None:
    """200 levels of <b><i> normalize without blowing up (was exponential once)."""
    node: Inline = t("x")
    for depth in range(200):
        node = Strong(children=(node,)) if depth % 2 else Emphasis(children=(node,))
    result = normalize([node])
    assert len(result) == 1


def test_many_adjacent_spans_merge_into_one() -> None:
    """50,000 adjacent strongs merge into one strong holding all their text."""
    result = normalize([Strong(children=(t("ab"),))] * 50_000)
    assert result == (Strong(children=(t("ab" * 50_000),)),)
