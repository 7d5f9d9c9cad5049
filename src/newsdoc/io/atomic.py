"""Writing files so that nothing half-written ever stands under the final name."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator

from newsdoc.errors import WriteError

__all__ = ["atomic_path"]


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[str]:
    """A temporary name beside `path`, renamed to `path` when the block ends normally.

    The temporary file is removed if the block raises (Ctrl-C included), so an interrupted
    write leaves `path` as it was.  The data is not fsync'ed: this guards against
    interruption, not against power loss.

    Args:
        path: The final name.

    Yields:
        The temporary name (in the same folder, so the rename is atomic), for the block to write.

    Raises:
        WriteError: The rename failed (the `OSError` is chained).
    """
    final = os.fspath(path)
    folder, name = os.path.split(final)
    temp = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.part")
    done = False
    try:
        yield temp
        try:
            os.replace(temp, final)
        except OSError as exc:
            raise WriteError.of(os.fspath(final), exc) from exc
        done = True
    finally:
        if not done:
            with contextlib.suppress(OSError):
                os.unlink(temp)
