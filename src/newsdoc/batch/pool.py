"""The worker processes of `newsdoc.batch.loading`: how they start, and how they are stopped.

Workers start with ``fork`` on Linux when this process runs a single thread (they start at
once, newsdoc already imported), else ``forkserver`` where the platform has it, else ``spawn``.
The fork server is asked to import newsdoc's parsers once (`_preload`): the workers it forks
start with them, instead of each worker of each pool importing them again (~0.2 s of CPU each).
Workers ignore Ctrl-C: the parent alone decides, and stops them.  A worker that dies (killed,
out of memory) is a `WorkerError`, never `concurrent.futures`' own ``BrokenProcessPool``.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pkgutil
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from typing import TypeVar

from newsdoc.errors import WorkerError

__all__ = ["Pool", "start", "stop"]

_A = TypeVar("_A")
_R = TypeVar("_R")

_THREAD_EXIT_WAIT = 0.05
"Seconds to wait for a thread that has been joined but is still listed by the OS."

_EXIT_WAIT = 1.0
"Seconds to wait for the exit status of the workers of a broken pool, to say how they ended."


class Pool:
    """A process pool whose broken state (a worker died) is a `WorkerError`."""

    def __init__(self, jobs: int) -> None:
        self.executor = start(jobs)
        "The `ProcessPoolExecutor` at work."
        self._processes: dict[int, BaseProcess] = {}

    def submit(self, work: Callable[[_A], _R], arg: _A) -> Future[_R]:
        """Start ``work(arg)`` in a worker.

        Raises:
            WorkerError: A worker has died since the last call.
        """
        try:
            future = self.executor.submit(work, arg)
        except BrokenProcessPool as exc:
            raise self._died() from exc
        # Kept, to say how a worker ended: the executor forgets its processes when it breaks.
        self._processes.update(self.executor._processes or {})  # no public way before 3.14
        return future

    def result(self, future: Future[_R]) -> _R:
        """The result of `future`, once it is done.

        Raises:
            WorkerError: A worker died before it was done.
        """
        try:
            return future.result()
        except BrokenProcessPool as exc:
            raise self._died() from exc

    def close(self) -> None:
        """Stop the workers once their work is done (all of it has been collected)."""
        self.executor.shutdown(wait=True)

    def stop(self) -> None:
        """Stop the workers now (see `stop`)."""
        stop(self.executor)

    def _died(self) -> WorkerError:
        # The executor reaps its workers in its own thread: a moment, and their ends are known.
        deadline = time.monotonic() + _EXIT_WAIT
        processes = self._processes.values()
        while any(p.exitcode is None for p in processes) and time.monotonic() < deadline:
            time.sleep(0.01)
        endings = {_ending(p.exitcode) for p in processes if p.exitcode}
        # The executor itself terminates the workers left when one dies: not the cause.
        endings = endings - {"killed by SIGTERM"} or endings
        how = f" ({', '.join(sorted(endings))})" if endings else ""
        return WorkerError(
            f"a worker process died{how}; the run cannot go on (loading the same files with "
            "jobs=1 finds the one that caused it)"
        )


def _ending(exitcode: int) -> str:
    if exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit status {exitcode}"


def start(jobs: int) -> ProcessPoolExecutor:
    """A pool of `jobs` worker processes (started at its first task)."""
    return ProcessPoolExecutor(jobs, mp_context=_context(), initializer=_init_worker)


def stop(pool: ProcessPoolExecutor) -> None:
    """Stop a pool whose results are no longer wanted (Ctrl-C, an error, an early close).

    Waiting for the running chunks could take long, or forever on a file that blocks (a FIFO);
    their results are useless, so the workers are terminated, as Python 3.14's
    ``ProcessPoolExecutor.terminate_workers`` does.
    """
    processes = list((pool._processes or {}).values())  # no public way before Python 3.14
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(ValueError, ProcessLookupError):  # closed or already gone
            if process.is_alive():
                process.terminate()
    for process in processes:
        with contextlib.suppress(ValueError):
            process.join()


def _context() -> BaseContext:
    # fork starts workers at once with newsdoc already imported, but forking a process that
    # runs threads (a progress bar, Dask, Arrow's pool) can deadlock: then forkserver.
    methods = multiprocessing.get_all_start_methods()
    if sys.platform == "linux" and "fork" in methods and _single_threaded():
        return multiprocessing.get_context("fork")
    if "forkserver" not in methods:
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    _preload(context)
    return context


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


def _preload(context: BaseContext) -> None:
    """Add newsdoc's loading modules to what the fork server imports when it starts.

    The modules the caller asked for are kept; once the server runs, this changes nothing.
    """
    from multiprocessing import forkserver

    import newsdoc.parsers

    server = getattr(forkserver, "_forkserver", None)  # no public way to read the list
    current: list[str] = list(getattr(server, "_preload_modules", None) or ["__main__"])
    parsers = pkgutil.walk_packages(newsdoc.parsers.__path__, "newsdoc.parsers.")
    wanted = [
        "newsdoc.batch.loading",
        "newsdoc.batch.transfer",
        *(module.name for module in parsers),
    ]
    missing = [name for name in wanted if name not in current]
    if missing:
        context.set_forkserver_preload([*current, *missing])


def _init_worker() -> None:
    # Ctrl-C reaches the whole process group; the parent alone decides, and shuts the pool down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # What a forked worker inherits is never its garbage: the collector leaves it alone, and
    # stops copying every page of it by writing to each object's header (copy-on-write).
    gc.freeze()
