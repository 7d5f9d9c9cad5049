"""The worker processes of `newsdoc.batch.loading`: how they start, talk, and end.

How workers start (`start_method`):

- ``fork`` on Linux when this process runs a single thread: they start at once, newsdoc
  already imported;
- ``exec`` elsewhere on POSIX (a process running threads — a progress bar, Dask, Arrow's pool,
  Jupyter —, where forking can deadlock; macOS): each is a fresh interpreter that imports
  newsdoc alone, never the script that started it, so scripts need no
  ``if __name__ == "__main__":`` guard;
- ``spawn`` on Windows (multiprocessing's), which re-imports the script: there the guard is
  needed.

Each worker has its own two pipes, and one chunk at a time; this process waits on them in the
calling thread, with no thread of its own, so nothing can be left waiting at exit.  A worker
that dies is seen at once, as the end of its pipe: a `WorkerError`, saying how it ended.
Workers end when this process does, however it ends (``kill -9`` included): each watches a
pipe whose only write end this process holds.  They ignore Ctrl-C and SIGHUP, which reach the
whole process group: this process decides, and stops them.
"""

from __future__ import annotations

import contextlib
import gc
import json
import multiprocessing
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from multiprocessing import spawn
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from multiprocessing.reduction import ForkingPickler
from typing import Any, Literal, TypeVar

from newsdoc.errors import OptionError, WorkerError

__all__ = ["Pool", "start_method"]

_A = TypeVar("_A")
_R = TypeVar("_R")

_THREAD_EXIT_WAIT = 0.05
"Seconds to wait for a thread that has been joined but is still listed by the OS."

_EXIT_WAIT = 5.0
"Seconds to wait for a worker to end once told to (its pipe closed, or killed)."

_ORPHANED = 70
"The exit status of a worker whose parent died (EX_SOFTWARE)."

# The first lines run before anything else is imported: a Ctrl-C from then on is the parent's.
_BOOT = """\
import signal, sys
signal.signal(signal.SIGINT, signal.SIG_IGN)
signal.signal(signal.SIGHUP, signal.SIG_IGN)
import json
sys.path[:] = json.loads(sys.argv[1])
from newsdoc.batch.pool import _serve_fds
_serve_fds(*map(int, sys.argv[2:]))
"""


def start_method() -> Literal["fork", "exec", "spawn"]:
    """How the workers of a pool started now would start (see the module docstring)."""
    if sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods():
        if _single_threaded():
            return "fork"
    return "exec" if os.name == "posix" else "spawn"


class Pool:
    """`jobs` worker processes, started as work comes; results are `Future` objects."""

    def __init__(self, jobs: int) -> None:
        self._jobs = jobs
        self._method = start_method()
        self._workers: list[_Worker] = []
        self._queue: deque[tuple[Future[Any], bytes]] = deque()
        self._broken: str | None = None
        context = multiprocessing.get_context("spawn" if self._method == "spawn" else "fork")
        self._lifeline, self._alive = context.Pipe(duplex=False)

    def submit(self, work: Callable[[_A], _R], arg: _A) -> Future[_R]:
        """Queue ``work(arg)`` for the next free worker.

        Raises:
            OptionError: `work` or `arg` cannot be sent to a process (pickled).
            WorkerError: A worker has died.
        """
        if self._broken is not None:
            raise WorkerError(self._broken)
        try:
            task = bytes(ForkingPickler.dumps((work, arg)))
        except (pickle.PicklingError, AttributeError, TypeError) as exc:
            raise OptionError(f"jobs > 1 needs options that can be pickled: {exc}") from exc
        future: Future[_R] = Future()
        self._queue.append((future, task))
        self._dispatch()
        return future

    def result(self, future: Future[_R]) -> _R:
        """The result of `future`, waited for.

        Raises:
            WorkerError: A worker died first.
        """
        while not future.done():
            self._collect()
        return future.result()

    def close(self) -> None:
        """End the workers once all results are collected: each is told there is no more."""
        for worker in self._workers:
            worker.tasks.close()
        for worker in self._workers:
            worker.end(kill=False)
        self._release()

    def stop(self) -> None:
        """End the workers now, their results no longer wanted (Ctrl-C, an error, an early
        close).  Ctrl-C, SIGTERM and SIGHUP wait until they are gone."""
        with _signals_held():
            self._broken = self._broken or "the pool was stopped"
            for worker in self._workers:
                worker.end(kill=True)
            self._release()

    def _release(self) -> None:
        for worker in self._workers:
            worker.tasks.close()
            worker.results.close()
        self._lifeline.close()
        self._alive.close()

    def _dispatch(self) -> None:
        while self._queue and self._broken is None:
            worker = next((w for w in self._workers if w.future is None), None)
            if worker is None:
                if len(self._workers) == self._jobs:
                    return
                worker = self._start()
            worker.future, task = self._queue.popleft()
            try:
                worker.tasks.send_bytes(task)
            except OSError:  # it died before taking it
                self._break(worker)

    def _start(self) -> _Worker:
        parent_ends = [self._alive, *(c for w in self._workers for c in (w.tasks, w.results))]
        # A Ctrl-C raised in the code that runs around a fork is lost ("Exception ignored in
        # _releaseLock"), and the run would go on: it waits until the worker is started.
        with _signals_held():
            worker = _Worker(self._method, self._lifeline, parent_ends)
        self._workers.append(worker)
        return worker

    def _collect(self) -> None:
        """Wait for a result, and take every one that is there (any worker's end too)."""
        owners = {id(w.results): w for w in self._workers}
        for ready in wait([w.results for w in self._workers]):
            worker = owners[id(ready)]
            try:
                ok, value = worker.results.recv()
            except (EOFError, OSError):  # its end of the pipe closed: it died
                self._break(worker)
                return
            future, worker.future = worker.future, None
            if future is not None:
                future.set_result(value) if ok else future.set_exception(value)
        self._dispatch()

    def _break(self, dead: _Worker) -> None:
        how = _ending(dead.exitcode(_EXIT_WAIT))  # its pipe closed as it died: a moment more
        self._broken = (
            f"a worker process died ({how}); the run cannot go on (loading the same files "
            "with jobs=1 finds the one that caused it)"
        )
        for worker in self._workers:
            worker.end(kill=True)
        waiting = [w.future for w in self._workers if w.future is not None]
        waiting.extend(future for future, _ in self._queue)
        self._queue.clear()
        for future in waiting:
            future.set_exception(WorkerError(self._broken))
        for worker in self._workers:
            worker.future = None


class _Worker:
    """One worker process and this process's ends of its two pipes."""

    def __init__(self, method: str, lifeline: Connection, parent_ends: list[Connection]) -> None:
        self.future: Future[Any] | None = None
        "The result of the chunk it works on, if any."
        self._process: BaseProcess | None = None
        self._popen: subprocess.Popen[bytes] | None = None
        if method == "exec":
            task_r, task_w = os.pipe()
            result_r, result_w = os.pipe()
            fds = (task_r, result_w, lifeline.fileno())
            command = [spawn.get_executable(), "-c", _BOOT, json.dumps(sys.path), *map(str, fds)]
            try:
                self._popen = subprocess.Popen(command, stdin=subprocess.DEVNULL, pass_fds=fds)
            finally:
                os.close(task_r)
                os.close(result_w)
            self.tasks = Connection(task_w, readable=False)
            self.results = Connection(result_r, writable=False)
            return
        context = multiprocessing.get_context(method)
        task_reader, self.tasks = context.Pipe(duplex=False)
        self.results, result_writer = context.Pipe(duplex=False)
        # A forked worker holds copies of this process's ends, which it closes; not sent else.
        inherited = (*parent_ends, self.tasks, self.results) if method == "fork" else ()
        self._process = context.Process(  # type: ignore[attr-defined]
            target=_serve,
            args=(task_reader, result_writer, lifeline, inherited),
            name="newsdoc-worker",
            daemon=True,
        )
        try:
            self._process.start()
        finally:
            task_reader.close()
            result_writer.close()

    def end(self, *, kill: bool) -> None:
        """Wait for the process to end (killed first, if `kill`, or if it takes too long)."""
        if kill:
            self._kill()
        if self.exitcode(_EXIT_WAIT) is None:
            self._kill()
            self.exitcode(None)

    def exitcode(self, timeout: float | None = 1.0) -> int | None:
        """Its exit status once it ended (negative: the signal that ended it), reaped."""
        if self._popen is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                return self._popen.wait(timeout)
            return None
        assert self._process is not None
        with contextlib.suppress(ValueError):  # closed already
            self._process.join(timeout)
            return self._process.exitcode
        return None

    def _kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, ValueError):  # gone, or closed already
            if self._popen is not None:
                self._popen.kill()
            elif self._process is not None:
                self._process.kill()


def _ending(exitcode: int | None) -> str:
    if exitcode is None:
        return "it no longer answers"
    if exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit status {exitcode}"


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C, SIGTERM and SIGHUP wait until the block ends (their handlers run then)."""
    if threading.current_thread() is not threading.main_thread():  # handlers run there only
        yield
        return
    received: list[int] = []
    previous = {}
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        # Left alone: one not there (Windows), ignored, or handled by code outside Python.
        if number is not None and signal.getsignal(number) not in (signal.SIG_IGN, None):
            previous[number] = signal.signal(number, lambda n, _: received.append(n))
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        for number in received:
            signal.raise_signal(number)


def _single_threaded() -> bool:
    deadline = time.monotonic() + _THREAD_EXIT_WAIT
    while True:
        try:
            if len(os.listdir("/proc/self/task")) == 1:  # OS threads, C libraries' included
                return True
        except OSError:
            return False
        # The threads of a pool just shut down are joined, yet listed for a moment longer:
        # without this wait, loading twice in a row would start the second pool the slow way.
        if threading.active_count() > 1 or time.monotonic() > deadline:
            return False
        time.sleep(0.001)


# ---------------------------------------------------------------- in the worker


def _serve_fds(tasks: int, results: int, lifeline: int) -> None:
    """The worker's loop, in a fresh interpreter (``exec``), on the pipes it was given."""
    _serve(
        Connection(tasks, writable=False),
        Connection(results, readable=False),
        Connection(lifeline, writable=False),
    )


def _serve(
    tasks: Connection,
    results: Connection,
    lifeline: Connection,
    inherited: tuple[Connection, ...] = (),
) -> None:
    """Do the chunks `tasks` brings, one by one, until it ends; reply on `results`."""
    for end in inherited:
        end.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    # A forked worker inherits the parent's handlers (the command's SIGTERM raises): not its own.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    threading.Thread(target=_watch, args=(lifeline,), name="newsdoc-lifeline", daemon=True).start()
    # What a forked worker inherits is never its garbage: the collector leaves it alone, and
    # stops copying every page of it by writing to each object's header (copy-on-write).
    gc.freeze()
    while True:
        try:
            task = tasks.recv_bytes()
        except EOFError:  # no more work
            return
        try:
            work, arg = ForkingPickler.loads(task)
            reply: tuple[bool, Any] = (True, work(arg))
        except Exception as exc:  # the parent raises it, as the work would have
            reply = (False, exc)
        try:
            results.send(reply)
        except (pickle.PicklingError, AttributeError, TypeError) as exc:  # before any is sent
            results.send((False, RuntimeError(f"a result that cannot be pickled: {exc}")))


def _watch(lifeline: Connection) -> None:
    # The parent never writes: the read returns when its last write end closes, as it dies.
    with contextlib.suppress(EOFError, OSError):
        lifeline.recv_bytes()
    os._exit(_ORPHANED)
