"""Worker processes as they really end: killed workers, signals to the command, a killed parent,
and an unguarded script (real processes and signals, each wait bounded)."""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import newsdoc
from conftest import EXAMPLES, corpus_files
from gen_corpus import generate
from newsdoc.batch.loading import map_chunks
from newsdoc.io.files import SourceFile, iter_files

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads processes from /proc")

_WAIT = 60.0
"Seconds any wait may take before the test fails (a hang fails; it never blocks the suite)."


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of 3,000 posts: a run of several seconds, long enough to be stopped midway."""
    folder = tmp_path_factory.mktemp("many") / "posts"
    generate(folder, 3000)
    return folder


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (zombies left out)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text(encoding="ascii", errors="replace")
            except OSError:  # ended meanwhile
                continue
            state, ppid = stat.rsplit(")", 1)[1].split()[:2]
            if int(ppid) == pid and state != "Z":
                found.append(int(entry))
    return found


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        children = _children(todo.pop())
        found.extend(children)
        todo.extend(children)
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _wait_for(condition: Callable[[], bool], what: str, timeout: float = _WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout} s for {what}")
        time.sleep(0.02)


def _workers(pid: int, count: int = 2) -> list[int]:
    """The worker processes of the newsdoc run `pid`, once `count` of them are running."""
    found: list[int] = []

    def started() -> bool:
        found[:] = _descendants(pid)
        return len(found) >= count

    _wait_for(started, f"{count} worker processes of {pid}")
    return found


def _convert(*args: str | Path) -> subprocess.Popen[str]:
    """``newsdoc convert ARGS -q`` in a new session, so that a test can signal its group."""
    command = [sys.executable, "-m", "newsdoc", "convert", *map(str, args), "-q"]
    return subprocess.Popen(command, stderr=subprocess.PIPE, text=True, start_new_session=True)


@pytest.fixture
def reaper() -> Iterator[list[subprocess.Popen[str]]]:
    """Processes to kill, with their whole session, whatever the test's outcome."""
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        for pid in [process.pid, *_descendants(process.pid)]:
            with contextlib.suppress(ProcessLookupError):  # ended already
                os.kill(pid, signal.SIGKILL)
        process.communicate()


def _line(process: subprocess.Popen[str]) -> str:
    """The next line `process` prints, waited for at most `_WAIT` seconds."""
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], _WAIT)
    assert ready, f"no line from {process.args} in {_WAIT} s"
    return process.stdout.readline()


def _exit_in_worker(chunk: list[SourceFile]) -> int:
    os._exit(3)


# ------------------------------------------------------------------ a worker that dies


def test_a_killed_worker_is_a_worker_error_in_iter_load() -> None:
    """SIGKILL of a worker while iter_load(jobs=2) runs raises WorkerError, also once the
    pool has broken before the next chunk is sent, and leaves no process behind."""
    files = corpus_files()
    before = set(_children(os.getpid()))  # other tests' (Dask's, a notebook kernel)
    loaded = newsdoc.iter_load(files * 20, jobs=2, chunksize=1)
    next(loaded)
    workers = set(_children(os.getpid())) - before
    victim = min(workers)
    os.kill(victim, signal.SIGKILL)
    _wait_for(lambda: not _alive(victim), "the killed worker to end")
    time.sleep(0.2)  # the pool notices, and is broken when the next chunk is sent
    with pytest.raises(newsdoc.WorkerError, match=r"a worker process died \(killed by SIGKILL\)"):
        for _ in loaded:
            pass
    _wait_for(lambda: not any(map(_alive, workers)), "the other worker to end", 10)


def test_a_worker_that_exits_is_a_worker_error() -> None:
    """A worker calling os._exit is a WorkerError saying so."""
    before = set(_children(os.getpid()))  # other tests' (Dask's, a notebook kernel)
    chunks = map_chunks(_exit_in_worker, iter_files(corpus_files()[:10]), jobs=2, chunksize=1)
    with pytest.raises(newsdoc.WorkerError, match=r"a worker process died \(exit status 3\)"):
        list(chunks)
    _wait_for(lambda: set(_children(os.getpid())) <= before, "the workers to end", 10)


@pytest.mark.parametrize("command", ["convert", "check"])
def test_a_killed_worker_stops_the_command(
    command: str, many: Path, tmp_path: Path, reaper: list[subprocess.Popen[str]]
) -> None:
    """SIGKILL of a worker of ``-j 2``: the command says a worker died and exits 1 (no
    traceback, no output file, no worker left)."""
    out = tmp_path / "out.jsonl"
    args = [many, "-o", out] if command == "convert" else [many]
    process = subprocess.Popen(
        [sys.executable, "-m", "newsdoc", command, *map(str, args), "-j", "2", "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    reaper.append(process)
    workers = _workers(process.pid)
    for pid in workers:  # held still, so that the run cannot end before the kill
        os.kill(pid, signal.SIGSTOP)
    os.kill(workers[0], signal.SIGKILL)
    for pid in workers[1:]:
        with contextlib.suppress(ProcessLookupError):  # the run may have killed it already
            os.kill(pid, signal.SIGCONT)
    _, err = process.communicate(timeout=_WAIT)
    assert (process.returncode, "Traceback" in err) == (1, False), err
    assert "a worker process died (killed by SIGKILL)" in err
    assert not list(tmp_path.iterdir())
    _wait_for(lambda: not any(map(_alive, workers)), "the workers to end", 10)


# ------------------------------------------------------------------ signals to the command


def _part_files(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.endswith(".part")]


def _writing(folder: Path) -> Callable[[], bool]:
    """Whether a run writes into `folder`: its temporary file exists and holds data."""

    def check() -> bool:
        return any(p.stat().st_size > 0 for p in _part_files(folder))

    return check


@pytest.mark.parametrize(
    ("name", "group", "moment"),
    [
        ("SIGINT", True, "starting"),  # Ctrl-C: the terminal signals the whole process group
        ("SIGINT", True, "writing"),
        ("SIGTERM", False, "starting"),  # kill PID
        ("SIGTERM", False, "writing"),
        ("SIGHUP", True, "writing"),  # the terminal closed
    ],
)
def test_a_signal_ends_convert_promptly(
    name: str,
    group: bool,
    moment: str,
    many: Path,
    tmp_path: Path,
    reaper: list[subprocess.Popen[str]],
) -> None:
    """A signal to ``convert -j 2``, as its workers start or once it writes: the run ends
    within seconds, exits 128 + the signal, and leaves no output, no temporary file and no
    worker."""
    number = getattr(signal, name)
    out = tmp_path / "out" / "posts.jsonl"
    out.parent.mkdir()
    process = _convert(many, "-o", out, "-j", "2")
    reaper.append(process)
    workers = _workers(process.pid)
    if moment == "writing":
        _wait_for(_writing(out.parent), "the output to be written")
    os.kill(-process.pid if group else process.pid, number)
    _, err = process.communicate(timeout=_WAIT)
    said = "newsdoc: interrupted" if name == "SIGINT" else f"newsdoc: stopped by {name}"
    assert (128 + number, said) == (process.returncode, err.strip().splitlines()[-1]), err
    assert not list(out.parent.iterdir())
    _wait_for(lambda: not any(map(_alive, workers)), "the workers to end", 10)


# ------------------------------------------------------------------ a parent killed outright


def test_kill_9_of_convert_ends_its_workers_and_the_next_run_cleans_up(
    many: Path, tmp_path: Path, reaper: list[subprocess.Popen[str]]
) -> None:
    """kill -9 of ``convert -j 2`` while it writes: its workers end by themselves within
    seconds; its temporary file stays, and the next run to the same folder removes it."""
    out = tmp_path / "posts.jsonl"
    process = _convert(many, "-o", out, "-j", "2")
    reaper.append(process)
    workers = _workers(process.pid)
    _wait_for(_writing(tmp_path), "the output to be written")
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=_WAIT)
    _wait_for(lambda: not any(map(_alive, workers)), "the orphaned workers to end", 10)
    (left,) = _part_files(tmp_path)
    again = _convert(EXAMPLES, "-o", out, "-j", "2")
    reaper.append(again)
    _, err = again.communicate(timeout=_WAIT)
    assert again.returncode == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["posts.jsonl"], left


_THREADED = """
import sys, threading, time
import newsdoc

if __name__ == "__main__":
    threading.Thread(target=time.sleep, args=(600,), daemon=True).start()  # not forked, then
    for n, article in enumerate(newsdoc.iter_load(sys.argv[1], jobs=2)):
        if n == 10:
            print("loading", flush=True)
            time.sleep(600)
"""


def test_kill_9_of_a_script_ends_its_workers(
    many: Path, tmp_path: Path, reaper: list[subprocess.Popen[str]]
) -> None:
    """kill -9 of a script running threads, whose iter_load(jobs=2) workers are not forked but
    fresh interpreters: they end by themselves within seconds."""
    script = tmp_path / "load.py"
    script.write_text(_THREADED, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, str(script), str(many)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    reaper.append(process)
    assert _line(process) == "loading\n"
    started = _descendants(process.pid)
    assert len(started) == 2, started
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=_WAIT)
    _wait_for(lambda: not any(map(_alive, started)), "the orphaned processes to end", 10)


# ------------------------------------------------------------------ a script without the guard

_UNGUARDED = """
import sys, threading, time
import newsdoc

print("top level", flush=True)  # once: workers never run this file again
threading.Thread(target=time.sleep, args=(600,), daemon=True).start()
articles = list(newsdoc.iter_load(sys.argv[1:], jobs=2, chunksize=3))
print(len(articles), "articles")
"""


def test_a_script_without_the_guard_loads_with_two_jobs(tmp_path: Path) -> None:
    """A script with no ``if __name__ == "__main__":`` that starts a thread, then calls
    iter_load(jobs=2), runs once and loads every file (it died with "a worker process died")."""
    script = tmp_path / "unguarded.py"
    script.write_text(_UNGUARDED, encoding="utf-8")
    files = [str(path) for path in corpus_files()[:20]]
    done = subprocess.run(
        [sys.executable, str(script), *files],
        capture_output=True,
        text=True,
        timeout=_WAIT,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "top level\n20 articles\n"


def test_a_long_output_name_is_written(tmp_path: Path) -> None:
    """An output name of 250 bytes, which the file system takes, is written: its temporary
    name (longer, with the host and pid) is cut to fit."""
    out = tmp_path / ("é" * 60 + "x" * (250 - 120 - len(".jsonl")) + ".jsonl")
    assert len(os.fsencode(out.name)) == 250
    assert newsdoc.write_jsonl(newsdoc.iter_load(EXAMPLES), out) > 0
    assert [p.name for p in tmp_path.iterdir()] == [out.name]
