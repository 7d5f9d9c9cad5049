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

Each file is yielded once per call, and each real folder is listed once: folders are known by
device and inode (``st_dev``, ``st_ino``), so a symlink loop (``up -> ..``) or a second path to
a folder already walked adds nothing, and a file is known by its real folder and its name
(symlinks resolved), so the same file named twice — ``a.md a.md``, or a folder and a file in
it — comes once, at its first place.  What is remembered grows with the folders and the inputs,
not with the files.  Hard links are distinct files.  A symlink that cannot be followed (a loop,
a dangling link) is yielded as a file: loading it reports why it cannot be read.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TypeAlias

import attrs

from newsdoc.errors import ArgumentTypeError, NewsdocError, ReadError

__all__ = ["DEFAULT_SUFFIXES", "InputSpec", "SourceFile", "iter_files"]

DEFAULT_SUFFIXES: frozenset[str] = frozenset({".md", ".markdown", ".html", ".htm", ".rss", ".atom"})
"""The suffixes of the files taken from a folder (compared in lower case): posts, and feeds
named as such (a feed named ``*.xml`` or ``*.json`` is taken when named, or matched by a glob:
a folder's other XML and JSON files are not posts)."""

InputSpec: TypeAlias = "str | os.PathLike[str]"
"A file, a folder or a glob pattern."

_MAGIC = re.compile(r"[*?[]")

_FolderId: TypeAlias = tuple[int, int]
_Rule: TypeAlias = Callable[[str], bool]


@attrs.frozen(kw_only=True)
class SourceFile:
    """One file found by `iter_files`."""

    path: str
    "The path to open: the input joined with the names found below it."
    relative: str
    """The path below the input it was found in (a folder, or the fixed start of a glob), with
    ``/`` separators; the file name alone for an input that is a file."""
    error: NewsdocError | None = None
    """Set when a folder could not be listed (`path` is that folder and nothing was found in
    it), or, with ``report_empty``, when an input names no file (`path` is the input)."""


def iter_files(
    inputs: InputSpec | Iterable[InputSpec | SourceFile],
    *,
    suffixes: Iterable[str] = DEFAULT_SUFFIXES,
    report_empty: bool = False,
) -> Iterator[SourceFile]:
    """Yield every file named by `inputs`, once, lazily, in a stable order (see the module).

    Args:
        inputs: A file, folder or glob pattern, or an iterable of them; a `SourceFile` in the
            iterable is passed through as it is.
        suffixes: The suffixes of the files to take from folders, e.g. ``{".md"}``.
        report_empty: Also yield, for a folder or glob pattern that names no file at all, a
            `SourceFile` whose ``error`` (a `ReadError`, ``errno`` ENOENT) says so.  An input
            whose files were all named before is not empty.

    Returns:
        An iterator of `SourceFile`; a folder that cannot be listed yields one with ``error`` set,
        so that the caller's error policy decides.

    Raises:
        ArgumentTypeError: An input is not a path, a glob pattern or a `SourceFile` (raised
            when it is reached).
    """
    wanted = frozenset(s.lower() for s in suffixes)
    seen = _Seen()
    specs: Iterable[InputSpec | SourceFile]
    specs = [inputs] if isinstance(inputs, str | os.PathLike) else inputs
    for spec in specs:
        if isinstance(spec, SourceFile):
            yield spec
            continue
        if not isinstance(spec, str | os.PathLike):
            wanted = "a path or glob pattern (str or os.PathLike)"
            raise ArgumentTypeError.of("iter_load", "each input", wanted, spec)
        name = os.fspath(spec)
        before = seen.found
        if os.path.isdir(name):
            yield from _walk(name, "", wanted, seen)
            what = "no post in the folder"
        elif os.path.lexists(name) or not _MAGIC.search(name):
            seen.found += 1
            if seen.claim_path(name):
                yield SourceFile(path=name, relative=os.path.basename(name) or name)
            continue
        else:
            yield from _glob(name, seen)
            what = "no file matches"
        if report_empty and seen.found == before:
            yield SourceFile(path=name, relative="", error=_empty(name, what))


def _empty(name: str, what: str) -> ReadError:
    return ReadError(f"{name}: {what}", filename=name, errno=errno.ENOENT)


class _Seen:
    """What one `iter_files` call has listed and yielded, so that nothing comes twice.

    Kept per real folder: the folders walked whole (with the suffixes taken), and the rules
    (suffixes, a glob component, single names) that picked files in each folder.
    """

    def __init__(self) -> None:
        self.found = 0
        "Files found, duplicates included (to tell an empty input from one already named)."
        self._walked: set[tuple[_FolderId, frozenset[str] | None]] = set()
        self._rules: dict[_FolderId, list[_Rule]] = {}
        self._names: dict[_FolderId, set[str]] = {}

    def first_walk(self, fid: _FolderId, suffixes: frozenset[str] | None) -> bool:
        """Whether the folder `fid` is walked for `suffixes` for the first time (and record it)."""
        if (fid, suffixes) in self._walked:
            self.found += 1  # named before: not an empty input
            return False
        self._walked.add((fid, suffixes))
        return True

    def taken(self, fid: _FolderId, name: str) -> bool:
        """Whether the file `name` of the folder `fid` was picked by an earlier rule."""
        return name in self._names.get(fid, ()) or any(r(name) for r in self._rules.get(fid, ()))

    def add_rule(self, fid: _FolderId, rule: _Rule) -> None:
        """Record that every file of `fid` matching `rule` is now yielded."""
        self._rules.setdefault(fid, []).append(rule)

    def claim_path(self, path: str) -> bool:
        """Record the file `path` (symlinks resolved); False if it was yielded before."""
        if "\0" in path:  # no file has this name (os refuses it): loading it reports why
            return True
        real = os.path.realpath(path)
        fid = _folder_id(os.path.dirname(real))
        if fid is None:  # cannot tell (a dangling link, a loop): loading it reports why
            return True
        name = os.path.basename(real)
        if self.taken(fid, name):
            return False
        self._names.setdefault(fid, set()).add(name)
        return True

    def pick(self, fid: _FolderId | None, here: str, files: list[tuple[str, bool]]) -> list[str]:
        """The names of `files` (name, is a symlink), all taken from `here`, not yielded before.

        A symlink to a file of this same listing is left out: that file comes anyway.
        """
        self.found += len(files)
        if fid is None:  # the folder cannot be stat'ed: nothing to compare with
            return [name for name, _ in files]
        regular = {name for name, link in files if not link}
        picked = []
        for name, link in files:
            if not link:
                if not self.taken(fid, name):
                    picked.append(name)
                continue
            real = os.path.realpath(os.path.join(here, name))
            if _folder_id(os.path.dirname(real)) == fid and os.path.basename(real) in regular:
                continue
            if self.claim_path(real):
                picked.append(name)
        return picked


def _folder_id(folder: str) -> _FolderId | None:
    try:
        st = os.stat(folder or os.curdir)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


def _listing(folder: str) -> tuple[list[tuple[str, bool]], list[str]]:
    """The visible files (name, is a symlink) and subfolders of `folder`, each list sorted."""
    files: list[tuple[str, bool]] = []
    folders: list[str] = []
    with os.scandir(folder or os.curdir) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            # is_dir() follows symlinks, as a shell glob and os.walk's listing do; a link that
            # cannot be followed (a loop) is a file, for loading to report.
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                folders.append(entry.name)
            else:
                files.append((entry.name, entry.is_symlink()))
    files.sort()
    folders.sort()
    return files, folders


def _unlisted(folder: str, relative: str, exc: OSError) -> SourceFile:
    error = ReadError.of(folder or os.curdir, exc, what="list the folder")
    error.__cause__ = exc
    return SourceFile(path=folder or os.curdir, relative=relative, error=error)


def _suffix_rule(suffixes: frozenset[str] | None) -> _Rule:
    if suffixes is None:
        return lambda name: True
    return lambda name: os.path.splitext(name)[1].lower() in suffixes


def _walk(
    folder: str, relative: str, suffixes: frozenset[str] | None, seen: _Seen
) -> Iterator[SourceFile]:
    """The files below `folder` (all, or those with a suffix in `suffixes`), own files first."""
    rule = _suffix_rule(suffixes)
    # An explicit stack, not recursion: folder depth is not bounded by the recursion limit.
    stack: list[tuple[str, str]] = [(folder, relative)]
    while stack:
        here, rel = stack.pop()
        fid = _folder_id(here)
        if fid is not None and not seen.first_walk(fid, suffixes):
            continue  # a real folder walked already: a symlink loop, or named twice
        try:
            files, folders = _listing(here)
        except OSError as exc:
            seen.found += 1  # reported: not an empty input too
            yield _unlisted(here, rel, exc)
            continue
        for name in seen.pick(fid, here, [(n, link) for n, link in files if rule(n)]):
            yield SourceFile(path=os.path.join(here, name), relative=rel + name)
        if fid is not None:
            seen.add_rule(fid, rule)
        stack.extend((os.path.join(here, n), f"{rel}{n}/") for n in reversed(folders))


def _glob(pattern: str, seen: _Seen) -> Iterator[SourceFile]:
    """The files matching `pattern`, found by walking from its fixed start."""
    head, parts = _split_pattern(pattern)
    matchers = [None if p == "**" else re.compile(fnmatch.translate(p)).match for p in parts]
    stack: list[tuple[str, str, int]] = [(head, "", 0)]
    # By folder id, not path: "**/**" reaches one folder at one step twice, a symlink loop
    # reaches it under ever longer paths.
    steps: set[tuple[_FolderId | str, int]] = set()
    while stack:
        here, rel, step = stack.pop()
        key = (_folder_id(here) or here, step)
        if key in steps:
            continue
        steps.add(key)
        matcher = matchers[step]
        last = step == len(matchers) - 1
        if matcher is None and last:  # a final "**" takes every file below
            yield from _walk(here, rel, None, seen)
            continue
        try:
            files, folders = _listing(here)
        except OSError as exc:
            seen.found += 1  # reported: not an empty input too
            yield _unlisted(here, rel, exc)
            continue
        if matcher is None:  # "**": zero folders (the next step here), or one more and "**" again
            stack.extend((os.path.join(here, n), f"{rel}{n}/", step) for n in reversed(folders))
            stack.append((here, rel, step + 1))
        elif last:
            fid = key[0] if isinstance(key[0], tuple) else None
            for name in seen.pick(fid, here, [(n, link) for n, link in files if matcher(n)]):
                yield SourceFile(path=os.path.join(here, name), relative=rel + name)
            if fid is not None:
                seen.add_rule(fid, _matches(matcher))
        else:
            nxt = [(os.path.join(here, n), f"{rel}{n}/", step + 1) for n in folders if matcher(n)]
            stack.extend(reversed(nxt))


def _matches(matcher: Callable[[str], object]) -> _Rule:
    return lambda name: matcher(name) is not None


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
