"""Loading many posts: `iter_load`, streaming, in a stable order, on one or many processes.

Memory stays flat whatever the number of files: files are found lazily (`newsdoc.io.files`),
and with ``jobs=N`` at most ``N * 4`` chunks of ``chunksize`` files are in flight at once.
Results come back in the order the files were found, whatever the number of processes.

Errors follow ``on_error``:

- ``"raise"`` (the default): the first file that cannot be loaded raises its `NewsdocError`
  (a `ParseError` says ``path:line:column``, an unreadable file says ``path: cannot read``);
- ``"skip"``: the error is logged (logger ``newsdoc``, level WARNING) and the file left out;
- ``"collect"``: every file gives a `LoadResult`, holding its article or its error.

With ``jobs`` > 1 the work runs in worker processes (`newsdoc.batch.pool`), forked on Linux
when this process runs a single thread (they start at once, newsdoc already imported), else
fresh interpreters that import newsdoc alone (not the script: no ``if __name__ ==
"__main__":`` guard is needed), else, on Windows, multiprocessing's ``spawn`` (the guard is
needed).  Workers ignore Ctrl-C, and end with this process however it ends.  A worker that
dies is a `WorkerError`.  Articles come back pickled in a compact form, rebuilt one by one as
the iterator reaches them (see `newsdoc.batch.transfer`).  When the iterator is exhausted the
workers are told to end; when it is closed early, garbage collected or interrupted, they are
killed (their results are no longer wanted).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import logging
import os
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future
from typing import TYPE_CHECKING, Literal, TypeAlias, TypeVar, overload

from newsdoc.api import load_with, parse_any_with, parse_with, read_input
from newsdoc.batch import pool as _pool
from newsdoc.batch.result import LoadResult
from newsdoc.errors import ArgumentTypeError, NewsdocError, OptionError
from newsdoc.io.files import DEFAULT_SUFFIXES, InputSpec, SourceFile, iter_files
from newsdoc.limits import DEFAULT_LIMITS, Limits
from newsdoc.model import Article
from newsdoc.options import BodyFormat, OnError, ParseOptions, check_on_error

if TYPE_CHECKING:
    from newsdoc.batch.transfer import Packed

__all__ = [
    "apply_policy",
    "iter_load",
    "load_chunk",
    "load_each",
    "load_files",
    "load_one",
    "map_chunks",
    "parse_each",
    "parse_one",
    "resolve_jobs",
]

Inputs: TypeAlias = "InputSpec | Iterable[InputSpec | SourceFile]"
"Files, folders and glob patterns (see `newsdoc.io.files.iter_files`)."

_AHEAD = 4
"Chunks in flight per worker process: enough to keep every worker busy, few enough to stay small."

_LOG = logging.getLogger("newsdoc")
_R = TypeVar("_R")


def load_one(file: SourceFile, options: ParseOptions) -> LoadResult:
    """Load one file; a `NewsdocError` becomes the result's ``error``."""
    if file.error is not None:
        return LoadResult(path=file.path, error=file.error)
    try:
        article = load_with(file.path, source=None, options=options)
    except NewsdocError as exc:
        return LoadResult(path=file.path, error=exc)
    return LoadResult(path=file.path, article=article)


def parse_one(data: bytes, source: str, options: ParseOptions) -> LoadResult:
    """Parse the bytes of one file read elsewhere; a `NewsdocError` becomes ``error``."""
    try:
        article = parse_with(data, source=source, options=options)
    except NewsdocError as exc:
        return LoadResult(path=source, error=exc)
    return LoadResult(path=source, article=article)


def load_each(file: SourceFile, options: ParseOptions) -> list[LoadResult]:
    """Load one file: its post, or one result per item when it is a feed (told by content)."""
    if file.error is not None:
        return [LoadResult(path=file.path, error=file.error)]
    try:
        data, _ = read_input(file.path, options.limits)
    except NewsdocError as exc:
        return [LoadResult(path=file.path, error=exc)]
    return parse_each(data, file.path, options)


def parse_each(data: str | bytes, source: str, options: ParseOptions) -> list[LoadResult]:
    """`load_each` for bytes read elsewhere (standard input, fsspec)."""
    try:
        articles, feed = parse_any_with(data, source=source, options=options)
    except NewsdocError as exc:
        return [LoadResult(path=source, error=exc)]
    if not feed:
        return [LoadResult(path=source, article=articles[0])]
    return [LoadResult(path=source, article=a, item=n) for n, a in enumerate(articles, 1)]


@overload
def iter_load(
    inputs: Inputs,
    *,
    jobs: int = ...,
    on_error: Literal["raise", "skip"] = ...,
    chunksize: int = ...,
    suffixes: Iterable[str] = ...,
    strict: bool = ...,
    default_timezone: dt.tzinfo = ...,
    body_format: BodyFormat = ...,
    base_url: str | None = ...,
    encoding: str | None = ...,
    limits: Limits = ...,
    keep_body: bool = ...,
) -> Iterator[Article]: ...
@overload
def iter_load(
    inputs: Inputs,
    *,
    jobs: int = ...,
    on_error: Literal["collect"],
    chunksize: int = ...,
    suffixes: Iterable[str] = ...,
    strict: bool = ...,
    default_timezone: dt.tzinfo = ...,
    body_format: BodyFormat = ...,
    base_url: str | None = ...,
    encoding: str | None = ...,
    limits: Limits = ...,
    keep_body: bool = ...,
) -> Iterator[LoadResult]: ...
@overload
def iter_load(
    inputs: Inputs,
    *,
    jobs: int = ...,
    on_error: OnError,
    chunksize: int = ...,
    suffixes: Iterable[str] = ...,
    strict: bool = ...,
    default_timezone: dt.tzinfo = ...,
    body_format: BodyFormat = ...,
    base_url: str | None = ...,
    encoding: str | None = ...,
    limits: Limits = ...,
    keep_body: bool = ...,
) -> Iterator[Article] | Iterator[LoadResult]: ...


def iter_load(
    inputs: Inputs,
    *,
    jobs: int = 1,
    on_error: OnError = "raise",
    chunksize: int = 32,
    suffixes: Iterable[str] = DEFAULT_SUFFIXES,
    strict: bool = False,
    default_timezone: dt.tzinfo | str = dt.UTC,
    body_format: BodyFormat = "auto",
    base_url: str | None = None,
    encoding: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    keep_body: bool = False,
) -> Iterator[Article] | Iterator[LoadResult]:
    """Load every post named by `inputs`, lazily, in a stable order.

    Args:
        inputs: A file, folder or glob pattern (``"posts/**/*.md"``), or an iterable of them;
            folders are walked for files with a suffix in `suffixes` (see `newsdoc.io.files`).
        jobs: Worker processes: 1 loads in this process, 0 uses one per available CPU.
        on_error: ``"raise"``, ``"skip"`` or ``"collect"`` (see the module docstring).
        chunksize: Files sent to a worker at once (``jobs`` > 1): larger amortises overhead
            on small files, smaller keeps results flowing.
        suffixes: The suffixes of the files taken from folders.
        strict: As in `newsdoc.parse`.
        default_timezone: As in `newsdoc.parse`; must be picklable for ``jobs`` > 1.
        body_format: As in `newsdoc.parse`.
        base_url: As in `newsdoc.parse`.
        encoding: As in `newsdoc.parse`.
        limits: As in `newsdoc.parse`: the bounds each file is read within.
        keep_body: As in `newsdoc.parse`.

    Returns:
        An iterator of `Article` (``"raise"``, ``"skip"``) or of `LoadResult` (``"collect"``),
        one per file (a feed, told by its content: one per item, with its
        `LoadResult.item`), in the order the files were found.

    Raises:
        ArgumentTypeError: `inputs` is not a path, a glob pattern or an iterable of them
            (raised at the call; an item of the iterable that is none, while iterating).
        OptionError: `jobs`, `on_error`, `chunksize` or a parse option is out of range
            (raised at the call, before any file is read).
        NewsdocError: With ``on_error="raise"``, while iterating: the first file that cannot be
            loaded (its message names the file).
        WorkerError: While iterating, whatever `on_error`: a worker process died (killed, out
            of memory).

    Examples:
        >>> import newsdoc
        >>> for article in newsdoc.iter_load("examples", jobs=1):  # doctest: +SKIP
        ...     print(article.source, article.title)
    """
    if isinstance(inputs, bytes | bytearray) or not isinstance(inputs, os.PathLike | Iterable):
        wanted = "a path or glob pattern (str or os.PathLike), or an iterable of them"
        raise ArgumentTypeError.of("iter_load", "inputs", wanted, inputs)
    check_on_error(on_error)
    if not isinstance(chunksize, int) or isinstance(chunksize, bool) or chunksize < 1:
        raise OptionError(f"chunksize must be a positive integer, not {chunksize!r}")
    workers = resolve_jobs(jobs)
    options = ParseOptions(
        strict=strict,
        default_timezone=default_timezone,
        body_format=body_format,
        base_url=base_url,
        encoding=encoding,
        limits=limits,
        keep_body=keep_body,
    )
    files = iter_files(inputs, suffixes=suffixes)
    results = load_files(files, options, jobs=workers, chunksize=chunksize)
    if on_error == "collect":
        return results
    return apply_policy(results, on_error)


def resolve_jobs(jobs: int) -> int:
    """The number of processes for `jobs`: itself if positive, the usable CPUs for 0.

    Raises:
        OptionError: `jobs` is negative or not an integer.
    """
    if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 0:
        raise OptionError(f"jobs must be 0 (all CPUs) or a positive integer, not {jobs!r}")
    if jobs:
        return jobs
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def apply_policy(
    results: Iterable[LoadResult], on_error: Literal["raise", "skip"]
) -> Iterator[Article]:
    """The articles of `results`; a failed one raised or logged and skipped, per `on_error`.

    Raises:
        NewsdocError: With ``"raise"``, the error of the first failed result.
    """
    for result in results:
        if result.article is not None:
            yield result.article
        elif on_error == "raise" and result.error is not None:
            raise result.error
        else:
            _LOG.warning("skipped: %s", result.error)


def load_files(
    files: Iterable[SourceFile], options: ParseOptions, *, jobs: int = 1, chunksize: int = 32
) -> Iterator[LoadResult]:
    """Load `files` in order, in this process (``jobs=1``) or in a pool of `jobs` processes.

    Raises:
        WorkerError: A worker process died (killed, out of memory).
    """
    if jobs == 1:
        each = functools.partial(load_each, options=options)
        return itertools.chain.from_iterable(map(each, files))
    work = functools.partial(_load_packed, options=options)
    return _unpacked(map_chunks(work, files, jobs=jobs, chunksize=chunksize))


def load_chunk(files: list[SourceFile], *, options: ParseOptions) -> list[LoadResult]:
    """Load a chunk of files (the work of one task in a worker process); a feed gives a result
    per item."""
    return [result for file in files for result in load_each(file, options)]


def _load_packed(files: list[SourceFile], *, options: ParseOptions) -> Packed:
    """Load a chunk of files in a worker process, for `_unpacked` in the parent."""
    from newsdoc.batch.transfer import pack  # here, not at the top: it imports this module

    return pack(load_chunk(files, options=options))


def _unpacked(chunks: Generator[Packed, None, None]) -> Generator[LoadResult, None, None]:
    # Imported before the first chunk starts the pool: forked workers inherit it ready.
    from newsdoc.batch.transfer import unpack

    try:
        for packed in chunks:
            yield from unpack(packed)
    finally:
        chunks.close()  # stops the pool now when this generator is closed early


def map_chunks(
    work: Callable[[list[SourceFile]], _R],
    files: Iterable[SourceFile],
    *,
    jobs: int,
    chunksize: int = 32,
) -> Generator[_R, None, None]:
    """Run `work` on successive chunks of `files` in `jobs` processes; yield its results in order.

    Files are taken from `files` only as workers free up (at most ``jobs * 4`` chunks in flight),
    so memory does not grow with their number.  With ``jobs=1`` the chunks run in this process.

    Args:
        work: A picklable function (top-level, or a `functools.partial` of one) of a chunk.
        files: The files, e.g. from `newsdoc.io.files.iter_files`.
        jobs: Worker processes.
        chunksize: Files per chunk.

    Returns:
        A generator of `work`'s results, one per chunk, in the order of the files; closing it
        stops the pool at once.

    Raises:
        WorkerError: A worker process died (killed, out of memory).
    """
    found = iter(files)
    if jobs == 1:
        return (work(chunk) for chunk in iter(lambda: list(itertools.islice(found, chunksize)), []))
    return _pooled(work, found, jobs, chunksize)


def _pooled(
    work: Callable[[list[SourceFile]], _R], found: Iterator[SourceFile], jobs: int, chunksize: int
) -> Generator[_R, None, None]:
    pool = _pool.Pool(jobs)
    pending: deque[Future[_R]] = deque()
    finished = False
    try:
        while chunk := list(itertools.islice(found, chunksize)):
            pending.append(pool.submit(work, chunk))
            if len(pending) >= jobs * _AHEAD:
                yield pool.result(pending.popleft())
        while pending:
            yield pool.result(pending.popleft())
        finished = True
    finally:
        if finished:
            pool.close()
        else:
            pool.stop()
