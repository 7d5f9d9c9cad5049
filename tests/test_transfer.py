"""newsdoc.batch.transfer and .pool: what jobs > 1 sends back, and how its workers start."""

from __future__ import annotations

import pickle
import subprocess
import sys
import threading
from collections.abc import Iterator

import attrs

import newsdoc
from conftest import corpus_files
from newsdoc import model
from newsdoc.batch import pool as _pool
from newsdoc.batch import transfer as _transfer
from newsdoc.batch.loading import iter_load, load_one
from newsdoc.batch.result import LoadResult
from newsdoc.io.files import SourceFile
from newsdoc.options import ParseOptions


def nodes(value: object) -> Iterator[object]:
    """Every attrs instance inside `value`, depth first."""
    if attrs.has(type(value)):
        yield value
        for field in attrs.fields(type(value)):
            yield from nodes(getattr(value, field.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from nodes(item)


def test_pack_unpack_gives_the_corpus_back() -> None:
    """Every corpus result comes back equal, with its source, problems and node classes."""
    options = ParseOptions()
    results = [load_one(SourceFile(path=str(p), relative=p.name), options) for p in corpus_files()]
    back = list(_transfer.unpack(_transfer.pack(results)))
    assert results == back
    assert [r.article.source for r in results if r.article] == [
        r.article.source for r in back if r.article
    ]
    assert [r.article.problems for r in results if r.article] == [
        r.article.problems for r in back if r.article
    ]
    assert [type(n) for r in results for n in nodes(r)] == [type(n) for r in back for n in nodes(r)]


def test_every_model_class_takes_the_cheap_path() -> None:
    """Each attrs class of the model has a rebuild function (a change to the model shows here)."""
    expected = sorted(
        name for name in model.__all__ if attrs.has(getattr(model, name, None) or object)
    )
    actual = sorted(name for name in expected if hasattr(_transfer, f"rebuild_{name}"))
    assert expected == actual


def test_errors_travel_with_their_location() -> None:
    """A failed result comes back with its ParseError's source, line and message."""
    error = newsdoc.DateError("'Fob 3' is not a date", source="p.md", line=3, column=7)
    (back,) = _transfer.unpack(_transfer.pack([LoadResult(path="p.md", error=error)]))
    assert isinstance(back.error, newsdoc.DateError)
    assert str(error) == str(back.error)


def test_ordinary_pickling_is_unchanged() -> None:
    """Importing the module leaves pickle's own way for the model classes alone."""
    text = model.Text(value="x")
    assert b"rebuild_Text" not in pickle.dumps(text)


_TWICE = """
import sys
from newsdoc.batch import pool as _pool
from newsdoc.batch.loading import iter_load
methods = []
for _ in range(5):
    methods.append(_pool.start_method())
    assert len(sys.argv[1:]) == len(list(iter_load(sys.argv[1:], jobs=2)))
print(",".join(methods))
"""


def test_loading_twice_in_a_row_forks_both_times() -> None:
    """The threads of a pool just shut down do not make the next pool start the slow way.

    Run in a fresh interpreter: threads other tests leave running (Arrow's, Dask's) would
    rightly make every pool start fresh interpreters here.
    """
    files = [str(path) for path in corpus_files()[:4]]
    out = subprocess.run(
        [sys.executable, "-c", _TWICE, *files], capture_output=True, text=True, check=True
    ).stdout
    expected = ",".join(["fork"] * 5)
    assert expected == out.strip()


def test_workers_started_afresh_give_the_same_articles() -> None:
    """With a thread running, workers are fresh interpreters (not forked), and agree."""
    files = corpus_files()[:60]
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        method = _pool.start_method()
        two = list(iter_load(files, jobs=2, chunksize=7))
    finally:
        stop.set()
        thread.join()
    one = list(iter_load(files))
    expected = "exec"
    assert expected == method
    assert one == two
    assert [a.problems for a in one] == [a.problems for a in two]
