"""A progress bar for the command line: tqdm on a terminal, nothing elsewhere."""

from __future__ import annotations

import sys
from typing import Any, TextIO

__all__ = ["Progress"]


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
