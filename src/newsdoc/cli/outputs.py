"""What ``convert`` makes of the outcomes: counted, then written; no output when none converted.

`counted` passes the chunks on, each outcome counted by the run's `Tally` (errors reported as
they come), and raises `NothingConvertedError` at the end when no post was converted: raised
through the output's atomic writer, it leaves no output file (and `write_folder` makes its
folder only at the first article).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from newsdoc.cli.convert import Chunk
from newsdoc.cli.progress import Tally
from newsdoc.errors import NewsdocError

__all__ = ["NothingConvertedError", "batches", "counted", "write_folder"]


class NothingConvertedError(Exception):
    """No post was converted: the output is not made."""


def counted(chunks: Iterable[Chunk], tally: Tally) -> Iterator[Chunk]:
    """`chunks`, each outcome counted by `tally` (its error reported, or raised).

    Raises:
        NothingConvertedError: At the end, when no outcome was an article.
    """
    for chunk in chunks:
        for outcome in chunk.outcomes:
            tally.ok(outcome)
        yield chunk
    if not tally.articles:
        raise NothingConvertedError


def batches(chunks: Iterable[Chunk], tally: Tally) -> Iterator[Any]:
    """The record batches of `chunks` (``parquet``), counted as `counted` does."""
    return (chunk.batch for chunk in counted(chunks, tally))


def write_folder(chunks: Iterable[Chunk], output: str, suffix: str, tally: Tally) -> None:
    """Write each article of `chunks` (counted already) as a file below `output`."""
    from newsdoc.cli.folder import FolderWriter

    writer = None  # made at the first article: a run that converts nothing makes no folder
    for chunk in chunks:
        for outcome in chunk.outcomes:
            if outcome.error is None:
                writer = writer or FolderWriter(output, suffix=suffix)
                try:
                    writer.write(
                        outcome.file.relative, outcome.text or "", source=outcome.file.path
                    )
                except NewsdocError as exc:
                    tally.failed(exc)
