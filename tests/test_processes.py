"""Worker processes as they really end: killed workers, signals to the command, a killed parent,
and an unguarded script (real processes and signals, each wait bounded)."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import newsdoc
from conftest import corpus_files
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


def _exit_in_worker(chunk: list[SourceFile]) -> int:
    os._exit(3)


# ------------------------------------------------------------------ a worker that dies


def test_a_killed_worker_is_a_worker_error_in_iter_load() -> None:
    """SIGKILL of a worker while iter_load(jobs=2) runs raises WorkerError, also once the
    pool has broken before the next chunk is sent, and leaves no process behind."""
    files = corpus_files()
    loaded = newsdoc.iter_load(files * 20, jobs=2, chunksize=1)
    next(loaded)
    (victim, *_) = multiprocessing.active_children()
    os.kill(victim.pid or 0, signal.SIGKILL)
    _wait_for(lambda: not victim.is_alive(), "the killed worker to end")
    time.sleep(0.2)  # the pool notices, and is broken when the next chunk is sent
    with pytest.raises(newsdoc.WorkerError, match=r"a worker process died \(killed by SIGKILL\)"):
        for _ in loaded:
            pass
    _wait_for(lambda: not multiprocessing.active_children(), "the other worker to end", 10)


def test_a_worker_that_exits_is_a_worker_error() -> None:
    """A worker calling os._exit is a WorkerError, not concurrent.futures' BrokenProcessPool."""
    chunks = map_chunks(_exit_in_worker, iter_files(corpus_files()[:10]), jobs=2, chunksize=1)
    with pytest.raises(newsdoc.WorkerError, match=r"a worker process died \(exit status 3\)"):
        list(chunks)
    _wait_for(lambda: not multiprocessing.active_children(), "the workers to end", 10)


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
        os.kill(pid, signal.SIGCONT)
    _, err = process.communicate(timeout=_WAIT)
    assert (process.returncode, "Traceback" in err) == (1, False), err
    assert "a worker process died (killed by SIGKILL)" in err
    assert not list(tmp_path.iterdir())
    _wait_for(lambda: not any(map(_alive, workers)), "the workers to end", 10)
