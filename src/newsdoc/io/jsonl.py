"""JSON Lines: one `newsdoc.to_json` document per line (``write_jsonl``/``read_jsonl``).

Each line is the compact, lossless JSON of one article (see `newsdoc.serializers.json.codec`), in
UTF-8, ending with ``\\n``.  JSON escapes line breaks inside strings, so a line is always one
article; U+2028 and U+2029 stay as they are and are not line breaks here.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import BinaryIO, TextIO

from newsdoc.errors import ArgumentTypeError, NewsdocError, ReadError, SchemaError, WriteError
from newsdoc.io.atomic import atomic_path
from newsdoc.model import Article
from newsdoc.model.article import each_article
from newsdoc.serializers.json.codec import from_json, to_json

__all__ = ["read_jsonl", "write_jsonl", "write_lines"]


def write_jsonl(articles: Iterable[Article], destination: str | os.PathLike[str] | TextIO) -> int:
    """Write articles as JSON Lines, streaming (one article in memory at a time).

    Args:
        articles: The articles, e.g. from `newsdoc.iter_load`.
        destination: A path, written under a temporary name and renamed when complete (an
            interrupted write leaves no file), or a text file open for writing.

    Returns:
        The number of articles written.

    Raises:
        ArgumentTypeError: `articles` is not an iterable of `Article` (raised when reached),
            or `destination` is neither a path nor a text file.
        WriteError: The file cannot be written (the `OSError` is chained).
        SchemaError: An article cannot be written as JSON (see `newsdoc.to_json`).

    Examples:
        >>> import pathlib, tempfile, newsdoc
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "posts.jsonl"
        >>> write_jsonl(newsdoc.iter_load("examples"), path)
        4
    """
    lines = (to_json(article) for article in each_article(articles, "write_jsonl"))
    return write_lines(lines, destination, call="write_jsonl")


def write_lines(
    lines: Iterable[str], destination: str | os.PathLike[str] | TextIO, *, call: str = "write_lines"
) -> int:
    """Write lines (JSON documents already made, without their newline) as JSON Lines.

    Args:
        lines: The lines, each one compact JSON document.
        destination: As in `write_jsonl`.

    Returns:
        The number of lines written.

    Raises:
        ArgumentTypeError: `destination` is neither a path nor a text file (`call` names the
            public function in the message).
        WriteError: The file or stream cannot be written (the `OSError` is chained).
    """
    if not isinstance(destination, str | os.PathLike):
        if not callable(getattr(destination, "write", None)):
            wanted = "a path (str or os.PathLike) or a text file open for writing"
            raise ArgumentTypeError.of(call, "destination", wanted, destination)
        name = getattr(destination, "name", None)
        try:
            count = _write_lines(lines, destination)
            destination.flush()  # a full disk or a closed pipe is seen here, not later
        except NewsdocError:  # from `lines` (a ReadError is an OSError too): not ours to wrap
            raise
        except OSError as exc:
            raise WriteError.of(name if isinstance(name, str) else None, exc) from exc
        return count
    try:
        with atomic_path(destination) as temp, open(temp, "w", encoding="utf-8") as handle:
            return _write_lines(lines, handle)
    except NewsdocError:
        raise
    except OSError as exc:
        raise WriteError.of(os.fspath(destination), exc) from exc


def _write_lines(lines: Iterable[str], handle: TextIO) -> int:
    count = 0
    for line in lines:
        handle.write(line)
        handle.write("\n")
        count += 1
    return count


def read_jsonl(source: str | os.PathLike[str] | BinaryIO) -> Iterator[Article]:
    """Read articles from JSON Lines, one at a time; blank lines are ignored.

    Args:
        source: A path, or a file open in binary mode.

    Returns:
        An iterator of the articles, ``source`` and ``problems`` included.

    Raises:
        ArgumentTypeError: `source` is neither a path nor a file open for reading (raised at
            the first `next`).
        ReadError: The file cannot be read (raised at the first `next`).
        SchemaError: A line is not an article; the message starts with ``name:line:``.

    Examples:
        >>> import pathlib, tempfile, newsdoc
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "posts.jsonl"
        >>> write_jsonl([newsdoc.parse("---\\ntitle: Hi\\n---\\nx")], path)
        1
        >>> [article.title for article in read_jsonl(path)]
        ['Hi']
    """
    if isinstance(source, str | os.PathLike):
        name = os.fspath(source)
        try:
            with open(name, "rb") as handle:
                yield from _read_lines(handle, name)
        except OSError as exc:
            raise ReadError.of(name, exc) from exc
    elif callable(getattr(source, "read", None)):
        label = getattr(source, "name", None)
        yield from _read_lines(source, label if isinstance(label, str) else "<jsonl>")
    else:
        wanted = "a path (str or os.PathLike) or a file open for reading"
        raise ArgumentTypeError.of("read_jsonl", "source", wanted, source)


def _read_lines(handle: BinaryIO, name: str) -> Iterator[Article]:
    for number, line in enumerate(handle, 1):
        if not line.strip():
            continue
        try:
            yield from_json(line)
        except SchemaError as exc:
            raise exc.at(name, number) from exc
