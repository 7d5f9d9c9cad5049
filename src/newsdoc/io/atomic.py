"""Writing files so that nothing half-written ever stands under the final name.

The temporary file beside the final one is named ``.NAME.HOST-PID-RANDOM.part``: the host
(8 hex digits of its name's CRC-32) and the process id of the writer.  A writer that could not
clean up (``kill -9``, a power cut) leaves it behind; the next write into the same folder, by
any process on the same host, removes those whose writer is no longer running.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import secrets
import socket
import zlib
from collections.abc import Iterator

from newsdoc.errors import WriteError

__all__ = ["atomic_path", "remove_stale"]

_TEMP = re.compile(r"\.(?P<name>.+)\.(?P<host>[0-9a-f]{8})-(?P<pid>[0-9]+)-[0-9a-f]{8}\.part")
"A temporary name made by `atomic_path`."

_NAME_MAX = 255
"The longest file name, in bytes, of the common file systems (ext4, APFS, NTFS in UTF-16 units)."


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[str]:
    """A temporary name beside `path`, renamed to `path` when the block ends normally.

    The temporary file is removed if the block raises (Ctrl-C included), so an interrupted
    write leaves `path` as it was.  The data is not fsync'ed: this guards against
    interruption, not against power loss.  Temporary files that killed writers left in the
    folder are removed first (`remove_stale`, once per folder and process).

    Args:
        path: The final name.

    Yields:
        The temporary name (in the same folder, so the rename is atomic), for the block to write.

    Raises:
        WriteError: The rename failed (the `OSError` is chained).
    """
    final = os.fspath(path)
    folder, name = os.path.split(final)
    _remove_stale_once(os.path.abspath(folder))
    temp = os.path.join(folder, _temp_name(name))
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


def _temp_name(name: str) -> str:
    tag = f".{_host()}-{os.getpid()}-{secrets.token_hex(4)}.part"
    # A name the file system takes (255 bytes) must not fail for its longer temporary name:
    # the final name is cut in it (`remove_stale` reads only the tag).
    room = _NAME_MAX - 1 - len(os.fsencode(tag))
    while len(os.fsencode(name)) > room:
        name = name[: -max(1, (len(os.fsencode(name)) - room) // 4)]
    return f".{name}{tag}"


def remove_stale(folder: str) -> list[str]:
    """Remove the temporary files of `atomic_path` in `folder` whose writer is gone.

    Only names of the form `atomic_path` makes, written on this host by a process that no
    longer runs, are removed (where a process's existence cannot be checked, nothing is).

    Returns:
        The names removed.
    """
    removed: list[str] = []
    try:
        names = os.listdir(folder or ".")
    except OSError:  # not there yet, or not listable: then the write says why
        return removed
    for name in names:
        match = _TEMP.fullmatch(name)
        if match and match["host"] == _host() and not _running(int(match["pid"])):
            with contextlib.suppress(OSError):  # removed by another process meanwhile
                os.unlink(os.path.join(folder, name))
                removed.append(name)
    return removed


@functools.lru_cache(maxsize=256)
def _remove_stale_once(folder: str) -> None:
    # Once per folder: a folder output writes thousands of files into the same folders.
    remove_stale(folder)


@functools.cache
def _host() -> str:
    return f"{zlib.crc32(socket.gethostname().encode('utf-8', 'replace')):08x}"


def _running(pid: int) -> bool:
    if os.name != "posix":  # os.kill(pid, 0) is no probe elsewhere: it would stop the process
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it runs, as another user
        return True
    return True
