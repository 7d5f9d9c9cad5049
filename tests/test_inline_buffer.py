"""The HTML inline buffer builds canonical content itself, and `normalize`'s shortcut is sound.

`InlineBuffer.take` returns its content without calling `normalize` when it knows the
content is already canonical, and `normalize` returns its input when a cheap check says
it is canonical.  Both shortcuts are checked here against the full rebuild.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from newsdoc.model import Image, Inline
from newsdoc.model.canonical import _Run, _trim_block, normalize
from newsdoc.parsers.inline_buffer import InlineBuffer
from strategies import inlines

TEXTS = ["a", " ", "  ", "a ", " a", "\n", " \n ", "x\ny", "中", "中\n文", " 文 ", "\t", "\u00a0"]


def rebuilt(nodes: tuple[Inline, ...], *, block: bool) -> tuple[Inline, ...]:
    """The canonical form by the full rebuild, without the shortcut."""
    run = _Run()
    for node in nodes:
        run.add(node, None)
    out = run.finish()
    return tuple(_trim_block(out) if block else out)


@settings(max_examples=examples(5), deadline=None)
@given(inlines(), st.booleans())
def test_normalize_shortcut_agrees_with_the_rebuild(nodes: tuple[Inline, ...], block: bool) -> None:
    """normalize gives what the full rebuild gives, whether or not it takes the shortcut."""
    assert rebuilt(nodes, block=block) == normalize(nodes, block=block)


_OPS = st.one_of(
    st.tuples(st.just("text"), st.sampled_from(TEXTS)),
    st.tuples(st.just("br")),
    st.tuples(st.just("open"), st.integers(0, 3)),
    st.tuples(st.just("close")),
    st.tuples(st.just("code"), st.sampled_from([" x", "y", "z ", " "])),
    st.tuples(st.just("atom")),
    st.tuples(st.just("take")),
    st.tuples(st.just("text_block"), st.sampled_from(TEXTS)),
    st.tuples(st.just("drop_break")),
)


@settings(max_examples=examples(10), deadline=None)
@given(st.lists(_OPS, max_size=30))
def test_buffer_content_is_canonical(ops: list[tuple[object, ...]]) -> None:
    """Whatever the buffer is fed, what it gives is already in canonical (block) form."""
    buffer = InlineBuffer()
    taken: list[tuple[Inline, ...]] = []
    for op in [*ops, ("take",)]:
        name = op[0]
        if name == "text":
            buffer.text(str(op[1]))
        elif name == "br":
            buffer.br()
        elif name == "open":
            buffer.open(int(str(op[1])), "u", None)
        elif name == "close" and buffer.depth:
            buffer.close()
        elif name == "code":
            buffer.code(str(op[1]))
        elif name == "atom":
            buffer.atom(Image(url="i"))
        elif name == "take":
            taken.append(buffer.take())
        elif name == "text_block":
            taken.append(buffer.text_block(str(op[1])))
        elif name == "drop_break" and buffer.last_break:
            buffer.drop_last_break()
    assert [rebuilt(content, block=True) for content in taken] == taken
