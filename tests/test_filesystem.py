"""The file system as it is: FIFOs, symlink loops, outputs over inputs, non-UTF-8 names,
inputs that name nothing, a full standard output, binary files (issue 16, items 1-4, 7-9).

The command runs in real subprocesses, each bounded by a timeout: a hang fails the test.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import newsdoc

GOOD = "---\ntitle: Post {n}\n---\n<p>Text {n}.</p>\n"
TIMEOUT = 120
SRC = str(Path(__file__).resolve().parents[1] / "src")


def cli(*argv: str, cwd: Path | None = None, stdout: int | None = None) -> tuple[int, str, str]:
    """Run ``python -m newsdoc ARGV`` (within TIMEOUT): exit code, stdout, stderr."""
    env = {**os.environ, "PYTHONPATH": SRC}
    done = subprocess.run(
        [sys.executable, "-m", "newsdoc", *argv],
        cwd=cwd,
        env=env,
        stdout=stdout if stdout is not None else subprocess.PIPE,
        stderr=subprocess.PIPE,
        timeout=TIMEOUT,
        check=False,
    )
    out = done.stdout.decode("utf-8") if isinstance(done.stdout, bytes) else ""
    return done.returncode, out, done.stderr.decode("utf-8", "replace")


def python(code: str) -> str:
    """Run `code` in a fresh interpreter (within TIMEOUT) and return what it printed."""
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": SRC},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=True,
    )
    return done.stdout


@pytest.fixture
def posts(tmp_path: Path) -> Path:
    """posts/a.md, posts/b.md, posts/sub/c.md."""
    folder = tmp_path / "posts"
    (folder / "sub").mkdir(parents=True)
    for n, name in enumerate(["a.md", "b.md", "sub/c.md"]):
        (folder / name).write_text(GOOD.format(n=n), encoding="utf-8")
    return folder


def sources(jsonl: str) -> list[str]:
    """The ``source`` of each line of JSON Lines text."""
    return [json.loads(line)["source"] for line in jsonl.splitlines()]


# ---------------------------------------------------------------- 1. FIFOs and other files


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_convert_reports_a_fifo_and_converts_the_rest(posts: Path, jobs: str) -> None:
    """A FIFO among the posts is reported as not a regular file, never opened for reading."""
    os.mkfifo(posts / "sub" / "pipe.md")
    code, out, err = cli("convert", str(posts), "-o", "-", "-j", jobs, "-q")
    assert code == 1
    assert [f"{posts}/a.md", f"{posts}/b.md", f"{posts}/sub/c.md"] == sources(out)
    assert f"error: {posts}/sub/pipe.md: cannot read: not a regular file (a FIFO)\n" == err


def test_load_and_iter_load_refuse_a_fifo_and_a_socket(posts: Path) -> None:
    """newsdoc.load and iter_load give a ReadError for a FIFO and a socket, at once."""
    os.mkfifo(posts / "pipe.md")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(posts / "sock.md"))
        printed = python(
            "import newsdoc\n"
            f"try:\n    newsdoc.load({str(posts / 'pipe.md')!r})\n"
            "except OSError as e:\n    print(type(e).__name__, e)\n"
            f"for r in newsdoc.iter_load({str(posts)!r}, on_error='collect'):\n"
            "    print(r.ok, type(r.error).__name__)\n"
        )
    assert [
        f"ReadError {posts}/pipe.md: cannot read: not a regular file (a FIFO)",
        "True NoneType",
        "True NoneType",
        "False ReadError",
        "False ReadError",
        "True NoneType",
    ] == printed.splitlines()


# ---------------------------------------------------------------- 2. symlink loops


def test_symlink_loops_visit_each_folder_once(posts: Path) -> None:
    """``up -> ..`` and ``self -> .`` add nothing; a looping link is reported, its folder kept."""
    (posts / "sub" / "up").symlink_to("..")
    (posts / "self").symlink_to(".")
    (posts / "x1.md").symlink_to("x2.md")
    (posts / "x2.md").symlink_to("x1.md")
    found = python(
        "from newsdoc.io.files import iter_files\n"
        f"for f in iter_files([{str(posts)!r}, {str(posts)!r} + '/**/*.md']):\n"
        "    print(f.relative)\n"
    )
    assert found.splitlines() == ["a.md", "b.md", "x1.md", "x2.md", "sub/c.md"]
    code, out, err = cli("convert", str(posts), "-o", "-", "-q")
    assert (1, [f"{posts}/a.md", f"{posts}/b.md", f"{posts}/sub/c.md"]) == (code, sources(out))
    assert f"{posts}/x1.md: cannot read: Too many levels of symbolic links" in err


def test_a_deep_symlink_maze_is_walked_in_linear_work(tmp_path: Path) -> None:
    """Ten folders, each linking to every other: 10 real folders listed, not 10**depth."""
    root = tmp_path / "maze"
    for i in range(10):
        (root / f"d{i}").mkdir(parents=True)
        (root / f"d{i}" / "p.md").write_text(GOOD.format(n=i), encoding="utf-8")
    for i in range(10):
        for j in range(10):
            (root / f"d{i}" / f"to{j}").symlink_to(f"../d{j}")
    found = python(
        "import os\nfrom newsdoc.io.files import iter_files\n"
        "calls = 0\nscandir = os.scandir\n"
        "def counted(path):\n    global calls\n    calls += 1\n    return scandir(path)\n"
        "os.scandir = counted\n"
        f"print(len(list(iter_files({str(root)!r}))), calls)\n"
    )
    assert found == "10 11\n"  # 10 posts; the root and the 10 folders listed once each


# ---------------------------------------------------------------- 3. an output that is an input


def test_output_file_that_is_the_input_is_refused(tmp_path: Path) -> None:
    """``convert same.md -o same.md`` (or a symlink to it) exits 2 and leaves the post as it was."""
    post = tmp_path / "same.md"
    post.write_text(GOOD.format(n=1), encoding="utf-8")
    (tmp_path / "link.jsonl").symlink_to("same.md")
    for output in ["same.md", "link.jsonl"]:
        code, _, err = cli("convert", "same.md", "-o", output, "--to", "jsonl", cwd=tmp_path)
        expected = f"error: the output {output} is the input same.md; refusing to replace it\n"
        assert (2, expected) == (code, err[-len(expected) :])
    assert GOOD.format(n=1) == post.read_text(encoding="utf-8")


def test_output_file_found_by_a_glob_is_refused(tmp_path: Path) -> None:
    """A glob that finds the existing output file stops the run (2); the file stays."""
    (tmp_path / "a.md").write_text(GOOD.format(n=1), encoding="utf-8")
    (tmp_path / "out.jsonl").write_text("earlier\n", encoding="utf-8")
    code, _, err = cli("convert", "*", "-o", "out.jsonl", cwd=tmp_path)
    assert (code, (tmp_path / "out.jsonl").read_text(encoding="utf-8")) == (2, "earlier\n")
    assert "the output out.jsonl is the input out.jsonl" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "out.jsonl"]


@pytest.mark.parametrize(
    ("inputs", "output"),
    [(["posts"], "."), (["posts/a.md"], "posts"), (["posts"], "posts"), (["posts/*.md"], ".")],
)
def test_output_folder_that_holds_an_input_is_refused(
    posts: Path, inputs: list[str], output: str
) -> None:
    """An output folder that is, or holds, an input exits 2 and writes nothing."""
    before = sorted(p.relative_to(posts.parent) for p in posts.parent.rglob("*"))
    code, _, err = cli("convert", *inputs, "--to", "markdown", "-o", output, cwd=posts.parent)
    expected = f"newsdoc convert: error: the output folder {output} holds the input {inputs[0]}:"
    assert (2, expected) == (code, err[: len(expected)])
    assert before == sorted(p.relative_to(posts.parent) for p in posts.parent.rglob("*"))


# ---------------------------------------------------------------- 4. file names not UTF-8


@pytest.fixture
def latin1_named(tmp_path: Path) -> Path:
    """A folder holding ``caf\\xe9.md``: a file name that is not UTF-8 (Latin-1 é)."""
    folder = tmp_path / "names"
    folder.mkdir()
    with open(os.fsencode(folder) + b"/caf\xe9.md", "w", encoding="utf-8") as handle:
        handle.write("---\ntitle: Caf\u00e9\ndate: Fob 3\n---\n<p>Text.</p>\n")
    return folder


def undo_escape(source: str) -> bytes:
    """The bytes of a name from its readable form (the recipe docs/pipelines.md gives)."""
    return re.sub(rb"\\x([0-9a-f]{2})", lambda m: bytes.fromhex(m[1].decode()), source.encode())


def test_a_name_that_is_not_utf8_is_escaped_in_every_writer(latin1_named: Path) -> None:
    """JSON Lines, JSON, Parquet and Dask hold ``caf\\xe9.md``; the bytes come back from it."""
    expected = f"{latin1_named}/caf\\xe9.md"
    code, out, _ = cli("convert", str(latin1_named), "-o", "-", "-q")
    assert (0, [expected]) == (code, sources(out))
    assert os.fsencode(latin1_named) + b"/caf\xe9.md" == undo_escape(sources(out)[0])
    json_dir, parquet = latin1_named.parent / "json", latin1_named.parent / "out.parquet"
    assert cli("convert", str(latin1_named), "--to", "json", "-o", str(json_dir))[0] == 0
    written = os.listdir(os.fsencode(json_dir))  # the output keeps the name's own bytes
    assert written == [b"caf\xe9.json"]
    assert expected == json.loads((json_dir / os.fsdecode(written[0])).read_bytes())["source"]
    assert cli("convert", str(latin1_named), "-o", str(parquet))[0] == 0
    assert [expected] == pq.read_table(parquet).column("source").to_pylist()
    import dask

    from newsdoc.dask import read_articles

    with dask.config.set(scheduler="sync"):
        assert [expected] == [a.source for a in read_articles(str(latin1_named)).compute()]


def test_check_prints_problems_of_a_file_named_in_latin1(latin1_named: Path) -> None:
    """check writes the escaped name to stdout (UTF-8) instead of failing to encode it."""
    code, out, _ = cli("check", "-q", str(latin1_named))
    assert (
        code,
        out.startswith(f"{latin1_named}/caf\\xe9.md:3:1: date: 'Fob 3' is not a date"),
    ) == (1, True)


# ---------------------------------------------------------------- 7. nothing to do


@pytest.mark.parametrize(
    ("make", "inputs", "message"),
    [
        ("empty", ["empty"], "error: empty: no post in the folder"),
        ("posts", ["posts/*.xyz"], "error: posts/*.xyz: no file matches"),
        ("", ["gone.md"], "error: gone.md: cannot read: No such file or directory"),
        ("empty", ["empty", "gone.md"], "error: empty: no post in the folder"),
    ],
)
@pytest.mark.parametrize("output", ["out.jsonl", "out.parquet", "json"])
def test_no_post_found_exits_3_and_writes_nothing(
    posts: Path, make: str, inputs: list[str], message: str, output: str
) -> None:
    """An empty folder, a glob matching nothing, a missing file: exit 3, no output made."""
    work = posts.parent
    (work / "empty").mkdir()
    to = ["--to", "json"] if output == "json" else []
    code, _, err = cli("convert", *inputs, "-o", output, *to, cwd=work)
    assert (3, message) == (code, err.splitlines()[0])
    assert f"nothing converted: {output} not written\n" == err.splitlines(keepends=True)[-1]
    assert sorted(p.name for p in work.iterdir()) == ["empty", "posts"]


def test_check_of_a_glob_matching_nothing_exits_3(posts: Path) -> None:
    """``check 'posts/*.xyz'`` reports the pattern and exits 3; a missing start, once."""
    code, out, _ = cli("check", "-q", "posts/*.xyz", "nope/*.md", cwd=posts.parent)
    expected = (
        "posts/*.xyz:1:1: error: no file matches\n"
        "nope:1:1: error: cannot list the folder: No such file or directory\n"
    )
    assert (code, out) == (3, expected)


def test_a_run_that_converts_nothing_leaves_no_output(posts: Path) -> None:
    """Posts found but none converted (all binary): exit 1, and no output file."""
    for name in ["a.md", "b.md", "sub/c.md"]:
        (posts / name).write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    code, _, err = cli("convert", "posts", "-o", "out.jsonl", cwd=posts.parent)
    assert (code, err.splitlines(True)[-1]) == (1, "nothing converted: out.jsonl not written\n")
    assert sorted(p.name for p in posts.parent.iterdir()) == ["posts"]


def test_a_missing_input_among_others_is_an_error(posts: Path) -> None:
    """One missing input next to posts: the posts are converted, the run exits 1."""
    code, out, err = cli("convert", "posts/a.md", "gone.md", "-o", "-", "-q", cwd=posts.parent)
    assert (code, sources(out)) == (1, ["posts/a.md"])
    assert err == "error: gone.md: cannot read: No such file or directory\n"


@pytest.mark.parametrize(
    "inputs",
    [["posts/a.md", "posts/a.md"], ["posts", "posts/a.md"], ["posts/a.md", "posts"],
     ["posts", "posts/sub", "posts/*.md", "posts/**"], ["posts", "./posts/../posts"]],
)  # fmt: skip
def test_the_same_file_named_twice_is_converted_once(posts: Path, inputs: list[str]) -> None:
    """Each file comes once, at its first place, however many inputs name it."""
    (posts / "z.md").symlink_to("a.md")  # a link to a file of the same folder: the file comes
    code, out, err = cli("convert", *inputs, "-o", "-", "-q", cwd=posts.parent)
    found = sources(out)
    assert (0, "", len(found)) == (code, err, len(set(found)))
    assert {"posts/a.md"} <= set(found) <= {"posts/a.md", "posts/b.md", "posts/sub/c.md"}


# ---------------------------------------------------------------- 8. a full standard output


@pytest.mark.parametrize(
    "argv",
    [["convert", "-q", "posts/a.md", "-o", "-"], ["show", "posts/a.md"], ["check", "-q", "posts"]],
)
def test_a_full_stdout_is_a_clear_error(posts: Path, argv: list[str]) -> None:
    """``> /dev/full``: exit 4 and one line saying so, no traceback."""
    (posts / "b.md").write_text("---\ndate: Fob 3\n---\nx\n", encoding="utf-8")  # a problem
    with open("/dev/full", "w", encoding="utf-8") as full:
        code, _, err = cli(*argv, cwd=posts.parent, stdout=full.fileno())
    assert code == 4
    assert "error: <stdout>: cannot write: No space left on device\n" in err
    assert "Traceback" not in err


# ---------------------------------------------------------------- 9. binary input


def test_binary_input_is_reported_as_not_text(tmp_path: Path) -> None:
    """``show random.bin.md`` says the file is not text (exit 1) instead of printing U+FFFD."""
    data = bytes(range(256)) * 160  # 40 KB holding every byte, NUL included
    (tmp_path / "random.bin.md").write_bytes(data)
    code, out, err = cli("show", "random.bin.md", cwd=tmp_path)
    assert (code, out) == (1, "")
    assert "error: random.bin.md:1:1: not text: a NUL byte at byte 0" in err
    with pytest.raises(newsdoc.EncodingError) as caught:
        newsdoc.load(tmp_path / "random.bin.md")
    assert caught.value.code == "binary"
    named = newsdoc.load(tmp_path / "random.bin.md", encoding="latin-1")  # read as text if told
    assert "control-character" in {problem.code for problem in named.problems}


@pytest.mark.parametrize("argv", [["convert", "-q", "many", "-o", "-"], ["check", "-q", "many"]])
def test_a_reader_that_leaves_is_not_an_error_message(tmp_path: Path, argv: list[str]) -> None:
    """``| head -1``: the run ends quietly (exit 1) when the reader closes the pipe."""
    (tmp_path / "many").mkdir()
    for n in range(300):  # more than a pipe buffer of output
        (tmp_path / "many" / f"p{n}.md").write_text("---\ndate: Fob 3\n---\nx\n", encoding="utf-8")
    command = [sys.executable, "-m", "newsdoc", *argv]
    env = {**os.environ, "PYTHONPATH": SRC}
    process = subprocess.Popen(
        command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # the reader leaves
    with process.stderr:
        err = process.stderr.read()
    assert (process.wait(timeout=TIMEOUT), err) == (1, b"")


@pytest.mark.parametrize(
    ("data", "binary"),
    [(b"---\ntitle: a\x00b\n---\nx\x00y\n", False),  # stray NULs in UTF-8 text: replaced
     ("---\ntitle: t\n---\nbody\n".encode("utf-16-le"), True),  # UTF-16 without a BOM
     (b"\x00" * 64, True), (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00", True)],
)  # fmt: skip
def test_a_nul_says_binary_unless_the_rest_is_text(data: bytes, binary: bool) -> None:
    """NUL with bytes that are not UTF-8, or NUL as a large share, is binary; else text."""
    if binary:
        with pytest.raises(newsdoc.EncodingError) as caught:
            newsdoc.parse(data)
        assert caught.value.code == "binary"
    else:
        codes = {problem.code for problem in newsdoc.parse(data).problems}
        assert codes == {"control-character"}
