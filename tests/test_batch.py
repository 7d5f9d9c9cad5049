"""newsdoc.iter_load: discovery, order, error policies, processes, streaming, interruption."""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import newsdoc
import newsdoc.limits
from conftest import corpus_files
from newsdoc.batch.loading import iter_load
from newsdoc.batch.result import LoadResult
from newsdoc.io.files import SourceFile, iter_files

POST = "---\ntitle: {title}\ndate: {date}\n---\n<p>Body of {title}.</p>\n"


def write(path: Path, title: str = "t", date: str = "2021-11-24 08:00:00") -> Path:
    """Write a small post at `path` (folders created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(POST.format(title=title, date=date), encoding="utf-8")
    return path


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A folder with posts, subfolders, hidden entries and files of other kinds."""
    for name in ["b.md", "a.html", "c.markdown", "sub/z.md", "sub/deeper/y.md", "a1/x.md"]:
        write(tmp_path / name, title=name)
    write(tmp_path / ".hidden" / "h.md")
    write(tmp_path / ".dot.md")
    (tmp_path / "notes.txt").write_text("not a post", encoding="utf-8")
    (tmp_path / "data.json").write_text("{}", encoding="utf-8")
    return tmp_path


def relatives(found: Iterator[SourceFile]) -> list[str]:
    """The relative paths of what iter_files found."""
    return [f.relative for f in found]


def test_folder_order_is_files_first_then_subfolders_sorted(tree: Path) -> None:
    """A folder gives its own posts sorted by name, then each subfolder in turn; dot names and
    other suffixes are left out."""
    expected = ["a.html", "b.md", "c.markdown", "a1/x.md", "sub/z.md", "sub/deeper/y.md"]
    assert expected == relatives(iter_files(tree))


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("*.md", ["b.md"]),
        ("*", ["a.html", "b.md", "c.markdown", "data.json", "notes.txt"]),
        ("s*/*.md", ["sub/z.md"]),
        ("**/*.md", ["b.md", "a1/x.md", "sub/z.md", "sub/deeper/y.md"]),
        ("sub/**", ["z.md", "deeper/y.md"]),
        ("**/deeper/*.md", ["sub/deeper/y.md"]),
        ("[ab].*", ["a.html", "b.md"]),
        ("nothing*/*.md", []),
    ],
)
def test_glob_patterns(tree: Path, pattern: str, expected: list[str]) -> None:
    """Glob patterns match like a shell's, `**` across folders, in a stable order."""
    assert expected == relatives(iter_files(f"{tree}/{pattern}"))


def test_glob_paths_join_the_fixed_start(tree: Path) -> None:
    """A file found by a glob has the pattern's fixed start in its path."""
    assert [str(tree / "sub" / "z.md")] == [f.path for f in iter_files(f"{tree}/sub/*.md")]


def test_explicit_file_is_taken_whatever_its_suffix(tree: Path) -> None:
    """A file named on its own is loaded even with a suffix folders leave out."""
    found = list(iter_files([tree / "notes.txt", str(tree / "b.md")]))
    assert [("notes.txt", str(tree / "notes.txt")), ("b.md", str(tree / "b.md"))] == [
        (f.relative, f.path) for f in found
    ]


def test_suffixes_option(tree: Path) -> None:
    """`suffixes` chooses the files taken from folders."""
    assert relatives(iter_files(tree, suffixes={".TXT"})) == ["notes.txt"]


def test_unlistable_folder_is_reported_not_raised(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder that cannot be listed becomes an error result; the walk goes on."""
    real_scandir = os.scandir

    def scandir(path: str) -> object:
        if path.endswith("sub"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    results = list(iter_load(tree, on_error="collect"))
    failed = [r for r in results if not r.ok]
    assert [str(tree / "sub")] == [r.path for r in failed]
    assert f"{tree / 'sub'}: cannot list the folder: Permission denied" == str(failed[0].error)
    assert sum(r.ok for r in results) == 4


def test_iter_load_matches_load_on_the_corpus() -> None:
    """Every corpus post loads in order, equal to newsdoc.load, sources and problems too."""
    files = corpus_files()
    loaded = list(iter_load(files))
    expected = [newsdoc.load(path) for path in files]
    assert expected == loaded
    assert [str(p) for p in files] == [a.source for a in loaded]
    assert [a.problems for a in expected] == [a.problems for a in loaded]


def test_two_processes_give_the_same_articles_in_the_same_order() -> None:
    """jobs=2 runs real worker processes and returns what jobs=1 does, in order."""
    files = corpus_files()
    one = list(iter_load(files, jobs=1))
    two = list(iter_load(files, jobs=2, chunksize=7))
    assert one == two
    assert [a.source for a in one] == [a.source for a in two]
    assert [a.problems for a in one] == [a.problems for a in two]
    assert multiprocessing.active_children() == []


def test_parse_options_reach_the_workers(tmp_path: Path) -> None:
    """default_timezone and strict travel to worker processes."""
    write(tmp_path / "naive.md", date="2021-11-24 08:00:00")
    zone = dt.timezone(dt.timedelta(hours=8))
    (article,) = iter_load(tmp_path, jobs=2, default_timezone=zone)
    assert dt.datetime(2021, 11, 24, 8, 0, tzinfo=zone) == article.date
    assert dt.timedelta(hours=8) == article.date.utcoffset()


@pytest.mark.parametrize("jobs", [1, 2])
def test_limits_reach_the_workers(tmp_path: Path, jobs: int) -> None:
    """A small input limit is applied to every file, in this process and in workers."""
    write(tmp_path / "1.md", title="one")
    small = newsdoc.limits.Limits(max_input_bytes=10)
    (result,) = iter_load(tmp_path, jobs=jobs, on_error="collect", limits=small)
    assert isinstance(result.error, newsdoc.InputTooLargeError)
    expected = ["one"]
    assert expected == [a.title for a in iter_load(tmp_path, jobs=jobs)]


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """Three posts; the middle one has a date that strict mode refuses."""
    write(tmp_path / "1.md", title="one")
    write(tmp_path / "2.md", title="two", date="Fob 3")
    write(tmp_path / "3.md", title="three")
    return tmp_path


@pytest.mark.parametrize("jobs", [1, 2])
def test_raise_names_the_file_and_line(broken: Path, jobs: int) -> None:
    """on_error='raise' raises a ParseError saying path:line, in this process or from a worker."""
    loaded = iter_load(broken, jobs=jobs, strict=True)
    assert next(loaded).title == "one"
    with pytest.raises(newsdoc.ParseError) as caught:
        next(loaded)
    assert str(broken / "2.md") == caught.value.source
    assert caught.value.line == 3
    assert str(caught.value).startswith(f"{broken / '2.md'}:3:")


@pytest.mark.parametrize("jobs", [1, 2])
def test_skip_logs_and_goes_on(broken: Path, jobs: int, caplog: pytest.LogCaptureFixture) -> None:
    """on_error='skip' leaves the broken file out and logs it as a warning naming it."""
    with caplog.at_level(logging.WARNING, logger="newsdoc"):
        titles = [a.title for a in iter_load(broken, jobs=jobs, strict=True, on_error="skip")]
    assert titles == ["one", "three"]
    assert len(caplog.records) == 1
    assert str(broken / "2.md") in caplog.records[0].getMessage()


@pytest.mark.parametrize("jobs", [1, 2])
def test_collect_gives_one_result_per_file(broken: Path, jobs: int) -> None:
    """on_error='collect' yields a LoadResult per file: the article, or the error."""
    results = list(iter_load(broken, jobs=jobs, strict=True, on_error="collect"))
    assert [r.ok for r in results] == [True, False, True]
    assert [str(broken / n) for n in ("1.md", "2.md", "3.md")] == [r.path for r in results]
    assert isinstance(results[1].error, newsdoc.DateError)
    assert None is results[1].article
    assert results[2].article is not None
    assert results[2].article.title == "three"


def test_missing_file_is_an_error_naming_it(tmp_path: Path) -> None:
    """A path that does not exist raises a NewsdocError naming it (the OSError chained)."""
    missing = tmp_path / "gone.md"
    with pytest.raises(newsdoc.NewsdocError, match=r"gone\.md: cannot read") as caught:
        list(iter_load(missing))
    assert isinstance(caught.value.__cause__, FileNotFoundError)


def test_missing_file_in_a_worker_is_collected(tmp_path: Path) -> None:
    """A read error in a worker process comes back as a result naming the file."""
    (result,) = iter_load([tmp_path / "gone.md"], jobs=2, on_error="collect")
    assert isinstance(result, LoadResult)
    assert f"{tmp_path / 'gone.md'}: cannot read: No such file or directory" == str(result.error)


def test_work_in_flight_is_bounded() -> None:
    """The first result arrives after a bounded number of files were taken from the input."""
    files = corpus_files()
    taken = 0

    def lazily() -> Iterator[Path]:
        nonlocal taken
        for path in files * 10:
            taken += 1
            yield path

    loaded = iter_load(lazily(), jobs=2, chunksize=5)
    next(loaded)
    # 2 workers x 4 chunks ahead x 5 files, plus the chunk being cut.
    assert taken <= 2 * 4 * 5 + 5
    loaded.close()
    assert multiprocessing.active_children() == []


def test_interruption_stops_the_pool() -> None:
    """Ctrl-C while loading reaches the caller, and no worker process is left behind."""
    files = corpus_files()

    def interrupted() -> Iterator[Path]:
        yield from files[:100]
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        list(iter_load(interrupted(), jobs=2, chunksize=10))
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"jobs": -1}, "jobs must be 0"),
        ({"jobs": 1.5}, "jobs must be 0"),
        ({"on_error": "ignore"}, "on_error must be"),
        ({"chunksize": 0}, "chunksize must be"),
    ],
)
def test_bad_options_raise_at_the_call(options: dict[str, object], message: str) -> None:
    """Out-of-range options raise ValueError at the call, before any iteration."""
    with pytest.raises(ValueError, match=message):
        iter_load("examples", **options)  # type: ignore[call-overload]


def test_jobs_zero_uses_every_cpu() -> None:
    """jobs=0 loads with one process per CPU and gives the same articles."""
    files = corpus_files()[:40]
    assert list(iter_load(files)) == list(iter_load(files, jobs=0))
