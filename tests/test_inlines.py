"""newsdoc.model.canonical.normalize: the canonical form both body parsers produce."""

from __future__ import annotations

import pytest

from newsdoc.model import Break, Emphasis, Inline, InlineCode, Link, Strong
from newsdoc.model.canonical import normalize
from nodes import T

CASES: list[tuple[str, list[Inline], tuple[Inline, ...]]] = [
    ("adjacent texts merge", [T("a"), T("b")], (T("ab"),)),
    ("one space kept at a seam", [T("a "), T(" b")], (T("a b"),)),
    (
        "space-only emphasis is a space",
        [T("one"), Emphasis(children=(T(" "),)), T("two")],
        (T("one two"),),
    ),
    (
        "edge spaces move out",
        [T("x"), Strong(children=(T(" b "),)), T("y")],
        (T("x "), Strong(children=(T("b"),)), T(" y")),
    ),
    (
        "adjacent strongs merge",
        [Strong(children=(T("a"),)), Strong(children=(T("b"),))],
        (Strong(children=(T("ab"),)),),
    ),
    (
        "nested same kind unwraps",
        [Strong(children=(T("a"), Strong(children=(T("b"),))))],
        (Strong(children=(T("ab"),)),),
    ),
    (
        "merge reaches into nested spans",
        [
            Strong(children=(Emphasis(children=(T("a"),)),)),
            Strong(children=(Emphasis(children=(T("b"),)),)),
        ],
        (Strong(children=(Emphasis(children=(T("ab"),)),)),),
    ),
    ("empty strong dropped", [T("a"), Strong(children=()), T("b")], (T("ab"),)),
    ("empty link dropped", [T("a"), Link(url="x", children=()), T("b")], (T("ab"),)),
    (
        "break moves out of a link",
        [Link(url="x", children=(Break(), T("y")))],
        (Link(url="x", children=(T("y"),)),),
    ),
    ("block edges trimmed", [T("  a "), Break(), T(" b  ")], (T("a"), Break(), T("b"))),
    ("edge breaks dropped", [Break(), T("a"), Break()], (T("a"),)),
    ("nbsp is content", [T("\u00a0a\u00a0")], (T("\u00a0a\u00a0"),)),
    ("code untouched", [InlineCode(value=" x ")], (InlineCode(value=" x "),)),
]


@pytest.mark.parametrize(("name", "given", "expected"), CASES, ids=[c[0] for c in CASES])
def test_normalize(name: str, given: list[Inline], expected: tuple[Inline, ...]) -> None:
    """Each input reaches its canonical form."""
    assert expected == normalize(given, block=True)


def test_deep_alternating_spans_are_linear() -> None:
    """200 levels of <b><i> normalize without blowing up (was exponential once)."""
    node: Inline = T("x")
    for depth in range(200):
        node = Strong(children=(node,)) if depth % 2 else Emphasis(children=(node,))
    result = normalize([node])
    assert len(result) == 1


def test_many_adjacent_spans_merge_into_one() -> None:
    """50,000 adjacent strongs merge into one strong holding all their text."""
    result = normalize([Strong(children=(T("ab"),))] * 50_000)
    assert result == (Strong(children=(T("ab" * 50_000),)),)
