"""Finding the posts to load: files, folders and glob patterns, streamed in a stable order.

`iter_files` walks lazily (`os.scandir`, one folder at a time), so listing millions of files
costs memory for one folder's names, not for the whole tree.  The order is deterministic: the
inputs in the order given; inside a folder, its files sorted by name, then its subfolders sorted
by name, depth first.  Names starting with ``.`` (``.git``, editor swap files) are left out of
folders and of glob matches, as a shell does.

An input is, in this order of checks:

- an existing folder: every file in it and below whose suffix is in `suffixes`;
- an existing file (or a path without glob characters): taken as it is, whatever its suffix;
  one that does not exist is still yielded, so that loading it reports the error;
- a glob pattern (``*``, ``?``, ``[…]``; ``**`` matches any number of folders): the matching
  files, whatever their suffix (the pattern already says which).
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterable, Iterator
from typing import TypeAlias

import attrs

from newsdoc.errors import NewsdocError, ReadError

__all__ = ["DEFAULT_SUFFIXES", "InputSpec", "SourceFile", "iter_files"]

DEFAULT_SUFFIXES: frozenset[str] = frozenset({".md", ".markdown", ".html", ".htm"})
"The suffixes of the files taken from a folder (compared in lower case)."

InputSpec: TypeAlias = "str | os.PathLike[str]"
"A file, a folder or a glob pattern."

_MAGIC = re.compile(r"[*?[]")


@attrs.frozen(kw_only=True)
class SourceFile:
    """One file found by `iter_files`."""

    path: str
    "The path to open: the input joined with the names found below it."
    relative: str
    """The path below the input it was found in (a folder, or the fixed start of a glob), with
    ``/`` separators; the file name alone for an input that is a file."""
    error: NewsdocError | None = None
    "Set when a folder could not be listed: `path` is that folder and nothing was found in it."


def iter_files(
    inputs: InputSpec | Iterable[InputSpec | SourceFile],
    *,
    suffixes: Iterable[str] = DEFAULT_SUFFIXES,
) -> Iterator[SourceFile]:
    """Yield every file named by `inputs`, lazily and in a stable order (see the module docstring).

    Args:
        inputs: A file, folder or glob pattern, or an iterable of them; a `SourceFile` in the
            iterable is passed through as it is.
        suffixes: The suffixes of the files to take from folders, e.g. ``{".md"}``.

    Returns:
        An iterator of `SourceFile`; a folder that cannot be listed yields one with ``error`` set,
        so that the caller's error policy decides.
    """
    wanted = frozenset(s.lower() for s in suffixes)
    specs: Iterable[InputSpec | SourceFile]
    specs = [inputs] if isinstance(inputs, str | os.PathLike) else inputs
    for spec in specs:
        if isinstance(spec, SourceFile):
            yield spec
            continue
        name = os.fspath(spec)
        if os.path.isdir(name):
            yield from _walk(name, "", wanted)
        elif os.path.lexists(name) or not _MAGIC.search(name):
            yield SourceFile(path=name, relative=os.path.basename(name) or name)
        else:
            yield from _glob(name)


def _listing(folder: str) -> tuple[list[str], list[str]]:
    """The names of the visible files and subfolders of `folder`, each list sorted."""
    files: list[str] = []
    folders: list[str] = []
    with os.scandir(folder or os.curdir) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            # is_dir() follows symlinks, as a shell glob and os.walk's listing do.
            (folders if entry.is_dir() else files).append(entry.name)
    files.sort()
    folders.sort()
    return files, folders


def _unlisted(folder: str, relative: str, exc: OSError) -> SourceFile:
    error = ReadError.of(folder or os.curdir, exc, what="list the folder")
    error.__cause__ = exc
    return SourceFile(path=folder or os.curdir, relative=relative, error=error)


def _walk(folder: str, relative: str, suffixes: frozenset[str] | None) -> Iterator[SourceFile]:
    """The files below `folder` (all, or those with a suffix in `suffixes`), own files first."""
    # An explicit stack, not recursion: folder depth is not bounded by the recursion limit.
    stack: list[tuple[str, str]] = [(folder, relative)]
    while stack:
        here, rel = stack.pop()
        try:
            files, folders = _listing(here)
        except OSError as exc:
            yield _unlisted(here, rel, exc)
            continue
        for name in files:
            if suffixes is None or os.path.splitext(name)[1].lower() in suffixes:
                yield SourceFile(path=os.path.join(here, name), relative=rel + name)
        stack.extend((os.path.join(here, n), f"{rel}{n}/") for n in reversed(folders))


def _glob(pattern: str) -> Iterator[SourceFile]:
    """The files matching `pattern`, found by walking from its fixed start."""
    head, parts = _split_pattern(pattern)
    matchers = [None if p == "**" else re.compile(fnmatch.translate(p)).match for p in parts]
    stack: list[tuple[str, str, int]] = [(head, "", 0)]
    seen: set[tuple[str, int]] = set()  # "**/**" can reach one folder at one step twice
    while stack:
        here, rel, step = stack.pop()
        if (here, step) in seen:
            continue
        seen.add((here, step))
        matcher = matchers[step]
        last = step == len(matchers) - 1
        if matcher is None and last:  # a final "**" takes every file below
            yield from _walk(here, rel, None)
            continue
        try:
            files, folders = _listing(here)
        except OSError as exc:
            yield _unlisted(here, rel, exc)
            continue
        if matcher is None:  # "**": zero folders (the next step here), or one more and "**" again
            stack.extend((os.path.join(here, n), f"{rel}{n}/", step) for n in reversed(folders))
            stack.append((here, rel, step + 1))
        elif last:
            for name in files:
                if matcher(name):
                    yield SourceFile(path=os.path.join(here, name), relative=rel + name)
        else:
            nxt = [(os.path.join(here, n), f"{rel}{n}/", step + 1) for n in folders if matcher(n)]
            stack.extend(reversed(nxt))


def _split_pattern(pattern: str) -> tuple[str, list[str]]:
    """The fixed start of a glob ("" for none) and its remaining components."""
    parts = re.split(r"[/\\]" if os.sep == "\\" else "/", pattern)
    fixed: list[str] = []
    while len(parts) > 1 and not _MAGIC.search(parts[0]):
        fixed.append(parts.pop(0))
    head = os.sep.join(fixed)
    if fixed and not head:  # the pattern starts at the root: "/*.md"
        head = os.sep
    return head, [p for p in parts if p]
