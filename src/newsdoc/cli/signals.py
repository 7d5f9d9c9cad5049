"""How the command ends on a signal: SIGTERM and SIGHUP stop a run as Ctrl-C does.

Each raises `Stopped` (a `KeyboardInterrupt`) where the run is, so the same clean-up runs:
the workers are stopped, no output file is left.  The command then exits with 128 + the
signal's number, as a shell reports a process the signal ended (130 Ctrl-C, 143 SIGTERM, 129
SIGHUP).  A signal this process was started to ignore (``nohup``) stays ignored.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

__all__ = ["Stopped", "exit_code", "said", "stopping"]


class Stopped(KeyboardInterrupt):
    """The run was told to stop by `signum` (SIGTERM, SIGHUP)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
        "The signal's number."


@contextlib.contextmanager
def stopping() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP raise `Stopped` (where handlers can be set)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        raise Stopped(signum)

    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) is not signal.SIG_IGN:
            previous[number] = signal.signal(number, stop)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, signal.SIG_DFL if handler is None else handler)


def exit_code(interrupt: KeyboardInterrupt) -> int:
    """128 + the number of the signal that stopped the run."""
    return 128 + (interrupt.signum if isinstance(interrupt, Stopped) else signal.SIGINT)


def said(interrupt: KeyboardInterrupt) -> str:
    """What the command prints when `interrupt` stopped it."""
    if isinstance(interrupt, Stopped):
        return f"newsdoc: stopped by {signal.Signals(interrupt.signum).name}"
    return "newsdoc: interrupted"
