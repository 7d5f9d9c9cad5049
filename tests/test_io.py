"""JSON Lines, Arrow, Parquet and pandas round trips; atomic writes; safe output names."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import newsdoc
from conftest import corpus_files
from newsdoc.cli.folder import FolderWriter, safe_relative
from newsdoc.io import MissingDependencyError
from newsdoc.io.arrow import arrow_schema, from_arrow, read_parquet, to_arrow, write_parquet
from newsdoc.io.jsonl import read_jsonl, write_jsonl
from newsdoc.io.pandas import to_pandas
from newsdoc.model import Article, Paragraph, Text

ARTICLES = [newsdoc.load(path) for path in corpus_files()]


def same_articles(expected: list[Article], actual: list[Article]) -> None:
    """Assert equal articles, with equal sources and problems (outside Article equality)."""
    assert expected == actual
    assert [a.source for a in expected] == [a.source for a in actual]
    assert [a.problems for a in expected] == [a.problems for a in actual]


def leftovers(folder: Path) -> list[str]:
    """Temporary files left in `folder`."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def interrupted(articles: list[Article], after: int) -> Iterator[Article]:
    """The articles, then Ctrl-C after `after` of them."""
    yield from articles[:after]
    raise KeyboardInterrupt


# ---------------------------------------------------------------- JSON Lines


def test_jsonl_round_trip(tmp_path: Path) -> None:
    """The corpus written as JSON Lines reads back as the same articles, one line each."""
    out = tmp_path / "a.jsonl"
    assert len(ARTICLES) == write_jsonl(ARTICLES, out)
    assert len(ARTICLES) == len(out.read_bytes().splitlines())
    same_articles(ARTICLES, list(read_jsonl(out)))


def test_jsonl_to_a_text_stream() -> None:
    """write_jsonl writes to an open text file, one compact line per article."""
    stream = io.StringIO()
    write_jsonl(ARTICLES[:2], stream)
    lines = stream.getvalue().split("\n")
    assert len(lines) == 3
    assert lines[2] == ""
    assert [a.title for a in ARTICLES[:2]] == [json.loads(line)["title"] for line in lines[:2]]


def test_jsonl_line_separators_stay_inside_lines(tmp_path: Path) -> None:
    """U+2028, CR and LF inside text do not split an article across lines."""
    article = Article(
        title="a\u2028b\rc\nd", blocks=(Paragraph(children=(Text(value="x\u2029"),)),)
    )
    out = tmp_path / "a.jsonl"
    write_jsonl([article, article], out)
    assert [article, article] == list(read_jsonl(out))
    assert out.read_bytes().count(b"\n") == 2


def test_jsonl_bad_line_says_where(tmp_path: Path) -> None:
    """A line that is not an article raises SchemaError naming the file and line."""
    out = tmp_path / "a.jsonl"
    out.write_text(newsdoc.to_json(ARTICLES[0]) + "\n\n{}\n", encoding="utf-8")
    with pytest.raises(newsdoc.SchemaError, match=rf"^{out}:3: "):
        list(read_jsonl(out))


def test_interrupted_jsonl_leaves_no_file(tmp_path: Path) -> None:
    """Ctrl-C during write_jsonl leaves neither the output nor a temporary file."""
    out = tmp_path / "a.jsonl"
    with pytest.raises(KeyboardInterrupt):
        write_jsonl(interrupted(ARTICLES, 5), out)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_interrupted_jsonl_keeps_the_previous_file(tmp_path: Path) -> None:
    """An interrupted rewrite leaves the previous complete file as it was."""
    out = tmp_path / "a.jsonl"
    write_jsonl(ARTICLES[:3], out)
    before = out.read_bytes()
    with pytest.raises(KeyboardInterrupt):
        write_jsonl(interrupted(ARTICLES, 5), out)
    assert before == out.read_bytes()
    assert leftovers(tmp_path) == []


def test_jsonl_unwritable_path_is_a_newsdoc_error(tmp_path: Path) -> None:
    """Writing into a folder that does not exist raises a NewsdocError naming the path."""
    out = tmp_path / "no" / "a.jsonl"
    with pytest.raises(newsdoc.NewsdocError, match=r"a\.jsonl: cannot write"):
        write_jsonl(ARTICLES[:1], out)


# ---------------------------------------------------------------- Arrow and Parquet


def test_arrow_table_has_the_documented_schema() -> None:
    """to_arrow gives one row per article with the stable schema and its version."""
    table = to_arrow(ARTICLES)
    assert arrow_schema() == table.schema
    assert len(ARTICLES) == table.num_rows
    assert table.schema.metadata == {b"newsdoc.schema_version": b"1"}
    assert pa.timestamp("us", tz="UTC") == table.schema.field("date").type
    assert pa.list_(pa.list_(pa.string())) == table.schema.field("categories").type


def test_arrow_round_trip_gives_whole_articles() -> None:
    """from_arrow(to_arrow(articles)) rebuilds every article, sources and problems included."""
    same_articles(ARTICLES, from_arrow(to_arrow(ARTICLES)))


def test_arrow_keeps_the_date_offset() -> None:
    """The date column holds the UTC instant; date_offset keeps the local offset."""
    zone = dt.timezone(dt.timedelta(hours=8))
    article = Article(title="t", date=dt.datetime(2021, 11, 24, 16, 11, tzinfo=zone))
    table = to_arrow([article])
    assert [dt.datetime(2021, 11, 24, 8, 11, tzinfo=dt.UTC)] == table.column("date").to_pylist()
    assert table.column("date_offset").to_pylist() == [8 * 3600]
    (back,) = from_arrow(table)
    assert article.date == back.date
    assert back.date is not None
    assert dt.timedelta(hours=8) == back.date.utcoffset()


def test_arrow_columns_hold_the_fields() -> None:
    """Titles, categories, text and blocks in the table match the articles."""
    table = to_arrow(ARTICLES)
    assert [a.title for a in ARTICLES] == table.column("title").to_pylist()
    assert [[list(p) for p in a.categories] for a in ARTICLES] == table.column(
        "categories"
    ).to_pylist()
    assert [a.text for a in ARTICLES] == table.column("text").to_pylist()
    assert [newsdoc.to_dict(a)["blocks"] for a in ARTICLES] == [
        json.loads(b) for b in table.column("blocks").to_pylist()
    ]


def test_from_arrow_refuses_other_tables() -> None:
    """A table without the newsdoc columns raises SchemaError naming what is missing."""
    with pytest.raises(newsdoc.SchemaError, match="no column source"):
        from_arrow(to_arrow(ARTICLES[:1]).drop_columns(["source"]))


def test_parquet_round_trip(tmp_path: Path) -> None:
    """write_parquet then read_parquet gives the same articles, in row groups of the size asked."""
    out = tmp_path / "a.parquet"
    assert len(ARTICLES) == write_parquet(ARTICLES, out, row_group_size=100)
    assert -(-len(ARTICLES) // 100) == pq.ParquetFile(out).metadata.num_row_groups
    same_articles(ARTICLES, list(read_parquet(out, batch_size=64)))


def test_parquet_read_by_pyarrow_has_aware_dates_titles_categories_text(tmp_path: Path) -> None:
    """Another reader sees the titles, timezone-aware dates, categories and text."""
    out = tmp_path / "a.parquet"
    write_parquet(ARTICLES, out)
    table = pq.read_table(out)
    assert [a.title for a in ARTICLES] == table.column("title").to_pylist()
    assert [a.date for a in ARTICLES] == table.column("date").to_pylist()
    assert all(d is None or d.tzinfo is not None for d in table.column("date").to_pylist())
    assert [[list(p) for p in a.categories] for a in ARTICLES] == table.column(
        "categories"
    ).to_pylist()
    assert [a.text for a in ARTICLES] == table.column("text").to_pylist()


def test_parquet_of_nothing_is_an_empty_table(tmp_path: Path) -> None:
    """No articles still give a valid Parquet file with the schema."""
    out = tmp_path / "a.parquet"
    assert write_parquet([], out) == 0
    assert arrow_schema().names == pq.read_table(out).schema.names
    assert list(read_parquet(out)) == []


def test_interrupted_parquet_leaves_no_file(tmp_path: Path) -> None:
    """Ctrl-C during write_parquet leaves neither the output nor a temporary file."""
    out = tmp_path / "a.parquet"
    with pytest.raises(KeyboardInterrupt):
        write_parquet(interrupted(ARTICLES, 150), out, row_group_size=50)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_read_parquet_of_a_non_parquet_file(tmp_path: Path) -> None:
    """Reading a file that is not Parquet raises a NewsdocError naming it."""
    out = tmp_path / "a.parquet"
    out.write_text("not parquet", encoding="utf-8")
    with pytest.raises(newsdoc.NewsdocError, match=r"a\.parquet: cannot read"):
        list(read_parquet(out))


# ---------------------------------------------------------------- pandas


def test_pandas_frame_has_aware_dates_titles_categories_text() -> None:
    """to_pandas gives one row per article with tz-aware dates and list cells."""
    frame = to_pandas(ARTICLES)
    assert len(ARTICLES) == len(frame)
    assert str(frame["date"].dtype) == "datetime64[us, UTC]"
    assert [a.title for a in ARTICLES] == frame["title"].tolist()
    dates = [None if pd.isna(d) else d.to_pydatetime() for d in frame["date"]]
    assert [a.date for a in ARTICLES] == dates
    assert [[list(p) for p in a.categories] for a in ARTICLES] == frame["categories"].tolist()
    assert [a.text for a in ARTICLES] == frame["text"].tolist()
    assert [list(a.authors) for a in ARTICLES] == frame["authors"].tolist()


def test_missing_pyarrow_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pyarrow, to_arrow raises a NewsdocError (and ImportError) naming the extra."""
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(MissingDependencyError) as caught:
        to_arrow(ARTICLES[:1])
    assert str(caught.value) == 'this needs pyarrow: pip install "newsdoc[arrow]"'
    assert isinstance(caught.value, newsdoc.NewsdocError)
    assert isinstance(caught.value, ImportError)


def test_missing_pandas_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pandas, to_pandas names the pandas extra."""
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingDependencyError, match=r'pip install "newsdoc\[pandas\]"'):
        to_pandas(ARTICLES[:1])


def test_import_newsdoc_imports_no_optional_package() -> None:
    """`import newsdoc` (and its batch and io modules) loads no pyarrow, pandas, dask or tqdm."""
    code = (
        "import sys, newsdoc, newsdoc.batch.loading, newsdoc.io.arrow, newsdoc.io.pandas, "
        "newsdoc.dask, newsdoc.cli.app; "
        "print(sorted({'pyarrow', 'pandas', 'dask', 'tqdm', 'fsspec'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "[]\n"


# ---------------------------------------------------------------- folders


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("a.md", ["a.md"]),
        ("2021/11/a.md", ["2021", "11", "a.md"]),
        ("./a//b.md", ["a", "b.md"]),
        ("a\\b.md", ["a", "b.md"]),
        ("../a.md", None),
        ("a/../../b.md", None),
        ("a\\..\\b.md", None),
        ("/etc/passwd", None),
        ("\\\\server\\share\\a.md", None),
        ("C:\\a.md", None),
        ("c:a.md", None),
        ("", None),
        (".", None),
    ],
)
def test_safe_relative(relative: str, expected: list[str] | None) -> None:
    """Output names never lead out of the output folder: .., absolute and drive paths refused."""
    if expected is None:
        with pytest.raises(newsdoc.NewsdocError):
            safe_relative(relative)
    else:
        assert expected == safe_relative(relative)


def test_folder_writer_mirrors_and_replaces_the_suffix(tmp_path: Path) -> None:
    """Articles land at their relative path with the new suffix, nothing else in the folder."""
    writer = FolderWriter(str(tmp_path / "out"), suffix=".json")
    written = writer.write("2021/a.md", newsdoc.to_json(ARTICLES[0]))
    assert str(tmp_path / "out" / "2021" / "a.json") == written
    assert ARTICLES[0] == newsdoc.from_json(Path(written).read_text(encoding="utf-8"))
    assert [
        str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*") if p.is_file()
    ] == ["2021/a.json"]


def test_folder_writer_refuses_two_posts_for_one_file(tmp_path: Path) -> None:
    """a.md and a.html of one folder would both be a.json: the second is an error."""
    writer = FolderWriter(str(tmp_path), suffix=".json")
    writer.write("x/a.md", newsdoc.to_json(ARTICLES[0]), source="in/x/a.md")
    expected = "x/a.json: in/x/a.md and in/x/a.html both map to this file; keeping in/x/a.md"
    with pytest.raises(newsdoc.NewsdocError, match=re.escape(expected)):
        writer.write("x/a.html", newsdoc.to_json(ARTICLES[1]), source="in/x/a.html")
    assert ARTICLES[0] == newsdoc.from_json((tmp_path / "x" / "a.json").read_text("utf-8"))


@pytest.mark.parametrize(
    ("first", "between", "second"),
    [
        ("x/A.md", None, "x/a.md"),  # one file on macOS and Windows
        ("X/a.md", None, "x/a.md"),
        ("x/\u00e9.md", None, "x/e\u0301.md"),  # NFC and NFD: one file on macOS
        ("x/a.md", None, "x/a.md"),  # one name below two inputs
        ("x/a.md", "y/b.md", "x/a.md"),  # ... with another folder written in between
    ],
)
def test_folder_writer_refuses_names_a_file_system_may_merge(
    tmp_path: Path, first: str, between: str | None, second: str
) -> None:
    """Names that differ only in case or Unicode form, or come back later, are not overwritten."""
    writer = FolderWriter(str(tmp_path), suffix=".json")
    writer.write(first, newsdoc.to_json(ARTICLES[0]))
    if between is not None:
        writer.write(between, newsdoc.to_json(ARTICLES[1]))
    with pytest.raises(newsdoc.NewsdocError, match=f"{first} and {second} both map to this file"):
        writer.write(second, newsdoc.to_json(ARTICLES[1]))
    written = next(p for p in tmp_path.rglob("*.json") if p.parent.name.lower() == "x")
    assert ARTICLES[0] == newsdoc.from_json(written.read_text("utf-8"))


def test_folder_writer_does_not_follow_a_symlink_out(tmp_path: Path) -> None:
    """A symlink inside the output folder that points outside is not written through."""
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    os.symlink(outside, out / "link")
    writer = FolderWriter(str(out), suffix=".json")
    with pytest.raises(newsdoc.NewsdocError, match="refusing to write outside"):
        writer.write("link/a.md", "{}")
    assert list(outside.iterdir()) == []
