"""What newsdoc writes back, read by the readers of the post's own world, not by newsdoc alone.

Three readers: python-frontmatter (PyYAML's SafeLoader, YAML 1.1), Ruby's Psych with Jekyll's
front-matter pattern (``tests/readers/read.rb``) and Hexo's own ``hexo-front-matter`` under node
(js-yaml; ``tests/readers/read.js``, installed by ``npm ci --prefix tests/readers``).  Each must
read from the written post exactly what it read from the original — same keys, same order,
same values — on every corpus post it can read, and read a title set by a program as that
string.  Without ruby or the node packages the tests skip, unless ``NEWSDOC_REQUIRE_READERS``
is set (``.ci/run`` sets it and installs both): then they fail.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from typing import Any

import attrs
import frontmatter
import pytest
from tests.conftest import ROOT, SEED, corpus_files, corpus_id
from tests.test_write_back import RETYPED

import newsdoc

READERS = ROOT / "tests" / "readers"


def _unavailable(what: str, how: str) -> None:
    message = f"{what} is missing ({how})"
    if os.environ.get("NEWSDOC_REQUIRE_READERS", "") not in ("", "0"):
        pytest.fail(message + "; NEWSDOC_REQUIRE_READERS is set")
    pytest.skip(message)


def _run(command: list[str], texts: list[str]) -> list[Any]:
    lines = "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts))
    done = subprocess.run(
        command, input=lines, capture_output=True, text=True, cwd=READERS, timeout=600, check=True
    )
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert [a["id"] for a in answers] == list(range(len(texts)))
    return [a.get("data") if "error" not in a else ("error", a["error"]) for a in answers]


def _psych(texts: list[str]) -> list[Any]:
    if shutil.which("ruby") is None:
        _unavailable("ruby", "apt-get install -y ruby")
    return _run(["ruby", "read.rb"], texts)


def _hexo(texts: list[str]) -> list[Any]:
    if (
        shutil.which("node") is None
        or not (READERS / "node_modules" / "hexo-front-matter").is_dir()
    ):
        _unavailable("hexo-front-matter", "npm ci --prefix tests/readers")
    return _run(["node", "read.js"], texts)


def _python_frontmatter(texts: list[str]) -> list[Any]:
    found: list[Any] = []
    for text in texts:
        try:
            found.append(list(frontmatter.loads(text).metadata.items()))
        except Exception as exc:
            found.append(("error", repr(exc)))
    return found


Reader = Callable[[list[str]], list[Any]]
ALL_READERS: dict[str, Reader] = {
    "python-frontmatter": _python_frontmatter,
    "psych": _psych,
    "hexo-front-matter": _hexo,
}


def _pairs(data: Any) -> Any:
    """Key order made part of equality: a mapping as its list of pairs."""
    if isinstance(data, dict):
        return [(k, _pairs(v)) for k, v in data.items()]
    return data


def _readable(data: Any) -> bool:
    """Whether the reader found a front matter (errors are tuples, none is None)."""
    return isinstance(data, dict | list) and bool(data)


def _texts() -> list[tuple[str, str, newsdoc.Article]]:
    found = []
    for path in corpus_files():
        text = path.read_bytes().decode("utf-8", errors="replace")
        text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        found.append((corpus_id(path), text, newsdoc.parse(text)))
    return found


@pytest.fixture(scope="module")
def posts() -> list[tuple[str, str, newsdoc.Article]]:
    """Every corpus post: its id, its text (decoded, LF line endings) and its article."""
    return _texts()


@pytest.mark.parametrize("name", ALL_READERS)
def test_every_post_written_back_reads_the_same(name: str, posts: list[Any]) -> None:
    """Written back, and written back after a trip through JSON: the reader reads the same."""
    reader = ALL_READERS[name]
    originals = [text for _, text, _ in posts]
    written = [newsdoc.to_markdown(article) for _, _, article in posts]
    via_json = [newsdoc.to_markdown(newsdoc.from_json(newsdoc.to_json(a))) for _, _, a in posts]
    before, after, after_json = (
        [_pairs(d) for d in reader(texts)] for texts in (originals, written, via_json)
    )
    readable = [i for i, data in enumerate(before) if _readable(data)]
    assert len(readable) > len(posts) // 2, f"{name} read too few posts: {len(readable)}"
    wrong = [posts[i][0] for i in readable if not before[i] == after[i] == after_json[i]]
    assert wrong == []


def _title_key(article: newsdoc.Article) -> str:
    assert article.origin is not None
    keys = [entry.key for entry in article.origin.entries if entry.field == "title"]
    return keys[0] if keys else "title"


@pytest.mark.parametrize("name", ALL_READERS)
def test_a_title_set_by_a_program_reads_as_that_string(name: str, posts: list[Any]) -> None:
    """evolve(title=v): the reader reads v in the post's own key, every other key as before."""
    reader = ALL_READERS[name]
    chosen = [(i, p) for i, p in enumerate(posts) if p[2].origin is not None]
    seed = newsdoc.parse(SEED.read_bytes())
    changed = [
        attrs.evolve(article, title=RETYPED[i % len(RETYPED)]) for i, (_, (_, _, article)) in
        enumerate(chosen)
    ] + [attrs.evolve(seed, title=value) for value in RETYPED]  # fmt: skip
    originals = [p[1] for _, p in chosen] + [SEED.read_text(encoding="utf-8")] * len(RETYPED)
    before = reader(originals)
    after = reader([newsdoc.to_markdown(article) for article in changed])
    wrong = []
    for index, article in enumerate(changed):
        if not _readable(before[index]) or not _chunked(article):
            continue
        key = _title_key(article)
        expected = dict(before[index])
        expected[key] = article.title
        if _pairs(expected) != _pairs(after[index]):
            wrong.append((index, article.source, article.title, after[index]))
    assert wrong == []
    assert sum(_readable(data) for data in before) > len(changed) // 2


def _chunked(article: newsdoc.Article) -> bool:
    """Whether each entry's text is known (else unchanged keys are written afresh too)."""
    assert article.origin is not None
    return all(entry.text is not None for entry in article.origin.entries)


def test_the_readers_tell_typed_values_apart() -> None:
    """The readers type what the tests say they type: a bare yes, 23:00:00, a date."""
    post = "---\na: yes\nb: 23:00:00\nc: 2021-11-24\n---\n"
    python = _python_frontmatter([post])[0]
    assert python[:2] == [("a", True), ("b", 82800)]
    assert _psych([post])[0] == {"a": True, "b": 82800, "c": {"$date": "2021-11-24"}}
    assert _hexo([post])[0] == {
        "a": "yes",
        "b": "23:00:00",
        "c": {"$date": "2021-11-24T00:00:00.000Z"},
    }
