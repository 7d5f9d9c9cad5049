"""The command line's progress bar (tqdm on a terminal, nothing elsewhere) and run tally."""

from __future__ import annotations

import errno
import sys
import time
from typing import Any, TextIO

from newsdoc.cli.convert import Outcome
from newsdoc.errors import NewsdocError, ReadError

__all__ = ["Progress", "Tally", "is_missing"]


class Progress:
    """Counts files on stderr with tqdm, only when asked, on a TTY, and with tqdm installed.

    The bar appears after a second, so short runs print nothing; messages written with
    `write` go above the bar instead of through it.
    """

    def __init__(self, *, enabled: bool, stream: TextIO | None = None) -> None:
        self._stream = stream if stream is not None else sys.stderr
        self._bar: Any = None
        if enabled and self._stream.isatty():
            try:
                from tqdm import tqdm
            except ImportError:  # the progress extra is optional: no bar then
                return
            self._bar = tqdm(
                file=self._stream,
                unit=" files",
                delay=1.0,
                mininterval=0.25,
                dynamic_ncols=True,
                leave=False,
            )

    @property
    def shown(self) -> bool:
        """Whether a bar is shown (so that a total is worth counting)."""
        return self._bar is not None

    def set_total(self, total: int) -> None:
        """Give the bar its total, for a percentage and an ETA."""
        if self._bar is not None:
            self._bar.total = total
            self._bar.refresh()

    def update(self, count: int = 1) -> None:
        """Count `count` more files done."""
        if self._bar is not None:
            self._bar.update(count)

    def write(self, message: str, *, stream: TextIO | None = None) -> None:
        """Print a line to `stream` (default: the bar's stream) without breaking the bar."""
        out = stream if stream is not None else self._stream
        if self._bar is not None:
            self._bar.write(message, file=out)
        else:
            print(message, file=out)

    def close(self) -> None:
        """Remove the bar."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def is_missing(error: NewsdocError | None) -> bool:
    """Whether `error` says that an input names nothing (no such file, an empty folder)."""
    return isinstance(error, ReadError) and error.errno == errno.ENOENT


class Tally:
    """What a run did, for the summary line; applies the --on-error policy to each outcome."""

    def __init__(self, progress: Progress, *, raising: bool = False) -> None:
        self.files = self.articles = self.problems = self.errors = 0
        self.missing = 0
        "Files whose error says that an input names nothing (`is_missing`)."
        self.start = time.perf_counter()
        self._progress = progress
        self._raising = raising

    def ok(self, outcome: Outcome) -> bool:
        """Count `outcome`; report its error (or raise it with --on-error raise)."""
        if outcome.item is None or outcome.item == 1:  # a feed's items are one file
            self._progress.update()
            self.files += 1
        if outcome.error is None:
            self.articles += 1
            self.problems += len(outcome.problems)
            return True
        self.missing += is_missing(outcome.error)
        self.failed(outcome.error)
        return False

    def failed(self, error: NewsdocError) -> None:
        """Count an error that happened after loading (writing a file)."""
        if self._raising:
            raise error
        self.errors += 1
        self._progress.write(f"error: {error}")

    def summary(self, verb: str) -> str:
        """One line: the counts and the time; the rate only for a run without errors."""
        elapsed = time.perf_counter() - self.start
        counts = ", ".join(
            f"{n} {word}{'' if n == 1 else 's'}"
            for n, word in [(self.files, "file"), (self.articles, "article"),
                            (self.problems, "problem"), (self.errors, "error")]
        )  # fmt: skip
        if self.errors or elapsed <= 0:
            return f"{verb}: {counts} in {elapsed:.1f} s"
        return f"{verb}: {counts} in {elapsed:.1f} s ({self.files / elapsed:,.0f} docs/s)"
