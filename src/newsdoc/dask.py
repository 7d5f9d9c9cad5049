"""Dask: load posts on a cluster, as a `dask.bag.Bag` of articles or a Dask DataFrame.

Needs ``pip install "newsdoc[dask]"``; dask is imported only when a function here is called.

The same parse runs on the workers as in `newsdoc.iter_load`, with the same options and error
policy, over the same files in the same order (files are listed on the client, then cut into
partitions of `files_per_partition` files; each partition is loaded by one task).

Local paths (a file, folder or glob, as `newsdoc.iter_load` takes) must be readable at the same
path on every worker (one machine, or a shared file system).  URLs (``s3://bucket/posts/``,
``gs://…``, ``file://…``) are listed and read through fsspec, as Dask's own readers do; pass
credentials in `storage_options`.  To run on a cluster, create a `distributed.Client` first::

    from dask.distributed import Client
    import newsdoc.dask

    client = Client("tcp://scheduler:8786")         # or Client(LocalCluster(n_workers=8))
    bag = newsdoc.dask.read_articles("s3://bucket/posts/**/*.md", files_per_partition=1000)
    frame = newsdoc.dask.read_articles_dataframe("/shared/posts")
    frame.to_parquet("s3://bucket/articles/")       # the Arrow schema of newsdoc.io.arrow
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, cast

from newsdoc.batch.loading import apply_policy, load_each, parse_each
from newsdoc.batch.result import LoadResult
from newsdoc.errors import OptionError, ReadError
from newsdoc.io import require
from newsdoc.io.files import DEFAULT_SUFFIXES, InputSpec, SourceFile, iter_files
from newsdoc.limits import DEFAULT_LIMITS, Limits
from newsdoc.model import Article
from newsdoc.options import OnError, ParseOptions, check_on_error

if TYPE_CHECKING:
    import dask.bag
    import dask.dataframe

    from newsdoc.options import BodyFormat

__all__ = ["read_articles", "read_articles_dataframe", "to_dataframe"]

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")


def read_articles(
    urlpath: InputSpec | Sequence[InputSpec],
    *,
    files_per_partition: int = 500,
    on_error: OnError = "raise",
    suffixes: Iterable[str] = DEFAULT_SUFFIXES,
    storage_options: Mapping[str, Any] | None = None,
    strict: bool = False,
    default_timezone: dt.tzinfo | str = dt.UTC,
    body_format: BodyFormat = "auto",
    base_url: str | None = None,
    encoding: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    keep_body: bool = False,
) -> dask.bag.Bag:
    """A lazy Dask bag of the articles in `urlpath`: `newsdoc.iter_load`, on a cluster.

    Args:
        urlpath: A file, folder, glob or URL (``s3://…``, through fsspec), or a list of them.
        files_per_partition: Files per partition (one task loads one partition).
        on_error: As in `newsdoc.iter_load`: ``"raise"`` (computing raises the file's
            `NewsdocError`), ``"skip"`` (logged on the worker) or ``"collect"`` (the bag holds
            `newsdoc.LoadResult` items).
        suffixes: The suffixes of the files taken from folders.
        storage_options: Options for fsspec (credentials, endpoints) when `urlpath` is a URL.
        strict: As in `newsdoc.parse`.
        default_timezone: As in `newsdoc.parse`; must be picklable.
        body_format: As in `newsdoc.parse`.
        base_url: As in `newsdoc.parse`.
        encoding: As in `newsdoc.parse`.
        limits: As in `newsdoc.parse`.
        keep_body: As in `newsdoc.parse`.

    Returns:
        A `dask.bag.Bag` of `Article` (or of `LoadResult` with ``"collect"``), in file order.

    Raises:
        MissingDependencyError: dask is not installed.
        OptionError: An option is out of range (raised at the call).
        ReadError: A file or folder named in `urlpath` (not a glob) does not exist (raised at
            the call, whatever `on_error`: a path mistyped is not a post that failed).
    """
    bag = require("dask.bag", "dask")
    check_on_error(on_error)
    if not isinstance(files_per_partition, int) or files_per_partition < 1:
        raise OptionError(
            f"files_per_partition must be a positive integer, not {files_per_partition!r}"
        )
    options = ParseOptions(
        strict=strict,
        default_timezone=default_timezone,
        body_format=body_format,
        base_url=base_url,
        encoding=encoding,
        limits=limits,
        keep_body=keep_body,
    )
    specs = [urlpath] if isinstance(urlpath, str | os.PathLike) else list(urlpath)
    urls = [os.fspath(s) for s in specs if _URL.match(os.fspath(s))]
    if urls and len(urls) != len(specs):
        raise ValueError("urlpath mixes URLs and local paths: give one kind at a time")
    if urls:
        fs, paths = _remote_files(urls, frozenset(s.lower() for s in suffixes), storage_options)
        seq = bag.from_sequence(paths, partition_size=files_per_partition) if paths else None
        work: Any = _load_remote
        extra: dict[str, Any] = {"fs": fs}
    else:
        for spec in specs:
            name = os.fspath(spec)
            if not _is_glob(name) and not os.path.lexists(name):
                raise _missing(name)
        files = list(iter_files(specs, suffixes=suffixes))
        seq = bag.from_sequence(files, partition_size=files_per_partition) if files else None
        work, extra = _load_local, {}
    if seq is None:  # from_sequence refuses an empty sequence
        empty: dask.bag.Bag = bag.from_sequence([], npartitions=1)
        return empty
    loaded: dask.bag.Bag = seq.map_partitions(work, options=options, on_error=on_error, **extra)
    return loaded


def read_articles_dataframe(
    urlpath: InputSpec | Sequence[InputSpec],
    *,
    files_per_partition: int = 500,
    on_error: Literal["raise", "skip"] = "raise",
    **options: Any,
) -> dask.dataframe.DataFrame:
    """A lazy Dask DataFrame of the articles in `urlpath`, one row per article.

    Args:
        urlpath: As in `read_articles`.
        files_per_partition: As in `read_articles`.
        on_error: ``"raise"`` or ``"skip"``.
        **options: The other keyword arguments of `read_articles`.

    Returns:
        A DataFrame with the columns and dtypes of `newsdoc.to_pandas`.

    Raises:
        MissingDependencyError: dask, pandas or pyarrow is not installed.
        OptionError: An option is out of range (raised at the call).
    """
    if on_error not in ("raise", "skip"):
        raise OptionError(f"on_error must be 'raise' or 'skip' for a DataFrame, not {on_error!r}")
    bag = read_articles(
        urlpath, files_per_partition=files_per_partition, on_error=on_error, **options
    )
    return to_dataframe(bag)


def to_dataframe(bag: dask.bag.Bag) -> dask.dataframe.DataFrame:
    """A bag of articles (from `read_articles`, filtered or not) as a Dask DataFrame.

    Raises:
        MissingDependencyError: dask, pandas or pyarrow is not installed.
    """
    dd = require("dask.dataframe", "dask")
    delayed = require("dask", "dask").delayed
    from newsdoc.io.pandas import empty_frame

    parts = [delayed(_frame)(part) for part in cast(Any, bag).to_delayed()]
    frame: dask.dataframe.DataFrame = dd.from_delayed(parts, meta=empty_frame(), verify_meta=False)
    return frame


def _frame(articles: Iterable[Article]) -> Any:
    from newsdoc.io.pandas import to_pandas

    return to_pandas(articles)


def _load_local(
    files: Iterable[SourceFile], *, options: ParseOptions, on_error: OnError
) -> list[Article] | list[LoadResult]:
    results = [result for file in files for result in load_each(file, options)]
    return results if on_error == "collect" else list(apply_policy(results, on_error))


def _load_remote(
    paths: Iterable[str], *, fs: Any, options: ParseOptions, on_error: OnError
) -> list[Article] | list[LoadResult]:
    results = []
    for path in paths:
        source = fs.unstrip_protocol(path)
        try:
            with fs.open(path, "rb") as handle:
                data = handle.read(options.limits.read_size)
        except OSError as exc:
            error = ReadError.of(source, exc)
            error.__cause__ = exc
            results.append(LoadResult(path=source, error=error))
            continue
        results.extend(parse_each(data, source, options))  # a feed: one result per item
    return results if on_error == "collect" else list(apply_policy(results, on_error))


def _remote_files(
    urls: Sequence[str], suffixes: frozenset[str], storage_options: Mapping[str, Any] | None
) -> tuple[Any, list[str]]:
    """The file system of `urls` and the files they name: folders walked, globs expanded."""
    fsspec = require("fsspec", "dask")
    fs: Any = None
    found: list[str] = []
    for url in urls:
        fs, path = fsspec.core.url_to_fs(url, **(storage_options or {}))
        if _is_glob(path):
            found.extend(sorted(fs.glob(path)))
        elif fs.isdir(path):
            below = (p for p in fs.find(path) if os.path.splitext(p)[1].lower() in suffixes)
            found.extend(sorted(p for p in below if "/." not in p[len(path) :]))
        elif fs.exists(path):
            found.append(path)
        else:
            raise _missing(url)
    return fs, found


def _is_glob(path: str) -> bool:
    return any(c in path for c in "*?[")


def _missing(name: str) -> ReadError:
    """The error for an input named but not there, as `newsdoc.load` would give for it."""
    return ReadError.of(name, FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT)))
