"""Apache Arrow and Parquet: `to_arrow`/`from_arrow`, `write_parquet`/`read_parquet`.

Needs ``pip install "newsdoc[arrow]"`` (pyarrow, imported only when a function here is called).

The schema (`arrow_schema`; version 1, in the schema metadata as ``newsdoc.schema_version``)
has one row per article and these columns, in this order; every column is nullable unless
marked, and columns are only ever added, at the end, in later versions:

==================== ================================== ==========================================
column               type                               content
==================== ================================== ==========================================
source               string                             ``Article.source``
title                string                             ``Article.title``
authors              list<string> (not null)            ``Article.authors``
date                 timestamp[us, tz=UTC]              ``Article.date``, as the UTC instant
date_offset          int32                              its UTC offset in seconds (``+08:00``:
                                                        28800), so the local time is not lost
date_raw             string                             ``Article.date_raw``
updated              timestamp[us, tz=UTC]              ``Article.updated``
updated_offset       int32                              its UTC offset in seconds
updated_raw          string                             ``Article.updated_raw``
categories           list<list<string>> (not null)      ``Article.categories`` (hierarchies)
tags                 list<string> (not null)            ``Article.tags``
image, thumbnail     string                             the lead image and thumbnail URLs
comments             bool                               ``Article.comments``
draft                bool (not null)                    ``Article.draft``
summary, slug,       string                             the fields of the same name
permalink, lang
extra                string (not null)                  ``Article.extra`` as a JSON object
blocks               string (not null)                  the body: the JSON array of block nodes
                                                        that `newsdoc.to_dict` writes
text                 string (not null)                  ``Article.text``: the body as plain text
problems             list<struct<code: string,          ``Article.problems`` (their ``source`` is
                     message: string, line: int32,      the row's ``source``)
                     column: int32>> (not null)
==================== ================================== ==========================================

Why JSON for ``blocks`` and ``extra``: the body is a tree of nine block and eight inline node
kinds, nested to any depth; Arrow has no recursive types, and a union of structs cut at a
fixed depth would lose deeper content and make every reader handle a dozen struct shapes.  A
JSON string is lossless, compact once Parquet compresses it, readable by any engine (DuckDB
``json_extract``, Spark ``from_json``, pandas ``json.loads``), and `from_arrow` rebuilds the
exact blocks through `newsdoc.from_dict`.  ``extra`` holds front-matter values of any shape, so
the same reasoning applies.  ``text`` is there for analysis without parsing ``blocks``.

Round trip: ``from_arrow(to_arrow(articles)) == articles``, sources and problems included; a
date comes back with a fixed UTC offset (a `datetime.timezone`), the same instant and the same
local time as the original (a zone's name, if the original had a `zoneinfo` zone, is not kept).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice
from typing import TYPE_CHECKING, Any

from newsdoc.errors import ArgumentTypeError, NewsdocError, ReadError, SchemaError, WriteError
from newsdoc.io import require
from newsdoc.io.atomic import atomic_path
from newsdoc.model import Article
from newsdoc.model.article import each_article
from newsdoc.serializers.json.codec import from_dict, to_dict

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "ARROW_SCHEMA_VERSION",
    "arrow_row",
    "arrow_schema",
    "batch_from_rows",
    "from_arrow",
    "read_parquet",
    "to_arrow",
    "to_record_batch",
    "write_parquet",
    "write_record_batches",
]

ARROW_SCHEMA_VERSION = 1
"The version of the Arrow schema, kept in the schema metadata."

_STRINGS = ("image", "thumbnail")
_TEXTS = ("summary", "slug", "permalink", "lang")


def _pa() -> Any:
    return require("pyarrow", "arrow")


def arrow_schema() -> pa.Schema:
    """The Arrow schema of `to_arrow` tables (see the module docstring).

    Raises:
        MissingDependencyError: pyarrow is not installed.
    """
    return _schema(_pa())


@functools.cache
def _schema(pa: Any) -> pa.Schema:
    text, stamp, offset = pa.string(), pa.timestamp("us", tz="UTC"), pa.int32()
    words = pa.list_(pa.string())
    problem = pa.struct(
        [("code", text), ("message", text), ("line", pa.int32()), ("column", pa.int32())]
    )
    fields = [
        pa.field("source", text),
        pa.field("title", text),
        pa.field("authors", words, nullable=False),
        pa.field("date", stamp),
        pa.field("date_offset", offset),
        pa.field("date_raw", text),
        pa.field("updated", stamp),
        pa.field("updated_offset", offset),
        pa.field("updated_raw", text),
        pa.field("categories", pa.list_(words), nullable=False),
        pa.field("tags", words, nullable=False),
        *(pa.field(name, text) for name in _STRINGS),
        pa.field("comments", pa.bool_()),
        pa.field("draft", pa.bool_(), nullable=False),
        *(pa.field(name, text) for name in _TEXTS),
        pa.field("extra", text, nullable=False),
        pa.field("blocks", text, nullable=False),
        pa.field("text", text, nullable=False),
        pa.field("problems", pa.list_(problem), nullable=False),
    ]
    return pa.schema(fields, metadata={"newsdoc.schema_version": str(ARROW_SCHEMA_VERSION)})


def to_record_batch(articles: Iterable[Article]) -> pa.RecordBatch:
    """The articles as one Arrow record batch with the `arrow_schema` (all in memory).

    Raises:
        MissingDependencyError: pyarrow is not installed.
        SchemaError: An article holds what the schema cannot carry (see `newsdoc.to_dict`).
    """
    return batch_from_rows([arrow_row(article) for article in articles])


def arrow_row(article: Article) -> dict[str, Any]:
    """One article as a row of the `arrow_schema`: a dict of Python values by column name.

    Raises:
        SchemaError: The article holds what the schema cannot carry (see `newsdoc.to_dict`).
    """
    row = to_dict(article)  # checks extra, and writes the blocks as JSON-ready nodes
    row["date_offset"] = _offset(article.date)
    row["date"] = article.date
    row["updated_offset"] = _offset(article.updated)
    row["updated"] = article.updated
    row["extra"] = json.dumps(row["extra"], ensure_ascii=False, separators=(",", ":"))
    row["blocks"] = json.dumps(row["blocks"], ensure_ascii=False, separators=(",", ":"))
    row["text"] = article.text
    return row


def batch_from_rows(rows: Sequence[Mapping[str, Any]]) -> pa.RecordBatch:
    """A record batch with the `arrow_schema` from `arrow_row` rows.

    Raises:
        MissingDependencyError: pyarrow is not installed.
        SchemaError: A value does not fit its column.
    """
    pa = _pa()
    schema = arrow_schema()
    columns = {name: [row[name] for row in rows] for name in schema.names}
    try:
        return pa.RecordBatch.from_pydict(columns, schema=schema)
    except (pa.ArrowException, OverflowError) as exc:
        raise SchemaError(f"cannot convert to Arrow: {exc}") from exc


def to_arrow(articles: Iterable[Article]) -> pa.Table:
    """The articles as an Arrow table with the `arrow_schema` (all in memory).

    For more articles than fit in memory, use `write_parquet`, which streams.

    Args:
        articles: The articles.

    Returns:
        A `pyarrow.Table`, one row per article, in order.

    Raises:
        ArgumentTypeError: `articles` is not an iterable of `Article`.
        MissingDependencyError: pyarrow is not installed.
        SchemaError: An article holds what the schema cannot carry (see `newsdoc.to_dict`).

    Examples:
        >>> import newsdoc
        >>> table = to_arrow(newsdoc.iter_load("examples"))
        >>> table.num_rows, table.column_names[:4]
        (4, ['source', 'title', 'authors', 'date'])
    """
    checked = each_article(articles, "to_arrow")
    return _pa().Table.from_batches([to_record_batch(checked)])


def from_arrow(data: pa.Table | pa.RecordBatch) -> list[Article]:
    """Rebuild articles from a table or batch with the `arrow_schema` (extra columns ignored).

    Args:
        data: A table from `to_arrow` or read from Parquet.

    Returns:
        The articles, equal to those written, with their ``source`` and ``problems``.

    Raises:
        MissingDependencyError: pyarrow is not installed.
        SchemaError: A column is missing, or a value does not describe an article.

    Examples:
        >>> import newsdoc
        >>> articles = list(newsdoc.iter_load("examples"))
        >>> from_arrow(to_arrow(articles)) == articles
        True
    """
    pa = _pa()
    names = arrow_schema().names
    missing = [name for name in names if name not in data.schema.names]
    if missing:
        raise SchemaError(f"not a newsdoc table: no column {', '.join(missing)}")
    try:
        columns = [data.column(name).to_pylist() for name in names]
    except (pa.ArrowException, ValueError, OverflowError) as exc:
        raise SchemaError(f"cannot read the table: {exc}") from exc
    return [_article(dict(zip(names, row, strict=True))) for row in zip(*columns, strict=True)]


def _article(row: dict[str, Any]) -> Article:
    source = row["source"]
    try:
        extra = json.loads(row["extra"])
        blocks = json.loads(row["blocks"])
    except (TypeError, ValueError, RecursionError) as exc:
        raise SchemaError(f"{source}: extra or blocks is not JSON: {exc}") from exc
    data = {
        # Version 2 reads blocks of both: files written before 3 have lists without "spread".
        "schema_version": 2,
        **{key: row[key] for key in ("title", "authors", "date_raw", "updated_raw")},
        "date": _datetime(row["date"], row["date_offset"]),
        "updated": _datetime(row["updated"], row["updated_offset"]),
        **{key: row[key] for key in ("categories", "tags", *_STRINGS, "comments", "draft")},
        **{key: row[key] for key in _TEXTS},
        "extra": extra,
        "blocks": blocks,
        "source": source,
        "problems": [{**p, "source": source} for p in row["problems"]],
    }
    try:
        return from_dict(data)
    except SchemaError as exc:
        raise exc.at(source) from exc


def _offset(value: Any) -> int | None:
    if value is None or value.utcoffset() is None:
        return None  # a naive datetime: to_dict has refused it already
    return int(value.utcoffset().total_seconds())


def _datetime(value: Any, offset: int | None) -> str | None:
    if value is None:
        return None
    zone = dt.timezone(dt.timedelta(seconds=offset or 0))
    try:
        return str(value.astimezone(zone).isoformat())
    except (OverflowError, ValueError) as exc:
        raise SchemaError(f"date {value!r} with offset {offset!r} is out of range") from exc


def write_parquet(
    articles: Iterable[Article],
    path: str | os.PathLike[str],
    *,
    row_group_size: int = 1000,
    compression: str = "zstd",
) -> int:
    """Write articles to a Parquet file, streaming: one row group in memory at a time.

    The file is written under a temporary name and renamed when complete: an interrupted
    write (Ctrl-C, an error in `articles`) leaves no file under `path`.

    Args:
        articles: The articles, e.g. from `newsdoc.iter_load`.
        path: The Parquet file to write.
        row_group_size: Articles per row group (and per batch held in memory).
        compression: A Parquet codec: ``"zstd"``, ``"snappy"``, ``"gzip"``, ``"none"``, ….

    Returns:
        The number of articles written.

    Raises:
        ArgumentTypeError: `path` is not a path, or `articles` not an iterable of `Article`
            (raised when reached; no file is left).
        MissingDependencyError: pyarrow is not installed.
        WriteError: The file cannot be written (the `OSError` is chained).
        SchemaError: An article holds what the schema cannot carry.

    Examples:
        >>> import pathlib, tempfile, newsdoc
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "posts.parquet"
        >>> write_parquet(newsdoc.iter_load("examples"), path)
        4
    """
    if row_group_size < 1:
        raise ValueError(f"row_group_size must be at least 1, not {row_group_size!r}")
    if not isinstance(path, str | os.PathLike):
        raise ArgumentTypeError.of("write_parquet", "path", "a path (str or os.PathLike)", path)
    checked = each_article(articles, "write_parquet")
    batches = (to_record_batch(chunk) for chunk in _chunks(checked, row_group_size))
    return write_record_batches(
        batches, path, row_group_size=row_group_size, compression=compression
    )


def write_record_batches(
    batches: Iterable[pa.RecordBatch],
    path: str | os.PathLike[str],
    *,
    row_group_size: int = 1000,
    compression: str = "zstd",
) -> int:
    """Write record batches with the `arrow_schema` to Parquet, in row groups of a fixed size.

    Small batches (from worker processes, say) are gathered until a row group is full; the
    file is written under a temporary name and renamed when complete, as in `write_parquet`.

    Args:
        batches: Record batches, e.g. from `to_record_batch`.
        path: The Parquet file to write.
        row_group_size: Rows per row group.
        compression: A Parquet codec.

    Returns:
        The number of rows written.

    Raises:
        MissingDependencyError: pyarrow is not installed.
        WriteError: The file cannot be written (the `OSError` is chained).
    """
    if row_group_size < 1:
        raise ValueError(f"row_group_size must be at least 1, not {row_group_size!r}")
    pa = _pa()
    pq = require("pyarrow.parquet", "arrow")
    schema = arrow_schema()
    count = 0
    try:
        with (
            atomic_path(path) as temp,
            pq.ParquetWriter(temp, schema, compression=compression) as writer,
        ):
            pending = pa.Table.from_batches([], schema)  # not empty_table(): it imports pandas
            for batch in batches:
                pending = pa.concat_tables([pending, pa.Table.from_batches([batch], schema)])
                while pending.num_rows >= row_group_size:
                    writer.write_table(pending.slice(0, row_group_size), row_group_size)
                    pending = pending.slice(row_group_size)
                count += batch.num_rows
            if pending.num_rows:
                writer.write_table(pending, row_group_size)
    except NewsdocError:  # from `batches` (a ReadError is an OSError too): not ours to wrap
        raise
    except OSError as exc:
        raise WriteError.of(os.fspath(path), exc) from exc
    except pa.ArrowException as exc:
        raise WriteError.of(os.fspath(path), exc, what="write Parquet") from exc
    return count


def read_parquet(path: str | os.PathLike[str], *, batch_size: int = 1000) -> Iterator[Article]:
    """Read articles back from a Parquet file written by `write_parquet`, streaming.

    For a DataFrame, ``newsdoc.to_pandas(newsdoc.read_parquet(path))``; plain
    ``pandas.read_parquet`` gives list columns as NumPy object arrays unless given
    ``dtype_backend="pyarrow"``.

    Args:
        path: The Parquet file.
        batch_size: Rows read at a time.

    Returns:
        An iterator of the articles, in the order written.

    Raises:
        MissingDependencyError: pyarrow is not installed.
        ReadError: The file cannot be read, or is not Parquet (raised at the first `next`).
        SchemaError: The file does not hold newsdoc articles.

    Examples:
        >>> import pathlib, tempfile, newsdoc
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "posts.parquet"
        >>> write_parquet(newsdoc.iter_load("examples"), path)
        4
        >>> [article.title for article in read_parquet(path)][1]
        'Example conference announced'
    """
    pa = _pa()
    pq = require("pyarrow.parquet", "arrow")
    name = os.fspath(path)
    try:
        batches = pq.ParquetFile(name).iter_batches(batch_size=batch_size)
        for batch in batches:
            yield from from_arrow(batch)
    except OSError as exc:
        raise ReadError.of(name, exc) from exc
    except pa.ArrowException as exc:
        raise ReadError.of(name, exc, what="read Parquet") from exc


def _chunks(articles: Iterable[Article], size: int) -> Iterator[Sequence[Article]]:
    found = iter(articles)
    while chunk := list(islice(found, size)):
        yield chunk
