"""python-frontmatter interop (`newsdoc.to_post`, `newsdoc.from_post`), against the real package."""

from __future__ import annotations

import frontmatter
import pytest
from tests.conftest import SEED, corpus_files, shared_corpus_dir
from tests.test_write_back import RETYPED

import newsdoc


def test_to_post_gives_what_python_frontmatter_reads_from_the_original() -> None:
    """On every corpus post python-frontmatter reads: the same metadata, keys in order."""
    compared = 0
    wrong = []
    for path in corpus_files():
        text = path.read_bytes().decode("utf-8", errors="replace").replace("\r\n", "\n")
        try:
            expected = frontmatter.loads(text).metadata
        except Exception:
            continue
        if not expected:
            continue
        compared += 1
        post = newsdoc.to_post(newsdoc.parse(text))
        if list(post.metadata.items()) != list(expected.items()):
            wrong.append(str(path))
    assert wrong == []
    assert compared > (40 if shared_corpus_dir() else 20)  # 35 posts in tests/corpus alone


def test_to_post_has_the_body_as_content() -> None:
    """The content is the body; with the body kept, the seed's own body, stripped."""
    article = newsdoc.parse(SEED.read_bytes(), keep_body=True)
    assert newsdoc.to_post(article).content == frontmatter.loads(SEED.read_text()).content


def test_from_post_reads_the_posts_fields() -> None:
    """A Post's metadata and content become the article's fields and body."""
    post = frontmatter.Post("Hello *world*", title="T", author="Ann", tags=["a", "b"])
    article = newsdoc.from_post(post, source="p.md")
    assert (article.title, article.authors, article.tags) == ("T", ("Ann",), ("a", "b"))
    assert (article.text, article.source) == ("Hello world", "p.md")


@pytest.mark.parametrize("value", RETYPED)
def test_a_post_goes_through_newsdoc_unchanged(value: str) -> None:
    """from_post then to_post: the metadata comes back the same, strings stay strings."""
    metadata = {"title": value, "n": 3, "ok": False, "tags": [value, "x"], "x": {"k": value}}
    post = newsdoc.to_post(newsdoc.from_post(frontmatter.Post("Body", **metadata)))
    assert list(post.metadata.items()) == list(metadata.items())


def test_from_post_refuses_what_is_not_plain_data() -> None:
    """A set in the metadata is a SchemaError, not a foreign exception."""
    with pytest.raises(newsdoc.SchemaError, match="set"):
        newsdoc.from_post(frontmatter.Post("x", tags={"a"}))
