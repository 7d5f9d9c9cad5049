"""Python API misuse: an argument of the wrong type is an ArgumentTypeError saying what is taken."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import newsdoc

ARTICLE = newsdoc.parse("---\ntitle: T\n---\nx")


def _write_jsonl(tmp: Path) -> Callable[[Any], object]:
    return lambda value: newsdoc.write_jsonl(value, tmp / "out.jsonl")


def _write_parquet(tmp: Path) -> Callable[[Any], object]:
    return lambda value: newsdoc.write_parquet(value, tmp / "out.parquet")


# (call, value, the start of the message)
MISUSES: list[tuple[str, Callable[[Path], Callable[[Any], object]], Any, str]] = [
    (
        "parse a path",
        lambda tmp: newsdoc.parse,
        Path("post.md"),
        "parse(): text must be str or bytes, not PosixPath (newsdoc.load() reads a file)",
    ),
    ("parse None", lambda tmp: newsdoc.parse, None, "parse(): text must be str or bytes, not None"),
    ("parse a file", lambda tmp: newsdoc.parse, io.BytesIO(b"x"), "parse(): text must be str or"),
    (
        "load None",
        lambda tmp: newsdoc.load,
        None,
        "load(): path_or_file must be a path (str or os.PathLike) or a file open for reading,"
        " not None",
    ),
    (
        "load bytes",
        lambda tmp: newsdoc.load,
        b"---\ntitle: T\n---\n",
        "load(): path_or_file must be a path (str or os.PathLike) or a file open for reading,"
        " not bytes (newsdoc.parse() reads a post's text or bytes)",
    ),
    ("load an int", lambda tmp: newsdoc.load, 3, "load(): path_or_file must be a path"),
    (
        "iter_load None",
        lambda tmp: lambda value: newsdoc.iter_load(value),
        None,
        "iter_load(): inputs must be a path or glob pattern (str or os.PathLike), or an iterable"
        " of them, not None",
    ),
    ("iter_load bytes", lambda tmp: newsdoc.iter_load, b"posts", "iter_load(): inputs must be"),
    (
        "iter_load [None]",
        lambda tmp: lambda value: list(newsdoc.iter_load(value)),
        ["examples", None],
        "iter_load(): each input must be a path or glob pattern (str or os.PathLike), not None",
    ),
    ("to_json None", lambda tmp: newsdoc.to_json, None, "to_json(): article must be an Article"),
    ("to_dict text", lambda tmp: newsdoc.to_dict, "x", "to_dict(): article must be an Article"),
    ("to_markdown", lambda tmp: newsdoc.to_markdown, None, "to_markdown(): article must be an"),
    (
        "from_json a dict",
        lambda tmp: newsdoc.from_json,
        {"schema_version": 4},
        "from_json(): text must be JSON text (str or bytes), not dict (newsdoc.from_dict() reads"
        " parsed JSON)",
    ),
    ("from_json 42", lambda tmp: newsdoc.from_json, 42, "from_json(): text must be JSON text"),
    (
        "write_jsonl None",
        _write_jsonl,
        None,
        "write_jsonl(): articles must be an iterable of Article, not None",
    ),
    (
        "write_jsonl one article",
        _write_jsonl,
        ARTICLE,
        "write_jsonl(): articles must be an iterable of Article, not Article (pass a list of one)",
    ),
    (
        "write_jsonl a LoadResult",
        _write_jsonl,
        [newsdoc.LoadResult(path="p.md", article=ARTICLE)],
        "write_jsonl(): each item of articles must be an Article, not LoadResult (a LoadResult's"
        " article is its .article)",
    ),
    (
        "write_jsonl to None",
        lambda tmp: lambda value: newsdoc.write_jsonl([ARTICLE], value),
        None,
        "write_jsonl(): destination must be a path (str or os.PathLike) or a text file open for"
        " writing, not None",
    ),
    (
        "read_jsonl None",
        lambda tmp: lambda value: list(newsdoc.read_jsonl(value)),
        None,
        "read_jsonl(): source must be a path",
    ),
    (
        "write_parquet text",
        _write_parquet,
        [ARTICLE, "x"],
        "write_parquet(): each item of articles must be an Article, not str",
    ),
    (
        "write_parquet to None",
        lambda tmp: lambda value: newsdoc.write_parquet([ARTICLE], value),
        None,
        "write_parquet(): path must be a path (str or os.PathLike), not None",
    ),
    ("to_arrow None", lambda tmp: newsdoc.to_arrow, None, "to_arrow(): articles must be an"),
    ("to_pandas ints", lambda tmp: newsdoc.to_pandas, [1], "to_pandas(): each item of articles"),
    ("to_post None", lambda tmp: newsdoc.to_post, None, "to_post(): article must be an Article"),
    ("from_post None", lambda tmp: newsdoc.from_post, None, "from_post(): post must be a"),
]


@pytest.mark.parametrize(
    ("make_call", "value", "message"), [m[1:] for m in MISUSES], ids=[m[0] for m in MISUSES]
)
def test_misuse_is_an_argument_type_error(
    tmp_path: Path, make_call: Callable[[Path], Callable[[Any], object]], value: Any, message: str
) -> None:
    """The error is newsdoc's and a TypeError, names the call and what it takes, and leaves no
    output file behind."""
    with pytest.raises(newsdoc.ArgumentTypeError) as caught:
        make_call(tmp_path)(value)
    assert isinstance(caught.value, TypeError)
    assert isinstance(caught.value, newsdoc.NewsdocError)
    assert str(caught.value).startswith(message)
    assert not list(tmp_path.iterdir())


def test_load_a_file_whose_read_gives_neither_text_nor_bytes() -> None:
    """A file-like object whose read() gives something else is refused by name."""

    class Odd:
        def read(self, size: int) -> list[str]:
            return ["not", "text"]

    with pytest.raises(newsdoc.ArgumentTypeError, match=r"load\(\): path_or_file\.read\(\)"):
        newsdoc.load(Odd())  # type: ignore[arg-type]


def test_what_is_taken_still_works() -> None:
    """str, bytes and bytearray posts, paths and open files, generators of articles."""
    text = "---\ntitle: T\n---\nx"
    assert ARTICLE == newsdoc.parse(text.encode()) == newsdoc.parse(bytearray(text.encode()))
    assert ARTICLE.title == newsdoc.load(io.StringIO(text)).title
    assert newsdoc.to_arrow(article for article in [ARTICLE]).num_rows == 1
