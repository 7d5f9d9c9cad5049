"""newsdoc.dask on a real LocalCluster with two worker processes, compared with iter_load."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import dask
import pytest
from distributed import Client, LocalCluster

import newsdoc
from conftest import IN_REPO_CORPUS, corpus_files, shared_corpus_dir
from newsdoc.batch.loading import iter_load
from newsdoc.batch.result import LoadResult
from newsdoc.dask import read_articles, read_articles_dataframe, to_dataframe
from newsdoc.model import Article


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    """A LocalCluster of 2 worker processes (1 thread each) and its client."""
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as connected,
    ):
        yield connected


def by_source(articles: list[Article]) -> list[Article]:
    """The articles sorted by source path."""
    return sorted(articles, key=lambda a: a.source or "")


def test_bag_on_the_cluster_equals_iter_load(client: Client) -> None:
    """Every corpus post, loaded by 2 worker processes, equals what iter_load gives."""
    folders = [IN_REPO_CORPUS]
    if (shared := shared_corpus_dir()) is not None:
        folders += [shared / name for name in ("seed", "posts", "haiku__website")]
    bag = read_articles(folders, files_per_partition=12)
    assert bag.npartitions > 2
    loaded = by_source(bag.compute())
    expected = by_source(list(iter_load(folders)))
    assert expected == loaded
    assert [a.source for a in expected] == [a.source for a in loaded]
    assert [a.problems for a in expected] == [a.problems for a in loaded]
    pids = set(bag.map_partitions(lambda _: [os.getpid()]).compute())
    assert os.getpid() not in pids


def test_bag_keeps_file_order(client: Client) -> None:
    """The bag's order is iter_load's order, partition after partition."""
    files = corpus_files()[:60]
    assert [str(p) for p in files] == [a.source for a in read_articles(files).compute()]


def test_dataframe_on_the_cluster(client: Client) -> None:
    """read_articles_dataframe gives a row per post, tz-aware dates, titles and text."""
    folder = IN_REPO_CORPUS / "swcarpentry__website"
    frame = read_articles_dataframe(folder, files_per_partition=5).compute()
    expected = list(iter_load(folder))
    assert len(expected) == len(frame)
    assert [a.source for a in expected] == frame["source"].tolist()
    assert [a.title for a in expected] == frame["title"].tolist()
    assert str(frame["date"].dtype) == "datetime64[us, UTC]"
    assert [a.date for a in expected] == [d.to_pydatetime() for d in frame["date"]]
    assert [a.text for a in expected] == frame["text"].tolist()


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """Two posts and, between them, one whose date strict mode refuses."""
    for name, date in [("1.md", "2021-01-01"), ("2.md", "Fob 3"), ("3.md", "2021-01-03")]:
        (tmp_path / name).write_text(f"---\ntitle: {name}\ndate: {date}\n---\nx\n", "utf-8")
    return tmp_path


def test_error_policies_match_iter_load(broken: Path) -> None:
    """skip and collect behave on the workers as in iter_load; raise raises the file's error."""
    with dask.config.set(scheduler="sync"):
        skipped = read_articles(broken, strict=True, on_error="skip").compute()
        collected = read_articles(broken, strict=True, on_error="collect").compute()
        with pytest.raises(newsdoc.DateError, match=r"2\.md:3"):
            read_articles(broken, strict=True).compute()
    assert list(iter_load(broken, strict=True, on_error="skip")) == skipped
    assert all(isinstance(r, LoadResult) for r in collected)
    assert [r.ok for r in collected] == [True, False, True]
    assert str(broken / "2.md") == collected[1].path


def test_errors_cross_the_process_boundary(client: Client, broken: Path) -> None:
    """A strict-mode error raised on a worker process reaches the client as a DateError."""
    with pytest.raises(newsdoc.DateError, match=r"2\.md:3"):
        read_articles(broken, strict=True).compute()


def test_file_urls_go_through_fsspec(broken: Path) -> None:
    """A file:// URL glob is listed and read through fsspec, sources as URLs."""
    with dask.config.set(scheduler="sync"):
        articles = read_articles(f"file://{broken}/[13].md").compute()
    assert [f"file://{broken}/1.md", f"file://{broken}/3.md"] == [a.source for a in articles]
    assert [a.title for a in articles] == ["1.md", "3.md"]


def test_to_dataframe_of_a_filtered_bag(broken: Path) -> None:
    """A bag filtered by the user still converts to a DataFrame with the newsdoc columns."""
    with dask.config.set(scheduler="sync"):
        bag = read_articles(broken, on_error="skip").filter(lambda a: a.title != "1.md")
        frame = to_dataframe(bag).compute()
    assert frame["title"].tolist() == ["2.md", "3.md"]


def test_empty_input_gives_an_empty_bag(tmp_path: Path) -> None:
    """A folder without posts gives an empty bag, not an error."""
    with dask.config.set(scheduler="sync"):
        assert read_articles(tmp_path).compute() == []


@pytest.mark.parametrize("on_error", ["raise", "skip", "collect"])
@pytest.mark.parametrize("url", [False, True], ids=["path", "file-url"])
def test_missing_path_is_an_error_when_the_bag_is_made(
    tmp_path: Path, on_error: str, url: bool
) -> None:
    """A file named but not there raises ReadError at the call, before anything is computed."""
    missing = f"{'file://' if url else ''}{tmp_path}/no-such-post.md"
    with pytest.raises(newsdoc.ReadError, match=r"no-such-post\.md: cannot read: No such file"):
        read_articles([missing], on_error=on_error)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"files_per_partition": 0}, "files_per_partition"),
        ({"on_error": "ignore"}, "on_error"),
    ],
)
def test_bad_options(tmp_path: Path, options: dict[str, object], message: str) -> None:
    """Out-of-range options raise ValueError when the bag is made."""
    with pytest.raises(ValueError, match=message):
        read_articles(tmp_path, **options)  # type: ignore[arg-type]


def test_missing_dask_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without dask, read_articles raises a NewsdocError naming the dask extra."""
    monkeypatch.setitem(sys.modules, "dask.bag", None)
    with pytest.raises(newsdoc.NewsdocError, match=r'pip install "newsdoc\[dask\]"'):
        read_articles(tmp_path)
