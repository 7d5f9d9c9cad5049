"""The newsdoc command: convert, show, check; exit codes; stdin; interruption; python -m."""

from __future__ import annotations

import argparse
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import pyarrow.parquet as pq
import pytest

import newsdoc
import newsdoc.io.jsonl
from conftest import EXAMPLES, corpus_roots, posts_in
from gen_corpus import generate, run_measured
from newsdoc.cli.app import build_parser, main
from newsdoc.cli.progress import Progress
from newsdoc.io.files import iter_files
from newsdoc.io.jsonl import read_jsonl

GOOD = "---\ntitle: Good {n}\ndate: 2021-11-24 08:00:00\n---\n<p>Text {n}.</p>\n"
BROKEN_YAML = "---\ntitle: ok\ncategories: [unclosed\n---\n<p>Body.</p>\n"
BAD_DATE = "---\ntitle: Bad date\ndate: Fob 3\n---\n<p>Body.</p>\n"


@pytest.fixture
def posts(tmp_path: Path) -> Path:
    """A folder of three good posts, one in a subfolder."""
    folder = tmp_path / "posts"
    (folder / "sub").mkdir(parents=True)
    for n, name in enumerate(["a.md", "b.html", "sub/c.md"]):
        (folder / name).write_text(GOOD.format(n=n), encoding="utf-8")
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """main(argv): the exit code, stdout and stderr."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    """Make `text` the standard input."""
    fake = io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)


# ---------------------------------------------------------------- convert


@pytest.mark.parametrize("root", corpus_roots(), ids=lambda root: root.name)
def test_convert_corpus_to_jsonl(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A whole corpus converts to JSON Lines, every file once, with a summary line."""
    out = tmp_path / "out.jsonl"
    code, _, err = run(capsys, "convert", str(root), "-o", str(out))
    sources = [a.source for a in read_jsonl(out)]
    expected = [f.path for f in iter_files(root)]
    assert (0, expected) == (code, sources)
    assert {str(p) for p in posts_in(root)} <= set(sources)
    assert f"converted: {len(expected)} files, {len(expected)} articles, " in err
    assert "0 errors in " in err
    assert err.rstrip().endswith(f"-> {out}")


def test_convert_to_json_folder_mirrors_inputs(
    posts: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--to json writes one .json per post at its relative path below the output folder."""
    out = tmp_path / "json"
    code, _, _ = run(capsys, "convert", str(posts), "--to", "json", "-o", str(out), "-q")
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert (code, written) == (0, ["a.json", "b.json", "sub/c.json"])
    article = newsdoc.from_json((out / "sub" / "c.json").read_text(encoding="utf-8"))
    assert newsdoc.load(posts / "sub" / "c.md") == article


def test_convert_to_markdown_folder(
    posts: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--to markdown writes .md files that parse back to the same articles."""
    out = tmp_path / "md"
    code, _, _ = run(capsys, "convert", str(posts), "--to", "markdown", "-o", str(out), "-q")
    assert code == 0
    assert newsdoc.load(posts / "b.html") == newsdoc.load(out / "b.md")


def test_convert_folder_output_inside_the_input_is_not_reread(
    posts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An output folder inside the input folder is left out of the inputs."""
    out = posts / "zz-out"
    for _ in range(2):
        code, _, err = run(capsys, "convert", str(posts), "--to", "markdown", "-o", str(out))
        assert (code, err[: len("converted: 3 files")]) == (0, "converted: 3 files")
    assert not (out / "zz-out").exists()


def test_convert_to_parquet_with_two_jobs(
    posts: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """-j 2 to Parquet gives a row per post, in file order."""
    out = tmp_path / "out.parquet"
    code, _, _ = run(capsys, "convert", str(posts), "-o", str(out), "-j", "2", "-q")
    table = pq.read_table(out)
    expected = [str(posts / n) for n in ("a.md", "b.html", "sub/c.md")]
    assert (0, expected) == (code, table.column("source").to_pylist())


def test_convert_stdin_to_stdout(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`convert - -o -` reads one post from stdin and writes its JSON line to stdout."""
    stdin(monkeypatch, GOOD.format(n=7))
    code, out, _ = run(capsys, "convert", "-", "-o", "-", "-q")
    assert (code, json.loads(out)["title"], json.loads(out)["source"]) == (0, "Good 7", "<stdin>")


def test_convert_skips_and_reports_a_broken_file(
    posts: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With the default --on-error skip, the others are written, the error named, exit 1."""
    (posts / "bad.md").write_text(BAD_DATE, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, _, err = run(capsys, "convert", str(posts), "-o", str(out), "--strict")
    assert code == 1
    assert f"error: {posts / 'bad.md'}:3:" in err
    assert [a.title for a in read_jsonl(out)] == ["Good 0", "Good 1", "Good 2"]
    assert "3 articles, 0 problems, 1 error in" in err
    assert "docs/s" not in err  # a rate says nothing of a run that failed


def test_convert_on_error_raise_writes_nothing(
    posts: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--on-error raise stops at the broken file and leaves no output file."""
    (posts / "bad.md").write_text(BAD_DATE, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, _, err = run(
        capsys, "convert", str(posts), "-o", str(out), "--strict", "--on-error", "raise"
    )
    assert (code, out.exists()) == (1, False)
    assert f"{posts / 'bad.md'}:3:" in err
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["convert", "x", "-o", "out.txt"], "cannot tell the output format"),
        (["convert", "-", "x", "-o", "o.jsonl"], "cannot be mixed"),
        (["convert", "x", "-o", "-", "--to", "parquet"], "only JSON Lines can go to stdout"),
        (["convert", "x", "-o", "o.jsonl", "-j", "-2"], "-j must be 0 or more"),
        (["convert", "x", "-o", "o.jsonl", "--timezone", "Mars/Olympus"], "no time zone is named"),
        (["convert", "x"], "the following arguments are required: -o"),
        (["convert", "x", "-o", "o.jsonl", "--on-error", "ignore"], "invalid choice"),
        (["frobnicate"], "invalid choice"),
        (["check", "x", "--limit", "max_bytes=3"], "the limits are max_input_bytes, "),
        (["check", "x", "--limit", "max_body_markup=many"], "'many' is not an integer"),
        (["check", "x", "--limit", "max_body_markup=0"], "must be a positive int"),
        ([], "the following arguments are required"),
        (["convert", "x", "-o", "o.jsonl", "--bogus"], "usage: newsdoc convert "),
        (["show", "x", "--bogus", "-v"], "unrecognized arguments: --bogus -v"),
        (["check", "x", "--ignore", "date,no-such-code"], "no problem code no-such-code;"),
        (["check", "x", "--encoding", "klingon"], "no text encoding named 'klingon'"),
    ],
)
def test_usage_errors_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A command line that cannot be carried out exits 2 and says why on stderr."""
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert message in err


def test_every_option_has_help_text() -> None:
    """Each option and argument of each command says what it does in --help."""
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    silent = [
        f"{name} {action.dest}"
        for name, sub in [("newsdoc", parser), *commands.choices.items()]
        for action in sub._actions
        if not action.help and not isinstance(action, argparse._SubParsersAction)
    ]
    assert silent == []


def test_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    """--help of each command exits 0 and shows examples."""
    for command in ("convert", "show", "check"):
        code, out, _ = run(capsys, command, "--help")
        assert (code, f"newsdoc {command} " in out.split("examples:")[1]) == (0, True)


def test_interrupted_convert_leaves_no_output(
    posts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ctrl-C after a line is written exits 130 and leaves no file under the final name."""

    def write_then_interrupt(lines: Iterator[str], handle: TextIO) -> int:
        handle.write(next(iter(lines)) + "\n")
        handle.flush()
        raise KeyboardInterrupt

    monkeypatch.setattr(newsdoc.io.jsonl, "_write_lines", write_then_interrupt)
    code, _, err = run(capsys, "convert", str(posts), "-o", str(tmp_path / "out.jsonl"))
    assert (code, err) == (130, "newsdoc: interrupted\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["posts"]


def test_sigint_while_blocked_on_stdin(tmp_path: Path) -> None:
    """A real SIGINT while the run waits for input (stdin nobody writes) ends it: 130, no output."""
    out = tmp_path / "out.parquet"
    command = [sys.executable, "-m", "newsdoc", "convert", "-", "-o", str(out)]
    read, write = os.pipe()
    process = subprocess.Popen(command, stdin=read, stderr=subprocess.PIPE, text=True)
    os.close(read)
    timer = threading.Timer(60, process.kill)  # a hang fails the test instead of blocking it
    timer.start()
    try:
        _wait_until_blocked(process.pid)  # the run now waits in read() for data that never comes
        process.send_signal(signal.SIGINT)
        _, err = process.communicate()
    finally:
        timer.cancel()
        os.close(write)
    assert (process.returncode, err[-21:]) == (130, "newsdoc: interrupted\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def _wait_until_blocked(pid: int) -> None:
    """Wait (up to 60 s) until process `pid` sleeps in a read of its standard input."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        wchan = Path(f"/proc/{pid}/wchan").read_text(encoding="ascii")
        if "pipe_read" in wchan:  # pipe_read, anon_pipe_read: asleep in read(2) on the pipe
            return
        time.sleep(0.05)
    raise AssertionError("the run never blocked reading stdin")


# ---------------------------------------------------------------- show


def test_show_prints_title_date_authors_categories_text(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """show prints the article for a person."""
    path = EXAMPLES / "hexo-rss-zh.md"
    article = newsdoc.load(path)
    code, out, _ = run(capsys, "show", str(path))
    lines = out.splitlines()
    assert (0, article.title) == (code, lines[0])
    assert f"date:       {article.date.isoformat(' ') if article.date else ''}" in lines
    assert f"categories: {' › '.join(article.categories[0])}" in lines
    assert out.rstrip("\n").endswith(article.text)


def test_show_marks_a_refused_date(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A date that was written but not read is shown as written, marked, as the card does."""
    stdin(monkeypatch, "---\ntitle: T\ndate: +17:00\ncategories: [[a, b], c]\n---\nx")
    code, out, _ = run(capsys, "show", "-")
    lines = out.splitlines()
    assert (code, "date:       +17:00 (not a date)") == (0, lines[2])
    assert "categories: a › b; c" in lines


def test_show_json_from_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """show - --format json reads stdin and prints the article's JSON."""
    stdin(monkeypatch, GOOD.format(n=3))
    code, out, _ = run(capsys, "show", "-", "--format", "json")
    assert (0, newsdoc.parse(GOOD.format(n=3))) == (code, newsdoc.from_json(out))


def test_show_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """show on a file that does not exist exits 3 (no post) naming it."""
    code, _, err = run(capsys, "show", str(tmp_path / "gone.md"))
    assert (3, f"error: {tmp_path / 'gone.md'}: cannot read: No such file or directory\n") == (
        code,
        err,
    )


# ---------------------------------------------------------------- check


def test_check_folder_with_a_broken_file(posts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """check prints path:line:col: code: message for the broken file and exits 1."""
    (posts / "sub" / "broken.md").write_text(BROKEN_YAML, encoding="utf-8")
    code, out, err = run(capsys, "check", str(posts))
    assert code == 1
    located = [line.split(":", 4) for line in out.splitlines()]
    assert [str(posts / "sub" / "broken.md")] == sorted({path for path, *_ in located})
    assert all(line.isdigit() and column.isdigit() for _, line, column, *_ in located)
    assert {3, 4} >= {int(line) for _, line, *_ in located}  # the bad line, or the fence after
    assert "checked: 4 files" in err


def test_check_strict_reports_errors_with_their_location(
    posts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """check --strict reports a file that fails to load at its line, with the error's code."""
    (posts / "bad.md").write_text(BAD_DATE, encoding="utf-8")
    code, out, _ = run(capsys, "check", "--strict", "-q", str(posts / "bad.md"))
    assert code == 1
    assert out.startswith(f"{posts / 'bad.md'}:3:")


def test_check_clean_folder_exits_0(posts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """check on posts without problems prints nothing on stdout and exits 0."""
    assert run(capsys, "check", "-j", "2", str(posts))[:2] == (0, "")


def test_check_ignore(posts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--ignore leaves the named codes out, and the exit code follows what is left."""
    (posts / "broken.md").write_text(BROKEN_YAML, encoding="utf-8")
    first = run(capsys, "check", "-q", str(posts))[1]
    codes = {line.split(": ")[1] for line in first.splitlines()}
    assert run(capsys, "check", "-q", "--ignore", ",".join(codes), str(posts))[:2] == (0, "")


def test_check_limit_option(posts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--limit NAME=N changes one limit for every file, here the body markup budget."""
    code, out, _ = run(capsys, "check", "-q", "--limit", "max_body_markup=1", str(posts))
    expected = (1, 3)  # every file reported
    assert expected == (code, out.count(": limit: the body holds more than 1 markup"))
    assert run(capsys, "check", "-q", "--limit", "max-body-markup=1_000", str(posts))[:2] == (0, "")


def test_check_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file that does not exist is reported at 1:1 with code error; no post: exit 3."""
    missing = tmp_path / "gone.md"
    code, out, _ = run(capsys, "check", "-q", str(missing))
    assert (3, f"{missing}:1:1: error: cannot read: No such file or directory\n") == (code, out)


# ---------------------------------------------------------------- python -m newsdoc


def test_python_m_newsdoc(posts: Path, tmp_path: Path) -> None:
    """`python -m newsdoc` runs the same command, in a real subprocess."""
    (posts / "broken.md").write_text(BROKEN_YAML, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "newsdoc"]
    converted = subprocess.run(
        [*command, "convert", str(posts), "-o", str(out), "-j", "2"],
        capture_output=True,
        text=True,
        check=False,
    )
    checked = subprocess.run([*command, "check", str(posts)], capture_output=True, text=True)
    assert (converted.returncode, len(out.read_text(encoding="utf-8").splitlines())) == (0, 4)
    assert (1, str(posts / "broken.md")) == (checked.returncode, checked.stdout.split(":")[0])


# ---------------------------------------------------------------- scale


@pytest.mark.slow
def test_twenty_thousand_posts_to_parquet_in_bounded_memory(tmp_path: Path) -> None:
    """20,000 generated posts convert to Parquet with -j 2: every post once, each process
    under 300 MB peak RSS (memory, not time, is asserted)."""
    posts = generate(tmp_path / "posts", 20_000)
    out = tmp_path / "out.parquet"
    command = [sys.executable, "-m", "newsdoc", "convert", str(tmp_path / "posts"), "-o", str(out)]
    measured = run_measured([*command, "-j", "2"])
    table = pq.read_table(out, columns=["source"])
    assert (0, [str(p) for p in posts]) == (measured.returncode, table.column("source").to_pylist())
    assert "20000 files, 20000 articles" in measured.stderr
    assert measured.main_mb < 300
    assert measured.largest_child_mb < 300
    print(
        f"\n20,000 posts: {measured.seconds:.1f} s, peak RSS main {measured.main_mb:.0f} MB, "
        f"largest worker {measured.largest_child_mb:.0f} MB, "
        f"whole tree (PSS) {measured.peak_total_kb * 1024 / 1e6:.0f} MB"
    )


class _Terminal(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("stream", "enabled", "expected"),
    [(_Terminal, True, True), (_Terminal, False, False), (io.StringIO, True, False)],
)
def test_progress_bar_only_on_a_terminal_when_not_quiet(
    stream: type[io.StringIO], enabled: bool, expected: bool
) -> None:
    """The bar shows on a terminal after its delay, never with -q or in a pipe."""
    out = stream()
    progress = Progress(enabled=enabled, stream=out)
    progress.update(5)
    time.sleep(1.1)  # the bar waits a second, so short runs print nothing
    progress.update(5)
    progress.write("a message")
    progress.close()
    assert (expected, True) == ("10 files" in out.getvalue(), "a message\n" in out.getvalue())


def test_progress_bar_with_a_total_shows_the_share_and_eta() -> None:
    """Given the number of files, the bar shows done/total and the time left."""
    out = _Terminal()
    progress = Progress(enabled=True, stream=out)
    progress.set_total(20)
    progress.update(5)
    time.sleep(1.1)
    progress.update(5)
    progress.close()
    text = out.getvalue()
    assert ("50%" in text, "10/20 [" in text) == (True, True)


@pytest.mark.parametrize("command", [["convert", "-", "-o", "-"], ["show", "-"]])
def test_stdin_is_read_no_further_than_the_size_limit(command: list[str]) -> None:
    """An endless stdin (`yes`) is refused at max_input_bytes instead of read until memory
    runs out: the run ends, saying the input is too large."""
    limit = ["--limit", "max_input_bytes=100000"]
    with subprocess.Popen(["yes", "<p>x</p>"], stdout=subprocess.PIPE) as endless:
        done = subprocess.run(
            [sys.executable, "-m", "newsdoc", *command, *limit],
            stdin=endless.stdout,
            capture_output=True,
            text=True,
            timeout=120,
        )
        endless.kill()
    assert done.returncode != 0
    assert "larger than 100000 bytes" in done.stderr
