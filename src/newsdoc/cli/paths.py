"""What the command line names: its inputs, its output, and standard output.

An output is never one of the inputs: a file output that is an input file (the same file, by
device and inode, whatever the path says) and a folder output that holds an input are refused
before anything is read or written; an input file found later that is the output file stops the
run before the output is replaced.  An input that names no post, and a standard output that
cannot be written, each have their own exit code (`EXIT_CODES`).
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator, Sequence

from newsdoc.cli.convert import Target
from newsdoc.common.chars import readable_name
from newsdoc.errors import WriteError
from newsdoc.io.files import SourceFile

__all__ = [
    "EXIT_CODES",
    "EXIT_NO_INPUT",
    "EXIT_OUTPUT",
    "FEED_TARGETS",
    "UsageError",
    "discard_stdout",
    "flush_stdout",
    "not_the_output",
    "output_format",
    "refuse_overlap",
    "stdout_error",
    "write_stdout",
]

EXIT_NO_INPUT = 3
"No post found: every input is missing, an empty folder or a glob that matches no file."
EXIT_OUTPUT = 4
"The output cannot be written: a file, a folder or standard output (disk full, no permission)."

EXIT_CODES = f"""\
exit codes:
  0    success
  1    a post could not be loaded or written (convert, show), or problems were found (check)
  2    a usage error, or an output that is one of the inputs
  {EXIT_NO_INPUT}    no post found: the inputs are missing, empty folders or globs matching nothing
  {EXIT_OUTPUT}    the output cannot be written (disk full, no permission, a full stdout)
  130  interrupted (Ctrl-C); 143 and 129: stopped by SIGTERM and SIGHUP (128 + the signal)
A run that stops or converts nothing leaves no output file.
"""
"The exit codes, for the help epilogs (docs/pipelines.md says the same)."

_MAGIC = re.compile(r"[*?[]")
_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".pq": "parquet",
            ".rss": "rss", ".atom": "atom"}  # fmt: skip
_TARGETS: dict[str, Target] = {"jsonl": "jsonl", "json": "json", "markdown": "markdown",
                               "parquet": "parquet", "rss": "rss", "atom": "atom",
                               "jsonfeed": "jsonfeed"}  # fmt: skip
FEED_TARGETS = frozenset({"rss", "atom", "jsonfeed"})
"The feed formats ``convert --to`` writes (a file, or standard output)."


class UsageError(Exception):
    """A command line that cannot be carried out (exit code 2)."""


def _file_id(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


def refuse_overlap(inputs: Sequence[str], output: str, *, folder: bool) -> None:
    """Refuse an output file that is an input, or an output folder that holds an input.

    Raises:
        UsageError: Naming the input and the output.
    """
    if output == "-" or "-" in inputs:
        return
    target = _file_id(output)
    if target is None:
        return  # a new file or folder cannot be any input
    for spec in inputs:
        start = _fixed_start(spec)
        if not folder:
            if os.path.isfile(output) and _file_id(start) == target:
                raise UsageError(f"the output {output} is the input {spec}; refusing to replace it")
            continue
        path = os.path.realpath(start)
        while True:  # the input and each folder above it
            if _file_id(path) == target:
                raise UsageError(
                    f"the output folder {output} holds the input {spec}: "
                    "its files would mix with (or replace) the posts; choose another folder"
                )
            parent = os.path.dirname(path)
            if parent == path:
                break
            path = parent


def _fixed_start(spec: str) -> str:
    """The path an input names, or for a glob the folder it starts from."""
    if os.path.lexists(spec) or not _MAGIC.search(spec):
        return spec
    fixed = []
    for part in re.split(r"[/\\]", spec)[:-1]:
        if _MAGIC.search(part):
            break
        fixed.append(part)
    return os.sep.join(fixed) or (os.sep if spec.startswith(("/", "\\")) else os.curdir)


def not_the_output(files: Iterable[SourceFile], output: str) -> Iterator[SourceFile]:
    """`files`, stopping at one that is the existing output file (a glob can find it).

    Raises:
        UsageError: A file found is the output.
    """
    try:
        st = os.stat(output)
    except OSError:
        yield from files  # a new file: no input can be it
        return
    if not stat.S_ISREG(st.st_mode):
        yield from files
        return
    target = st.st_dev, st.st_ino
    for file in files:
        if file.error is None and _file_id(file.path) == target:
            raise UsageError(
                f"the output {output} is the input {readable_name(file.path)}; "
                "refusing to replace it"
            )
        yield file


def stdout_error(exc: OSError) -> WriteError:
    """The `WriteError` for standard output failing with `exc`."""
    error = WriteError.of("<stdout>", exc)
    error.__cause__ = exc
    return error


def write_stdout(text: str) -> None:
    """Write `text` to standard output.

    Raises:
        WriteError: Standard output cannot be written (``errno`` EPIPE: the reader left).
    """
    try:
        sys.stdout.write(text)
    except OSError as exc:
        raise stdout_error(exc) from exc


def flush_stdout() -> None:
    """Flush standard output, so that a failure is seen here and not at exit.

    Raises:
        WriteError: As in `write_stdout`.
    """
    try:
        sys.stdout.flush()
    except OSError as exc:
        raise stdout_error(exc) from exc


def discard_stdout() -> None:
    """Point standard output at the null device: what is still buffered cannot fail at exit."""
    try:
        fd = sys.stdout.fileno()
    except (OSError, ValueError):  # not a real file (a test's capture)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def output_format(output: str, to: str | None) -> Target:
    """What ``convert`` writes: ``--to``, or else what ``-o`` names.

    Raises:
        UsageError: The format cannot be told, or does not fit the output (a folder, a file).
    """
    if to is None:
        to = "jsonl" if output == "-" else _FORMATS.get(os.path.splitext(output)[1].lower())
        if to is None:
            raise UsageError(
                f"cannot tell the output format from {output!r}: "
                "name it *.jsonl or *.parquet, or give --to json / --to markdown for a folder"
            )
    if output == "-" and to not in ("jsonl", *FEED_TARGETS):
        raise UsageError(
            "only JSON Lines can go to stdout (-o -), or a feed (--to rss|atom|jsonfeed)"
        )
    if to in ("json", "markdown") and os.path.isfile(output):
        raise UsageError(f"--to {to} writes a folder, and {output} is a file")
    if to in ("jsonl", "parquet", *FEED_TARGETS) and os.path.isdir(output):
        raise UsageError(f"--to {to} writes a file, and {output} is a folder")
    return _TARGETS[to]
